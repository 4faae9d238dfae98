/**
 * A reused Reference ID is never reported as a success it is not: Pivot
 * answers 409 "reference exists" and the node compares the existing payout with this item's own
 * destination (for By Inquiry ID: the inquiry's channel and account) and its final status.
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

let keys = 0;
/** A fresh Idempotency Key, so Pivot judges the Reference ID rather than replaying a request. */
const newKey = () => ({ retryDelaySeconds: 0.01, timeoutSeconds: 5, requestId: `ReusedRefKey${String(++keys).padStart(12, '0')}` });

async function inquiryFor(channelCode: string, accountNumber: string): Promise<string> {
	const { items, error } = await env.run({
		resource: 'inquiry',
		operation: 'validate',
		channelCode: { __rl: true, mode: 'list', value: channelCode },
		accountNumber,
		accountName: 'Dummy Simulation',
		options: { pollIntervalSeconds: 0.1 },
	});
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

const payoutsOf = (referenceId: string) => env.sandbox.payouts().filter((p) => p.referenceId === referenceId);

describe('paid by channel, then sent By Inquiry ID under the same Reference ID → not a success', () => {
	// [case, inquiry channel, inquiry account]
	it.each([
		['the inquiry is for another account (same channel)', 'BRI', '999966660003'],
		['the inquiry is for the same account at another channel', 'BCA', '999966660001'],
		['the inquiry is for another account at another channel', 'BCA', '999966660004'],
		// Pivot's inquiry answer documents neither channel nor account (README "Money safety"): another
		// inquiry, even for the very account paid, cannot be proved the same and is an error.
		['another inquiry for the very account paid (cannot be matched)', 'BRI', '999966660001'],
	] as const)('%s', async (_name, channelCode, accountNumber) => {
		const first = await env.run(createByChannel(), [row('REUSE-1')]);
		expect(first.error).toBeUndefined();
		const inquiryId = await inquiryFor(channelCode, accountNumber);
		const again = await env.run(byInquiry(inquiryId, 'REUSE-1'));
		expect(env.sandbox.requests().filter((r) => r.route === 'createPayout').map((r) => r.status)).toEqual([200, 409]);
		expect(again.items).toHaveLength(0);
		expect(again.error?.message).toMatch(/\(not paid\)$/);
		expect(again.error?.description).toMatch(/used by a different payout at Pivot/);
		expect(JSON.stringify(again.run.data.resultData)).not.toMatch(/"recovered":true/);
		// Whatever the answer, the simulator holds exactly the first payout, to the first account.
		expect(payoutsOf('REUSE-1')).toEqual([expect.objectContaining({ accountNumber: '999966660001', channelCode: 'BRI' })]);
	});

	it('with Continue On Fail the mismatch is an error item, not a recovered payout', async () => {
		expect((await env.run(createByChannel(), [row('REUSE-COF')])).error).toBeUndefined();
		const inquiryId = await inquiryFor('BRI', '999966660003');
		const { items } = await env.run(byInquiry(inquiryId, 'REUSE-COF'), [{}], { onError: 'continueRegularOutput' });
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ paymentOutcome: 'notPaid', notSent: false });
		expect(items[0].json.error).toEqual(expect.any(String));
		expect(items[0].json.recovered).toBeUndefined();
		expect(payoutsOf('REUSE-COF')).toHaveLength(1);
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
		expect(again.items[0].json.status).toBe(payoutsOf('INQ-AGAIN')[0].status);
		expect(payoutsOf('INQ-AGAIN')).toHaveLength(1);
	});

	it('with another amount → not paid, the Reference ID is taken', async () => {
		const inquiryId = await inquiryFor('BCA', '999966660001');
		expect((await env.run(byInquiry(inquiryId, 'INQ-AMOUNT'))).error).toBeUndefined();
		const again = await env.run(byInquiry(inquiryId, 'INQ-AMOUNT', '150001'));
		expect(again.error?.description).toMatch(/used by a different payout at Pivot.*INQ-AMOUNT/);
		expect(payoutsOf('INQ-AMOUNT').map((p) => p.amount)).toEqual(['150000']);
	});
});

describe('a Reference ID whose earlier payout ended FAILED is not "already paid"', () => {
	// 999966660002 (Inactive account), …0003 (Invalid account), …0006 (Dormant account) end FAILED.
	it.each([
		['perItem', '999966660002'],
		['perItem', '999966660006'],
		['bulk', '999966660003'],
	])('%s, account %s: re-sent with a new key → error saying FAILED and "new Reference ID"', async (sendAs, account) => {
		const reference = `FAILED-${sendAs}-${account}`;
		expect((await env.run(createByChannel({ sendAs }), [row(reference, account)])).error).toBeUndefined();
		await env.sandbox.waitForSettled();
		expect(payoutsOf(reference)[0].status).toBe('FAILED');
		const again = await env.run(createByChannel({ sendAs, options: newKey() }), [row(reference, account)]);
		expect(again.items).toHaveLength(0);
		expect(again.error?.message).toMatch(/\(not paid\)$/);
		expect(again.error?.description).toMatch(/FAILED, CANCELLED or REJECTED/);
		expect(again.error?.description).toMatch(/new Reference ID/);
		expect(JSON.stringify(again.run.data.resultData)).not.toMatch(/"recovered":true/);
		expect(payoutsOf(reference)).toHaveLength(1);
	});
});
