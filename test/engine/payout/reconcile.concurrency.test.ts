/**
 * Payout → Reconcile with Concurrent Requests 1 to 8: the same verdicts, each paired to its
 * record and in input order, whatever order the simulator's answers arrive in (a random latency
 * on half the look-ups reorders them), and one look-up per record.
 */
import type { INodeExecutionData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { createByChannel, requestsTo, row, usePivotEnv } from '../support/pivotEnv';
import { configureSandbox, reconcileParams, record } from '../support/reconcile';

const env = usePivotEnv();

const pairedIndex = (item: INodeExecutionData) => (item.pairedItem as { item: number }).item;

// Three payouts at the simulator and records that give each verdict that needs no waiting.
const RECORDS = Array.from({ length: 40 }, (_, i) => {
	const kind = i % 4;
	if (kind === 0) return record('CC-PAID');
	if (kind === 1) return record('CC-FAILED');
	if (kind === 2) return record('CC-PAID', 175000);
	return record(`CC-NONE-${i}`);
});
const EXPECTED = RECORDS.map((_, i) => ['matched', 'failed', 'mismatch', 'notAtPivot'][i % 4]);

beforeAll(async () => {
	await configureSandbox(env.sandbox, { processingDelayMs: 50 });
});

describe('Payout → Reconcile, Concurrent Requests', () => {
	it.each([1, 2, 4, 8])('%i at once: verdicts paired and in input order, one look-up per record', async (concurrency) => {
		await env.run(createByChannel({ sendAs: 'bulk' }), [row('CC-PAID'), row('CC-FAILED', '999966660002')]);
		await env.sandbox.waitForSettled();
		env.sandbox.setFault({ route: 'getPayout', kind: 'latency', latencyMs: 40, rate: 0.5, seed: concurrency });
		const result = await env.run(reconcileParams({ concurrency }), RECORDS);
		expect(result.error).toBeUndefined();
		expect(result.items.map(pairedIndex)).toEqual(RECORDS.map((_, i) => i));
		expect(result.items.map((item) => item.json.verdict)).toEqual(EXPECTED);
		expect(result.items.map((item) => item.json.referenceId)).toEqual(RECORDS.map((r) => r.referenceId));
		expect(requestsTo(env.sandbox, 'getPayout')).toHaveLength(RECORDS.length);
	});
});

describe('Payout → Reconcile, a cancelled execution', () => {
	it('starts no further look-up once the execution is cancelled', async () => {
		env.sandbox.setFault({ route: 'getPayout', kind: 'latency', latencyMs: 100, rate: 1, seed: 1 });
		const records = Array.from({ length: 60 }, (_, i) => record(`CX-${i}`));
		let cancelledAt = 0;
		await env.harness.run('CUSTOM.pivot', reconcileParams({ concurrency: 1 }), records, {}, {}, (cancel) => {
			void sleep(600).then(() => {
				cancelledAt = requestsTo(env.sandbox, 'getPayout').length;
				cancel();
			});
		});
		const asked = requestsTo(env.sandbox, 'getPayout').length;
		await sleep(500);
		expect(cancelledAt).toBeGreaterThan(0);
		// The look-up under way when it was cancelled may finish; none starts after it.
		expect(asked).toBeLessThanOrEqual(cancelledAt + 1);
		expect(requestsTo(env.sandbox, 'getPayout')).toHaveLength(asked);
		expect(asked).toBeLessThan(records.length);
	});
});
