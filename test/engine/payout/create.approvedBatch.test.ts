/**
 * Payout → Create bound to an approved preview: with the approval value, exactly the previewed
 * batch is paid under the previewed X-REQUEST-IDs; any change to any part of it (amount, account,
 * reference, description, the split into requests, the credential's account) is refused for the
 * whole batch with nothing sent to the simulator, under each On Error setting.
 */
import type { IDataObject } from 'n8n-workflow';

import { Pivot } from '../../../nodes/Pivot/Pivot.node';
import { EngineHarness, sandboxCredentials } from '../support/harness';
import { createByChannel, payoutCounts, PIVOT, row, usePivotEnv, validateParams } from '../support/pivotEnv';

const env = usePivotEnv();

const rows = () => [row('AP-0', '999966660001', 150000), row('AP-1', '999966660002', 250000), row('AP-2', '999966660003', 50000)];
const params = (sendAs: string, extra: IDataObject = {}, options: IDataObject = {}) =>
	createByChannel({ sendAs, ...extra, options: { retryDelaySeconds: 0.01, timeoutSeconds: 5, ...options } });

/** Previews the rows and returns the approval value and the previewed keys. */
async function previewOf(parameters: IDataObject, input: IDataObject[]) {
	const result = await env.run({ ...parameters, previewOnly: true }, input);
	expect(result.error).toBeUndefined();
	const batch = result.items[0].json.batch as IDataObject;
	return { approval: batch.approval as string, keys: [...new Set(result.items.map((item) => item.json.requestId as string))] };
}

const sentKeys = () => env.sandbox.requests().filter((r) => r.route === 'createPayout').map((r) => r.xRequestId);

describe.each([
	['bulk', 'bulk', { chunkSize: 2 }],
	['one request per item', 'perItem', {}],
])('Approved Batch, %s, By Channel', (_name, sendAs, options) => {
	it('pays exactly the previewed batch, once, under the previewed X-REQUEST-IDs', async () => {
		const { approval, keys } = await previewOf(params(sendAs, {}, options), rows());
		const paid = await env.run(params(sendAs, { approvedBatch: approval }, options), rows());
		expect(paid.error).toBeUndefined();
		expect(paid.items.map((item) => item.json.referenceId)).toEqual(['AP-0', 'AP-1', 'AP-2']);
		expect(sentKeys()).toEqual(keys);
		expect([...payoutCounts(env.sandbox).entries()]).toEqual([['AP-0', 1], ['AP-1', 1], ['AP-2', 1]]);
	});

	// Every row has four entries: jest reads a shorter row's missing argument as a done() callback.
	const tamper: Array<[string, (input: IDataObject[]) => IDataObject[], IDataObject | undefined, RegExp | undefined]> = [
		['an amount', (input) => input.map((r, i) => (i === 1 ? { ...r, amount: 250001 } : r)), undefined, /approved 3 payout\(s\) totalling Rp 450,000 .*now 3 payout\(s\) totalling Rp 450,001/],
		['an account number', (input) => input.map((r, i) => (i === 2 ? { ...r, accountNumber: '999966669999' } : r)), undefined, /the count and total are the same, so an account/],
		['an account name', (input) => input.map((r, i) => (i === 0 ? { ...r, accountName: 'Someone Else' } : r)), undefined, undefined],
		['a Reference ID', (input) => input.map((r, i) => (i === 0 ? { ...r, referenceId: 'AP-0b' } : r)), undefined, undefined],
		['a description', (input) => input.map((r, i) => (i === 0 ? { ...r, description: 'Other text' } : r)), undefined, undefined],
		['a row added', (input) => [...input, row('AP-3', '999966660004', 10000)], undefined, /now 4 payout\(s\) totalling Rp 460,000/],
		['a row removed', (input) => input.slice(0, 2), undefined, /now 2 payout\(s\)/],
		['the row order', (input) => [input[1], input[0], input[2]], undefined, undefined],
		['the Idempotency Key option', (input) => input, { requestId: 'OTHERKEY00000000001' }, undefined],
	];
	// A single Idempotency Key cannot serve several per-item requests: that case is a bulk one.
	const cases = sendAs === 'bulk' ? tamper : tamper.filter(([what]) => !what.includes('Idempotency'));
	it.each(cases)('refuses the whole batch when %s changed after approval: 0 requests sent', async (_what, edit, changedOptions, message) => {
		const { approval } = await previewOf(params(sendAs, {}, options), rows());
		// One key for the whole batch: one request of the three rows.
		const extra = changedOptions ? { ...changedOptions, chunkSize: 3 } : options;
		const { error } = await env.run(params(sendAs, { approvedBatch: approval }, extra), edit(rows()));
		expect(error?.message).toMatch(/^The batch is not the one approved: approved 3 payout\(s\)/);
		expect(error?.message).toMatch(/\. Nothing was sent\.$/);
		if (message) expect(error?.message).toMatch(message);
		expect(env.createRequests()).toBe(0);
	});
});

