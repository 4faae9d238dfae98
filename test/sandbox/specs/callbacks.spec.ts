import Fastify, { type FastifyInstance } from 'fastify';
import { sleep } from 'n8n-workflow';

import { DELAYED_PAYOUT_ACCOUNT, RETRY_SCHEDULE_MS, type Sandbox } from '../index';
import { channelItem, createPayout, setup } from '../test-helpers';
import type { AxiosInstance } from 'axios';

const SCALE = 1 / 60000; // 5 min → 5 ms … 12 h → 720 ms

interface Received {
	headers: Record<string, unknown>;
	body: { event: string; data: Record<string, unknown> };
	atMs: number;
}

/** A webhook receiver answering the scripted statuses in turn (the last one repeats). */
async function receiver(statuses: number[] = [200]) {
	const app: FastifyInstance = Fastify({ logger: false, forceCloseConnections: true });
	const received: Received[] = [];
	app.post('/hook', async (request, reply) => {
		received.push({ headers: request.headers, body: request.body as Received['body'], atMs: Date.now() });
		const status = statuses[Math.min(received.length - 1, statuses.length - 1)];
		return await reply.code(status).send({ ok: status === 200 });
	});
	await app.listen({ port: 0, host: '127.0.0.1' });
	const address = app.server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return { url: `http://127.0.0.1:${port}/hook`, received, close: async () => await app.close() };
}

describe('sandbox: callback bodies', () => {
	let sb: Sandbox;
	let api: AxiosInstance;
	let hook: Awaited<ReturnType<typeof receiver>>;
	beforeEach(async () => {
		hook = await receiver();
		({ sb, api } = await setup({ processingDelayMs: 20, callbackTimeScale: SCALE }));
		sb.setCallbackUrl(sb.merchants[0].clientId, hook.url);
	});
	afterEach(async () => {
		await sb.close();
		await hook.close();
	});

	it('single success: PAYOUT.SUCCESS, payouts as an object, reason null, X-API-Key header', async () => {
		const res = await createPayout(api, [channelItem({ referenceId: 'TestReforzaPivot001' })]);
		const [cb] = await sb.waitForCallbacks(1);
		expect(cb).toMatchObject({ event: 'PAYOUT.SUCCESS', attempt: 1, status: 200, scheduledDelayMs: 0, url: hook.url });
		expect(hook.received).toHaveLength(1);
		expect(hook.received[0].body).toEqual({
			event: 'PAYOUT.SUCCESS',
			data: {
				uuid: res.data.data.uuid,
				merchantId: '922e39ab-7565-49f6-b84f-fb56122821ae',
				payouts: {
					referenceId: 'TestReforzaPivot001',
					amount: { currency: 'IDR', value: '100000' },
					status: 'SUCCESS',
					reason: null,
				},
			},
		});
		expect(hook.received[0].headers['x-api-key']).toBe(sb.merchants[0].callbackApiKey);
		expect(hook.received[0].headers['content-type']).toMatch(/^application\/json/);
		expect(cb.body).toEqual(hook.received[0].body);
	});

	it('single failure: PAYOUT.FAILED with the reason', async () => {
		await createPayout(api, [channelItem({ accountNumber: '999966660002', value: '10000' })]);
		await sb.waitForCallbacks(1);
		expect(hook.received[0].body.event).toBe('PAYOUT.FAILED');
		expect(hook.received[0].body.data.payouts).toMatchObject({ status: 'FAILED', reason: 'Inactive account' });
	});

	it('bulk: one request-level PAYOUT.DONE with totals only', async () => {
		const res = await createPayout(api, [
			channelItem({ value: '10000' }),
			channelItem({ value: '20000', accountNumber: '999966660003' }),
		]);
		await sb.waitForSettled();
		await sb.waitForCallbacks(1);
		await sleep(30);
		expect(hook.received.map((r) => r.body)).toEqual([
			{
				event: 'PAYOUT.DONE',
				data: {
					uuid: res.data.data.uuid,
					merchantId: sb.merchants[0].clientId,
					payoutResults: {
						totalPendingCount: 0,
						totalPendingAmount: 0,
						totalSuccessCount: 1,
						totalSuccessAmount: 10000,
						totalFailedCount: 1,
						totalFailedAmount: 20000,
						totalCancelledCount: 0,
						totalCancelledAmount: 0,
					},
					status: 'DONE',
				},
			},
		]);
	});

	it('parked for top-up: request-level PAYOUT.PENDING even for one item; cancel sends PAYOUT.CANCELLED', async () => {
		const res = await createPayout(api, [channelItem({ accountNumber: '999966660007', value: '10000' })]);
		await sb.waitForCallbacks(1);
		expect(hook.received[0].body).toEqual({
			event: 'PAYOUT.PENDING',
			data: {
				uuid: res.data.data.uuid,
				merchantId: sb.merchants[0].clientId,
				payoutResults: expect.objectContaining({ totalPendingCount: 1, totalPendingAmount: 10000 }),
				status: 'PENDING',
			},
		});
		expect(sb.cancelPending(res.data.data.uuid)).toBe(true);
		await sb.waitForCallbacks(2);
		expect(hook.received[1].body.event).toBe('PAYOUT.CANCELLED');
		expect(hook.received[1].body.data).toMatchObject({
			status: 'CANCELLED',
			payoutResults: expect.objectContaining({ totalCancelledCount: 1, totalPendingCount: 0 }),
		});
	});

	it('delayed item: PAYOUT.DELAYED (status PENDING), then PAYOUT.SUCCESS', async () => {
		await createPayout(api, [channelItem({ accountNumber: DELAYED_PAYOUT_ACCOUNT })]);
		await sb.waitForCallbacks(2);
		expect(hook.received.map((r) => [r.body.event, (r.body.data.payouts as { status: string }).status])).toEqual([
			['PAYOUT.DELAYED', 'PENDING'],
			['PAYOUT.SUCCESS', 'SUCCESS'],
		]);
	});

	it('sends nothing when the merchant has no callback URL', async () => {
		sb.setCallbackUrl(sb.merchants[0].clientId, '');
		await createPayout(api, [channelItem()]);
		await sb.waitForSettled();
		await sleep(30);
		expect(sb.callbacks()).toEqual([]);
		expect(hook.received).toEqual([]);
	});
});

