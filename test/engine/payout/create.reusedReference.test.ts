/**
 * A reused Reference ID is never reported as a success it is not: Pivot answers 409 "reference
 * exists" and the node compares the existing payout with this item's own destination (for By
 * Inquiry ID: the inquiry's channel and account), amount and final status. Only the same payout is
 * "already paid" (recovered); one that ended FAILED asks for a new Reference ID.
 */
import type { IDataObject } from 'n8n-workflow';

import { expectAtPivot, expectNotPaid } from '../support/moneyMessages';
import { createByChannel, payoutsOf, requestsTo, row, usePivotEnv, validateParams } from '../support/pivotEnv';

const env = usePivotEnv();

let keys = 0;
/** A fresh Idempotency Key, so Pivot judges the Reference ID rather than replaying a request. */
const newKey = () => ({ retryDelaySeconds: 0.01, timeoutSeconds: 5, requestId: `ReusedRefKey${String(++keys).padStart(12, '0')}` });

async function inquiryFor(channelCode: string, accountNumber: string): Promise<string> {
	const { items, error } = await env.run(validateParams(accountNumber, 'Dummy Simulation', {}, channelCode));
	expect(error).toBeUndefined();
	expect(items[0].json.status).toBe('VALID');
	return items[0].json.inquiryId as string;
}

const byInquiry = (inquiryId: string, referenceId: string, amount = '150000'): IDataObject => ({
	...createByChannel({ options: newKey() }),
	destination: 'inquiry',
	inquiryId,
	amount,
	referenceId,
	description: '',
});

const payoutsWith = (referenceId: string) => payoutsOf(env.sandbox, referenceId);
const neverRecovered = (result: { run: { data: { resultData: unknown } } }) =>
	expect(JSON.stringify(result.run.data.resultData)).not.toMatch(/"recovered":true/);

describe('a Reference ID paid by an earlier run', () => {
	it('sent again to the same destination and amount (key window over) → already paid; otherwise taken', async () => {
		expect((await env.run(createByChannel(), [row('OLD-1')])).error).toBeUndefined();
		const other = await env.run(createByChannel({ options: newKey() }), [row('OLD-1')]);
		expect(other.error).toBeUndefined();
		expect(other.items[0].json).toMatchObject({ referenceId: 'OLD-1', recovered: true });
		const taken = await env.run(createByChannel({ options: newKey() }), [row('OLD-1', '999966660001', '99999')]);
		expect(taken.error?.description).toMatch(/Reference IDs used by a different payout at Pivot \(another destination or amount; not paid: give this payout a new Reference ID\): OLD-1\./);
		expect(env.sandbox.payouts()).toHaveLength(1);
	});

	it('sent again in a bulk list with new rows → says which rows were already paid and which are not at Pivot', async () => {
		expect((await env.run(createByChannel(), [row('MIX-A')])).error).toBeUndefined();
		const { error } = await env.run(createByChannel({ sendAs: 'bulk' }), [row('MIX-A'), row('MIX-B'), row('MIX-C')]);
		expect(error?.description).toMatch(/already paid to the same destination and amount: MIX-A; not at Pivot \(looked up: none found\): MIX-B, MIX-C\./);
		expect(env.sandbox.payouts().map((p) => p.referenceId)).toEqual(['MIX-A']);
	});
});

describe('paid by channel, then sent By Inquiry ID under the same Reference ID → "already at Pivot", never a success nor "not paid"', () => {
	// [case, inquiry channel, inquiry account]
	it.each([
		['the inquiry is for another account (same channel)', 'BRI', '999966660003'],
		['the inquiry is for the same account at another channel', 'BCA', '999966660001'],
		['the inquiry is for another account at another channel', 'BCA', '999966660004'],
		// Pivot's inquiry answer documents neither channel nor account: another inquiry, even for the
		// very account paid, cannot be proved the same or different, so the item fails as "already
		// at Pivot", showing what Pivot holds, so that nobody pays it again under a new Reference ID.
		['another inquiry for the very account paid (cannot be matched)', 'BRI', '999966660001'],
	] as const)('%s', async (_name, channelCode, accountNumber) => {
		const first = await env.run(createByChannel(), [row('REUSE-1')]);
		expect(first.error).toBeUndefined();
		const inquiryId = await inquiryFor(channelCode, accountNumber);
		const again = await env.run(byInquiry(inquiryId, 'REUSE-1'));
		expect(requestsTo(env.sandbox, 'createPayout').map((r) => r.status)).toEqual([200, 409]);
		expect(again.items).toHaveLength(0);
		expectAtPivot(again.error, /already at Pivot but cannot be matched to this inquiry .*: REUSE-1 \((APPROVED|SUCCESS), Rp 150,000 to BRI 999966660001\)/);
		neverRecovered(again);
		// Whatever the answer, the simulator holds exactly the first payout, to the first account.
		expect(payoutsWith('REUSE-1')).toEqual([expect.objectContaining({ accountNumber: '999966660001', channelCode: 'BRI' })]);
	});

	it('with Continue On Fail the item is marked "atPivot", not recovered and not "not paid"', async () => {
		expect((await env.run(createByChannel(), [row('REUSE-COF')])).error).toBeUndefined();
		const inquiryId = await inquiryFor('BRI', '999966660003');
		const { items } = await env.run(byInquiry(inquiryId, 'REUSE-COF'), [{}], { onError: 'continueRegularOutput' });
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ paymentOutcome: 'atPivot', notSent: false });
		expect(items[0].json.error).toEqual(expect.any(String));
		expect(items[0].json.recovered).toBeUndefined();
		expect(payoutsWith('REUSE-COF')).toHaveLength(1);
	});
});

