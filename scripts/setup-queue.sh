#!/usr/bin/env bash
# Debian's redis-server and postgresql for the queue-mode tests (test/queue/, driven by
# scripts/lib/queue-n8n.js, which starts its OWN servers with data in temp folders).
# Idempotent: an instant no-op when both are installed. Otherwise installs the missing
# distribution packages (needs root, as on CI): `apt-get update` once, then install.
# Quiet: apt's output goes to a log that is only shown when something fails.
# The system services are neither left running nor enabled: during the install a
# policy-rc.d forbids invoke-rc.d to start them (Debian's postinst scripts ask it), and
# afterwards any that started anyway (no policy layer, systemd) are stopped and disabled.
set -euo pipefail
have_redis() { command -v redis-server >/dev/null || [ -x /usr/bin/redis-server ]; }
have_pg() { compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && command -v psql >/dev/null; }
have_redis && have_pg && exit 0
log() { echo "[setup-queue] $*" >&2; }

command -v apt-get >/dev/null || { log "redis-server/postgresql are missing and apt-get is not available: install them by hand"; exit 1; }
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { log "redis-server/postgresql are missing; installing them needs root (apt-get install redis-server postgresql)"; exit 1; }
  SUDO="sudo -n"
fi

# concurrent runs (two checkouts, parallel CI steps) wait for each other
LOCK_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-evolink"
mkdir -p "$LOCK_DIR"
if command -v flock >/dev/null; then
  exec 9>"$LOCK_DIR/.queue-lock"
  flock 9 || true
  have_redis && have_pg && exit 0
fi

PKGS=()
have_redis || PKGS+=(redis-server)
have_pg || PKGS+=(postgresql)
start=$(date +%s)
LOG="$(mktemp -t setup-queue.XXXXXX)"
POLICY=/usr/sbin/policy-rc.d
OWN_POLICY=""
cleanup() {
  rm -f "$LOG"
  [ -z "$OWN_POLICY" ] || $SUDO rm -f "$POLICY"
}
trap cleanup EXIT
if [ ! -e "$POLICY" ]; then
  # 101 = "action forbidden by policy": postinst's invoke-rc.d start is skipped
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null
  $SUDO chmod 755 "$POLICY"
  OWN_POLICY=1
fi

log "installing Debian's ${PKGS[*]} (apt-get; first run only)"
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${PKGS[@]}"; } >"$LOG" 2>&1; then
  tail -n 40 "$LOG" >&2
  log "apt-get install ${PKGS[*]} failed"
  exit 1
fi

# Whatever the policy layer did not catch: stop and disable the system services.
{
  for svc in redis-server postgresql; do
    if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
      $SUDO systemctl disable --now "$svc" || true
    else
      $SUDO service "$svc" stop || true
      command -v update-rc.d >/dev/null && $SUDO update-rc.d "$svc" disable || true
    fi
  done
  # a cluster postgresql-common's postinst created and started (Debian's "main")
  if command -v pg_lsclusters >/dev/null; then
    pg_lsclusters -h 2>/dev/null | while read -r ver name _ status _; do
      [ "$status" = online ] && $SUDO pg_ctlcluster "$ver" "$name" stop || true
    done
  fi
} >>"$LOG" 2>&1

have_redis || { log "redis-server installed but not found"; exit 1; }
have_pg || { log "postgresql installed but initdb/psql not found"; exit 1; }
log "$(redis-server --version | cut -d' ' -f1-3), $(psql --version) ready in $(( $(date +%s) - start ))s"
