import type { AxiosInstance } from 'axios';
import Fastify, { type FastifyInstance } from 'fastify';

import type { Sandbox } from '../index';
import { http, setup } from '../test-helpers';

interface Received {
	path: string;
	headers: Record<string, unknown>;
	body: { event: string; data: Record<string, unknown> };
}

/** A receiver on two paths, so a test can tell the payout URL from the top-up URL. */
async function receiver() {
	const app: FastifyInstance = Fastify({ logger: false, forceCloseConnections: true });
	const received: Received[] = [];
	app.post('/:name', async (request) => {
		received.push({ path: request.url, headers: request.headers, body: request.body as Received['body'] });
		return { ok: true };
	});
	await app.listen({ port: 0, host: '127.0.0.1' });
	const address = app.server.address();
	const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
	return { base, received, close: async () => await app.close() };
}

describe('sandbox: top-up (POST /_sandbox/topup) and MERCHANT-TOP-UP.SUCCESS', () => {
	let sb: Sandbox;
	let api: AxiosInstance;
	let hook: Awaited<ReturnType<typeof receiver>>;
	beforeEach(async () => {
		hook = await receiver();
		({ sb, api } = await setup());
		sb.setCallbackUrl(sb.merchants[0].clientId, `${hook.base}/payouts`);
	});
	afterEach(async () => {
		await sb.close();
		await hook.close();
	});

	const balance = async () => (await api.get('/v1/payouts/balance?currency=IDR')).data.data.availableBalance.value as string;

	it('raises the balance, writes a VA_TOP_UP entry and sends the documented body with X-API-Key to the payout callback URL', async () => {
		sb.setBalance(sb.merchants[0].clientId, '500000.00');
		const res = await http.post(`${sb.url}/_sandbox/topup`, { amount: '100000', channel: 'PERMATA', virtualAccountNumber: '8528000012345678' });
		expect(res.status).toBe(200);
		expect(await balance()).toBe('600000.00');
		const [cb] = await sb.waitForCallbacks(1);
		expect(cb).toMatchObject({ event: 'MERCHANT-TOP-UP.SUCCESS', status: 200, url: `${hook.base}/payouts` });
		expect(hook.received).toHaveLength(1);
		expect(hook.received[0].headers['x-api-key']).toBe(sb.merchants[0].callbackApiKey);
		expect(hook.received[0].headers['content-type']).toMatch(/^application\/json/);
		const body = hook.received[0].body;
		expect(body).toEqual({
			event: 'MERCHANT-TOP-UP.SUCCESS',
			data: {
				merchantId: sb.merchants[0].clientId,
				merchantName: 'Pivot Sandbox Merchant',
				accountName: 'DISBURSEMENT',
				amount: { currency: 'IDR', value: '100000' },
				balanceBefore: { currency: 'IDR', value: '500000' },
				balanceAfter: { currency: 'IDR', value: '600000' },
				paymentMethod: { type: 'VIRTUAL_ACCOUNT' },
				paymentMethodOptions: {
					virtualAccount: { channel: 'PERMATA', virtualAccountNumber: '8528000012345678', virtualAccountName: 'Pivot Sandbox Merchant' },
				},
				transactionTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
			},
		});
		expect(body).not.toHaveProperty('data.uuid');
		expect(res.data).toMatchObject({ ok: true, url: `${hook.base}/payouts`, callback: body });
		const entries = sb.ledger();
		expect(entries).toEqual([
			expect.objectContaining({
				transactionType: 'VA_TOP_UP',
				amount: '100000.00',
				fee: '0.00',
				channel: 'PERMATA',
				settlementStatus: 'SETTLED',
				createdBy: 'SYSTEM',
				date: body.data.transactionTime,
			}),
		]);
		const listed = await api.get('/v1/balance-histories', {
			params: { startDate: new Date(Date.now() - 60_000).toISOString(), endDate: new Date(Date.now() + 60_000).toISOString() },
		});
		expect(listed.data.data).toMatchObject([{ transactionType: 'VA Top Up', amount: { value: 100000 }, referenceId: entries[0].referenceId }]);
	});

	it('goes to the top-up callback URL when one is set; cents in a balance are kept', async () => {
		sb.setBalance(sb.merchants[0].clientId, '10.50');
		const set = await http.post(`${sb.url}/_sandbox/config`, { topUpCallbackUrl: `${hook.base}/topups` });
		expect(set.status).toBe(200);
		const result = sb.topUp({ amount: '250000' });
		expect(result.url).toBe(`${hook.base}/topups`);
		await sb.waitForCallbacks(1);
		expect(hook.received.map((r) => r.path)).toEqual(['/topups']);
		expect(hook.received[0].body.data).toMatchObject({
			balanceBefore: { currency: 'IDR', value: '10.50' },
			balanceAfter: { currency: 'IDR', value: '250010.50' },
		});
	});

	it('refuses a bad amount or channel and changes nothing; with no URL nothing is delivered', async () => {
		for (const body of [{ amount: '1.000' }, { amount: 100000 }, { amount: '0' }, {}, { amount: '5000', channel: '' }]) {
			const res = await http.post(`${sb.url}/_sandbox/topup`, body);
			expect(res.status).toBe(400);
			expect(res.data.ok).toBe(false);
		}
		expect(await balance()).toBe('1000000000.00');
		expect(sb.ledger()).toEqual([]);
		sb.setCallbackUrl(sb.merchants[0].clientId, '');
		expect(sb.topUp({ amount: '1000' }).url).toBe('');
		expect(sb.callbacks()).toEqual([]);
	});
});

