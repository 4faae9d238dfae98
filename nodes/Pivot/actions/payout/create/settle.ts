/**
 * Settle: what a request whose answer was refused, lost or unclear did to the money. The request's
 * Reference IDs are looked up one by one and compared with what this run would send, so that an
 * existing payout is only reported as this item's when its amount and destination are provably
 * the same; outcome.ts turns what was found into each item's claim.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { amountNumber, formatRupiah } from '../../../../lib/money';
import type { PivotPayoutItem } from '../../../../lib/validation';
import type { MoneyState } from '../../../../lib/transport/errors';
import type { Throttle } from '../../../../lib/transport/pool';
import type { PivotOutcome } from '../../../../lib/transport/request';
import { lookUpReference, unreadableText } from '../../../../lib/referenceLookUp';
import { sendToPivot } from '../../../../lib/transport/request';
import type { ReferenceEvidence } from './outcome';
import { claimsAfterReferenceCheck, requestClaim } from './outcome';
import type { FailureReason, SubmitResult } from './send';

/**
 * What Pivot holds under the request's Reference IDs, after a 409 or a look-up hit. Every item
 * the same amount and destination → already paid (by an earlier run, or by an attempt whose answer
 * was lost). A payout that ended FAILED, CANCELLED or REJECTED is never reported as paid.
 * `refused`: Pivot answered this request's key with a 409 instead of replaying it, which proves
 * no attempt of this request was committed.
 */
export async function settleExisting(
	this: IExecuteFunctions,
	items: PivotPayoutItem[],
	outcome: Extract<PivotOutcome, { ok: false }>,
	attempts: number,
	evidence: ReferenceEvidence,
	throttle?: Throttle,
	provedReason: FailureReason = 'referenceTaken',
): Promise<SubmitResult> {
	const survey = await surveyReferences.call(this, items, throttle);
	const claims = claimsAfterReferenceCheck(survey.states, evidence);
	if (claims.every((claim) => claim === 'paid')) {
		return { ok: true, existing: survey.found as IDataObject[], recovered: true, attempts };
	}
	const failed = claims.filter((claim): claim is MoneyState => claim !== 'paid');
	const allEndedUnpaid = survey.states.every((s) => s === 'failed');
	const money = requestClaim(failed);
	return {
		ok: false,
		outcome,
		attempts,
		reason: allEndedUnpaid ? 'endedUnpaid' : money === 'unknown' ? 'unknown' : provedReason,
		money,
		detail: survey.summary,
		claims,
		existing: survey.found,
	};
}

/**
 * This request is proved not created (its first Reference ID looked up: none, and every attempt
 * got an answer Pivot finished). Each item is still looked up in a request of several: a row an
 * earlier run paid is paid, not "not paid", even though this request paid nothing.
 */
export async function provedNotCreated(
	this: IExecuteFunctions,
	items: PivotPayoutItem[],
	outcome: Extract<PivotOutcome, { ok: false }>,
	attempts: number,
	reason: FailureReason,
	throttle?: Throttle,
): Promise<SubmitResult> {
	if (items.length === 1) return { ok: false, outcome, attempts, reason, money: 'notPaid' };
	return await settleExisting.call(this, items, outcome, attempts, { refused: false, uncertain: false }, throttle, reason);
}

/**
 * A definite refusal after an earlier attempt got no answer: only a look-up can say "not paid", and
 * only when every attempt got an answer Pivot finished (one still under way may commit later).
 */
export async function settleAfterUnknown(
	this: IExecuteFunctions,
	items: PivotPayoutItem[],
	outcome: Extract<PivotOutcome, { ok: false }>,
	attempts: number,
	everyAttemptFinished: boolean,
	throttle?: Throttle,
): Promise<SubmitResult> {
	const first = await lookupByReference.call(this, items[0].referenceId, throttle);
	if (first.found) return await settleExisting.call(this, items, outcome, attempts, { refused: false, uncertain: true }, throttle);
	if (first.known && everyAttemptFinished) return await provedNotCreated.call(this, items, outcome, attempts, 'rejectedAfterUnknown', throttle);
	return { ok: false, outcome, attempts, reason: 'unknown', money: 'unknown', detail: first.unreadable };
}

/**
 * found: this Reference ID's payout at Pivot. known: Pivot's answer was read (found, or proved
 * none). unreadable: why it was not (for the message: what to check).
 */
export type Lookup = { found: IDataObject | null; known: boolean; unreadable?: string };

/**
 * `GET /v1/payouts/{referenceId}?type=single`, read as Reconcile and Get read it
 * (nodes/lib/referenceLookUp.ts): "none" only from Pivot's resource_missing or an empty list.
 */
export async function lookupByReference(this: IExecuteFunctions, referenceId: string, throttle?: Throttle): Promise<Lookup> {
	const reading = await lookUpReference.call(this, referenceId, throttle);
	if (reading.kind === 'found') return { found: reading.payouts[0], known: true };
	if (reading.kind === 'none') return { found: null, known: true };
	const why =
		reading.kind === 'failed'
			? `the look-up of Reference ID ${referenceId} failed (${reading.outcome.status ?? reading.outcome.networkCode ?? 'no answer'})`
			: `the look-up of Reference ID ${referenceId}: ${unreadableText(reading)}`;
	return { found: null, known: false, unreadable: `Not proved unpaid: ${why}; check ${referenceId} in the Pivot Dashboard.` };
}

