// Staging this package for n8n (N8N_CUSTOM_EXTENSIONS) and custom node types in workflow JSON.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from './install.mjs';
import { makeTempDir } from './processes.mjs';

/**
 * Copies the built package (package.json + dist/) into a fresh folder outside the work tree
 * and returns that folder, to be passed as customExtensionsDir. A copy, not the repo root:
 * n8n globs **\/*.node.js and **\/*.credentials.js under the folder without skipping
 * node_modules, and a node file outside the repo resolves `n8n-workflow` to n8n's own copy
 * (through the NODE_PATH n8n sets), as for an installed package.
 * Returns undefined when dist/ is missing and `optional` is set.
 */
export async function stagePackage({ packageDir = REPO_ROOT, into, optional = false } = {}) {
	const dist = path.join(packageDir, 'dist');
	if (!fs.existsSync(dist)) {
		if (optional) return undefined;
		throw new Error(`stagePackage: ${dist} is missing; run npm run build first`);
	}
	into ??= await makeTempDir('pivot-ext-');
	const pkg = JSON.parse(await fsp.readFile(path.join(packageDir, 'package.json'), 'utf8'));
	const target = path.join(into, pkg.name ?? 'package');
	await fsp.rm(target, { recursive: true, force: true });
	await fsp.mkdir(target, { recursive: true });
	await fsp.copyFile(path.join(packageDir, 'package.json'), path.join(target, 'package.json'));
	await fsp.cp(dist, path.join(target, 'dist'), { recursive: true, dereference: true });
	return into;
}

/** Rewrites `n8n-nodes-pivot.<node>` types in a workflow to the `CUSTOM.<node>` a custom extension gets. */
export function toCustomTypes(workflow, packageName = 'n8n-nodes-pivot') {
	return {
		...workflow,
		nodes: workflow.nodes.map((node) =>
			node.type.startsWith(`${packageName}.`)
				? { ...node, type: `CUSTOM.${node.type.slice(packageName.length + 1)}` }
				: node,
		),
	};
}
