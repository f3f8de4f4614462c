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