describe('Approved Batch: what else binds', () => {
	it('refuses another split into requests (Bulk Request Size) and per item instead of bulk', async () => {
		const { approval } = await previewOf(params('bulk', {}, { chunkSize: 2 }), rows());
		const resized = await env.run(params('bulk', { approvedBatch: approval }, { chunkSize: 3 }), rows());
		expect(resized.error?.message).toMatch(/the count and total are the same/);
		const perItem = await env.run(params('perItem', { approvedBatch: approval }), rows());
		expect(perItem.error?.message).toMatch(/not the one approved/);
		expect(env.createRequests()).toBe(0);
	});

	it.each([
		['another Sub-Merchant ID', { subMerchantId: '5d2f4d6e-9b8a-4c3e-8f1a-2b7c6d5e4f3a' }],
		['another Client ID', { clientId: 'another-client' }],
		['another base URL', { baseUrl: 'http://localhost:1' }],
	])('refuses the batch approved for one account when the credential now names %s', async (_name, change) => {
		const { approval } = await previewOf(params('bulk'), rows());
		const other = new EngineHarness({ ...sandboxCredentials(env.sandbox.url, env.sandbox.merchants[0]), ...change }, { [PIVOT]: new Pivot() });
		const { error } = await other.run(PIVOT, params('bulk', { approvedBatch: approval }), rows());
		expect(error?.message).toMatch(/the count and total are the same, so an account.*Pivot credential changed/);
		expect(env.createRequests()).toBe(0);
	});

	it('pays By Inquiry ID under the previewed keys, and refuses a changed inquiry ID', async () => {
		const first = await env.run(validateParams('999966660001'));
		const second = await env.run(validateParams('999966660002'));
		const [a, b] = [first, second].map((r) => (r.items[0].json as IDataObject).inquiryId as string);
		const parameters = { ...params('bulk'), destination: 'inquiry', inquiryId: '={{ $json.inquiryId }}' };
		const input = [{ inquiryId: a, amount: 25000, referenceId: 'INQ-A1', description: '' }, { inquiryId: b, amount: 30000, referenceId: 'INQ-B1', description: '' }];
		const { approval, keys } = await previewOf(parameters, input);
		const swapped = await env.run({ ...parameters, approvedBatch: approval }, [{ ...input[0], inquiryId: b }, { ...input[1], inquiryId: a }]);
		expect(swapped.error?.message).toMatch(/not the one approved/);
		expect(env.createRequests()).toBe(0);
		const paid = await env.run({ ...parameters, approvedBatch: approval }, input);
		expect(paid.error).toBeUndefined();
		expect(sentKeys()).toEqual(keys);
		expect(env.sandbox.payouts().map((p) => [p.referenceId, p.inquiryId])).toEqual([['INQ-A1', a], ['INQ-B1', b]]);
	});

	it('with Continue, marks every item "not sent" and pays none', async () => {
		const { approval } = await previewOf(params('bulk'), rows());
		const edited = rows().map((r, i) => (i === 0 ? { ...r, amount: 150001 } : r));
		const { items, error } = await env.run(params('bulk', { approvedBatch: approval }), edited, { onError: 'continueRegularOutput' });
		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json).toMatchObject({ error: expect.stringMatching(/^The batch is not the one approved/), notSent: true, paymentOutcome: 'notPaid' });
		expect(items[1].json).toMatchObject({ error: 'Not sent: the batch is not the one approved.', notSent: true, paymentOutcome: 'notPaid' });
		expect(env.createRequests()).toBe(0);
	});

	it('with the error output, sends every item there and pays none', async () => {
		const { approval } = await previewOf(params('bulk'), rows());
		const { items, errorItems } = await env.run(params('bulk', { approvedBatch: approval }), rows().slice(1), { onError: 'continueErrorOutput' });
		expect(items).toHaveLength(0);
		expect(errorItems).toHaveLength(2);
		expect(errorItems[0].json.error).toMatchObject({ message: expect.stringMatching(/now 2 payout\(s\)/), notSent: true });
		expect(env.createRequests()).toBe(0);
	});

	it('with Retry On Fail, every try refuses and none sends', async () => {
		const { approval } = await previewOf(params('bulk'), rows());
		const { error } = await env.run(params('bulk', { approvedBatch: approval }), rows().slice(1), { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 });
		expect(error?.message).toMatch(/not the one approved/);
		expect(env.createRequests()).toBe(0);
	});

	it('after a paid run, the same approval replays under the same keys and pays nothing twice', async () => {
		const { approval } = await previewOf(params('bulk'), rows());
		await env.run(params('bulk', { approvedBatch: approval }), rows());
		const again = await env.run(params('bulk', { approvedBatch: approval }), rows());
		expect(again.error).toBeUndefined();
		expect([...payoutCounts(env.sandbox).values()]).toEqual([1, 1, 1]);
	});

	const refused: Array<[string, IDataObject, RegExp]> = [
		['the short digest in place of the approval value', { approvedBatch: 'abcdef012345' }, /short digest; only the full approval value/],
		['a value that is no approval', { approvedBatch: 'approved' }, /is not an approval value from a Payout → Create preview/],
		['a value written by the model ($fromAI)', { approvedBatch: "={{ $fromAI('approval') }}" }, /written by an AI agent/],
		['an expression that is empty in this run', { approvedBatch: '={{ $json.nothing }}' }, /set in the node but empty in this run/],
	];
	it.each(refused)('refuses %s: nothing sent', async (_name, extra, message) => {
		const { error } = await env.run(params('bulk', extra), rows());
		expect(error?.message).toMatch(message);
		expect(env.createRequests()).toBe(0);
	});

	it('refuses an approval whose count or total was edited, even with the right digest', async () => {
		const { approval } = await previewOf(params('bulk'), rows());
		const edited = approval.replace(':450000:', ':1:');
		const { error } = await env.run(params('bulk', { approvedBatch: edited }), rows());
		expect(error?.message).toMatch(/The approval value was altered/);
		expect(env.createRequests()).toBe(0);
	});
});
