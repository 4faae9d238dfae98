/** Payout → Create's item from Pivot's create answer: the request's state first, no nulls that read like a failure. */
import { acceptedPayoutItem } from '../../../nodes/lib/shapes';

const ANSWER = {
	created: '2024-05-13T08:21:44.967496435Z',
	merchantId: '922e39ab-7565-49f6-b84f-fb56122821ae',
	status: 'IN_PROGRESS',
	updated: '2024-05-13T08:21:44.967496538Z',
	uuid: 'd6a46a2c-1b26-40c5-9ca3-e063e69635a0',
};
const BY_CHANNEL = {
	amount: { currency: 'IDR', value: '100000' },
	inquiryId: '',
	channelCode: 'BRI',
	channelInformation: { accountName: 'Reforza Pivot', accountNumber: '888801000157508' },
	description: 'test Reforza Pivot',
	referenceId: '999',
};

describe('acceptedPayoutItem (Pivot\'s create answer, §6.4 of its docs)', () => {
	it('leads with requestStatus and Pivot\'s created time of the request', () => {
		const item = acceptedPayoutItem(BY_CHANNEL, ANSWER);
		expect(Object.keys(item).slice(0, 3)).toEqual(['requestStatus', 'created', 'referenceId']);
		expect(item.requestStatus).toBe('IN_PROGRESS');
		expect(item.created).toBe(ANSWER.created);
	});

	it('keeps the money fields and what was sent; leaves out what is not known yet', () => {
		const item = acceptedPayoutItem(BY_CHANNEL, ANSWER);
		expect(item).toEqual({
			requestStatus: 'IN_PROGRESS',
			created: ANSWER.created,
			referenceId: '999',
			amount: { value: '100000', number: 100000, currency: 'IDR' },
			channelCode: 'BRI',
			accountNumber: '888801000157508',
			accountName: 'Reforza Pivot',
			description: 'test Reforza Pivot',
			requestUuid: ANSWER.uuid,
		});
		for (const unknown of ['status', 'isFinal', 'reason', 'retry', 'advice', 'updated', 'inquiryId']) {
			expect(item).not.toHaveProperty(unknown);
		}
		expect(Object.values(item)).not.toContain(null);
	});

	it('an answer whose item carries its own status and times shows them (nothing invented, nothing dropped)', () => {
		const item = acceptedPayoutItem(
			{ ...BY_CHANNEL, status: 'FAILED', reason: 'Inactive account', created: '2024-05-13T08:21:45Z', updated: '2024-05-13T08:21:46Z' },
			ANSWER,
		);
		expect(item).toMatchObject({ status: 'FAILED', isFinal: true, reason: 'Inactive account', retry: 'doNotRetry', created: '2024-05-13T08:21:45Z', updated: '2024-05-13T08:21:46Z' });
	});

	it('a parked request (PENDING, waiting for top-up) says so in requestStatus', () => {
		expect(acceptedPayoutItem(BY_CHANNEL, { ...ANSWER, status: 'PENDING' }).requestStatus).toBe('PENDING');
	});
});
