/**
 * PivotTrigger.webhook() with authentic callbacks, driven as n8n drives it (n8n-core's
 * WebhookContext, a real Workflow and node with n8n's parameter defaults, n8n's body pre-parsing
 * and answer mapping): which workflow items each documented event gives, whatever the content type.
 */
import { BULK_EVENTS, bulkBody, MERCHANT, SINGLE_EVENTS, singleBody, totals, UUID } from './support/callbackBodies';
import { CALLBACK_KEY, credentials, deliver, expectExecution, json } from './support/deliver';
import { invokeTrigger, n8nPreParse, outputItems, RecordedResponse } from './support/n8nWebhook';

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
		const pre = n8nPreParse({ headers: { 'x-api-key': CALLBACK_KEY }, raw: '' });
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
		expect(text).not.toContain(CALLBACK_KEY);
		expect(text).not.toContain(String(creds.clientSecret));
	});
});
