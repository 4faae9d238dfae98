/**
 * The node's output shape for values Pivot may send in an unexpected type (shapes.ts): numbers
 * where text is documented, objects where a scalar is, and text with spaces around it.
 */
import { bankRecordName, normalisePayoutItem, payoutList, requestSummary } from '../../../nodes/lib/shapes';

describe('normalisePayoutItem', () => {
	it('keeps a numeric Reference ID and amount as their digits', () => {
		const out = normalisePayoutItem({ referenceId: 12345, amount: { value: 150000, currency: 'IDR' } }, null);
		expect(out.referenceId).toBe('12345');
		expect(out.amount).toEqual({ value: '150000', number: 150000, currency: 'IDR' });
	});

	it.each([Number.NaN, Number.POSITIVE_INFINITY, { id: 'x' }, ['INV-1'], null, true])(
		'turns a Reference ID of %p into "", never into text of an object',
		(referenceId) => {
			expect(normalisePayoutItem({ referenceId } as never, null).referenceId).toBe('');
		},
	);

	it('gives advice only for a FAILED item', () => {
		const success = normalisePayoutItem({ referenceId: 'A', status: 'SUCCESS', reason: 'invalid account' }, null);
		expect(success).toMatchObject({ status: 'SUCCESS', isFinal: true, retry: null, advice: null });
		const failed = normalisePayoutItem({ referenceId: 'A', status: 'FAILED', reason: 'invalid account' }, null);
		expect(failed).toMatchObject({ status: 'FAILED', isFinal: true, retry: 'doNotRetry' });
		expect(failed.advice).toEqual(expect.any(String));
	});

	it.each([['PENDING'], ['PROCESSING'], [''], [null], [undefined]])('calls status %p not final', (status) => {
		expect(normalisePayoutItem({ referenceId: 'A', status } as never, null).isFinal).toBe(false);
	});
});

describe('payoutList', () => {
	it.each([undefined, null, '', 'INV-1', 0, 5, true])('reads %p as no payouts', (payouts) => {
		expect(payoutList(payouts)).toEqual([]);
	});

	it('reads one object as a list of one, and an array as it is', () => {
		expect(payoutList({ referenceId: 'A' })).toEqual([{ referenceId: 'A' }]);
		expect(payoutList([{ referenceId: 'A' }, { referenceId: 'B' }])).toHaveLength(2);
	});
});

describe('requestSummary totals', () => {
	it.each([undefined, null, 'none', 3])('has no totals when payoutResults is %p', (payoutResults) => {
		expect(requestSummary({ uuid: 'u', payoutResults } as never).totals).toBeNull();
	});

	it('reads a numeric string with spaces around it', () => {
		const totals = requestSummary({ payoutResults: { totalPendingCount: ' 3 ', totalSuccessAmount: '150000.00' } }).totals;
		expect(totals).toMatchObject({ totalPendingCount: 3, totalSuccessAmount: 150000, totalFailedCount: 0 });
	});

	it.each(['x3', '3x', '3 pending', '-3', '', '1e3'])('reads the total %p as unknown (null), never 0', (value) => {
		expect(requestSummary({ payoutResults: { totalPendingCount: value } }).totals?.totalPendingCount).toBeNull();
	});
});

describe('bankRecordName', () => {
	it('reads the name after "Bank record:"', () => {
		expect(bankRecordName('Account valid. Bank record: BUDI SANTOSO ')).toBe('BUDI SANTOSO');
	});

	it.each([undefined, null, 42, ['Bank record: BUDI'], { detail: 'Bank record: BUDI' }])('reads nothing from %p', (detail) => {
		expect(bankRecordName(detail)).toBeNull();
	});
});
