/**
 * Secrets in other forms than as stored (secrets.test.ts covers the plain echoes): a Client Secret
 * stored with a trailing space, which the other side of the connection sees trimmed, echoed by a
 * proxy as a raw header array (JSON-escaped, URL- and form-encoded too); a Callback API Key stored
 * with surrounding whitespace, repeated by a proxy in other headers; and 200 answers whose texts
 * carry the access token, output by the Pivot node and by the trigger's Expand Bulk Results.
 */
import axios from 'axios';
import { randomBytes } from 'crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { IDataObject } from 'n8n-workflow';

import { Pivot } from '../../nodes/Pivot/Pivot.node';
import { bulkBody, singleBody } from '../trigger/support/callbackBodies';
import { credentials as triggerCredentials, deliver, expectExecution, json } from '../trigger/support/deliver';
import type { WebhookHost } from '../trigger/support/webhookHost';
import { startWebhookHost } from '../trigger/support/webhookHost';
import type { NodeSettings } from './support/harness';
import { EngineHarness, sandboxCredentials } from './support/harness';
import { BALANCE_GET, getByReference, PIVOT, visible } from './support/pivotEnv';

const clientId = '922e39ab-7565-49f6-b84f-fb56122821ae';

/** The forms a value can be echoed in; none may be shown. */
function formsOf(value: string): string[] {
	const trimmed = value.trim();
	const json = (s: string) => JSON.stringify(s).slice(1, -1);
	return [value, trimmed, json(trimmed), json(json(trimmed)), encodeURIComponent(trimmed), encodeURIComponent(trimmed).replace(/%20/g, '+')];
}

function expectNone(shown: string, values: string[]): void {
	for (const value of values) for (const form of formsOf(value)) expect(shown).not.toContain(form);
}

const SETTINGS: Array<[string, NodeSettings]> = [
	['stop on error', {}],
	['Continue On Fail', { onError: 'continueRegularOutput' }],
];

let app: FastifyInstance | undefined;
let host: WebhookHost | undefined;
afterEach(async () => {
	await app?.close();
	await host?.close();
	app = undefined;
	host = undefined;
});

describe('a Client Secret stored with a trailing space, echoed by a proxy as a raw header array', () => {
	// The random part must never be shown; the rest differs in each form (quotes, backslash, + / =).
	const core = randomBytes(16).toString('hex');
	const stored = `${core}+/="q"\\z `;

	it.each(SETTINGS)('%s: no form of the secret reaches the error', async (_name, settings) => {
		const seen: string[] = [];
		app = Fastify();
		app.post('/v1/access-token', async (req, reply) => {
			const secret = String(req.headers['x-merchant-secret']);
			seen.push(secret);
			return await reply.code(400).send({
				code: 'field_format_invalid',
				message:
					`Rejected by proxy. Request headers: ${JSON.stringify(req.raw.rawHeaders)}; ` +
					`as a query: secret=${encodeURIComponent(secret)}; as a form: secret=${encodeURIComponent(secret).replace(/%20/g, '+')}`,
				error: { type: 'API_ERROR', details: [{ field: 'headers', message: JSON.stringify(req.raw.rawHeaders) }], trace_id: 'trace-forms-1' },
			});
		});
		const url = await app.listen({ port: 0, host: '127.0.0.1' });
		const harness = new EngineHarness(sandboxCredentials(url, { clientId, clientSecret: stored, callbackApiKey: randomBytes(24).toString('hex') }), {
			[PIVOT]: new Pivot(),
		});
		const result = await harness.run(PIVOT, BALANCE_GET, [{}], settings);

		// The proxy saw the secret without its trailing space, and echoed it.
		expect(seen.length).toBeGreaterThan(0);
		expect(seen[0]).toBe(stored.trim());
		const shown = visible(result) + JSON.stringify(result.items);
		expect(shown).toMatch(/Rejected by proxy/);
		expect(shown).toMatch(/X-MERCHANT-SECRET/);
		expect(shown).not.toContain(core);
		expectNone(shown, [stored]);
		if (settings.onError) expect(result.items[0].json.error).toEqual(expect.any(String));
		else expect(result.error?.message).toEqual(expect.any(String));
	});
});

/** POSTs a callback with these headers (an array value sends the header once per value). */
async function post(url: string, headers: Record<string, string | string[]>, body: string): Promise<number> {
	const response = await axios.post(url, body, { headers, validateStatus: () => true, transformRequest: (data: unknown) => data });
	return response.status;
}

