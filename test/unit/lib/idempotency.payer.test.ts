/**
 * The X-REQUEST-ID of a create request and who pays it (idempotency.ts): the IDs are read
 * without case or spaces, and the key is pinned so that a retry after an upgrade of the node
 * still sends the key of the first attempt.
 */
import { payoutRequestId } from '../../../nodes/lib/idempotency';

const payouts = [{ referenceId: 'INV-1', channelCode: 'BCA', amount: { value: '150000', currency: 'IDR' } }];

describe('payoutRequestId', () => {
	it('is the same for a Client ID or Sub-Merchant ID written in another case or with spaces', () => {
		const key = payoutRequestId(payouts, { clientId: 'client-abc', subMerchantId: 'sub-1' });
		expect(payoutRequestId(payouts, { clientId: ' CLIENT-ABC ', subMerchantId: 'Sub-1' })).toBe(key);
	});

	it('is pinned for a known payer and payout', () => {
		expect(payoutRequestId(payouts, { clientId: 'Client-ABC', subMerchantId: 'Sub-1' })).toBe('d06b00eb7fe32e43a26ddce151e02a62');
		expect(payoutRequestId(payouts, { clientId: 'client-abc', subMerchantId: '' })).toBe('6528b5ac7dc47e9b97316770b0f3ed56');
	});
});
