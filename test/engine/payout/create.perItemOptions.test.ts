/**
 * Payout → Create options given as expressions, read per item: each item's value is parsed
 * strictly (a bad one stops the run naming that item); amount limits and the unlisted-channel
 * switch apply per item; what shapes one request (attempts, delay, timeout, key, size) must agree inside
 * one bulk request, or the run stops naming both items before anything is sent.
 */
import type { GenericValue, IDataObject } from 'n8n-workflow';

import { createByChannel, payoutsOf, row, usePivotEnv } from '../support/pivotEnv';

const FAST = { retryDelaySeconds: 0.01, timeoutSeconds: 5 };

const env = usePivotEnv();

const paidReferences = () => env.sandbox.payouts().map((p) => p.referenceId);

describe('options given as expressions are parsed per item', () => {
	// [option, value for items 0 and 1, value for item 2, label, send as]
	const PER_ITEM: Array<[string, GenericValue, GenericValue, string, 'perItem' | 'bulk']> = [
		['minAmount', 10000, 'none', 'Minimum Amount', 'perItem'],
		['maxAmount', 250000000, 'none', 'Maximum Amount', 'perItem'],
		['maxAmount', 250000000, '250.000.000', 'Maximum Amount', 'bulk'],
		['maxAmount', '250000000', '', 'Maximum Amount', 'bulk'],
		['maxAttempts', 3, 'x', 'Attempts on No Answer', 'perItem'],
		['retryDelaySeconds', 0.01, 'soon', 'Retry Delay (Seconds)', 'perItem'],
		['timeoutSeconds', 5, 301, 'Timeout (Seconds)', 'bulk'],
		['chunkSize', 1000, 2.5, 'Bulk Request Size', 'bulk'],
	];

	it.each(PER_ITEM.map((c) => [`${c[0]} = ${JSON.stringify(c[2])} on item 2 (${c[4]})`, ...c] as const))(
		'%s → error names item 2, nothing sent',
		async (_name, key, good, bad, label, sendAs) => {
			const input = [0, 1, 2].map((i) => ({ ...row(`EXPR-${key}-${sendAs}-${i}`), opt: i === 2 ? bad : good }));
			const options = { ...FAST, [key]: '={{ $json.opt }}' };
			const { error } = await env.run(createByChannel({ sendAs, options }), input);
			expect(error?.message).toMatch(/^Item 3 \(index 2\): /);
			expect(error?.message).toContain(label);
			expect(env.createRequests()).toBe(0);
		},
	);

	it('a per-item Idempotency Key that is too short on item 2 → error names item 2, nothing sent', async () => {
		const keys = ['PerItemKey0000000000A0', 'PerItemKey0000000000A1', 'short'];
		const input = keys.map((key, i) => ({ ...row(`EXPR-KEY-${i}`), key }));
		const { error } = await env.run(createByChannel({ options: { ...FAST, requestId: '={{ $json.key }}' } }), input);
		expect(error?.message).toMatch(/^Item 3 \(index 2\): /);
		expect(error?.message).toContain('Idempotency Key');
		expect(env.createRequests()).toBe(0);
	});

	it('Maximum Amount = {{ "none" }} as a whole-collection expression is refused, not read as "no cap"', async () => {
		const { error } = await env.run(createByChannel({ options: { ...FAST, maxAmount: '={{ "none" }}' } }), [row('EXPR-NONE')]);
		expect(error?.message).toMatch(/^Item 1 \(index 0\): Option "Maximum Amount"/);
		expect(env.createRequests()).toBe(0);
	});

	it('control: well-formed values given as text by expressions are accepted and applied', async () => {
		const options = { ...FAST, minAmount: '={{ "10000" }}', maxAmount: '={{ "200000" }}', maxAttempts: '={{ "2" }}' };
		const ok = await env.run(createByChannel({ options }), [row('CTRL-OK')]);
		expect(ok.error).toBeUndefined();
		expect(payoutsOf(env.sandbox, 'CTRL-OK')).toHaveLength(1);
		const over = await env.run(createByChannel({ options }), [row('CTRL-OVER', '999966660001', '200001')]);
		expect(over.error?.message).toMatch(/Item 1 \(index 0\): Amount .*above the maximum of Rp 200,000/);
		expect(payoutsOf(env.sandbox, 'CTRL-OVER')).toHaveLength(0);
	});
});

describe('Minimum / Maximum Amount as an expression apply to each item', () => {
	// [case, option, per-item values, amounts, item refused (or null), expected message]
	const CASES: Array<[string, string, number[], number[], number | null, RegExp]> = [
		['item 2 has its own lower cap', 'maxAmount', [500000, 500000, 100000], [150000, 150000, 150000], 2, /above the maximum of Rp 100,000/],
		['item 1 has its own higher minimum', 'minAmount', [10000, 200000, 10000], [150000, 150000, 150000], 1, /below the minimum of Rp 200,000/],
		['item 0 has the lowest cap (the others are above it but within their own)', 'maxAmount', [100000, 400000, 400000], [90000, 300000, 350000], null, /./],
		['item 0 has the highest minimum (the others are below it but above their own)', 'minAmount', [100000, 10000, 10000], [150000, 20000, 30000], null, /./],
	];

	it.each(CASES.flatMap(([name, ...rest]) => (['perItem', 'bulk'] as const).map((sendAs) => [`${name} (${sendAs})`, sendAs, ...rest] as const)))(
		'%s',
		async (_name, sendAs, option, limits, amounts, refused, message) => {
			const input = limits.map((limit, i) => ({ ...row(`LIM-${i}`, '999966660001', amounts[i]), limit }));
			const { error } = await env.run(createByChannel({ sendAs, options: { ...FAST, [option]: '={{ $json.limit }}' } }), input);
			if (refused === null) {
				expect(error).toBeUndefined();
				expect(paidReferences().sort()).toEqual(['LIM-0', 'LIM-1', 'LIM-2']);
				expect(env.sandbox.payouts().map((p) => Number(p.amount)).sort((a, b) => a - b)).toEqual([...amounts].sort((a, b) => a - b));
			} else {
				expect(error?.message).toMatch(new RegExp(`^Item ${Number(refused) + 1} \\(index ${refused}\\): Amount`));
				expect(error?.message).toMatch(message);
				expect(env.createRequests()).toBe(0);
			}
		},
	);
});