/**
 * same: this item's payout. failed: this item's destination and amount, but it ended FAILED,
 * CANCELLED or REJECTED. different: provably another payout (another amount or destination).
 * unmatched: a payout whose destination cannot be compared with this item's (another inquiry,
 * and Pivot's inquiry answer names no account). missing: Pivot answered that it has none.
 * unchecked: the look-up itself failed.
 */
export type ReferenceState = 'same' | 'failed' | 'different' | 'unmatched' | 'missing' | 'unchecked';

const ENDED_UNPAID = ['FAILED', 'CANCELLED', 'REJECTED'];

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

/** The inquiry's own channel and account when Pivot returns them; Pivot documents neither. */
async function inquiryDestination(
	this: IExecuteFunctions,
	inquiryId: string,
	throttle?: Throttle,
): Promise<{ channelCode: string; accountNumber: string } | 'unknown' | null> {
	const path = `/v1/inquiry-account/${encodeURIComponent(inquiryId)}`;
	const outcome = await sendToPivot.call(this, { method: 'GET', path, throttle, retryRateLimited: true });
	if (!outcome.ok) return 'unknown';
	const data = (outcome.body.data ?? {}) as IDataObject;
	const channel = (data.channelInformation ?? {}) as IDataObject;
	const channelCode = text(data.channelCode);
	const accountNumber = text(channel.accountNumber);
	return channelCode && accountNumber ? { channelCode, accountNumber } : null;
}

async function compare(
	this: IExecuteFunctions,
	item: PivotPayoutItem,
	existing: IDataObject,
	throttle?: Throttle,
): Promise<ReferenceState> {
	const amount = (existing.amount ?? {}) as IDataObject;
	if (amountNumber(amount.value) !== Number(item.amount.value)) return 'different';
	const channel = (existing.channelInformation ?? {}) as IDataObject;
	let same: boolean;
	if (item.inquiryId) {
		// The same inquiry is the same account; any other inquiry (or none) must be proved equal.
		if (text(existing.inquiryId).toLowerCase() === item.inquiryId) same = true;
		else {
			const destination = await inquiryDestination.call(this, item.inquiryId, throttle);
			if (destination === 'unknown') return 'unchecked';
			if (destination === null) return 'unmatched';
			same = destination.channelCode === text(existing.channelCode) && destination.accountNumber === text(channel.accountNumber);
		}
	} else {
		same =
			text(existing.channelCode) === item.channelCode &&
			text(channel.accountNumber) === item.channelInformation?.accountNumber;
	}
	if (!same) return 'different';
	return ENDED_UNPAID.includes(text(existing.status)) ? 'failed' : 'same';
}

export interface Survey {
	states: ReferenceState[];
	/** The existing payout per item (null where none was found). */
	found: Array<IDataObject | null>;
	summary: string;
}

function list(refs: string[]): string {
	return refs.length > 5 ? `${refs.slice(0, 5).join(', ')} and ${refs.length - 5} more` : refs.join(', ');
}

const SUMMARY: Record<ReferenceState, string> = {
	same: 'already paid to the same destination and amount',
	failed: 'used by an earlier payout to the same destination that ended FAILED, CANCELLED or REJECTED (not paid; paying again needs a new Reference ID)',
	different: 'used by a different payout at Pivot (another destination or amount; not paid: give this payout a new Reference ID)',
	unmatched: 'already at Pivot but cannot be matched to this inquiry (Pivot names no account for an inquiry): do not pay them again',
	missing: 'not at Pivot (looked up: none found)',
	unchecked: 'could not be looked up (outcome unknown: check them in the Pivot Dashboard)',
};

/** "REF-1 (SUCCESS, Rp 150,000 to BCA 999966660001)": what Pivot holds, for a payout the node cannot match. */
function held(referenceId: string, existing: IDataObject | null): string {
	if (!existing) return referenceId;
	const amount = amountNumber(((existing.amount ?? {}) as IDataObject).value);
	const account = text(((existing.channelInformation ?? {}) as IDataObject).accountNumber);
	const where = `${text(existing.channelCode)} ${account}`.trim();
	const what = [amount === null ? '' : formatRupiah(amount), where ? `to ${where}` : ''].filter(Boolean).join(' ');
	return `${referenceId} (${[text(existing.status) || 'status unknown', what].filter(Boolean).join(', ')})`;
}

/** Looks every item up by Reference ID and says, per item, what Pivot holds. */
export async function surveyReferences(this: IExecuteFunctions, items: PivotPayoutItem[], throttle?: Throttle): Promise<Survey> {
	const states: ReferenceState[] = [];
	const found: Array<IDataObject | null> = [];
	for (const item of items) {
		const lookup = await lookupByReference.call(this, item.referenceId, throttle);
		found.push(lookup.found);
		if (!lookup.known) states.push('unchecked');
		else if (!lookup.found) states.push('missing');
		else states.push(await compare.call(this, item, lookup.found, throttle));
	}
	const parts: string[] = [];
	for (const state of ['different', 'unmatched', 'failed', 'same', 'missing', 'unchecked'] as ReferenceState[]) {
		const refs = items.flatMap((item, k) =>
			states[k] !== state ? [] : [state === 'unmatched' ? held(item.referenceId, found[k]) : item.referenceId],
		);
		if (refs.length) parts.push(`${SUMMARY[state]}: ${list(refs)}`);
	}
	return { states, found, summary: `Reference IDs ${parts.join('; ')}.` };
}
