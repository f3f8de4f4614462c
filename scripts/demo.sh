#!/usr/bin/env bash
# npm run demo: the first command on a fresh clone. Builds the package, installs a
# real n8n once (cached outside the repo), and runs examples/generate-and-save-video.json
# against the EvoLink simulator, or the real API when EVOLINK_API_KEY is set.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || { echo "[demo] npm ci" >&2; npm ci --no-audit --no-fund >&2; }
echo "[demo] building the package" >&2
npm run --silent build >&2
CACHE="$(bash scripts/setup-n8n.sh)"
# n8n 2.x needs Node 24: the cached one goes first on PATH
export PATH="$CACHE/node24/bin:$PATH"
exec node scripts/demo.js "$@"
