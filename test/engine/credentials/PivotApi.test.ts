/**
 * The Pivot API credential: its token exchange against a real local HTTP server, and the refresh
 * path driven through n8n-core's real httpRequestWithAuthentication (via Balance → Get).
 */
import { randomBytes } from 'crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { IDataObject } from 'n8n-workflow';

import { pivotBaseUrl } from '../../../credentials/PivotApi.credentials';
import { Pivot } from '../../../nodes/Pivot/Pivot.node';
import { EngineHarness, sandboxCredentials } from '../support/harness';
import { BALANCE_GET, PIVOT } from '../support/pivotEnv';

interface Seen {
	method: string;
	url: string;
	headers: Record<string, unknown>;
	body: unknown;
}

const clientId = '922e39ab-7565-49f6-b84f-fb56122821ae';
const clientSecret = randomBytes(24).toString('hex');

/** A minimal Pivot: issues numbered tokens and refuses all but the newest. */
async function fakePivot(options: { expiredStatus?: number } = {}) {
	const seen: Seen[] = [];
	let issued = 0;
	const app: FastifyInstance = Fastify();
	app.post('/v1/access-token', async (req, reply) => {
		seen.push({ method: req.method, url: req.url, headers: req.headers, body: req.body });
		if (req.headers['x-merchant-id'] !== clientId || req.headers['x-merchant-secret'] !== clientSecret) {
			return await reply.code(401).send({
				code: 'credentials_invalid',
				message: 'Access Token is Invalid',
				error: { type: 'API_ERROR', details: [], trace_id: 'trace-bad-secret' },
			});
		}
		issued++;
		return { code: '00', message: 'Success', data: { accessToken: `tok-${issued}`, expiresIn: '900', tokenType: 'Bearer' } };
	});
	app.get('/v1/payouts/balance', async (req, reply) => {
		seen.push({ method: req.method, url: req.url, headers: req.headers, body: undefined });
		if (req.headers.authorization !== `Bearer tok-${issued}` || issued === 0) {
			return await reply.code(options.expiredStatus ?? 401).send({
				code: 'credentials_invalid',
				message: 'Access Token is Invalid',
				error: { type: 'API_ERROR', details: [{ field: '', message: 'Request new access token' }], trace_id: 't1' },
			});
		}
		return { code: '00', message: 'Success', data: { availableBalance: { currency: 'IDR', value: '4440916697.16' } } };
	});
	const url = await app.listen({ port: 0, host: '127.0.0.1' });
	return { app, url, seen, expireAll: () => issued++ };
}

const harnessFor = (url: string, secret = clientSecret) =>
	new EngineHarness(sandboxCredentials(url, { clientId, clientSecret: secret, callbackApiKey: '' }), { [PIVOT]: new Pivot() });
const balance = async (harness: EngineHarness, items: IDataObject[] = [{}]) => await harness.run(PIVOT, BALANCE_GET, items);

