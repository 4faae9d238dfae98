/**
 * Safer inputs: an account number given as a JSON number that cannot hold
 * every digit is refused before anything is sent, by Payout → Create and Account Inquiry →
 * Validate alike, while a safe one still works; On Warning fails by default.
 */
import type { IDataObject } from 'n8n-workflow';

import type { PivotEnv } from './pivotEnv';
import { createByChannel, pivotEnv, row } from './pivotEnv';

let env: PivotEnv;
beforeAll(async () => {
	env = await pivotEnv();
});
afterAll(async () => await env.close());
beforeEach(() => env.sandbox.reset());

const routeCount = (route: string) => env.sandbox.requests().filter((r) => r.route === route).length;

/** Account Inquiry → Validate reading the account number from the item (as a JSON number or text). */
const validate = (accountName = 'Dummy Simulation', options: IDataObject = {}): IDataObject => ({
	resource: 'inquiry',
	operation: 'validate',
	channelCode: { __rl: true, mode: 'list', value: 'BCA' },
	accountNumber: '={{ $json.accountNumber }}',
	accountName,
	options: { pollIntervalSeconds: 0.1, ...options },
});

// Numbers beyond 2^53 have already lost digits when the JSON was parsed.
// eslint-disable-next-line no-loss-of-precision -- the point: this value cannot be held exactly
const UNSAFE: number[] = [12345678901234567890, 9007199254740993, 1e21];

describe('an account number given as a JSON number', () => {
	it.each(UNSAFE.flatMap((n) => (['perItem', 'bulk'] as const).map((sendAs) => [n, sendAs] as const)))(
		'%p (not a safe integer, %s) → refused naming Account Number, nothing sent',
		async (accountNumber, sendAs) => {
			const { error } = await env.run(createByChannel({ sendAs }), [row('SAFE-0'), { ...row('SAFE-1'), accountNumber }]);
			expect(error?.message).toMatch(/^Item 1: Account Number/);
			expect(routeCount('createPayout')).toBe(0);
		},
	);

	it.each(['perItem', 'bulk'])('999966660001 as a number (a safe integer, %s) is paid to exactly that account', async (sendAs) => {
		const { error } = await env.run(createByChannel({ sendAs }), [{ ...row('SAFE-NUM'), accountNumber: 999966660001 }]);
		expect(error).toBeUndefined();
		expect(env.sandbox.payouts().map((p) => [p.referenceId, p.accountNumber])).toEqual([['SAFE-NUM', '999966660001']]);
	});

	it.each(UNSAFE)('Account Inquiry → Validate with %p → refused naming Account Number, no inquiry sent', async (accountNumber) => {
		const { error } = await env.run(validate(), [{ accountNumber }]);
		expect(error?.message).toMatch(/^Item 0: Account Number/);
		expect(routeCount('inquiry')).toBe(0);
	});

	it('Account Inquiry → Validate with 999966660001 as a number asks Pivot about exactly that account', async () => {
		const { items, error } = await env.run(validate(), [{ accountNumber: 999966660001 }]);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ status: 'VALID', accountNumber: '999966660001' });
		expect(routeCount('inquiry')).toBe(1);
	});
});

describe('On Warning fails by default', () => {
	it('a name that differs from the bank record is an error naming the record: the run stops', async () => {
		const { error, items } = await env.run(validate('Reforza Pivot'), [{ accountNumber: '999966660001' }]);
		expect(items).toHaveLength(0);
		expect(error?.message).toMatch(/does not match the bank's record "Dummy Simulation"/);
		expect(routeCount('inquiry')).toBe(1);
	});

	it('with Continue On Fail the WARNING item carries error (so a "no error → pay" step skips it)', async () => {
		const input = [{ accountNumber: '999966660001' }];
		const { items } = await env.run(validate('Reforza Pivot'), input, { onError: 'continueRegularOutput' });
		expect(items).toHaveLength(1);
		expect(items[0].json.error).toMatch(/does not match the bank's record/);
		expect(items[0].json.status).toBeUndefined();
	});
});
