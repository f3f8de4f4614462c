#!/usr/bin/env bash
# npm run dev: the n8n editor on http://localhost:5678 (N8N_PORT to change) with this
# package installed and an EvoLink credential ready (the simulator, or the real API
# when EVOLINK_API_KEY is set). State lives in ./.n8n-dev/ (git-ignored). Ctrl-C stops.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || { echo "[dev] npm ci" >&2; npm ci --no-audit --no-fund >&2; }
echo "[dev] building the package" >&2
npm run --silent build >&2
# n8n and the Node 24 it needs come from scripts/lib/local-n8n.js (n8nRuntime)
exec node scripts/dev.js "$@"
