/**
 * The claims oracle: a seeded, randomized check of every money claim Payout → Create makes.
 * Each case is 2–6 Reference IDs and 1–3 runs over them (one request per item or in bulk of 1–5,
 * 1–8 concurrent requests, each On Error setting, Retry On Fail on or off, By Channel or By
 * Inquiry ID, re-runs with the rows as they were or with a new description, amount, account or
 * inquiry, a bad row now and then) with faults injected in every run (drops before and after
 * Pivot commits, answers lost past the Timeout, creates held until after it, 5xx, 408, 429 with
 * Retry-After, failing look-ups and token exchanges, look-up answers that prove nothing, tokens
 * that expire mid-run). After each run, once Pivot has finished whatever the run started, every
 * claim is checked against the simulator (test/engine/support/claims/ says how). A failure prints fast-check's seed and the shrunk case;
 * `PIVOT_SEED=<seed>` repeats it.
 *
 * Size: fast-check's global numRuns when set (the full suite's PIVOT_PROPERTY_RUNS), else a size
 * that keeps this file near 15 s on two cores. bench/claims.mjs runs thousands of cases and
 * writes the figures (bench/README.md, "Claims oracle").
 */
import fc from 'fast-check';

import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox';
import type { ClaimKind, ClaimsCase, OracleContext, Recorder } from '../support/claims';
import { addToTally, claimsCaseArbitrary, newTally, runCase, startRecorder, trackedPivot } from '../support/claims';
import { harnessFor, PIVOT } from '../support/pivotEnv';

/** Cases in `npm test` when no global size is set: about 15 s here (bench/README.md). */
const DEFAULT_CASES = 15;
/** A case's budget in the test timeout; most take well under a second. */
const MS_PER_CASE = 4000;

/**
 * Set by bench/claims.mjs through jest's `globals`: count violations instead of failing on the
 * first, and POST the figures to `figuresUrl` (the script's own listener). `examples` replays
 * printed cases first.
 */
interface SurveyOptions {
	figuresUrl: string;
	examples?: ClaimsCase[];
}
declare const PIVOT_CLAIMS_SURVEY: SurveyOptions | undefined;
const survey = typeof PIVOT_CLAIMS_SURVEY === 'undefined' ? undefined : PIVOT_CLAIMS_SURVEY;

const numRuns = fc.readConfigureGlobal().numRuns ?? DEFAULT_CASES;

/**
 * The oracle's first findings, each reduced to a minimal case: false claims the node made until
 * they were fixed (CHANGELOG.md; bench/README.md, "Claims oracle", has the seeds and what was
 * claimed against what the simulator held). Kept as regression cases, with the claims each now makes.
 */
const OK = '999966660001';
const FORMER_FINDINGS: Array<{ label: string; title: string; testCase: ClaimsCase; claims: Partial<Record<ClaimKind, number>> }> = [
	{
		label: 'late-commit',
		title: 'a create held past the 1 s Timeout (it commits later), then HTTP 503 and an empty look-up: outcome unknown, not "(not paid)"',
		testCase: {
			slots: [
				{ account: OK, amount: 150000 },
				{ account: OK, amount: 160000 },
			],
			tokenLifetimeSeconds: null,
			runs: [
				{
					destination: 'channel',
					sendAs: 'perItem',
					chunkSize: 1,
					concurrency: 1,
					maxAttempts: 2,
					onError: 'continue',
					retryTries: 0,
					rows: [
						{ slot: 0, edit: 'none' },
						{ slot: 1, edit: 'none' },
					],
					badRow: 'none',
					faults: [
						{ route: 'createPayout', kind: 'latency', latencyMs: 1300, count: 1 },
						{ route: 'createPayout', kind: 'status', status: 503, count: 1 },
					],
				},
			],
		},
		claims: { paid: 1, notPaid: 0, unknown: 1 },
	},
	{
		label: 'first-item-lookup',
		title: 'a bulk request answered HTTP 500 and a row an earlier run paid: that row paid (recovered), not "(not paid)"',
		testCase: {
			slots: [
				{ account: OK, amount: 150000 },
				{ account: OK, amount: 160000 },
			],
			tokenLifetimeSeconds: null,
			runs: [
				{ ...runDefaults(), rows: [{ slot: 1, edit: 'none' }] },
				{
					...runDefaults(),
					sendAs: 'bulk',
					chunkSize: 2,
					rows: [
						{ slot: 0, edit: 'none' },
						{ slot: 1, edit: 'none' },
					],
					faults: [{ route: 'createPayout', kind: 'status', status: 500, count: 1 }],
				},
			],
		},
		claims: { paid: 1, recovered: 1, notPaid: 1 },
	},
	{
		label: 'retry-not-sent',
		title: 'Stop with Retry On Fail, the last try failing before items 1–2, which the first try sent (item 1 paid): "not sent by this try", not "Not sent"',
		testCase: {
			slots: [
				{ account: OK, amount: 150000 },
				{ account: OK, amount: 160000 },
				{ account: OK, amount: 170000 },
			],
			tokenLifetimeSeconds: null,
			runs: [
				{
					...runDefaults(),
					onError: 'stop',
					retryTries: 2,
					rows: [0, 1, 2].map((slot) => ({ slot, edit: 'none' as const })),
					faults: [
						// Creates 1 and 2 pass; 3 (item 2) and 4 (the second try's item 0) get HTTP 503, and
						// the look-ups fail, so each try stops there.
						{ route: 'createPayout', kind: 'latency', latencyMs: 0, count: 2 },
						{ route: 'createPayout', kind: 'status', status: 503, count: 2 },
						{ route: 'getPayout', kind: 'status', status: 503, count: 3 },
					],
				},
			],
		},
		claims: { notSent: 2, unknown: 1, paid: 0, notPaid: 0 },
	},
	{
		label: 'failed-list',
		title: 'Stop with two bulk requests failing side by side, one with a row an earlier run paid: "Failed in this run" counts each claim',
		testCase: {
			slots: [
				{ account: OK, amount: 150000 },
				{ account: OK, amount: 160000 },
				{ account: '999966660008', amount: 170000 },
				{ account: OK, amount: 180000 },
				{ account: OK, amount: 190000 },
				{ account: OK, amount: 200000 },
			],
			tokenLifetimeSeconds: null,
			runs: [
				{ ...runDefaults(), rows: [{ slot: 0, edit: 'none' }] },
				{
					...runDefaults(),
					sendAs: 'bulk',
					chunkSize: 2,
					concurrency: 2,
					onError: 'stop',
					// Request 1 (items 0–1) is paid; requests 2 (a new row and row 0 again, refused for
					// its Reference ID) and 3 (account …0008: HTTP 503) fail side by side.
					rows: [4, 5, 1, 0, 2, 3].map((slot) => ({ slot, edit: 'none' as const })),
				},
			],
		},
		claims: { paid: 5, notPaid: 4, unknown: 0 },
	},
	{
		label: 'late-commit-retry',
		title:
			'Retry On Fail: try 1 gives up on a create held past the 1 s Timeout (it commits later); try 2 gets HTTP 503 twice and empty look-ups: still outcome unknown, not "(not paid)"',
		testCase: {
			slots: [
				{ account: OK, amount: 150000 },
				{ account: OK, amount: 160000 },
			],
			tokenLifetimeSeconds: null,
			runs: [
				{
					...runDefaults(),
					maxAttempts: 2,
					onError: 'stop',
					retryTries: 2,
					rows: [
						{ slot: 0, edit: 'none' },
						{ slot: 1, edit: 'none' },
					],
					faults: [
						{ route: 'createPayout', kind: 'latency', latencyMs: 1300, count: 1 },
						{ route: 'createPayout', kind: 'status', status: 503, count: 3 },
					],
				},
			],
		},
		claims: { paid: 0, notPaid: 0, unknown: 1 },
	},
	{
		label: 'misread-lookup',
		title: 're-run with an edited description (409 for the Reference ID), look-up answered {"code":"00"} without data by a proxy: not "(not paid)" for a row an earlier run paid',
		testCase: {
			slots: [
				{ account: OK, amount: 10000 },
				{ account: OK, amount: 10000 },
			],
			tokenLifetimeSeconds: null,
			runs: [
				{ ...stopOnce(), rows: [{ slot: 0, edit: 'none' }] },
				{ ...stopOnce(), rows: [{ slot: 0, edit: 'description' }, { slot: 1, edit: 'none' }], misreads: { kind: 'noData', count: 1 } },
			],
		},
		claims: { notPaid: 0 },
	},
];

