/**
 * The dedupeKey of a callback's items: the same for a redelivery of the same event however it is
 * serialised, different for anything that tells two events apart, so a workflow can drop
 * redeliveries by it.
 */
import { dedupeKeyOf, PAYOUT_EVENTS } from '../../nodes/PivotTrigger/normalise';
import { BULK_EVENTS, bulkBody, reordered, SINGLE_EVENTS, singleBody, totals } from './support/callbackBodies';
import { one } from './support/normalised';

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
