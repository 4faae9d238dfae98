/**
 * Payout → Get with Wait Until Final, through n8n-core's engine against the simulator, whose
 * payouts move to their final state over time (the delayed account goes APPROVED → PENDING →
 * SUCCESS): it polls until every payout is final, stops at once for one parked for a top-up,
 * outputs the last state with isFinal false when time runs out, retries a failed poll instead of
 * reading it as a status, and stops waiting at once when the execution is cancelled.
 */
import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { DELAYED_PAYOUT_ACCOUNT, INSUFFICIENT_BALANCE_ACCOUNT } from '../../sandbox';
import { createByChannel, getByReference, requestsTo, row, usePivotEnv } from '../support/pivotEnv';
import { configureSandbox } from '../support/reconcile';

const env = usePivotEnv({ processingDelayMs: 300, inProcessWindowMs: 400 });

const WAIT = { waitUntilFinal: true, pollIntervalSeconds: 0.1, maxWaitSeconds: 10 };
const lookUps = () => requestsTo(env.sandbox, 'getPayout');

beforeEach(async () => await configureSandbox(env.sandbox, { processingDelayMs: 300 }));

async function create(rows: IDataObject[], sendAs: 'bulk' | 'perItem' = 'perItem'): Promise<string> {
	const created = await env.run(createByChannel({ sendAs }), rows);
	expect(created.error).toBeUndefined();
	return created.items[0].json.requestUuid as string;
}

const byUuid = (uuid: string, options: IDataObject) => ({ resource: 'payout', operation: 'get', lookUpBy: 'uuid', uuid, returnAll: true, options });

