/**
 * Payout → Reconcile says `notAtPivot` only when Pivot proved it holds nothing under the Reference
 * ID: its own resource_missing, or a success envelope whose `data` is an empty list. A success
 * envelope without a list (no `data`, `data: null`, `data: "…"`) or one listing only other
 * Reference IDs proves nothing: `unknown`, never the verdict that invites paying again. A proxy
 * in front of the simulator replaces the look-up's answer; the simulator holds the payout as paid.
 */
import type { IDataObject } from 'n8n-workflow';

import { harnessFor, PIVOT, createByChannel, row, usePivotEnv } from '../support/pivotEnv';
import { reconcileParams, record } from '../support/reconcile';
import type { RewritingGateway } from '../support/rewritingGateway';
import { startRewritingGateway } from '../support/rewritingGateway';

const env = usePivotEnv();

let gateway: RewritingGateway | undefined;
afterEach(async () => {
	await gateway?.close();
	gateway = undefined;
});

const success = (data?: unknown) => JSON.stringify({ code: '00', message: 'Success', ...(data === undefined ? {} : { data }) });
const otherCase = { referenceId: 'rt-paid', status: 'SUCCESS', amount: { value: '150000', currency: 'IDR' } };

const UNREADABLE: Array<[string, string]> = [
	['no "data" at all', success()],
	['"data": null', success(null)],
	['"data" as text', success('Success')],
	['only the Reference ID in another case', success([otherCase])],
];

const SETTINGS: Array<[string, IDataObject]> = [
	['Stop', {}],
	['Continue', { onError: 'continueRegularOutput' }],
	['Continue (using error output)', { onError: 'continueErrorOutput' }],
];

async function reconcileBehind(body: string, settings: IDataObject = { onError: 'continueRegularOutput' }) {
	await env.run(createByChannel(), [row('RT-PAID')]);
	await env.sandbox.waitForSettled();
	expect(env.sandbox.payouts().map((p) => [p.referenceId, p.status])).toEqual([['RT-PAID', 'SUCCESS']]);
	gateway = await startRewritingGateway(env.sandbox.url, (seen) =>
		seen.method === 'GET' && seen.url.startsWith('/v1/payouts/RT-PAID?') ? { status: 200, body } : undefined,
	);
	const result = await harnessFor(env.sandbox, undefined, gateway.url).run(PIVOT, reconcileParams(), [record('RT-PAID')], settings);
	expect(gateway.replaced()).toBe(1);
	return result;
}

describe.each(SETTINGS)('Payout → Reconcile, On Error: %s: notAtPivot only after Pivot proved it holds nothing', (_name, settings) => {
	it.each(UNREADABLE)('a success envelope with %s for a payout that was PAID is unknown, never notAtPivot', async (_what, body) => {
		const result = await reconcileBehind(body, settings);
		expect(JSON.stringify([result.items, result.errorItems])).not.toMatch(/notAtPivot/);
		if (settings.onError === undefined) {
			// Stop: a look-up that proves nothing stops the run, as any failed look-up does.
			expect(result.error?.message).toMatch(/^Item 1 \(index 0\): look-up of RT-PAID: Pivot answered with (success but without a list|payouts under other Reference IDs)/);
			return;
		}
		expect(result.error).toBeUndefined();
		// Under both Continue settings `unknown` is a verdict on the success output, with why.
		expect(result.errorItems).toEqual([]);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ verdict: 'unknown', payoutsAtPivot: null });
		expect(result.items[0].json.lookupError).toMatch(/Pivot answered with (success but without a list|payouts under other Reference IDs)/);
	});
});

describe('Payout → Reconcile: the proof the rule keeps', () => {
	it('a genuine empty list is read as notAtPivot', async () => {
		const result = await reconcileBehind(success([]));
		expect(result.items[0].json.verdict).toBe('notAtPivot');
	});
});
