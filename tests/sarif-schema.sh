#!/usr/bin/env bash
# Validates `baogao check --format sarif` against the SARIF 2.1.0 JSON schema
# (sarif-2.1.0-rtm.5.json, the final 2.1.0 schema, as shipped in the npm
# package @microsoft/jest-sarif) with Python's jsonschema.
# The schema is unpacked into target/sarif-schema/, where the test
# `sarif_validates_against_the_2_1_0_schema` (tests/cli_formats.rs) finds it;
# this script then runs that test.
#   bash tests/sarif-schema.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/target/sarif-schema"
schema="$dir/sarif-2.1.0-rtm.5.json"
start=$(date +%s)
if [ ! -f "$schema" ]; then
  mkdir -p "$dir"
  (cd "$dir" && npm pack --silent @microsoft/jest-sarif@1.0.0-beta.0 >/dev/null &&
    tar -xzf microsoft-jest-sarif-1.0.0-beta.0.tgz package/lib/schemas/sarif-2.1.0-rtm.5.json &&
    mv package/lib/schemas/sarif-2.1.0-rtm.5.json . && rm -rf package ./*.tgz)
fi
python3 -c 'import jsonschema' 2>/dev/null || pip install --quiet jsonschema
cd "$root"
BAOGAO_REQUIRE_SARIF_SCHEMA=1 cargo test --quiet --test cli_formats sarif_validates_against_the_2_1_0_schema
echo "SARIF schema test took $(( $(date +%s) - start )) s"
