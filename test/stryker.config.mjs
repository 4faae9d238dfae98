// Mutation testing of the pure modules against their fast unit tests (`npm run mutation`, which
// is scripts/mutation.sh: Stryker needs Node 22 or later, so it runs on the n8n cache's Node).
// Only test/unit and the trigger's normalise tests run: test/engine starts servers and is slow.
// Reports go to artifacts/mutation/ (git-ignored). Stryker's sandbox (a copy of nodes/ and test/)
// is made in the system's temporary folder: inside the work tree, `n8n-node lint` would read it.
// MUTATE=file,file (paths from the repository root) narrows the run to those files.
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const jestConfig = require('../jest.config.js');
const nodes = jestConfig.projects.find((project) => project.displayName === 'nodes');

const PURE_MODULES = [
	'nodes/lib/money.ts',
	'nodes/lib/options.ts',
	'nodes/lib/validation.ts',
	'nodes/lib/idempotency.ts',
	'nodes/lib/shapes.ts',
	'nodes/lib/transport/scrub.ts',
	'nodes/Pivot/actions/payout/create/outcome.ts',
	'nodes/lib/transport/pool.ts',
	// the lookup only: the channel table above it is data (a mutated name or bank code is
	// caught by no behaviour, only by a copy of the table)
	'nodes/lib/channels.ts:198-202',
	'nodes/lib/reasons.ts',
];

const only = (process.env.MUTATE ?? '')
	.split(',')
	.map((file) => file.trim())
	.filter(Boolean);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
	packageManager: 'npm',
	testRunner: 'jest',
	plugins: ['@stryker-mutator/jest-runner'],
	mutate: only.length > 0 ? only : PURE_MODULES,
	coverageAnalysis: 'perTest',
	jest: {
		projectType: 'custom',
		configFile: 'jest.config.js',
		enableFindRelatedTests: false,
		// the "nodes" project alone, flattened (Stryker's per-test coverage needs one project),
		// with only the fast tests
		config: {
			...nodes,
			displayName: undefined,
			projects: [],
			roots: ['<rootDir>/test/unit', '<rootDir>/test/trigger'],
			testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/trigger/normalise*.test.ts'],
		},
	},
	// the sandbox holds only what the tests read
	ignorePatterns: [
		'/*',
		'!/nodes',
		'!/credentials',
		'!/test',
		'!/jest.config.js',
		'!/tsconfig.json',
		'!/package.json',
		'/test/engine',
		'/test/e2e',
		'/test/package',
		'/test/compat',
		'/test/queue',
	],
	tempDirName: join(tmpdir(), 'n8n-nodes-pivot-stryker'),
	cleanTempDir: true,
	concurrency: 2,
	timeoutMS: 10000,
	// a jest worker grows with every run; a fresh one now and then keeps memory flat
	maxTestRunnerReuse: 100,
	reporters: ['clear-text', 'json', 'progress-append-only'],
	jsonReporter: { fileName: 'artifacts/mutation/mutation.json' },
	clearTextReporter: { allowColor: false, logTests: false, reportTests: false },
	thresholds: { high: 90, low: 80, break: null },
};
