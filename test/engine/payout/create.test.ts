/**
 * Payout → Create through n8n-core's engine against the simulator: what is paid, to whom, in how
 * many requests, and what each output item says; asserted at the simulator.
 */
import type { IDataObject } from 'n8n-workflow';

import type { PivotEnv } from '../support/pivotEnv';
import { createByChannel, pivotEnv, requestsTo, row, validateParams } from '../support/pivotEnv';

let env: PivotEnv;
afterEach(async () => await env?.close());

describe('Payout → Create', () => {
	it('pays one beneficiary per item, with a body-derived X-REQUEST-ID, paired to its input', async () => {
		env = await pivotEnv();
		const { items, error } = await env.run(createByChannel(), [row('ONE-1'), row('ONE-2', '999966660002')]);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(2);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		const first = items[0].json as IDataObject;
		expect(first).toMatchObject({
			referenceId: 'ONE-1',
			requestStatus: 'IN_PROGRESS',
			amount: { value: '150000', number: 150000, currency: 'IDR' },
			channelCode: 'BRI',
			accountNumber: '999966660001',
			recovered: false,
		});
		expect(first.requestId).toMatch(/^[a-f0-9]{32}$/);
		const creates = requestsTo(env.sandbox, 'createPayout');
		expect(creates.map((r) => r.xRequestId)).toEqual([first.requestId, (items[1].json as IDataObject).requestId]);
		expect(env.sandbox.payouts().map((p) => [p.referenceId, p.amount])).toEqual([
			['ONE-1', '150000'],
			['ONE-2', '150000'],
		]);
		await env.sandbox.waitForSettled();
		const settled = Object.fromEntries(env.sandbox.payouts().map((p) => [p.referenceId, [p.status, p.reason]]));
		expect(settled).toEqual({ 'ONE-1': ['SUCCESS', ''], 'ONE-2': ['FAILED', 'Inactive account'] });
	});

	it('pays by inquiry ID', async () => {
		env = await pivotEnv();
		const inquiry = await env.run(validateParams('999966660001'));
		const inquiryId = (inquiry.items[0].json as IDataObject).inquiryId as string;
		const { items, error } = await env.run(
			{ ...createByChannel(), destination: 'inquiry', inquiryId, amount: 25000, referenceId: 'INQ-PAY-1', description: '' },
		);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ referenceId: 'INQ-PAY-1', inquiryId });
		expect(env.sandbox.payouts()).toEqual([expect.objectContaining({ referenceId: 'INQ-PAY-1', inquiryId, amount: '25000' })]);
	});

	it('sends 2,500 items as exactly 3 bulk requests, each result paired to its input', async () => {
		env = await pivotEnv({ processingDelayMs: 20000 });
		const input = Array.from({ length: 2500 }, (_, i) => row(`BULK-${i}`, '999966660001', 10000 + i));
		const { items, error } = await env.run(createByChannel({ sendAs: 'bulk' }), input);
		expect(error).toBeUndefined();
		expect(env.createRequests()).toBe(3);
		expect(env.sandbox.payouts()).toHaveLength(2500);
		expect(items).toHaveLength(2500);
		items.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json.referenceId).toBe(`BULK-${i}`);
			expect((item.json.amount as IDataObject).value).toBe(String(10000 + i));
		});
		const uuids = new Set(items.map((i) => i.json.requestUuid));
		expect(uuids.size).toBe(3);
		expect(env.sandbox.tokensIssued()).toBe(1);
	});

	it('reports the documented magic accounts', async () => {
		env = await pivotEnv();
		const input = [row('M-1'), row('M-2', '999966660002'), row('M-3', '999966660003'), row('M-6', '999966660006'), row('M-7', '999966660007')];
		const { items, error } = await env.run(createByChannel(), input);
		expect(error).toBeUndefined();
		expect(items[4].json).toMatchObject({ referenceId: 'M-7', requestStatus: 'PENDING', awaitingTopUp: true });
		await env.sandbox.waitForSettled();
		const got = await env.run(
			{ resource: 'payout', operation: 'get', lookUpBy: 'reference', referenceId: '={{ $json.referenceId }}' },
			input,
		);
		expect(got.items.map((i) => [i.json.referenceId, i.json.status, i.json.reason, i.json.retry])).toEqual([
			['M-1', 'SUCCESS', null, null],
			['M-2', 'FAILED', 'Inactive account', 'doNotRetry'],
			['M-3', 'FAILED', 'Invalid account', 'doNotRetry'],
			['M-6', 'FAILED', 'Dormant account', 'doNotRetry'],
			['M-7', 'APPROVED', null, null],
		]);
	});

	it('honours Bulk Request Size, custom amount limits and an explicitly allowed unlisted channel', async () => {
		env = await pivotEnv({ minAmount: 1000 });
		const input = Array.from({ length: 5 }, (_, i) => row(`OPT-${i}`, '999966660001', 5000));
		const small = await env.run(createByChannel({ sendAs: 'bulk', options: { chunkSize: 2, minAmount: 1000, retryDelaySeconds: 0.01 } }), input);
		expect(small.error).toBeUndefined();
		expect(env.createRequests()).toBe(3);
		expect(requestsTo(env.sandbox, 'createPayout').map((r) => r.status)).toEqual([200, 200, 200]);

		const unlisted = { ...row('OPT-X'), channelCode: 'NEWBANK' };
		const refused = await env.run(createByChannel(), [unlisted]);
		expect(refused.error?.message).toMatch(/Item 1 \(index 0\): Channel Code "NEWBANK" is not in Pivot's channel list/);
		expect(env.createRequests()).toBe(3);
		const forced = await env.run(createByChannel({ allowUnlistedChannel: true }), [unlisted]);
		expect(forced.error?.message).toBe('Create payout for item 1 (index 0): Pivot does not support this channel code (not paid)');
		expect(forced.error?.description).toMatch(/Not paid: Pivot refused this request/);
		expect(env.createRequests()).toBe(4);
		expect(env.sandbox.payouts()).toHaveLength(5);
	});
});
