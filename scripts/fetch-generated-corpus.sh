#!/usr/bin/env bash
# Build the generated-code benchmark tree: several versions of the Kubernetes Python client
# (OpenAPI Generator output: thousands of model and API modules, their Markdown docs and tests),
# unpacked side by side into $CORPUS_DIR/generated (~160 MB of text in ~8,000 files). Generated
# code is what a bank's estate holds most of: SDKs generated from its own specs.
#
# Sdists come from PyPI (pip download, pinned versions; immutable). Normalised like the source
# corpus: symlinks, binary files (a NUL byte), ignore files and anything named .git,
# node_modules or target removed, so that apiaudit and rg -uuu read the same files.
#
# Idempotent: a stamp records the pin list. Downloads are cached in $CORPUS_DIR/.cache/pypi.
# FORCE=1 rebuilds.
set -euo pipefail

CORPUS_DIR=${CORPUS_DIR:-/work/corpus}
OUT="$CORPUS_DIR/generated"
CACHE="$CORPUS_DIR/.cache/pypi"
STAMP="$CORPUS_DIR/generated.stamp"

VERSIONS=(21.7.0 22.6.0 23.6.0 24.2.0 25.3.0 26.1.0 27.2.0 28.1.0 29.0.0 30.1.0 31.0.0 32.0.1)

log() { printf '[fetch-generated-corpus] %s\n' "$*" >&2; }

pins="kubernetes ${VERSIONS[*]}"
if [[ ${FORCE:-0} != 1 && -f $STAMP && $(cat "$STAMP") == "$pins" && -d $OUT ]]; then
  log "up to date: $OUT"
  exit 0
fi
python3 -m pip --version >/dev/null 2>&1 || { log "python3 -m pip is required"; exit 1; }
mkdir -p "$CACHE"
sdist() { find "$CACHE" -maxdepth 1 -type f -iname "kubernetes-$1.tar.gz" -print -quit; }
wanted=()
for v in "${VERSIONS[@]}"; do
  [[ -n $(sdist "$v") ]] || wanted+=("kubernetes==$v")
done
# one version per call: pip resolves the requirements of one call together, and two versions of
# one package conflict
for w in "${wanted[@]}"; do
  log "pip download $w (pip prepares its metadata: ~30 s)"
  python3 -m pip download --quiet --disable-pip-version-check --no-deps --no-binary kubernetes \
    -d "$CACHE" "$w" >&2
done
rm -rf "$OUT.tmp"
mkdir -p "$OUT.tmp"
for v in "${VERSIONS[@]}"; do
  f=$(sdist "$v")
  [[ -n $f ]] || { log "sdist of kubernetes==$v not found in $CACHE"; exit 1; }
  tar -xzf "$f" -C "$OUT.tmp"
done
python3 - "$OUT.tmp" <<'PY'
import os, stat, sys
root = sys.argv[1]
IGNORE_FILES = {".gitignore", ".ignore", ".rgignore", ".apiauditignore", ".gitleaksignore"}
removed = {}
for d, dns, fns in os.walk(root, topdown=True):
    for n in list(dns):
        p = os.path.join(d, n)
        if os.path.islink(p) or n in (".git", "node_modules", "target"):
            (os.unlink if os.path.islink(p) else __import__("shutil").rmtree)(p)
            dns.remove(n)
            removed["dir"] = removed.get("dir", 0) + 1
    for f in fns:
        p = os.path.join(d, f)
        st = os.lstat(p)
        if not stat.S_ISREG(st.st_mode) or f in IGNORE_FILES:
            os.unlink(p); removed["special/ignore"] = removed.get("special/ignore", 0) + 1; continue
        with open(p, "rb") as fh:
            if b"\0" in fh.read():
                os.unlink(p); removed["binary"] = removed.get("binary", 0) + 1
print("removed:", removed, file=sys.stderr)
PY
rm -rf "$OUT"
mv "$OUT.tmp" "$OUT"
printf '%s\n' "$pins" >"$STAMP"
log "$(find "$OUT" -type f | wc -l) files, $(du -sh --apparent-size "$OUT" | cut -f1) in $OUT"
