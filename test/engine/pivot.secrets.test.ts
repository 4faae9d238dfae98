/**
 * No secret leaves through an echo: a fake Pivot (or proxy) that repeats the
 * bearer token, raw and header-shaped, in every error answer, and a token endpoint that repeats
 * X-MERCHANT-SECRET; a Base URL with user-info. Nothing the run shows may contain them.
 */
import { randomBytes } from 'crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { IDataObject } from 'n8n-workflow';

import { Pivot } from '../../nodes/Pivot/Pivot.node';
import type { NodeSettings } from './harness';
import { EngineHarness } from './harness';
import { createByChannel, PIVOT, row, visible } from './pivotEnv';

const clientId = '922e39ab-7565-49f6-b84f-fb56122821ae';
const clientSecret = randomBytes(24).toString('hex');

interface EchoPivot {
	app: FastifyInstance;
	url: string;
	tokens: string[];
	echoes: number;
}

/** Issues long random tokens (or, with echoToken, refuses echoing the secret); every other route echoes. */
async function echoPivot(options: { echoToken?: boolean } = {}): Promise<EchoPivot> {
	const server: EchoPivot = { app: Fastify(), url: '', tokens: [], echoes: 0 };
	server.app.post('/v1/access-token', async (req, reply) => {
		const secret = String(req.headers['x-merchant-secret']);
		if (options.echoToken) {
			server.echoes++;
			return await reply.code(400).send({
				code: 'field_format_invalid',
				message: `Bad request. X-MERCHANT-SECRET: ${secret}; x-merchant-id: ${clientId}; raw=${secret}`,
				error: { type: 'API_ERROR', details: [{ field: 'X-MERCHANT-SECRET', message: secret }], trace_id: secret },
			});
		}
		const token = `tok${randomBytes(24).toString('hex')}`;
		server.tokens.push(token);
		return { code: '00', message: 'Success', data: { accessToken: token, expiresIn: '900', tokenType: 'Bearer' } };
	});
	const echo = async (req: FastifyRequest, reply: FastifyReply) => {
		server.echoes++;
		const authorization = String(req.headers.authorization);
		const raw = authorization.replace(/^Bearer /, '');
		return await reply.code(400).send({
			code: 'field_format_invalid',
			message: `Request rejected by proxy. Authorization: ${authorization}; token seen: ${raw}`,
			error: {
				type: 'API_ERROR',
				details: [
					{ field: 'authorization', message: authorization },
					{ field: raw, message: `"authorization": "${authorization}"` },
				],
				trace_id: raw,
			},
		});
	};
	server.app.get('/v1/payouts/balance', echo);
	server.app.post('/v1/payouts', echo);
	server.app.get('/v1/payouts/:id', echo);
	server.app.post('/v1/inquiry-account', echo);
	server.url = await server.app.listen({ port: 0, host: '127.0.0.1' });
	return server;
}

const credentialsFor = (baseUrl: string) => ({
	environment: 'custom',
	baseUrl,
	clientId,
	clientSecret,
	callbackApiKey: randomBytes(24).toString('hex'),
	subMerchantId: '',
});

const OPERATIONS: Array<[string, IDataObject, IDataObject[]]> = [
	['Balance → Get', { resource: 'balance', operation: 'get' }, [{}]],
	['Payout → Create (per item)', createByChannel({ options: { maxAttempts: 1, retryDelaySeconds: 0 } }), [row('SECRET-1'), row('SECRET-2')]],
	['Payout → Create (bulk)', createByChannel({ sendAs: 'bulk', options: { maxAttempts: 1, retryDelaySeconds: 0 } }), [row('SECRET-3'), row('SECRET-4')]],
	['Payout → Get by Reference ID', { resource: 'payout', operation: 'get', lookUpBy: 'reference', referenceId: 'SECRET-5' }, [{}]],
	[
		'Account Inquiry → Validate',
		{ resource: 'inquiry', operation: 'validate', channelCode: { __rl: true, mode: 'list', value: 'BCA' }, accountNumber: '999966660001', accountName: 'Dummy Simulation' },
		[{}],
	],
];
const SETTINGS: Array<[string, NodeSettings]> = [
	['stop on error', {}],
	['Continue On Fail', { onError: 'continueRegularOutput' }],
];
const CASES = OPERATIONS.flatMap((op) => SETTINGS.map((s) => [`${op[0]}, ${s[0]}`, op[1], op[2], s[1]] as const));

