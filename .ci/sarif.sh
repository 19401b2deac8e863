#!/usr/bin/env bash
# Validates jslint's SARIF output on the seed example against the official SARIF 2.1.0 JSON
# schema (shipped in the npm package @microsoft/sarif-multitool-linux), with Python's
# jsonschema. The multitool's own `validate` accepts invalid files, so it is not used.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -c "import jsonschema" 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check jsonschema
(cd "$work" && npm pack --silent @microsoft/sarif-multitool-linux@5 > /dev/null && tar xzf microsoft-sarif-multitool-linux-*.tgz package/sarif-2.1.0.json)
set +e
./target/debug/jslint check examples/zhongzhan-2023.jsmd --format sarif > "$work/seed.sarif"
status=$?
set -e
[ "$status" -eq 1 ] || { echo "expected exit 1 from jslint on the seed, got $status"; exit 1; }
python3 - "$work/package/sarif-2.1.0.json" "$work/seed.sarif" <<'PY'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
Validator = jsonschema.validators.validator_for(schema)
validator = Validator(schema, format_checker=Validator.FORMAT_CHECKER)
errors = list(validator.iter_errors(doc))
for e in errors[:10]:
    print("invalid:", e.message[:300], "at", "/".join(map(str, e.path)))
# The check must be able to fail: a document without its version is invalid.
broken = dict(doc)
del broken["version"]
assert list(validator.iter_errors(broken)), "the validator accepted a SARIF file without a version"
results = doc["runs"][0]["results"]
assert results and doc["runs"][0]["columnKind"] == "unicodeCodePoints"
assert all(r["ruleId"].startswith("JL") for r in results)
print(f"SARIF valid: {len(results)} results, {len(doc['runs'][0]['tool']['driver']['rules'])} rules")
sys.exit(1 if errors else 0)
PY
