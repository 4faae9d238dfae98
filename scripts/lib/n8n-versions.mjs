// The one place the real-n8n harness takes its n8n versions from: scripts/n8n-versions.json.
// A target is a named entry there ("newest": the full E2E suite; "oldest": the smoke suite).
// The process-wide default is $PIVOT_N8N_TARGET, else "newest".
//
//   import { n8nTarget } from './n8n-versions.mjs';   n8nTarget('oldest') → { name, n8n, node, ... }
//   node scripts/lib/n8n-versions.mjs shell oldest   → shell assignments for scripts/n8n-env.sh
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const VERSIONS_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'n8n-versions.json');

const SEMVER = /^\d+\.\d+\.\d+$/;

function readTargets() {
	const all = JSON.parse(fs.readFileSync(VERSIONS_FILE, 'utf8'));
	return Object.fromEntries(Object.entries(all).filter(([name]) => !name.startsWith('_')));
}

/** The names of the targets (newest, oldest). */
export function n8nTargetNames() {
	return Object.keys(readTargets());
}

/** The default target's name: $PIVOT_N8N_TARGET or "newest". */
export function defaultTargetName() {
	return process.env.PIVOT_N8N_TARGET || 'newest';
}

/**
 * One target: { name, n8n, node, nodeMajor, overrides, nativeModules, cacheKey }. cacheKey names the
 * cache folder (n8n-<n8n>-node-<node>), so versions live side by side and an entry's cache stays
 * valid as long as its two versions do.
 */
export function n8nTarget(name = defaultTargetName()) {
	const targets = readTargets();
	const entry = targets[name];
	if (!entry) {
		throw new Error(`unknown n8n target "${name}" (${VERSIONS_FILE} has: ${Object.keys(targets).join(', ')})`);
	}
	// the versions end up in paths and shell assignments: accept plain x.y.z only
	for (const key of ['n8n', 'node']) {
		if (!SEMVER.test(entry[key] ?? '')) throw new Error(`${VERSIONS_FILE}: ${name}.${key} is not x.y.z: ${entry[key]}`);
	}
	const overrides = entry.overrides ?? {};
	for (const [pkg, version] of Object.entries(overrides)) {
		if (!/^(@[a-z0-9._-]+\/)?[a-z0-9._-]+$/.test(pkg) || !SEMVER.test(version)) {
			throw new Error(`${VERSIONS_FILE}: ${name}.overrides has an unexpected entry: ${pkg}: ${version}`);
		}
	}
	const nativeModules = entry.nativeModules ?? ['sqlite3'];
	return {
		name,
		n8n: entry.n8n,
		node: entry.node,
		nodeMajor: Number(entry.node.split('.')[0]),
		overrides,
		nativeModules,
		cacheKey: `n8n-${entry.n8n}-node-${entry.node}`,
	};
}

// CLI for scripts/n8n-env.sh: prints `KEY='value'` lines (values checked above, no quotes inside).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const [command, name] = process.argv.slice(2);
	if (command !== 'shell') {
		process.stderr.write('usage: node scripts/lib/n8n-versions.mjs shell [target]\n');
		process.exit(2);
	}
	try {
		const t = n8nTarget(name || defaultTargetName());
		process.stdout.write(
			[
				`N8N_TARGET='${t.name}'`,
				`N8N_VERSION='${t.n8n}'`,
				`NODE_VERSION='${t.node}'`,
				`NODE_MAJOR='${t.nodeMajor}'`,
				`N8N_OVERRIDES_JSON='${JSON.stringify(t.overrides)}'`,
				`N8N_NATIVE_MODULES='${t.nativeModules.join(' ')}'`,
				'',
			].join('\n'),
		);
	} catch (error) {
		process.stderr.write(`n8n-versions: ${error.message}\n`);
		process.exit(1);
	}
}
