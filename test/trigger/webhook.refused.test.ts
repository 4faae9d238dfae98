/**
 * PivotTrigger.webhook(): requests that must not start the workflow. A wrong or missing key is
 * refused 401 before the body is read, a body that is not Pivot's callback is 400, a credential
 * without a Callback API Key refuses everything, and nothing of the request is echoed back.
 */
import { randomBytes } from 'crypto';
import { NodeOperationError } from 'n8n-workflow';

import { MERCHANT, singleBody, UUID } from './support/callbackBodies';
import type { Call } from './support/deliver';
import { CALLBACK_KEY, credentials, deliver, expectExecution, expectNoExecution, json } from './support/deliver';

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
		const nearMiss = `${CALLBACK_KEY.slice(0, -1)}${CALLBACK_KEY.endsWith('0') ? '1' : '0'}`;
		expectRefused(await deliver(body, { key: nearMiss }), 401);
	});

	it('the key in another header (Authorization, query-like names) → 401', async () => {
		expectRefused(await deliver(body, { key: null, headers: { authorization: `Bearer ${CALLBACK_KEY}` } }), 401);
		expectRefused(await deliver(body, { key: null, headers: { 'x-api-key-2': CALLBACK_KEY } }), 401);
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

describe('PivotTrigger.webhook(): credential without a Callback API Key', () => {
	it.each([
		['empty', ''],
		['whitespace', '   '],
		['absent', undefined],
	])('(%s) refuses every callback with a clear error, whatever the request carries', async (_what, value) => {
		const creds = credentials();
		if (value === undefined) delete creds.callbackApiKey;
		else creds.callbackApiKey = value;
		for (const key of [CALLBACK_KEY, '', null]) {
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

describe('PivotTrigger.webhook(): a deeply nested JSON body', () => {
	const nestedIn = (depth: number): string => {
		const body = json(singleBody('PAYOUT.SUCCESS'));
		const deep = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
		return body.replace('"referenceId"', `"extra":${deep},"referenceId"`);
	};

	it.each([10_000, 1_000, 100])('%i levels → 400 Bad Request, no execution, no stack overflow', async (depth) => {
		const call = await deliver(nestedIn(depth), { parameters: { options: { includeRaw: true } } });
		expectNoExecution(call);
		expect(call.response.statusCode).toBe(400);
		expect(String(call.response.jsonBody?.message)).toMatch(/^Bad Request/);
	});

	it('control: a callback with a few levels of extra nesting starts the workflow', async () => {
		expectExecution(await deliver(nestedIn(5), { parameters: { options: { includeRaw: true } } }));
	});
});
