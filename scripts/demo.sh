#!/usr/bin/env bash
# npm run demo: the first command on a fresh clone. Builds the package, installs a
# real n8n once (cached outside the repo), and runs examples/generate-and-save-video.json
# against the EvoLink simulator, or the real API when EVOLINK_API_KEY is set.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || { echo "[demo] npm ci" >&2; npm ci --no-audit --no-fund >&2; }
echo "[demo] building the package" >&2
npm run --silent build >&2
# n8n and the Node 24 it needs come from scripts/lib/local-n8n.js (n8nRuntime)
exec node scripts/demo.js "$@"
