/**
 * Field limits of a payout item (validation.ts) at their edges, and the values a mapping can
 * hand over that are not text: null, NaN, objects.
 */
import {
	checkAccountName,
	checkAccountNumber,
	checkChannelCode,
	checkReferenceId,
	validatePayoutBatch,
	validatePayoutItem,
	type PayoutInput,
} from '../../../nodes/lib/validation';

const UUID = '3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f';

const toBank = (overrides: Partial<PayoutInput> = {}): PayoutInput => ({
	destination: 'channel',
	channelCode: 'BCA',
	accountNumber: '1234567890',
	accountName: 'Budi Santoso',
	amount: 150000,
	referenceId: 'INV-1',
	...overrides,
});

describe('Reference ID', () => {
	it('accepts exactly 100 characters and refuses 101', () => {
		expect(checkReferenceId('a'.repeat(100))).toEqual({ ok: true, value: 'a'.repeat(100) });
		expect(checkReferenceId('a'.repeat(101))).toMatchObject({ ok: false, problem: expect.stringMatching(/101 characters/) });
	});

	it.each(['.a', 'a.', 'v1.2', '..x', 'x..'])('accepts %p: dots beside a letter or digit', (ref) => {
		expect(checkReferenceId(ref)).toEqual({ ok: true, value: ref });
	});

	it.each(['.', '..', '...'])('refuses %p: dots alone', (ref) => {
		expect(checkReferenceId(ref)).toMatchObject({ ok: false, field: 'Reference ID' });
	});
});

describe('Channel Code', () => {
	it.each([undefined, null, '', '   '])('calls %p missing', (value) => {
		expect(checkChannelCode(value)).toEqual({ ok: false, field: 'Channel Code', problem: 'is required' });
	});

	it('reads a lower-case code as upper case', () => {
		expect(checkChannelCode(' bca ')).toEqual({ ok: true, value: 'BCA' });
	});
});

describe('Account Number', () => {
	it('accepts exactly 60 characters ("+" and 59 digits) and refuses 61', () => {
		expect(checkAccountNumber(`+${'1'.repeat(59)}`)).toEqual({ ok: true, value: `+${'1'.repeat(59)}` });
		expect(checkAccountNumber('1'.repeat(61))).toMatchObject({ ok: false, problem: expect.stringMatching(/61 characters/) });
	});
});

describe('Account Name', () => {
	it('accepts exactly 60 characters and refuses 61', () => {
		expect(checkAccountName('B'.repeat(60))).toEqual({ ok: true, value: 'B'.repeat(60) });
		expect(checkAccountName('B'.repeat(61))).toMatchObject({ ok: false, problem: expect.stringMatching(/61 characters/) });
	});

	it.each([undefined, null, Number.NaN, Number.POSITIVE_INFINITY, {}, ['Budi'], true])('calls %p missing', (value) => {
		expect(checkAccountName(value)).toMatchObject({ ok: false, field: 'Account Name', problem: expect.stringMatching(/required/) });
	});

	it('folds runs of white space', () => {
		expect(checkAccountName('  Budi \n  Santoso ')).toEqual({ ok: true, value: 'Budi Santoso' });
	});
});

describe('Inquiry ID', () => {
	it.each([`x${UUID}`, `${UUID}x`, `${UUID}-0`])('refuses %p: a UUID with more around it', (inquiryId) => {
		expect(validatePayoutItem({ destination: 'inquiry', inquiryId, amount: 150000, referenceId: 'INV-1' })).toMatchObject({
			ok: false,
			field: 'Inquiry ID',
		});
	});

	it('reads an upper-case UUID as lower case', () => {
		const result = validatePayoutItem({ destination: 'inquiry', inquiryId: UUID.toUpperCase(), amount: 150000, referenceId: 'INV-1' });
		expect(result).toEqual({
			ok: true,
			item: { referenceId: 'INV-1', inquiryId: UUID, amount: { value: '150000', currency: 'IDR' } },
		});
	});
});

describe('Amount limits', () => {
	it('accepts an amount equal to the maximum or the minimum', () => {
		expect(validatePayoutItem(toBank({ amount: 500000 }), { maxAmount: 500000 })).toMatchObject({ ok: true });
		expect(validatePayoutItem(toBank({ amount: 20000 }), { minAmount: 20000 })).toMatchObject({ ok: true });
	});

	it('refuses one rupiah over the maximum', () => {
		expect(validatePayoutItem(toBank({ amount: 500001 }), { maxAmount: 500000 })).toMatchObject({
			ok: false,
			field: 'Amount',
			problem: 'Rp 500,001 is above the maximum of Rp 500,000',
		});
	});

	it.each([
		[{ minAmount: Number.NaN }],
		[{ maxAmount: Number.NaN }],
		[{ maxAmount: 1.5 }],
		[{ minAmount: Number.NaN, maxAmount: Number.NaN }],
	])('refuses to check against a limit that is not a whole number: %p', (options) => {
		expect(validatePayoutItem(toBank(), options)).toMatchObject({
			ok: false,
			field: 'Amount',
			problem: expect.stringMatching(/cannot be checked/),
		});
	});
});

describe('Description', () => {
	it.each([undefined, null, ''])('leaves out %p', (description) => {
		const result = validatePayoutItem(toBank({ description }));
		expect(result).toMatchObject({ ok: true });
		expect(result.ok && 'description' in result.item).toBe(false);
	});

	it.each([{}, ['Gaji'], true, Number.NaN])('refuses %p: not text', (description) => {
		expect(validatePayoutItem(toBank({ description }))).toEqual({ ok: false, field: 'Description', problem: 'must be text' });
	});

	it('takes a number as its digits', () => {
		expect(validatePayoutItem(toBank({ description: 2024 }))).toMatchObject({ ok: true, item: { description: '2024' } });
	});
});

describe('validatePayoutBatch with options per item', () => {
	it('checks each item against its own options', () => {
		const inputs = [toBank({ referenceId: 'A', amount: 300000 }), toBank({ referenceId: 'B', amount: 300000 })];
		const result = validatePayoutBatch(inputs, (index) => (index === 1 ? { maxAmount: 200000 } : {}));
		expect(result).toMatchObject({ ok: false, index: 1, field: 'Amount', problem: expect.stringMatching(/above the maximum/) });
	});

	it('passes the same options object to every item', () => {
		const inputs = [toBank({ referenceId: 'A', amount: 300000 })];
		expect(validatePayoutBatch(inputs, { maxAmount: 200000 })).toMatchObject({ ok: false, index: 0, field: 'Amount' });
	});
});
