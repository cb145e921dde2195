#!/usr/bin/env bash
# Times `apiaudit scan` on one large spec with and without the level-based rules (CLS003-CLS005,
# AUTH, DATA, RES001), for
# docs/performance.md ("Level inference"). hyperfine is not required: a loop over /usr/bin/time.
#
#   scripts/bench-levels.sh [SPEC] [RUNS]
#
# SPEC defaults to Stripe's spec in the corpus fetched by scripts/fetch-corpus.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS_DIR=${CORPUS_DIR:-/work/corpus}
SPEC=${1:-$CORPUS_DIR/oad/package/api/stripe.com.json}
RUNS=${2:-7}
BIN=${APIAUDIT:-target/release/apiaudit}
[ -x "$BIN" ] || cargo build --release --bin apiaudit
NEW=CLS003,CLS004,CLS005,AUTH,DATA,RES001

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

run_case() {
    local name=$1; shift
    local wall=() user=() rss=()
    for _ in $(seq "$RUNS"); do
        local out tmp
        tmp=$(mktemp)
        /usr/bin/time -o "$tmp" -f "%e %U %M" "$BIN" scan "$SPEC" -f json -o /dev/null --fail-on never \
            --no-progress "$@" >/dev/null 2>&1 || true
        out=$(tail -1 "$tmp")
        rm -f "$tmp"
        wall+=("$(echo "$out" | cut -d' ' -f1)")
        user+=("$(echo "$out" | cut -d' ' -f2)")
        rss+=("$(echo "$out" | cut -d' ' -f3)")
    done
    printf '| %s | %s | %s | %s |\n' "$name" \
        "$(printf '%s\n' "${wall[@]}" | median)" \
        "$(printf '%s\n' "${user[@]}" | median)" \
        "$(( $(printf '%s\n' "${rss[@]}" | median) / 1024 ))"
}

echo "spec: $SPEC, $RUNS runs, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| rules | wall s (median) | user s (median) | max RSS MiB |"
echo "|---|---|---|---|"
run_case "SPEC only (parse, load, inventory with inference)" --select SPEC
run_case "all rules but the level-based ones" --ignore "$NEW"
run_case "all rules" --select ALL
echo
