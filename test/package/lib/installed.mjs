// What n8n's community-package installer leaves in the user folder (CommunityPackagesService
// .downloadPackage): the package under .n8n/nodes/node_modules/<name> with the tarball's files and
// its manifest without dev and peer dependencies, and the folder's own package.json ("ledger")
// naming the installed version.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

export function assertInstalledOnDisk(userFolder, packed) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const installedDir = path.join(nodesDir, 'node_modules', packed.name);
	const topLevel = [...new Set(packed.files.map((file) => file.path.split('/')[0]))].sort();
	assert.deepEqual(fs.readdirSync(installedDir).sort(), topLevel);
	const manifest = JSON.parse(fs.readFileSync(path.join(installedDir, 'package.json'), 'utf8'));
	assert.deepEqual(manifest.n8n, packed.manifest.n8n);
	assert.equal(manifest.version, packed.version);
	assert.equal(manifest.peerDependencies, undefined);
	assert.equal(manifest.devDependencies, undefined);
	// nothing installed next to it: our nodes resolve n8n-workflow to n8n's own copy
	assert.deepEqual(fs.readdirSync(path.join(nodesDir, 'node_modules')), [packed.name]);
	const ledger = JSON.parse(fs.readFileSync(path.join(nodesDir, 'package.json'), 'utf8'));
	assert.deepEqual(ledger.dependencies, { [packed.name]: packed.version });
}
