// What every figure of `npm run bench` shares: the arguments, the targets, the cases, this run's
// tag, the results being gathered and the ids of the workflows imported into n8n.
import { randomBytes } from 'node:crypto';

import { machineInfo } from '../lib.mjs';

const argv = process.argv.slice(2);
export const flag = (name) => argv.includes(`--${name}`);
const value = (name, fallback) => {
	const i = argv.indexOf(`--${name}`);
	return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
export const ONLY = new Set(String(value('only', 'P1,P2,P3,P4')).toUpperCase().split(','));
export const RUNS = Math.max(1, Math.min(15, Number(value('runs', 5))));
export const MAX_LOAD = Number(value('max-load', 1.5));
export const WAIT_FOR_LOAD = !flag('no-wait');
export const ENGINE = value('engine', undefined); // N8N_EXPRESSION_ENGINE for a diagnostic run (legacy | vm)
export const WRITE_LATEST = !flag('no-latest') && ONLY.size === 4 && !ENGINE;

export const TARGETS = {
	P1: { ratio: 1.0 },
	P2: { ratio: 1.05 },
	P3: { ratio: 1.5, memoryMb: 50 },
	P4: { ratio: 0.95 },
};

export const P1_CASES = [
	{ mode: 'bulk', n: 1 },
	{ mode: 'bulk', n: 10 },
	{ mode: 'bulk', n: 1000 },
	{ mode: 'bulk', n: 2500 },
	// a second job on the credential of the N = 1,000 job, within the token's 900 s: no exchange
	{ mode: 'bulk', n: 1000, warm: true },
	{ mode: 'perItem', n: 1 },
	{ mode: 'perItem', n: 10 },
	{ mode: 'perItem', n: 100 },
];
export const P2_ITEMS = 1000;
export const P3_ITEMS = 5000;
export const P4 = { concurrency: 8, callbacksPerRun: 300, maxSeconds: 40 };

export const runTag = randomBytes(3).toString('hex');
export const results = { issue: 7, kind: 'bench', machine: machineInfo(), runs: RUNS, figures: {} };

/** Workflow ids and webhook paths by figure, filled in by buildWorkflows. */
export const ids = {};