describe('PivotApi credential', () => {
	let server: Awaited<ReturnType<typeof fakePivot>>;
	afterEach(async () => await server?.app.close());

	it('exchanges the Client ID and Secret exactly as Pivot documents', async () => {
		server = await fakePivot();
		const harness = harnessFor(server.url);
		const { items, error } = await balance(harness);
		expect(error).toBeUndefined();
		const token = server.seen[0];
		expect(token.method).toBe('POST');
		expect(token.url).toBe('/v1/access-token');
		expect(token.headers['x-merchant-id']).toBe(clientId);
		expect(token.headers['x-merchant-secret']).toBe(clientSecret);
		expect(String(token.headers['content-type'])).toContain('application/json');
		expect(token.body).toEqual({ grantType: 'client_credentials' });
		expect(server.seen[1].headers.authorization).toBe('Bearer tok-1');
		expect(server.seen[1].url).toBe('/v1/payouts/balance?currency=IDR');
		expect(items[0].json).toEqual({ currency: 'IDR', value: '4440916697.16', amount: 4440916697.16 });
		expect(harness.credentialsHelper.stored().accessToken).toBe('tok-1');
	});

	it.each([401, 403, 200])(
		'refreshes an expired token once and resends (Pivot answers credentials_invalid with HTTP %i)',
		async (expiredStatus) => {
			server = await fakePivot({ expiredStatus });
			const harness = harnessFor(server.url);
			await balance(harness);
			server.expireAll();
			server.seen.length = 0;
			const { items, error } = await balance(harness, [{}, {}]);
			expect(error).toBeUndefined();
			expect(items).toHaveLength(2);
			const tokenCalls = server.seen.filter((s) => s.url === '/v1/access-token');
			expect(tokenCalls).toHaveLength(1);
			// The refreshed token is persisted and used by the following call without a new exchange.
			expect(harness.credentialsHelper.stored().accessToken).toBe('tok-3');
			const balanceCalls = server.seen.filter((s) => s.url.startsWith('/v1/payouts/balance'));
			expect(balanceCalls.at(-1)?.headers.authorization).toBe('Bearer tok-3');
			expect(balanceCalls.filter((s) => s.headers.authorization === 'Bearer tok-3')).toHaveLength(2);
		},
	);

	it('names a bad Client Secret clearly and never shows it', async () => {
		server = await fakePivot();
		const wrongSecret = randomBytes(24).toString('hex');
		const harness = harnessFor(server.url, wrongSecret);
		const { error, run } = await balance(harness);
		expect(error?.message).toMatch(/rejected the Client ID or Client Secret/);
		expect(error?.message).toMatch(/trace-bad-secret/);
		const everything = JSON.stringify(run) + String(error?.stack) + String(error?.description);
		expect(everything).not.toContain(wrongSecret);
	});

	it('does not reuse a stored token once the Client Secret was changed', async () => {
		server = await fakePivot();
		const harness = harnessFor(server.url);
		expect((await balance(harness)).error).toBeUndefined();
		const stored = harness.credentialsHelper.stored();
		expect(stored.accessTokenIssuedFor).toMatch(/^[a-f0-9]{64}$/);
		const wrongSecret = randomBytes(24).toString('hex');
		stored.clientSecret = wrongSecret;
		server.seen.length = 0;
		const { error, run } = await balance(harness);
		expect(error?.message).toMatch(/rejected the Client ID or Client Secret/);
		expect(server.seen.map((s) => s.url)).toEqual(['/v1/payouts/balance?currency=IDR', '/v1/access-token']);
		expect(server.seen[0].headers.authorization).toBe('Bearer stale');
		expect(JSON.stringify(run)).not.toContain(wrongSecret);
	});

	it('says when the host cannot be reached, without the secret', async () => {
		server = await fakePivot();
		const url = server.url;
		await server.app.close();
		const harness = harnessFor(url);
		const { error, run } = await balance(harness);
		expect(error?.message).toMatch(/Cannot reach Pivot at http:\/\/127\.0\.0\.1:\d+: the connection was refused\./);
		expect(JSON.stringify(run)).not.toContain(clientSecret);
	});

	it('says when the base URL is not Pivot', async () => {
		server = await fakePivot();
		const harness = harnessFor(`${server.url}/nothing-here`);
		const { error } = await balance(harness);
		expect(error?.message).toMatch(/did not answer like Pivot's API \(HTTP 404/);
	});

	it('sends requests to the host of the chosen Environment; a Custom Base URL is trimmed of spaces and the last slash', () => {
		expect(pivotBaseUrl({ environment: 'sandbox' })).toBe('https://api-stg.pivot-payment.com');
		expect(pivotBaseUrl({ environment: 'production' })).toBe('https://api.pivot-payment.com');
		expect(pivotBaseUrl({ environment: 'custom', baseUrl: ' http://127.0.0.1:4010/ ' })).toBe('http://127.0.0.1:4010');
	});
});
