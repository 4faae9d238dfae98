// The campaign's arguments, sizes, shared results and its pass/fail bookkeeping.
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { machineInfo, printTable, verdict } from '../lib.mjs';

export const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------------------
// Arguments and sizes
// ---------------------------------------------------------------------------------------
export const argv = process.argv.slice(2);
export const value = (name, fallback) => {
	const eq = argv.find((a) => a.startsWith(`--${name}=`));
	if (eq) return eq.slice(name.length + 3);
	const i = argv.indexOf(`--${name}`);
	return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
export const SIZE = value('size', 'small');
if (!['small', 'full'].includes(SIZE)) {
	console.error(`--size must be small or full, not "${SIZE}"`);
	process.exit(2);
}
export const SECTIONS = ['R1', 'R1C', 'R2', 'R3', 'R4', 'R5'];
export const ONLY = new Set(String(value('only', SECTIONS.join(','))).toUpperCase().split(','));
export const SIZES = {
	small: { r1Payouts: 100, r1PerExecution: 50, r2Items: 150 },
	full: { r1Payouts: 1000, r1PerExecution: 50, r2Items: 600 },
}[SIZE];

/** Faults injected during R1 (rates are per request on the route; seeded, so reproducible). */
export const R1_FAULTS = [
	{ route: 'createPayout', kind: 'dropAfterCommit', rate: 0.05, seed: 101 }, // commit, then drop
	{ route: 'createPayout', kind: 'dropBeforeCommit', rate: 0.04, seed: 102 }, // connection reset
	{ route: 'createPayout', kind: 'timeoutAfterCommit', latencyMs: 2500, rate: 0.02, seed: 103 }, // > node timeout
	{ route: 'createPayout', kind: 'status', status: 500, rate: 0.02, seed: 104 },
	{ route: 'createPayout', kind: 'status', status: 502, rate: 0.02, seed: 105 },
	{ route: 'createPayout', kind: 'status', status: 503, rate: 0.02, seed: 106 },
	{ route: 'createPayout', kind: 'status', status: 408, rate: 0.03, seed: 107 },
	{ route: 'getPayout', kind: 'status', status: 503, rate: 0.08, seed: 108 }, // the look-up fails too
	{ route: 'getPayout', kind: 'dropBeforeCommit', rate: 0.04, seed: 109 },
];
// One attempt per node run (Attempts on No Answer = 1), so node runs do fail and n8n's Retry On
// Fail and the re-run of failed executions are exercised, not only the node's own resend.
export const R1_NODE_OPTIONS = { maxAttempts: 1, retryDelaySeconds: 0.2, timeoutSeconds: 2 };
export const R1_RETRY_ON_FAIL = { retryOnFail: true, maxTries: 3, waitBetweenTries: 200 };
export const R1C_CONCURRENCY = 8;

export const tag = randomBytes(3).toString('hex');
export const results = { kind: 'campaign', size: SIZE, machine: machineInfo(), checks: {} };
export const ids = {};
export const failures = [];

export function check(section, name, ok, detail = {}) {
	results.checks[section] ??= [];
	results.checks[section].push({ check: name, pass: Boolean(ok), ...detail });
	if (!ok) failures.push(`${section}: ${name}`);
	return ok;
}

export function printChecks(section, title) {
	printTable(
		title,
		[
			{ key: 'check', label: 'check' },
			{ key: 'value', label: 'measured' },
			{ key: 'target', label: 'target' },
			{ key: 'result', label: 'result' },
		],
		(results.checks[section] ?? []).map((c) => ({ ...c, result: verdict(c.pass) })),
	);
}
