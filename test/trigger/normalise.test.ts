import type { IDataObject } from 'n8n-workflow';

import {
	asPivotCallback,
	dedupeKeyOf,
	expandedItem,
	normaliseCallback,
	PAYOUT_EVENTS,
	type PayoutEventItem,
	type PivotCallback,
} from '../../nodes/PivotTrigger/normalise';
import { BULK_EVENTS, bulkBody, MERCHANT, reordered, SINGLE_EVENTS, singleBody, totals, UUID } from './fixtures';

function normalise(body: unknown): PayoutEventItem[] {
	const parsed = asPivotCallback(body);
	if (!parsed.ok) throw new Error(parsed.problem);
	return normaliseCallback(parsed.callback);
}

function one(body: unknown): PayoutEventItem {
	const items = normalise(body);
	expect(items).toHaveLength(1);
	return items[0];
}

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

describe('dedupeKey', () => {
	const every = [
		...SINGLE_EVENTS.map((event) => singleBody(event)),
		...BULK_EVENTS.map((event) => bulkBody(event)),
	];

	it('covers every documented event', () => {
		expect(new Set(every.map((b) => b.event))).toEqual(new Set(PAYOUT_EVENTS));
	});

	it.each(every.map((b) => [b.event, b]))('%s: identical for a redelivery, re-serialised or reordered', (_e, body) => {
		const first = one(body);
		expect(one(JSON.parse(JSON.stringify(body)))).toEqual(first);
		expect(one(JSON.parse(JSON.stringify(body, null, 4)))).toEqual(first);
		expect(one(reordered(body)).dedupeKey).toBe(first.dedupeKey);
	});

	it('differs across all events of the same payout', () => {
		const keys = every.map((body) => one(body).dedupeKey);
		expect(new Set(keys).size).toBe(keys.length);
	});

	it('differs when the status, reason, reference, uuid or totals change', () => {
		const base = one(singleBody('PAYOUT.FAILED')).dedupeKey;
		expect(one(singleBody('PAYOUT.FAILED', { reason: 'Dormant account' })).dedupeKey).not.toBe(base);
		expect(one(singleBody('PAYOUT.FAILED', { status: 'REJECTED' })).dedupeKey).not.toBe(base);
		expect(one(singleBody('PAYOUT.FAILED', { referenceId: 'other' })).dedupeKey).not.toBe(base);
		expect(one(singleBody('PAYOUT.FAILED', {}, { uuid: 'another-uuid' })).dedupeKey).not.toBe(base);
		const bulk = one(bulkBody('PAYOUT.DONE')).dedupeKey;
		expect(one(bulkBody('PAYOUT.DONE', { payoutResults: totals({ totalFailedCount: 1 }) })).dedupeKey).not.toBe(bulk);
	});

	it('ignores what does not identify the event (key order of the totals, extra fields)', () => {
		const base = one(bulkBody('PAYOUT.DONE')).dedupeKey;
		const shuffled = Object.fromEntries(Object.entries(totals()).reverse());
		expect(one(bulkBody('PAYOUT.DONE', { payoutResults: shuffled })).dedupeKey).toBe(base);
		expect(one(bulkBody('PAYOUT.DONE', { updated: '2024-05-13T08:21:46Z' })).dedupeKey).toBe(base);
	});

	it('is a 32-character hex prefix of a SHA-256', () => {
		expect(dedupeKeyOf(['a'])).toMatch(/^[0-9a-f]{32}$/);
		expect(dedupeKeyOf(['a'])).not.toBe(dedupeKeyOf(['b']));
		// Parts are JSON-encoded, so joining ambiguities ("a|b" vs "a","b") cannot collide.
		expect(dedupeKeyOf(['a,b'])).not.toBe(dedupeKeyOf(['a', 'b']));
	});
});

describe('expandedItem', () => {
	const bulk = one(bulkBody('PAYOUT.DONE', { payoutResults: totals({ totalFailedCount: 1, totalSuccessCount: 1 }) }));
	const retrieved: IDataObject = {
		amount: { currency: 'IDR', value: '25000' },
		channelCode: 'BRI',
		channelInformation: { accountName: 'Reforza Pivot', accountNumber: '888801000157508' },
		created: '2024-05-13T08:21:45Z',
		inquiryId: '',
		description: 'test',
		referenceId: 'R-2',
		status: 'FAILED',
		reason: 'Unknown Bank Network error',
		updated: '2024-05-13T08:21:46Z',
	};

	it('has the event fields of the item plus the request context', () => {
		const item = expandedItem(bulk, retrieved);
		expect(item).toMatchObject({
			event: 'PAYOUT.DONE',
			scope: 'bulk',
			uuid: UUID,
			merchantId: MERCHANT,
			status: 'FAILED',
			isFinal: true,
			referenceId: 'R-2',
			amount: { value: '25000', number: 25000, currency: 'IDR' },
			reason: 'Unknown Bank Network error',
			retry: 'mayRetry',
			channelCode: 'BRI',
			accountNumber: '888801000157508',
			accountName: 'Reforza Pivot',
			expanded: true,
			requestStatus: 'DONE',
			requestIsFinal: true,
			totals: bulk.totals,
		});
		expect(item.dedupeKey).toMatch(/^[0-9a-f]{32}$/);
	});

	it('dedupeKey is stable per item and differs between items and from the request event', () => {
		const a = expandedItem(bulk, retrieved);
		expect(expandedItem(bulk, JSON.parse(JSON.stringify(retrieved)) as IDataObject).dedupeKey).toBe(a.dedupeKey);
		expect(expandedItem(bulk, { ...retrieved, referenceId: 'R-3' }).dedupeKey).not.toBe(a.dedupeKey);
		expect(a.dedupeKey).not.toBe(bulk.dedupeKey);
		// Not the same key as a single-payout callback for the same item either: another event.
		const single = one(singleBody('PAYOUT.FAILED', { referenceId: 'R-2', reason: 'Unknown Bank Network error' }));
		expect(a.dedupeKey).not.toBe(single.dedupeKey);
	});

	it('accepts the callback typed as PivotCallback', () => {
		const callback: PivotCallback = { event: 'PAYOUT.DONE', data: { uuid: UUID } };
		expect(normaliseCallback(callback)[0].scope).toBe('bulk');
	});
});
