/**
 * webhook() driven as n8n drives it: n8n-core's WebhookContext, a real Workflow and node with
 * n8n's parameter defaults, the credentials helper, n8n's body pre-parsing and answer mapping.
 */
import { randomBytes } from 'crypto';
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { PAYOUT_EVENTS } from '../../nodes/PivotTrigger/normalise';
import { BULK_EVENTS, bulkBody, MERCHANT, SINGLE_EVENTS, singleBody, totals, UUID } from './fixtures';
import type { Invocation } from './host';
import { invokeTrigger, n8nAnswer, n8nPreParse, outputItems, RecordedResponse } from './host';

const callbackKey = randomBytes(24).toString('hex');

function credentials(extra: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject {
	return {
		environment: 'custom',
		// Nothing listens here: any call to Pivot from the trigger fails fast.
		baseUrl: 'http://127.0.0.1:9',
		clientId: 'merchant-client-id',
		clientSecret: randomBytes(16).toString('hex'),
		callbackApiKey: callbackKey,
		subMerchantId: '',
		...extra,
	};
}

interface Call {
	invocation: Invocation;
	response: RecordedResponse;
	items: IDataObject[];
}

/** Sends `raw` with `headers` through n8n's pre-parse, webhook() and n8n's answer. */
async function deliver(
	raw: string | Buffer,
	options: {
		headers?: Record<string, string | string[]>;
		key?: string | null;
		parameters?: INodeParameters;
		credentials?: ICredentialDataDecryptedObject;
		mode?: 'webhook' | 'manual';
	} = {},
): Promise<Call> {
	const headers: Record<string, string | string[]> = {
		'content-type': 'application/JSON',
		accept: 'application/JSON',
		...(options.key === null ? {} : { 'x-api-key': options.key ?? callbackKey }),
		...(options.headers ?? {}),
	};
	const pre = n8nPreParse({ headers, raw });
	if (!pre.ok) throw new Error(`n8n itself answers ${pre.status} before the node runs`);
	const response = new RecordedResponse();
	const invocation = await invokeTrigger(
		{ credentials: options.credentials ?? credentials(), parameters: options.parameters, mode: options.mode },
		pre.request,
		response,
	);
	n8nAnswer(invocation, response);
	return { invocation, response, items: outputItems(invocation) };
}

const json = (body: unknown) => JSON.stringify(body);

function expectNoExecution(call: Call): void {
	expect(call.invocation.error).toBeUndefined();
	expect(call.invocation.result?.workflowData).toBeUndefined();
	expect(call.items).toEqual([]);
}

function expectExecution(call: Call, count = 1): void {
	expect(call.invocation.error).toBeUndefined();
	expect(call.response.statusCode).toBe(200);
	expect(call.items).toHaveLength(count);
}

describe('PivotTrigger.webhook(): authentic callbacks', () => {
	it.each(SINGLE_EVENTS)('%s (single shape) starts the workflow with one normalised item', async (event) => {
		const call = await deliver(json(singleBody(event)));
		expectExecution(call);
		expect(call.items[0]).toMatchObject({
			event,
			scope: 'single',
			uuid: UUID,
			merchantId: MERCHANT,
			referenceId: 'TestReforzaPivot001',
			amount: { value: '100000', number: 100000, currency: 'IDR' },
			totals: null,
		});
		expect(call.items[0].dedupeKey).toMatch(/^[0-9a-f]{32}$/);
		expect(call.response.jsonBody).toEqual({ message: 'Workflow was started' });
	});

	it.each(BULK_EVENTS)('%s (bulk shape) starts the workflow with the totals', async (event) => {
		const call = await deliver(json(bulkBody(event)));
		expectExecution(call);
		expect(call.items[0]).toMatchObject({ event, scope: 'bulk', uuid: UUID, referenceId: null, totals: totals() });
	});

	it('PAYOUT.FAILED carries the reason and advice', async () => {
		const call = await deliver(json(singleBody('PAYOUT.FAILED', { reason: 'Declined due to beneficiary limit' })));
		expect(call.items[0]).toMatchObject({ status: 'FAILED', isFinal: true, retry: 'retryTomorrow' });
	});

	it('reason null and "" produce identical items', async () => {
		const withNull = await deliver(json(singleBody('PAYOUT.SUCCESS', { reason: null })));
		const withEmpty = await deliver(json(singleBody('PAYOUT.SUCCESS', { reason: '' })));
		expect(withNull.items[0].reason).toBeNull();
		expect(withEmpty.items).toEqual(withNull.items);
	});

	it('a redelivery (same event, other key order and spacing) gives the same dedupeKey', async () => {
		const body = singleBody('PAYOUT.SUCCESS');
		const first = await deliver(json(body));
		const again = await deliver(JSON.stringify({ data: body.data, event: body.event }, null, 2));
		expect(again.items[0].dedupeKey).toBe(first.items[0].dedupeKey);
	});

	it.each([
		['Pivot\'s "application/JSON"', 'application/JSON'],
		['application/json; charset=utf-8', 'application/json; charset=utf-8'],
		['text/plain (n8n hands over a string)', 'text/plain'],
		['no content type (n8n leaves only the raw bytes)', ''],
		['application/octet-stream (unparsed by n8n)', 'application/octet-stream'],
	])('reads a JSON body sent as %s', async (_what, contentType) => {
		const call = await deliver(json(singleBody('PAYOUT.SUCCESS')), { headers: { 'content-type': contentType } });
		expectExecution(call);
		expect(call.items[0].event).toBe('PAYOUT.SUCCESS');
	});

	it('reads the raw bytes when the request has no parsed body and no rawBody yet', async () => {
		const pre = n8nPreParse({ headers: { 'x-api-key': callbackKey }, raw: '' });
		if (!pre.ok) throw new Error('unexpected');
		const bytes = Buffer.from(json(bulkBody('PAYOUT.DONE')));
		let reads = 0;
		const request = {
			...pre.request,
			rawBody: undefined as unknown as Buffer,
			async readRawBody() {
				reads++;
				request.rawBody = bytes;
			},
		};
		const response = new RecordedResponse();
		const invocation = await invokeTrigger({ credentials: credentials() }, request, response);
		expect(reads).toBe(1);
		expect(outputItems(invocation)[0]).toMatchObject({ event: 'PAYOUT.DONE', scope: 'bulk' });
	});

	it('works the same on the test URL (manual mode)', async () => {
		const call = await deliver(json(singleBody('PAYOUT.SUCCESS')), { mode: 'manual' });
		expectExecution(call);
	});

	it('never puts the callback key or the client secret in the output', async () => {
		const creds = credentials();
		const call = await deliver(json(singleBody('PAYOUT.SUCCESS')), {
			credentials: creds,
			parameters: { options: { includeRaw: true } },
		});
		const text = JSON.stringify(call.items);
		expect(text).not.toContain(callbackKey);
		expect(text).not.toContain(String(creds.clientSecret));
	});
});

describe('PivotTrigger.webhook(): event filter', () => {
	it('an authentic event that is not selected is acknowledged 200 without an execution', async () => {
		const call = await deliver(json(singleBody('PAYOUT.SUCCESS')), { parameters: { events: ['PAYOUT.FAILED'] } });
		expectNoExecution(call);
		expect(call.response.statusCode).toBe(200);
	});

	it('a selected event passes', async () => {
		const call = await deliver(json(singleBody('PAYOUT.FAILED')), {
			parameters: { events: ['PAYOUT.FAILED', 'PAYOUT.DONE'] },
		});
		expectExecution(call);
	});

	it('PAYOUT.DELAYED selected passes in both shapes', async () => {
		const parameters = { events: ['PAYOUT.DELAYED'] };
		expectExecution(await deliver(json(singleBody('PAYOUT.DELAYED')), { parameters }));
		expectExecution(await deliver(json(bulkBody('PAYOUT.DELAYED')), { parameters }));
		expectNoExecution(await deliver(json(bulkBody('PAYOUT.DONE')), { parameters }));
	});

	it('the default selects every event', async () => {
		for (const event of PAYOUT_EVENTS) {
			expectExecution(await deliver(json(bulkBody(event))));
		}
	});

	it('no event selected means all', async () => {
		expectExecution(await deliver(json(bulkBody('PAYOUT.CANCELLED')), { parameters: { events: [] } }));
	});

	it('an event Pivot may add later (or another product\'s) is acknowledged without an execution', async () => {
		const call = await deliver(json({ event: 'MERCHANT-TOP-UP.SUCCESS', data: { uuid: UUID, merchantId: MERCHANT } }));
		expectNoExecution(call);
		expect(call.response.statusCode).toBe(200);
	});
});

describe('PivotTrigger.webhook(): refused requests', () => {
	const body = json(singleBody('PAYOUT.SUCCESS', { referenceId: 'ECHO-CANARY-7731' }));

	function expectRefused(call: Call, status: number): void {
		expectNoExecution(call);
		expect(call.invocation.result).toEqual({ noWebhookResponse: true });
		expect(call.response.statusCode).toBe(status);
		// Nothing of the request comes back.
		expect(String(call.response.body)).not.toMatch(/ECHO-CANARY|PAYOUT\.|d6a46a2c/);
	}

	it('a wrong key → 401, no execution, nothing echoed', async () => {
		const call = await deliver(body, { key: randomBytes(24).toString('hex') });
		expectRefused(call, 401);
		expect(call.response.jsonBody).toEqual({ message: 'Unauthorized' });
	});

	it('a missing key → 401', async () => {
		expectRefused(await deliver(body, { key: null }), 401);
	});

	it('a same-length near miss → 401', async () => {
		const nearMiss = `${callbackKey.slice(0, -1)}${callbackKey.endsWith('0') ? '1' : '0'}`;
		expectRefused(await deliver(body, { key: nearMiss }), 401);
	});

	it('the key in another header (Authorization, query-like names) → 401', async () => {
		expectRefused(await deliver(body, { key: null, headers: { authorization: `Bearer ${callbackKey}` } }), 401);
		expectRefused(await deliver(body, { key: null, headers: { 'x-api-key-2': callbackKey } }), 401);
	});

	it('the key is checked before the body is read: a wrong key with a malformed body is 401, not 400', async () => {
		expectRefused(await deliver('{not json', { key: 'wrong', headers: { 'content-type': 'text/plain' } }), 401);
	});

	it.each([
		['invalid JSON as text/plain', '{"event": "PAYOUT.SUCCESS", ', 'text/plain'],
		['invalid JSON without a content type', '{"event"', ''],
		['XML', '<event>PAYOUT.SUCCESS</event>', 'application/xml'],
		['a form', 'event=PAYOUT.SUCCESS&data=x', 'application/x-www-form-urlencoded'],
		['a JSON array', json([singleBody('PAYOUT.SUCCESS')]), 'application/json'],
		['a JSON string', json('PAYOUT.SUCCESS'), 'application/json'],
		['JSON without data', json({ event: 'PAYOUT.SUCCESS' }), 'application/json'],
		['JSON without data.uuid', json({ event: 'PAYOUT.SUCCESS', data: { merchantId: MERCHANT } }), 'application/json'],
		['JSON with a numeric event', json({ event: 7, data: { uuid: UUID } }), 'application/json'],
		['an empty JSON object', '{}', 'application/json'],
	])('an authentic request with %s → 400, no execution', async (_what, raw, contentType) => {
		const call = await deliver(raw, { headers: { 'content-type': contentType } });
		expectNoExecution(call);
		expect(call.response.statusCode).toBe(400);
		expect(String(call.response.jsonBody?.message)).toMatch(/^Bad Request/);
	});

	it('an authentic request with no body (the dashboard\'s URL check) → 200, no execution', async () => {
		const call = await deliver('');
		expectNoExecution(call);
		expect(call.response.statusCode).toBe(200);
	});

	it('an unauthenticated request with no body → 401', async () => {
		expectRefused(await deliver('', { key: null }), 401);
	});
});

describe('PivotTrigger.webhook(): merchant check', () => {
	it('a matching merchantId passes', async () => {
		const call = await deliver(json(singleBody('PAYOUT.SUCCESS')), { parameters: { options: { merchantId: MERCHANT } } });
		expectExecution(call);
	});

	it('surrounding spaces in the configured value are ignored', async () => {
		const call = await deliver(json(bulkBody('PAYOUT.DONE')), { parameters: { options: { merchantId: ` ${MERCHANT} ` } } });
		expectExecution(call);
	});

	it('another merchantId → 401, no execution', async () => {
		const call = await deliver(json(singleBody('PAYOUT.SUCCESS', {}, { merchantId: 'another-merchant' })), {
			parameters: { options: { merchantId: MERCHANT } },
		});
		expectNoExecution(call);
		expect(call.response.statusCode).toBe(401);
	});

	it('a callback without merchantId → 401 when a merchant is configured', async () => {
		const body = bulkBody('PAYOUT.DONE');
		delete (body.data as IDataObject).merchantId;
		const call = await deliver(json(body), { parameters: { options: { merchantId: MERCHANT } } });
		expect(call.response.statusCode).toBe(401);
		expectNoExecution(call);
	});

	it('empty means any merchant', async () => {
		const call = await deliver(json(singleBody('PAYOUT.SUCCESS', {}, { merchantId: 'another-merchant' })), {
			parameters: { options: { merchantId: '' } },
		});
		expectExecution(call);
	});
});

describe('PivotTrigger.webhook(): raw option', () => {
	it('adds the body as sent and the headers with the key redacted', async () => {
		const body = singleBody('PAYOUT.FAILED');
		const call = await deliver(json(body), {
			parameters: { options: { includeRaw: true } },
			headers: { authorization: 'Basic c2VjcmV0', 'x-forwarded-for': '203.0.113.7', cookie: 'session=abc' },
		});
		expectExecution(call);
		const raw = call.items[0].raw as IDataObject;
		expect(raw.body).toEqual(body);
		const headers = raw.headers as IDataObject;
		expect(headers['x-api-key']).toBe('[redacted]');
		expect(headers.authorization).toBe('[redacted]');
		expect(headers.cookie).toBe('[redacted]');
		expect(headers['x-forwarded-for']).toBe('203.0.113.7');
		expect(headers['content-type']).toBe('application/JSON');
		expect(JSON.stringify(call.items)).not.toContain(callbackKey);
	});

	it('is off by default', async () => {
		const call = await deliver(json(singleBody('PAYOUT.SUCCESS')));
		expect(call.items[0]).not.toHaveProperty('raw');
	});
});

describe('PivotTrigger.webhook(): credential without a Callback API Key', () => {
	it.each([
		['empty', ''],
		['whitespace', '   '],
		['absent', undefined],
	])('(%s) refuses every callback with a clear error, whatever the request carries', async (_what, value) => {
		const creds = credentials();
		if (value === undefined) delete creds.callbackApiKey;
		else creds.callbackApiKey = value;
		for (const key of [callbackKey, '', null]) {
			const call = await deliver(json(singleBody('PAYOUT.SUCCESS', { referenceId: 'ECHO-CANARY-7731' })), {
				credentials: creds,
				key,
			});
			expect(call.invocation.result).toBeUndefined();
			expect(call.items).toEqual([]);
			expect(call.invocation.error).toBeInstanceOf(NodeOperationError);
			expect(call.invocation.error?.message).toMatch(/no Callback API Key/);
			expect(call.invocation.error?.description).toMatch(/Developer Settings → Callbacks/);
			// What n8n answers (500, a failed execution) is shown in a real n8n by the E2E suite.
			expect(String(call.response.body)).not.toMatch(/ECHO-CANARY/);
		}
	});
});

describe('PivotTrigger.webhook(): expand bulk results when Pivot cannot be reached', () => {
	it('still emits the bulk event, with expandError, and acknowledges it', async () => {
		const creds = credentials();
		const call = await deliver(json(bulkBody('PAYOUT.DONE')), {
			credentials: creds,
			parameters: { options: { expandBulkResults: true } },
		});
		expectExecution(call);
		const item = call.items[0];
		expect(item).toMatchObject({ event: 'PAYOUT.DONE', scope: 'bulk', totals: totals() });
		expect(item.expandError).toMatchObject({ pagesFetched: 0 });
		expect(String((item.expandError as IDataObject).message)).toMatch(/^Expand bulk results: /);
		const text = JSON.stringify(call.items);
		expect(text).not.toContain(String(creds.clientSecret));
		expect(text).not.toContain(callbackKey);
	});

	it('does not expand single-payout events', async () => {
		const call = await deliver(json(singleBody('PAYOUT.SUCCESS')), { parameters: { options: { expandBulkResults: true } } });
		expectExecution(call);
		expect(call.items[0]).not.toHaveProperty('expandError');
	});
});
