/**
 * The claim of each look-up result after Pivot said a Reference ID exists (payout/create/outcome.ts),
 * case by case: which evidence turns "another payout holds it" into not paid, and when a refused
 * one-item request is already at Pivot.
 */
import { claimNote, claimsAfterReferenceCheck, requestClaim } from '../../../nodes/Pivot/actions/payout/create/outcome';

const refused = { refused: true, uncertain: true };
const uncertain = { refused: false, uncertain: true };
const answered = { refused: false, uncertain: false };

describe('claimsAfterReferenceCheck, case by case', () => {
	it('a payout that ended FAILED, CANCELLED or REJECTED paid nothing, even when an attempt is uncertain', () => {
		expect(claimsAfterReferenceCheck(['failed'], uncertain)).toEqual(['notPaid']);
	});

	it('a Reference ID proved absent paid nothing', () => {
		expect(claimsAfterReferenceCheck(['missing'], uncertain)).toEqual(['notPaid']);
	});

	it('an unmatched payout is already at Pivot', () => {
		expect(claimsAfterReferenceCheck(['unmatched'], uncertain)).toEqual(['atPivot']);
	});

	it('another payout under the Reference ID: not paid when this request was refused', () => {
		expect(claimsAfterReferenceCheck(['different'], refused)).toEqual(['notPaid']);
	});

	it('another payout under the Reference ID: not paid when no attempt is uncertain', () => {
		expect(claimsAfterReferenceCheck(['different'], answered)).toEqual(['notPaid']);
	});

	it('another payout under the Reference ID: unknown while an attempt may have been committed', () => {
		expect(claimsAfterReferenceCheck(['different'], uncertain)).toEqual(['unknown']);
	});

	it('another payout under the Reference ID: not paid when a sibling reference is proved absent', () => {
		expect(claimsAfterReferenceCheck(['different', 'missing'], uncertain)).toEqual(['notPaid', 'notPaid']);
	});

	it('an unchecked reference of a refused one-item request is that request\'s, at Pivot', () => {
		expect(claimsAfterReferenceCheck(['unchecked'], refused)).toEqual(['atPivot']);
	});

	it('an unchecked reference is unknown when the request was not refused', () => {
		expect(claimsAfterReferenceCheck(['unchecked'], answered)).toEqual(['unknown']);
		expect(claimsAfterReferenceCheck(['unchecked'], uncertain)).toEqual(['unknown']);
	});

	it('an unchecked reference is unknown in a refused request of several items', () => {
		expect(claimsAfterReferenceCheck(['unchecked', 'same'], refused)).toEqual(['unknown', 'paid']);
	});
});

describe('requestClaim', () => {
	it('is the least certain claim of the failed items', () => {
		expect(requestClaim(['notPaid'])).toBe('notPaid');
		expect(requestClaim(['paid', 'notPaid'])).toBe('notPaid');
		expect(requestClaim(['notPaid', 'atPivot'])).toBe('atPivot');
		expect(requestClaim(['atPivot', 'unknown', 'notPaid'])).toBe('unknown');
	});
});

describe('claimNote', () => {
	it('names one claim alone', () => {
		expect(claimNote(['atPivot', 'atPivot'])).toBe('already at Pivot');
		expect(claimNote(['unknown'])).toBe('outcome unknown');
	});

	it('counts each claim in a fixed order: paid, not paid, at Pivot, unknown', () => {
		expect(claimNote(['unknown', 'atPivot', 'notPaid', 'paid', 'unknown'])).toBe(
			'1 already paid, 1 not paid, 1 already at Pivot, 2 outcome unknown',
		);
		expect(claimNote(['unknown', 'atPivot'])).toBe('1 already at Pivot, 1 outcome unknown');
	});
});
