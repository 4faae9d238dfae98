#!/usr/bin/env bash
# Type-checks the package's sources (nodes/, credentials/) against the n8n-workflow of the
# oldest n8n the package claims (scripts/n8n-versions.json: oldest.n8nWorkflow), not the one
# in devDependencies: an API the old n8n-workflow lacks (an option, a type) fails here.
#
#   scripts/typecheck-oldest.sh [--target T] [--root DIR]
#     --target  an entry of scripts/n8n-versions.json (default: oldest)
#     --root    the package to check (default: this repository; tests check broken copies)
#
# That n8n-workflow is installed once into the cache (no install scripts), beside the n8n
# installs of scripts/n8n-env.sh; the project's devDependencies and lockfile stay untouched.
# tsc then runs with tsconfig.build.json and a `paths` entry that maps `n8n-workflow` there.
set -euo pipefail
cd "$(dirname "$0")/.."
# tsc and @types come from this repository, also when --root checks another folder
TOOLS_ROOT="$(pwd)"
REPO_ROOT="$TOOLS_ROOT"

target=oldest
while [ "$#" -gt 0 ]; do
	case "$1" in
		--target) target="${2:?--target needs a name}"; shift ;;
		--root) REPO_ROOT="$(cd "${2:?--root needs a folder}" && pwd)"; shift ;;
		*) echo "typecheck-oldest: unknown argument: $1" >&2; exit 2 ;;
	esac
	shift
done

version="$(node -e '
	const t = require("./scripts/n8n-versions.json")[process.argv[1]];
	if (!t || !/^\d+\.\d+\.\d+$/.test(t.n8nWorkflow ?? "")) process.exit(1);
	console.log(t.n8nWorkflow);' "$target")" || {
	echo "typecheck-oldest: scripts/n8n-versions.json has no $target.n8nWorkflow (x.y.z)" >&2
	exit 2
}

CACHE_ROOT="${PIVOT_N8N_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-pivot}"
DIR="$CACHE_ROOT/typecheck-n8n-workflow-$version"
PKG="$DIR/node_modules/n8n-workflow"

if [ ! -f "$DIR/.complete" ]; then
	echo "==> installing n8n-workflow@$version for the type-check into $DIR (once)"
	start=$(date +%s)
	mkdir -p "$DIR"
	printf '{ "name": "pivot-typecheck-cache", "private": true }\n' >"$DIR/package.json"
	printf 'ignore-scripts=true\nfund=false\naudit=false\nupdate-notifier=false\n' >"$DIR/.npmrc"
	(cd "$DIR" && npm install --no-save --ignore-scripts --loglevel=error "n8n-workflow@$version" >"$DIR/install.log" 2>&1) || {
		echo "typecheck-oldest: npm install n8n-workflow@$version failed; log:" >&2
		tail -n 30 "$DIR/install.log" >&2
		exit 2
	}
	echo "    done in $(($(date +%s) - start)) s"
	touch "$DIR/.complete"
fi

installed="$(node -p "require('$PKG/package.json').version")"
if [ "$installed" != "$version" ]; then
	echo "typecheck-oldest: expected n8n-workflow $version in $PKG, found $installed" >&2
	exit 2
fi

# A tsconfig outside the work tree (it holds the cache's absolute path); include/exclude come
# from tsconfig.build.json and stay relative to the repository.
config="$(mktemp "$DIR/tsconfig.typecheck.XXXXXX.json")"
trap 'rm -f "$config"' EXIT
cat >"$config" <<JSON
{
	"extends": "$REPO_ROOT/tsconfig.build.json",
	"compilerOptions": {
		"noEmit": true,
		"incremental": false,
		"baseUrl": "$REPO_ROOT",
		"paths": { "n8n-workflow": ["$PKG"] },
		"typeRoots": ["$TOOLS_ROOT/node_modules/@types"]
	}
}
JSON

echo "==> tsc (sources of $REPO_ROOT) against n8n-workflow@$version"
rc=0
out="$(npx tsc -p "$config" --traceResolution --pretty false)" || rc=$?
# Proof that the mapping took: tsc's own resolution trace must name the cached copy.
trace="$(grep -m1 "Module name 'n8n-workflow' was successfully resolved" <<<"$out" || true)"
case "$trace" in
	*"$PKG"*) ;;
	*)
		echo "typecheck-oldest: tsc did not resolve n8n-workflow to $PKG: ${trace:-no resolution line}" >&2
		exit 2
		;;
esac
errors="$(grep -E '^[^ ].*\([0-9]+,[0-9]+\): error TS|^error TS' <<<"$out" || true)"
if [ "$rc" != 0 ] || [ -n "$errors" ]; then
	printf '%s\n' "${errors:-tsc exited $rc}"
	echo "type-check against n8n-workflow@$version: FAILED ($(grep -c . <<<"$errors") error line(s)); n8n $target lacks what the sources use" >&2
	exit 1
fi
echo "type-check against n8n-workflow@$version: 0 errors"
