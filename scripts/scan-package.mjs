// n8n's community package scanner (@n8n/scan-community-package), run offline on what it reads.
//
//   node scripts/scan-package.mjs                 sources of this repo + the packed tarball (npm pack)
//   node scripts/scan-package.mjs --dir <folder>  sources of another package folder (tests use it)
//   node scripts/scan-package.mjs --dir <folder> --packed   that folder as an unpacked tarball
//   options: --json (one JSON line), --no-tarball (sources only)
//
// `npx @n8n/scan-community-package <name>` only scans a published package: it checks the npm
// provenance, downloads the GitHub commit the provenance names and the tarball from the registry,
// then lints both with analyzePackage(). Neither exists before the first release, and this
// machine reaches no GitHub, so this script calls the scanner's own exported analyzePackage()
// with its own patterns (SOURCE_FILE_PATTERNS for the source checkout, **/*.js + package.json
// for the tarball) and its own rule set (buildScanConfig(), with the community-nodes plugin
// version the scanner pins). It fails like the scanner: on any ESLint error. Warnings are
// counted and printed too; with --max-warnings N more than N warnings also fail.
// Exit code: 0 passed, 1 findings, 2 the scan could not run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ESLint } from 'eslint';
import glob from 'fast-glob';
import {
	analyzePackage,
	buildScanConfig,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// what analyzePackageByName() lints in the downloaded tarball
export const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

function parseArgs(argv) {
	const options = { dir: REPO_ROOT, packed: false, tarball: true, json: false, maxWarnings: Infinity };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--dir') options.dir = path.resolve(argv[++i]);
		else if (arg === '--packed') options.packed = true;
		else if (arg === '--no-tarball') options.tarball = false;
		else if (arg === '--json') options.json = true;
		else if (arg === '--max-warnings') options.maxWarnings = Number(argv[++i]);
		else throw new Error(`unknown argument: ${arg}`);
	}
	return options;
}

/**
 * The scanner's verdict (analyzePackage) plus counts: analyzePackage() only says passed or not, so
 * the same files are linted once more with the same config to count errors and warnings.
 */
async function scanLeg(label, dir, patterns) {
	const verdict = await analyzePackage(dir, patterns);
	const files = glob.sync(patterns, { cwd: dir, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await buildScanConfig(),
	});
	const results = files.length ? await eslint.lintFiles(files) : [];
	const findings = [];
	for (const result of results) {
		for (const message of result.messages) {
			findings.push({
				file: path.relative(dir, result.filePath),
				line: message.line,
				severity: message.severity === 2 ? 'error' : 'warning',
				rule: message.ruleId,
				message: message.message,
			});
		}
	}
	return {
		label,
		dir,
		files: files.length,
		passed: verdict.passed,
		message: verdict.message,
		errors: findings.filter((f) => f.severity === 'error').length,
		warnings: findings.filter((f) => f.severity === 'warning').length,
		findings,
	};
}

/** npm pack of a package folder (dist/ must be built), unpacked into a temp folder. */
function packAndUnpack(dir) {
	if (!fs.existsSync(path.join(dir, 'dist'))) throw new Error(`${dir}/dist is missing: run npm run build first`);
	const out = fs.mkdtempSync(path.join(os.tmpdir(), 'pivot-scan-'));
	// --ignore-scripts: packing must not run the release guard (prepack), whatever the npmrc says
	const pack = spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', out], {
		cwd: dir,
		encoding: 'utf8',
	});
	if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
	const [{ filename }] = JSON.parse(pack.stdout);
	const unpacked = path.join(out, 'package');
	const tar = spawnSync('tar', ['-xzf', path.join(out, path.basename(filename)), '-C', out], { encoding: 'utf8' });
	if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr}`);
	return { tmp: out, unpacked, tarball: path.basename(filename) };
}

export async function scan({ dir = REPO_ROOT, packed = false, tarball = true, maxWarnings = Infinity } = {}) {
	const legs = [];
	const cleanup = [];
	try {
		if (packed) {
			legs.push(await scanLeg('tarball', dir, TARBALL_FILE_PATTERNS));
		} else {
			legs.push(await scanLeg('sources', dir, SOURCE_FILE_PATTERNS));
			if (tarball) {
				const { tmp, unpacked, tarball: name } = packAndUnpack(dir);
				cleanup.push(tmp);
				legs.push(await scanLeg(`tarball ${name}`, unpacked, TARBALL_FILE_PATTERNS));
			}
		}
	} finally {
		for (const tmp of cleanup) fs.rmSync(tmp, { recursive: true, force: true });
	}
	const warnings = legs.reduce((n, leg) => n + leg.warnings, 0);
	const passed = legs.every((leg) => leg.passed) && warnings <= maxWarnings;
	return { passed, legs };
}

function print(report) {
	for (const leg of report.legs) {
		const verdict = leg.passed ? 'passed' : `FAILED (${leg.message})`;
		console.log(`scanner, ${leg.label}: ${leg.files} files, ${leg.errors} errors, ${leg.warnings} warnings: ${verdict}`);
		for (const f of leg.findings) console.log(`  ${f.file}:${f.line} ${f.severity} ${f.rule}: ${f.message}`);
	}
	console.log(report.passed ? 'scanner: 0 blocking findings' : 'scanner: the package would fail n8n\'s scan');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	let options;
	try {
		options = parseArgs(process.argv.slice(2));
	} catch (error) {
		console.error(`scan-package: ${error.message}`);
		process.exit(2);
	}
	try {
		const report = await scan(options);
		if (options.json) console.log(JSON.stringify(report));
		else print(report);
		process.exit(report.passed ? 0 : 1);
	} catch (error) {
		console.error(`scan-package: ${error.stack ?? error.message}`);
		process.exit(2);
	}
}
