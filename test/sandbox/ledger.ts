/**
 * The merchant's balance history (Pivot's GET /v1/balance-histories): one entry per movement of a
 * balance. Payouts, inquiry fees and top-ups write entries here; the route and its rules are in
 * routes/ledger.ts. Field names and the transaction-type list are Pivot's; everything Pivot's docs
 * leave open (values of settlementStatus, createdBy, what transactionId holds) is decided in
 * README.md ("Balance history").
 */
import { randomUUID } from 'crypto';

import { mulberry32 } from './faults';
import { formatCents, parseCents } from './money';
import type { PayoutItem, PayoutRequest } from './state';
import type {
	SandboxAccountType,
	SandboxLedgerEntry,
	SandboxLedgerInput,
	SandboxLedgerSpelling,
	SandboxSeedInput,
} from './types';

export const ACCOUNT_TYPES: readonly SandboxAccountType[] = ['DISBURSEMENT', 'PAYMENT', 'WALLET'];

/** `balanceType` is a display name in Pivot's example ("Payment Balance"). */
const BALANCE_LABEL: Record<SandboxAccountType, string> = {
	DISBURSEMENT: 'Disbursement Balance',
	PAYMENT: 'Payment Balance',
	WALLET: 'Wallet Balance',
};

const ACRONYMS = new Set(['VA', 'QRIS']);

/** VA_PAYMENT → "VA Payment", the spelling of Pivot's example entry. */
export function displayLabel(type: string): string {
	return type
		.split('_')
		.map((w) => (ACRONYMS.has(w) ? w : w.charAt(0) + w.slice(1).toLowerCase()))
		.join(' ');
}

const DAY_MS = 86_400_000;
const RUPIAH = /^\d{1,13}(\.\d{1,2})?$/;
const wholeSecond = (ms: number) => Math.floor(ms / 1000) * 1000;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The answer's entry: §6.10's fields in its order, amounts as JSON numbers as in Pivot's table. */
export function entryView(e: SandboxLedgerEntry, spelling: SandboxLedgerSpelling): Record<string, unknown> {
	return {
		referenceId: e.referenceId,
		date: e.date,
		settlementDate: e.settlementDate,
		settlementStatus: e.settlementStatus,
		balanceType: BALANCE_LABEL[e.accountType],
		channel: e.channel,
		transactionType: e.label ?? (spelling === 'enum' ? e.transactionType : displayLabel(e.transactionType)),
		amount: { value: Number(e.amount), currency: e.currency },
		fee: { value: Number(e.fee), currency: e.currency },
		createdBy: e.createdBy,
		transactionId: e.transactionId,
		...(e.overrides ?? {}),
	};
}

/** Weights of the seeded DISBURSEMENT-balance types (the payout balance's list in §6.10). */
const SEED_TYPES: Array<[string, number]> = [
	['DISBURSEMENT', 45],
	['BULK_DISBURSEMENT', 25],
	['ACCOUNT_INQUIRY_FEE', 15],
	['VA_TOP_UP', 8],
	['DISBURSEMENT_FEE', 4],
	['BALANCE_ADJUSTMENT', 3],
];
const SEED_CHANNELS = ['BCA', 'BRI', 'MANDIRI', 'BNI', 'PERMATA', 'GOPAY'];

export class Ledger {
	private list: SandboxLedgerEntry[] = [];
	private seq = 0;
	/** The entry of each debited payout item, for its settlement. */
	private readonly ofItem = new WeakMap<PayoutItem, SandboxLedgerEntry>();

	add(input: Omit<SandboxLedgerEntry, 'seq'>): SandboxLedgerEntry {
		const entry = { ...input, seq: ++this.seq };
		this.list.push(entry);
		return entry;
	}

	all(): SandboxLedgerEntry[] {
		return this.list;
	}

	clear(): void {
		this.list = [];
	}

	/** One entry per item, amount and fee together as in §6.10's entry; PENDING until the item is final. */
	payoutDebited(request: PayoutRequest, feeRupiah: number, at: Date): void {
		const type = request.items.length > 1 ? 'BULK_DISBURSEMENT' : 'DISBURSEMENT';
		for (const item of request.items) {
			const entry = this.add({
				merchantId: request.merchantId,
				accountType: 'DISBURSEMENT',
				referenceId: item.referenceId,
				date: iso(at.getTime()),
				settlementDate: null,
				settlementStatus: 'PENDING',
				channel: item.channelCode,
				transactionType: type,
				amount: formatCents(item.amount * 100),
				fee: formatCents(feeRupiah * 100),
				currency: item.currency,
				createdBy: 'API',
				transactionId: request.uuid,
			});
			this.ofItem.set(item, entry);
		}
	}

	/** SUCCESS settles the item's entry; FAILED marks it FAILED (its amount and fee went back). */
	payoutFinal(item: PayoutItem, status: 'SUCCESS' | 'FAILED', at: Date): void {
		const entry = this.ofItem.get(item);
		if (!entry) return;
		entry.settlementStatus = status === 'SUCCESS' ? 'SETTLED' : 'FAILED';
		entry.settlementDate = iso(at.getTime());
	}

