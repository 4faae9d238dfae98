/**
 * Properties of the trigger's callback parser and normaliser: any body, however malformed, is
 * either refused with a problem that repeats none of its values, or turned into items whose money
 * fields mean what Pivot sent (never a guessed amount or a made-up final state).
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { asPivotCallback, normaliseCallback } from '../../nodes/PivotTrigger/normalise';

/** Bodies shaped like Pivot's callbacks, with any value in any field. */
const callbackLike = fc.record(
	{
		event: fc.oneof(fc.constantFrom('PAYOUT.SUCCESS', 'PAYOUT.FAILED', 'PAYOUT.DONE', 'PAYOUT.PENDING', 'PAYOUT.CANCELLED', 'PAYOUT.DELAYED'), fc.anything()),
		data: fc.oneof(
			fc.record(
				{
					uuid: fc.oneof(fc.uuid(), fc.anything()),
					status: fc.oneof(fc.constantFrom('SUCCESS', 'FAILED', 'DONE', 'PENDING', 'CANCELLED'), fc.anything()),
					merchantId: fc.anything(),
					payouts: fc.oneof(
						fc.record({ referenceId: fc.anything(), status: fc.anything(), amount: fc.oneof(fc.record({ value: fc.anything(), currency: fc.anything() }), fc.anything()) }, { requiredKeys: [] }),
						fc.anything(),
					),
					payoutResults: fc.oneof(fc.dictionary(fc.constantFrom('totalPendingCount', 'totalSuccessCount', 'totalSuccessAmount'), fc.anything()), fc.anything()),
				},
				{ requiredKeys: [] },
			),
			fc.anything(),
		),
	},
	{ requiredKeys: [] },
);

describe('callback bodies', () => {
	it('never throws, whatever the body (property)', () => {
		fc.assert(
			fc.property(fc.oneof(fc.anything(), callbackLike), (body) => {
				const parsed = asPivotCallback(body);
				if (parsed.ok) normaliseCallback(parsed.callback);
			}),
		);
	});

	it('a refusal repeats none of the values received (property)', () => {
		fc.assert(
			fc.property(fc.string({ minLength: 6 }), (secret) => {
				for (const body of [{ event: secret }, { event: 1, data: { uuid: secret } }, { data: secret }, secret]) {
					const parsed = asPivotCallback(body);
					if (!parsed.ok) expect(parsed.problem).not.toContain(secret);
				}
			}),
		);
	});

	it('an amount is a number only when Pivot sent a numeric value, and a request is final only when Pivot said so (property)', () => {
		fc.assert(
			fc.property(callbackLike, (body) => {
				const parsed = asPivotCallback(body);
				if (!parsed.ok) return;
				for (const item of normaliseCallback(parsed.callback)) {
					const amount = item.amount as IDataObject | null;
					if (amount && amount.number !== null) expect(Number.isFinite(amount.number)).toBe(true);
					if (item.scope === 'bulk' && item.isFinal) {
						const totals = item.totals as IDataObject | null;
						expect(item.status === 'CANCELLED' || (item.status === 'DONE' && totals?.totalPendingCount === 0)).toBe(true);
					}
				}
			}),
		);
	});
});
