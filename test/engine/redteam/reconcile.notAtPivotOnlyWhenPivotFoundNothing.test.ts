/**
 * Red team, Payout → Reconcile. Promise (docs/reconciliation.md): `notAtPivot` only when a
 * successful look-up found nothing ("Pivot's own resource_missing, or an empty list"); `unknown`
 * whenever Pivot's answer cannot be read. A success envelope WITHOUT a list (no `data`, `data:
 * null`, `data: "…"`) is not an empty list, yet it is read as "found nothing": a payout the
 * simulator holds as SUCCESS is reported `notAtPivot`, the one verdict that invites paying again.
 *
 * `it.failing`: these tests state the promise and fail today; remove `.failing` once fixed.
 */
import { harnessFor, PIVOT, createByChannel, row, usePivotEnv } from '../support/pivotEnv';
import { SAYS_NOT_PAID } from '../support/moneyMessages';
import { reconcileParams, record } from '../support/reconcile';
import type { RewritingGateway } from './rewritingGateway';
import { startRewritingGateway } from './rewritingGateway';

const env = usePivotEnv();

let gateway: RewritingGateway | undefined;
afterEach(async () => {
	await gateway?.close();
	gateway = undefined;
});

const BODIES: Array<[string, string]> = [
	['no "data" at all', JSON.stringify({ code: '00', message: 'Success' })],
	['"data": null', JSON.stringify({ code: '00', message: 'Success', data: null })],
	['"data" as text', JSON.stringify({ code: '00', message: 'Success', data: 'Success' })],
];

describe('Red team: Reconcile says notAtPivot only after Pivot answered an empty list', () => {
	it.failing.each(BODIES)('a success envelope with %s for a payout that was PAID is unknown, never notAtPivot', async (_name, body) => {
		await env.run(createByChannel(), [row('RT-PAID')]);
		await env.sandbox.waitForSettled();
		expect(env.sandbox.payouts().map((p) => [p.referenceId, p.status])).toEqual([['RT-PAID', 'SUCCESS']]);

		gateway = await startRewritingGateway(env.sandbox.url, (seen) =>
			seen.method === 'GET' && seen.url.startsWith('/v1/payouts/RT-PAID?') ? { status: 200, body } : undefined,
		);
		const result = await harnessFor(env.sandbox, undefined, gateway.url).run(PIVOT, reconcileParams(), [record('RT-PAID')]);
		expect(gateway.replaced()).toBe(1);
		expect(result.error).toBeUndefined();
		// Today: verdict "notAtPivot", action "…it was never created here…", payoutsAtPivot 0.
		expect(result.items[0].json.verdict).toBe('unknown');
	});
});

/**
 * The same reading in Payout → Create's recovery (settle.ts lookupByReference): a create committed
 * at Pivot whose answer was lost in a proxy's 502, then a data-less success on the look-up, is
 * "proved not created" and the item says "(not paid)" for a payout the simulator paid.
 */
describe('Red team: Create never says "not paid" from a look-up answer without a list', () => {
	const LOOKUPS: Array<[string, number, string, string]> = [
		['{"code":"00"} without data', 200, JSON.stringify({ code: '00', message: 'Success' }), 'application/json'],
		// Reconcile reads this one as unknown (lookup.ts isPivotNotFound); Create reads any 404 as "none".
		["a proxy's bare 404 page", 404, '<html><body>Not Found</body></html>', 'text/html'],
		// A Pivot that stores Reference IDs in another case: Reconcile calls this "foreign", unknown.
		[
			'its payout under the Reference ID in another case',
			200,
			JSON.stringify({ code: '00', message: 'Success', data: [{ referenceId: 'rt-lost', status: 'SUCCESS', amount: { value: '150000', currency: 'IDR' } }] }),
			'application/json',
		],
	];
	it.failing.each(LOOKUPS)('committed create behind a 502, look-up answered %s: outcome unknown, not "(not paid)"', async (_name, status, body, type) => {
		gateway = await startRewritingGateway(env.sandbox.url, (seen) => {
			if (seen.method === 'POST' && seen.url === '/v1/payouts') return { status: 502, body: '{"message":"Bad Gateway"}' };
			if (seen.method === 'GET' && seen.url.startsWith('/v1/payouts/RT-LOST?')) return { status, body, type };
			return undefined;
		});
		const params = createByChannel({ options: { retryDelaySeconds: 0.01, timeoutSeconds: 5 } });
		const result = await harnessFor(env.sandbox, undefined, gateway.url).run(PIVOT, params, [row('RT-LOST')]);
		await env.sandbox.waitForSettled();
		// The simulator committed and paid it.
		expect(env.sandbox.payouts().map((p) => [p.referenceId, p.status])).toEqual([['RT-LOST', 'SUCCESS']]);
		// Today: "…(not paid)", with the look-up read as proof that nothing was created.
		expect(result.error?.message).not.toMatch(SAYS_NOT_PAID);
		expect(result.error?.message).toMatch(/\(outcome unknown\)$/);
	});
});
