/** Balance → Get through n8n-core's engine against the simulator. */
import { BALANCE_GET, createByChannel, row, usePivotEnv } from '../support/pivotEnv';

const env = usePivotEnv();

const setBalance = (value: string) => env.sandbox.setBalance(env.sandbox.merchants[0].clientId, value);

describe('Balance → Get', () => {
	it('returns the balance as Pivot sent it and as a number, and follows payouts', async () => {
		setBalance('1000000.00');
		const before = await env.run(BALANCE_GET);
		expect(before.items[0].json).toEqual({ currency: 'IDR', value: '1000000.00', amount: 1000000 });
		await env.run(createByChannel(), [row('BAL-1', '999966660001', '150000')]);
		const after = await env.run(BALANCE_GET);
		expect(after.items[0].json.value).toBe('850000.00');
	});

	it('fails the item when the balance is below "Require at Least"', async () => {
		setBalance('100000.00');
		const ok = await env.run({ ...BALANCE_GET, options: { requireAtLeast: '100000' } });
		expect(ok.items[0].json).toMatchObject({ sufficient: true, requiredAtLeast: 100000 });
		const low = await env.run({ ...BALANCE_GET, options: { requireAtLeast: '100001' } });
		expect(low.error?.message).toBe('Insufficient Pivot balance: Rp 100,000 available, Rp 100,001 required');
		const bad = await env.run({ ...BALANCE_GET, options: { requireAtLeast: '1.000' } });
		expect(bad.error?.message).toMatch(/Require at Least" must be a whole number/);
	});
});