describe('Allow Unlisted Channel Code as an expression applies to each item', () => {
	it.each(['perItem', 'bulk'])('item 1 does not allow NEWBANK although item 0 does → item 1 refused, nothing sent (%s)', async (sendAs) => {
		const input = [
			{ ...row('UNL-0'), allow: true },
			{ ...row('UNL-1'), channelCode: 'NEWBANK', allow: false },
		];
		const { error } = await env.run(createByChannel({ sendAs, allowUnlistedChannel: '={{ $json.allow }}' }), input);
		expect(error?.message).toMatch(/^Item 2 \(index 1\): Channel Code "NEWBANK" is not in Pivot's channel list/);
		expect(env.createRequests()).toBe(0);
	});
});

describe('bulk: an option that shapes the request must be the same for every item of it', () => {
	// [option, value of item 0 (and 2), value of item 1, label]
	const SHAPING: Array<[string, GenericValue, GenericValue, string]> = [
		['maxAttempts', 3, 2, 'Attempts on No Answer'],
		['timeoutSeconds', 5, 6, 'Timeout (Seconds)'],
		['retryDelaySeconds', 0.01, 0.02, 'Retry Delay (Seconds)'],
		['requestId', 'BulkKeySame00000000001', 'BulkKeyOther0000000002', 'Idempotency Key'],
	];

	it.each(SHAPING)('%s differs between item 0 and item 1 → error naming both, nothing sent', async (option, first, other, label) => {
		const input = [0, 1, 2].map((i) => ({ ...row(`SHAPE-${i}`), value: i === 1 ? other : first }));
		const { error, items } = await env.run(createByChannel({ sendAs: 'bulk', options: { ...FAST, [option]: '={{ $json.value }}' } }), input);
		expect(items).toHaveLength(0);
		expect(error?.message).toMatch(/^Item 2 \(index 1\): /);
		expect(error?.message).toContain(label);
		expect(error?.message).toMatch(/item 1 \(index 0\) and item 2 \(index 1\)/);
		expect(env.createRequests()).toBe(0);
	});

	it('Bulk Request Size differing between items → error, nothing sent', async () => {
		const input = [0, 1, 2, 3].map((i) => ({ ...row(`SIZE-${i}`), size: i === 3 ? 3 : 2 }));
		const { error } = await env.run(createByChannel({ sendAs: 'bulk', options: { ...FAST, chunkSize: '={{ $json.size }}' } }), input);
		expect(error?.message).toMatch(/^Item 4 \(index 3\): /);
		expect(error?.message).toContain('Bulk Request Size');
		expect(env.createRequests()).toBe(0);
	});

	it('items in different requests may differ (Bulk Request Size 2: items 0–1 and 2–3 each agree)', async () => {
		const input = [0, 1, 2, 3].map((i) => ({ ...row(`SPLIT-${i}`), attempts: i < 2 ? 3 : 2 }));
		const { error, items } = await env.run(
			createByChannel({ sendAs: 'bulk', options: { ...FAST, chunkSize: 2, maxAttempts: '={{ $json.attempts }}' } }),
			input,
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(4);
		expect(env.createRequests()).toBe(2);
		expect(paidReferences().sort()).toEqual(['SPLIT-0', 'SPLIT-1', 'SPLIT-2', 'SPLIT-3']);
	});
});

describe('one request per item: options may differ freely', () => {
	it.each<[string, GenericValue[]]>([
		['maxAttempts', [3, 1, 2]],
		['timeoutSeconds', [5, 7, 9]],
		['requestId', ['PerItemOwnKey000000001', 'PerItemOwnKey000000002', 'PerItemOwnKey000000003']],
	])('%s differing per item → every item paid with its own request', async (option, values) => {
		const input = values.map((value, i) => ({ ...row(`FREE-${option}-${i}`), value }));
		const { error, items } = await env.run(createByChannel({ options: { ...FAST, [option]: '={{ $json.value }}' } }), input);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(env.createRequests()).toBe(3);
		expect(paidReferences()).toHaveLength(3);
		if (option === 'requestId') {
			const keys = env.sandbox.requests().filter((r) => r.route === 'createPayout').map((r) => r.xRequestId);
			expect(keys).toEqual(values);
		}
	});

	it('the same Idempotency Key for two per-item requests is refused before anything is sent', async () => {
		const input: IDataObject[] = [row('DUPKEY-0'), row('DUPKEY-1')];
		const { error } = await env.run(createByChannel({ options: { ...FAST, requestId: 'SameKeyForBoth00000001' } }), input);
		expect(error?.message).toMatch(/^Item 2 \(index 1\): .*Idempotency Key/);
		expect(env.createRequests()).toBe(0);
	});
});
