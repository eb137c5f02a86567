#!/usr/bin/env bash
# Renders docs/screenshots/nvim.png: Neovim 0.11 in tmux with the plugin attached to
# examples/annual-report.txt (diagnostics as signs and virtual text, :BaogaoPlaceholders in
# the quickfix list), captured with `tmux capture-pane -e`, turned into HTML by ansi2html.py
# and photographed by headless Chromium.
# Needs: tmux, chromium, fonts-wqy-microhei (apt-get install -y --no-install-recommends ...),
# the Neovim of test/run.sh (editors/nvim/.cache/.venv-nvim) and target/release/baogao.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
plugin="$(cd "$here/../.." && pwd)"
repo="$(cd "$plugin/../.." && pwd)"
nvim="${NVIM011:-$plugin/.cache/.venv-nvim/bin/nvim}"
bin="${BAOGAO_BIN:-$repo/target/release/baogao}"
out="${1:-$repo/docs/screenshots/nvim.png}"
cols=112 lines=34

tmp="$(mktemp -d)"
session="baogao-shot-$$"
cleanup() { tmux kill-session -t "$session" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
mkdir -p "$tmp"/{bin,config,data,state,cache}
ln -s "$bin" "$tmp/bin/baogao"
cat >"$tmp/init.lua" <<LUA
vim.opt.rtp:append('$plugin')
vim.o.termguicolors = true
vim.o.background = 'dark'
vim.o.number = true
vim.o.signcolumn = 'yes'
vim.o.shortmess = vim.o.shortmess .. 'I'
vim.diagnostic.config({ virtual_text = { prefix = '●' }, signs = true, underline = true, severity_sort = true })
vim.lsp.enable('baogao')
LUA

tmux -f /dev/null new-session -d -s "$session" -x "$cols" -y "$lines" \
  "cd '$repo' && env PATH='$tmp/bin:$PATH' TERM=tmux-256color COLORTERM=truecolor \
   XDG_CONFIG_HOME='$tmp/config' XDG_DATA_HOME='$tmp/data' XDG_STATE_HOME='$tmp/state' XDG_CACHE_HOME='$tmp/cache' \
   '$nvim' -u '$tmp/init.lua' examples/annual-report.txt"
tmux set -t "$session" -g status off

wait_for() { # text
  for _ in $(seq 100); do
    if tmux capture-pane -t "$session" -p | grep -q "$1"; then return 0; fi
    sleep 0.1
  done
  echo "screenshot: '$1' never appeared" >&2
  tmux capture-pane -t "$session" -p >&2
  exit 1
}
wait_for '编号跳跃'
tmux send-keys -t "$session" ':BaogaoPlaceholders' Enter
wait_for 'baogao: placeholders'
tmux send-keys -t "$session" C-w k 11G
sleep 0.5
tmux capture-pane -t "$session" -p -e >"$tmp/screen.ansi"

python3 "$here/ansi2html.py" '#e0e2ea' '#14161b' <"$tmp/screen.ansi" >"$tmp/screen.html"
mkdir -p "$(dirname "$out")"
# 9.6 px a column, 22 px a row (ansi2html.py), plus padding.
width=$(( cols * 96 / 10 + 28 )) height=$(( lines * 22 + 24 ))
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
  --user-data-dir="$tmp/chromium" --window-size="$width,$height" \
  --screenshot="$out" "file://$tmp/screen.html" 2>/dev/null
echo "wrote $out (${width}x${height})"
