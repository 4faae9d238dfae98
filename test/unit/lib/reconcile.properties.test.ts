/**
 * Properties of Payout → Reconcile's verdict (nodes/lib/reconcile.ts) over any record and any
 * answer Pivot could give: what each verdict promises holds, and a payout that was paid is never
 * called anything that reads as "not paid". A failure prints its seed (PIVOT_SEED=<seed> repeats it).
 */
import fc from 'fast-check';

import type { LookUp, PayoutAtPivot, ReconcileRecord } from '../../../nodes/lib/reconcile';
import { judge, VERDICTS } from '../../../nodes/lib/reconcile';
import { normalisePayoutItem } from '../../../nodes/lib/shapes';

const STATUSES = ['SUCCESS', 'FAILED', 'CANCELLED', 'REJECTED', 'APPROVED', 'PENDING', 'PROCESSING', '', null];
const ACCOUNTS = ['999966660001', '999966660002', '0012', ''];
const CHANNELS = ['BRI', 'BCA', 'bri', ''];
const AMOUNTS = ['150000', '150000.00', '150001', '10000', 'abc', '', '-150000'];

const record: fc.Arbitrary<ReconcileRecord> = fc.record({
	referenceId: fc.constant('REF-1'),
	expectedAmount: fc.constantFrom(150000, 10000, 150001),
	expectedAccountNumber: fc.constantFrom('999966660001', '0012', null),
	expectedChannel: fc.constantFrom('BRI', 'BCA', null),
	requestUuid: fc.constantFrom(null, 'd6a46a2c-1b26-40c5-9ca3-e063e69635a0'),
});

const payout: fc.Arbitrary<PayoutAtPivot> = fc
	.record({
		status: fc.constantFrom(...STATUSES),
		amount: fc.constantFrom(...AMOUNTS),
		account: fc.constantFrom(...ACCOUNTS),
		channel: fc.constantFrom(...CHANNELS),
		reason: fc.constantFrom('', 'Invalid account', 'Something new'),
		updated: fc.constantFrom('2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', ''),
		parked: fc.constantFrom(true, false, null),
	})
	.map((p) => ({
		...normalisePayoutItem(
			{
				referenceId: 'REF-1',
				status: p.status,
				amount: { value: p.amount, currency: 'IDR' },
				channelCode: p.channel,
				channelInformation: { accountNumber: p.account, accountName: 'X' },
				reason: p.reason,
				updated: p.updated,
			},
			null,
		),
		parked: p.parked,
	}));

const lookUp: fc.Arbitrary<LookUp> = fc.oneof(
	fc.constant<LookUp>({ kind: 'none' }),
	fc.record({ kind: fc.constant('failed' as const), message: fc.string(), description: fc.string() }),
	fc.array(payout, { minLength: 1, maxLength: 3 }).map((payouts): LookUp => ({ kind: 'found', payouts })),
);

const KNOWN = ['SUCCESS', 'FAILED', 'CANCELLED', 'REJECTED', 'APPROVED', 'PENDING'];
const payoutsOf = (l: LookUp) => (l.kind === 'found' ? l.payouts : []);
const unreadable = (l: LookUp) => payoutsOf(l).some((p) => p.status === null || !KNOWN.includes(p.status));
const live = (l: LookUp) => payoutsOf(l).filter((p) => ['SUCCESS', 'APPROVED', 'PENDING'].includes(p.status ?? ''));

describe('judge (properties)', () => {
	it('gives one of the seven verdicts and never throws', () => {
		fc.assert(fc.property(record, lookUp, (r, l) => void expect(VERDICTS).toContain(judge(r, l).verdict)));
	});

	it('unknown if and only if the look-up failed or Pivot answered a status it does not know', () => {
		fc.assert(
			fc.property(record, lookUp, (r, l) => {
				expect(judge(r, l).verdict === 'unknown').toBe(l.kind === 'failed' || unreadable(l));
			}),
		);
	});

	it('notAtPivot if and only if the look-up succeeded and found nothing', () => {
		fc.assert(fc.property(record, lookUp, (r, l) => void expect(judge(r, l).verdict === 'notAtPivot').toBe(l.kind === 'none')));
	});

	it('matched implies one live payout, SUCCESS, with the same amount, account and channel where given', () => {
		fc.assert(
			fc.property(record, lookUp, (r, l) => {
				const result = judge(r, l);
				if (result.verdict !== 'matched') return;
				expect(live(l)).toHaveLength(1);
				expect(result.payout?.status).toBe('SUCCESS');
				expect(result.payout?.amount.number).toBe(r.expectedAmount);
				if (r.expectedAccountNumber !== null) expect(result.payout?.accountNumber?.trim()).toBe(r.expectedAccountNumber);
				if (r.expectedChannel !== null) expect(result.payout?.channelCode?.toUpperCase()).toBe(r.expectedChannel);
				expect(result.mismatches).toEqual([]);
			}),
		);
	});

	it('mismatch implies at least one mismatch, each naming a field, what was expected and what Pivot holds', () => {
		fc.assert(
			fc.property(record, lookUp, (r, l) => {
				const result = judge(r, l);
				if (result.verdict !== 'mismatch') return;
				expect(result.mismatches.length).toBeGreaterThan(0);
				for (const m of result.mismatches) {
					expect(['amount', 'accountNumber', 'channel', 'payouts']).toContain(m.field);
					expect(m.expected).not.toEqual(m.atPivot);
				}
			}),
		);
	});

	it('a paid (SUCCESS) payout is never called failed, pending, awaitingTopUp or notAtPivot', () => {
		fc.assert(
			fc.property(record, lookUp, (r, l) => {
				if (!payoutsOf(l).some((p) => p.status === 'SUCCESS')) return;
				expect(['matched', 'mismatch', 'unknown']).toContain(judge(r, l).verdict);
			}),
		);
	});

	it('failed only when every payout under the Reference ID ended unpaid', () => {
		fc.assert(
			fc.property(record, lookUp, (r, l) => {
				if (judge(r, l).verdict !== 'failed') return;
				expect(payoutsOf(l).length).toBeGreaterThan(0);
				expect(payoutsOf(l).every((p) => ['FAILED', 'CANCELLED', 'REJECTED'].includes(p.status ?? ''))).toBe(true);
			}),
		);
	});

	it('awaitingTopUp only for one open payout whose request is known to be parked', () => {
		fc.assert(
			fc.property(record, lookUp, (r, l) => {
				const result = judge(r, l);
				if (result.verdict !== 'awaitingTopUp') return;
				expect(live(l)).toHaveLength(1);
				expect(result.payout?.parked).toBe(true);
				expect(['APPROVED', 'PENDING']).toContain(result.payout?.status);
			}),
		);
	});

	it('every payout Pivot returned is either the one judged or listed among the others', () => {
		fc.assert(
			fc.property(record, lookUp, (r, l) => {
				const result = judge(r, l);
				const shown = [result.payout, ...result.others].filter(Boolean);
				expect(shown).toHaveLength(payoutsOf(l).length);
			}),
		);
	});
});