describe('sandbox: callback redelivery schedule (compressed clock)', () => {
	const run = async (statuses: number[], expectedAttempts: number) => {
		const hook = await receiver(statuses);
		const { sb, api } = await setup({ processingDelayMs: 10, callbackTimeScale: SCALE });
		try {
			sb.setCallbackUrl(sb.merchants[0].clientId, hook.url);
			await createPayout(api, [channelItem()]);
			const records = await sb.waitForCallbacks(expectedAttempts);
			await sleep(100); // nothing more arrives
			return { records: sb.callbacks(), received: hook.received, sbRecords: records };
		} finally {
			await sb.close();
			await hook.close();
		}
	};

	it('retries 500, 500 then stops at 200: 3 attempts on the scaled schedule, identical bodies', async () => {
		const { records, received } = await run([500, 500, 200], 3);
		expect(records.map((r) => [r.attempt, r.status, r.scheduledDelayMs])).toEqual([
			[1, 500, 0],
			[2, 500, RETRY_SCHEDULE_MS[0] * SCALE],
			[3, 200, RETRY_SCHEDULE_MS[1] * SCALE],
		]);
		expect(new Set(records.map((r) => r.deliveryId)).size).toBe(1);
		expect(received).toHaveLength(3);
		expect(new Set(received.map((r) => JSON.stringify(r.body))).size).toBe(1);
		expect(received[1].atMs - received[0].atMs).toBeGreaterThanOrEqual(4);
		expect(received[2].atMs - received[1].atMs).toBeGreaterThanOrEqual(14);
		expect(records.some((r) => r.gaveUp)).toBe(false);
	});

	it.each([408, 429, 503])('retries on %i', async (status) => {
		const { records } = await run([status, 200], 2);
		expect(records.map((r) => r.status)).toEqual([status, 200]);
	});

	it.each([401, 400, 404])('does not retry a %i', async (status) => {
		const { records, received } = await run([status], 1);
		expect(records).toHaveLength(1);
		expect(records[0]).toMatchObject({ attempt: 1, status });
		expect(received).toHaveLength(1);
	});

	it('gives up after the 6th retry (7 attempts: 5 min, 15 min, 1 h, 3 h, 6 h, 12 h)', async () => {
		const { records } = await run([500], 7);
		expect(records.map((r) => r.scheduledDelayMs)).toEqual([0, ...RETRY_SCHEDULE_MS.map((ms) => ms * SCALE)]);
		expect(records.map((r) => r.gaveUp ?? false)).toEqual([false, false, false, false, false, false, true]);
	});

	it('retries network errors and records them', async () => {
		const hook = await receiver();
		const deadUrl = hook.url;
		await hook.close(); // nothing listens on this port any more
		const { sb, api } = await setup({ processingDelayMs: 10, callbackTimeScale: SCALE });
		try {
			sb.setCallbackUrl(sb.merchants[0].clientId, deadUrl);
			await createPayout(api, [channelItem()]);
			const records = await sb.waitForCallbacks(2);
			expect(records[0].error).toMatch(/ECONNREFUSED/);
			expect(records[0].status).toBeUndefined();
			expect(records[1].attempt).toBe(2);
		} finally {
			await sb.close();
		}
	});

	it('callbackSuccessReason "" sends reason "" instead of null', async () => {
		const hook = await receiver();
		const { sb, api } = await setup({ processingDelayMs: 10, callbackSuccessReason: '' });
		try {
			sb.setCallbackUrl(sb.merchants[0].clientId, hook.url);
			await createPayout(api, [channelItem()]);
			await sb.waitForCallbacks(1);
			expect((hook.received[0].body.data.payouts as { reason: unknown }).reason).toBe('');
		} finally {
			await sb.close();
			await hook.close();
		}
	});
});
