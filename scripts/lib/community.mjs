// This package as n8n installs a community package, offline: the tarball `npm pack` builds (what
// `npm publish` uploads) served by a tiny npm registry on 127.0.0.1, so that n8n's own installer
// (`npm pack <name>@<version> --registry=…`, then `npm install` in the package folder) fetches it
// as it would from registry.npmjs.org.
//
//   const packed = await packPackage();                       // { tarballPath, name, version, integrity, manifest }
//   const registry = await startNpmRegistry([packed]);  // registry.url, registry.requests(), registry.stop()
//   await enableCustomRegistry(n8n.baseUrl);            // only on an n8n started with E2E_TESTS=true
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

import { REPO_ROOT } from './install.mjs';
import { makeTempDir } from './processes.mjs';

/** n8n's license feature that allows N8N_COMMUNITY_PACKAGES_REGISTRY other than registry.npmjs.org. */
export const CUSTOM_REGISTRY_FEATURE = 'feat:communityNodes:customRegistry';

/**
 * `npm pack` of a package folder (dist/ must be built) into a fresh temp folder (removed on exit).
 * --ignore-scripts: packing for a test must not depend on the release guard (prepack), whatever
 * the npmrc says. Returns npm's own report (name, version, filename, integrity, shasum, files) plus
 * the tarball's path and the package.json inside it (the manifest a publish would send).
 */
export async function packPackage({ packageDir = REPO_ROOT } = {}) {
	if (!fs.existsSync(path.join(packageDir, 'dist'))) {
		throw new Error(`${packageDir}/dist is missing: run npm run build first`);
	}
	const out = await makeTempDir('pivot-pack-');
	const pack = spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', out], {
		cwd: packageDir,
		encoding: 'utf8',
	});
	if (pack.status !== 0) throw new Error(`npm pack failed (exit ${pack.status}): ${pack.stderr}`);
	const [report] = JSON.parse(pack.stdout);
	const tarballPath = path.join(out, path.basename(report.filename));
	const manifestText = spawnSync('tar', ['-xzOf', tarballPath, 'package/package.json'], { encoding: 'utf8' });
	if (manifestText.status !== 0) throw new Error(`tar could not read package/package.json: ${manifestText.stderr}`);
	return { ...report, tarballPath, manifest: JSON.parse(manifestText.stdout) };
}

/**
 * A read-only npm registry on 127.0.0.1 for packed packages: GET /<name> (the packument),
 * GET /<name>/<version or dist-tag> (one version's manifest, what n8n checks before installing),
 * GET /<name>/-/<file>.tgz (the tarball). Anything else is 404, as for an unknown package.
 * Every request is recorded: requests() → [{ method, path, status }].
 */
export async function startNpmRegistry(packedList, { host = '127.0.0.1' } = {}) {
	const log = [];
	let baseUrl;
	const packages = new Map();
	for (const packed of packedList) {
		const entry = packages.get(packed.name) ?? { versions: new Map(), tarballs: new Map(), latest: packed.version };
		entry.versions.set(packed.version, packed);
		entry.tarballs.set(path.basename(packed.tarballPath), packed.tarballPath);
		packages.set(packed.name, entry);
	}
	const versionManifest = (packed) => ({
		...packed.manifest,
		_id: `${packed.name}@${packed.version}`,
		dist: {
			tarball: `${baseUrl}/${packed.name}/-/${path.basename(packed.tarballPath)}`,
			integrity: packed.integrity,
			shasum: packed.shasum,
		},
	});
	const packument = (name, entry) => ({
		_id: name,
		name,
		'dist-tags': { latest: entry.latest },
		versions: Object.fromEntries([...entry.versions].map(([version, packed]) => [version, versionManifest(packed)])),
	});

	const server = http.createServer((req, res) => {
		const urlPath = decodeURIComponent((req.url ?? '/').split('?')[0]);
		const send = (status, body, type = 'application/json') => {
			log.push({ method: req.method, path: urlPath, status });
			res.writeHead(status, { 'content-type': type });
			res.end(type === 'application/json' ? JSON.stringify(body) : body);
		};
		if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, { error: 'read-only registry' });
		// /name, /@scope/name, then optionally /<version> or /-/<file>
		const parts = urlPath.replace(/^\/+/, '').split('/');
		const nameLength = parts[0]?.startsWith('@') ? 2 : 1;
		const name = parts.slice(0, nameLength).join('/');
		const rest = parts.slice(nameLength);
		const entry = packages.get(name);
		if (!entry) return send(404, { error: 'Not found' });
		if (rest.length === 0) return send(200, packument(name, entry));
		if (rest.length === 1) {
			const version = rest[0] === 'latest' ? entry.latest : rest[0];
			const packed = entry.versions.get(version);
			return packed ? send(200, versionManifest(packed)) : send(404, { error: `version not found: ${rest[0]}` });
		}
		if (rest[0] === '-' && entry.tarballs.has(rest[1])) {
			return send(200, fs.readFileSync(entry.tarballs.get(rest[1])), 'application/octet-stream');
		}
		return send(404, { error: 'Not found' });
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, host, resolve);
	});
	baseUrl = `http://${host}:${server.address().port}`;
	return {
		url: baseUrl,
		requests: () => [...log],
		async stop() {
			server.closeAllConnections?.();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}

/**
 * Turns on n8n's custom-registry licence feature through n8n's own E2E test controller
 * (PATCH /rest/e2e/feature), which exists only when n8n runs with E2E_TESTS=true.
 */
export async function enableCustomRegistry(baseUrl) {
	const response = await fetch(`${baseUrl.replace(/\/$/, '')}/rest/e2e/feature`, {
		method: 'PATCH',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ feature: CUSTOM_REGISTRY_FEATURE, enabled: true }),
	});
	if (!response.ok) {
		throw new Error(`PATCH /rest/e2e/feature -> ${response.status}: ${(await response.text()).slice(0, 300)} (is E2E_TESTS=true set?)`);
	}
}
