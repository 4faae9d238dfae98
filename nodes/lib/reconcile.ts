/**
 * Payout → Reconcile's verdict: one of your records against what Pivot holds under its Reference
 * ID (pure, no n8n imports). The rules that keep it honest:
 * - `unknown` when the look-up failed or Pivot's answer cannot be read; nothing is guessed.
 * - `notAtPivot` only when Pivot answered that it holds no payout under the Reference ID.
 * - `matched` only for one SUCCESS payout with the same amount and, where your record gives them,
 *   the same account number and channel.
 * - A payout that was paid (SUCCESS) is never called failed, pending or not at Pivot.
 * - Several payouts under one Reference ID (Pivot refuses a reused one, so this should not
 *   happen): those that ended unpaid are set aside; two or more that paid or may still pay are a
 *   `mismatch` on `payouts`; one is judged alone; when all ended unpaid, the latest is `failed`.
 */
import { formatRupiah, parseRupiah } from './money';
import { FINAL_ITEM_STATUSES } from './reasons';
import type { PayoutOutput } from './shapes';
import { checkAccountNumber, checkChannelCode, checkReferenceId } from './validation';

export const VERDICTS = ['matched', 'pending', 'awaitingTopUp', 'failed', 'mismatch', 'notAtPivot', 'unknown'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface ReconcileRecord {
	referenceId: string;
	/** Whole rupiah. */
	expectedAmount: number;
	expectedAccountNumber: string | null;
	expectedChannel: string | null;
	/** The payout request's UUID, when the record kept it (it tells a parked payout apart). */
	requestUuid: string | null;
}

/** A payout at Pivot as the node outputs it, and whether its request is parked for a top-up. */
export interface PayoutAtPivot extends PayoutOutput {
	/** true: its request waits for a top-up; false: it does not; null: not known. */
	parked: boolean | null;
}

export type LookUp =
	| { kind: 'found'; payouts: PayoutAtPivot[] }
	/** Pivot answered that it holds no payout under the Reference ID. */
	| { kind: 'none' }
	/** No usable answer: a network error, an error answer other than "not found", a foreign body. */
	| { kind: 'failed'; message: string; description: string };

export type MismatchField = 'amount' | 'accountNumber' | 'channel' | 'payouts';

export interface Mismatch {
	field: MismatchField;
	expected: string | number;
	atPivot: string | number | null;
}

export interface Judgement {
	verdict: Verdict;
	mismatches: Mismatch[];
	/** The payout the verdict is about (null for notAtPivot and a failed look-up). */
	payout: PayoutAtPivot | null;
	/** Other payouts under the same Reference ID (normally none). */
	others: PayoutAtPivot[];
	/** What to do, in words. */
	action: string;
}

const UNPAID_FINAL = FINAL_ITEM_STATUSES.filter((status) => status !== 'SUCCESS');
const OPEN_STATUSES = ['APPROVED', 'PENDING'];

type Standing = 'paid' | 'unpaid' | 'open' | 'unreadable';

function standing(payout: PayoutOutput): Standing {
	if (payout.status === 'SUCCESS') return 'paid';
	if (payout.status !== null && UNPAID_FINAL.includes(payout.status)) return 'unpaid';
	if (payout.status !== null && OPEN_STATUSES.includes(payout.status)) return 'open';
	return 'unreadable';
}

/** Where a payout differs from the record; a field the record leaves empty is not compared. */
export function compareWithRecord(record: ReconcileRecord, payout: PayoutOutput): Mismatch[] {
	const out: Mismatch[] = [];
	if (payout.amount.number !== record.expectedAmount) {
		out.push({ field: 'amount', expected: record.expectedAmount, atPivot: payout.amount.number ?? (payout.amount.value || null) });
	}
	if (record.expectedAccountNumber !== null && (payout.accountNumber ?? '').trim() !== record.expectedAccountNumber) {
		out.push({ field: 'accountNumber', expected: record.expectedAccountNumber, atPivot: payout.accountNumber });
	}
	if (record.expectedChannel !== null && (payout.channelCode ?? '').trim().toUpperCase() !== record.expectedChannel) {
		out.push({ field: 'channel', expected: record.expectedChannel, atPivot: payout.channelCode });
	}
	return out;
}

function updatedAt(payout: PayoutOutput): number {
	const at = Date.parse(payout.updated ?? payout.created ?? '');
	return Number.isNaN(at) ? -Infinity : at;
}

function describeMismatches(mismatches: Mismatch[]): string {
	return mismatches
		.map((m) => {
			if (m.field === 'payouts') return `${m.atPivot} payouts that paid or may still pay, where one was expected`;
			const show = (v: string | number | null) => (v === null ? 'none' : m.field === 'amount' && typeof v === 'number' ? formatRupiah(v) : String(v));
			return `${m.field} ${show(m.atPivot)} at Pivot, ${show(m.expected)} in your record`;
		})
		.join('; ');
}

const DASHBOARD = 'the Pivot Dashboard (Local Payout → Need Action → Waiting for Top Up)';

function failedAction(payout: PayoutOutput): string {
	if (payout.status === 'FAILED') {
		return `Not paid: the payout FAILED${payout.reason ? ` (${payout.reason})` : ''}. ${payout.advice ?? 'Check the reason with Pivot before paying again.'} Paying it again needs a new Reference ID.`;
	}
	return `Not paid: the payout was ${payout.status} at Pivot. Paying it again needs a new Reference ID.`;
}

function actionFor(verdict: Verdict, record: ReconcileRecord, payout: PayoutAtPivot | null, mismatches: Mismatch[], lookUp: LookUp): string {
	switch (verdict) {
		case 'matched':
			return 'Nothing to do: paid as recorded.';
		case 'pending':
			return `Not final yet at Pivot (${payout?.status ?? '?'}). Do not pay it again: check later, or use Payout → Get with Wait Until Final.${
				payout?.status === 'APPROVED' && payout.parked === null
					? ` APPROVED can also mean parked until the payout balance is topped up; ${record.requestUuid ? 'its request could not be read to tell' : 'give the record its Request UUID to tell'} (parked payouts are listed in ${DASHBOARD}).`
					: ''
			}`;
		case 'awaitingTopUp':
			return `Parked at Pivot until the payout balance is topped up; waiting alone will not finish it. Top up, then release it in ${DASHBOARD}, or cancel it there. Do not pay it again while it is parked.`;
		case 'failed':
			return payout ? failedAction(payout) : 'Not paid.';
		case 'mismatch':
			return `Pivot's payout under this Reference ID differs from your record: ${describeMismatches(mismatches)}. Investigate before paying anything again; ${
				payout?.parked ? `it is parked, so it can still be cancelled in ${DASHBOARD}` : "Pivot's payout is what was (or will be) paid"
			}.`;
		case 'notAtPivot':
			return 'Pivot answered that it holds no payout under this Reference ID, in this account and environment: it was never created here. Before paying it, check that the credential (environment, sub-account) is the one it was paid from.';
		default: {
			const why = lookUp.kind === 'failed' ? `${lookUp.message}. ` : '';
			return `${why}Nothing is known about this payout: do not pay it again on this basis. Run Reconcile again for it, or look the Reference ID up in the Pivot Dashboard (Domestic Payout).`;
		}
	}
}

function judged(verdict: Verdict, record: ReconcileRecord, lookUp: LookUp, payout: PayoutAtPivot | null, others: PayoutAtPivot[], mismatches: Mismatch[] = []): Judgement {
	return { verdict, mismatches, payout, others, action: actionFor(verdict, record, payout, mismatches, lookUp) };
}

/** The verdict on one record; see the module comment for the rules. */
export function judge(record: ReconcileRecord, lookUp: LookUp): Judgement {
	if (lookUp.kind === 'failed') return judged('unknown', record, lookUp, null, []);
	if (lookUp.kind === 'none' || lookUp.payouts.length === 0) return judged('notAtPivot', record, { kind: 'none' }, null, []);
	const payouts = lookUp.payouts;
	const unreadable = payouts.find((p) => standing(p) === 'unreadable');
	if (unreadable) {
		const failed: LookUp = {
			kind: 'failed',
			message: `Pivot answered a status this node does not know (${unreadable.status ?? 'none'})`,
			description: '',
		};
		return judged('unknown', record, failed, unreadable, payouts.filter((p) => p !== unreadable));
	}
	const live = payouts.filter((p) => standing(p) !== 'unpaid');
	if (live.length === 0) {
		const latest = payouts.reduce((a, b) => (updatedAt(b) >= updatedAt(a) ? b : a));
		return judged('failed', record, lookUp, latest, payouts.filter((p) => p !== latest), compareWithRecord(record, latest));
	}
	const payout = live.find((p) => standing(p) === 'paid') ?? live[0];
	const others = payouts.filter((p) => p !== payout);
	const mismatches = compareWithRecord(record, payout);
	if (live.length > 1) mismatches.unshift({ field: 'payouts', expected: 1, atPivot: live.length });
	if (mismatches.length > 0) return judged('mismatch', record, lookUp, payout, others, mismatches);
	if (standing(payout) === 'paid') return judged('matched', record, lookUp, payout, others);
	return judged(payout.parked === true ? 'awaitingTopUp' : 'pending', record, lookUp, payout, others);
}

export type RecordCheck = { ok: true; record: ReconcileRecord } | { ok: false; field: string; problem: string };

export interface RawRecord {
	referenceId: unknown;
	expectedAmount: unknown;
	expectedAccountNumber?: unknown;
	expectedChannel?: unknown;
	requestUuid?: unknown;
}

const GROUPED = /^\s*\d{1,3}(?:[.,]\d{3})+\s*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const empty = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/**
 * One record's fields, read as strictly as Payout → Create reads them: the amount as its Amount
 * (so "1.000.000" is refused, never read as one or one million), account and channel by its rules.
 */
export function readRecord(raw: RawRecord): RecordCheck {
	const reference = checkReferenceId(raw.referenceId);
	if (!reference.ok) return { ok: false, field: reference.field, problem: reference.problem };
	const amount = parseRupiah(raw.expectedAmount);
	if (!amount.ok) {
		const text = typeof raw.expectedAmount === 'string' ? raw.expectedAmount : '';
		const hint = GROUPED.test(text)
			? ` ("." and "," group thousands in Indonesia and mark decimals elsewhere, so it is not guessed: write ${text.replace(/[.,\s]/g, '')} for that many rupiah)`
			: '';
		return { ok: false, field: 'Expected Amount', problem: `${amount.problem}${hint}` };
	}
	let expectedAccountNumber: string | null = null;
	if (!empty(raw.expectedAccountNumber)) {
		const number = checkAccountNumber(raw.expectedAccountNumber);
		if (!number.ok) return { ok: false, field: 'Expected Account Number', problem: number.problem };
		expectedAccountNumber = number.value;
	}
	let expectedChannel: string | null = null;
	if (!empty(raw.expectedChannel)) {
		// Any well-formed code: it is only compared with Pivot's, never sent.
		const code = checkChannelCode(raw.expectedChannel, true);
		if (!code.ok) return { ok: false, field: 'Expected Channel', problem: code.problem };
		expectedChannel = code.value;
	}
	let requestUuid: string | null = null;
	if (!empty(raw.requestUuid)) {
		const text = typeof raw.requestUuid === 'string' ? raw.requestUuid.trim() : '';
		if (!UUID.test(text)) return { ok: false, field: 'Request UUID', problem: `"${String(raw.requestUuid)}" is not a UUID` };
		requestUuid = text.toLowerCase();
	}
	return { ok: true, record: { referenceId: reference.value, expectedAmount: amount.value, expectedAccountNumber, expectedChannel, requestUuid } };
}
