/**
 * Reading Pivot's callback bodies (nodes/PivotTrigger/normalise.ts): which bodies are refused, and
 * the one workflow item per payout (single-payout events) or per request (request-level events).
 */
import type { IDataObject } from 'n8n-workflow';

import { asPivotCallback } from '../../nodes/PivotTrigger/normalise';
import { BULK_EVENTS, bulkBody, MERCHANT, singleBody, totals, UUID } from './support/callbackBodies';
import { normalise, one } from './support/normalised';

describe('asPivotCallback', () => {
	it.each([
		['null', null],
		['a string', 'PAYOUT.SUCCESS'],
		['a number', 42],
		['an array', [singleBody('PAYOUT.SUCCESS')]],
		['an empty object', {}],
		['no event', { data: { uuid: UUID } }],
		['a non-string event', { event: 1, data: { uuid: UUID } }],
		['an empty event', { event: ' ', data: { uuid: UUID } }],
		['no data', { event: 'PAYOUT.DONE' }],
		['data as a string', { event: 'PAYOUT.DONE', data: '{"uuid":"x"}' }],
		['data as an array', { event: 'PAYOUT.DONE', data: [{ uuid: UUID }] }],
		['no uuid', { event: 'PAYOUT.DONE', data: { merchantId: MERCHANT } }],
		['a numeric uuid', { event: 'PAYOUT.DONE', data: { uuid: 7 } }],
		['an empty uuid', { event: 'PAYOUT.DONE', data: { uuid: '' } }],
	])('refuses %s', (_what, body) => {
		const parsed = asPivotCallback(body);
		expect(parsed.ok).toBe(false);
	});

	it('does not quote the received values in its problem text', () => {
		const parsed = asPivotCallback({ event: 'PAYOUT.DONE', data: { uuid: 12345, secret: 'do-not-echo' } });
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.problem).not.toMatch(/12345|do-not-echo/);
	});

	it('accepts the minimum and an unknown event name (filtered later, not refused)', () => {
		expect(asPivotCallback({ event: 'PAYOUT.DONE', data: { uuid: UUID } }).ok).toBe(true);
		expect(asPivotCallback({ event: 'MERCHANT-TOP-UP.SUCCESS', data: { uuid: UUID } }).ok).toBe(true);
	});
});

describe('normaliseCallback: single-payout events', () => {
	it('PAYOUT.SUCCESS as documented', () => {
		expect(one(singleBody('PAYOUT.SUCCESS'))).toEqual({
			event: 'PAYOUT.SUCCESS',
			scope: 'single',
			uuid: UUID,
			merchantId: MERCHANT,
			status: 'SUCCESS',
			isFinal: true,
			referenceId: 'TestReforzaPivot001',
			amount: { value: '100000', number: 100000, currency: 'IDR' },
			reason: null,
			retry: null,
			advice: null,
			totals: null,
			dedupeKey: expect.stringMatching(/^[0-9a-f]{32}$/),
		});
	});

	it('PAYOUT.FAILED carries the reason and the retry advice', () => {
		const item = one(singleBody('PAYOUT.FAILED'));
		expect(item).toMatchObject({ status: 'FAILED', isFinal: true, reason: 'Inactive account', retry: 'doNotRetry' });
		expect(item.advice).toMatch(/Do not retry/);
	});

	it.each([
		['Failed to process by Bank Network', 'mayRetry'],
		['Declined due to beneficiary limit', 'retryTomorrow'],
		['Feature not allowed at this time', 'contactPivot'],
		['INVALID ACCOUNT', 'doNotRetry'],
		['Something new from the bank', 'contactPivot'],
	])('PAYOUT.FAILED with reason "%s" → %s', (reason, retry) => {
		expect(one(singleBody('PAYOUT.FAILED', { reason })).retry).toBe(retry);
	});

	it('PAYOUT.FAILED without a reason has no advice rather than a guess', () => {
		expect(one(singleBody('PAYOUT.FAILED', { reason: null }))).toMatchObject({ reason: null, retry: null, advice: null });
	});

	it('PAYOUT.DELAYED on a single payout is not final', () => {
		expect(one(singleBody('PAYOUT.DELAYED'))).toMatchObject({ scope: 'single', status: 'PENDING', isFinal: false });
	});

	it.each([null, '', '   ', undefined])('reason %p becomes null', (reason) => {
		const payout: IDataObject = reason === undefined ? {} : { reason };
		const body = singleBody('PAYOUT.SUCCESS', payout);
		if (reason === undefined) delete ((body.data as IDataObject).payouts as IDataObject).reason;
		expect(one(body).reason).toBeNull();
	});

	it('reason null and "" give the same item and the same dedupeKey', () => {
		expect(one(singleBody('PAYOUT.SUCCESS', { reason: null }))).toEqual(one(singleBody('PAYOUT.SUCCESS', { reason: '' })));
	});

	it('keeps an amount that is not a plain number as text, with number null', () => {
		expect(one(singleBody('PAYOUT.SUCCESS', { amount: { currency: 'IDR', value: '1.500,00' } })).amount).toEqual({
			value: '1.500,00',
			number: null,
			currency: 'IDR',
		});
		expect(one(singleBody('PAYOUT.SUCCESS', { amount: { currency: 'IDR', value: '4440916697.16' } })).amount?.number).toBe(
			4440916697.16,
		);
	});

	it('an array of payouts gives one item per payout', () => {
		const body = singleBody('PAYOUT.SUCCESS');
		const data = body.data as IDataObject;
		data.payouts = [
			{ referenceId: 'A', amount: { currency: 'IDR', value: '1' }, status: 'SUCCESS', reason: '' },
			{ referenceId: 'B', amount: { currency: 'IDR', value: '2' }, status: 'SUCCESS', reason: '' },
		];
		const items = normalise(body);
		expect(items.map((i) => i.referenceId)).toEqual(['A', 'B']);
		expect(new Set(items.map((i) => i.dedupeKey)).size).toBe(2);
	});

	it('missing fields become null rather than throwing', () => {
		const item = one({ event: 'PAYOUT.SUCCESS', data: { uuid: UUID, payouts: {} } });
		expect(item).toMatchObject({ scope: 'single', merchantId: null, status: null, isFinal: false, referenceId: null });
		expect(item.amount).toEqual({ value: '', number: null, currency: 'IDR' });
	});
});