describe('sandbox: ledger control routes', () => {
	let sb: Sandbox;
	beforeEach(async () => ({ sb } = await setup()));
	afterEach(async () => await sb.close());

	it('seeds entries reproducibly within the days before the end, and lists them', async () => {
		const end = Date.now();
		const res = await http.post(`${sb.url}/_sandbox/ledger/seed`, { count: 500, days: 90, seed: 42, end });
		expect(res.data).toMatchObject({ ok: true, count: 500 });
		const listed = (await http.get(`${sb.url}/_sandbox/ledger`)).data as Array<{ date: string; transactionType: string }>;
		expect(listed).toHaveLength(500);
		for (const e of listed) {
			expect(Date.parse(e.date)).toBeLessThanOrEqual(end);
			expect(Date.parse(e.date)).toBeGreaterThan(end - 90 * 86_400_000);
		}
		expect(new Set(listed.map((e) => e.transactionType)).size).toBeGreaterThan(3);
		const again = await setup();
		try {
			again.sb.seedLedger({ count: 500, days: 90, seed: 42, end });
			expect(again.sb.ledger().map((e) => [e.date, e.transactionId])).toEqual(sb.ledger().map((e) => [e.date, e.transactionId]));
		} finally {
			await again.sb.close();
		}
		expect((await http.post(`${sb.url}/_sandbox/ledger/seed`, { count: -1 })).status).toBe(400);
	});

	it('adds entries as given, all or none; reset drops them', async () => {
		const ok = await http.post(`${sb.url}/_sandbox/ledger/entries`, {
			entries: [{ referenceId: 'A', label: 'Cashback', overrides: { amount: { value: '100.00', currency: 'IDR' } } }],
		});
		expect(ok.data.entries).toMatchObject([{ referenceId: 'A', label: 'Cashback' }]);
		const bad = await http.post(`${sb.url}/_sandbox/ledger/entries`, [{ referenceId: 'B' }, { referenceId: 'C', amount: '1.000' }]);
		expect(bad.status).toBe(400);
		expect(bad.data.error).toMatch(/entries\[1\]\.amount/);
		expect(sb.ledger().map((e) => e.referenceId)).toEqual(['A']);
		sb.reset();
		expect(sb.ledger()).toEqual([]);
	});
});
