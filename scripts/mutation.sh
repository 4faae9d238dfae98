#!/usr/bin/env bash
# Mutation testing (Stryker with its jest runner) of the pure modules against the fast unit tests:
# test/stryker.config.mjs lists the modules and the tests. Stryker needs Node 22 or later, so it
# runs on the Node of the n8n cache (scripts/n8n-env.sh installs it once).
#
#   scripts/mutation.sh                                  every pure module
#   MUTATE=nodes/lib/money.ts scripts/mutation.sh         one file (comma-separated list)
#   scripts/mutation.sh --concurrency 1                  further arguments go to `stryker run`
#
# Reports: artifacts/mutation/report.txt (clear text), artifacts/mutation/mutation.json.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/n8n-env.sh --quiet
eval "$(bash scripts/n8n-env.sh --print-env)"

mkdir -p artifacts/mutation
started=$(date +%s)
set +e
FORCE_COLOR=0 "$PIVOT_N8N_NODE" node_modules/@stryker-mutator/core/bin/stryker.js run test/stryker.config.mjs "$@" 2>&1 |
	tee artifacts/mutation/report.txt
status=${PIPESTATUS[0]}
set -e
echo "[mutation] $(($(date +%s) - started)) s; reports in artifacts/mutation/ (report.txt, mutation.json)"
exit "$status"
