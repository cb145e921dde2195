#!/usr/bin/env bash
# Builds the git-history benchmark repository (`scripts/bench.sh --cases history`): a synthetic
# history of more than 5,000 commits and well over 100 MB of changed file content, made of REAL
# package sources from the npm registry. Each commit replaces one package's directory
# (packages/<name>/) with its next published version, in the order the versions were published
# and with the publish time as the commit date; a few credentials are committed along the way:
#
#   commit  900  config/.env with an AWS access key pair        deleted at commit 1,400
#   commit 2,000 deploy/id_rsa, an RSA private key (made here)  deleted at commit 2,001
#   commit 3,000 src/settings.py with a database password       still in HEAD
#   commit 3,500 a GitHub token in scripts/release.sh           on branch feature/release, never merged
#   commit 4,200 a GitLab token in .gitlab-ci.yml               deleted at commit 4,800
#
# The keys are fabricated here (random characters in each vendor's format, a fresh RSA key):
# they are nobody's credentials.
#
#   scripts/make-history-corpus.sh        -> $CORPUS_DIR/history (a non-bare repository)
#
# Idempotent: a stamp records the pins; a second run with the same pins does nothing. Tarballs
# are cached in $CORPUS_DIR/.cache/npm-history. FORCE=1 rebuilds the repository; NO_DOWNLOAD=1
# builds it from the tarballs already cached (versions not cached are left out).
set -euo pipefail
{ # the whole script is one compound command, read before it runs: editing it mid-run is safe

CORPUS_DIR=${CORPUS_DIR:-/work/corpus}
OUT="$CORPUS_DIR/history"
CACHE=${HISTORY_CACHE:-$CORPUS_DIR/.cache/npm-history}
STAMP="$CORPUS_DIR/history.stamp"

# package, how many of its versions (the earliest published first): pinned so that the history
# does not grow with the registry.
PINS=(
  "electron-to-chromium 2200"
  "react 1600"
  "@types/react 690"
  "caniuse-lite 700"
)
PIN_TEXT="v1 ${PINS[*]}"

log() { printf '[make-history-corpus] %s\n' "$*" >&2; }

if [[ -f $STAMP && $(cat "$STAMP") == "$PIN_TEXT" && -d $OUT/.git && -z ${FORCE:-} ]]; then
  log "up to date: $OUT"
  exit 0
fi
command -v npm >/dev/null || { log "npm is required"; exit 2; }
command -v git >/dev/null || { log "git is required"; exit 2; }
mkdir -p "$CACHE"

# 1. The versions to commit, with their publish times (one registry look-up per package).
LIST="$CACHE/versions.tsv"
: >"$LIST.tmp"
for pin in "${PINS[@]}"; do
  read -r name count <<<"$pin"
  npm view "$name" time --json 2>/dev/null | python3 -c '
import json, sys
name, count = sys.argv[1], int(sys.argv[2])
times = json.load(sys.stdin)
rows = sorted((t, v) for v, t in times.items() if v not in ("created", "modified"))
for t, v in rows[:count]:
    print(f"{t}\t{name}\t{v}")
' "$name" "$count" >>"$LIST.tmp"
done
sort "$LIST.tmp" >"$LIST"
rm -f "$LIST.tmp"
log "$(wc -l <"$LIST") versions to commit"

# 2. Tarballs, fetched with npm pack in batches (cached: npm pack names them <name>-<version>.tgz).
tarball() { # name version -> cache path
  local base=${1#@}
  printf '%s/%s-%s.tgz' "$CACHE" "${base//\//-}" "$2"
}
missing=()
while IFS=$'\t' read -r _ name version; do
  [[ -f $(tarball "$name" "$version") ]] || missing+=("$name@$version")
done <"$LIST"
log "${#missing[@]} tarballs to download"
# Several npm processes at once: each tarball is a small request, so latency, not bandwidth,
# bounds a single process.
if ((${#missing[@]})) && [[ -z ${NO_DOWNLOAD:-} ]]; then
  printf '%s\n' "${missing[@]}" |
    (cd "$CACHE" && xargs -P 6 -n 20 npm pack --silent >/dev/null 2>>"$CACHE/npm-pack.log") ||
    log "some npm pack batches failed (see $CACHE/npm-pack.log); retrying those one by one"
  for spec in "${missing[@]}"; do
    name=${spec%@*} version=${spec##*@}
    [[ -f $(tarball "$name" "$version") ]] || (cd "$CACHE" && npm pack --silent "$spec" >/dev/null 2>>"$CACHE/npm-pack.log") || true
  done
fi
[[ -n ${NO_DOWNLOAD:-} ]] && PIN_TEXT="$PIN_TEXT (cached only)"

# 3. The repository, written with git fast-import (one stream, no work tree churn).
rm -rf "$OUT"
git init -q -b main "$OUT"
python3 - "$LIST" "$CACHE" "$OUT" <<'PY' | git -C "$OUT" fast-import --quiet --done
import datetime, io, os, random, string, subprocess, sys, tarfile
listing, cache, out = sys.argv[1:4]
rows = [line.rstrip("\n").split("\t") for line in open(listing)]
rng = random.Random(20261207)
def rand(alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))
UP, AL = string.ascii_uppercase + string.digits, string.ascii_letters + string.digits
aws_id = "AKIA" + rand(string.ascii_uppercase + "234567", 16)
aws_secret = rand(AL + "+/", 40)
github = "ghp_" + rand(AL, 36)
gitlab = "glpat-" + rand(AL + "_-", 20)
password = "Qz7" + rand(AL, 13)
key = subprocess.run(["openssl", "genrsa", "2048"], capture_output=True, check=True).stdout.decode()
secrets = {
    900: ("add", "config/.env", f"AWS_ACCESS_KEY_ID={aws_id}\nAWS_SECRET_ACCESS_KEY={aws_secret}\nREGION=cn-north-1\n"),
    1400: ("delete", "config/.env", None),
    2000: ("add", "deploy/id_rsa", key),
    2001: ("delete", "deploy/id_rsa", None),
    3000: ("add", "src/settings.py", f"DATABASES = {{\n    'default': {{\n        'USER': 'app',\n        'PASSWORD': '{password}',\n    }}\n}}\n"),
    4200: ("add", ".gitlab-ci.yml", f"release:\n  script:\n    - curl --header \"PRIVATE-TOKEN: {gitlab}\" https://gitlab.example.com/api/v4/projects\n"),
    4800: ("delete", ".gitlab-ci.yml", None),
}
w = sys.stdout.buffer
def data(payload):
    w.write(b"data %d\n" % len(payload)); w.write(payload); w.write(b"\n")
def stamp(iso):
    when = datetime.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    return f"{int(when.timestamp())} +0000"
def tarball(name, version):
    base = name.lstrip("@").replace("/", "-")
    return os.path.join(cache, f"{base}-{version}.tgz")
mark, last_date, branch_at = 0, None, None
for index, (when, name, version) in enumerate(rows, start=1):
    path = tarball(name, version)
    if not os.path.exists(path):
        continue
    date = stamp(when)
    mark += 1
    w.write(b"commit refs/heads/main\n")
    w.write(b"mark :%d\n" % mark)
    w.write(f"author Registry Import <import@example.com> {date}\n".encode())
    w.write(f"committer Registry Import <import@example.com> {date}\n".encode())
    data(f"{name} {version}\n".encode())
    w.write(f"D packages/{name}\n".encode())
    with tarfile.open(path) as tar:
        for member in tar.getmembers():
            if not member.isfile():
                continue
            rel = member.name.split("/", 1)[1] if "/" in member.name else member.name
            body = tar.extractfile(member).read()
            mode = "100755" if member.mode & 0o111 else "100644"
            w.write(f"M {mode} inline packages/{name}/{rel}\n".encode())
            data(body)
    if mark in secrets:
        action, file, text = secrets[mark]
        if action == "add":
            w.write(f"M 100644 inline {file}\n".encode())
            data(text.encode())
        else:
            w.write(f"D {file}\n".encode())
    w.write(b"\n")
    if mark == 3500:
        branch_at = (mark, date)
    last_date = date
if branch_at:
    at, date = branch_at
    w.write(b"commit refs/heads/feature/release\n")
    w.write(f"author Registry Import <import@example.com> {date}\n".encode())
    w.write(f"committer Registry Import <import@example.com> {date}\n".encode())
    data(b"release script\n")
    w.write(b"from :%d\n" % at)
    w.write(b"M 100755 inline scripts/release.sh\n")
    data(f"#!/bin/sh\nexport GITHUB_TOKEN={github}\ngh release create \"$1\"\n".encode())
    w.write(b"\n")
w.write(b"done\n")
PY
git -C "$OUT" checkout -q -f main
git -C "$OUT" gc -q
commits=$(git -C "$OUT" rev-list --all --count)
changed=$(git -C "$OUT" log --all --no-renames --raw --no-abbrev --format= |
  awk '$5 !~ /^D/ {print $4}' | sort -u | git -C "$OUT" cat-file --batch-check='%(objectsize)' | awk '{s += $1} END {print s}')
log "$OUT: $commits commits, $((changed / 1000000)) MB of changed blobs, pack $(du -sh "$OUT/.git" | cut -f1)"
printf '%s\n' "$PIN_TEXT" >"$STAMP"
exit 0
}
