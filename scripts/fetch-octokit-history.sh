#!/usr/bin/env bash
# Fetch GitHub's REST description in several major versions of @octokit/openapi (npm) and
# build a git repository with one commit per version, for `apiaudit review` on real history
# (docs/performance.md, "review on real history").
#
#   $CORPUS_DIR/octokit-versions/<version>.json   generated/api.github.com.json of each version
#   $CORPUS_DIR/octokit-history                   a git repository: api.github.com.json, one
#                                                 commit and one tag (v<major>) per version
#
# Idempotent: versions already fetched are not fetched again; the repository is rebuilt.
# Needs npm (the npm registry), tar and git.
#
# Usage: CORPUS_DIR=/somewhere scripts/fetch-octokit-history.sh   (default /work/corpus)
set -euo pipefail

CORPUS_DIR=${CORPUS_DIR:-/work/corpus}
# The last release of each major version, oldest first.
VERSIONS=(16.6.0 17.0.0 18.2.0 19.1.0 20.0.0 21.0.0 22.0.0 23.0.2)

log() { printf '[fetch-octokit-history] %s\n' "$*" >&2; }
command -v npm >/dev/null || { log "npm is required"; exit 2; }

specs="$CORPUS_DIR/octokit-versions"
mkdir -p "$specs"
for version in "${VERSIONS[@]}"; do
  out="$specs/$version.json"
  if [[ -s $out ]]; then
    log "$version already fetched"
    continue
  fi
  tmp=$(mktemp -d)
  log "npm pack @octokit/openapi@$version"
  (cd "$tmp" && npm pack --silent "@octokit/openapi@$version" >/dev/null)
  tar -xzf "$tmp"/octokit-openapi-"$version".tgz -C "$tmp" package/generated/api.github.com.json
  mv "$tmp"/package/generated/api.github.com.json "$out.tmp"
  mv "$out.tmp" "$out"
  rm -rf "$tmp"
done

repo="$CORPUS_DIR/octokit-history"
rm -rf "$repo"
git init -q -b main "$repo"
for version in "${VERSIONS[@]}"; do
  cp "$specs/$version.json" "$repo/api.github.com.json"
  git -C "$repo" add api.github.com.json
  GIT_AUTHOR_DATE="2026-01-01T00:00:00Z" GIT_COMMITTER_DATE="2026-01-01T00:00:00Z" \
    git -C "$repo" -c user.name=corpus -c user.email=corpus@example.invalid \
    commit -q -m "@octokit/openapi $version"
  git -C "$repo" tag "v${version%%.*}"
done
log "ok: $repo with tags $(git -C "$repo" tag | tr '\n' ' ')"
