#!/usr/bin/env python3
"""Scores apiaudit's code-route extraction against the route-inventory benchmark.

    scripts/unpack-routes-bench.sh                 # once: unpacks the services out of git
    scripts/score-routes.py [--bin target/release/apiaudit] [--bench DIR] [--corpus DIR] [-v]

For each service of truth.json, runs `apiaudit inventory <corpus>/emb/<service> -f json` and
compares the entries with `"origin": "code"` with the operations the truth labels `served`,
following the benchmark README's rules:

- (method, path) pairs are compared after turning every path parameter (`{id}`,
  `{id:[0-9]+}`, `:id`, `<id>`) into `{}` and dropping trailing slashes;
- a truth operation with method ANY (a handler without a method restriction) is hit by an
  entry with ANY or `*` or by concrete methods on that path (all of them one hit); ANY
  reported for a path whose handlers are all restricted is a false positive;
- where the truth says `context_path_required: false`, paths without the context path count;
- operations labelled `framework` are ignored: reporting them neither earns nor costs;
- `located` is the share of hits for which a reported entry names the truth's source file
  (or one of `also_declared`).

Prints precision, recall, F1 and located per service and in total (sums over services);
`-v` lists every miss and false positive. Exit status 0 when the total meets the gate
(F1 >= 0.95 and precision >= 0.95), 1 otherwise.
"""

import argparse
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def norm_path(path):
    path = re.sub(r"\{[^{}]*(\{[^{}]*\}[^{}]*)*\}", "{}", path)  # {id}, {id:[0-9]{3}}
    path = re.sub(r"(?<=/):[A-Za-z_][A-Za-z0-9_]*", "{}", path)  # :id
    path = re.sub(r"<[^<>]*>", "{}", path)  # <id>, <int:id>
    path = re.sub(r"/+", "/", path)
    if len(path) > 1:
        path = path.rstrip("/")
    if not path.startswith("/"):
        path = "/" + path
    return path


def norm_method(method):
    method = method.upper()
    return "ANY" if method in ("ANY", "*") else method


def run_inventory(binary, service_dir):
    out = subprocess.run(
        [binary, "inventory", service_dir, "-f", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        sys.exit(f"apiaudit inventory {service_dir} failed ({out.returncode}): {out.stderr.strip()}")
    document = json.loads(out.stdout)
    return [e for e in document.get("inventory", []) if e.get("origin") == "code"]


def rel_file(entry_file, service_dir):
    prefix = service_dir.rstrip("/") + "/"
    return entry_file[len(prefix):] if entry_file.startswith(prefix) else entry_file


def score(service, entries, service_dir):
    context = service.get("context_path", "") or ""
    optional_context = service.get("context_path_required", True) is False and context
    served = {}
    framework_paths = set()
    framework_pairs = set()
    for op in service["operations"]:
        method, path = norm_method(op["method"]), norm_path(op["path"])
        if op["status"] == "served":
            files = {op["source"].rsplit(":", 1)[0]}
            files.update(f.rsplit(":", 1)[0] for f in op.get("also_declared", []))
            served[(method, path)] = files
        else:
            if method == "ANY":
                framework_paths.add(path)
            framework_pairs.add((method, path))

    def variants(path):
        out = [path]
        if optional_context and not path.startswith(norm_path(context) + "/") and path != norm_path(context):
            out.append(norm_path(context + "/" + path))
        return out

    reported = {}
    for entry in entries:
        method = norm_method(entry["method"])
        for path in variants(norm_path(entry["path"])):
            reported.setdefault((method, path), set()).add(rel_file(entry.get("file", ""), service_dir))

    restricted_paths = {p for (m, p) in served if m != "ANY"}
    any_paths = {p for (m, p) in served if m == "ANY"}
    hits, located, misses = 0, 0, []
    for (method, path), files in sorted(served.items()):
        if method == "ANY":
            keys = [k for k in reported if k[1] == path]
        else:
            keys = [k for k in reported if k == (method, path)]
        if keys:
            hits += 1
            if any(reported[k] & files for k in keys):
                located += 1
        else:
            misses.append(f"{method} {path} ({sorted(files)[0]})")
    false_positives = []
    counted = set()
    for (method, path), files in sorted(reported.items()):
        if (method, path) in served or path in any_paths:
            continue
        if path in framework_paths or (method, path) in framework_pairs:
            continue
        if method == "ANY" and any((m, path) in framework_pairs for m in ("GET", "POST")):
            continue
        # Context-path variants of one entry are one report.
        key = (method, path[len(norm_path(context)):] if optional_context and path.startswith(norm_path(context) + "/") else path)
        if key in counted:
            continue
        counted.add(key)
        why = "ANY on a restricted path" if method == "ANY" and path in restricted_paths else "not served"
        false_positives.append(f"{method} {path} ({sorted(files)[0]}; {why})")
    reported_count = hits + len(false_positives)
    return {
        "served": len(served),
        "reported": reported_count,
        "hits": hits,
        "fp": len(false_positives),
        "located": located,
        "misses": misses,
        "false_positives": false_positives,
    }


def ratio(a, b):
    return a / b if b else 0.0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=os.path.join(REPO, "target", "release", "apiaudit"))
    parser.add_argument("--bench", default=os.environ.get("ROUTES_BENCH", "/work/shared/bench/routes"))
    parser.add_argument("--corpus", default=os.path.join(os.environ.get("CORPUS_DIR", "/work/corpus"), "routes"))
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("services", nargs="*", help="only these services")
    args = parser.parse_args()
    truth = json.load(open(os.path.join(args.bench, "truth.json")))
    rows = []
    total = {"served": 0, "reported": 0, "hits": 0, "fp": 0, "located": 0}
    for service in truth["services"]:
        if args.services and service["name"] not in args.services:
            continue
        service_dir = os.path.join(args.corpus, "emb", service["source_dir"])
        entries = run_inventory(args.bin, service_dir)
        result = score(service, entries, service_dir)
        rows.append((service["name"], result))
        for key in total:
            total[key] += result[key]
    print(f"{'service':<16} {'served':>6} {'reported':>8} {'hits':>5} {'FP':>4} {'precision':>9} {'recall':>7} {'F1':>6} {'located':>8}")

    def line(name, r):
        p = ratio(r["hits"], r["hits"] + r["fp"])
        rc = ratio(r["hits"], r["served"])
        f1 = ratio(2 * p * rc, p + rc)
        loc = ratio(r["located"], r["hits"])
        print(f"{name:<16} {r['served']:>6} {r['reported']:>8} {r['hits']:>5} {r['fp']:>4} {p:>9.3f} {rc:>7.3f} {f1:>6.3f} {loc:>8.3f}")
        return p, f1

    for name, result in rows:
        line(name, result)
    precision, f1 = line("TOTAL", total)
    if args.verbose:
        for name, result in rows:
            for miss in result["misses"]:
                print(f"miss  {name}: {miss}")
            for fp in result["false_positives"]:
                print(f"FP    {name}: {fp}")
    return 0 if f1 >= 0.95 and precision >= 0.95 else 1


if __name__ == "__main__":
    sys.exit(main())
