/**
 * Numbers whose meaning a JSON value or a locale can change are refused before any request:
 * Reference IDs past 2^53 and money options with grouped thousands.
 */
import { createByChannel, row, usePivotEnv } from '../support/pivotEnv';

const env = usePivotEnv();

describe('Payout → Create with numbers that changed meaning', () => {
	it.each(['perItem', 'bulk'] as const)('refuses two Reference IDs that JSON rounded into one (%s), sending nothing', async (sendAs) => {
		// 2^53 and 2^53 + 1: the second arrives as the first.
		const rows = [row('placeholder-0'), row('placeholder-1')].map((r, i) => ({ ...r, referenceId: 9007199254740992 + i }));
		const result = await env.run(createByChannel({ sendAs }), rows);
		expect(result.error?.message).toMatch(/^Item 1 \(index 0\): Reference ID 9007199254740992 is a number that cannot hold every digit exactly/);
		expect(env.createRequests()).toBe(0);
		expect(env.sandbox.payouts()).toHaveLength(0);
	});

	it.each([
		['minAmount', 'Minimum Amount', '50.000'],
		['maxAmount', 'Maximum Amount', '250.000.000'],
	])('refuses option %s (%s) given as "%s" before sending anything', async (key, label, value) => {
		const result = await env.run(createByChannel({ sendAs: 'bulk', options: { [key]: `={{ "${value}" }}` } }), [row('GROUPED-1')]);
		expect(result.error?.message).toContain(`Option "${label}" must be written without thousands separators, got "${value}"`);
		expect(env.createRequests()).toBe(0);
	});
});
