/** Balance, Account Inquiry and Payout → Get through n8n-core's engine against the simulator. */
import type { IDataObject } from 'n8n-workflow';

import type { PivotEnv } from './pivotEnv';
import { createByChannel, pivotEnv, row, visible } from './pivotEnv';

let env: PivotEnv;
afterEach(async () => await env?.close());

const validate = (accountNumber: string, accountName: string, options: IDataObject = {}) => ({
	resource: 'inquiry',
	operation: 'validate',
	channelCode: { __rl: true, mode: 'list', value: 'BCA' },
	accountNumber,
	accountName,
	options: { pollIntervalSeconds: 0.1, ...options },
});

describe('Balance → Get', () => {
	it('returns the balance as Pivot sent it and as a number, and follows payouts', async () => {
		env = await pivotEnv();
		env.sandbox.setBalance(env.sandbox.merchants[0].clientId, '1000000.00');
		const before = await env.run({ resource: 'balance', operation: 'get' });
		expect(before.items[0].json).toEqual({ currency: 'IDR', value: '1000000.00', amount: 1000000 });
		await env.run(createByChannel(), [row('BAL-1', '999966660001', '150000')]);
		const after = await env.run({ resource: 'balance', operation: 'get' });
		expect(after.items[0].json.value).toBe('850000.00');
	});

	it('fails the item when the balance is below "Require at Least"', async () => {
		env = await pivotEnv();
		env.sandbox.setBalance(env.sandbox.merchants[0].clientId, '100000.00');
		const ok = await env.run({ resource: 'balance', operation: 'get', options: { requireAtLeast: '100000' } });
		expect(ok.items[0].json).toMatchObject({ sufficient: true, requiredAtLeast: 100000 });
		const low = await env.run({ resource: 'balance', operation: 'get', options: { requireAtLeast: '100001' } });
		expect(low.error?.message).toBe('Insufficient Pivot balance: Rp 100,000 available, Rp 100,001 required');
		const bad = await env.run({ resource: 'balance', operation: 'get', options: { requireAtLeast: '1.000' } });
		expect(bad.error?.message).toMatch(/Require at Least" must be a whole number/);
	});
});

describe('Account Inquiry', () => {
	it('VALID when the name matches the bank record', async () => {
		env = await pivotEnv();
		const { items } = await env.run(validate('999966660001', 'Dummy Simulation'));
		expect(items[0].json).toMatchObject({ status: 'VALID', nameMatches: true, accountNumber: '999966660001', channelCode: 'BCA' });
		expect(items[0].json.inquiryId).toMatch(/^[0-9a-f-]{36}$/);
	});

	it('WARNING fails by default naming the bank record name, and passes on request', async () => {
		env = await pivotEnv();
		const strict = await env.run(validate('999966660001', 'Reforza Pivot'));
		expect(strict.items).toHaveLength(0);
		expect(strict.error?.message).toMatch(/does not match the bank's record "Dummy Simulation"/);
		const { items } = await env.run(validate('999966660001', 'Reforza Pivot', { onWarning: 'pass' }));
		expect(items[0].json).toMatchObject({ status: 'WARNING', bankRecordName: 'Dummy Simulation', nameMatches: false });
		expect(items[0].json.detail).toMatch(/Bank record: Dummy Simulation$/);
	});

	it('INVALID fails by default and passes on request', async () => {
		env = await pivotEnv();
		const failed = await env.run(validate('123450000000', 'Someone'));
		expect(failed.error?.message).toMatch(/Account 123450000000 is INVALID: Account number not found/);
		const passed = await env.run(validate('123450000000', 'Someone', { onInvalid: 'pass' }));
		expect(passed.items[0].json.status).toBe('INVALID');
	});

	it('waits while PENDING, then Get returns the same inquiry', async () => {
		env = await pivotEnv({ pendingInquiryDelayMs: 300 });
		const pendingAccount = '999966669999';
		const noWait = await env.run(validate(pendingAccount, 'Dummy Simulation', { waitWhilePending: false }));
		expect(noWait.items[0].json.status).toBe('PENDING');
		const waited = await env.run(validate(pendingAccount, 'Dummy Simulation'));
		expect(waited.items[0].json.status).toBe('VALID');
		const polls = env.sandbox.requests().filter((r) => r.method === 'GET' && r.route === 'inquiry');
		expect(polls.length).toBeGreaterThan(0);
		const got = await env.run(
			{ resource: 'inquiry', operation: 'get', inquiryId: noWait.items[0].json.inquiryId, options: { pollIntervalSeconds: 0.1 } },
		);
		expect(got.items[0].json).toMatchObject({ inquiryId: noWait.items[0].json.inquiryId, status: 'VALID' });
	});

	it('checks its fields before calling Pivot', async () => {
		env = await pivotEnv();
		const { error } = await env.run(validate('12ab', 'X'));
		expect(error?.message).toMatch(/Item 0: Account Number "12ab" must contain digits only/);
		expect(env.sandbox.requests().filter((r) => r.route === 'inquiry')).toHaveLength(0);
	});
});

describe('Payout → Get', () => {
	it('reads one request in all its shapes, paginated, with the same output shape', async () => {
		env = await pivotEnv();
		const input = Array.from({ length: 45 }, (_, i) => row(`GET-${i}`, i % 2 ? '999966660003' : '999966660001'));
		const created = await env.run(createByChannel({ sendAs: 'bulk' }), input);
		const uuid = created.items[0].json.requestUuid as string;
		await env.sandbox.waitForSettled();

		const all = await env.run({ resource: 'payout', operation: 'get', lookUpBy: 'uuid', uuid, returnAll: true });
		expect(all.items).toHaveLength(45);
		expect(all.items[1].json).toMatchObject({
			referenceId: 'GET-1',
			requestUuid: uuid,
			requestStatus: 'DONE',
			status: 'FAILED',
			isFinal: true,
			reason: 'Invalid account',
			retry: 'doNotRetry',
			totals: expect.objectContaining({ totalSuccessCount: 23, totalFailedCount: 22 }),
		});
		const pages = env.sandbox.requests().filter((r) => r.route === 'getPayout' && r.query.page);
		expect(pages.map((r) => r.query.page)).toEqual(['1']);

		const limited = await env.run({ resource: 'payout', operation: 'get', lookUpBy: 'uuid', uuid, returnAll: false, limit: 30 });
		expect(limited.items).toHaveLength(30);

		const one = await env.run({ resource: 'payout', operation: 'get', lookUpBy: 'uuidAndReference', uuid, referenceId: 'GET-2' });
		expect(one.items).toHaveLength(1);
		expect(one.items[0].json).toMatchObject({ referenceId: 'GET-2', status: 'SUCCESS', requestUuid: uuid });

		const byRef = await env.run({ resource: 'payout', operation: 'get', lookUpBy: 'reference', referenceId: 'GET-3' });
		expect(byRef.items[0].json).toMatchObject({ referenceId: 'GET-3', status: 'FAILED', reason: 'Invalid account' });
		expect(Object.keys(byRef.items[0].json).sort()).toEqual(Object.keys(one.items[0].json).sort());
	});

	it('maps an unknown request to a clear error with the trace id, and hides the token', async () => {
		env = await pivotEnv();
		const result = await env.run({ resource: 'payout', operation: 'get', lookUpBy: 'uuid', uuid: '00000000-0000-4000-8000-000000000000', returnAll: true });
		expect(result.error?.message).toBe('Get payout request: Pivot could not find it');
		expect(result.error?.description).toMatch(/Payout ID is not exist/);
		expect(result.error?.description).toMatch(/Trace ID: \w+/);
		const token = env.harness.credentialsHelper.stored().accessToken as string;
		expect(token).toBeTruthy();
		expect(visible(result)).not.toContain(token);
	});
});
