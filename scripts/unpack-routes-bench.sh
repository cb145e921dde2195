#!/usr/bin/env bash
# Unpack the route-inventory benchmark (real REST services with a hand-checked truth file) out of
# git, into $CORPUS_DIR/routes: $CORPUS_DIR/routes/emb/<service>/ and emb-schemas/. The archive and
# truth.json stay where they are ($ROUTES_BENCH, default /work/shared/bench/routes).
# scripts/score-routes.py scores `apiaudit inventory` against the truth.
# Idempotent: a second run with the same archive does nothing; FORCE=1 unpacks again.
set -euo pipefail

BENCH=${ROUTES_BENCH:-/work/shared/bench/routes}
CORPUS_DIR=${CORPUS_DIR:-/work/corpus}
OUT="$CORPUS_DIR/routes"
ARCHIVE="$BENCH/public-suts.tar.xz"
STAMP="$OUT/.stamp"

[ -f "$ARCHIVE" ] || { echo "no archive at $ARCHIVE" >&2; exit 2; }
sum=$(sha256sum "$ARCHIVE" | cut -d' ' -f1)
if [ "${FORCE:-0}" != 1 ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$sum" ]; then
  echo "up to date: $OUT"
  exit 0
fi
rm -rf "$OUT"
mkdir -p "$OUT"
tar -xJf "$ARCHIVE" -C "$OUT"
echo "$sum" > "$STAMP"
echo "unpacked into $OUT: $(find "$OUT/emb" -type f | wc -l) files"
