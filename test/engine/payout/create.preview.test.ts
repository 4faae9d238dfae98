/**
 * Payout → Create as a preview, in n8n's engine against the simulator: nothing reaches the
 * payout endpoint, every item comes out once, paired, saying what would be sent under which
 * X-REQUEST-ID (the very keys a payment then uses), with the batch summary on every item.
 */
import type { IDataObject } from 'n8n-workflow';

import type { RunResult } from '../support/harness';
import { createByChannel, row, usePivotEnv, validateParams } from '../support/pivotEnv';

const env = usePivotEnv();

const rows = (n: number, prefix = 'PV') => Array.from({ length: n }, (_, i) => row(`${prefix}-${i}`, `99996666${String(1000 + i)}`, 10000 * (i + 1)));
const bulk = (extra: IDataObject = {}, options: IDataObject = {}) =>
	createByChannel({ sendAs: 'bulk', previewOnly: true, ...extra, options: { retryDelaySeconds: 0.01, timeoutSeconds: 5, ...options } });
const jsonOf = (result: RunResult) => result.items.map((item) => item.json);

describe('Payout → Create preview', () => {
	it('sends nothing and describes every row of a bulk batch, paired, under the keys a payment then uses', async () => {
		const input = rows(5);
		const preview = await env.run(bulk({}, { chunkSize: 2 }), input);
		expect(preview.error).toBeUndefined();
		expect(env.createRequests()).toBe(0);
		expect(env.sandbox.payouts()).toHaveLength(0);
		const out = jsonOf(preview);
		expect(out).toHaveLength(5);
		expect(preview.items.map((item) => item.pairedItem)).toEqual(input.map((_, i) => ({ item: i })));
		out.forEach((json, i) => {
			expect(json).toMatchObject({ preview: true, status: 'PREVIEW', sent: false, referenceId: `PV-${i}`, chunk: Math.floor(i / 2) + 1 });
			expect(json).toMatchObject({ amount: { value: String(10000 * (i + 1)), currency: 'IDR' }, channelCode: 'BRI', accountName: 'Reforza Pivot' });
			expect(json).not.toHaveProperty('requestUuid');
			expect(json.batch).toMatchObject({
				count: 5,
				total: '150000',
				totalText: 'Rp 150,000',
				requests: 3,
				totalsByChannel: { BRI: { count: 5, total: '150000' } },
				digest: expect.stringMatching(/^[0-9a-f]{64}$/),
				approval: expect.stringMatching(/^pivot-batch-v1:5:150000:[0-9a-f]{64}$/),
				invalidItems: 0,
			});
		});
		expect(new Set(out.map((json) => json.requestId)).size).toBe(3);

		// The payment of the same rows uses exactly the previewed X-REQUEST-IDs.
		const paid = await env.run(bulk({ previewOnly: false }, { chunkSize: 2 }), input);
		expect(paid.error).toBeUndefined();
		const sentKeys = env.sandbox.requests().filter((r) => r.route === 'createPayout').map((r) => r.xRequestId);
		expect(sentKeys).toEqual([...new Set(out.map((json) => json.requestId as string))]);
	});

	it('previews one request per item By Inquiry ID, with its own key per item', async () => {
		const inquiry = await env.run(validateParams('999966660001'));
		const inquiryId = (inquiry.items[0].json as IDataObject).inquiryId as string;
		const parameters = { ...createByChannel(), destination: 'inquiry', inquiryId, previewOnly: true };
		const preview = await env.run(parameters, [row('INQ-PV-1', '1', 25000), row('INQ-PV-2', '1', 30000)]);
		expect(preview.error).toBeUndefined();
		const out = jsonOf(preview);
		expect(out.map((json) => json.chunk)).toEqual([1, 2]);
		expect(out[0]).toMatchObject({ inquiryId, channelCode: null, batch: { count: 2, total: '55000', totalsByChannel: { INQUIRY_ID: { count: 2, total: '55000' } } } });
		expect(out[0].requestId).not.toBe(out[1].requestId);
		expect(env.createRequests()).toBe(0);
	});

	it('reports every invalid row at once (Stop): one error lists them all, nothing sent', async () => {
		const input = [row('OK-0'), row('BAD-1', '999966660001', '1.500.000'), row('OK-2'), row('BAD-3', 'abc'), row('OK-0')];
		const { error } = await env.run(bulk(), input);
		expect(error?.message).toBe('Preview: 3 of 5 item(s) are invalid. Nothing was sent: fix them and preview again.');
		expect(error?.description).toMatch(/Item 2 \(index 1\): Amount .*"1\.500\.000".*Item 4 \(index 3\): Account Number "abc".*Item 5 \(index 4\): Reference ID "OK-0" is also used by item 1 \(index 0\)/);
		expect(env.createRequests()).toBe(0);
	});

	it('with Continue, marks each invalid item and shows the valid ones without an approval value', async () => {
		const input = [row('OK-0'), row('BAD-1', '999966660001', 'x'), row('OK-2')];
		const { items, error } = await env.run(bulk(), input, { onError: 'continueRegularOutput' });
		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[1].json).toMatchObject({ error: expect.stringMatching(/^Item 2 \(index 1\): Amount/), notSent: true, paymentOutcome: 'notPaid', preview: true });
		expect(items[0].json).toMatchObject({ preview: true, referenceId: 'OK-0', requestId: null, batch: { approval: null, invalidItems: 1 } });
		expect(env.createRequests()).toBe(0);
	});

	it('with the error output, sends invalid items there and valid ones on the success output', async () => {
		const input = [row('OK-0'), row('BAD-1', '999966660001', 'x'), row('OK-2')];
		const { items, errorItems } = await env.run(bulk(), input, { onError: 'continueErrorOutput' });
		expect(items.map((item) => item.json.referenceId)).toEqual(['OK-0', 'OK-2']);
		expect(errorItems).toHaveLength(1);
		expect(errorItems[0].json.error).toMatchObject({ message: expect.stringMatching(/^Item 2 \(index 1\): Amount/), notSent: true });
		expect(env.createRequests()).toBe(0);
	});

	it('with Retry On Fail, tries again and still sends nothing', async () => {
		const { error } = await env.run(bulk(), [row('BAD-1', '999966660001', 'x')], { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 });
		expect(error?.message).toMatch(/^Preview: 1 of 1 item\(s\) are invalid/);
		expect(env.createRequests()).toBe(0);
	});

	it('warns, without refusing, when the same account and amount appear under two Reference IDs', async () => {
		const input = [row('DUP-A'), row('DUP-B'), row('OTHER', '999966660002')];
		const out = jsonOf(await env.run(bulk(), input));
		expect(out[0].warning).toMatch(/^Same account and amount as item 2 \(index 1\) \(Reference ID DUP-B\)/);
		expect(out[1].warning).toMatch(/item 1 \(index 0\) \(Reference ID DUP-A\)/);
		expect(out[2].warning).toBeNull();
		expect(out[0].batch).toMatchObject({ repeatedAccountAndAmount: 2, approval: expect.any(String) });
	});

	it('compares the total with one balance read when asked, and never adds fees', async () => {
		const out = jsonOf(await env.run(bulk({ previewCheckBalance: true }), rows(3)));
		expect(out[0].batch).toMatchObject({ balance: { available: '1000000000.00', enough: true, feesIncluded: false } });
		expect(env.requestCount('balance')).toBe(1);
		env.sandbox.reset();
		const big = Array.from({ length: 5 }, (_, i) => row(`BIG-${i}`, `9999666600${i}`, 250000000));
		const short = jsonOf(await env.run(bulk({ previewCheckBalance: true }), big));
		expect(short[0].batch).toMatchObject({ total: '1250000000', balance: { enough: false } });
		expect(env.createRequests()).toBe(0);
	});

	it('refuses a preview switch set by an expression (it could turn one run into a payment), nothing sent', async () => {
		const { error } = await env.run(bulk({ previewOnly: '={{ $json.pay !== true }}' }), [row('EXPR-1')]);
		expect(error?.message).toMatch(/"Preview Only \(Send Nothing\)" must be switched on or off in the node, not set by an expression/);
		expect(env.createRequests()).toBe(0);
	});

	it('reports a row whose mapped expression fails (n8n gives no value) next to the other invalid rows', async () => {
		const parameters = bulk({ amount: '={{ JSON.parse($json.raw).amount }}' });
		const input = [{ ...row('EX-0'), raw: '{"amount":150000}' }, { ...row('EX-1'), raw: 'not json' }, { ...row('EX-2'), raw: '{"amount":"x"}' }];
		const { error } = await env.run(parameters, input);
		expect(error?.message).toBe('Preview: 2 of 3 item(s) are invalid. Nothing was sent: fix them and preview again.');
		expect(error?.description).toMatch(/^Item 2 \(index 1\): Amount is missing\. Item 3 \(index 2\): Amount must be a whole number/);
		expect(env.createRequests()).toBe(0);
	});

	it('stops at a bad option as a payment does, naming it, with nothing sent', async () => {
		const { error } = await env.run(bulk({}, { chunkSize: 5000 }), rows(2));
		expect(error?.message).toMatch(/^Item 1 \(index 0\): Option "Bulk Request Size"/);
		expect(env.createRequests()).toBe(0);
	});
});
