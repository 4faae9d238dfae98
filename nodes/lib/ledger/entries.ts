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
 * Each entry once: in the place it was first seen, with the fields of its latest reading (the
 * later page was read later, so its settlement status is the newer one).
 */
export function dedupe(entries: LedgerEntry[]): LedgerEntry[] {
	const index = new Map<string, number>();
	const out: LedgerEntry[] = [];
	for (const entry of entries) {
		const key = dedupeKey(entry);
		const at = index.get(key);
		if (at === undefined) {
			index.set(key, out.length);
			out.push(entry);
		} else out[at] = entry;
	}
	return out;
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
