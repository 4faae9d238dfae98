/**
 * The trigger's share: raw headers carrying the callback key under any name are
 * redacted (class 5), an echoed token in the "Expand bulk results" fetch never reaches expandError
 * (class 5), and a deeply nested body is a 400 without an execution, not a 500 (class 6).
 */
import { randomBytes } from 'crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import { bulkBody, singleBody } from './fixtures';
import type { Invocation } from './host';
import { invokeTrigger, n8nAnswer, n8nPreParse, outputItems, RecordedResponse } from './host';

const callbackKey = randomBytes(24).toString('hex');
const clientSecret = randomBytes(16).toString('hex');

const credentials = (baseUrl = 'http://127.0.0.1:9'): ICredentialDataDecryptedObject => ({
	environment: 'custom',
	baseUrl,
	clientId: 'merchant-client-id',
	clientSecret,
	callbackApiKey: callbackKey,
	subMerchantId: '',
});

interface Call {
	invocation: Invocation;
	response: RecordedResponse;
	items: IDataObject[];
}

async function deliver(
	raw: string,
	options: { headers?: Record<string, string>; parameters?: INodeParameters; credentials?: ICredentialDataDecryptedObject } = {},
): Promise<Call> {
	const headers = { 'content-type': 'application/json', 'x-api-key': callbackKey, ...(options.headers ?? {}) };
	const pre = n8nPreParse({ headers, raw });
	if (!pre.ok) throw new Error(`n8n itself answers ${pre.status} before the node runs`);
	const response = new RecordedResponse();
	const invocation = await invokeTrigger(
		{ credentials: options.credentials ?? credentials(), parameters: options.parameters },
		pre.request,
		response,
	);
	n8nAnswer(invocation, response);
	return { invocation, response, items: outputItems(invocation) };
}

describe('Include Raw: any header whose value carries the callback key is redacted, whatever its name', () => {
	it.each([
		['x-forwarded-key', 'KEY'],
		['x-forwarded-key', 'key=KEY'],
		['x-original-headers', 'X-API-Key: KEY; accept: */*'],
		['forwarded', 'for=10.0.0.1;secret=KEY'],
	])('%s: %s', async (name, template) => {
		const value = template.replace('KEY', callbackKey);
		const call = await deliver(JSON.stringify(singleBody('PAYOUT.SUCCESS')), {
			headers: { [name]: value, 'x-request-note': 'plain value' },
			parameters: { options: { includeRaw: true } },
		});
		expect(call.response.statusCode).toBe(200);
		expect(call.items).toHaveLength(1);
		const headers = (call.items[0].raw as IDataObject).headers as IDataObject;
		expect(headers[name]).toBe('[redacted]');
		expect(headers['x-api-key']).toBe('[redacted]');
		// Only secret-bearing headers are redacted.
		expect(headers['x-request-note']).toBe('plain value');
		expect(JSON.stringify(call.items)).not.toContain(callbackKey);
	});
});

describe('Expand bulk results: a fetch answered with echoed headers', () => {
	let app: FastifyInstance | undefined;
	afterEach(async () => {
		await app?.close();
		app = undefined;
	});

	it('expandError keeps the answer but never the token, the secret or the callback key', async () => {
		const tokens: string[] = [];
		let echoes = 0;
		app = Fastify();
		app.post('/v1/access-token', async () => {
			const token = `tok${randomBytes(24).toString('hex')}`;
			tokens.push(token);
			return { code: '00', message: 'Success', data: { accessToken: token, expiresIn: '900', tokenType: 'Bearer' } };
		});
		app.get('/v1/payouts/:uuid', async (req, reply) => {
			echoes++;
			const authorization = String(req.headers.authorization);
			const raw = authorization.replace(/^Bearer /, '');
			return await reply.code(400).send({
				code: 'field_format_invalid',
				message: `Proxy rejected. Authorization: ${authorization}; token ${raw}; secret ${clientSecret}; key ${callbackKey}`,
				error: { type: 'API_ERROR', details: [{ field: 'authorization', message: authorization }], trace_id: raw },
			});
		});
		const url = await app.listen({ port: 0, host: '127.0.0.1' });
		const call = await deliver(JSON.stringify(bulkBody('PAYOUT.DONE')), {
			credentials: credentials(url),
			parameters: { options: { expandBulkResults: true } },
		});
		expect(echoes).toBeGreaterThan(0);
		expect(call.response.statusCode).toBe(200);
		expect(call.items).toHaveLength(1);
		const expandError = call.items[0].expandError as IDataObject;
		expect(expandError).toMatchObject({ httpCode: 400, code: 'field_format_invalid', pagesFetched: 0 });
		const shown = JSON.stringify(call.items);
		expect(shown).toMatch(/Proxy rejected/);
		for (const secret of [...tokens, clientSecret, callbackKey]) expect(shown).not.toContain(secret);
	});
});

describe('a deeply nested JSON body', () => {
	const nestedIn = (depth: number): string => {
		const body = JSON.stringify(singleBody('PAYOUT.SUCCESS'));
		const deep = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
		return body.replace('"referenceId"', `"extra":${deep},"referenceId"`);
	};

	it.each([10_000, 1_000, 100])('%i levels → 400 Bad Request, no execution, no stack overflow', async (depth) => {
		const call = await deliver(nestedIn(depth), { parameters: { options: { includeRaw: true } } });
		expect(call.invocation.error).toBeUndefined();
		expect(call.invocation.result?.workflowData).toBeUndefined();
		expect(call.items).toEqual([]);
		expect(call.response.statusCode).toBe(400);
		expect(String(call.response.jsonBody?.message)).toMatch(/^Bad Request/);
	});

	it('control: a callback with a few levels of extra nesting starts the workflow', async () => {
		const call = await deliver(nestedIn(5), { parameters: { options: { includeRaw: true } } });
		expect(call.response.statusCode).toBe(200);
		expect(call.items).toHaveLength(1);
	});
});
