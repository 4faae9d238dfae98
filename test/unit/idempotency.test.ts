import { canonicalJson, deriveRequestId, isValidRequestId } from '../../nodes/Pivot/shared/idempotency';

const body = {
	payouts: [
		{ referenceId: 'INV-1', channelCode: 'BCA', channelInformation: { accountNumber: '1', accountName: 'A' }, amount: { value: '10000', currency: 'IDR' } },
	],
};

describe('X-REQUEST-ID derivation', () => {
	it('is the same for the same body, whatever the key order', () => {
		const reordered = {
			payouts: [
				{ amount: { currency: 'IDR', value: '10000' }, channelInformation: { accountName: 'A', accountNumber: '1' }, channelCode: 'BCA', referenceId: 'INV-1' },
			],
		};
		expect(deriveRequestId(reordered)).toBe(deriveRequestId(body));
		expect(canonicalJson(reordered)).toBe(canonicalJson(body));
	});

	it('changes when any field changes', () => {
		const other = JSON.parse(JSON.stringify(body));
		other.payouts[0].amount.value = '10001';
		expect(deriveRequestId(other)).not.toBe(deriveRequestId(body));
	});

	it("fits Pivot's alphabet and length", () => {
		const key = deriveRequestId(body);
		expect(key).toMatch(/^[a-f0-9]{32}$/);
		expect(isValidRequestId(key)).toBe(true);
	});

	it.each([
		['abcdefghijklmnop', true],
		['a'.repeat(36), true],
		['abcdefghijklmno', false],
		['a'.repeat(37), false],
		['0b2a-4c4e-8d8f-1a2b3c4d', false],
		['abcdefghijklmnop_', false],
	])('checks %p → %p', (key, valid) => {
		expect(isValidRequestId(key)).toBe(valid);
	});
});
