/**
 * Payout → Create checks every row before it sends anything: one bad row stops the whole batch
 * naming the item and the field, and no create request reaches the simulator. This covers the
 * shared table of bad rows, account numbers given as JSON numbers that cannot hold every digit,
 * and Reference IDs that a URL path would normalise away.
 */
import { BAD_INPUTS, batchFor, UNSAFE_ACCOUNT_NUMBERS } from '../../fixtures/badInputs';
import { createByChannel, row, usePivotEnv } from '../support/pivotEnv';

const env = usePivotEnv();

describe('Payout → Create: bad input stops the batch before any money moves', () => {
	it.each(BAD_INPUTS.map((c) => [c.name, c] as const))('%s', async (_name, bad) => {
		const params =
			bad.destination === 'inquiry'
				? { ...createByChannel({ sendAs: 'bulk' }), destination: 'inquiry', inquiryId: '={{ $json.inquiryId }}' }
				: createByChannel({ sendAs: 'bulk' });
		const { error } = await env.run(params, batchFor(bad));
		expect(error?.message).toContain(`Item 3 (index 2): ${bad.field}`);
		expect(error?.message).toMatch(bad.message);
		expect(error?.message).toMatch(/Nothing was sent/);
		expect(env.createRequests()).toBe(0);
	});
});

describe('Payout → Create: an account number given as a JSON number', () => {
	it.each(UNSAFE_ACCOUNT_NUMBERS.flatMap((n) => (['perItem', 'bulk'] as const).map((sendAs) => [n, sendAs] as const)))(
		'%p (not a safe integer, %s) → refused naming Account Number, nothing sent',
		async (accountNumber, sendAs) => {
			const { error } = await env.run(createByChannel({ sendAs }), [row('SAFE-0'), { ...row('SAFE-1'), accountNumber }]);
			expect(error?.message).toMatch(/^Item 2 \(index 1\): Account Number/);
			expect(env.createRequests()).toBe(0);
		},
	);

	it.each(['perItem', 'bulk'])('999966660001 as a number (a safe integer, %s) is paid to exactly that account', async (sendAs) => {
		const { error } = await env.run(createByChannel({ sendAs }), [{ ...row('SAFE-NUM'), accountNumber: 999966660001 }]);
		expect(error).toBeUndefined();
		expect(env.sandbox.payouts().map((p) => [p.referenceId, p.accountNumber])).toEqual([['SAFE-NUM', '999966660001']]);
	});
});

describe('Payout → Create: Reference IDs that a URL path would normalise are refused', () => {
	it.each([
		['.', 'perItem'],
		['..', 'perItem'],
		['...', 'bulk'],
		['..', 'bulk'],
	])('Reference ID %p (%s) → refused naming Reference ID, nothing sent', async (referenceId, sendAs) => {
		const { error } = await env.run(createByChannel({ sendAs }), [row('DOT-OK'), row(referenceId)]);
		expect(error?.message).toMatch(/^Item 2 \(index 1\): Reference ID/);
		expect(env.createRequests() + env.requestCount('getPayout')).toBe(0);
	});
});
