/** Payout → Reconcile's verdicts (nodes/lib/reconcile.ts): each verdict, its action, and reading a record. */
import type { LookUp, PayoutAtPivot, ReconcileRecord } from '../../../nodes/lib/reconcile';
import { judge, readRecord } from '../../../nodes/lib/reconcile';
import { normalisePayoutItem } from '../../../nodes/lib/shapes';

const RECORD: ReconcileRecord = {
	referenceId: 'INV-1',
	expectedAmount: 150000,
	expectedAccountNumber: '999966660001',
	expectedChannel: 'BRI',
	requestUuid: null,
};

function payout(fields: { status?: string | null; amount?: string; account?: string; channel?: string; reason?: string; updated?: string } = {}, parked: boolean | null = null): PayoutAtPivot {
	const raw = {
		referenceId: 'INV-1',
		status: fields.status === undefined ? 'SUCCESS' : fields.status,
		amount: { value: fields.amount ?? '150000', currency: 'IDR' },
		channelCode: fields.channel ?? 'BRI',
		channelInformation: { accountNumber: fields.account ?? '999966660001', accountName: 'Dummy Simulation' },
		reason: fields.reason ?? '',
		updated: fields.updated ?? '2026-01-01T00:00:00Z',
	};
	return { ...normalisePayoutItem(raw, null), parked };
}

const found = (...payouts: PayoutAtPivot[]): LookUp => ({ kind: 'found', payouts });

describe('judge: one payout under the Reference ID', () => {
	it('matched: SUCCESS, same amount, account and channel', () => {
		const result = judge(RECORD, found(payout()));
		expect(result).toMatchObject({ verdict: 'matched', mismatches: [], others: [] });
		expect(result.action).toBe('Nothing to do: paid as recorded.');
	});

	it('matched without account and channel in the record: only the amount is compared', () => {
		const record = { ...RECORD, expectedAccountNumber: null, expectedChannel: null };
		expect(judge(record, found(payout({ account: '123', channel: 'BCA' }))).verdict).toBe('matched');
	});

	it('compares the channel case-insensitively and the account after trimming', () => {
		expect(judge(RECORD, found(payout({ channel: 'bri', account: ' 999966660001 ' }))).verdict).toBe('matched');
	});

	it.each([
		['amount', { amount: '150001' }, { field: 'amount', expected: 150000, atPivot: 150001 }],
		['account number', { account: '999966660009' }, { field: 'accountNumber', expected: '999966660001', atPivot: '999966660009' }],
		['channel', { channel: 'BCA' }, { field: 'channel', expected: 'BRI', atPivot: 'BCA' }],
	])('mismatch on the %s, naming both values', (_what, fields, mismatch) => {
		const result = judge(RECORD, found(payout(fields)));
		expect(result.verdict).toBe('mismatch');
		expect(result.mismatches).toEqual([mismatch]);
		expect(result.action).toMatch(/differs from your record/);
	});

	it('an amount Pivot sends that is not a number is a mismatch, never a match', () => {
		const result = judge(RECORD, found(payout({ amount: 'abc' })));
		expect(result.mismatches).toEqual([{ field: 'amount', expected: 150000, atPivot: 'abc' }]);
	});

	it('mismatch outranks pending: a payout in flight to the wrong account is flagged now', () => {
		expect(judge(RECORD, found(payout({ status: 'PENDING', account: '1' }))).verdict).toBe('mismatch');
	});

	it.each(['APPROVED', 'PENDING'])('pending: %s and not known to be parked', (status) => {
		const result = judge(RECORD, found(payout({ status })));
		expect(result.verdict).toBe('pending');
		expect(result.action).toMatch(/Do not pay it again/);
	});

	it('an APPROVED payout of unknown parking says how to tell (the Request UUID)', () => {
		expect(judge(RECORD, found(payout({ status: 'APPROVED' }))).action).toMatch(/give the record its Request UUID/);
	});

	it('awaitingTopUp: open and its request is parked; the action names the Dashboard', () => {
		const result = judge(RECORD, found(payout({ status: 'APPROVED' }, true)));
		expect(result.verdict).toBe('awaitingTopUp');
		expect(result.action).toMatch(/Waiting for Top Up/);
	});

	it('pending, not awaitingTopUp, when its request is known not to be parked', () => {
		expect(judge(RECORD, found(payout({ status: 'APPROVED' }, false))).verdict).toBe('pending');
	});

	it('failed: the reason and advice are those Payout → Get gives', () => {
		const result = judge(RECORD, found(payout({ status: 'FAILED', reason: 'Inactive account' })));
		expect(result.verdict).toBe('failed');
		expect(result.payout).toMatchObject({ reason: 'Inactive account', retry: 'doNotRetry', advice: expect.stringMatching(/^Do not retry/) });
		expect(result.action).toMatch(/^Not paid: the payout FAILED \(Inactive account\)/);
	});

	it.each(['CANCELLED', 'REJECTED'])('failed: %s ended unpaid', (status) => {
		const result = judge(RECORD, found(payout({ status })));
		expect(result.verdict).toBe('failed');
		expect(result.action).toMatch(new RegExp(`was ${status}`));
	});

	it('failed keeps the mismatches it found, for information', () => {
		const result = judge(RECORD, found(payout({ status: 'FAILED', amount: '1' })));
		expect(result.verdict).toBe('failed');
		expect(result.mismatches).toEqual([{ field: 'amount', expected: 150000, atPivot: 1 }]);
	});

	it.each([null, 'PROCESSING', 'DELAYED'])('unknown: Pivot answered a status the node does not know (%p)', (status) => {
		const result = judge(RECORD, found(payout({ status })));
		expect(result.verdict).toBe('unknown');
		expect(result.action).toMatch(/Pivot answered a status this node does not know/);
	});
});

