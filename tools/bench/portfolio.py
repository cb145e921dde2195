#!/usr/bin/env python3
"""Benchmark of the portfolio rules (ID003, LIFE003, LIFE004, RES002) at estate scale.

Scans a corpus of specs once for its inventory, then generates, in a temporary directory, a
gateway estate of 10,000 routes that point at real operations of that corpus (Kong 7,000 routes:
prefix, `~` regex with templates, some terminated; nginx 2,000 locations: exact, `^~`, regex;
Spring Cloud Gateway 1,000 routes with `StripPrefix`), with 5% of routes to paths no spec
defines, plus a grants file of 10,000 rows, and times:

  1. `scan CORPUS GATEWAY` with the portfolio rules only (parsing every spec dominates);
  2. `scan CORPUS` alone, the same rules (the difference is the gateway side);
  3. `merge` of the JSON result of (1): linking and the portfolio rules on their own.

Usage: python3 tools/bench/portfolio.py [--binary target/release/apiaudit]
       [--corpus /work/corpus/oad/package/api] [--routes 10000] [--keep DIR]
"""

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

PORTFOLIO = "ID003,LIFE003,LIFE004,RES002"


def run(cmd, **kw):
    started = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    elapsed = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.decode()[:2000]}")
    return elapsed, proc


def base_path(url):
    m = re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^/]*(/.*)?$", url)
    path = (m.group(1) or "") if m else url
    path = path.split("?")[0].rstrip("/")
    if path and not path.startswith("/"):
        path = "/" + path
    return path


def public_path(entry):
    servers = entry.get("servers") or []
    base = base_path(servers[0]) if servers else ""
    return (base + entry["path"]).replace("//", "/")


def q(text):
    """A YAML single-quoted scalar (no escapes but '')."""
    return "'" + text.replace("'", "''") + "'"


def regex_of(path):
    parts = []
    for seg in path.strip("/").split("/"):
        parts.append("[^/]+" if "{" in seg else re.escape(seg).replace("\\-", "-"))
    return "/" + "/".join(parts) + "$"


