#!/usr/bin/env bash
# Debian's chromium for the browser tests (test/browser/), driven by playwright-core.
# Idempotent: an instant no-op when /usr/bin/chromium exists. Otherwise installs the
# distribution package (needs root, as on CI): `apt-get update` once, then install.
# Quiet: apt's output goes to a log that is only shown when something fails.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] && exit 0
log() { echo "[setup-browser] $*" >&2; }

command -v apt-get >/dev/null || { log "$CHROMIUM is missing and apt-get is not available: install Chromium by hand"; exit 1; }
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { log "$CHROMIUM is missing; installing it needs root (apt-get install chromium)"; exit 1; }
  SUDO="sudo -n"
fi

# concurrent runs (two checkouts, parallel CI steps) wait for each other
LOCK_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-evolink"
mkdir -p "$LOCK_DIR"
if command -v flock >/dev/null; then
  exec 9>"$LOCK_DIR/.browser-lock"
  flock 9 || true
  [ -x "$CHROMIUM" ] && exit 0
fi

start=$(date +%s)
LOG="$(mktemp -t setup-browser.XXXXXX)"
trap 'rm -f "$LOG"' EXIT
log "installing Debian's chromium (apt-get; first run only)"
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium; } >"$LOG" 2>&1; then
  tail -n 40 "$LOG" >&2
  log "apt-get install chromium failed"
  exit 1
fi
[ -x "$CHROMIUM" ] || { log "chromium installed but $CHROMIUM is missing"; exit 1; }
log "$("$CHROMIUM" --version 2>/dev/null || echo chromium) ready in $(( $(date +%s) - start ))s"
