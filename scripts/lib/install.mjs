// The real n8n's install and the one place that names the n8n under test (scripts/n8n-versions.json).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import { n8nTarget } from './n8n-versions.mjs';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** { name, n8n, node, nodeMajor, cacheKey, ... } of the n8n this process runs against. */
export const N8N_TARGET = n8nTarget();
export const N8N_VERSION = N8N_TARGET.n8n;
/** The Node that runs this n8n (named when it was always Node 24). */
export const NODE24_VERSION = N8N_TARGET.node;

// ---------------------------------------------------------------------------------------
// The cached n8n installation
// ---------------------------------------------------------------------------------------
export function n8nPaths() {
	const cacheRoot =
		process.env.PIVOT_N8N_CACHE ??
		path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'n8n-nodes-pivot');
	const cacheDir = path.join(cacheRoot, N8N_TARGET.cacheKey);
	// same layout as scripts/n8n-env.sh: node<major>/ (node24/ for Node 24)
	const node = path.join(cacheDir, `node${N8N_TARGET.nodeMajor}`, 'node_modules', 'node', 'bin', 'node');
	const n8nBin = path.join(cacheDir, 'node_modules', 'n8n', 'bin', 'n8n');
	return { cacheDir, node, node24: node, n8nBin, ready: fs.existsSync(path.join(cacheDir, '.complete')) };
}

/**
 * Makes sure the cached n8n exists (runs scripts/n8n-env.sh, which prints progress on the
 * first install and returns at once afterwards). Progress goes to stderr.
 */
export function ensureN8n({ browser = false } = {}) {
	const paths = n8nPaths();
	if (paths.ready && (!browser || fs.existsSync('/usr/bin/chromium'))) return paths;
	const args = [path.join(REPO_ROOT, 'scripts', 'n8n-env.sh'), '--target', N8N_TARGET.name];
	if (browser) args.push('--browser');
	const result = spawnSync('bash', args, { stdio: ['ignore', 2, 2] });
	if (result.status !== 0) throw new Error(`scripts/n8n-env.sh failed (exit ${result.status})`);
	return n8nPaths();
}

/** Loads a package from the n8n installation (e.g. 'flatted'). */
export function requireFromN8n(name) {
	const { cacheDir } = n8nPaths();
	return createRequire(path.join(cacheDir, 'node_modules', 'n8n', 'package.json'))(name);
}
