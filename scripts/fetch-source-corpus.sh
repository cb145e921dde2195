#!/usr/bin/env bash
# Build the repository-scanning benchmark corpus: ~300 MB of REAL third-party source text
# (Java, Go, Python, Ansible YAML, JS/TS, Rust, Java properties/XML), from package registries
# only (Debian apt, PyPI, npm, crates.io), at pinned versions, into $CORPUS_DIR/src.
#
#   $CORPUS_DIR/src/java/...            OpenJDK 17 class-library sources (Debian openjdk-17-source)
#   $CORPUS_DIR/src/java-resources/...  .properties/.xml/.xsd/... from Debian Java jars + Tomcat conf
#   $CORPUS_DIR/src/go/...              Go 1.19 standard library + popular Go libraries (Debian -dev)
#   $CORPUS_DIR/src/python/...          PyPI sdists (Django, SQLAlchemy, ...)
#   $CORPUS_DIR/src/ansible/...         Ansible collections from the ansible sdist (YAML + Python)
#   $CORPUS_DIR/src/js/...              npm packages (TypeScript, webpack, React, ...)
#   $CORPUS_DIR/src/rust/...            crates.io crates (tokio, syn, ring, rustls, ...)
#
# Normalised so that every tool does the same work: symlinks, binary files (any NUL byte), files
# over 10 MiB, source maps (*.map) and ignore files (.gitignore, .ignore, .rgignore,
# .apiauditignore, .gitleaksignore) are removed, and no directory is named .git, node_modules or
# target (apiaudit skips those by default; rg -uuu and gitleaks would not).
#
# Idempotent: a stamp records the pin list; a second run with the same pins does nothing.
# Downloads are cached in $CORPUS_DIR/.cache (delete it to re-download). FORCE=1 rebuilds.
# A summary (per category and per language: files, bytes) is written to
# $CORPUS_DIR/src.manifest.txt.
#
# Debian keeps only the current version of a package in bookworm(-security); if a pinned version
# has been superseded, the script falls back to the candidate version and says so (the manifest
# records the versions actually used). PyPI, npm and crates.io artefacts are immutable.
set -euo pipefail

CORPUS_DIR=${CORPUS_DIR:-/work/corpus}
SRC="$CORPUS_DIR/src"
CACHE="$CORPUS_DIR/.cache"
BUILD="$CORPUS_DIR/.src-build"
STAMP="$CORPUS_DIR/src.stamp"
MANIFEST="$CORPUS_DIR/src.manifest.txt"

log() { printf '[fetch-source-corpus] %s\n' "$*" >&2; }

# ---------------------------------------------------------------------------------------------
# Pins
# ---------------------------------------------------------------------------------------------
JDK_DEB="openjdk-17-source=17.0.21.1+2-1~deb12u1"
# JDK modules taken from src.zip (~57 MB of .java)
JDK_MODULES=(java.base java.sql java.net.http java.naming java.logging jdk.httpserver
  java.security.jgss)

GO_DEBS=(
  golang-1.19-src=1.19.8-2
  golang-etcd-server-dev=3.4.23-4
  golang-github-prometheus-client-golang-dev=1.14.0-3
  golang-google-grpc-dev=1.33.3-2
  golang-github-gin-gonic-gin-dev=1.8.1-1
  golang-github-go-sql-driver-mysql-dev=1.5.0-2
  golang-github-lib-pq-dev=1.10.7-2
  golang-github-sirupsen-logrus-dev=1.9.0-1
  golang-gopkg-yaml.v3-dev=3.0.1-3
  golang-github-minio-minio-go-v7-dev=7.0.46-1
  golang-github-gorilla-mux-dev=1.8.0-1
  golang-github-jackc-pgx-v4-dev=4.15.0-4
  golang-github-spf13-viper-dev=1.10.1-1
  golang-github-spf13-cobra-dev=1.6.1-1
  golang-github-labstack-echo-dev=4.2.1-3
  golang-github-google-go-github-dev=48.1.0-2
  golang-golang-x-crypto-dev=1:0.4.0-1
)

