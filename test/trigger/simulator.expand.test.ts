/**
 * The Pivot Trigger's Expand Bulk Results against the simulator: a request-level callback becomes
 * one item per payout, read page by page from GET /v1/payouts/{uuid}, with transient failures
 * retried and a failing fetch still delivering the event.
 */
import axios from 'axios';
import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { Sandbox } from '../sandbox';
import { INSUFFICIENT_BALANCE_ACCOUNT } from '../sandbox';
import type { Env } from './support/simulatorEnv';
import { createPayout, env, fetchesOf, INACTIVE_ACCOUNT, item, SUCCESS_ACCOUNT, waitForDeliveries } from './support/simulatorEnv';

describe('Pivot Trigger with the simulator: Expand bulk results', () => {
	let e: Env;
	afterEach(async () => await e.close());

	const expand = { options: { expandBulkResults: true } };

	const pageQueries = (sandbox: Sandbox, uuid: string): IDataObject[] => fetchesOf(sandbox, uuid).map((r) => r.query);

	it('45 payouts → PAYOUT.DONE → 45 items, one per payout, matching the simulator', async () => {
		e = await env(expand);
		const items = Array.from({ length: 45 }, (_, i) => item(i % 10 === 3 ? INACTIVE_ACCOUNT : SUCCESS_ACCOUNT, String(10_000 + i)));
		const uuid = await createPayout(e.sandbox, items);
		const [delivery] = await waitForDeliveries(e.host, 1);
		expect(delivery.status).toBe(200);
		expect(delivery.items).toHaveLength(45);
		expect(delivery.items.map((i) => i.referenceId)).toEqual(items.map((i) => i.referenceId));
		const truth = new Map(e.sandbox.payouts().map((p) => [p.referenceId, p]));
		for (const out of delivery.items) {
			const sim = truth.get(out.referenceId as string)!;
			expect(out).toMatchObject({
				event: 'PAYOUT.DONE',
				scope: 'bulk',
				uuid,
				expanded: true,
				status: sim.status,
				isFinal: true,
				requestStatus: 'DONE',
				amount: { value: sim.amount, number: Number(sim.amount), currency: 'IDR' },
				accountNumber: sim.accountNumber,
			});
			expect(out.reason).toBe(sim.status === 'FAILED' ? 'Inactive account' : null);
			expect(out.totals).toMatchObject({ totalSuccessCount: 40, totalFailedCount: 5 });
		}
		expect(new Set(delivery.items.map((i) => i.dedupeKey)).size).toBe(45);
		expect(pageQueries(e.sandbox, uuid)).toEqual([{ page: '1', perPage: '100' }]);
	});

	it('250 payouts → every page is fetched (100 per page) → 250 items', async () => {
		e = await env(expand);
		const items = Array.from({ length: 250 }, () => item());
		const uuid = await createPayout(e.sandbox, items);
		const [delivery] = await waitForDeliveries(e.host, 1);
		expect(delivery.items).toHaveLength(250);
		expect(delivery.items.map((i) => i.referenceId)).toEqual(items.map((i) => i.referenceId));
		expect(pageQueries(e.sandbox, uuid)).toEqual([
			{ page: '1', perPage: '100' },
			{ page: '2', perPage: '100' },
			{ page: '3', perPage: '100' },
		]);
	});

	it('a redelivered bulk event expands to the same items with the same dedupeKeys', async () => {
		e = await env(expand);
		e.host.failNext(1);
		await createPayout(e.sandbox, [item(), item(INACTIVE_ACCOUNT)]);
		const [first, second] = await waitForDeliveries(e.host, 2);
		expect([first.status, second.status]).toEqual([500, 200]);
		expect(second.items.map((i) => i.dedupeKey)).toEqual(first.items.map((i) => i.dedupeKey));
	});

	it('retries a transient failure of the fetch (one 503) and then expands', async () => {
		e = await env(expand);
		e.sandbox.setFault({ route: 'getPayout', kind: 'status', status: 503, count: 1 });
		const uuid = await createPayout(e.sandbox, [item(), item()]);
		const [delivery] = await waitForDeliveries(e.host, 1, 15_000);
		expect(delivery.items).toHaveLength(2);
		expect(delivery.items.every((i) => i.expanded === true)).toBe(true);
		expect(fetchesOf(e.sandbox, uuid).map((r) => r.status)).toEqual([503, 200]);
	});

	it('waits out "payouts_in_process" (a callback that overtakes processing) before expanding', async () => {
		e = await env(expand, { processingDelayMs: 1_500, inProcessWindowMs: 60_000 });
		e.sandbox.setCallbackUrl(e.sandbox.merchants[0].clientId, '');
		const uuid = await createPayout(e.sandbox, [item(), item()]);
		// Sent at once, while the simulator still answers "payouts_in_process" for this request.
		const answer = await axios.post(
			e.host.url,
			{ event: 'PAYOUT.DONE', data: { uuid, merchantId: e.sandbox.merchants[0].clientId, status: 'DONE' } },
			{ headers: { 'X-API-Key': e.sandbox.merchants[0].callbackApiKey }, validateStatus: () => true },
		);
		expect(answer.status).toBe(200);
		const [delivery] = await waitForDeliveries(e.host, 1);
		expect(delivery.items).toHaveLength(2);
		expect(delivery.items.every((i) => i.expanded === true && i.status === 'SUCCESS')).toBe(true);
		const codes = fetchesOf(e.sandbox, uuid).map((r) => r.code);
		expect(codes[0]).toBe('payouts_in_process');
		expect(codes.at(-1)).toBe('00');
	});

	it('a failing fetch still delivers the bulk event with expandError, acknowledged 200 (no redelivery)', async () => {
		e = await env(expand);
		e.sandbox.setFault({ route: 'getPayout', kind: 'status', status: 503, count: 10 });
		const uuid = await createPayout(e.sandbox, [item(), item()]);
		const [delivery] = await waitForDeliveries(e.host, 1, 15_000);
		expect(delivery.status).toBe(200);
		expect(delivery.items).toHaveLength(1);
		expect(delivery.items[0]).toMatchObject({ event: 'PAYOUT.DONE', scope: 'bulk', uuid, status: 'DONE' });
		expect(delivery.items[0].expandError).toMatchObject({ httpCode: 503, pagesFetched: 0 });
		expect(JSON.stringify(delivery.items)).not.toContain(e.sandbox.merchants[0].clientSecret);
		// The GET was retried (transient), then given up.
		expect(pageQueries(e.sandbox, uuid)).toHaveLength(3);
		await sleep(200);
		expect(e.sandbox.callbacks()).toHaveLength(1);
	});

	it('a parked request (PAYOUT.PENDING) expands to its APPROVED item', async () => {
		e = await env(expand);
		const payout = item(INSUFFICIENT_BALANCE_ACCOUNT);
		await createPayout(e.sandbox, [payout]);
		const [delivery] = await waitForDeliveries(e.host, 1);
		expect(delivery.items).toEqual([
			expect.objectContaining({
				event: 'PAYOUT.PENDING',
				referenceId: payout.referenceId,
				status: 'APPROVED',
				isFinal: false,
				requestStatus: 'PENDING',
				requestIsFinal: false,
			}),
		]);
	});
});
