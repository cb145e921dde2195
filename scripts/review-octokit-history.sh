#!/usr/bin/env bash
# `apiaudit review` over consecutive major versions of GitHub's REST description
# (@octokit/openapi on npm; scripts/fetch-octokit-history.sh builds the repository), for
# docs/performance.md ("review on real history"). Prints, per pair, the changelog counts and the
# change findings, and keeps each pair's JSON result in $OUT for the hand check.
#
# Usage: APIAUDIT=target/release/apiaudit CORPUS_DIR=/work/corpus OUT=/tmp/octokit-review \
#          scripts/review-octokit-history.sh
set -euo pipefail

APIAUDIT=${APIAUDIT:-target/release/apiaudit}
CORPUS_DIR=${CORPUS_DIR:-/work/corpus}
OUT=${OUT:-/tmp/octokit-review}
APIAUDIT=$(realpath "$APIAUDIT")
command -v jq >/dev/null || { echo "jq is required" >&2; exit 2; }

repo="$OUT/repo"
rm -rf "$repo"
mkdir -p "$OUT"
# A clone, so the corpus repository's work tree is left as it is.
git clone -q "$CORPUS_DIR/octokit-history" "$repo"
mapfile -t tags < <(git -C "$repo" tag --sort=v:refname)

printf '| pair | operations | added | removed | deprecated | changed | CHG001 | CHG002 | CHG003 | CHG004 | CHG005 | seconds |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for ((i = 1; i < ${#tags[@]}; i++)); do
  base=${tags[i-1]} head=${tags[i]}
  git -C "$repo" checkout -q "$head"
  start=$(date +%s.%N)
  (cd "$repo" && "$APIAUDIT" review --base "$base" . -f json --fail-on never --no-progress \
      -o "$OUT/$base-$head.json")
  end=$(date +%s.%N)
  jq -r --arg pair "$base→$head" --arg secs "$(echo "$end - $start" | bc)" '
    def n(code): [.findings[] | select(.rule == code)] | length;
    "| \($pair) | \(.review.base_operations) → \(.review.operations) | \(.review.added) | \(.review.removed) | \(.review.deprecated) | \(.review.changed) | \(n("CHG001")) | \(n("CHG002")) | \(n("CHG003")) | \(n("CHG004")) | \(n("CHG005")) | \($secs | tonumber | . * 10 | round / 10) |"
  ' "$OUT/$base-$head.json"
done