# Java libraries whose jars' text resources (.properties, .xml, .xsd, .dtd, .yml, .json, ...)
# are extracted, plus Tomcat's own configuration and examples.
JAVA_RES_DEBS=(
  libtomcat10-java=10.1.60-1~deb12u1
  tomcat10-common=10.1.60-1~deb12u1
  tomcat10=10.1.60-1~deb12u1
  tomcat10-examples=10.1.60-1~deb12u1
  libspring-core-java=4.3.30-2
  libspring-beans-java=4.3.30-2
  libspring-context-java=4.3.30-2
  libspring-web-java=4.3.30-2
  libspring-transaction-java=4.3.30-2
  liblog4j2-java=2.19.0-2
  liblogback-java=1:1.2.11-3
  libjetty9-java=9.4.57-1.1~deb12u1
  libmaven3-core-java=3.8.7-1
  libactivemq-java=5.17.2+dfsg-2+deb12u1
  libhibernate-validator-java=5.3.6-2
  libxerces2-java=2.12.2-1
  libbatik-java=1.16+dfsg-1+deb12u1
  libgradle-core-java=4.4.1-18
)

PYPI_SDISTS=(
  Django==5.1.4
  SQLAlchemy==2.0.36
  requests==2.32.3
  Flask==3.1.0
  celery==5.4.0
  cryptography==44.0.0
  pydantic==2.10.3
  tornado==6.4.2
  PyYAML==6.0.2
  boto3==1.35.76
  ansible==10.6.0
)
# parts of sdists left out (tar --exclude patterns, matched against the member names)
PYPI_EXCLUDE=(
  'sqlalchemy-2.0.36/doc' 'sqlalchemy-2.0.36/test'  # rendered HTML docs; the test suite
  'Django-5.1.4/docs'
)
# collections of the ansible sdist kept (the whole sdist is ~450 MB)
ANSIBLE_COLLECTIONS=(amazon/aws community/docker kubernetes/core community/postgresql
  community/mysql community/hashi_vault)

NPM_PACKAGES=(
  typescript@5.6.3
  rxjs@7.8.1
  lodash@4.17.21
  react-dom@18.3.1
  webpack@5.97.1
  eslint@9.16.0
  express@4.21.2
  vue@3.5.13
  @types/node@22.10.1
  axios@1.7.9
  @aws-sdk/client-s3@3.709.0
  jquery@3.7.1
  @babel/core@7.26.0
  @babel/parser@7.26.3
)

CRATES=(
  tokio=1.42.0 serde=1.0.215 syn=2.0.90 regex=1.11.1 regex-syntax=0.8.5 hyper=1.5.1
  clap=4.5.23 reqwest=0.12.9 rustls=0.23.19 serde_json=1.0.133 rayon=1.10.0 axum=0.7.9
  diesel=2.2.6 sqlx=0.8.2 ring=0.17.8 openssl=0.10.68
)

MAX_FILE_BYTES=$((10 * 1024 * 1024))

# ---------------------------------------------------------------------------------------------
pins_hash() {
  {
    printf '%s\n' "$JDK_DEB" "${JDK_MODULES[@]}" "${GO_DEBS[@]}" "${JAVA_RES_DEBS[@]}" \
      "${PYPI_SDISTS[@]}" "${ANSIBLE_COLLECTIONS[@]}" "${PYPI_EXCLUDE[@]}" "${NPM_PACKAGES[@]}" "${CRATES[@]}" \
      "max=$MAX_FILE_BYTES" "layout=2"
  } | sha256sum | cut -c1-16
}
HASH=$(pins_hash)

if [[ ${FORCE:-0} != 1 && -d $SRC && -f $STAMP && $(cat "$STAMP") == "$HASH" ]]; then
  log "corpus up to date in $SRC: $(sed -n 2p "$MANIFEST" 2>/dev/null | tr '\t' ' '); FORCE=1 rebuilds"
  exit 0
