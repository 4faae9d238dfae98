/**
 * Payout → Reconcile under every On Error setting, with and without Retry On Fail, and under
 * faults: a record that cannot be read fails its item (with Stop, before any look-up); a look-up
 * that fails stops the run with Stop and is the verdict `unknown` on the success output under
 * either Continue setting, never a guessed verdict. Every record comes out exactly once, paired.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import type { SandboxFault } from '../../sandbox';
import type { NodeSettings } from '../support/harness';
import { createByChannel, requestsTo, row, usePivotEnv } from '../support/pivotEnv';
import { configureSandbox, reconcileParams, record } from '../support/reconcile';

const env = usePivotEnv();

const RETRY: NodeSettings = { retryOnFail: true, maxTries: 2, waitBetweenTries: 1 };
const SETTINGS: Array<[string, NodeSettings]> = [
	['Stop', {}],
	['Stop, Retry On Fail', RETRY],
	['Continue', { onError: 'continueRegularOutput' }],
	['Continue, Retry On Fail', { onError: 'continueRegularOutput', ...RETRY }],
	['Continue (using error output)', { onError: 'continueErrorOutput' }],
	['Continue (using error output), Retry On Fail', { onError: 'continueErrorOutput', ...RETRY }],
];

const pairedIndex = (item: INodeExecutionData) => (item.pairedItem as { item: number }).item;
const lookUps = () => requestsTo(env.sandbox, 'getPayout').length;

beforeEach(async () => {
	await configureSandbox(env.sandbox, { processingDelayMs: 50 });
	await env.run(createByChannel({ sendAs: 'bulk' }), [row('OE-0'), row('OE-1', '999966660002'), row('OE-2')]);
	await env.sandbox.waitForSettled();
});

describe.each(SETTINGS)('Payout → Reconcile, On Error: %s', (_name, settings) => {
	const stops = settings.onError === undefined;
	const errorOutput = settings.onError === 'continueErrorOutput';

	it('a record whose Expected Amount is "1.000.000" fails its item; the others get their verdicts', async () => {
		const records = [record('OE-0'), record('OE-1', '1.000.000'), record('OE-2')];
		const result = await env.run(reconcileParams(), records, settings);
		if (stops) {
			expect(result.error?.message).toMatch(/^Item 2 \(index 1\): Expected Amount .*Nothing was looked up\.$/);
			expect(lookUps()).toBe(0);
			return;
		}
		expect(result.error).toBeUndefined();
		expect(lookUps()).toBe(2);
		const verdicts = result.items.filter((item) => item.json.verdict !== undefined);
		expect(verdicts.map((item) => [pairedIndex(item), item.json.verdict])).toEqual([
			[0, 'matched'],
			[2, 'matched'],
		]);
		const failed = errorOutput ? result.errorItems : result.items.filter((item) => item.json.error !== undefined);
		expect(failed.map(pairedIndex)).toEqual([1]);
		const message = errorOutput ? (failed[0].json.error as { message: string }).message : failed[0].json.error;
		expect(message).toMatch(/^Item 2 \(index 1\): Expected Amount must be a whole number/);
		expect(result.items.length + result.errorItems.length).toBe(3);
	});

	it('a look-up Pivot answers with 503: stops the run with Stop, is verdict unknown under Continue', async () => {
		// Concurrency 1: the first look-up (item 0's) is the one that fails.
		env.sandbox.setFault({ route: 'getPayout', kind: 'status', status: 503, count: 1 });
		const result = await env.run(reconcileParams({ concurrency: 1 }), [record('OE-0'), record('OE-1'), record('OE-2')], settings);
		if (stops && !settings.retryOnFail) {
			expect(result.error?.message).toMatch(/^Item 1 \(index 0\): look-up of OE-0: Pivot or its partner bank is unavailable/);
			expect(result.items).toEqual([]);
			return;
		}
		expect(result.error).toBeUndefined();
		expect(result.errorItems).toEqual([]);
		const verdicts = result.items.map((item) => [pairedIndex(item), item.json.verdict]);
		if (stops) {
			// Retry On Fail ran the node again, and the second look-up was answered.
			expect(verdicts).toEqual([[0, 'matched'], [1, 'failed'], [2, 'matched']]);
			expect(lookUps()).toBe(4);
			return;
		}
		expect(verdicts).toEqual([[0, 'unknown'], [1, 'failed'], [2, 'matched']]);
		expect(result.items[0].json).toMatchObject({ status: null, amount: null, payoutsAtPivot: null, mismatches: [] });
		expect(result.items[0].json.lookupError).toMatch(/Pivot or its partner bank is unavailable/);
		expect(result.items[0].json.action).toMatch(/Nothing is known about this payout: do not pay it again/);
		expect(lookUps()).toBe(3);
	});
});

describe('Payout → Reconcile under faults (Continue): every failed look-up is unknown, never notAtPivot', () => {
	const FAULTS: Array<[string, SandboxFault]> = [
		['HTTP 500', { route: 'getPayout', kind: 'status', status: 500, count: 1 }],
		['HTTP 502', { route: 'getPayout', kind: 'status', status: 502, count: 1 }],
		['HTTP 408', { route: 'getPayout', kind: 'status', status: 408, count: 1 }],
		['HTTP 429 four times (three resends)', { route: 'getPayout', kind: 'status', status: 429, retryAfterSeconds: 0, count: 4 }],
		['a connection reset', { route: 'getPayout', kind: 'dropBeforeCommit', count: 1 }],
	];

	it.each(FAULTS)('%s on the look-up of a payout that exists', async (_name, fault) => {
		env.sandbox.setFault(fault);
		const result = await env.run(reconcileParams({ concurrency: 1 }), [record('OE-0'), record('OE-2')], { onError: 'continueRegularOutput' });
		expect(result.items.map((item) => item.json.verdict)).toEqual(['unknown', 'matched']);
		expect(result.items[0].json.lookupError).toEqual(expect.any(String));
		expect(result.items[0].json.error).toBeUndefined();
	});

	it('a look-up of a Reference ID Pivot does not hold, under a fault, is unknown too', async () => {
		env.sandbox.setFault({ route: 'getPayout', kind: 'status', status: 503, count: 1 });
		const result = await env.run(reconcileParams(), [record('OE-MISSING')], { onError: 'continueErrorOutput' });
		expect(result.items.map((item) => item.json.verdict)).toEqual(['unknown']);
		const again = await env.run(reconcileParams(), [record('OE-MISSING')], { onError: 'continueErrorOutput' });
		expect(again.items.map((item) => item.json.verdict)).toEqual(['notAtPivot']);
	});

	it('a random 30 % of look-ups failing: each record once, in order, unknown exactly where the simulator failed it', async () => {
		const refs = Array.from({ length: 30 }, (_, i) => `OE-${i % 3}`);
		env.sandbox.setFault({ route: 'getPayout', kind: 'status', status: 503, rate: 0.3, seed: 7 });
		const result = await env.run(reconcileParams({ concurrency: 1 }), refs.map((ref) => record(ref)), { onError: 'continueRegularOutput' });
		expect(result.items.map(pairedIndex)).toEqual(refs.map((_, i) => i));
		const answered = requestsTo(env.sandbox, 'getPayout').map((r) => r.status);
		expect(answered).toHaveLength(30);
		expect(result.items.map((item) => item.json.verdict === 'unknown')).toEqual(answered.map((status) => status === 503));
		expect(answered.filter((status) => status === 503).length).toBeGreaterThan(0);
	});
});
