/**
 * No secret leaves the Pivot node through an echo: the simulator's echoHeaders fault on every
 * route, a fake Pivot (or proxy) that repeats the bearer token, raw and header-shaped, in every
 * error answer, a token endpoint that repeats X-MERCHANT-SECRET, and a Base URL with user-info.
 * Nothing the run shows (messages, run data, Continue On Fail items) may contain them.
 */
import { randomBytes } from 'crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { IDataObject } from 'n8n-workflow';

import { Pivot } from '../../nodes/Pivot/Pivot.node';
import type { SandboxRoute } from '../sandbox/types';
import type { NodeSettings } from './support/harness';
import { EngineHarness, sandboxCredentials } from './support/harness';
import { historyParams } from './support/history';
import type { PivotEnv } from './support/pivotEnv';
import { BALANCE_GET, createByChannel, getByReference, PIVOT, pivotEnv, row, validateParams, visible } from './support/pivotEnv';

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

/** A Pivot node whose credential points at `baseUrl`, with this file's Client ID and Secret. */
const harnessFor = (baseUrl: string) =>
	new EngineHarness(sandboxCredentials(baseUrl, { clientId, clientSecret, callbackApiKey: randomBytes(24).toString('hex') }), { [PIVOT]: new Pivot() });

const OPERATIONS: Array<[string, IDataObject, IDataObject[]]> = [
	['Balance → Get', BALANCE_GET, [{}]],
	['Payout → Create (per item)', createByChannel({ options: { maxAttempts: 1, retryDelaySeconds: 0 } }), [row('SECRET-1'), row('SECRET-2')]],
	['Payout → Create (bulk)', createByChannel({ sendAs: 'bulk', options: { maxAttempts: 1, retryDelaySeconds: 0 } }), [row('SECRET-3'), row('SECRET-4')]],
	['Payout → Get by Reference ID', getByReference('SECRET-5'), [{}]],
	['Account Inquiry → Validate', validateParams('999966660001'), [{}]],
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
		const harness = harnessFor(server.url);
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
		const harness = harnessFor(server.url);
		const result = await harness.run(PIVOT, BALANCE_GET, [{}, {}], settings);
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

	it.each(SETTINGS)('%s: refused, named without the password', async (_name, settings) => {
		const harness = harnessFor(`http://pivotuser:${password}@127.0.0.1:9`);
		const result = await harness.run(PIVOT, BALANCE_GET, [{}], settings);
		const shown = visible(result) + JSON.stringify(result.items);
		expect(shown).toMatch(/Base URL carries a user name or password .*\(http:\/\/127\.0\.0\.1:9\)/);
		expect(shown).not.toContain(password);
		expect(shown).not.toContain('pivotuser');
	});
});

describe("the simulator's echoHeaders fault: headers echoed in error answers on every route", () => {
	let env: PivotEnv;
	afterEach(async () => await env?.close());

	const CASES: Array<{ route: SandboxRoute; parameters: IDataObject; items?: IDataObject[] }> = [
		{ route: 'token', parameters: BALANCE_GET },
		{ route: 'balance', parameters: BALANCE_GET },
		{ route: 'inquiry', parameters: validateParams('999966660001') },
		{ route: 'createPayout', parameters: createByChannel({ options: { maxAttempts: 1, retryDelaySeconds: 0 } }), items: [row('ECHO-1')] },
		{ route: 'getPayout', parameters: getByReference('ECHO-404') },
		{ route: 'balanceHistory', parameters: historyParams() },
	];

	describe.each([false, true])('Continue On Fail: %s', (continueOnFail) => {
		it.each(CASES)('$route: no token or client secret in anything the run shows', async ({ route, parameters, items }) => {
			env = await pivotEnv();
			// A first call issues the token, so the echo carries a real one (except on the token route itself).
			if (route !== 'token') expect((await env.run(BALANCE_GET)).error).toBeUndefined();
			env.sandbox.setFault({ route, kind: 'echoHeaders', status: 400, count: 5 });
			const result = await env.run(parameters, items ?? [{}], continueOnFail ? { onError: 'continueRegularOutput' } : {});
			const echoed = env.sandbox.requests().filter((r) => r.fault === 'echoHeaders');
			expect(echoed.length).toBeGreaterThan(0);

			const shown = visible(result);
			const secret = env.sandbox.merchants[0].clientSecret;
			const tokens = (await (await fetch(`${env.sandbox.url}/_sandbox/tokens`)).json()) as { issued: string[] };
			for (const value of [secret, ...tokens.issued]) expect(shown).not.toContain(value);
			if (continueOnFail) {
				expect(result.items).toHaveLength((items ?? [{}]).length);
				expect(result.items[0].json.error).toEqual(expect.any(String));
			} else {
				expect(result.error?.message).toEqual(expect.any(String));
			}
			// The echo itself reached the node: what it said is still shown, minus the secrets.
			expect(shown).toMatch(/\[redacted\]/);
		});
	});
});