describe('judge: no payout, or no answer', () => {
	it('notAtPivot when Pivot answered that it holds none', () => {
		const result = judge(RECORD, { kind: 'none' });
		expect(result).toMatchObject({ verdict: 'notAtPivot', payout: null, mismatches: [] });
		expect(result.action).toMatch(/holds no payout under this Reference ID/);
	});

	it('unknown when the look-up failed; the action says what to check and not to pay again', () => {
		const result = judge(RECORD, { kind: 'failed', message: 'No answer from Pivot', description: 'ECONNRESET' });
		expect(result.verdict).toBe('unknown');
		expect(result.action).toMatch(/^No answer from Pivot\. Nothing is known about this payout: do not pay it again/);
		expect(result.action).toMatch(/Pivot Dashboard/);
	});
});

describe('judge: several payouts under one Reference ID', () => {
	it('one paid and earlier ones that failed: the paid one is judged, the others listed', () => {
		const failed = payout({ status: 'FAILED', reason: 'Invalid account' });
		const paid = payout();
		const result = judge(RECORD, found(failed, paid));
		expect(result.verdict).toBe('matched');
		expect(result.payout).toBe(paid);
		expect(result.others).toEqual([failed]);
	});

	it('two that paid (or may still pay) are a mismatch on the number of payouts', () => {
		const result = judge(RECORD, found(payout(), payout({ status: 'PENDING' })));
		expect(result.verdict).toBe('mismatch');
		expect(result.mismatches).toEqual([{ field: 'payouts', expected: 1, atPivot: 2 }]);
		expect(result.payout?.status).toBe('SUCCESS');
	});

	it('all ended unpaid: failed, about the latest', () => {
		const older = payout({ status: 'FAILED', reason: 'Invalid account', updated: '2026-01-01T00:00:00Z' });
		const newer = payout({ status: 'CANCELLED', updated: '2026-01-02T00:00:00Z' });
		const result = judge(RECORD, found(older, newer));
		expect(result.verdict).toBe('failed');
		expect(result.payout).toBe(newer);
	});
});

describe('readRecord', () => {
	it('reads the fields as Create would: digits as rupiah, codes upper-cased, UUIDs lower-cased', () => {
		expect(
			readRecord({ referenceId: ' INV-1 ', expectedAmount: '150000.00', expectedAccountNumber: '0012', expectedChannel: 'bca', requestUuid: 'D6A46A2C-1B26-40C5-9CA3-E063E69635A0' }),
		).toEqual({
			ok: true,
			record: { referenceId: 'INV-1', expectedAmount: 150000, expectedAccountNumber: '0012', expectedChannel: 'BCA', requestUuid: 'd6a46a2c-1b26-40c5-9ca3-e063e69635a0' },
		});
	});

	it('leaves empty optional fields out of the comparison', () => {
		expect(readRecord({ referenceId: 'A', expectedAmount: 10000, expectedAccountNumber: '', expectedChannel: '  ', requestUuid: null })).toEqual({
			ok: true,
			record: { referenceId: 'A', expectedAmount: 10000, expectedAccountNumber: null, expectedChannel: null, requestUuid: null },
		});
	});

	it.each([
		['1.000.000', /digits only.*write 1000000 for that many rupiah/],
		['1,500', /digits only.*write 1500/],
		['Rp 150000', /digits only/],
		['', /is empty/],
		[0, /greater than 0/],
		[10.5, /whole number/],
	])('refuses the Expected Amount %p, naming the field', (expectedAmount, problem) => {
		const result = readRecord({ referenceId: 'A', expectedAmount });
		expect(result).toMatchObject({ ok: false, field: 'Expected Amount' });
		if (!result.ok) expect(result.problem).toMatch(problem);
	});

	it.each([
		[{ referenceId: '' }, 'Reference ID'],
		[{ referenceId: 'a b' }, 'Reference ID'],
		[{ expectedAccountNumber: 2 ** 60 }, 'Expected Account Number'],
		[{ expectedAccountNumber: '12-34' }, 'Expected Account Number'],
		[{ expectedChannel: 'B C A' }, 'Expected Channel'],
		[{ requestUuid: 'not-a-uuid' }, 'Request UUID'],
	])('refuses %p in %s', (fields, field) => {
		expect(readRecord({ referenceId: 'A', expectedAmount: 10000, ...fields })).toMatchObject({ ok: false, field });
	});
});
