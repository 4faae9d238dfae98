import { adviceForReason, normaliseReason } from '../../nodes/lib/reasons';
import { bankRecordName, normalisePayoutItem, payoutList, requestSummary } from '../../nodes/lib/shapes';

describe('shapes', () => {
	const item = {
		amount: { currency: 'IDR', value: '100000' },
		channelCode: 'BRI',
		channelInformation: { accountName: 'Reforza Pivot', accountNumber: '888801000157508' },
		created: '2024-05-13T08:21:45Z',
		inquiryId: '',
		description: 'test Reforza Pivot',
		referenceId: '999',
		status: 'FAILED',
		reason: 'Inactive account',
		updated: '2024-05-13T08:21:46Z',
	};

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

describe('failure reasons', () => {
	it.each([
		['Invalid account', 'doNotRetry'],
		['Invalid Account', 'doNotRetry'],
		['Inactive account', 'doNotRetry'],
		['Dormant account', 'doNotRetry'],
		['Failed to process by Bank Network', 'mayRetry'],
		['Unknown Bank Network error', 'mayRetry'],
		['Declined due to beneficiary limit', 'retryTomorrow'],
		['Feature not allowed at this time', 'contactPivot'],
		['Something new', 'contactPivot'],
	])('%p → %p', (reason, retry) => {
		expect(adviceForReason(reason)?.retry).toBe(retry);
	});

	it('treats null and "" the same', () => {
		expect(normaliseReason(null)).toBeNull();
		expect(normaliseReason('')).toBeNull();
		expect(normaliseReason('  ')).toBeNull();
		expect(adviceForReason('')).toBeNull();
	});
});
