"""Generates the dependency benchmark: a project of 500 declared dependencies (100 each in a
pom.xml, package-lock.json, requirements.txt, go.mod and Cargo.lock; 20 of each vulnerable) and
an OSV database of N synthetic records (default 50,000, spread over the five ecosystems, about
the size of osv.dev's Maven, PyPI, Go and crates.io exports together) plus the fixture records.

    python3 tools/gen_deps_bench.py OUT [N]
    apiaudit scan OUT/project --advisories OUT/osv --select DEP001 -f json
"""
import json
import os
import shutil
import sys

out = sys.argv[1]
records = int(sys.argv[2]) if len(sys.argv) > 2 else 50000
here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
project = os.path.join(out, 'project')
osv = os.path.join(out, 'osv')
os.makedirs(project, exist_ok=True)
os.makedirs(osv, exist_ok=True)

deps = []
pom = ['<project><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>big</artifactId><version>1</version>', '<dependencies>']
for i in range(100):
    g, a, v = ('org.apache.logging.log4j', 'log4j-core', '2.14.1') if i % 5 == 0 else ('com.example', f'lib{i}', f'1.{i}.0')
    pom.append(f'<dependency><groupId>{g}</groupId><artifactId>{a}</artifactId><version>{v}</version></dependency>')
pom += ['</dependencies></project>', '']
lock = {'lockfileVersion': 3, 'packages': {'': {'name': 'big'}}}
for i in range(100):
    key, v = (f'node_modules/a{i}/node_modules/lodash', '4.17.15') if i % 5 == 0 else (f'node_modules/pkg{i}', f'1.0.{i}')
    lock['packages'][key] = {'version': v}
req = [('requests==2.19.1' if i % 5 == 0 else f'package-{i}==0.{i}') for i in range(100)] + ['']
gomod = ['module big', '', 'go 1.17', '', 'require (']
gomod += [f'\t{"golang.org/x/text" if i == 0 else f"example.com/mod{i}"} v{"0.3.2" if i == 0 else f"1.{i}.0"}' for i in range(100)] + [')', '']
cargo = ['version = 3']
for i in range(100):
    n, v = ('smallvec', '1.6.0') if i % 5 == 0 else (f'crate{i}', '0.1.0')
    cargo += ['', '[[package]]', f'name = "{n}"', f'version = "{v}"', 'source = "registry+https://github.com/rust-lang/crates.io-index"']
cargo.append('')
files = {'pom.xml': '\n'.join(pom), 'package-lock.json': json.dumps(lock, indent=2), 'requirements.txt': '\n'.join(req),
         'go.mod': '\n'.join(gomod), 'Cargo.lock': '\n'.join(cargo)}
for name, text in files.items():
    with open(os.path.join(project, name), 'w') as f:
        f.write(text)

# Synthetic records: realistic shape and size (~1.5 KB each), none about the project's packages.
ecosystems = [('Maven', 'org.example{0}:artifact{0}'), ('npm', 'package-{0}'), ('PyPI', 'py-package-{0}'),
              ('Go', 'example.org/module{0}'), ('crates.io', 'crate-{0}')]
for i in range(records):
    eco, pattern = ecosystems[i % len(ecosystems)]
    record = {
        'schema_version': '1.6.0', 'id': f'BENCH-{i:06d}', 'modified': '2026-11-01T00:00:00Z',
        'published': '2025-01-01T00:00:00Z', 'aliases': [f'CVE-2099-{i:05d}'],
        'summary': 'Synthetic advisory for the apiaudit benchmark',
        'details': 'A long description of a vulnerability. ' * 20,
        'severity': [{'type': 'CVSS_V3', 'score': 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N'}],
        'affected': [{'package': {'ecosystem': eco, 'name': pattern.format(i)},
                      'ranges': [{'type': 'ECOSYSTEM', 'events': [{'introduced': '0'}, {'fixed': '1.2.3'}]}],
                      'versions': ['1.0.0', '1.1.0', '1.2.0']}],
        'references': [{'type': 'ADVISORY', 'url': f'https://example.org/advisories/{i}'}],
    }
    with open(os.path.join(osv, f'BENCH-{i:06d}.json'), 'w') as f:
        json.dump(record, f)
shutil.copytree(os.path.join(here, 'testdata/advisories/fixtures'), os.path.join(osv, 'fixtures'), dirs_exist_ok=True)
print(f'{project}: 500 dependencies; {osv}: {records} synthetic records + fixtures')