def generate(inventory, out, routes, rng):
    # Real paths, not catch-alls: at least two segments, no characters gateways reject.
    ops = [
        e
        for e in inventory
        if public_path(e).count("/") >= 2
        and e["path"].count("{") < 4
        and not re.search(r"[\s#?;'\"\\]", public_path(e))
    ]
    # Operations with plain paths only for the nginx exact and prefix locations.
    os.makedirs(os.path.join(out, "kong"), exist_ok=True)
    os.makedirs(os.path.join(out, "nginx"), exist_ok=True)
    os.makedirs(os.path.join(out, "gateway"), exist_ok=True)
    n_kong = routes * 7 // 10
    n_nginx = routes * 2 // 10
    n_scg = routes - n_kong - n_nginx
    orphan = lambda: rng.random() < 0.05
    lines = ['_format_version: "3.0"', "services:"]
    for s in range(n_kong // 100):
        lines += [f"  - name: svc-{s}", f"    url: http://svc-{s}.apis.svc.cluster.local:8080"]
        if s % 10 == 0:
            lines += ["    plugins:", "      - name: rate-limiting", "        config:", f"          second: {50 + s}"]
        lines.append("    routes:")
        for r in range(100):
            e = rng.choice(ops)
            path = public_path(e)
            if orphan():
                path = f"/removed/v{r}{path}"
            lines += [f"      - name: r-{s}-{r}", f"        methods: [{e['method']}]"]
            if "{" in path:
                lines.append(f"        paths: [{q('~' + regex_of(path))}]")
            else:
                lines.append(f"        paths: [{q(path)}]")
            lines.append("        strip_path: false")
            if r % 50 == 0:
                lines += ["        plugins:", "          - name: request-termination", "            config:", "              status_code: 410"]
            elif r % 7 == 0:
                lines += ["        plugins:", "          - name: rate-limiting", "            config:", f"              second: {5 + r}"]
    with open(os.path.join(out, "kong", "kong.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")
    lines = ["http {", "  limit_req_zone $binary_remote_addr zone=shared:10m rate=100r/s;", "  server {", "    listen 443 ssl;", "    server_name api.bench.example;"]
    plain = [e for e in ops if "{" not in e["path"]]
    for i in range(n_nginx):
        e = rng.choice(plain if i % 3 else ops)
        path = public_path(e)
        if orphan():
            path = f"/retired/n{i}{path}"
        if "{" in path:
            lines.append(f"    location ~ \"^{regex_of(path)}\" {{")
        elif i % 2:
            lines.append(f"    location = {path} {{")
        else:
            lines.append(f"    location ^~ {path}/ {{")
        if i % 5 == 0:
            lines.append("      limit_req zone=shared burst=20;")
        lines += ["      proxy_pass http://backend;", "    }"]
    lines += ["  }", "}"]
    with open(os.path.join(out, "nginx", "api.conf"), "w") as f:
        f.write("\n".join(lines) + "\n")
    lines = ["spring:", "  cloud:", "    gateway:", "      routes:"]
    for i in range(n_scg):
        e = rng.choice(ops)
        path = public_path(e)
        if orphan():
            path = f"/gone/s{i}{path}"
        # The upstream is the spec's own host: StripPrefix=1 turns /edge/... into the documented path.
        servers = e.get("servers") or []
        host = re.match(r"^[a-z]+://([^/:]+)", servers[0]) if servers else None
        uri = f"https://{host.group(1)}" if host else f"lb://svc-{i % 20}"
        lines += [f"        - id: scg-{i}", f"          uri: {q(uri)}", "          predicates:", f"            - {q('Path=/edge' + path)}", f"            - Method={e['method']}", "          filters:", "            - StripPrefix=1"]
        if i % 4 == 0:
            lines += ["            - name: RequestRateLimiter", "              args:", f"                redis-rate-limiter.replenishRate: {10 + i % 90}"]
    with open(os.path.join(out, "gateway", "application.yml"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(out, "apiaudit-grants.csv"), "w") as f:
        f.write("app_id,interface,status\n")
        for i in range(routes):
            e = rng.choice(ops)
            status = "revoked" if i % 10 == 0 else "active"
            if e.get("id") and i % 2:
                f.write(f"APP{i % 300:04d},{e['id']},{status}\n")
            else:
                f.write(f"APP{i % 300:04d},{e['method']} {public_path(e)},{status}\n")
    return n_kong, n_nginx, n_scg


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default="target/release/apiaudit")
    ap.add_argument("--corpus", default="/work/corpus/oad/package/api")
    ap.add_argument("--routes", type=int, default=10000)
    ap.add_argument("--keep")
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    tmp = args.keep or tempfile.mkdtemp(prefix="apiaudit-bench-")
    os.makedirs(tmp, exist_ok=True)
    env = dict(os.environ, APIAUDIT_TODAY="2026-11-28")
    try:
        inv_json = os.path.join(tmp, "inventory.json")
        t_inv, _ = run([binary, "scan", args.corpus, "--select", "ID003", "-f", "json", "-o", inv_json, "--no-progress"], env=env)
        inventory = json.load(open(inv_json))["inventory"]
        gw = os.path.join(tmp, "gateway-estate")
        kong, nginx, scg = generate(inventory, gw, args.routes, random.Random(20261128))
        together_json = os.path.join(tmp, "together.json")
        t_all, _ = run([binary, "scan", args.corpus, gw, "--select", PORTFOLIO, "-f", "json", "-o", together_json, "--no-progress"], env=env)
        t_specs, _ = run([binary, "scan", args.corpus, "--select", PORTFOLIO, "-f", "json", "-o", os.path.join(tmp, "specs.json"), "--no-progress"], env=env)
        merged_json = os.path.join(tmp, "merged.json")
        t_merge, merge_proc = run([binary, "merge", together_json, "-f", "json", "-o", merged_json], env=dict(env, APIAUDIT_TIMINGS="1"))
        together = json.load(open(together_json))
        merged = json.load(open(merged_json))
        routes = [r for r in together["routes"] if r.get("kind") != "grant"]
        grants = [r for r in together["routes"] if r.get("kind") == "grant"]
        counts = {}
        for f in together["findings"]:
            counts[f["rule"]] = counts.get(f["rule"], 0) + 1
        same = [(f["rule"], f["path"], f["line"], f["message"]) for f in together["findings"]] == [
            (f["rule"], f["path"], f["line"], f["message"]) for f in merged["findings"]
        ]
        print(f"specs: {together['summary']['specs']}, operations: {len(together['inventory'])}")
        print(f"routes: {len(routes)} (Kong {kong}, nginx {nginx}, Spring Cloud Gateway {scg}), grants: {len(grants)}")
        print(f"routes reaching an operation: {sum(1 for r in routes if r['operations'])}")
        print(f"findings by rule: {dict(sorted(counts.items()))}")
        print(f"scan specs + gateway estate, portfolio rules: {t_all:.2f} s")
        print(f"scan specs only, portfolio rules:            {t_specs:.2f} s")
        print(f"merge of the result: {t_merge:.2f} s; same findings as the scan: {same}")
        print("  " + merge_proc.stderr.decode().strip().replace("\n", "\n  "))
        print(f"(inventory scan for the generator: {t_inv:.2f} s; files in {tmp})")
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
