import { adviceForReason, normaliseReason } from '../../../nodes/lib/reasons';

describe('failure reasons and their retry advice', () => {
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
