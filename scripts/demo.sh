#!/usr/bin/env bash
# npm run demo [-- --keep]: the payout guide's whole flow in a real n8n against the local Pivot
# simulator, with all of its own set-up (dependencies, build, the cached n8n). See README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	echo "==> npm ci (first run: installs the project's dependencies)"
	npm ci --no-audit --no-fund
fi

echo "==> build"
build_log="$(mktemp)"
trap 'rm -f "$build_log"' EXIT
if ! npm run build >"$build_log" 2>&1; then
	cat "$build_log" >&2
	echo "demo: npm run build failed" >&2
	exit 1
fi

# Node 24 + n8n 2.41.1 in a cache outside the repository: about 9 minutes the first time
# (with progress lines), instant afterwards.
bash scripts/n8n-env.sh --quiet

node scripts/demo.mjs "$@"
