/**
 * A request's totals (payoutResults), as the Pivot node and the Pivot Trigger read them: numeric
 * strings are numbers, anything else that is not a number is null, never 0, so an unreadable
 * pending count never makes a request final.
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { asPivotCallback, normaliseCallback } from '../../../nodes/PivotTrigger/normalise';
import { requestSummary } from '../../../nodes/lib/shapes';

const UUID = '5d2f4d6e-9b8a-4c3e-8f1a-2b7c6d5e4f3a';

function doneCallback(payoutResults: IDataObject) {
	const parsed = asPivotCallback({ event: 'PAYOUT.DONE', data: { uuid: UUID, status: 'DONE', merchantId: 'M1', payoutResults } });
	if (!parsed.ok) throw new Error(parsed.problem);
	return normaliseCallback(parsed.callback)[0];
}

describe('request totals', () => {
	it('reads numeric strings as numbers', () => {
		const { totals } = requestSummary({ uuid: UUID, payoutResults: { totalSuccessCount: '2', totalSuccessAmount: '300000.00', totalPendingCount: '1' } });
		expect(totals).toMatchObject({ totalSuccessCount: 2, totalSuccessAmount: 300000, totalPendingCount: 1 });
	});

	it('a DONE request whose pending count arrives as text "1" is not final', () => {
		const item = doneCallback({ totalSuccessCount: '2', totalPendingCount: '1' });
		expect(item.totals).toMatchObject({ totalPendingCount: 1 });
		expect(item.isFinal).toBe(false);
	});

	it.each([[null], ['many'], [-1], [{ n: 1 }], [true], ['']])('an unreadable pending count (%p) is null and the request is not final', (value) => {
		const item = doneCallback({ totalSuccessCount: 2, totalPendingCount: value as IDataObject[string] });
		expect((item.totals as IDataObject).totalPendingCount).toBeNull();
		expect(item.isFinal).toBe(false);
	});

	it('a missing key counts as 0, as in Pivot\'s older examples', () => {
		const item = doneCallback({ totalSuccessCount: 2, totalSuccessAmount: 300000 });
		expect(item.totals).toMatchObject({ totalPendingCount: 0, totalCancelledCount: 0 });
		expect(item.isFinal).toBe(true);
	});

	it('never reads a total as 0 unless Pivot sent 0 or left it out (property)', () => {
		fc.assert(
			fc.property(fc.anything(), (value) => {
				const { totals } = requestSummary({ uuid: UUID, payoutResults: { totalPendingCount: value as IDataObject[string] } });
				const read = (totals as IDataObject).totalPendingCount;
				if (read === 0) expect(value === undefined || value === 0 || (typeof value === 'string' && Number(value) === 0)).toBe(true);
				if (read !== null) expect(typeof read).toBe('number');
			}),
		);
	});
});
