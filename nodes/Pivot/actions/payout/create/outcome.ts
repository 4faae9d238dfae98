/**
 * What Payout → Create claims about each item's money, decided in one place from the evidence
 * (pure, no I/O): paid (Pivot's answer, or a payout found by Reference ID with the same amount and
 * destination), not paid (a refusal that proves nothing was committed, or a successful look-up
 * that found nothing), already at Pivot (a payout holds the Reference ID and cannot be matched to
 * this item), or unknown. Every output of the operation is rendered from these claims.
 */
import type { MoneyState } from '../../../../lib/transport/errors';
import { MONEY_STATE_TITLE } from '../../../../lib/transport/errors';
import type { ReferenceState } from './settle';

/** One item's claim: paid, or a failure's money state. */
export type ItemClaim = 'paid' | MoneyState;

export interface ReferenceEvidence {
	/** Pivot refused this request's own key (not a replay): no attempt of it was committed. */
	refused: boolean;
	/** An attempt of this request may have been committed without its answer being seen. */
	uncertain: boolean;
}

/**
 * The claims after Pivot said that Reference IDs of the request exist, from what the look-ups
 * found per item. Requests are all-or-nothing, so one Reference ID proved absent means this request
 * paid nothing.
 */
export function claimsAfterReferenceCheck(states: ReferenceState[], evidence: ReferenceEvidence): ItemClaim[] {
	const requestPaidNothing = evidence.refused || !evidence.uncertain || states.includes('missing');
	return states.map((state): ItemClaim => {
		switch (state) {
			case 'same':
				return 'paid';
			case 'failed':
				// This destination and amount, ended FAILED, CANCELLED or REJECTED: nothing was paid.
				return 'notPaid';
			case 'different':
				// Another payout holds the Reference ID; this request's own attempt is ruled out only
				// when it was refused or proved absent (a payout of ours could be shown differently).
				return requestPaidNothing ? 'notPaid' : 'unknown';
			case 'missing':
				return 'notPaid';
			case 'unmatched':
				return 'atPivot';
			case 'unchecked':
				// A one-item request refused for its Reference ID: that very reference is at Pivot.
				return requestPaidNothing && evidence.refused && states.length === 1 ? 'atPivot' : 'unknown';
		}
	});
}

/** The request's own claim, for its title: the least certain of its failed items. */
export function requestClaim(claims: ItemClaim[]): MoneyState {
	if (claims.includes('unknown')) return 'unknown';
	if (claims.includes('atPivot')) return 'atPivot';
	return 'notPaid';
}

/** The title's note for a failed request: one claim, or how many items have each ("2 already paid, 1 not paid"). */
export function claimNote(claims: ItemClaim[]): string {
	const titles: Record<ItemClaim, string> = { paid: 'already paid', ...MONEY_STATE_TITLE };
	const kinds = [...new Set(claims)];
	if (kinds.length === 1) return titles[kinds[0]];
	const order: ItemClaim[] = ['paid', 'notPaid', 'atPivot', 'unknown'];
	return order
		.filter((kind) => kinds.includes(kind))
		.map((kind) => `${claims.filter((c) => c === kind).length} ${titles[kind]}`)
		.join(', ');
}
