#!/usr/bin/env python3
"""Draws a reproducible random sample of findings from an apiaudit JSON report, for hand review.

    sample-findings.py REPORT.json [--rules KEY003,KEY004] [--seed 2212] [--size 50]
                       [--exclude OLD.json]

--exclude drops findings (rule, path, line, message) that another report also has, so a sample
can be drawn from what a change added. Prints one Markdown table row per finding: rule,
severity, file:line and apiaudit's own (redacted) snippet line; the verdict columns are left
for the reviewer.
"""
import argparse
import json
import random


def key(finding):
    return (finding["rule"], finding["path"], finding["line"], finding["message"])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("report")
    parser.add_argument("--rules", default="")
    parser.add_argument("--seed", type=int, default=2212)
    parser.add_argument("--size", type=int, default=50)
    parser.add_argument("--exclude")
    args = parser.parse_args()
    with open(args.report, encoding="utf-8") as handle:
        findings = json.load(handle)["findings"]
    if args.rules:
        rules = set(args.rules.split(","))
        findings = [f for f in findings if f["rule"] in rules]
    if args.exclude:
        with open(args.exclude, encoding="utf-8") as handle:
            old = {key(f) for f in json.load(handle)["findings"]}
        findings = [f for f in findings if key(f) not in old]
    findings.sort(key=key)
    random.seed(args.seed)
    sample = random.sample(findings, min(args.size, len(findings)))
    print(f"<!-- {len(sample)} of {len(findings)} findings, seed {args.seed} -->")
    for number, finding in enumerate(sample, 1):
        snippet = finding.get("snippet") or {}
        lines = snippet.get("text", "").splitlines()
        at = finding["line"] - snippet.get("line", finding["line"])
        line = lines[at] if 0 <= at < len(lines) else ""
        line = line.strip().replace("|", "\\|")[:90]
        print(
            f"| {number} | {finding['rule']} | {finding['severity']} | "
            f"`{finding['path']}`:{finding['line']} | {finding['message']} | `{line}` | | |"
        )


if __name__ == "__main__":
    main()
