/**
 * Balance-history entries (pure, no n8n imports): one output shape for whatever Pivot sent, the
 * key that tells the same entry seen twice, and the order of the output.
 */
import type { IDataObject } from 'n8n-workflow';

import { amountNumber } from '../money';
import { isObject, textOrNull } from '../shapes';
import { instantOf } from './dates';
import { directionOf, typeOfLabel, UNKNOWN_TYPE, type Direction } from './types';

export interface LedgerMoney extends IDataObject {
	/** As Pivot sent it, as text ("" when absent or not a number or a string). */
	value: string;
	number: number | null;
	currency: string;
}

export interface LedgerEntry extends IDataObject {
	date: string | null;
	settlementDate: string | null;
	settlementStatus: string | null;
	/** Enum form (VA_TOP_UP…), null for a label not in Pivot's lists. */
	transactionType: string | null;
	/** As Pivot sent it. */
	transactionTypeLabel: string | null;
	direction: Direction | null;
	referenceId: string | null;
	transactionId: string | null;
	amount: LedgerMoney;
	fee: LedgerMoney;
	channel: string | null;
	balanceType: string | null;
	createdBy: string | null;
}

/** A string, or a finite number as text; anything else null (an object is never turned into text). */
function scalarOrNull(value: unknown): string | null {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return textOrNull(value);
}

function money(raw: unknown): LedgerMoney {
	const m = isObject(raw) ? raw : {};
	return { value: scalarOrNull(m.value) ?? '', number: amountNumber(m.value), currency: textOrNull(m.currency) ?? 'IDR' };
}

/** One entry in the node's output shape; never throws, whatever `raw` is. */
export function normaliseEntry(raw: unknown): LedgerEntry {
	const e = isObject(raw) ? raw : {};
	const label = scalarOrNull(e.transactionType);
	const type = typeOfLabel(label);
	const amount = money(e.amount);
	return {
		date: scalarOrNull(e.date),
		settlementDate: scalarOrNull(e.settlementDate),
		settlementStatus: scalarOrNull(e.settlementStatus),
		transactionType: type,
		transactionTypeLabel: label,
		direction: directionOf(type, amount.number),
		referenceId: scalarOrNull(e.referenceId),
		transactionId: scalarOrNull(e.transactionId),
		amount,
		fee: money(e.fee),
		channel: scalarOrNull(e.channel),
		balanceType: scalarOrNull(e.balanceType),
		createdBy: scalarOrNull(e.createdBy),
	};
}

/**
 * What makes an entry the same entry when it is seen twice (adjacent windows sharing a boundary,
 * a page boundary moved by an entry written meanwhile): its transaction and reference IDs, its
 * type as Pivot spelled it, its moment and its amount. Pivot documents no entry ID. The
 * settlement fields are left out because they change while the entry stays the same entry.
 */
export function dedupeKey(entry: LedgerEntry): string {
	const at = instantOf(entry.date);
	return JSON.stringify([
		entry.transactionId,
		entry.referenceId,
		entry.transactionTypeLabel,
		at ?? entry.date,
		entry.amount.number ?? entry.amount.value,
		entry.amount.currency,
	]);
}

/**
 * Every entry as many times as it truly occurs, as far as the pages read show it. One page cannot
 * show the same entry twice, so copies with one key on ONE page are different entries (two fee
 * lines of one bulk request, same second and amount) and all are kept; across pages and windows
 * an entry can be read again (a page boundary moved, adjacent windows sharing a day), so per key
 * the tally keeps the LARGEST number of copies seen on any one page. Twins split by a page
 * boundary count once here: the totalItems check of the reader catches that shortfall.
 */
export class EntryTally {
	private readonly copies = new Map<string, LedgerEntry[]>();
	private total = 0;

	/** One page (or one merged window) as read, in Pivot's order. */
	addPage(page: readonly LedgerEntry[]): void {
		const byKey = new Map<string, LedgerEntry[]>();
		for (const entry of page) {
			const key = dedupeKey(entry);
			const list = byKey.get(key);
			if (list) list.push(entry);
			else byKey.set(key, [entry]);
		}
		for (const [key, read] of byKey) {
			const kept = this.copies.get(key);
			if (!kept) {
				this.copies.set(key, read);
				this.total += read.length;
			} else if (read.length >= kept.length) {
				// The later reading has the newer settlement status; as many copies as this page showed.
				this.total += read.length - kept.length;
				this.copies.set(key, read);
			} else kept.splice(0, read.length, ...read);
		}
	}

	/** How many entries the pages show (each key counted at its largest copies on one page). */
	get size(): number {
		return this.total;
	}

	/** Each key in the place it was first read, its copies together, with the fields of the latest reading. */
	entries(): LedgerEntry[] {
		return [...this.copies.values()].flat();
	}
}

/** Each entry once: every entry as its own reading (the tally's rule with one entry per page). */
export function dedupe(entries: LedgerEntry[]): LedgerEntry[] {
	const tally = new EntryTally();
	for (const entry of entries) tally.addPage([entry]);
	return tally.entries();
}

/** Oldest first; entries of the same moment keep their order; entries without a readable date last. */
export function sortByDate(entries: LedgerEntry[]): LedgerEntry[] {
	return entries
		.map((entry, i) => ({ entry, i, at: instantOf(entry.date) }))
		.sort((a, b) => {
			if (a.at === null || b.at === null) return a.at === null ? (b.at === null ? a.i - b.i : 1) : -1;
			return a.at - b.at || a.i - b.i;
		})
		.map((x) => x.entry);
}

/** The entries of the chosen types (UNKNOWN_TYPE: those not in Pivot's lists); none chosen, all. */
export function filterTypes(entries: LedgerEntry[], types: readonly string[]): LedgerEntry[] {
	if (types.length === 0) return entries;
	const wanted = new Set(types);
	return entries.filter((e) => wanted.has(e.transactionType ?? UNKNOWN_TYPE));
}
