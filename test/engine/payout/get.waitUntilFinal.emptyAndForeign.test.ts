/**
 * Payout → Get with Wait Until Final never reports final when it is not, never reads an answer
 * it cannot use as a status, and puts out every input item exactly once. A proxy in front of the
 * simulator replaces Pivot's answers:
 *
 * 1. A poll whose success answer lists no payout is a failed poll: the item comes out once, with
 *    the state read before it, not final.
 * 2. By Reference ID, only payouts under this exact Reference ID are read: another payout (another
 *    letter case, as a Pivot matching without case would list) never stands for this one.
 * 3. Whether a payout is parked for a top-up is read again from every poll's request status: a
 *    request parked while the node waits is reported parked, not waited for.
 */
import { createByChannel, row, harnessFor, PIVOT, usePivotEnv } from '../support/pivotEnv';
import { configureSandbox } from '../support/reconcile';
import type { RewritingGateway } from '../support/rewritingGateway';
import { startRewritingGateway } from '../support/rewritingGateway';

const env = usePivotEnv({ processingDelayMs: 50 });
const WAIT = { waitUntilFinal: true, pollIntervalSeconds: 0.1, maxWaitSeconds: 1 };

let gateway: RewritingGateway | undefined;
afterEach(async () => {
	await gateway?.close();
	gateway = undefined;
	await configureSandbox(env.sandbox, { processingDelayMs: 50 });
});

async function createPending(referenceId: string): Promise<string> {
	await configureSandbox(env.sandbox, { processingDelayMs: 60_000 });
	const created = await env.run(createByChannel(), [row(referenceId)]);
	expect(created.error).toBeUndefined();
	return created.items[0].json.requestUuid as string;
}

describe('Payout → Get, Wait Until Final: only answers naming this payout are read as its status', () => {
	it('a poll answered with an empty payouts list: the item still comes out once, not final, with the state read before', async () => {
		const uuid = await createPending('RT-WAIT-1');
		let answers = 0;
		gateway = await startRewritingGateway(env.sandbox.url, (seen) => {
			if (seen.method !== 'GET' || !seen.url.startsWith(`/v1/payouts/${uuid}?referenceId=`) || seen.status !== 200) return undefined;
			if (++answers === 1) return undefined;
			const body = JSON.parse(seen.body) as { data: { payouts: unknown[] } };
			body.data.payouts = [];
			return { status: 200, body: JSON.stringify(body) };
		});
		const params = { resource: 'payout', operation: 'get', lookUpBy: 'uuidAndReference', uuid, referenceId: 'RT-WAIT-1', options: WAIT };
		const result = await harnessFor(env.sandbox, undefined, gateway.url).run(PIVOT, params, [{}]);
		expect(gateway.replaced()).toBeGreaterThan(0);
		expect(env.sandbox.payouts()[0].status).not.toBe('SUCCESS');
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(result.items[0].json).toMatchObject({ referenceId: 'RT-WAIT-1', isFinal: false, waitOutcome: 'maximumWait' });
		expect(result.items[0].json.waitNote).toMatch(/The last look-up failed \(.*without any payout under "RT-WAIT-1".*\), so this is the state read before it/);
	});

	it("by Reference ID, another payout's SUCCESS (another case) is never reported final for this one", async () => {
		await env.run(createByChannel(), [row('rt-case-1')]);
		await env.sandbox.waitForSettled();
		await createPending('RT-CASE-1');
		expect(env.sandbox.payouts().map((p) => [p.referenceId, p.status])).toEqual([
			['rt-case-1', 'SUCCESS'],
			['RT-CASE-1', expect.not.stringMatching(/SUCCESS/)],
		]);
		const other = env.sandbox.payouts()[0];
		const answer = {
			code: '00',
			message: 'Success',
			data: [
				{
					referenceId: other.referenceId,
					channelCode: 'BRI',
					channelInformation: { accountNumber: '999966660001', accountName: 'Reforza Pivot' },
					amount: { value: '150000', currency: 'IDR' },
					status: 'SUCCESS',
					reason: '',
				},
			],
		};
		// A Pivot that matches Reference IDs without case: the answer for RT-CASE-1 lists rt-case-1.
		gateway = await startRewritingGateway(env.sandbox.url, (seen) =>
			seen.method === 'GET' && seen.url.startsWith('/v1/payouts/RT-CASE-1?') ? { status: 200, body: JSON.stringify(answer) } : undefined,
		);
		const params = { resource: 'payout', operation: 'get', lookUpBy: 'reference', referenceId: 'RT-CASE-1', options: WAIT };
		const result = await harnessFor(env.sandbox, undefined, gateway.url).run(PIVOT, params, [{}]);
		expect(result.items.filter((item) => item.json.status === 'SUCCESS' || item.json.waitOutcome === 'final')).toEqual([]);
		// The item fails (outcome unknown), naming what Pivot listed instead.
		expect(result.error?.message).toMatch(/other Reference IDs \("rt-case-1"\), none under this exact one \(outcome unknown\)/);
	});

	it('by Request UUID, a request that turns PENDING (parked) while waiting is reported parked, not waited for', async () => {
		const uuid = await createPending('RT-PARK-LATE');
		let answers = 0;
		gateway = await startRewritingGateway(env.sandbox.url, (seen) => {
			if (seen.method !== 'GET' || !seen.url.startsWith(`/v1/payouts/${uuid}?page=`) || seen.status !== 200) return undefined;
			if (++answers === 1) return undefined;
			const body = JSON.parse(seen.body) as { data: { status: string } };
			body.data.status = 'PENDING';
			return { status: 200, body: JSON.stringify(body) };
		});
		const params = { resource: 'payout', operation: 'get', lookUpBy: 'uuid', uuid, returnAll: true, options: { ...WAIT, maxWaitSeconds: 2 } };
		const result = await harnessFor(env.sandbox, undefined, gateway.url).run(PIVOT, params, [{}]);
		expect(gateway.replaced()).toBeGreaterThan(0);
		const [item] = result.items;
		expect(item.json.requestStatus).toBe('PENDING');
		expect(item.json).toMatchObject({ awaitingTopUp: true, waitOutcome: 'awaitingTopUp' });
	});
});
