/**
 * Payout → Create's recovery after a lost answer: a create committed at Pivot whose answer a proxy
 * replaced with 502s is looked up by Reference ID. Only Pivot's resource_missing or a genuine empty
 * list proves "not created"; a success envelope without `data`, a proxy's HTML 404 or a list of
 * other Reference IDs (another letter case) proves nothing, so the item's outcome is unknown and
 * says what to check, never "(not paid)" for a payout the simulator paid.
 */
import { harnessFor, PIVOT, createByChannel, row, usePivotEnv } from '../support/pivotEnv';
import { SAYS_NOT_PAID } from '../support/moneyMessages';
import type { RewritingGateway } from '../support/rewritingGateway';
import { startRewritingGateway } from '../support/rewritingGateway';

const env = usePivotEnv();

let gateway: RewritingGateway | undefined;
afterEach(async () => {
	await gateway?.close();
	gateway = undefined;
});

const LOOKUPS: Array<[string, number, string, string]> = [
	['{"code":"00"} without data', 200, JSON.stringify({ code: '00', message: 'Success' }), 'application/json'],
	['"data": null', 200, JSON.stringify({ code: '00', message: 'Success', data: null }), 'application/json'],
	["a proxy's bare 404 page", 404, '<html><body>Not Found</body></html>', 'text/html'],
	[
		'its payout under the Reference ID in another case',
		200,
		JSON.stringify({ code: '00', message: 'Success', data: [{ referenceId: 'rt-lost', status: 'SUCCESS', amount: { value: '150000', currency: 'IDR' } }] }),
		'application/json',
	],
];

describe('Payout → Create never says "not paid" from a look-up that proves nothing', () => {
	it.each(LOOKUPS)('committed create behind a 502, look-up answered %s: outcome unknown, not "(not paid)"', async (_name, status, body, type) => {
		gateway = await startRewritingGateway(env.sandbox.url, (seen) => {
			if (seen.method === 'POST' && seen.url === '/v1/payouts') return { status: 502, body: '{"message":"Bad Gateway"}' };
			if (seen.method === 'GET' && seen.url.startsWith('/v1/payouts/RT-LOST?')) return { status, body, type };
			return undefined;
		});
		const params = createByChannel({ options: { retryDelaySeconds: 0.01, timeoutSeconds: 5 } });
		const result = await harnessFor(env.sandbox, undefined, gateway.url).run(PIVOT, params, [row('RT-LOST')]);
		await env.sandbox.waitForSettled();
		// The simulator committed and paid it (once: the resends replayed it).
		expect(env.sandbox.payouts().map((p) => [p.referenceId, p.status])).toEqual([['RT-LOST', 'SUCCESS']]);
		expect(result.error?.message).not.toMatch(SAYS_NOT_PAID);
		expect(result.error?.message).toMatch(/\(outcome unknown\)$/);
		// What to check is named: the Reference ID, in the Pivot Dashboard.
		expect(result.error?.description).toMatch(/Not proved unpaid: the look-up of Reference ID RT-LOST.*check RT-LOST in the Pivot Dashboard/);
	});
});
