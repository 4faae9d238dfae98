import { sleep } from 'n8n-workflow';

import { DEFAULT_CLIENT_ID, type Sandbox, startSandbox } from '../index';
import { apiFor, errorOf, http, issueToken } from '../test-helpers';

describe('sandbox: access token and Bearer auth', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await startSandbox();
	});
	afterAll(async () => await sb.close());

	const tokenCall = async (headers: Record<string, string>, body: unknown = { grantType: 'client_credentials' }) =>
		await http.post(`${sb.url}/v1/access-token`, body, { headers });

	const creds = () => ({ 'X-MERCHANT-ID': sb.merchants[0].clientId, 'X-MERCHANT-SECRET': sb.merchants[0].clientSecret });

	it('defaults to one merchant with the documented UUID and generated secrets', () => {
		expect(sb.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(sb.merchants).toHaveLength(1);
		const m = sb.merchants[0];
		expect(m.clientId).toBe(DEFAULT_CLIENT_ID);
		expect(m.clientSecret.length).toBeGreaterThanOrEqual(24);
		expect(m.callbackApiKey.length).toBeGreaterThanOrEqual(24);
		expect(m.balance).toBe('1000000000.00');
	});

	it('answers the documented token envelope (expiresIn is the string "900")', async () => {
		const res = await tokenCall(creds());
		expect(res.status).toBe(200);
		expect(res.data).toEqual({
			code: '00',
			message: 'Success',
			data: { accessToken: expect.any(String), expiresIn: '900', tokenType: 'Bearer' },
		});
		expect(sb.tokensIssued()).toBeGreaterThanOrEqual(1);
	});

	it('issues a different opaque token on every exchange', async () => {
		expect(await issueToken(sb)).not.toBe(await issueToken(sb));
	});

	it('rejects a wrong secret or unknown merchant with 401 credentials_invalid', async () => {
		const before = sb.tokensIssued();
		for (const headers of [
			{ ...creds(), 'X-MERCHANT-SECRET': 'wrong' },
			{ ...creds(), 'X-MERCHANT-ID': '00000000-0000-0000-0000-000000000000' },
		]) {
			const res = await tokenCall(headers);
			expect(res.status).toBe(401);
			expect(res.data).toEqual({
				code: 'credentials_invalid',
				message: 'Merchant Credentials are Invalid',
				error: {
					type: 'API_ERROR',
					details: [{ field: '', message: 'Make sure X-MERCHANT-ID and X-MERCHANT-SECRET are correct' }],
					trace_id: expect.stringMatching(/^[0-9a-f]{32}$/),
				},
			});
		}
		expect(sb.tokensIssued()).toBe(before);
	});

	it('requires both merchant headers (field_required)', async () => {
		const res = await tokenCall({});
		expect(res.status).toBe(400);
		expect(res.data.code).toBe('field_required');
		expect(res.data.error.details).toEqual([
			{ field: 'X-MERCHANT-ID', message: 'Make sure X-MERCHANT-ID value is fulfilled' },
			{ field: 'X-MERCHANT-SECRET', message: 'Make sure X-MERCHANT-SECRET value is fulfilled' },
		]);
	});

	it('requires the body {"grantType":"client_credentials"}', async () => {
		expect(errorOf(await tokenCall(creds(), {}))).toMatchObject({ status: 400, code: 'field_required', field: 'grantType' });
		expect(errorOf(await tokenCall(creds(), { grantType: 'password' }))).toMatchObject({
			status: 400,
			code: 'field_format_invalid',
			field: 'grantType',
			detail: 'Make sure grantType format is correct',
		});
	});

	it('refuses calls without, or with an unknown, Bearer token', async () => {
		for (const headers of [{}, { Authorization: 'Bearer nope' }, { Authorization: 'Basic abc' }]) {
			const res = await http.get(`${sb.url}/v1/payouts/balance?currency=IDR`, { headers });
			expect(res.status).toBe(401);
			expect(res.data).toMatchObject({
				code: 'credentials_invalid',
				message: 'Access Token is Invalid',
				error: { type: 'API_ERROR', details: [{ field: '', message: 'Request new access token' }] },
			});
		}
	});

	it('accepts x-submerchant-id and records it; never records credentials', async () => {
		const api = await apiFor(sb);
		const res = await api.get('/v1/payouts/balance?currency=IDR', { headers: { 'x-submerchant-id': 'sub-123' } });
		expect(res.status).toBe(200);
		const balanceCall = sb.requests().find((r) => r.route === 'balance' && r.submerchantId === 'sub-123');
		expect(balanceCall).toMatchObject({ method: 'GET', path: '/v1/payouts/balance', query: { currency: 'IDR' }, status: 200 });
		expect(balanceCall?.headers.authorization).toBe('[redacted]');
		const tokenCalls = sb.requests().filter((r) => r.route === 'token' && 'x-merchant-secret' in r.headers);
		expect(tokenCalls.length).toBeGreaterThan(0);
		expect(tokenCalls.every((r) => r.headers['x-merchant-secret'] === '[redacted]')).toBe(true);
		const dump = JSON.stringify(sb.requests());
		expect(dump).not.toContain(sb.merchants[0].clientSecret);
	});
});

describe('sandbox: token lifetime and credentialsInvalidStatus', () => {
	it('expires tokens after tokenLifetimeSeconds', async () => {
		const sb = await startSandbox({ tokenLifetimeSeconds: 1 });
		try {
			const res = await http.post(
				`${sb.url}/v1/access-token`,
				{ grantType: 'client_credentials' },
				{ headers: { 'X-MERCHANT-ID': sb.merchants[0].clientId, 'X-MERCHANT-SECRET': sb.merchants[0].clientSecret } },
			);
			expect(res.data.data.expiresIn).toBe('1');
			const api = await apiFor(sb);
			expect((await api.get('/v1/payouts/balance?currency=IDR')).status).toBe(200);
			await sleep(1100);
			const expired = await api.get('/v1/payouts/balance?currency=IDR');
			expect(expired.status).toBe(401);
			expect(expired.data.code).toBe('credentials_invalid');

			sb.setTokenLifetime(60);
			const fresh = await apiFor(sb);
			expect((await fresh.get('/v1/payouts/balance?currency=IDR')).status).toBe(200);
		} finally {
			await sb.close();
		}
	});

	it('uses credentialsInvalidStatus for credentials_invalid answers', async () => {
		const sb = await startSandbox({ credentialsInvalidStatus: 403 });
		try {
			const res = await http.get(`${sb.url}/v1/payouts/balance?currency=IDR`);
			expect(res.status).toBe(403);
			expect(res.data.code).toBe('credentials_invalid');
		} finally {
			await sb.close();
		}
	});

	it('serves several merchants with their own credentials', async () => {
		const sb = await startSandbox({
			merchants: [
				{ clientId: 'merchant-a', clientSecret: 'secret-a', callbackApiKey: 'cb-a', balance: '500.00' },
				{ clientId: 'merchant-b', clientSecret: 'secret-b', callbackApiKey: 'cb-b' },
			],
		});
		try {
			const a = await apiFor(sb, sb.merchants[0]);
			const b = await apiFor(sb, sb.merchants[1]);
			expect((await a.get('/v1/payouts/balance?currency=IDR')).data.data.availableBalance.value).toBe('500.00');
			expect((await b.get('/v1/payouts/balance?currency=IDR')).data.data.availableBalance.value).toBe('1000000000.00');
		} finally {
			await sb.close();
		}
	});
});