describe('a Callback API Key stored with surrounding whitespace', () => {
	it("never appears in the trigger's raw headers, whatever header or form a proxy puts it in", async () => {
		const core = randomBytes(20).toString('hex');
		const key = `${core}+/=`;
		const stored = `  ${key}\n`;
		host = await startWebhookHost({
			credentials: { ...triggerCredentials(), callbackApiKey: stored },
			parameters: { options: { includeRaw: true } },
		});
		const status = await post(
			host.url,
			{
				'content-type': 'application/json',
				// Pivot sends the key as its dashboard shows it; Node drops the spaces around it.
				'x-api-key': ` ${key} `,
				'x-forwarded-api-key': key,
				'x-original-query': `apiKey=${encodeURIComponent(key)}`,
				'x-proxy-echo': JSON.stringify(['X-API-Key', key]),
				'x-forwarded-authorization': `Basic ${Buffer.from(`pivot:${key}`).toString('base64')}`,
				// An array of values: Node keeps set-cookie as one.
				'set-cookie': ['theme=dark', `k=${key}`],
				'x-request-note': 'plain value',
			},
			json(singleBody('PAYOUT.SUCCESS')),
		);
		expect(status).toBe(200);
		expect(host.deliveries).toHaveLength(1);
		// What the node was handed: the key without the stored whitespace, and a header array.
		expect(host.deliveries[0].headers['x-api-key']).toBe(key);
		expect(host.deliveries[0].headers['set-cookie']).toEqual(['theme=dark', `k=${key}`]);
		const items = host.deliveries[0].items;
		expect(items).toHaveLength(1);
		const headers = (items[0].raw as IDataObject).headers as IDataObject;
		for (const name of ['x-api-key', 'x-forwarded-api-key', 'x-original-query', 'x-proxy-echo', 'x-forwarded-authorization', 'set-cookie']) {
			expect([name, headers[name]]).toEqual([name, '[redacted]']);
		}
		expect(headers['x-request-note']).toBe('plain value');
		const shown = JSON.stringify(items);
		expect(shown).not.toContain(core);
		expectNone(shown, [stored]);
	});
});

/** A fake Pivot that issues tokens with characters that change when encoded, and answers 200 with them. */
async function tokenEchoingPivot(tokens: string[]): Promise<string> {
	app = Fastify();
	app.post('/v1/access-token', async () => {
		const token = `tok_${randomBytes(20).toString('hex')}+/=`;
		tokens.push(token);
		return { code: '00', message: 'Success', data: { accessToken: token, expiresIn: '900', tokenType: 'Bearer' } };
	});
	const payout = (referenceId: string, token: string): IDataObject => ({
		referenceId,
		status: 'SUCCESS',
		amount: { value: '150000', currency: 'IDR' },
		channelCode: 'BRI',
		channelInformation: { accountNumber: '999966660001', accountName: `Echo ${token}` },
		description: `debug={"token":${JSON.stringify(token)}} url=${encodeURIComponent(token)}`,
		created: '2024-05-01T10:00:00Z',
		updated: '2024-05-01T10:00:05Z',
	});
	app.get('/v1/payouts/:id', async (req) => {
		const token = String(req.headers.authorization).replace(/^Bearer /, '');
		const { id } = req.params as { id: string };
		const query = req.query as { type?: string };
		if (query.type === 'single') {
			return { code: '00', message: `Success (served to ${String(req.headers.authorization)})`, data: payout(id, token) };
		}
		return {
			code: '00',
			message: 'Success',
			data: { uuid: id, status: 'DONE', payouts: [payout('BULK-1', token), payout('BULK-2', token)] },
			pagination: { page: 1, perPage: 100, totalPages: 1, totalData: 2 },
		};
	});
	return await app.listen({ port: 0, host: '127.0.0.1' });
}

describe('a 200 answer whose texts carry the access token', () => {
	it('Payout → Get by Reference ID outputs it scrubbed, amounts and identifiers as Pivot sent them', async () => {
		const tokens: string[] = [];
		const url = await tokenEchoingPivot(tokens);
		const harness = new EngineHarness(
			sandboxCredentials(url, { clientId, clientSecret: randomBytes(24).toString('hex'), callbackApiKey: randomBytes(24).toString('hex') }),
			{ [PIVOT]: new Pivot() },
		);
		const result = await harness.run(PIVOT, getByReference('REF-200-ECHO'), [{}]);
		expect(result.error).toBeUndefined();
		expect(tokens.length).toBeGreaterThan(0);
		expect(result.items).toHaveLength(1);
		const item = result.items[0].json;
		expect(item).toMatchObject({
			referenceId: 'REF-200-ECHO',
			status: 'SUCCESS',
			amount: { value: '150000', number: 150000, currency: 'IDR' },
			channelCode: 'BRI',
			accountNumber: '999966660001',
		});
		expect(item.accountName).toBe('Echo [redacted]');
		expect(String(item.description)).toMatch(/^debug=\{"token":"\[redacted\]"\} url=\[redacted\]$/);
		const shown = visible(result) + JSON.stringify(result.items);
		for (const token of tokens) expect(shown).not.toContain(token.slice(4, 44));
		expectNone(shown, tokens);
	});

	it("the trigger's Expand Bulk Results outputs the payouts scrubbed", async () => {
		const tokens: string[] = [];
		const url = await tokenEchoingPivot(tokens);
		const call = await deliver(json(bulkBody('PAYOUT.DONE')), {
			credentials: triggerCredentials({ baseUrl: url }),
			parameters: { options: { expandBulkResults: true } },
		});
		expectExecution(call, 2);
		expect(tokens.length).toBeGreaterThan(0);
		for (const [i, item] of call.items.entries()) {
			expect(item).not.toHaveProperty('expandError');
			expect(item).toMatchObject({ referenceId: `BULK-${i + 1}`, amount: { value: '150000', number: 150000, currency: 'IDR' }, accountNumber: '999966660001' });
			expect(item.accountName).toBe('Echo [redacted]');
		}
		const shown = JSON.stringify(call.items);
		for (const token of tokens) expect(shown).not.toContain(token.slice(4, 44));
		expectNone(shown, tokens);
	});
});
