#!/usr/bin/env python3
"""Checks EXPECTED.md against the files it describes.

For every table row with a file and a line, prints `file:line` and the text found there, and fails
(exit 1) when that line does not contain the quoted "text at line". Run from anywhere:
    python3 tools/check_expected.py [--quiet]
Lines of secret findings (KEY001/KEY003/KEY004) are shown only up to the quoted text.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def split_row(row):
    # split a markdown table row on unescaped pipes
    cells = re.split(r'(?<!\\)\|', row.strip())[1:-1]
    return [c.strip().replace('\\|', '|') for c in cells]


def main():
    quiet = '--quiet' in sys.argv
    bad = 0
    checked = 0
    header = None
    cache = {}
    for raw in open(os.path.join(HERE, 'EXPECTED.md'), encoding='utf-8'):
        if not raw.startswith('|'):
            header = None
            continue
        cells = split_row(raw)
        if header is None:
            header = cells
            continue
        if set(''.join(cells)) <= set('-: '):
            continue
        row = dict(zip(header, cells))
        if 'file' not in row:
            continue
        f, line = row.get('file', '-'), row.get('line', '-')
        if f in ('-', '') or not line.isdigit():
            if f not in ('-', '') and not os.path.exists(os.path.join(HERE, f)):
                print(f'MISSING FILE {f}')
                bad += 1
            elif not quiet:
                print(f'{f or "-"}:-  (file-level or run-level: {row.get("rule", "")})')
            continue
        path = os.path.join(HERE, f)
        if path not in cache:
            with open(path, encoding='utf-8-sig', errors='replace') as fh:
                cache[path] = fh.read().split('\n')
        lines = cache[path]
        n = int(line)
        text = lines[n - 1] if 0 < n <= len(lines) else '<no such line>'
        want = row.get('text at line', '').strip('`')
        ok = want in text if want else True
        checked += 1
        tag = row.get('rule') or row.get('must not fire') or row.get('package', '')
        if not ok:
            bad += 1
        shown = text.strip()
        if ok and want and row.get('rule', '') in ('KEY001', 'KEY003', 'KEY004'):
            shown = shown[:shown.index(want.strip()) + len(want.strip())] + '…'
        if not quiet or not ok:
            print(f'{"OK  " if ok else "FAIL"} {tag:<28} {f}:{n}: {shown[:110]}')
    print(f'{checked} lines checked, {bad} problems')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
