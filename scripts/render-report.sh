#!/usr/bin/env bash
# Renders the demo bank's HTML audit report (English and Chinese) in headless Chromium and saves
# a screenshot of each, to check by eye that the page shows the summary, the chart and the tables.
# Not part of CI (.ci/run does not need Chromium).
#
# Needs Debian's `chromium` and a CJK font for the Chinese page:
#   apt-get install -y chromium fonts-noto-cjk
#
# Usage: scripts/render-report.sh [OUT_DIR]     (default: target/report-render)
# Prints the paths of the HTML files and PNG screenshots it wrote.
set -euo pipefail
cd "$(dirname "$0")/.."

out="${1:-target/report-render}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
  echo "chromium not found: apt-get install -y chromium fonts-noto-cjk" >&2
  exit 1
fi

cargo build --release --quiet
bin=target/release/apiaudit

for lang in en zh; do
  html="$out/demo-bank-$lang.html"
  png="$out/demo-bank-$lang.png"
  # Exit 1 means "findings at or above --fail-on": expected for the demo bank.
  APIAUDIT_TODAY="${APIAUDIT_TODAY:-2026-11-28}" "$bin" scan testdata/projects/demo-bank \
    --lang "$lang" --no-progress --fail-on never -f html -o "$html"
  profile="$(mktemp -d)"
  # No network, no sync, no component updates, a throwaway profile: the page must render from
  # the file alone (it is self-contained).
  "$browser" --headless --no-sandbox --disable-gpu \
    --disable-background-networking --disable-component-update --disable-sync \
    --no-first-run --user-data-dir="$profile" \
    --screenshot="$png" --window-size=1280,4000 "file://$html" >/dev/null 2>&1
  rm -rf "$profile"
  test -s "$png"
  echo "$html"
  echo "$png"
done
