/**
 * Which earlier outputs of Payout → Create count against the AI agents' Maximum Payouts per
 * Execution: paid and possibly paid items, in the shape of either output n8n gives them.
 */
import { countsAgainstCap } from '../../../nodes/Pivot/actions/payout/create/agentGuard';

const REQUEST_ID = 'a'.repeat(32);

describe("the AI agents' payout count reads earlier outputs in every shape", () => {
	it.each([
		['a paid item', { referenceId: 'R1', requestId: REQUEST_ID, requestUuid: 'u1' }, true],
		['an unknown outcome on the one output (Continue)', { error: 'x (outcome unknown)', paymentOutcome: 'unknown', requestId: REQUEST_ID }, true],
		[
			'an unknown outcome on the error output',
			{ error: { message: 'x (outcome unknown)', paymentOutcome: 'unknown', requestId: REQUEST_ID }, message: 'x (outcome unknown)' },
			true,
		],
		['a payout proved not paid (Continue)', { error: 'x (not paid)', paymentOutcome: 'notPaid', requestId: REQUEST_ID }, false],
		['a payout proved not paid (error output)', { error: { message: 'x', paymentOutcome: 'notPaid', requestId: REQUEST_ID }, message: 'x' }, false],
		['a row never sent', { error: { message: 'x', paymentOutcome: 'notPaid', notSent: true }, message: 'x' }, false],
		['an item of another operation', { status: 'VALID', inquiryId: 'i1' }, false],
	])('%s → %p', (_name, json, counts) => {
		expect(countsAgainstCap(json)).toBe(counts);
	});
});
