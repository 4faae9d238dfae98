/** Payout → Create through n8n-core's engine against the simulator, asserted at the simulator. */
import type { IDataObject } from 'n8n-workflow';

import { BAD_INPUTS, batchFor } from '../fixtures/badInputs';
import type { PivotEnv } from './pivotEnv';
import { createByChannel, pivotEnv, row, visible } from './pivotEnv';

let env: PivotEnv;
afterEach(async () => await env?.close());

const countByReference = (env: PivotEnv) => {
	const counts = new Map<string, number>();
	for (const p of env.sandbox.payouts()) counts.set(p.referenceId, (counts.get(p.referenceId) ?? 0) + 1);
	return counts;
};

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
		const creates = env.sandbox.requests().filter((r) => r.route === 'createPayout');
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
		const inquiry = await env.run(
			{ resource: 'inquiry', operation: 'validate', channelCode: { __rl: true, mode: 'list', value: 'BCA' }, accountNumber: '999966660001', accountName: 'Dummy Simulation' },
		);
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

	it('never pays twice when the connection drops after Pivot committed (Retry On Fail, then a re-run)', async () => {
		env = await pivotEnv();
		// The answer is lost and the look-up fails too: the node gives up and n8n's Retry On Fail runs it again.
		env.sandbox.setFault({ route: 'createPayout', kind: 'dropAfterCommit', count: 1 });
		env.sandbox.setFault({ route: 'getPayout', kind: 'status', status: 503, count: 1 });
		const input = [row('DROP-1'), row('DROP-2'), row('DROP-3')];
		const params = createByChannel({ options: { retryDelaySeconds: 0.01, timeoutSeconds: 5, maxAttempts: 1 } });
		const first = await env.run(params, input, { retryOnFail: true, maxTries: 3, waitBetweenTries: 10 });
		expect(first.error).toBeUndefined();
		const creates = env.sandbox.requests().filter((r) => r.route === 'createPayout');
		expect(creates[0]).toMatchObject({ dropped: true });
		expect(creates[1]).toMatchObject({ xRequestId: creates[0].xRequestId, replay: true, status: 200 });

		const again = await env.run(params, input, { retryOnFail: true, maxTries: 3, waitBetweenTries: 10 });
		expect(again.error).toBeUndefined();
		expect([...countByReference(env).values()]).toEqual([1, 1, 1]);
		const stored = Object.fromEntries(env.sandbox.payouts().map((p) => [p.referenceId, p.requestUuid]));
		expect(again.items.map((i) => i.json.requestUuid)).toEqual(['DROP-1', 'DROP-2', 'DROP-3'].map((r) => stored[r]));
		expect(first.items.map((i) => i.json.requestUuid)).toEqual(again.items.map((i) => i.json.requestUuid));
		expect(env.sandbox.requests().filter((r) => r.route === 'createPayout' && r.replay)).toHaveLength(4);
	});

	it('recovers by itself when only the answer is lost', async () => {
		env = await pivotEnv();
		env.sandbox.setFault({ route: 'createPayout', kind: 'dropAfterCommit', count: 1 });
		const { items, error } = await env.run(createByChannel({ options: { retryDelaySeconds: 0.01, maxAttempts: 1 } }), [row('SELF-1')]);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ referenceId: 'SELF-1', recovered: true });
		expect(items[0].json.requestUuid).toBe(env.sandbox.payouts()[0].requestUuid);
		expect(env.sandbox.payouts()).toHaveLength(1);
	});

	it('looks the payout up before resending when the answer is lost, in bulk too', async () => {
		env = await pivotEnv();
		env.sandbox.setFault({ route: 'createPayout', kind: 'timeoutAfterCommit', latencyMs: 1500, count: 1 });
		const input = [row('TO-1'), row('TO-2')];
		const { items, error } = await env.run(
			createByChannel({ sendAs: 'bulk', options: { retryDelaySeconds: 0.01, timeoutSeconds: 1 } }),
			input,
		);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.recovered)).toEqual([true, true]);
		const routes = env.sandbox.requests().map((r) => `${r.method} ${r.route}`);
		const firstLookup = routes.indexOf('GET getPayout');
		expect(firstLookup).toBeGreaterThan(routes.indexOf('POST createPayout'));
		expect(env.sandbox.payouts()).toHaveLength(2);
	});

	it('retries a 5xx with the same key after confirming nothing was created', async () => {
		env = await pivotEnv();
		env.sandbox.setFault({ route: 'createPayout', kind: 'status', status: 503, count: 1 });
		const { items, error } = await env.run(createByChannel(), [row('F5-1')]);
		expect(error).toBeUndefined();
		expect(items[0].json.recovered).toBe(false);
		const creates = env.sandbox.requests().filter((r) => r.route === 'createPayout');
		expect(creates.map((r) => r.status)).toEqual([503, 200]);
		expect(new Set(creates.map((r) => r.xRequestId)).size).toBe(1);
		expect(env.sandbox.payouts()).toHaveLength(1);
	});

	it('explains a 409: the same X-REQUEST-ID with a different payload', async () => {
		env = await pivotEnv();
		const key = { retryDelaySeconds: 0.01, timeoutSeconds: 5, requestId: 'FixedKey0000000000001' };
		expect((await env.run(createByChannel({ options: key }), [row('K-1')])).error).toBeUndefined();
		const changed = await env.run(createByChannel({ options: key }), [row('K-2', '999966660001', '20000')]);
		expect(changed.error?.message).toMatch(/Create payout \(item 0\): Pivot already has this/);
		expect(changed.error?.description).toMatch(/already used with a different payload/);
		expect(changed.error?.description).toMatch(/FixedKey0000000000001/);
		expect(env.sandbox.payouts().map((p) => p.referenceId)).toEqual(['K-1']);
	});

	it('keeps working when the token expires every 2 s during a long run', async () => {
		env = await pivotEnv({ tokenLifetimeSeconds: 2 });
		const input = Array.from({ length: 12 }, (_, i) => row(`TOK-${i}`));
		const slow = { route: 'createPayout' as const, kind: 'latency' as const, latencyMs: 450, count: 12 };
		env.sandbox.setFault(slow);
		const { items, error } = await env.run(createByChannel(), input);
		expect(error).toBeUndefined();
		expect(items.filter((i) => i.json.error)).toHaveLength(0);
		expect(env.sandbox.payouts()).toHaveLength(12);
		expect(env.sandbox.tokensIssued()).toBeGreaterThan(1);
		expect(env.sandbox.requests().filter((r) => r.code === 'credentials_invalid').length).toBeGreaterThan(0);
	}, 60000);

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

	it('fails clearly on the timeout account (…0008) and creates nothing', async () => {
		env = await pivotEnv();
		const { error, run } = await env.run(createByChannel({ options: { retryDelaySeconds: 0.01, maxAttempts: 2 } }), [row('T-8', '999966660008')]);
		expect(error?.message).toMatch(/Pivot or its partner bank is unavailable/);
		expect(error?.description).toMatch(/Please hit periodically/);
		expect(error?.message).toMatch(/\(not paid\)$/);
		expect(error?.description).toMatch(/look-up by Reference ID after the last attempt found no payout/);
		expect(env.sandbox.payouts()).toHaveLength(0);
		expect(visible({ items: [], error, run })).not.toContain(env.sandbox.merchants[0].clientSecret);
	});

	it('with Continue On Fail, marks each failed item and keeps the others', async () => {
		env = await pivotEnv();
		const { items } = await env.run(
			createByChannel({ options: { retryDelaySeconds: 0.01, maxAttempts: 1 } }),
			[row('C-1'), row('C-2', '999966660008'), row('C-3')],
			{ onError: 'continueRegularOutput' },
		);
		expect(items.map((i) => [i.pairedItem, Boolean(i.json.error)])).toEqual([
			[{ item: 0 }, false],
			[{ item: 1 }, true],
			[{ item: 2 }, false],
		]);
	});

	it('treats a Reference ID paid by an earlier run (key window over) as already paid', async () => {
		env = await pivotEnv();
		await env.run(createByChannel(), [row('OLD-1')]);
		const other = await env.run(createByChannel({ options: { requestId: 'AnotherKey00000000001', retryDelaySeconds: 0.01 } }), [row('OLD-1')]);
		expect(other.error).toBeUndefined();
		expect(other.items[0].json).toMatchObject({ referenceId: 'OLD-1', recovered: true });
		const taken = await env.run(createByChannel({ options: { requestId: 'AnotherKey00000000002', retryDelaySeconds: 0.01 } }), [row('OLD-1', '999966660001', '99999')]);
		expect(taken.error?.description).toMatch(/Reference IDs used by a different payout at Pivot \(another destination or amount, or one that cannot be matched to this item\): OLD-1\./);
		expect(env.sandbox.payouts()).toHaveLength(1);
	});

	it('says which rows of a bulk run were already paid when a list is sent again with new rows', async () => {
		env = await pivotEnv();
		await env.run(createByChannel(), [row('MIX-A')]);
		const { error } = await env.run(createByChannel({ sendAs: 'bulk' }), [row('MIX-A'), row('MIX-B'), row('MIX-C')]);
		expect(error?.description).toMatch(/already paid to the same destination and amount: MIX-A; not at Pivot \(looked up: none found\): MIX-B, MIX-C\./);
		expect(env.sandbox.payouts().map((p) => p.referenceId)).toEqual(['MIX-A']);
	});

	it('honours Bulk Request Size, custom amount limits and an explicitly allowed unlisted channel', async () => {
		env = await pivotEnv({ minAmount: 1000 });
		const input = Array.from({ length: 5 }, (_, i) => row(`OPT-${i}`, '999966660001', 5000));
		const small = await env.run(createByChannel({ sendAs: 'bulk', options: { chunkSize: 2, minAmount: 1000, retryDelaySeconds: 0.01 } }), input);
		expect(small.error).toBeUndefined();
		expect(env.createRequests()).toBe(3);
		expect(env.sandbox.requests().filter((r) => r.route === 'createPayout').map((r) => r.status)).toEqual([200, 200, 200]);

		const unlisted = { ...row('OPT-X'), channelCode: 'NEWBANK' };
		const refused = await env.run(createByChannel(), [unlisted]);
		expect(refused.error?.message).toMatch(/Item 0: Channel Code "NEWBANK" is not in Pivot's channel list/);
		expect(env.createRequests()).toBe(3);
		const forced = await env.run(createByChannel({ allowUnlistedChannel: true }), [unlisted]);
		expect(forced.error?.message).toBe('Create payout (item 0): Pivot does not support this channel code (not paid)');
		expect(forced.error?.description).toMatch(/Not paid: Pivot refused this request/);
		expect(env.createRequests()).toBe(4);
		expect(env.sandbox.payouts()).toHaveLength(5);
	});

	it('with Continue On Fail, a bad row still stops everything and every item says why', async () => {
		env = await pivotEnv();
		const { items, error } = await env.run(
			createByChannel({ sendAs: 'bulk' }),
			[row('COF-1'), row('COF-2', '999966660001', '1,000'), row('COF-3')],
			{ onError: 'continueRegularOutput' },
		);
		expect(error).toBeUndefined();
		expect(items.map((i) => [i.pairedItem, i.json.notSent])).toEqual([
			[{ item: 0 }, true],
			[{ item: 1 }, true],
			[{ item: 2 }, true],
		]);
		expect(items[1].json.error).toMatch(/^Item 1: Amount must be a whole number/);
		expect(items[0].json.error).toBe('Not sent: item 1 is invalid (Amount).');
		expect(env.createRequests()).toBe(0);
	});
});

describe('Payout → Create: bad input stops the batch before any money moves', () => {
	let tableEnv: PivotEnv;
	beforeAll(async () => {
		tableEnv = await pivotEnv();
	});
	afterAll(async () => await tableEnv.close());

	it.each(BAD_INPUTS.map((c) => [c.name, c] as const))('%s', async (_name, bad) => {
		const params =
			bad.destination === 'inquiry'
				? { ...createByChannel({ sendAs: 'bulk' }), destination: 'inquiry', inquiryId: '={{ $json.inquiryId }}' }
				: createByChannel({ sendAs: 'bulk' });
		const { error } = await tableEnv.run(params, batchFor(bad));
		expect(error?.message).toContain(`Item 2: ${bad.field}`);
		expect(error?.message).toMatch(bad.message);
		expect(error?.message).toMatch(/Nothing was sent/);
		expect(tableEnv.createRequests()).toBe(0);
	});
});