let server: EchoPivot | undefined;
afterEach(async () => {
	await server?.app.close();
	server = undefined;
});

describe('a server that echoes the bearer token (raw and as a header) into its error answers', () => {
	it.each(CASES)('%s: the token is never shown, the rest of the answer is', async (_name, parameters, input, settings) => {
		server = await echoPivot();
		const harness = new EngineHarness(credentialsFor(server.url), { [PIVOT]: new Pivot() });
		const result = await harness.run(PIVOT, parameters, input, settings);
		expect(server.echoes).toBeGreaterThan(0);
		expect(server.tokens.length).toBeGreaterThan(0);
		const shown = visible(result) + JSON.stringify(result.items);
		for (const token of server.tokens) expect(shown).not.toContain(token);
		expect(shown).not.toContain(clientSecret);
		expect(shown).toMatch(/Request rejected by proxy/);
		if (settings.onError) {
			expect(result.items).toHaveLength(input.length);
			for (const item of result.items) expect(item.json.error).toEqual(expect.any(String));
		} else {
			expect(result.error?.message).toEqual(expect.any(String));
		}
	});
});

describe('a token endpoint that echoes X-MERCHANT-SECRET', () => {
	it.each(SETTINGS)('%s: the Client Secret is never shown', async (_name, settings) => {
		server = await echoPivot({ echoToken: true });
		const harness = new EngineHarness(credentialsFor(server.url), { [PIVOT]: new Pivot() });
		const result = await harness.run(PIVOT, { resource: 'balance', operation: 'get' }, [{}, {}], settings);
		expect(server.echoes).toBeGreaterThan(0);
		const shown = visible(result) + JSON.stringify(result.items);
		expect(shown).not.toContain(clientSecret);
		// The echo reached the node (its words are shown), only the secret was taken out.
		expect(shown).toMatch(/X-MERCHANT-SECRET/i);
		if (settings.onError) expect(result.items.map((i) => typeof i.json.error)).toEqual(['string', 'string']);
		else expect(result.error?.message).toEqual(expect.any(String));
	});
});

describe('a Custom Base URL with user:password@', () => {
	const password = `pw${randomBytes(12).toString('hex')}`;

	it.each(SETTINGS)('%s: an unreachable host is named without the password', async (_name, settings) => {
		// Nothing listens on port 9: the token exchange fails to connect.
		const harness = new EngineHarness(credentialsFor(`http://pivotuser:${password}@127.0.0.1:9`), { [PIVOT]: new Pivot() });
		const result = await harness.run(PIVOT, { resource: 'balance', operation: 'get' }, [{}], settings);
		const shown = visible(result) + JSON.stringify(result.items);
		expect(shown).toMatch(/Cannot reach Pivot at http:\/\/pivotuser:\[redacted\]@127\.0\.0\.1:9/);
		expect(shown).not.toContain(password);
	});

	it('an echoing server reached through such a URL does not show the password either', async () => {
		server = await echoPivot();
		const url = server.url.replace('http://', `http://pivotuser:${password}@`);
		const harness = new EngineHarness(credentialsFor(url), { [PIVOT]: new Pivot() });
		const result = await harness.run(PIVOT, { resource: 'balance', operation: 'get' }, [{}]);
		expect(server.echoes).toBeGreaterThan(0);
		expect(visible(result)).not.toContain(password);
		for (const token of server.tokens) expect(visible(result)).not.toContain(token);
	});
});
