/**
 * PivotTrigger.webhook() with Pivot's Top Up Callback and events this version does not know:
 * top-ups start the workflow only when selected (a workflow saved before top-ups existed keeps
 * not receiving them), they are checked with the same Callback API Key, and an authentic callback
 * the workflow does not listen to is answered 200, never 4xx.
 */
import { randomBytes } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { PAYOUT_EVENTS } from '../../nodes/PivotTrigger/normalise';
import { MERCHANT, singleBody, topUpBody } from './support/callbackBodies';
import { CALLBACK_KEY, CLIENT_SECRET, deliver, expectExecution, expectNoExecution, json } from './support/deliver';

const TOP_UP = 'MERCHANT-TOP-UP.SUCCESS';
const withTopUps = { events: [...PAYOUT_EVENTS, TOP_UP] };

describe('PivotTrigger.webhook(): top-up callbacks', () => {
	it('selected: one top-up item, answered 200', async () => {
		const call = await deliver(json(topUpBody()), { parameters: withTopUps });
		expectExecution(call);
		expect(call.items[0]).toMatchObject({
			event: TOP_UP,
			scope: 'topUp',
			merchantId: MERCHANT,
			accountName: 'DISBURSEMENT',
			amount: { value: '100000', number: 100000, currency: 'IDR' },
			balanceBefore: { value: '400000', number: 400000, currency: 'IDR' },
			balanceAfter: { value: '500000', number: 500000, currency: 'IDR' },
			channel: 'PERMATA',
			virtualAccountNumber: '8528001234567890',
			transactionTime: '2024-05-13T08:21:46+07:00',
		});
		expect(call.items[0].dedupeKey).toMatch(/^[0-9a-f]{32}$/);
	});

	it('selected alone: top-ups start the workflow and payout events no longer do', async () => {
		const parameters = { events: [TOP_UP] };
		expectExecution(await deliver(json(topUpBody()), { parameters }));
		const payout = await deliver(json(singleBody('PAYOUT.SUCCESS')), { parameters });
		expectNoExecution(payout);
		expect(payout.response.statusCode).toBe(200);
	});

	it.each([
		['saved with the old default (no events stored)', { options: {} }],
		['with the six payout events stored explicitly', { events: [...PAYOUT_EVENTS] }],
		['with none selected ("all")', { events: [] }],
		['with one payout event', { events: ['PAYOUT.FAILED'] }],
	])('an existing workflow %s does not receive top-ups: 200, no execution', async (_what, parameters) => {
		const call = await deliver(json(topUpBody()), { parameters });
		expectNoExecution(call);
		expect(call.response.statusCode).toBe(200);
		expect(call.response.jsonBody).toEqual({ message: 'OK: event not selected' });
	});

	it('a forged top-up (wrong or missing key) is refused 401 before anything is read, selected or not', async () => {
		for (const parameters of [withTopUps, { options: {} }]) {
			for (const key of [randomBytes(24).toString('hex'), null, `${CALLBACK_KEY} `]) {
				const call = await deliver(json(topUpBody()), { parameters, key });
				expectNoExecution(call);
				expect(call.response.statusCode).toBe(401);
				expect(call.response.jsonBody).toEqual({ message: 'Unauthorized' });
			}
		}
	});

	it('selected but with no data object → 400; the same body unselected → 200', async () => {
		const body = json({ event: TOP_UP, amount: '100000' });
		const refused = await deliver(body, { parameters: withTopUps });
		expectNoExecution(refused);
		expect(refused.response.statusCode).toBe(400);
		expect(refused.response.jsonBody).toEqual({ message: 'Bad Request: the body has no object "data"' });
		const ignored = await deliver(body);
		expectNoExecution(ignored);
		expect(ignored.response.statusCode).toBe(200);
	});

	it('the Merchant ID option applies to top-ups: another merchant → 401, the configured one passes', async () => {
		const parameters = { ...withTopUps, options: { merchantId: MERCHANT } };
		expectExecution(await deliver(json(topUpBody()), { parameters }));
		const other = await deliver(json(topUpBody({ merchantId: 'another-merchant' })), { parameters });
		expectNoExecution(other);
		expect(other.response.statusCode).toBe(401);
	});

	it('Include Raw Callback adds the top-up body as sent, the key redacted', async () => {
		const body = topUpBody();
		const call = await deliver(json(body), { parameters: { ...withTopUps, options: { includeRaw: true } } });
		expectExecution(call);
		const raw = call.items[0].raw as IDataObject;
		expect(raw.body).toEqual(body);
		expect((raw.headers as IDataObject)['x-api-key']).toBe('[redacted]');
	});

	it('Expand Bulk Results does not touch a top-up (nothing is fetched from Pivot)', async () => {
		const call = await deliver(json(topUpBody()), { parameters: { ...withTopUps, options: { expandBulkResults: true } } });
		expectExecution(call);
		expect(call.items[0].scope).toBe('topUp');
		expect(call.items[0].expandError).toBeUndefined();
	});

	it('a redelivery of the same top-up gives the same dedupeKey; the next top-up another', async () => {
		const first = await deliver(json(topUpBody()), { parameters: withTopUps });
		const again = await deliver(JSON.stringify(topUpBody(), null, 2), { parameters: withTopUps });
		const next = await deliver(
			json(topUpBody({ balanceBefore: { currency: 'IDR', value: '500000' }, balanceAfter: { currency: 'IDR', value: '600000' } })),
			{ parameters: withTopUps },
		);
		expect(again.items[0].dedupeKey).toBe(first.items[0].dedupeKey);
		expect(next.items[0].dedupeKey).not.toBe(first.items[0].dedupeKey);
	});
});

