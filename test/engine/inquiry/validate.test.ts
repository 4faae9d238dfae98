/**
 * Account Inquiry → Validate through n8n-core's engine against the simulator: the statuses, On
 * Warning and On Invalid, and the account number checked before anything is sent (a JSON number
 * that cannot hold every digit is refused, a safe one is asked about as exactly those digits).
 */
import type { IDataObject } from 'n8n-workflow';

import { UNSAFE_ACCOUNT_NUMBERS } from '../../fixtures/badInputs';
import { usePivotEnv, validateParams } from '../support/pivotEnv';

const env = usePivotEnv();

const inquiries = () => env.requestCount('inquiry');

/** Validate reading the account number from the item (as a JSON number or text). */
const fromItem = (accountName = 'Dummy Simulation', options: IDataObject = {}) =>
	validateParams('={{ $json.accountNumber }}', accountName, options);

describe('Account Inquiry → Validate', () => {
	it('VALID when the name matches the bank record', async () => {
		const { items } = await env.run(validateParams('999966660001'));
		expect(items[0].json).toMatchObject({ status: 'VALID', nameMatches: true, accountNumber: '999966660001', channelCode: 'BCA' });
		expect(items[0].json.inquiryId).toMatch(/^[0-9a-f-]{36}$/);
	});

	it('WARNING fails by default naming the bank record name, and passes on request', async () => {
		const strict = await env.run(validateParams('999966660001', 'Reforza Pivot'));
		expect(strict.items).toHaveLength(0);
		expect(strict.error?.message).toMatch(/does not match the bank's record "Dummy Simulation"/);
		// Pivot's detail is quoted, so the next sentence does not read as part of the bank's name
		expect(strict.error?.description).toMatch(/^Pivot's detail: "[^"]*Bank record: Dummy Simulation"\. Check the beneficiary's name before paying/);
		const { items } = await env.run(validateParams('999966660001', 'Reforza Pivot', { onWarning: 'pass' }));
		expect(items[0].json).toMatchObject({ status: 'WARNING', bankRecordName: 'Dummy Simulation', nameMatches: false });
		expect(items[0].json.detail).toMatch(/Bank record: Dummy Simulation$/);
	});

	it('INVALID fails by default and passes on request', async () => {
		const failed = await env.run(validateParams('123450000000', 'Someone'));
		expect(failed.error?.message).toMatch(/Account 123450000000 is INVALID: Account number not found/);
		const passed = await env.run(validateParams('123450000000', 'Someone', { onInvalid: 'pass' }));
		expect(passed.items[0].json.status).toBe('INVALID');
	});

	it('checks its fields before calling Pivot', async () => {
		const { error } = await env.run(validateParams('12ab', 'X'));
		expect(error?.message).toMatch(/Item 1 \(index 0\): Account Number "12ab" must contain digits only/);
		expect(inquiries()).toBe(0);
	});
});

describe('Account Inquiry → Validate: On Warning fails by default', () => {
	it('a name that differs from the bank record is an error naming the record: the run stops', async () => {
		const { error, items } = await env.run(fromItem('Reforza Pivot'), [{ accountNumber: '999966660001' }]);
		expect(items).toHaveLength(0);
		expect(error?.message).toMatch(/does not match the bank's record "Dummy Simulation"/);
		expect(inquiries()).toBe(1);
	});

	it('with Continue On Fail the WARNING item carries error (so a "no error → pay" step skips it)', async () => {
		const input = [{ accountNumber: '999966660001' }];
		const { items } = await env.run(fromItem('Reforza Pivot'), input, { onError: 'continueRegularOutput' });
		expect(items).toHaveLength(1);
		expect(items[0].json.error).toMatch(/does not match the bank's record/);
		expect(items[0].json.status).toBeUndefined();
	});
});

describe('Account Inquiry → Validate: an account number given as a JSON number', () => {
	it.each(UNSAFE_ACCOUNT_NUMBERS)('%p (not a safe integer) → refused naming Account Number, no inquiry sent', async (accountNumber) => {
		const { error } = await env.run(fromItem(), [{ accountNumber }]);
		expect(error?.message).toMatch(/^Item 1 \(index 0\): Account Number/);
		expect(inquiries()).toBe(0);
	});

	it('999966660001 as a number asks Pivot about exactly that account', async () => {
		const { items, error } = await env.run(fromItem(), [{ accountNumber: 999966660001 }]);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ status: 'VALID', accountNumber: '999966660001' });
		expect(inquiries()).toBe(1);
	});
});