describe('Payout → Get, Wait Until Final', () => {
	it('by Reference ID: waits from APPROVED through PENDING to SUCCESS; without it, answers at once', async () => {
		await create([row('W-DELAYED', DELAYED_PAYOUT_ACCOUNT)]);
		const atOnce = await env.run(getByReference('W-DELAYED'));
		expect(atOnce.items[0].json).toMatchObject({ status: 'APPROVED', isFinal: false });
		expect(atOnce.items[0].json.waitOutcome).toBeUndefined();

		const waited = await env.run({ ...getByReference('W-DELAYED'), options: WAIT });
		expect(waited.items).toHaveLength(1);
		expect(waited.items[0].json).toMatchObject({ status: 'SUCCESS', isFinal: true, awaitingTopUp: false, waitOutcome: 'final', waitNote: null });
		const statuses = lookUps().map((r) => r.status);
		expect(statuses.length).toBeGreaterThanOrEqual(4);
		expect(statuses.every((s) => s === 200)).toBe(true);
		expect(env.sandbox.payouts()[0].status).toBe('SUCCESS');
	});

	it('by Request UUID: "still processing" on the first look-up is tried again; every payout ends final', async () => {
		const uuid = await create([row('W-B1'), row('W-B2', '999966660002'), row('W-B3', DELAYED_PAYOUT_ACCOUNT)], 'bulk');
		const result = await env.run(byUuid(uuid, WAIT));
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => [item.json.referenceId, item.json.status, item.json.isFinal, item.json.waitOutcome])).toEqual([
			['W-B1', 'SUCCESS', true, 'final'],
			['W-B2', 'FAILED', true, 'final'],
			['W-B3', 'SUCCESS', true, 'final'],
		]);
		expect(result.items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(lookUps().some((r) => r.code === 'payouts_in_process')).toBe(true);
	});

	it('without Wait Until Final, "still processing" fails the item as before', async () => {
		const uuid = await create([row('W-NOWAIT')]);
		const result = await env.run(byUuid(uuid, {}));
		expect(result.error?.message).toBe('Get payout request: Pivot is still processing this payout request');
	});

	it('a payout parked for a top-up is not waited for (by Request UUID, and by UUID and Reference ID)', async () => {
		const uuid = await create([row('W-PARKED', INSUFFICIENT_BALANCE_ACCOUNT)]);
		await sleep(450); // past the "still processing" window
		const started = Date.now();
		const result = await env.run(byUuid(uuid, { ...WAIT, maxWaitSeconds: 30 }));
		expect(Date.now() - started).toBeLessThan(5000);
		expect(result.items[0].json).toMatchObject({ status: 'APPROVED', requestStatus: 'PENDING', isFinal: false, awaitingTopUp: true, waitOutcome: 'awaitingTopUp' });
		expect(result.items[0].json.waitNote).toMatch(/Waiting for Top Up/);
		expect(lookUps()).toHaveLength(1);

		const one = await env.run({ resource: 'payout', operation: 'get', lookUpBy: 'uuidAndReference', uuid, referenceId: 'W-PARKED', options: { ...WAIT, maxWaitSeconds: 30 } });
		expect(one.items[0].json).toMatchObject({ awaitingTopUp: true, waitOutcome: 'awaitingTopUp' });
		// The item's own look-up, then one read of the request's status (page 1, one payout).
		expect(lookUps().slice(1).map((r) => r.query)).toEqual([{ referenceId: 'W-PARKED' }, { page: '1', perPage: '1' }]);
		expect(env.sandbox.payouts()[0]).toMatchObject({ status: 'APPROVED', requestStatus: 'PENDING' });
	});

	it('time runs out: the state read last, isFinal false, and what to do; a parked payout by Reference ID cannot be told', async () => {
		await configureSandbox(env.sandbox, { processingDelayMs: 60_000 });
		await create([row('W-SLOW')]);
		const started = Date.now();
		const result = await env.run({ ...getByReference('W-SLOW'), options: { ...WAIT, pollIntervalSeconds: 0.2, maxWaitSeconds: 1 } });
		const elapsed = Date.now() - started;
		expect(elapsed).toBeGreaterThanOrEqual(800);
		expect(elapsed).toBeLessThan(3000);
		expect(result.items[0].json).toMatchObject({ status: 'APPROVED', isFinal: false, awaitingTopUp: null, waitOutcome: 'maximumWait' });
		expect(result.items[0].json.waitNote).toMatch(/^Not final after waiting up to 1 s \(status APPROVED\).*look it up by Request UUID to know/);
		expect(lookUps().length).toBeGreaterThanOrEqual(3);
		expect(lookUps().length).toBeLessThanOrEqual(7);
	});

	it('a failed poll is tried again, never read as a status', async () => {
		await create([row('W-FLAKY', DELAYED_PAYOUT_ACCOUNT)]);
		env.sandbox.setFault({ route: 'getPayout', kind: 'status', status: 503, rate: 0.5, seed: 11 });
		const result = await env.run({ ...getByReference('W-FLAKY'), options: WAIT });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ status: 'SUCCESS', waitOutcome: 'final' });
		expect(lookUps().filter((r) => r.status === 503).length).toBeGreaterThan(0);
	});

	it('when the last polls fail, the item keeps the state read before them and says so', async () => {
		await configureSandbox(env.sandbox, { processingDelayMs: 60_000 });
		await create([row('W-DOWN')]);
		const running = env.run({ ...getByReference('W-DOWN'), options: { ...WAIT, pollIntervalSeconds: 0.2, maxWaitSeconds: 1.5 } });
		await sleep(500);
		env.sandbox.setFault({ route: 'getPayout', kind: 'status', status: 503, rate: 1, seed: 1 });
		const result = await running;
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ status: 'APPROVED', isFinal: false, waitOutcome: 'maximumWait' });
		expect(result.items[0].json.waitNote).toMatch(/The last look-up failed \(.*unavailable.*\), so this is the state read before it\./);
	});

	it('a cancelled execution stops waiting at once and looks nothing more up', async () => {
		await configureSandbox(env.sandbox, { processingDelayMs: 60_000 });
		await create([row('W-CANCEL')]);
		let cancelledAt = 0;
		const result = env.harness.run('CUSTOM.pivot', { ...getByReference('W-CANCEL'), options: { ...WAIT, pollIntervalSeconds: 5, maxWaitSeconds: 60 } }, [{}], {}, {}, (cancel) => {
			void sleep(1000).then(() => {
				cancelledAt = Date.now();
				cancel();
			});
		});
		await result;
		const stoppedAfter = Date.now() - cancelledAt;
		expect(cancelledAt).toBeGreaterThan(0);
		// Cancelled 1 s into a 5 s pause between polls: the pause ends at once, nothing more is asked.
		expect(stoppedAfter).toBeLessThan(1000);
		await sleep(1000);
		expect(lookUps()).toHaveLength(1);
	});

	it.each([
		[{ waitUntilFinal: 'yes' }, /^Item 1 \(index 0\): Option "Wait Until Final" must be true or false, got "yes"\. Nothing was sent\.$/],
		[{ waitUntilFinal: true, pollIntervalSeconds: '1.000' }, /Option "Poll Interval \(Seconds\)" must be written without thousands separators/],
		[{ waitUntilFinal: true, maxWaitSeconds: 0 }, /Option "Maximum Wait \(Seconds\)" must be from 1 to 300, got 0/],
		[{ waitUntilFinal: true, maxWaitSeconds: 301 }, /Option "Maximum Wait \(Seconds\)" must be from 1 to 300, got 301/],
		[{ waitUntilFinal: true, pollIntervalSeconds: 0.05 }, /Option "Poll Interval \(Seconds\)" must be from 0.1 to 60, got 0.05/],
	])('refuses the options %p before any request', async (options, message) => {
		const result = await env.run({ ...getByReference('W-ANY'), options });
		expect(result.error?.message).toMatch(message);
		expect(lookUps()).toHaveLength(0);
		const continued = await env.run({ ...getByReference('W-ANY'), options }, [{}, {}], { onError: 'continueRegularOutput' });
		expect(continued.items.map((item) => [item.pairedItem, item.json.notSent])).toEqual([[{ item: 0 }, true], [{ item: 1 }, true]]);
		expect(lookUps()).toHaveLength(0);
	});

	it('several items: each keeps its pairing and order; only those not final are looked up again', async () => {
		await create([row('W-M1')]);
		await create([row('W-M2', DELAYED_PAYOUT_ACCOUNT)]);
		await env.sandbox.waitForSettled(5000);
		const params = { resource: 'payout', operation: 'get', lookUpBy: 'reference', referenceId: '={{ $json.ref }}', options: { ...WAIT, concurrency: 2 } };
		await configureSandbox(env.sandbox, { processingDelayMs: 300 });
		await create([row('W-M3', DELAYED_PAYOUT_ACCOUNT)]);
		const result = await env.run(params, [{ ref: 'W-M1' }, { ref: 'W-M3' }, { ref: 'W-M2' }]);
		expect(result.items.map((item) => [item.pairedItem, item.json.referenceId, item.json.status, item.json.waitOutcome])).toEqual([
			[{ item: 0 }, 'W-M1', 'SUCCESS', 'final'],
			[{ item: 1 }, 'W-M3', 'SUCCESS', 'final'],
			[{ item: 2 }, 'W-M2', 'SUCCESS', 'final'],
		]);
		const perReference = (ref: string) => lookUps().filter((r) => r.path === `/v1/payouts/${ref}`).length;
		expect(perReference('W-M1')).toBe(1);
		expect(perReference('W-M2')).toBe(1);
		expect(perReference('W-M3')).toBeGreaterThan(1);
	});
});
