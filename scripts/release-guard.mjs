// The release guard: npm runs it before packing for `npm publish` (the `prepack` script).
// A publish passes only when
//   - RELEASE_MODE is set: `n8n-node release` sets it, a plain `npm publish` does not, so only the
//     release path publishes (n8n verifies packages published from GitHub Actions with provenance);
//   - CHANGELOG.md has a section for the version being published ("## 1.2.3 (2026-12-24)");
//   - on GitHub Actions, the tag that started the run is that version.
// `npm pack` on its own (the scanner check packs the package) is not a publish and passes.
//
// Why prepack and not only prepublishOnly: the project's .npmrc sets ignore-scripts=true (the
// devDependencies have install scripts that fail here), and with it npm skips prepublishOnly.
// package.json's publishConfig sets ignore-scripts=false for the publish, which npm applies to the
// pack step of `npm publish` (prepack runs) but not to prepublishOnly (checked with npm 11.19).
//
//   node scripts/release-guard.mjs [--check <version>]   --check: the checks without npm around
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Problems that block publishing `version` (empty when it may be published). */
export function releaseProblems({ version, env = process.env, changelog }) {
	const problems = [];
	if (!env.RELEASE_MODE) {
		problems.push('publish with `npm run release` on GitHub Actions (publish.yml), not with `npm publish`');
	}
	const escaped = version.replace(/[.+]/g, '\\$&');
	if (!new RegExp(`^## \\[?${escaped}\\]? \\(\\d{4}-\\d{2}-\\d{2}\\)`, 'm').test(changelog)) {
		problems.push(`CHANGELOG.md has no section "## ${version} (YYYY-MM-DD)": move the Unreleased entries under it`);
	}
	if (env.GITHUB_ACTIONS && env.GITHUB_REF_TYPE === 'tag' && env.GITHUB_REF_NAME !== version) {
		problems.push(`the tag ${env.GITHUB_REF_NAME} is not package.json's version ${version}`);
	}
	return problems;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const args = process.argv.slice(2);
	const checkOnly = args[0] === '--check';
	// npm_command is "publish" for `npm publish` and "pack" for `npm pack`
	if (!checkOnly && process.env.npm_command !== 'publish') process.exit(0);
	const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
	const version = checkOnly && args[1] ? args[1] : pkg.version;
	const changelogPath = path.join(REPO_ROOT, 'CHANGELOG.md');
	const changelog = fs.existsSync(changelogPath) ? fs.readFileSync(changelogPath, 'utf8') : '';
	const problems = releaseProblems({ version, changelog });
	if (problems.length) {
		console.error(`release guard: not publishing ${pkg.name}@${version}:`);
		for (const problem of problems) console.error(`  - ${problem}`);
		process.exit(1);
	}
	console.error(`release guard: ${pkg.name}@${version} may be published`);
}
