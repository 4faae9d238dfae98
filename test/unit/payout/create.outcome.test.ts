/**
 * The claim rules of Payout → Create after a Reference ID check (payout/create/outcome.ts): what each
 * look-up result may be called, for every combination of evidence.
 */
import fc from 'fast-check';

import { claimNote, claimsAfterReferenceCheck, requestClaim } from '../../../nodes/Pivot/actions/payout/create/outcome';
import type { ReferenceState } from '../../../nodes/Pivot/actions/payout/create/settle';

const STATES: ReferenceState[] = ['same', 'failed', 'different', 'unmatched', 'missing', 'unchecked'];
const evidence = fc.record({ refused: fc.boolean(), uncertain: fc.boolean() });
const states = fc.array(fc.constantFrom(...STATES), { minLength: 1, maxLength: 6 });

describe('claims after a Reference ID check', () => {
	it('calls an item paid exactly when Pivot holds the same payout (property)', () => {
		fc.assert(
			fc.property(states, evidence, (list, ev) => {
				const claims = claimsAfterReferenceCheck(list, ev);
				list.forEach((state, k) => expect(claims[k] === 'paid').toBe(state === 'same'));
			}),
		);
	});

	it('never calls an item "not paid" without proof: a look-up that found another payout or none, or a refusal (property)', () => {
		fc.assert(
			fc.property(states, evidence, (list, ev) => {
				const claims = claimsAfterReferenceCheck(list, ev);
				list.forEach((state, k) => {
					if (claims[k] !== 'notPaid') return;
					expect(['failed', 'different', 'missing']).toContain(state);
					if (state === 'different') expect(ev.refused || !ev.uncertain || list.includes('missing')).toBe(true);
				});
			}),
		);
	});

	it('calls a payout it cannot match to the inquiry "already at Pivot", whatever else is known', () => {
		for (const refused of [true, false]) {
			for (const uncertain of [true, false]) expect(claimsAfterReferenceCheck(['unmatched'], { refused, uncertain })).toEqual(['atPivot']);
		}
	});

	it('a one-item request refused for its Reference ID whose look-up failed is "already at Pivot"; in a bulk request such an item is unknown', () => {
		expect(claimsAfterReferenceCheck(['unchecked'], { refused: true, uncertain: false })).toEqual(['atPivot']);
		expect(claimsAfterReferenceCheck(['same', 'unchecked'], { refused: true, uncertain: false })).toEqual(['paid', 'unknown']);
		expect(claimsAfterReferenceCheck(['unchecked'], { refused: false, uncertain: true })).toEqual(['unknown']);
	});

	it('names the least certain claim for the request, and counts mixed claims for its title', () => {
		expect(requestClaim(['notPaid', 'atPivot'])).toBe('atPivot');
		expect(requestClaim(['notPaid', 'unknown', 'atPivot'])).toBe('unknown');
		expect(claimNote(['paid', 'paid', 'notPaid'])).toBe('2 already paid, 1 not paid');
		expect(claimNote(['atPivot'])).toBe('already at Pivot');
	});
});