	inquiryFee(merchantId: string, inquiryUuid: string, channel: string, feeRupiah: number, at: Date): SandboxLedgerEntry {
		return this.add({
			merchantId,
			accountType: 'DISBURSEMENT',
			referenceId: inquiryUuid,
			date: iso(at.getTime()),
			settlementDate: iso(at.getTime()),
			settlementStatus: 'SETTLED',
			channel,
			transactionType: 'ACCOUNT_INQUIRY_FEE',
			amount: formatCents(feeRupiah * 100),
			fee: '0.00',
			currency: 'IDR',
			createdBy: 'API',
			transactionId: inquiryUuid,
		});
	}

	/**
	 * Entries as given (tests: odd labels, shapes, dates); missing fields get plausible values. All
	 * are checked before any is added, so a bad one adds none.
	 */
	addInputs(merchantIds: string[], inputs: SandboxLedgerInput[], now = Date.now()): SandboxLedgerEntry[] {
		const prepared = inputs.map((input, i): Omit<SandboxLedgerEntry, 'seq'> => {
			const dateMs = input.date === undefined ? now : Date.parse(input.date);
			if (!Number.isFinite(dateMs)) throw new Error(`entries[${i}].date is not a date`);
			const type = input.accountType ?? 'DISBURSEMENT';
			if (!ACCOUNT_TYPES.includes(type)) throw new Error(`entries[${i}].accountType must be one of ${ACCOUNT_TYPES.join(', ')}`);
			const money = (value: string | undefined, fallback: string, name: string) => {
				const text = value ?? fallback;
				if (typeof text !== 'string' || !RUPIAH.test(text)) throw new Error(`entries[${i}].${name} must be rupiah digits with up to 2 decimals`);
				return formatCents(parseCents(text));
			};
			const date = iso(wholeSecond(dateMs));
			return {
				merchantId: merchantIds[i],
				accountType: type,
				referenceId: input.referenceId ?? `MANUAL-${randomUUID().slice(0, 8)}`,
				date,
				settlementDate: input.settlementDate !== undefined ? input.settlementDate : date,
				settlementStatus: input.settlementStatus ?? 'SETTLED',
				channel: input.channel ?? null,
				transactionType: input.transactionType ?? 'DISBURSEMENT',
				...(input.label !== undefined ? { label: input.label } : {}),
				amount: money(input.amount, '100000', 'amount'),
				fee: money(input.fee, '0', 'fee'),
				currency: input.currency ?? 'IDR',
				createdBy: input.createdBy ?? 'API',
				transactionId: input.transactionId ?? randomUUID(),
				...(input.overrides ? { overrides: input.overrides } : {}),
			};
		});
		return prepared.map((entry) => this.add(entry));
	}

	/**
	 * `count` settled entries at random whole seconds in the `days` before `end`, reproducible with
	 * `seed`. They are history: the balance does not move.
	 */
	seed(merchantId: string, input: SandboxSeedInput, now = Date.now()): SandboxLedgerEntry[] {
		const count = input.count;
		if (!Number.isInteger(count) || count < 0 || count > 1_000_000) throw new Error('count must be a whole number from 0 to 1000000');
		const days = input.days ?? 90;
		if (!(days > 0 && days <= 400)) throw new Error('days must be > 0 and <= 400');
		const endMs = input.end === undefined ? now : typeof input.end === 'number' ? input.end : Date.parse(input.end);
		if (!Number.isFinite(endMs)) throw new Error('end must be an ISO date-time or epoch milliseconds');
		const accountType = input.accountType ?? 'DISBURSEMENT';
		if (!ACCOUNT_TYPES.includes(accountType)) throw new Error(`accountType must be one of ${ACCOUNT_TYPES.join(', ')}`);
		const seed = input.seed ?? 1;
		const random = mulberry32(seed);
		const span = Math.floor((days * DAY_MS) / 1000);
		const weightTotal = SEED_TYPES.reduce((sum, [, w]) => sum + w, 0);
		const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
		const out: SandboxLedgerEntry[] = [];
		for (let n = 0; n < count; n++) {
			// within (end - days, end], whole seconds
			const dateMs = wholeSecond(endMs) - Math.floor(random() * span) * 1000;
			let pick = random() * weightTotal;
			const type = SEED_TYPES.find(([, w]) => (pick -= w) < 0)?.[0] ?? 'DISBURSEMENT';
			const fee = type === 'DISBURSEMENT' || type === 'BULK_DISBURSEMENT' ? 2500 : 0;
			const rupiah = type === 'ACCOUNT_INQUIRY_FEE' ? 1000 : 10_000 + Math.floor(random() * 4_990_000);
			out.push(
				this.add({
					merchantId,
					accountType,
					referenceId: `SEED-${seed}-${n}`,
					date: iso(dateMs),
					settlementDate: iso(dateMs + 1000),
					settlementStatus: 'SETTLED',
					channel: SEED_CHANNELS[Math.floor(random() * SEED_CHANNELS.length)],
					transactionType: type,
					amount: formatCents(rupiah * 100),
					fee: formatCents(fee * 100),
					currency: 'IDR',
					createdBy: type === 'VA_TOP_UP' ? 'SYSTEM' : 'API',
					transactionId: `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`,
				}),
			);
		}
		return out;
	}
}
