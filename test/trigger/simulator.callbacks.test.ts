/**
 * The Pivot Trigger receiving the simulator's real callbacks over HTTP: each event of a created
 * payout reaches the workflow, a failed answer is redelivered with the same dedupeKey, and a wrong
 * or missing Callback API Key starts nothing.
 */
import { randomBytes } from 'crypto';
import { sleep } from 'n8n-workflow';

import { DELAYED_PAYOUT_ACCOUNT, INSUFFICIENT_BALANCE_ACCOUNT } from '../sandbox';
import type { Env } from './support/simulatorEnv';
import { createPayout, env, FAST_RETRIES, INACTIVE_ACCOUNT, item, waitForDeliveries } from './support/simulatorEnv';

describe('Pivot Trigger with the simulator: real callbacks over HTTP', () => {
	let e: Env;
	afterEach(async () => await e.close());

	it('a created single payout → PAYOUT.SUCCESS reaches the workflow, acknowledged 200', async () => {
		e = await env();
		const payout = item();
		const uuid = await createPayout(e.sandbox, [payout]);
		const [delivery] = await waitForDeliveries(e.host, 1);
		expect(delivery.status).toBe(200);
		expect(delivery.headers['x-api-key']).toBe(e.sandbox.merchants[0].callbackApiKey);
		expect(delivery.items).toHaveLength(1);
		expect(delivery.items[0]).toMatchObject({
			event: 'PAYOUT.SUCCESS',
			scope: 'single',
			uuid,
			merchantId: expect.any(String),
			status: 'SUCCESS',
			isFinal: true,
			referenceId: payout.referenceId,
			amount: { value: '150000', number: 150000, currency: 'IDR' },
			reason: null,
		});
		const records = await e.sandbox.waitForCallbacks(1);
		expect(records).toHaveLength(1);
		expect(records[0]).toMatchObject({ attempt: 1, status: 200, event: 'PAYOUT.SUCCESS' });
	});

	it('a failed payout → PAYOUT.FAILED with the reason and "do not retry"', async () => {
		e = await env();
		const payout = item(INACTIVE_ACCOUNT);
		await createPayout(e.sandbox, [payout]);
		const [delivery] = await waitForDeliveries(e.host, 1);
		expect(delivery.items[0]).toMatchObject({
			event: 'PAYOUT.FAILED',
			referenceId: payout.referenceId,
			status: 'FAILED',
			reason: 'Inactive account',
			retry: 'doNotRetry',
		});
	});

	it.each([null, ''] as const)('a successful payout whose callback says reason %p → reason null', async (reason) => {
		e = await env({}, { callbackSuccessReason: reason });
		await createPayout(e.sandbox, [item()]);
		const [delivery] = await waitForDeliveries(e.host, 1);
		const sent = (await e.sandbox.waitForCallbacks(1))[0].body as { data: { payouts: { reason: unknown } } };
		expect(sent.data.payouts.reason).toBe(reason);
		expect(delivery.items[0].reason).toBeNull();
	});

	it('a delayed payout → PAYOUT.DELAYED then PAYOUT.SUCCESS, with different dedupeKeys', async () => {
		e = await env();
		await createPayout(e.sandbox, [item(DELAYED_PAYOUT_ACCOUNT)]);
		const [delayed, done] = await waitForDeliveries(e.host, 2);
		expect(delayed.items[0]).toMatchObject({ event: 'PAYOUT.DELAYED', status: 'PENDING', isFinal: false });
		expect(done.items[0]).toMatchObject({ event: 'PAYOUT.SUCCESS', status: 'SUCCESS', isFinal: true });
		expect(done.items[0].dedupeKey).not.toBe(delayed.items[0].dedupeKey);
	});

	it('a bulk request → one PAYOUT.DONE with the totals', async () => {
		e = await env();
		const uuid = await createPayout(e.sandbox, [item(), item(), item(INACTIVE_ACCOUNT, '20000')]);
		const [delivery] = await waitForDeliveries(e.host, 1);
		expect(delivery.items).toEqual([
			expect.objectContaining({
				event: 'PAYOUT.DONE',
				scope: 'bulk',
				uuid,
				status: 'DONE',
				isFinal: true,
				totals: expect.objectContaining({
					totalSuccessCount: 2,
					totalSuccessAmount: 300000,
					totalFailedCount: 1,
					totalFailedAmount: 20000,
					totalPendingCount: 0,
				}),
			}),
		]);
	});

	it('a first answer of 500 → the simulator redelivers, and both deliveries carry the same dedupeKey', async () => {
		e = await env();
		e.host.failNext(1);
		await createPayout(e.sandbox, [item()]);
		const [first, second] = await waitForDeliveries(e.host, 2);
		expect(first.status).toBe(500);
		expect(second.status).toBe(200);
		expect(first.items).toHaveLength(1);
		expect(second.items).toEqual(first.items);
		expect(second.items[0].dedupeKey).toBe(first.items[0].dedupeKey);
		const records = await e.sandbox.waitForCallbacks(2);
		expect(records.map((r) => [r.attempt, r.status])).toEqual([
			[1, 500],
			[2, 200],
		]);
		expect(records[1].deliveryId).toBe(records[0].deliveryId);
		expect(records[1].scheduledDelayMs).toBeCloseTo(5 * 60_000 * FAST_RETRIES);
		await sleep(100);
		expect(e.host.deliveries).toHaveLength(2);
	});

	it('a callback with the wrong key is refused 401, starts nothing, and is not retried', async () => {
		e = await env();
		e.host.configure({ credentials: { ...e.credentials, callbackApiKey: randomBytes(24).toString('hex') } });
		await createPayout(e.sandbox, [item()]);
		const [delivery] = await waitForDeliveries(e.host, 1);
		expect(delivery).toMatchObject({ status: 401, items: [], startedExecution: false });
		// 401 is not among Pivot's retried answers (5xx, 408, 429).
		await sleep(1_500);
		expect(e.sandbox.callbacks()).toHaveLength(1);
		expect(e.host.deliveries).toHaveLength(1);
	});

	it('with no Callback API Key in the credential, callbacks fail (500) and Pivot retries until the key is set', async () => {
		e = await env();
		const withoutKey = { ...e.credentials };
		delete withoutKey.callbackApiKey;
		e.host.configure({ credentials: withoutKey });
		e.host.onDelivery = (_delivery, index) => {
			if (index === 1) e.host.configure({ credentials: e.credentials });
		};
		const payout = item();
		await createPayout(e.sandbox, [payout]);
		const deliveries = await waitForDeliveries(e.host, 3);
		expect(deliveries.map((d) => d.status)).toEqual([500, 500, 200]);
		expect(deliveries[0].error).toMatch(/no Callback API Key/);
		expect(deliveries[0].items).toEqual([]);
		expect(deliveries[2].items[0]).toMatchObject({ event: 'PAYOUT.SUCCESS', referenceId: payout.referenceId });
		const records = await e.sandbox.waitForCallbacks(3);
		expect(records.map((r) => r.attempt)).toEqual([1, 2, 3]);
	});

	it('a request parked for top-up → request-level PAYOUT.PENDING, not final', async () => {
		e = await env();
		const uuid = await createPayout(e.sandbox, [item(INSUFFICIENT_BALANCE_ACCOUNT)]);
		const [delivery] = await waitForDeliveries(e.host, 1);
		expect(delivery.items[0]).toMatchObject({ event: 'PAYOUT.PENDING', scope: 'bulk', uuid, status: 'PENDING', isFinal: false });
	});
});