/** One item per request, one attempt, On Error: Stop, no faults (rows set by the case). */
function stopOnce(): ClaimsCase['runs'][number] {
	return { destination: 'channel', sendAs: 'perItem', chunkSize: 1, concurrency: 1, maxAttempts: 1, onError: 'stop', retryTries: 0, rows: [], badRow: 'none', faults: [] };
}

function runDefaults(): ClaimsCase['runs'][number] {
	return {
		destination: 'channel',
		sendAs: 'perItem',
		chunkSize: 1,
		concurrency: 1,
		maxAttempts: 1,
		onError: 'continue',
		retryTries: 0,
		rows: [],
		badRow: 'none',
		faults: [],
	};
}

let sandbox: Sandbox;
let recorder: Recorder;
let context: OracleContext;

beforeAll(async () => {
	sandbox = await startSandbox({ processingDelayMs: 50 });
	recorder = await startRecorder(sandbox.url);
	const tryStarts: number[] = [];
	context = { sandbox, recorder, tryStarts, harness: harnessFor(sandbox, { [PIVOT]: trackedPivot(tryStarts) }, recorder.url) };
});
afterAll(async () => {
	await recorder?.idle();
	await recorder?.close();
	await sandbox?.close();
});

describe('Payout → Create: every claim against the simulator (claims oracle)', () => {
	it(
		`random runs, faults and re-runs: no false claim, no payout twice (${numRuns} cases; seed printed on failure)`,
		async () => {
			const tally = newTally();
			const errors: string[] = [];
			await fc.assert(
				fc.asyncProperty(claimsCaseArbitrary, async (testCase) => {
					if (!survey) {
						const report = await runCase(context, testCase);
						// A known finding (none is open) would not fail it: bench/claims.mjs counts them.
						expect(report.violations.filter((v) => !v.known)).toEqual([]);
						return;
					}
					try {
						addToTally(tally, testCase, await runCase(context, testCase));
					} catch (error) {
						errors.push(`${(error as Error).message} in ${JSON.stringify(testCase)}`);
					}
				}),
				{ numRuns, ...(survey?.examples ? { examples: survey.examples.map((c) => [c] as [ClaimsCase]) } : {}) },
			);
			if (survey) {
				const figures = { ...tally, errors: errors.slice(0, 20), errorCount: errors.length };
				await fetch(survey.figuresUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(figures) });
			}
		},
		numRuns * MS_PER_CASE + 60_000,
	);

	it.each(FORMER_FINDINGS)('formerly a false claim, "$label": $title', async ({ testCase, claims }) => {
		const report = await runCase(context, testCase);
		expect(report.violations).toEqual([]);
		expect(report.claims).toMatchObject(claims);
	});
});
