import type { AxiosError } from 'axios';

import { startSandbox, type SandboxFault } from '../index';
import { apiFor, channelItem, createPayout, errorOf, http, newReference, newRequestId, setup } from '../test-helpers';

const errorCode = async (p: Promise<unknown>): Promise<string | undefined> => {
	try {
		await p;
		return undefined;
	} catch (e) {
		return (e as AxiosError).code;
	}
};

describe('sandbox: fault injection', () => {
	it('status: answers the next N matching requests with a Pivot error and commits nothing', async () => {
		const { sb, api } = await setup();
		try {
			sb.setFault({ route: 'createPayout', kind: 'status', status: 503, count: 2 });
			const requestId = newRequestId();
			const payouts = [channelItem()];
			for (let i = 0; i < 2; i++) {
				expect(errorOf(await createPayout(api, payouts, requestId))).toMatchObject({
					status: 503,
					code: 'service_unavailable',
					message: 'Gateway / Partner service is unavailable',
				});
			}
			expect(sb.payouts()).toHaveLength(0);
			// Other routes are unaffected; the same key then succeeds.
			expect((await api.get('/v1/payouts/balance?currency=IDR')).status).toBe(200);
			expect((await createPayout(api, payouts, requestId)).status).toBe(200);
			expect(sb.payouts()).toHaveLength(1);
			const creates = sb.requests().filter((r) => r.route === 'createPayout');
			expect(creates.map((r) => [r.status, r.fault])).toEqual([
				[503, 'status'],
				[503, 'status'],
				[200, undefined],
			]);
		} finally {
			await sb.close();
		}
	});

	it.each([
		[500, 'service_unavailable', 'GATEWAY_ERROR'],
		[502, 'service_unavailable', 'GATEWAY_ERROR'],
		[408, 'request_timeout', 'GATEWAY_ERROR'],
		[429, 'rate_limit_exceeded', 'API_ERROR'],
	] as const)('status %i → %s', async (status, code, type) => {
		const { sb, api } = await setup();
		try {
			sb.setFault({ route: 'balance', kind: 'status', status });
			const res = await api.get('/v1/payouts/balance?currency=IDR');
			expect(res.status).toBe(status);
			expect(res.data).toMatchObject({ code, error: { type } });
			expect((await api.get('/v1/payouts/balance?currency=IDR')).status).toBe(200);
		} finally {
			await sb.close();
		}
	});

	it('dropAfterCommit: the client sees a reset, the payout exists once, a replay returns the original', async () => {
		const { sb, api } = await setup();
		try {
			sb.setFault({ route: 'createPayout', kind: 'dropAfterCommit' });
			const requestId = newRequestId();
			const ref = newReference('DROP');
			const payouts = [channelItem({ referenceId: ref })];
			expect(await errorCode(api.post('/v1/payouts', { payouts }, { headers: { 'X-REQUEST-ID': requestId } }))).toBe(
				'ECONNRESET',
			);
			expect(sb.payouts().filter((p) => p.referenceId === ref)).toHaveLength(1);
			expect(sb.requests().find((r) => r.route === 'createPayout')).toMatchObject({
				status: 0,
				dropped: true,
				fault: 'dropAfterCommit',
				code: '00',
				xRequestId: requestId,
			});

			const lookup = await api.get(`/v1/payouts/${ref}?type=single`);
			expect(lookup.status).toBe(200);
			expect(lookup.data.data[0].referenceId).toBe(ref);

			const replay = await createPayout(api, payouts, requestId);
			expect(replay.status).toBe(200);
			expect(replay.data.data.payouts[0].referenceId).toBe(ref);
			expect(replay.data.data.uuid).toBe(sb.payouts()[0].requestUuid);
			expect(sb.payouts()).toHaveLength(1);
			expect(sb.requests().filter((r) => r.route === 'createPayout').map((r) => r.replay ?? false)).toEqual([false, true]);
		} finally {
			await sb.close();
		}
	});

	it('dropBeforeCommit: the client sees a reset and nothing is created', async () => {
		const { sb, api } = await setup();
		try {
			sb.setFault({ route: 'createPayout', kind: 'dropBeforeCommit' });
			const requestId = newRequestId();
			expect(await errorCode(createPayout(api, [channelItem()], requestId))).toBe('ECONNRESET');
			expect(sb.payouts()).toHaveLength(0);
			expect((await createPayout(api, [channelItem()], requestId)).status).toBe(200);
			expect(sb.payouts()).toHaveLength(1);
		} finally {
			await sb.close();
		}
	});

	it('timeoutAfterCommit: commits, holds the answer for latencyMs, then drops the connection', async () => {
		const { sb, api } = await setup();
		try {
			sb.setFault({ route: 'createPayout', kind: 'timeoutAfterCommit', latencyMs: 300 });
			const started = Date.now();
			expect(await errorCode(createPayout(api, [channelItem()]))).toBe('ECONNRESET');
			expect(Date.now() - started).toBeGreaterThanOrEqual(280);
			expect(sb.payouts()).toHaveLength(1);

			sb.setFault({ route: 'createPayout', kind: 'timeoutAfterCommit', latencyMs: 300 });
			const code = await errorCode(api.post('/v1/payouts', { payouts: [channelItem()] }, { headers: { 'X-REQUEST-ID': newRequestId() }, timeout: 100 }));
			expect(code).toBe('ECONNABORTED');
			expect(sb.payouts()).toHaveLength(2);
		} finally {
			await sb.close();
		}
	});

	it('latency: delays the answer, which is otherwise normal', async () => {
		const { sb, api } = await setup();
		try {
			sb.setFault({ route: 'any', kind: 'latency', latencyMs: 150, count: 2 });
			const started = Date.now();
			expect((await api.get('/v1/payouts/balance?currency=IDR')).status).toBe(200);
			expect(Date.now() - started).toBeGreaterThanOrEqual(140);
			const tokenStarted = Date.now();
			await apiFor(sb); // route 'any' covers the token call too
			expect(Date.now() - tokenStarted).toBeGreaterThanOrEqual(140);
			const t = Date.now();
			await api.get('/v1/payouts/balance?currency=IDR');
			expect(Date.now() - t).toBeLessThan(140);
		} finally {
			await sb.close();
		}
	});

	it('rate: applies at random with a seedable PRNG until cleared', async () => {
		const pattern = async (seed: number) => {
			const sb = await startSandbox();
			try {
				sb.setFault({ route: 'token', kind: 'status', status: 500, rate: 0.5, seed });
				const statuses: number[] = [];
				for (let i = 0; i < 20; i++) {
					const res = await http.post(`${sb.url}/v1/access-token`, {}, { headers: {} });
					statuses.push(res.status);
				}
				sb.clearFaults();
				expect((await http.post(`${sb.url}/v1/access-token`, {})).status).toBe(400);
				return statuses;
			} finally {
				await sb.close();
			}
		};
		const a = await pattern(42);
		expect(a).toEqual(await pattern(42));
		expect(a.filter((s) => s === 500).length).toBeGreaterThan(3);
		expect(a.filter((s) => s === 400).length).toBeGreaterThan(3);
	});

	it('status 429 with retryAfterSeconds: the answer carries Retry-After; without it, none', async () => {
		const { sb, api } = await setup();
		try {
			sb.setFault({ route: 'inquiry', kind: 'status', status: 429, retryAfterSeconds: 2 });
			sb.setFault({ route: 'inquiry', kind: 'status', status: 429 });
			const body = { channelCode: 'BRI', channelInformation: { accountNumber: '999966660001', accountName: 'Dummy Simulation' } };
			const limited = await api.post('/v1/inquiry-account', body);
			expect(limited.status).toBe(429);
			expect(limited.headers['retry-after']).toBe('2');
			expect(limited.data).toMatchObject({ code: 'rate_limit_exceeded' });
			const plain = await api.post('/v1/inquiry-account', body);
			expect(plain.status).toBe(429);
			expect(plain.headers['retry-after']).toBeUndefined();
			const ok = await api.post('/v1/inquiry-account', body);
			expect(ok.status).toBe(200);
			expect(ok.headers['retry-after']).toBeUndefined();
			expect(sb.requests().filter((r) => r.route === 'inquiry').map((r) => [r.status, r.fault])).toEqual([
				[429, 'status'],
				[429, 'status'],
				[200, undefined],
			]);
		} finally {
			await sb.close();
		}
	});

	it('rejects malformed faults', async () => {
		const sb = await startSandbox();
		try {
			expect(() => sb.setFault({ route: 'nope', kind: 'status', status: 500 } as unknown as SandboxFault)).toThrow(/route/);
			expect(() => sb.setFault({ route: 'any', kind: 'status', status: 404 } as unknown as SandboxFault)).toThrow(/status/);
			expect(() => sb.setFault({ route: 'any', kind: 'latency', rate: 2 })).toThrow(/rate/);
			expect(() => sb.setFault({ route: 'any', kind: 'latency', retryAfterSeconds: 1 })).toThrow(/retryAfterSeconds/);
			expect(() => sb.setFault({ route: 'any', kind: 'status', status: 429, retryAfterSeconds: 1.5 })).toThrow(/retryAfterSeconds/);
			expect(() => sb.setFault({ route: 'any', kind: 'status', status: 429, retryAfterSeconds: -1 })).toThrow(/retryAfterSeconds/);
		} finally {
			await sb.close();
		}
	});
});
