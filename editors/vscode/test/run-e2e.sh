#!/usr/bin/env bash
# End-to-end test of the VS Code extension in a real VS Code (code-server),
# driven by headless Chromium through playwright-core.
#
# On a fresh Debian machine it installs what it needs (apt packages, npm
# dependencies, code-server 4.100.3 — the last one for Node 20), packages
# the .vsix (which builds the release server), installs it into code-server
# on loopback, opens test/fixtures/workspace and checks diagnostics in the
# Problems panel, the Outline, completion, the status bar and the commands.
#
# Environment:
#   BAOGAO_VSCODE_CACHE  where code-server is installed and kept between runs
#                        (default editors/vscode/.cache)
#   BAOGAO_E2E_NO_PACKAGE=1  reuse an existing baogao-linux-x64-*.vsix
#   BAOGAO_E2E_HEADED=1  (debugging) keep code-server running at the end
# Screenshots go to test/e2e/screenshots/; one is copied to docs/screenshots/vscode.png.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"   # editors/vscode
root="$(cd "$here/../.." && pwd)"
cd "$here"

CODE_SERVER_VERSION=4.100.3
cache="${BAOGAO_VSCODE_CACHE:-$here/.cache}"
cs_dir="$cache/code-server-$CODE_SERVER_VERSION"
code_server="$cs_dir/node_modules/.bin/code-server"
start=$SECONDS

step() { echo "== [$((SECONDS - start))s] $*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# 1. System packages (Chromium and a CJK font for legible screenshots;
#    libkrb5-dev, pkg-config and ripgrep for code-server's install).
need=()
for pkg in chromium fonts-wqy-microhei libkrb5-dev pkg-config ripgrep; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  step "apt-get install ${need[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# 2. The extension's npm dependencies (esbuild, vsce, playwright-core, languageclient).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

# 3. code-server, cached. Its install downloads ripgrep from the internet:
#    pre-fill that download cache with Debian's rg.
if ! [ -x "$code_server" ] || ! [ -f "$cs_dir/.complete" ]; then
  step "install code-server@$CODE_SERVER_VERSION into $cs_dir"
  rm -rf "$cs_dir"
  mkdir -p "$cs_dir"
  rg_cache="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
  mkdir -p "$rg_cache"
  tar czf "$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg
  echo '{"name":"baogao-code-server-cache","private":true}' >"$cs_dir/package.json"
  (cd "$cs_dir" && npm_config_yes=true npm_config_unsafe_perm=true \
    npm install "code-server@$CODE_SERVER_VERSION" --foreground-scripts --no-audit --no-fund --loglevel=error >install.log 2>&1) || {
    tail -40 "$cs_dir/install.log"
    echo "code-server install failed (log: $cs_dir/install.log)" >&2
    exit 1
  }
  touch "$cs_dir/.complete"
fi
"$code_server" --version | head -1

# 4. Type-check, then the .vsix (builds the release server with cargo).
step "typecheck"
npx --no-install tsc --noEmit -p .
if [ "${BAOGAO_E2E_NO_PACKAGE:-}" != 1 ] || ! ls baogao-linux-x64-*.vsix >/dev/null 2>&1; then
  step "npm run package"
  rm -f baogao-linux-x64-*.vsix
  npm run --silent package -- linux-x64
fi
vsix="$(ls -t "$here"/baogao-linux-x64-*.vsix | head -1)"
python3 - "$vsix" <<'PY' || { echo "no executable server/baogao in $vsix" >&2; exit 1; }
import sys, zipfile
info = zipfile.ZipFile(sys.argv[1]).getinfo("extension/server/baogao")
assert (info.external_attr >> 16) & 0o111, "server/baogao is not executable"
PY

# 5. A throwaway code-server profile and a copy of the fixture workspace.
work="$(mktemp -d)"
port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
mkdir -p "$work/ud/User" "$work/exts" "$work/xdg"
cp -r "$here/test/fixtures/workspace" "$work/workspace"
cat >"$work/config.yaml" <<EOF
bind-addr: 127.0.0.1:$port
auth: none
cert: false
EOF
cp "$here/test/e2e/settings.json" "$work/ud/User/settings.json"
export XDG_CONFIG_HOME="$work/xdg" XDG_DATA_HOME="$work/xdg"
cs=("$code_server" --config "$work/config.yaml" --user-data-dir "$work/ud" --extensions-dir "$work/exts")

step "install $(basename "$vsix") into code-server"
"${cs[@]}" --install-extension "$vsix" 2>&1 | grep -v '^\[' || true
ls "$work/exts" | grep -q '^baogao\.baogao-' || { echo "extension not installed" >&2; exit 1; }

step "start code-server on 127.0.0.1:$port"
setsid "${cs[@]}" --disable-telemetry --disable-update-check --disable-workspace-trust \
  "$work/workspace" >"$work/code-server.log" 2>&1 &
cs_pid=$!
cleanup() {
  if [ "${BAOGAO_E2E_HEADED:-}" = 1 ]; then
    echo "code-server left running on http://127.0.0.1:$port (kill -- -$cs_pid)"
    return
  fi
  kill -- "-$cs_pid" 2>/dev/null || true
  sleep 0.5
  kill -9 -- "-$cs_pid" 2>/dev/null || true
}
trap cleanup EXIT

for _ in $(seq 1 60); do
  if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "http://127.0.0.1:$port/healthz"; then break; fi
  if ! kill -0 "$cs_pid" 2>/dev/null; then cat "$work/code-server.log"; echo "code-server exited" >&2; exit 1; fi
  sleep 0.5
done

# 6. The browser test.
step "browser test"
shots="$here/test/e2e/screenshots"
mkdir -p "$shots"
status=0
BAOGAO_URL="http://127.0.0.1:$port/?folder=$work/workspace" \
  BAOGAO_SCREENSHOTS="$shots" \
  BAOGAO_USER_DATA="$work/ud" \
  node "$here/test/e2e/vscode.e2e.mjs" || status=$?

if [ "$status" != 0 ]; then
  echo "---- code-server log (tail)"
  tail -30 "$work/code-server.log" || true
  for log in $(find "$work/ud/logs" -name '*baogao*' 2>/dev/null); do
    echo "---- $log"
    tail -40 "$log"
  done
  echo "screenshots: $shots"
  exit "$status"
fi

mkdir -p "$root/docs/screenshots"
cp "$shots/overview.png" "$root/docs/screenshots/vscode.png"
step "done (screenshots in $shots, docs/screenshots/vscode.png updated)"
rm -rf "$work"