describe('normaliseCallback: request-level (bulk) events', () => {
	it.each(BULK_EVENTS)('%s has scope bulk, the totals and no item fields', (event) => {
		const item = one(bulkBody(event));
		expect(item).toMatchObject({
			event,
			scope: 'bulk',
			uuid: UUID,
			merchantId: MERCHANT,
			referenceId: null,
			amount: null,
			reason: null,
			retry: null,
			advice: null,
			totals: totals(),
		});
	});

	it('PAYOUT.DONE with nothing pending is final, with something pending it is not', () => {
		expect(one(bulkBody('PAYOUT.DONE')).isFinal).toBe(true);
		expect(one(bulkBody('PAYOUT.DONE', { payoutResults: totals({ totalPendingCount: 2 }) })).isFinal).toBe(false);
	});

	it('PAYOUT.CANCELLED is final; PAYOUT.PENDING and PAYOUT.DELAYED are not', () => {
		expect(one(bulkBody('PAYOUT.CANCELLED')).isFinal).toBe(true);
		expect(one(bulkBody('PAYOUT.PENDING')).isFinal).toBe(false);
		expect(one(bulkBody('PAYOUT.DELAYED')).isFinal).toBe(false);
	});

	it('missing totals keys count as 0 (older examples omit the cancelled ones)', () => {
		const item = one(
			bulkBody('PAYOUT.DONE', {
				payoutResults: { totalSuccessCount: 3, totalSuccessAmount: 300000, totalFailedCount: 1, totalFailedAmount: 5 },
			}),
		);
		expect(item.totals).toEqual({
			totalSuccessCount: 3,
			totalSuccessAmount: 300000,
			totalFailedCount: 1,
			totalFailedAmount: 5,
			totalPendingCount: 0,
			totalPendingAmount: 0,
			totalCancelledCount: 0,
			totalCancelledAmount: 0,
		});
		expect(item.isFinal).toBe(true);
	});

	it('no payoutResults at all gives totals null and, for DONE, not final (unknown)', () => {
		const body = bulkBody('PAYOUT.DONE');
		delete (body.data as IDataObject).payoutResults;
		expect(one(body)).toMatchObject({ scope: 'bulk', totals: null, isFinal: false });
	});

	it('an empty payouts array is read as request-level', () => {
		expect(one(bulkBody('PAYOUT.DONE', { payouts: [] })).scope).toBe('bulk');
	});
});
