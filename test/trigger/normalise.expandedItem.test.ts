/**
 * One item of a request-level callback expanded with a payout read from Pivot (Expand Bulk
 * Results): the payout's own fields with the request's context, and a dedupeKey of its own.
 */
import type { IDataObject } from 'n8n-workflow';

import { expandedItem, normaliseCallback, type PivotCallback } from '../../nodes/PivotTrigger/normalise';
import { retrievedPayout } from '../fixtures/payouts';
import { bulkBody, MERCHANT, singleBody, totals, UUID } from './support/callbackBodies';
import { one } from './support/normalised';

describe('expandedItem', () => {
	const bulk = one(bulkBody('PAYOUT.DONE', { payoutResults: totals({ totalFailedCount: 1, totalSuccessCount: 1 }) }));
	const retrieved = retrievedPayout({
		amount: { currency: 'IDR', value: '25000' },
		description: 'test',
		referenceId: 'R-2',
		reason: 'Unknown Bank Network error',
	});

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
