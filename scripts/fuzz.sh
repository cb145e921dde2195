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
seed() {
  local target=$1 dir=corpus/$1
  mkdir -p "$dir"
  case $target in
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
