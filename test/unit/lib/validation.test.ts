import { checkAccountNumber, validatePayoutBatch } from '../../../nodes/lib/validation';
import type { PayoutInput } from '../../../nodes/lib/validation';
import { BAD_INPUTS, batchFor } from '../../fixtures/badInputs';

const asInputs = (rows: ReturnType<typeof batchFor>, destination: 'inquiry' | 'channel'): PayoutInput[] =>
	rows.map((row) => ({ ...row, destination }) as PayoutInput);

describe('payout batch validation', () => {
	it('has at least 30 kinds of bad input', () => {
		expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(30);
	});

	it.each(BAD_INPUTS.map((c) => [c.name, c] as const))('%s → names item 2 and the field', (_name, bad) => {
		const result = validatePayoutBatch(asInputs(batchFor(bad), bad.destination ?? 'channel'));
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.index).toBe(2);
		expect(result.field).toBe(bad.field);
		expect(result.problem).toMatch(bad.message);
	});

	it('builds the documented item shapes from good rows', () => {
		const result = validatePayoutBatch([
			{ destination: 'channel', channelCode: 'bca', accountNumber: ' 999966660001 ', accountName: ' Dummy   Simulation ', amount: 150000, referenceId: 'A-1', description: '' },
			{ destination: 'inquiry', inquiryId: 'F4F3B3D0-FBFF-414A-9EC1-F2C279B4E0C6', amount: '10000.00', referenceId: 'A-2', description: 'Gaji Nov' },
		]);
		expect(result).toEqual({
			ok: true,
			items: [
				{
					referenceId: 'A-1',
					channelCode: 'BCA',
					channelInformation: { accountNumber: '999966660001', accountName: 'Dummy Simulation' },
					amount: { value: '150000', currency: 'IDR' },
				},
				{
					referenceId: 'A-2',
					inquiryId: 'f4f3b3d0-fbff-414a-9ec1-f2c279b4e0c6',
					amount: { value: '10000', currency: 'IDR' },
					description: 'Gaji Nov',
				},
			],
		});
	});

	it('honours custom limits and unlisted channels when asked', () => {
		const row: PayoutInput = { destination: 'channel', channelCode: 'NEWBANK', accountNumber: '1', accountName: 'X', amount: 5000, referenceId: 'L-1' };
		expect(validatePayoutBatch([row]).ok).toBe(false);
		expect(validatePayoutBatch([row], { minAmount: 1000, allowUnlistedChannel: true }).ok).toBe(true);
	});
});

describe('Account Number length', () => {
	it('accepts 60 digits, or "+" and 59, and refuses one more, naming the length', () => {
		expect(checkAccountNumber('1'.repeat(60))).toEqual({ ok: true, value: '1'.repeat(60) });
		expect(checkAccountNumber(`+${'1'.repeat(59)}`)).toEqual({ ok: true, value: `+${'1'.repeat(59)}` });
		expect(checkAccountNumber('1'.repeat(61))).toMatchObject({ ok: false, problem: 'is 61 characters long; Pivot allows at most 60' });
	});
});
