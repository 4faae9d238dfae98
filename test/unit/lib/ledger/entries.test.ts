/**
 * Balance-history entries (nodes/lib/ledger/entries.ts, types.ts): the output shape, both
 * spellings of Pivot's types, the direction table, the dedupe key, and the output order.
 */
import fc from 'fast-check';

import { dedupe, dedupeKey, filterTypes, normaliseEntry, sortByDate, type LedgerEntry } from '../../../../nodes/lib/ledger/entries';
import { directionOf, displayName, TRANSACTION_TYPES, TYPES_BY_BALANCE, typeOfLabel, UNKNOWN_TYPE } from '../../../../nodes/lib/ledger/types';

/** The entry of Pivot's balance-history example (display spellings, number amounts). */
const PIVOT_EXAMPLE = {
	referenceId: 'INV-2024-0001',
	date: '2024-05-13T08:21:45Z',
	settlementDate: '2024-05-14T00:00:00Z',
	settlementStatus: 'SETTLED',
	balanceType: 'Payment Balance',
	channel: 'BCA',
	transactionType: 'VA Payment',
	amount: { value: 150000.5, currency: 'IDR' },
	fee: { value: 4000, currency: 'IDR' },
	createdBy: 'SYSTEM',
	transactionId: 'd6a46a2c-1b26-40c5-9ca3-e063e69635a0',
};

describe('normaliseEntry', () => {
	it("reads Pivot's example: enum type and its label, direction, money as { value, number, currency }", () => {
		expect(normaliseEntry(PIVOT_EXAMPLE)).toEqual({
			date: '2024-05-13T08:21:45Z',
			settlementDate: '2024-05-14T00:00:00Z',
			settlementStatus: 'SETTLED',
			transactionType: 'VA_PAYMENT',
			transactionTypeLabel: 'VA Payment',
			direction: 'credit',
			referenceId: 'INV-2024-0001',
			transactionId: 'd6a46a2c-1b26-40c5-9ca3-e063e69635a0',
			amount: { value: '150000.5', number: 150000.5, currency: 'IDR' },
			fee: { value: '4000', number: 4000, currency: 'IDR' },
			channel: 'BCA',
			balanceType: 'Payment Balance',
			createdBy: 'SYSTEM',
		});
	});

	it('keeps an entry whose type is not in the list: type null, label as sent, never guessed', () => {
		const entry = normaliseEntry({ ...PIVOT_EXAMPLE, transactionType: 'Cashback', amount: { value: '-2500.00' } });
		expect(entry).toMatchObject({ transactionType: null, transactionTypeLabel: 'Cashback', direction: 'debit' });
		expect(entry.amount).toEqual({ value: '-2500.00', number: -2500, currency: 'IDR' });
		expect(normaliseEntry({ transactionType: 'Payout' }).transactionType).toBeNull();
	});

	it('missing or odd fields become null or an empty amount, objects are never turned into text', () => {
		expect(normaliseEntry(null)).toMatchObject({ date: null, transactionType: null, direction: null, amount: { value: '', number: null, currency: 'IDR' } });
		expect(normaliseEntry({ referenceId: { a: 1 }, amount: { value: 'lots' }, date: 42 })).toMatchObject({
			referenceId: null,
			date: '42',
			amount: { value: 'lots', number: null },
		});
	});

	it('property: never throws on random JSON, and always gives the same keys', () => {
		const keys = Object.keys(normaliseEntry(PIVOT_EXAMPLE)).sort();
		fc.assert(
			fc.property(fc.oneof(fc.anything(), fc.jsonValue(), fc.record({ transactionType: fc.anything(), amount: fc.anything(), date: fc.anything() })), (raw) => {
				const entry = normaliseEntry(raw);
				expect(Object.keys(entry).sort()).toEqual(keys);
				expect(typeof dedupeKey(entry)).toBe('string');
			}),
		);
	});
});

describe('transaction types', () => {
	it('every documented type is read in both spellings, and every balance list is in the table', () => {
		for (const type of Object.keys(TRANSACTION_TYPES)) {
			expect(typeOfLabel(type)).toBe(type);
			expect(typeOfLabel(displayName(type))).toBe(type);
			expect(typeOfLabel(` ${displayName(type).toLowerCase()} `)).toBe(type);
		}
		for (const list of Object.values(TYPES_BY_BALANCE)) for (const type of list) expect(TRANSACTION_TYPES).toHaveProperty(type);
		expect(displayName('VA_TOP_UP')).toBe('VA Top Up');
		expect(typeOfLabel('VA Top-Up')).toBe('VA_TOP_UP');
		expect(typeOfLabel('constructor')).toBeNull();
		expect(typeOfLabel(undefined)).toBeNull();
	});

	it('direction: from the type; for a type that does not tell, a negative amount is a debit, else null', () => {
		expect(directionOf('DISBURSEMENT', 100)).toBe('debit');
		expect(directionOf('VA_TOP_UP', 100)).toBe('credit');
		expect(directionOf('REFUND', 100)).toBe('debit');
		expect(directionOf('BALANCE_ADJUSTMENT', 100)).toBeNull();
		expect(directionOf('BALANCE_ADJUSTMENT', -100)).toBe('debit');
		expect(directionOf(null, null)).toBeNull();
	});
});