describe('PivotTrigger.webhook(): events this version does not know', () => {
	const unknown = { event: 'PAYMENT.SUCCESS', data: { id: 'pay-7', merchantId: MERCHANT, amount: { value: '5000', currency: 'IDR' } } };

	it.each([
		['the default', {}],
		['every event selected', withTopUps],
		['none selected', { events: [] }],
		['a Merchant ID configured (the body has another)', { options: { merchantId: 'someone-else' } }],
	])('are acknowledged 200 without an execution (%s)', async (_what, parameters) => {
		const call = await deliver(json(unknown), { parameters });
		expectNoExecution(call);
		expect(call.response.statusCode).toBe(200);
		expect(call.response.jsonBody).toEqual({ message: 'OK: event not handled' });
	});

	it('without data, or with data that is no object, are acknowledged 200 too', async () => {
		for (const body of [{ event: 'PAYMENT.SUCCESS' }, { event: 'PAYMENT.SUCCESS', data: 'x' }]) {
			const call = await deliver(json(body));
			expectNoExecution(call);
			expect(call.response.statusCode).toBe(200);
		}
	});

	it('are still refused 401 when the key is wrong', async () => {
		const call = await deliver(json(unknown), { key: 'wrong', parameters: { options: { emitUnknownEvents: true } } });
		expectNoExecution(call);
		expect(call.response.statusCode).toBe(401);
	});

	it('with Emit Unknown Events: one item with the body as received and a dedupeKey', async () => {
		const call = await deliver(json(unknown), { parameters: { options: { emitUnknownEvents: true } } });
		expectExecution(call);
		expect(call.items[0]).toEqual({
			event: 'PAYMENT.SUCCESS',
			scope: 'unknown',
			merchantId: MERCHANT,
			body: unknown,
			dedupeKey: expect.stringMatching(/^[0-9a-f]{32}$/),
		});
	});

	it('with Emit Unknown Events: no secret of the credential in the body emitted', async () => {
		const body = { event: 'PAYMENT.SUCCESS', data: { note: `echo ${CALLBACK_KEY} and ${CLIENT_SECRET}` } };
		const call = await deliver(json(body), { parameters: { options: { emitUnknownEvents: true } } });
		expectExecution(call);
		expect(JSON.stringify(call.items)).not.toContain(CALLBACK_KEY);
		expect(JSON.stringify(call.items)).not.toContain(CLIENT_SECRET);
	});

	it('with Emit Unknown Events and a Merchant ID: another merchant → 401, as for every emitted event', async () => {
		const call = await deliver(json(unknown), { parameters: { options: { emitUnknownEvents: true, merchantId: 'someone-else' } } });
		expectNoExecution(call);
		expect(call.response.statusCode).toBe(401);
	});
});