describe('the same inquiry sent again under the same Reference ID', () => {
	it('with a new Idempotency Key → recovered: the existing payout, nothing paid twice', async () => {
		const inquiryId = await inquiryFor('BCA', '999966660001');
		const first = await env.run(byInquiry(inquiryId, 'INQ-AGAIN'));
		expect(first.error).toBeUndefined();
		const again = await env.run(byInquiry(inquiryId, 'INQ-AGAIN'));
		expect(again.error).toBeUndefined();
		expect(again.items[0].json).toMatchObject({ referenceId: 'INQ-AGAIN', recovered: true, inquiryId });
		// A look-up by Reference ID does not return the request UUID: null rather than a guess.
		expect([first.items[0].json.requestUuid, null]).toContain(again.items[0].json.requestUuid);
		expect(again.items[0].json.status).toBe(payoutsWith('INQ-AGAIN')[0].status);
		expect(payoutsWith('INQ-AGAIN')).toHaveLength(1);
	});

	it('with another amount → not paid, the Reference ID is taken', async () => {
		const inquiryId = await inquiryFor('BCA', '999966660001');
		expect((await env.run(byInquiry(inquiryId, 'INQ-AMOUNT'))).error).toBeUndefined();
		const again = await env.run(byInquiry(inquiryId, 'INQ-AMOUNT', '150001'));
		expect(again.error?.description).toMatch(/used by a different payout at Pivot.*INQ-AMOUNT/);
		expect(payoutsWith('INQ-AMOUNT').map((p) => p.amount)).toEqual(['150000']);
	});
});

describe('a Reference ID whose earlier payout ended FAILED is not "already paid"', () => {
	/** Pays `reference` to the Inactive account (…0002) and waits until the simulator has it FAILED. */
	const failedEarlier = async (reference: string, account = '999966660002', sendAs = 'perItem') => {
		expect((await env.run(createByChannel({ sendAs }), [row(reference, account)])).error).toBeUndefined();
		await env.sandbox.waitForSettled();
		expect(payoutsWith(reference)[0].status).toBe('FAILED');
	};

	// 999966660002 (Inactive account), …0003 (Invalid account), …0006 (Dormant account) end FAILED.
	it.each([
		['perItem', '999966660002'],
		['perItem', '999966660006'],
		['bulk', '999966660003'],
	])('%s, account %s: re-sent with a new key → error saying FAILED and "new Reference ID"', async (sendAs, account) => {
		const reference = `FAILED-${sendAs}-${account}`;
		await failedEarlier(reference, account, sendAs);
		const again = await env.run(createByChannel({ sendAs, options: newKey() }), [row(reference, account)]);
		expect(again.items).toHaveLength(0);
		expectNotPaid(again.error, /FAILED, CANCELLED or REJECTED/, /new Reference ID/);
		neverRecovered(again);
		expect(payoutsWith(reference)).toHaveLength(1);
	});

	it('re-sent with no fault → "(not paid)", asking for a new Reference ID', async () => {
		await failedEarlier('OLDFAIL-A');
		const { items, error } = await env.run(createByChannel({ options: newKey() }), [row('OLDFAIL-A', '999966660002')]);
		expect(items).toHaveLength(0);
		expectNotPaid(error, /new Reference ID/);
	});

	// The first create gets a 503 (nothing stored) and the look-up finds the earlier FAILED payout;
	// the resend then gets 409. That FAILED payout is not this request's own: still "(not paid)".
	it('re-sent with one transient 503 on the create → still "(not paid)", not a recovered success', async () => {
		await failedEarlier('OLDFAIL-B');
		env.sandbox.setFault({ route: 'createPayout', kind: 'status', status: 503, count: 1 });
		const { items, error } = await env.run(createByChannel({ options: newKey() }), [row('OLDFAIL-B', '999966660002')]);
		expect(items).toHaveLength(0);
		expectNotPaid(error, /new Reference ID/);
	});
});
