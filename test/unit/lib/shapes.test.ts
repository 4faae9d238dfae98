import { bankRecordName, normalisePayoutItem, payoutList, requestSummary } from '../../../nodes/lib/shapes';
import { retrievedPayout } from '../../fixtures/payouts';

describe('output shapes of Pivot answers', () => {
	const item = retrievedPayout();

	it('normalises a payout item, with the advice for its failure reason', () => {
		expect(normalisePayoutItem(item, 'd6a46a2c-1b26-40c5-9ca3-e063e69635a0')).toEqual({
			referenceId: '999',
			requestUuid: 'd6a46a2c-1b26-40c5-9ca3-e063e69635a0',
			status: 'FAILED',
			isFinal: true,
			reason: 'Inactive account',
			retry: 'doNotRetry',
			advice: expect.stringMatching(/Do not retry/),
			amount: { value: '100000', number: 100000, currency: 'IDR' },
			channelCode: 'BRI',
			accountNumber: '888801000157508',
			accountName: 'Reforza Pivot',
			inquiryId: null,
			description: 'test Reforza Pivot',
			created: '2024-05-13T08:21:45Z',
			updated: '2024-05-13T08:21:46Z',
		});
	});

	it('treats payouts as an array or a single object', () => {
		expect(payoutList([item, item])).toHaveLength(2);
		expect(payoutList(item)).toEqual([item]);
		expect(payoutList(undefined)).toEqual([]);
	});

	it('fills missing totals with 0', () => {
		const summary = requestSummary({ uuid: 'u', status: 'DONE', payoutResults: { totalSuccessCount: 1, totalSuccessAmount: 100000 } });
		expect(summary.totals).toEqual({
			totalSuccessCount: 1,
			totalSuccessAmount: 100000,
			totalFailedCount: 0,
			totalFailedAmount: 0,
			totalPendingCount: 0,
			totalPendingAmount: 0,
			totalCancelledCount: 0,
			totalCancelledAmount: 0,
		});
	});

	it('reads the bank record name out of the inquiry detail', () => {
		expect(
			bankRecordName(
				"The account name entered does not match the bank's records. Please check the account information and try again. Bank record: Dummy Simulation",
			),
		).toBe('Dummy Simulation');
		expect(bankRecordName('The account name entered is not an exact match. Bank record:Dummy Simulation')).toBe('Dummy Simulation');
		expect(bankRecordName('Account number not found.')).toBeNull();
		expect(bankRecordName(null)).toBeNull();
	});
});