fi

need() { command -v "$1" >/dev/null 2>&1; }
missing=()
for t in apt-get dpkg-deb python3 npm cargo tar; do need "$t" || missing+=("$t"); done
python3 -m pip --version >/dev/null 2>&1 || missing+=("python3 -m pip")
if ((${#missing[@]})); then log "missing tools: ${missing[*]}"; exit 2; fi
if ! need unzip; then
  log "installing unzip"
  apt-get install -y unzip >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y unzip >/dev/null; }
fi

mkdir -p "$CACHE/deb" "$CACHE/pypi" "$CACHE/npm" "$CACHE/cargo"
rm -rf "$BUILD"
mkdir -p "$BUILD"
VERSIONS="$BUILD.versions"
: >"$VERSIONS"
START=$SECONDS

# ---------------------------------------------------------------------------------------------
# Debian: download (pinned, falling back to the candidate) into the cache; print the .deb path
# ---------------------------------------------------------------------------------------------
APT_UPDATED=0
deb_fetch() {
  local spec=$1 name=${1%%=*} ver=${1#*=} f
  local fver=${ver/:/%3a}  # the epoch appears url-encoded in .deb names
  f=$(compgen -G "$CACHE/deb/${name}_${fver}_*.deb" | head -n1 || true)
  if [[ -z $f ]]; then
    if ! (cd "$CACHE/deb" && apt-get download "$spec" >/dev/null 2>&1); then
      if ((APT_UPDATED == 0)); then apt-get update -qq >/dev/null 2>&1 || true; APT_UPDATED=1; fi
      if ! (cd "$CACHE/deb" && apt-get download "$spec" >/dev/null 2>&1); then
        log "WARNING: $spec not available; using the current candidate of $name"
        (cd "$CACHE/deb" && apt-get download "$name" >/dev/null 2>&1) || { log "apt-get download $name failed"; return 1; }
      fi
    fi
    f=$(find "$CACHE/deb" -maxdepth 1 -name "${name}_*.deb" -printf '%T@ %p\n' | sort -rn | head -n1 | cut -d' ' -f2-)
  fi
  printf 'deb\t%s\t%s\n' "$name" "$(dpkg-deb -f "$f" Version)" >>"$VERSIONS"
  printf '%s\n' "$f"
}

# ---------------------------------------------------------------------------------------------
# Java: OpenJDK 17 sources
# ---------------------------------------------------------------------------------------------
log "java: $JDK_DEB"
deb=$(deb_fetch "$JDK_DEB")
tmp="$BUILD/.tmp-jdk"
mkdir -p "$tmp"
dpkg-deb -x "$deb" "$tmp"
srczip=$(find "$tmp" -name src.zip | head -n1)
jver=$(dpkg-deb -f "$deb" Version)
mkdir -p "$BUILD/java/openjdk-17-$jver"
unzip -qq -o "$srczip" "${JDK_MODULES[@]/%//*}" -d "$BUILD/java/openjdk-17-$jver"
rm -rf "$tmp"

# ---------------------------------------------------------------------------------------------
# Go: standard library (without cmd/) and libraries
# ---------------------------------------------------------------------------------------------
for spec in "${GO_DEBS[@]}"; do
  name=${spec%%=*}
  log "go: $spec"
  deb=$(deb_fetch "$spec")
  tmp="$BUILD/.tmp-$name"
  mkdir -p "$tmp"
  dpkg-deb -x "$deb" "$tmp"
  dest="$BUILD/go/$name-$(dpkg-deb -f "$deb" Version | tr ':~+' '_._')"
  mkdir -p "$dest"
  if [[ $name == golang-1.*-src ]]; then
    gosrc=$(find "$tmp/usr/share" -maxdepth 2 -type d -name src -path '*go-1.*' | head -n1)
    cp -a "$gosrc/." "$dest/"
    rm -rf "$dest/cmd" "$dest/vendor"  # the toolchain; vendored copies of golang.org/x
  else
    cp -a "$tmp/usr/share/gocode/src/." "$dest/" 2>/dev/null || cp -a "$tmp/usr/share/." "$dest/"
  fi
  rm -rf "$tmp"
done

# ---------------------------------------------------------------------------------------------
# Java resources: text files inside Debian jars, Tomcat conf and examples
# ---------------------------------------------------------------------------------------------
for spec in "${JAVA_RES_DEBS[@]}"; do
  name=${spec%%=*}
  log "java-resources: $spec"
  deb=$(deb_fetch "$spec")
  tmp="$BUILD/.tmp-$name"
  mkdir -p "$tmp"
  dpkg-deb -x "$deb" "$tmp"
  dest="$BUILD/java-resources/$name-$(dpkg-deb -f "$deb" Version | tr ':~+' '_._')"
  mkdir -p "$dest"
  # jars (real files, not the version-less symlinks)
  while IFS= read -r -d '' jar; do
    jd="$dest/$(basename "$jar" .jar)"
    mkdir -p "$jd"
    unzip -qq -o "$jar" '*.properties' '*.xml' '*.xsd' '*.dtd' '*.yml' '*.yaml' '*.json' \
      '*.txt' '*.java' '*.jsp' '*.html' 'META-INF/spring.*' 'META-INF/services/*' \
      -d "$jd" 2>/dev/null || true
  done < <(find "$tmp" -type f -name '*.jar' -print0)
  # configuration and examples shipped as plain files (tomcat10, tomcat10-common, -examples)
  for d in etc usr/share/tomcat10 usr/share/tomcat10-examples; do
    [[ -d $tmp/$d ]] && mkdir -p "$dest/$d" && cp -a "$tmp/$d/." "$dest/$d/"
  done
  rm -rf "$tmp"
done

# ---------------------------------------------------------------------------------------------
# Python: PyPI sdists (pip download; --no-binary per package so build backends come as wheels)
# ---------------------------------------------------------------------------------------------
# the sdist of NAME==VERSION in the cache (file names differ in case and -/_ from the pin)
sdist_path() {
  find "$CACHE/pypi" -maxdepth 1 -type f -iname "${1//[-_]/[-_]}-$2.tar.gz" -print -quit
}
names=()
have_all=1
for s in "${PYPI_SDISTS[@]}"; do
  names+=("${s%%==*}")
  [[ -n $(sdist_path "${s%%==*}" "${s#*==}") ]] || have_all=0
done
if ((have_all == 0)); then
  log "python: pip download ${#PYPI_SDISTS[@]} sdists (pip prepares their metadata: ~1-2 min)"
  python3 -m pip download --quiet --disable-pip-version-check --no-deps \
    --no-binary "$(IFS=,; printf '%s' "${names[*]}")" -d "$CACHE/pypi" "${PYPI_SDISTS[@]}" >&2
fi
for s in "${PYPI_SDISTS[@]}"; do
  n=${s%%==*} v=${s#*==}
  f=$(sdist_path "$n" "$v")
  [[ -n $f ]] || { log "sdist of $s not found in $CACHE/pypi"; exit 1; }
  printf 'pypi\t%s\t%s\n' "$n" "$v" >>"$VERSIONS"
  if [[ $n == ansible ]]; then
    tmp="$BUILD/.tmp-ansible"
    mkdir -p "$tmp"
    members=()
    for c in "${ANSIBLE_COLLECTIONS[@]}"; do members+=("ansible-$v/ansible_collections/$c"); done
    tar -xzf "$f" -C "$tmp" "${members[@]}"
    mkdir -p "$BUILD/ansible"
    mv "$tmp/ansible-$v/ansible_collections" "$BUILD/ansible/ansible-$v"
    rm -rf "$tmp"
  else
    mkdir -p "$BUILD/python"
    excl=()
    for e in "${PYPI_EXCLUDE[@]}"; do excl+=("--exclude=$e"); done
    tar -xzf "$f" -C "$BUILD/python" "${excl[@]}"
  fi
done

# ---------------------------------------------------------------------------------------------
# JS/TS: npm pack
# ---------------------------------------------------------------------------------------------
for spec in "${NPM_PACKAGES[@]}"; do
  name=${spec%@*} ver=${spec##*@}
  tgz="$CACHE/npm/$(printf '%s' "$name" | sed 's#^@##; s#/#-#')-$ver.tgz"
  if [[ ! -s $tgz ]]; then
    log "js: npm pack $spec"
    npm pack --silent --pack-destination "$CACHE/npm" "$spec" >/dev/null
  fi
  printf 'npm\t%s\t%s\n' "$name" "$ver" >>"$VERSIONS"
  dest="$BUILD/js/$(basename "$tgz" .tgz)"
  mkdir -p "$dest"
  tar -xzf "$tgz" -C "$dest" --strip-components=1
done

# ---------------------------------------------------------------------------------------------
# Rust: crates.io via cargo vendor; only the pinned crates are kept (not their dependencies)
# ---------------------------------------------------------------------------------------------
log "rust: cargo vendor ${#CRATES[@]} crates"
proj="$CACHE/cargo/proj"
mkdir -p "$proj/src"
printf 'fn main() {}\n' >"$proj/src/main.rs"
{
  printf '[package]\nname = "apiaudit-bench-corpus"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n[workspace]\n\n[dependencies]\n'
  for c in "${CRATES[@]}"; do
    printf '%s = { version = "=%s", default-features = false }\n' "${c%%=*}" "${c#*=}"
  done
} >"$proj/Cargo.toml"
vend="$CACHE/cargo/vendor"
ok=1
for c in "${CRATES[@]}"; do [[ -d $vend/${c%%=*}-${c#*=} ]] || ok=0; done
if ((ok == 0)); then
  rm -rf "$vend"
  cargo vendor --quiet --versioned-dirs --manifest-path "$proj/Cargo.toml" "$vend" >/dev/null
fi
mkdir -p "$BUILD/rust"
for c in "${CRATES[@]}"; do
  d="${c%%=*}-${c#*=}"
  cp -a "$vend/$d" "$BUILD/rust/$d"
  rm -f "$BUILD/rust/$d/.cargo-checksum.json" "$BUILD/rust/$d/.cargo_vcs_info.json"
  printf 'crate\t%s\t%s\n' "${c%%=*}" "${c#*=}" >>"$VERSIONS"
done

# ---------------------------------------------------------------------------------------------
# Normalise and write the manifest
# ---------------------------------------------------------------------------------------------
log "normalising (binary files, symlinks, >10 MiB, *.map, ignore files, .git/node_modules/target)"
python3 - "$BUILD" "$MAX_FILE_BYTES" "$MANIFEST.tmp" "$VERSIONS" <<'PY'
import os, stat, sys, collections
root, maxb, manifest, versions = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
IGNORE_FILES = {".gitignore", ".ignore", ".rgignore", ".apiauditignore", ".gitleaksignore"}
SKIP_DIRS = {".git", "node_modules", "target"}
removed = collections.Counter()
for dp, dns, fns in os.walk(root, topdown=True):
    for d in list(dns):
        p = os.path.join(dp, d)
        if os.path.islink(p):
            os.unlink(p); dns.remove(d); removed["symlink"] += 1
        elif d in SKIP_DIRS:
            # keep the content, under a name no tool skips
            os.rename(p, p + "_"); dns.remove(d); dns.append(d + "_"); removed["renamed dir"] += 1
    for f in fns:
        p = os.path.join(dp, f)
        st = os.lstat(p)
        if not stat.S_ISREG(st.st_mode):
            os.unlink(p); removed["symlink/special"] += 1; continue
        if f in IGNORE_FILES or f.endswith(".map"):
            os.unlink(p); removed["ignore file / source map"] += 1; continue
        if st.st_size > maxb:
            os.unlink(p); removed["> max size"] += 1; continue
        with open(p, "rb") as fh:
            if b"\0" in fh.read():
                os.unlink(p); removed["binary (NUL)"] += 1; continue
        os.chmod(p, 0o644)
# remove empty directories
for dp, dns, fns in os.walk(root, topdown=False):
    if dp != root and not os.listdir(dp):
        os.rmdir(dp)

LANG = {
    ".java": "Java", ".py": "Python", ".pyi": "Python", ".pyx": "Python", ".go": "Go",
    ".js": "JS/TS", ".mjs": "JS/TS", ".cjs": "JS/TS", ".ts": "JS/TS", ".mts": "JS/TS",
    ".cts": "JS/TS", ".tsx": "JS/TS", ".jsx": "JS/TS", ".vue": "JS/TS",
    ".rs": "Rust", ".yml": "YAML", ".yaml": "YAML", ".properties": "properties",
    ".xml": "XML", ".xsd": "XML", ".dtd": "XML", ".xsl": "XML", ".xslt": "XML", ".wsdl": "XML",
    ".json": "JSON", ".md": "docs", ".rst": "docs", ".txt": "docs", ".html": "HTML/JSP",
    ".htm": "HTML/JSP", ".jsp": "HTML/JSP", ".c": "C/C++/asm", ".h": "C/C++/asm",
    ".cc": "C/C++/asm", ".cpp": "C/C++/asm", ".s": "C/C++/asm", ".S": "C/C++/asm",
    ".pl": "C/C++/asm", ".po": "gettext .po", ".toml": "TOML/INI/cfg", ".cfg": "TOML/INI/cfg",
    ".ini": "TOML/INI/cfg", ".conf": "TOML/INI/cfg", ".sh": "shell", ".ps1": "shell",
    ".j2": "templates", ".tmpl": "templates",
}
by_cat = collections.defaultdict(lambda: [0, 0])
by_lang = collections.defaultdict(lambda: [0, 0])
by_src = collections.defaultdict(lambda: [0, 0])
total = [0, 0]
for dp, dns, fns in os.walk(root):
    rel = os.path.relpath(dp, root).split(os.sep)
    for f in fns:
        size = os.path.getsize(os.path.join(dp, f))
        cat = rel[0]
        src = "/".join(rel[:2])
        ext = os.path.splitext(f)[1]
        if f.endswith(".d.ts"):
            ext = ".ts"
        lang = LANG.get(ext, LANG.get(ext.lower(), "other text"))
        for d, k in ((by_cat, cat), (by_lang, lang), (by_src, src)):
            d[k][0] += 1; d[k][1] += size
        total[0] += 1; total[1] += size
MB = 1e6
with open(manifest, "w") as out:
    out.write("# apiaudit source corpus (scripts/fetch-source-corpus.sh)\n")
    out.write(f"total\t{total[0]} files\t{total[1]} bytes\t{total[1]/MB:.1f} MB\n\n")
    for title, d in (("category", by_cat), ("language", by_lang), ("source", by_src)):
        out.write(f"## by {title}\n{title}\tfiles\tMB\n")
        for k, (n, b) in sorted(d.items(), key=lambda kv: -kv[1][1]):
            out.write(f"{k}\t{n}\t{b/MB:.1f}\n")
        out.write("\n")
    out.write("## removed while normalising\n")
    for k, n in sorted(removed.items()):
        out.write(f"{k}\t{n}\n")
    out.write("\n## versions used\n")
    out.write(open(versions).read())
PY
rm -rf "$SRC"
mv "$BUILD" "$SRC"
rm -f "$VERSIONS"
mv "$MANIFEST.tmp" "$MANIFEST"
printf '%s\n' "$HASH" >"$STAMP"
log "done in $((SECONDS - START)) s: $(sed -n 2p "$MANIFEST")"
log "manifest: $MANIFEST"
