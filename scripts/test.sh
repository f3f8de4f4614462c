#!/usr/bin/env bash
# THE test command (README: `npm test`). Installs what it needs, then lints, builds
# and runs every suite: unit, simulator, engine (n8n-core), and real-n8n end to end.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules/.bin ] || npm ci --no-audit --no-fund
bash scripts/setup-n8n.sh >/dev/null
if [ -f scripts/setup-browser.sh ]; then bash scripts/setup-browser.sh; fi

npm run lint
npm run build
# One worker: the end-to-end suites start real n8n processes and share 2 cores.
npx jest --runInBand "$@"
# Second pass (full runs only): the e2e suite against the n8n 1.x LTS line too. Its
# install is cached like 2.x's (~2.5 min the first time, ~1.8 GB); the suite takes ~15 s.
# test/e2e/callback.test.ts is 2.x-only (it activates workflows with publish:workflow).
if [ $# -eq 0 ]; then
  N8N_LTS="${N8N_LTS_VERSION:-1.123.81}"
  N8N_VERSION="$N8N_LTS" bash scripts/setup-n8n.sh >/dev/null
  N8N_VERSION="$N8N_LTS" npx jest --runInBand test/e2e/video.test.ts
fi
