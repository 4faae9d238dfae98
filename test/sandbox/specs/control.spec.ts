import Fastify from 'fastify';

import type { Sandbox } from '../index';
import { channelItem, createPayout, http, issueToken, setup } from '../test-helpers';
import type { AxiosInstance } from 'axios';

describe('sandbox: control HTTP API (/_sandbox)', () => {
	let sb: Sandbox;
	let api: AxiosInstance;
	beforeEach(async () => ({ sb, api } = await setup({ processingDelayMs: 20 })));
	afterEach(async () => await sb.close());

	const control = (path: string) => `${sb.url}/_sandbox/${path}`;

	it('lists payouts, requests and stats, and is not itself recorded', async () => {
		await createPayout(api, [channelItem({ referenceId: 'CTL-1' }), channelItem({ referenceId: 'CTL-2' })]);
		expect((await http.get(control('health'))).data).toEqual({ ok: true });
		const payouts = (await http.get(control('payouts'))).data;
		expect(payouts.map((p: { referenceId: string }) => p.referenceId)).toEqual(['CTL-1', 'CTL-2']);
		const requests = (await http.get(control('requests'))).data;
		expect(requests.map((r: { route: string }) => r.route)).toEqual(['token', 'createPayout']);
		expect(requests[1]).toMatchObject({ method: 'POST', path: '/v1/payouts', status: 200, code: '00' });
		const stats = (await http.get(control('stats'))).data;
		expect(stats).toMatchObject({
			tokensIssued: 1,
			requests: 2,
			perRoute: { token: 1, createPayout: 1, balance: 0, inquiry: 0, getPayout: 0, other: 0 },
			payouts: 2,
			payoutRequests: 1,
			faults: [],
		});
		expect(sb.requests()).toHaveLength(2);
	});

	it('lists every access token issued, also after a reset, for secret scans', async () => {
		const second = await issueToken(sb);
		const first = (await http.get(control('tokens'))).data.issued as string[];
		expect(first).toHaveLength(2);
		expect(first[1]).toBe(second);
		await http.post(control('reset'));
		const third = await issueToken(sb);
		expect((await http.get(control('tokens'))).data).toEqual({ issued: [...first, third] });
		expect(sb.requests().map((r) => r.route)).toEqual(['token']);
	});

	it('sets and clears faults', async () => {
		const set = await http.post(control('faults'), { route: 'balance', kind: 'status', status: 429, count: 5 });
		expect(set.status).toBe(200);
		expect(set.data.faults).toEqual([{ route: 'balance', kind: 'status', status: 429, count: 5 }]);
		expect((await api.get('/v1/payouts/balance?currency=IDR')).status).toBe(429);
		expect((await http.delete(control('faults'))).data).toEqual({ ok: true });
		expect((await api.get('/v1/payouts/balance?currency=IDR')).status).toBe(200);
		const bad = await http.post(control('faults'), { route: 'balance', kind: 'explode' });
		expect(bad.status).toBe(400);
		expect(bad.data.error).toMatch(/kind/);
	});

	it('configures token lifetime, balance, processing delay and callback URL', async () => {
		const hook = Fastify({ logger: false, forceCloseConnections: true });
		const seen: unknown[] = [];
		hook.post('/cb', async (request) => {
			seen.push(request.body);
			return { ok: true };
		});
		await hook.listen({ port: 0, host: '127.0.0.1' });
		try {
			const address = hook.server.address();
			const callbackUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/cb`;
			const res = await http.post(control('config'), {
				tokenLifetimeSeconds: 60,
				balance: '12345.67',
				processingDelayMs: 5,
				callbackUrl,
				clientId: sb.merchants[0].clientId,
			});
			expect(res.data).toEqual({ ok: true });
			const token = await http.post(
				`${sb.url}/v1/access-token`,
				{ grantType: 'client_credentials' },
				{ headers: { 'X-MERCHANT-ID': sb.merchants[0].clientId, 'X-MERCHANT-SECRET': sb.merchants[0].clientSecret } },
			);
			expect(token.data.data.expiresIn).toBe('60');
			expect((await api.get('/v1/payouts/balance?currency=IDR')).data.data.availableBalance.value).toBe('12345.67');
			expect(sb.merchants[0].callbackUrl).toBe(callbackUrl);
			await createPayout(api, [channelItem({ value: '10000' })]);
			await sb.waitForCallbacks(1);
			expect(seen).toHaveLength(1);

			expect((await http.post(control('config'), { balance: 'lots' })).status).toBe(400);
			expect((await http.post(control('config'), { tokenLifetimeSeconds: 'x' })).status).toBe(400);
			expect((await http.post(control('config'), { clientId: 'unknown', balance: '1.00' })).status).toBe(400);
		} finally {
			await hook.close();
		}
	});

	it('reset drops payouts, requests and faults but keeps merchants and tokens', async () => {
		const bearer = await issueToken(sb);
		await createPayout(api, [channelItem({ referenceId: 'RESET-1' })]);
		await http.post(control('faults'), { route: 'getPayout', kind: 'status', status: 500 });
		expect((await http.post(control('reset'))).data).toEqual({ ok: true });
		expect(sb.payouts()).toEqual([]);
		expect(sb.requests()).toEqual([]);
		expect(sb.tokensIssued()).toBe(0);
		const stillValid = await http.get(`${sb.url}/v1/payouts/RESET-1?type=single`, { headers: { Authorization: `Bearer ${bearer}` } });
		expect(stillValid.status).toBe(404); // no fault any more; the payout is gone; the token still works
		expect((await createPayout(api, [channelItem({ referenceId: 'RESET-1' })])).status).toBe(200);
		expect(sb.merchants[0].balance).toBe('999900000.00');
	});

	it('retries and cancels parked requests', async () => {
		sb.setBalance(sb.merchants[0].clientId, '1.00');
		const a = await createPayout(api, [channelItem({ value: '10000' })]);
		const b = await createPayout(api, [channelItem({ value: '10000' })]);
		expect((await http.post(control(`payouts/${a.data.data.uuid}/retry`))).status).toBe(409);
		await http.post(control('config'), { balance: '50000.00' });
		expect((await http.post(control(`payouts/${a.data.data.uuid}/retry`))).data).toEqual({ ok: true });
		expect((await http.post(control(`payouts/${b.data.data.uuid}/cancel`))).data).toEqual({ ok: true });
		expect((await http.post(control(`payouts/${b.data.data.uuid}/cancel`))).status).toBe(409);
		await sb.waitForSettled();
		expect(sb.payouts().map((p) => p.status)).toEqual(['SUCCESS', 'CANCELLED']);
	});

	it('answers unknown Pivot paths with a 404 envelope (recorded as route "other")', async () => {
		const res = await api.get('/v1/payouts-list');
		expect(res.status).toBe(404);
		expect(res.data).toMatchObject({ code: 'not_found', error: { type: 'API_ERROR' } });
		expect(sb.requests().at(-1)).toMatchObject({ route: 'other', status: 404, path: '/v1/payouts-list' });
	});
});
