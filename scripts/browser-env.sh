#!/usr/bin/env bash
# Installs Debian's chromium (for the editor tests, driven by playwright-core) when
# /usr/bin/chromium is missing. Never downloads a browser any other way
# (no `npx playwright install`).
#
#   scripts/browser-env.sh [--quiet]
set -euo pipefail

CHROMIUM=/usr/bin/chromium
quiet=0
for arg in "$@"; do
	case "$arg" in
		--quiet | -q) quiet=1 ;;
		*)
			echo "browser-env: unknown argument: $arg" >&2
			exit 2
			;;
	esac
done
say() { if [ "$quiet" = 0 ]; then echo "[browser-env] $*"; fi; }

if [ -x "$CHROMIUM" ]; then
	say "chromium ready: $CHROMIUM"
	exit 0
fi

SUDO=""
if [ "$(id -u)" != 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO="sudo"
	else
		echo "browser-env: $CHROMIUM is missing and installing it needs root (apt-get install chromium)" >&2
		exit 1
	fi
fi

start=$(date +%s)
say "installing Debian's chromium with apt-get (about 30 s to 1 min, once)"
log="$(mktemp -t browser-env.XXXXXX.log)"
if ! $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$log" 2>&1; then
	echo "browser-env: apt-get update failed:" >&2
	tail -n 30 "$log" >&2
	exit 1
fi
if ! $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >>"$log" 2>&1; then
	echo "browser-env: apt-get install chromium failed:" >&2
	tail -n 30 "$log" >&2
	exit 1
fi
rm -f "$log"
if [ ! -x "$CHROMIUM" ]; then
	echo "browser-env: chromium installed but $CHROMIUM is missing" >&2
	exit 1
fi
say "chromium ready after $(($(date +%s) - start))s: $($CHROMIUM --version 2>/dev/null || echo "$CHROMIUM")"
