/**
 * Payout → Create's words about money. Each says only what is known: paid (with the request
 * UUID), not paid (and how that was proved), or unknown (and what to check before paying again).
 */
import type { FailureReason, MoneyState } from './submit';

export const CREATE_REASON_TEXT: Record<FailureReason, string> = {
	keyReused:
		'Not paid: Pivot refused this request (HTTP 409) because its X-REQUEST-ID was already used with a different payload. If you set the Idempotency Key option, make it unique per request; otherwise a field of this payout changed since it was first sent.',
	referenceTaken:
		'Not paid by this request: Pivot refused it because a Reference ID is already in use. Remove the rows already paid, give a new Reference ID to any payout that is new or must be paid again, and run again.',
	notCreated:
		'Not paid: Pivot did not answer, and a look-up by Reference ID after the last attempt found no payout. Running again is safe: the same X-REQUEST-ID and Reference IDs are sent.',
	unknown:
		'Outcome unknown: Pivot did not give a definite answer and the payout could not be looked up, so it may have been paid. Do not pay it another way: check the Reference ID in the Pivot Dashboard (Domestic Payout), or run again (the same X-REQUEST-ID makes Pivot replay its first answer and the same Reference ID cannot be paid twice).',
	rejected: 'Not paid: Pivot refused this request.',
	rejectedAfterUnknown:
		'Not paid: an earlier attempt got no answer and Pivot refused the resend; a look-up by Reference ID found no payout.',
};

export const MONEY_STATE_TITLE: Record<MoneyState, string> = {
	notPaid: 'not paid',
	unknown: 'outcome unknown',
};

export interface PaidRange {
	first: number;
	last: number;
	requestUuid: string | null;
}

function range(first: number, last: number): string {
	return first === last ? `item ${first}` : `items ${first}–${last}`;
}

/** "Paid in this run: items 0–999 (request UUID …)" for errors that stop a run midway. */
export function paidSoFar(paid: PaidRange[]): string {
	if (paid.length === 0) return '';
	const shown = paid.slice(0, 10).map((p) => `${range(p.first, p.last)} (request UUID ${p.requestUuid ?? 'not returned'})`);
	const more = paid.length > 10 ? ` and ${paid.length - 10} more requests` : '';
	return `Paid in this run: ${shown.join(', ')}${more}.`;
}

/** "Not sent: items 2000–2499." for the items a stopped run never sent. */
export function notSentFrom(first: number, count: number): string {
	return first < count ? `Not sent: ${range(first, count - 1)}.` : '';
}

export function chunkLabel(indices: number[]): string {
	const first = indices[0];
	const last = indices[indices.length - 1];
	return indices.length > 1 ? `Create payouts (items ${first}–${last})` : `Create payout (item ${first})`;
}
