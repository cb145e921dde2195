#!/usr/bin/env bash
# Seeds each fuzz target's corpus from testdata/ and runs it for SECONDS (default 1800) each.
# Needs cargo-fuzz (`cargo install cargo-fuzz`); runs on the stable toolchain with `-s none`
# (no sanitizer: Rust code is memory-safe; we hunt panics, hangs and memory blow-ups).
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds=${1:-1800}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cargo fuzz list)
fi
# Targets that read one repository file take the first byte as the index of the file name in
# their NAMES list (fuzz_targets/<target>.rs) and the rest as the content: each seed is a
# testdata file whose name matches an entry, prefixed with that entry's index.
named_seeds() {
  local target=$1 dir=$2
  python3 - "$target" "$dir" <<'PY'
import fnmatch, hashlib, os, re, sys
target, out = sys.argv[1], sys.argv[2]
source = open(f"fuzz_targets/{target}.rs", encoding="utf-8").read()
block = re.search(r"const NAMES: &\[&str\] = &\[(.*?)\];", source, re.S).group(1)
names = re.findall(r'"([^"]+)"', block)
def pattern(name):
    base = name.rsplit("/", 1)[-1]
    stem, dot, ext = base.partition(".")
    # `application-prod.properties` seeds from any `application*.properties`, etc.
    return f"{stem.split('-')[0]}*{dot}{ext}" if stem else base
count = 0
for root, _, files in os.walk("../testdata"):
    for file in files:
        path = os.path.join(root, file)
        if not os.path.isfile(path) or os.path.getsize(path) > 64 * 1024:
            continue
        for index, name in enumerate(names):
            if fnmatch.fnmatch(file.lower(), pattern(name).lower()):
                data = bytes([index]) + open(path, "rb").read()
                digest = hashlib.sha1(data).hexdigest()[:16]
                open(os.path.join(out, f"seed-{digest}"), "wb").write(data)
                count += 1
                break
print(f"{target}: {count} seeds from testdata/", file=sys.stderr)
PY
}
seed() {
  local target=$1 dir=corpus/$1
  mkdir -p "$dir"
  case $target in
    log_config|gateway_config|dep_manifest|repo_file)
      named_seeds "$target" "$dir" ;;
    parse_structured|spec_load)
      find ../testdata -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) -size -64k \
        -exec cp -n {} "$dir/" \; 2>/dev/null || true ;;
    config_file)
      find .. -maxdepth 4 -name '*.toml' -path '*testdata*' -exec cp -n {} "$dir/" \; 2>/dev/null || true
      cargo run -q --manifest-path ../Cargo.toml -- init - > "$dir/init.toml" ;;
    *)
      find ../testdata -type f -size -64k -exec cp -n {} "$dir/" \; 2>/dev/null || true ;;
  esac
}
mkdir -p artifacts logs
for target in "${targets[@]}"; do
  seed "$target"
  echo "== $target for ${seconds}s"
  cargo fuzz run -s none "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=262144 \
    -print_final_stats=1 2>&1 | tee "logs/$target.log" | grep -E "^(#[0-9]+ +DONE|stat::|==|SUMMARY|Test unit written)" || true
done
