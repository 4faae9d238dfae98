#!/usr/bin/env bash
# npm run test:all: every suite, with all of its own set-up (dependencies, build, the cached
# n8n versions, Chromium, PostgreSQL and Redis). What CI runs after the strict lint.
#
# Skips, for a quicker local run: PIVOT_SKIP_E2E=1, PIVOT_SKIP_OLDEST=1, PIVOT_SKIP_QUEUE=1,
# PIVOT_SKIP_PACKAGE=1, PIVOT_SKIP_CAMPAIGN=1.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	echo "==> npm ci"
	npm ci
fi
echo "==> build"
npm run build
echo "==> type-check (nodes, credentials and every test)"
npm run typecheck
echo "==> jest: unit, engine and trigger tests; the simulator's specs"
npx jest --ci
echo "==> release checks (what n8n's verification looks at; no n8n needed)"
node scripts/run.mjs --no-build release
# The real-n8n suites: the newest n8n with the editor in Chromium, the oldest claimed n8n, queue
# mode (PostgreSQL, Redis, 2 workers, a webhook process), the packed package installed as a
# community package. A cold cache first installs each n8n version once.
node scripts/run.mjs --no-build n8n e2e oldest queue package
if [ "${PIVOT_SKIP_CAMPAIGN:-}" = "1" ]; then
	echo "==> safety campaign skipped (PIVOT_SKIP_CAMPAIGN=1)"
else
	echo "==> safety campaign (small): duplicates, token expiry, forged callbacks, bad input, secrets"
	node scripts/run.mjs --no-build campaign --size small
fi
