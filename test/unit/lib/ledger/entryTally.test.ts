/**
 * The counting dedupe of balance-history entries (EntryTally, nodes/lib/ledger/entries.ts): copies
 * with one key on one page are different entries and all kept; across pages each key keeps the
 * largest number of copies any one page showed, whatever order the pages were read in.
 */
import fc from 'fast-check';

import { dedupeKey, EntryTally, normaliseEntry, type LedgerEntry } from '../../../../nodes/lib/ledger/entries';

const fee = (settlementStatus = 'SETTLED') =>
	normaliseEntry({ transactionType: 'DISBURSEMENT_FEE', transactionId: 'T1', referenceId: 'BULK-1', date: '2026-05-01T00:00:00Z', amount: { value: 2500 }, settlementStatus });
const other = (referenceId: string) => normaliseEntry({ transactionType: 'DISBURSEMENT', referenceId, date: '2026-05-01T00:00:00Z', amount: { value: 10000 } });

function read(pages: readonly LedgerEntry[][]): EntryTally {
	const tally = new EntryTally();
	for (const page of pages) tally.addPage(page);
	return tally;
}

/** Per key, how many times it occurs in `entries`. */
function counts(entries: readonly LedgerEntry[]): Map<string, number> {
	const out = new Map<string, number>();
	for (const e of entries) out.set(dedupeKey(e), (out.get(dedupeKey(e)) ?? 0) + 1);
	return out;
}

const sortedKeys = (entries: readonly LedgerEntry[]) => entries.map(dedupeKey).sort();

describe('EntryTally', () => {
	it('two copies on one page are two entries; the same entry repeated on the next page is not a third', () => {
		const tally = read([[fee(), fee(), other('A')], [fee(), other('B')]]);
		expect(tally.size).toBe(4);
		expect(tally.entries().map((e) => e.referenceId)).toEqual(['BULK-1', 'BULK-1', 'A', 'B']);
	});

	it('twins split by a page boundary count once (the reader’s totalItems check catches it); a page showing both counts two', () => {
		expect(read([[other('A'), fee()], [fee(), other('B')]]).size).toBe(3);
		expect(read([[other('A'), fee()], [fee(), other('B')], [fee(), fee()]]).size).toBe(4);
	});

	it('keeps the fields of the latest reading: an entry read PENDING then SETTLED comes out SETTLED', () => {
		expect(read([[fee('PENDING'), fee('PENDING')], [fee('SETTLED')]]).entries().map((e) => e.settlementStatus)).toEqual(['SETTLED', 'PENDING']);
		expect(read([[fee('PENDING')], [fee('SETTLED'), fee('SETTLED')]]).entries().map((e) => e.settlementStatus)).toEqual(['SETTLED', 'SETTLED']);
	});

	const entryArb = fc
		.record({
			referenceId: fc.constantFrom('R1', 'R2', 'R3'),
			amount: fc.record({ value: fc.constantFrom(100, '100.00', 2500) }),
			settlementStatus: fc.constantFrom('PENDING', 'SETTLED'),
		})
		.map((raw) => normaliseEntry({ ...raw, transactionType: 'DISBURSEMENT_FEE', date: '2026-05-01T00:00:00Z' }));
	const pagesArb = fc.array(fc.array(entryArb, { maxLength: 8 }), { maxLength: 6 });

	it('property: the output holds each key as many times as the most copies of it on one page', () => {
		fc.assert(
			fc.property(pagesArb, (pages) => {
				const expected = new Map<string, number>();
				for (const page of pages) for (const [key, n] of counts(page)) expected.set(key, Math.max(n, expected.get(key) ?? 0));
				const tally = read(pages);
				expect(counts(tally.entries())).toEqual(expected);
				expect(tally.size).toBe(tally.entries().length);
			}),
		);
	});

	it('property: any order of the pages gives the same entries (as a multiset of keys)', () => {
		fc.assert(
			fc.property(
				pagesArb.chain((pages) => fc.tuple(fc.constant(pages), fc.shuffledSubarray(pages, { minLength: pages.length, maxLength: pages.length }))),
				([pages, shuffled]) => {
					expect(sortedKeys(read(shuffled).entries())).toEqual(sortedKeys(read(pages).entries()));
				},
			),
		);
	});

	it('property: pages that are parts of a true ledger (repeats across pages, entries skipped) never yield an entry the ledger lacks', () => {
		fc.assert(
			fc.property(
				fc.array(entryArb, { minLength: 1, maxLength: 12 }).chain((ledger) =>
					fc.tuple(fc.constant(ledger), fc.array(fc.subarray(ledger), { minLength: 1, maxLength: 5 })),
				),
				([ledger, pages]) => {
					const truth = counts(ledger);
					for (const [key, n] of counts(read(pages).entries())) expect(n).toBeLessThanOrEqual(truth.get(key) ?? 0);
					// a page holding the whole ledger makes the output the whole ledger
					expect(sortedKeys(read([...pages, ledger]).entries())).toEqual(sortedKeys(ledger));
				},
			),
		);
	});
});
