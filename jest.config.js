/**
 * Two jest projects:
 * - "nodes": unit, engine (the Pivot node in n8n's own engine, against the simulator) and trigger
 *   tests; `npm test` runs only this one, the inner loop of a change to nodes/ or credentials/.
 * - "simulator": the simulator's own specs (`npm run test:simulator`).
 * `jest` with no project selected runs both (scripts/test-all.sh).
 *
 * ts-jest only transpiles (test/tsconfig.jest.json sets isolatedModules): type-checking every
 * test file in every worker was most of the run time. `npm run typecheck` checks the types of
 * the whole repository, tests included, and CI runs it.
 */
const transform = {
	'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.jest.json' }],
};
const common = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	transform,
	testMatch: ['**/*.test.ts'],
	setupFiles: ['<rootDir>/test/jest.env.js', '<rootDir>/test/jest.properties.js'],
};

module.exports = {
	// both cores of a CI machine: the engine tests wait on the simulator more than they compute
	maxWorkers: 2,
	testTimeout: 60000,
	projects: [
		{
			...common,
			displayName: 'nodes',
			roots: ['<rootDir>/test/unit', '<rootDir>/test/engine', '<rootDir>/test/trigger'],
		},
		{
			...common,
			displayName: 'simulator',
			roots: ['<rootDir>/test/sandbox'],
		},
	],
};
