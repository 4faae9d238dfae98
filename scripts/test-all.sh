#!/usr/bin/env bash
# npm run test:all: every suite, with all of its own set-up (dependencies, build, the cached
# n8n versions, Chromium, PostgreSQL and Redis). What CI runs after the strict lint.
#
# Skips, for a quicker local run: PIVOT_SKIP_E2E=1, PIVOT_SKIP_OLDEST=1, PIVOT_SKIP_QUEUE=1,
# PIVOT_SKIP_PACKAGE=1, PIVOT_SKIP_CAMPAIGN=1.
set -euo pipefail
cd "$(dirname "$0")/.."

# Prints how long the previous stage took, so a run's log shows where its time went.
stage_start=$SECONDS
stage() {
	if [ -n "${stage_name:-}" ]; then echo "==> ${stage_name}: $((SECONDS - stage_start)) s"; fi
	stage_name="$1"
	stage_start=$SECONDS
	if [ -n "$1" ]; then echo "==> $1"; fi
}
trap 'stage ""' EXIT

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	stage "npm ci"
	npm ci
fi
stage "build"
npm run build
stage "type-check (nodes, credentials and every test)"
npm run typecheck
stage "jest: unit, engine and trigger tests (npm test)"
npx jest --ci --selectProjects nodes
stage "property tests at 10,000 inputs each (parsers, scrubber, claim rules)"
PIVOT_PROPERTY_RUNS=10000 npx jest --ci --selectProjects nodes --testPathPatterns 'test/unit/' 'test/trigger/normalise' --testNamePattern '\(property\)'
stage "claims oracle: 500 random Payout → Create cases checked against the simulator"
PIVOT_PROPERTY_RUNS=500 npx jest --ci --selectProjects nodes --testPathPatterns 'create.claimsOracle'
stage "jest: the simulator's specs (npm run test:simulator)"
npx jest --ci --selectProjects simulator
stage "release checks (what n8n's verification looks at; no n8n needed)"
node scripts/run.mjs --no-build release
# The real-n8n suites: the newest n8n with the editor in Chromium, the oldest claimed n8n, queue
# mode (PostgreSQL, Redis, 2 workers, a webhook process), the packed package installed as a
# community package. A cold cache first installs each n8n version once.
for suite in e2e oldest queue package; do
	stage "real n8n: ${suite}"
	node scripts/run.mjs --no-build n8n "$suite"
done
if [ "${PIVOT_SKIP_CAMPAIGN:-}" = "1" ]; then
	echo "==> safety campaign skipped (PIVOT_SKIP_CAMPAIGN=1)"
else
	stage "safety campaign (small): duplicates, token expiry, forged callbacks, bad input, secrets"
	node scripts/run.mjs --no-build campaign --size small
fi
