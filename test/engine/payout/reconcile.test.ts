/**
 * Payout → Reconcile through n8n-core's engine against the simulator: each verdict from payouts
 * the simulator really holds, one output item per record in input order, and nothing but
 * look-ups sent (the simulator's records show no create).
 */
import { sleep } from 'n8n-workflow';
import { INSUFFICIENT_BALANCE_ACCOUNT } from '../../sandbox';
import { configureSandbox, reconcileParams, record, referenceLookUps } from '../support/reconcile';
import { createByChannel, requestsTo, row, usePivotEnv } from '../support/pivotEnv';

const env = usePivotEnv();

beforeEach(async () => await configureSandbox(env.sandbox, { processingDelayMs: 50 }));

async function createPayouts(rows: ReturnType<typeof row>[], sendAs: 'bulk' | 'perItem' = 'bulk'): Promise<string[]> {
	const created = await env.run(createByChannel({ sendAs }), rows);
	expect(created.error).toBeUndefined();
	return created.items.map((item) => item.json.requestUuid as string);
}

describe('Payout → Reconcile: verdicts from the payouts the simulator holds', () => {
	it('matched, failed, mismatch, awaitingTopUp, pending and notAtPivot, each paired to its record in order', async () => {
		await createPayouts([row('R-PAID'), row('R-FAILED', '999966660002'), row('R-WRONG', '999966660001', '175000')]);
		await env.sandbox.waitForSettled();
		const [parkedUuid] = await createPayouts([row('R-PARKED', INSUFFICIENT_BALANCE_ACCOUNT)], 'perItem');
		await configureSandbox(env.sandbox, { processingDelayMs: 60_000 });
		const [pendingUuid] = await createPayouts([row('R-PENDING')], 'perItem');
		// Pivot answers "still being processed" for a request younger than its in-process window
		// (100 ms in the simulator): wait it out, so the request read can tell parked from pending.
		await sleep(150);
		const createsBefore = env.createRequests();

		const records = [
			record('R-PAID', '150000', { accountNumber: '999966660001', channel: 'bri' }),
			record('R-FAILED', 150000),
			record('R-WRONG', 150000, { accountNumber: '999966660009' }),
			record('R-PARKED', 150000, { requestUuid: parkedUuid }),
			record('R-PARKED', 150000),
			record('R-PENDING', 150000, { requestUuid: pendingUuid }),
			record('R-NONE', 150000),
		];
		const result = await env.run(reconcileParams(), records);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => [item.pairedItem, item.json.referenceId, item.json.verdict])).toEqual([
			[{ item: 0 }, 'R-PAID', 'matched'],
			[{ item: 1 }, 'R-FAILED', 'failed'],
			[{ item: 2 }, 'R-WRONG', 'mismatch'],
			[{ item: 3 }, 'R-PARKED', 'awaitingTopUp'],
			[{ item: 4 }, 'R-PARKED', 'pending'],
			[{ item: 5 }, 'R-PENDING', 'pending'],
			[{ item: 6 }, 'R-NONE', 'notAtPivot'],
		]);
		const [paid, failed, wrong, parked, parkedUnknown, pending, none] = result.items.map((item) => item.json);
		expect(paid).toMatchObject({
			status: 'SUCCESS',
			isFinal: true,
			awaitingTopUp: false,
			amount: { value: '150000', number: 150000, currency: 'IDR' },
			channel: 'BRI',
			accountNumber: '999966660001',
			expectedAmount: 150000,
			expectedChannel: 'BRI',
			mismatches: [],
			payoutsAtPivot: 1,
			lookupError: null,
		});
		expect(failed).toMatchObject({ status: 'FAILED', reason: 'Inactive account', retry: 'doNotRetry', advice: expect.stringMatching(/^Do not retry/) });
		expect(wrong.mismatches).toEqual([
			{ field: 'amount', expected: 150000, atPivot: 175000 },
			{ field: 'accountNumber', expected: '999966660009', atPivot: '999966660001' },
		]);
		expect(parked).toMatchObject({ status: 'APPROVED', awaitingTopUp: true, requestUuid: parkedUuid, isFinal: false });
		expect(parked.action).toMatch(/Waiting for Top Up/);
		expect(parkedUnknown).toMatchObject({ status: 'APPROVED', awaitingTopUp: null });
		expect(parkedUnknown.action).toMatch(/give the record its Request UUID/);
		expect(pending).toMatchObject({ status: 'APPROVED', awaitingTopUp: false, requestUuid: pendingUuid });
		expect(none).toMatchObject({ status: null, amount: null, payoutsAtPivot: 0 });

		// At the simulator: look-ups only, one per record, plus the two request reads for Request UUIDs.
		expect(env.createRequests()).toBe(createsBefore);
		expect(referenceLookUps(env.sandbox)).toEqual(expect.arrayContaining(records.map((r) => r.referenceId)));
		expect(referenceLookUps(env.sandbox).filter((ref) => ref.startsWith('R-'))).toHaveLength(records.length);
		const requestReads = requestsTo(env.sandbox, 'getPayout').filter((r) => r.query.type === undefined);
		expect(requestReads.map((r) => r.path).sort()).toEqual([`/v1/payouts/${parkedUuid}`, `/v1/payouts/${pendingUuid}`].sort());
	});

	it('a parked payout cancelled in the Dashboard turns failed (CANCELLED); the simulator holds it CANCELLED', async () => {
		const [uuid] = await createPayouts([row('R-CANCEL', INSUFFICIENT_BALANCE_ACCOUNT)], 'perItem');
		expect(env.sandbox.cancelPending(uuid)).toBe(true);
		const result = await env.run(reconcileParams(), [record('R-CANCEL', 150000, { requestUuid: uuid })]);
		expect(result.items[0].json).toMatchObject({ verdict: 'failed', status: 'CANCELLED', isFinal: true });
		expect(result.items[0].json.action).toMatch(/Not paid: the payout was CANCELLED/);
		expect(env.sandbox.payouts().find((p) => p.referenceId === 'R-CANCEL')?.status).toBe('CANCELLED');
	});

	it('a channel that differs is a mismatch naming both codes', async () => {
		await createPayouts([row('R-CH')]);
		await env.sandbox.waitForSettled();
		const result = await env.run(reconcileParams(), [record('R-CH', 150000, { channel: 'BCA' })]);
		expect(result.items[0].json).toMatchObject({ verdict: 'mismatch', mismatches: [{ field: 'channel', expected: 'BCA', atPivot: 'BRI' }] });
	});

	it('fields read straight from the item (`{{ $json.x }}`) and through n8n expressions give the same records', async () => {
		await createPayouts([row('R-FAST')]);
		await env.sandbox.waitForSettled();
		const records = [record('R-FAST', '150000', { channel: 'BRI' }), record('R-FAST', 150001), record('R-NONE-2', 150000, { requestUuid: null })];
		const fast = await env.run(reconcileParams(), records);
		const slow = await env.run(
			{
				...reconcileParams(),
				referenceId: '={{ $json["referenceId"] }}',
				expectedAmount: '={{ $json["amount"] }}',
				expectedChannel: '={{ $json["channel"] }}',
				requestUuid: '={{ $json["requestUuid"] }}',
			},
			records,
		);
		expect(fast.items.map((item) => item.json.verdict)).toEqual(['matched', 'mismatch', 'notAtPivot']);
		expect(slow.items.map((item) => item.json)).toEqual(fast.items.map((item) => item.json));
	});

	it('"1.000.000" as Expected Amount stops the run (Stop) before any look-up, naming the item and field', async () => {
		const result = await env.run(reconcileParams(), [record('R-1', 150000), record('R-2', '1.000.000')]);
		expect(result.error?.message).toMatch(/^Item 2 \(index 1\): Expected Amount must be a whole number of rupiah written with digits only/);
		expect(result.error?.message).toMatch(/write 1000000 for that many rupiah\)\. Nothing was looked up\.$/);
		expect(requestsTo(env.sandbox, 'getPayout')).toHaveLength(0);
	});

	it('a record with a Reference ID that cannot be looked up is refused without a request', async () => {
		const result = await env.run(reconcileParams(), [record('..', 150000)]);
		expect(result.error?.message).toMatch(/^Item 1 \(index 0\): Reference ID/);
		expect(requestsTo(env.sandbox, 'getPayout')).toHaveLength(0);
	});
});
