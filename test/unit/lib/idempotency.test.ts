import { createHash } from 'crypto';

import { canonicalJson, deriveRequestId, isValidRequestId, payoutRequestId } from '../../../nodes/lib/idempotency';

const body = {
	payouts: [
		{ referenceId: 'INV-1', channelCode: 'BCA', channelInformation: { accountNumber: '1', accountName: 'A' }, amount: { value: '10000', currency: 'IDR' } },
	],
};

describe('X-REQUEST-ID derivation', () => {
	it('is the same for the same body, whatever the key order', () => {
		const reordered = {
			payouts: [
				{ amount: { currency: 'IDR', value: '10000' }, channelInformation: { accountName: 'A', accountNumber: '1' }, channelCode: 'BCA', referenceId: 'INV-1' },
			],
		};
		expect(deriveRequestId(reordered)).toBe(deriveRequestId(body));
		expect(canonicalJson(reordered)).toBe(canonicalJson(body));
	});

	it('changes when any field changes', () => {
		const other = JSON.parse(JSON.stringify(body));
		other.payouts[0].amount.value = '10001';
		expect(deriveRequestId(other)).not.toBe(deriveRequestId(body));
	});

	it("fits Pivot's alphabet and length", () => {
		const key = deriveRequestId(body);
		expect(key).toMatch(/^[a-f0-9]{32}$/);
		expect(isValidRequestId(key)).toBe(true);
	});

	it.each([
		['abcdefghijklmnop', true],
		['a'.repeat(36), true],
		['abcdefghijklmno', false],
		['a'.repeat(37), false],
		['0b2a-4c4e-8d8f-1a2b3c4d', false],
		['abcdefghijklmnop_', false],
	])('checks %p → %p', (key, valid) => {
		expect(isValidRequestId(key)).toBe(valid);
	});
});

/** The first implementation, kept as the reference: the keys it derived are in use (24 h window). */
function referenceCanonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(referenceCanonicalJson).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const entries = Object.keys(value as Record<string, unknown>)
			.filter((key) => (value as Record<string, unknown>)[key] !== undefined)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${referenceCanonicalJson((value as Record<string, unknown>)[key])}`);
		return `{${entries.join(',')}}`;
	}
	return JSON.stringify(value);
}

describe('canonicalJson is byte-identical to the first implementation', () => {
	let seed = 42;
	const random = () => {
		seed = (seed * 1103515245 + 12345) % 2 ** 31;
		return seed / 2 ** 31;
	};
	const keys = ['a', 'b', 'B', '10', '9', '-1', '1.5', 'é', 'key with space', '"quoted"', 'amount', 'referenceId', ''];
	function randomValue(depth: number): unknown {
		const r = random();
		if (depth > 3 || r < 0.3) {
			const leaves = [null, undefined, 0, -0, 1.5, -20, 1e21, NaN, true, false, '', 'text', 'ünïcode "q" \\ \n', '150000'];
			return leaves[Math.floor(random() * leaves.length)];
		}
		if (r < 0.6) return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(depth + 1));
		const object: Record<string, unknown> = {};
		for (let i = Math.floor(random() * 5); i > 0; i--) object[keys[Math.floor(random() * keys.length)]] = randomValue(depth + 1);
		return object;
	}

	it('on 5,000 random values (nested objects and arrays, undefined, NaN, unicode, numeric keys)', () => {
		for (let i = 0; i < 5000; i++) {
			const value = randomValue(0);
			expect(canonicalJson(value)).toBe(referenceCanonicalJson(value));
		}
	});

	it('on a bulk body of 1,000 payouts, and its X-REQUEST-ID is unchanged', () => {
		const bulk = {
			payouts: Array.from({ length: 1000 }, (_, i) => ({
				referenceId: `INV-${i}`,
				channelCode: 'BRI',
				channelInformation: { accountNumber: '999966660001', accountName: 'Dummy Simulation' },
				amount: { value: String(10000 + i), currency: 'IDR' },
				description: i % 2 ? 'Salary' : undefined,
			})),
		};
		expect(canonicalJson(bulk)).toBe(referenceCanonicalJson(bulk));
		expect(deriveRequestId(body)).toBe(createHash('sha256').update(referenceCanonicalJson(body)).digest('hex').slice(0, 32));
	});

	it('keeps the edge cases of the first version (values that are not plain JSON)', () => {
		const sparse: unknown[] = [1];
		sparse[3] = 2;
		const odd: unknown[] = [
			{ f: () => 1, list: [undefined, () => 1, null] },
			{ date: new Date(0), map: new Map([['a', 1]]), big: [Symbol('s')] },
			JSON.parse('{"__proto__": {"x": 1}, "b": 2}'),
			{ 2: 'two', 10: 'ten', a: 'a', '01': 'zero-one' },
			Object.create(null),
			{ nested: { toJSON: () => 'custom' } },
			sparse,
			[Infinity, -Infinity, NaN, -0, 1e-7, 2 ** 53],
			'plain string',
			42,
			null,
			undefined,
		];
		for (const value of odd) expect(canonicalJson(value)).toBe(referenceCanonicalJson(value));
	});
});


describe('X-REQUEST-ID of a create request', () => {
	const payouts = body.payouts;
	const payer = { clientId: '922e39ab-7565-49f6-b84f-fb56122821ae', subMerchantId: '' };

	it('depends on who pays: another Client ID or Sub-Merchant ID is another request', () => {
		const key = payoutRequestId(payouts, payer);
		expect(payoutRequestId(payouts, { ...payer, clientId: '00000000-7565-49f6-b84f-fb56122821ae' })).not.toBe(key);
		expect(payoutRequestId(payouts, { ...payer, subMerchantId: '5d2f4d6e-9b8a-4c3e-8f1a-2b7c6d5e4f3a' })).not.toBe(key);
		expect(key).not.toBe(deriveRequestId({ payouts }));
	});

	it('reads the IDs as Pivot does, without case or surrounding spaces', () => {
		const sub = '5d2f4d6e-9b8a-4c3e-8f1a-2b7c6d5e4f3a';
		expect(payoutRequestId(payouts, { clientId: ` ${payer.clientId.toUpperCase()} `, subMerchantId: ` ${sub.toUpperCase()}` })).toBe(
			payoutRequestId(payouts, { ...payer, subMerchantId: sub }),
		);
	});

	it("fits Pivot's alphabet and length", () => {
		expect(isValidRequestId(payoutRequestId(payouts, payer))).toBe(true);
	});
});