const entryArb = fc
	.record({
		transactionId: fc.constantFrom('T1', 'T2', 'T3'),
		referenceId: fc.constantFrom('R1', 'R2'),
		transactionType: fc.constantFrom('Disbursement', 'DISBURSEMENT', 'Cashback', 'VA Top Up'),
		date: fc.integer({ min: 0, max: 5 }).map((s) => `2026-05-01T00:00:0${s}Z`),
		amount: fc.record({ value: fc.constantFrom(100, 200, '100.00') }),
		settlementStatus: fc.constantFrom('PENDING', 'SETTLED'),
	})
	.map(normaliseEntry);

describe('dedupe', () => {
	it('the same entry read twice is one entry; its later reading (settled) wins, in the first place', () => {
		const pending = normaliseEntry({ ...PIVOT_EXAMPLE, settlementStatus: 'PENDING', settlementDate: null });
		const other = normaliseEntry({ ...PIVOT_EXAMPLE, referenceId: 'INV-2' });
		const settled = normaliseEntry(PIVOT_EXAMPLE);
		expect(dedupe([pending, other, settled])).toEqual([settled, other]);
		// "100000" and 100000 are the same amount; another amount is another entry
		const a = normaliseEntry({ ...PIVOT_EXAMPLE, amount: { value: 100000 } });
		expect(dedupeKey(a)).toBe(dedupeKey(normaliseEntry({ ...PIVOT_EXAMPLE, amount: { value: '100000.00' } })));
		expect(dedupeKey(a)).not.toBe(dedupeKey(normaliseEntry({ ...PIVOT_EXAMPLE, amount: { value: 100001 } })));
	});

	it('property: idempotent, keeps exactly one entry per key, and reading the list twice changes nothing', () => {
		fc.assert(
			fc.property(fc.array(entryArb, { maxLength: 40 }), (entries) => {
				const once = dedupe(entries);
				expect(dedupe(once)).toEqual(once);
				expect(new Set(once.map(dedupeKey)).size).toBe(once.length);
				expect(new Set(once.map(dedupeKey))).toEqual(new Set(entries.map(dedupeKey)));
				expect(dedupe([...entries, ...entries]).map(dedupeKey)).toEqual(once.map(dedupeKey));
			}),
		);
	});
});

describe('order and filter', () => {
	it('oldest first, entries of one moment in the order read, unreadable dates last', () => {
		const e = (ref: string, date: unknown) => normaliseEntry({ referenceId: ref, date });
		const sorted = sortByDate([e('late', '2026-05-02T00:00:00Z'), e('bad', 'soon'), e('a', '2026-05-01T00:00:00Z'), e('b', '2026-05-01T07:00:00+07:00')]);
		expect(sorted.map((x) => x.referenceId)).toEqual(['a', 'b', 'late', 'bad']);
	});

	it('property: sorting is a stable permutation ordered by date', () => {
		fc.assert(
			fc.property(fc.array(entryArb, { maxLength: 40 }), (entries) => {
				const tagged = entries.map((entry, i) => ({ ...entry, referenceId: `${i}` }) as LedgerEntry);
				const sorted = sortByDate(tagged);
				expect([...sorted].map((x) => x.referenceId).sort()).toEqual(tagged.map((x) => x.referenceId).sort());
				for (let k = 1; k < sorted.length; k++) {
					const [prev, next] = [Date.parse(sorted[k - 1].date as string), Date.parse(sorted[k].date as string)];
					expect(prev).toBeLessThanOrEqual(next);
					if (prev === next) expect(Number(sorted[k - 1].referenceId)).toBeLessThan(Number(sorted[k].referenceId));
				}
			}),
		);
	});

	it('filters on the enum type; the unlisted choice keeps entries of types not in the list', () => {
		const entries = [normaliseEntry({ transactionType: 'Disbursement' }), normaliseEntry({ transactionType: 'Cashback' }), normaliseEntry({ transactionType: 'VA_TOP_UP' })];
		expect(filterTypes(entries, []).length).toBe(3);
		expect(filterTypes(entries, ['DISBURSEMENT']).map((e) => e.transactionTypeLabel)).toEqual(['Disbursement']);
		expect(filterTypes(entries, [UNKNOWN_TYPE, 'VA_TOP_UP']).map((e) => e.transactionTypeLabel)).toEqual(['Cashback', 'VA_TOP_UP']);
	});
});
