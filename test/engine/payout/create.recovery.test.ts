/**
 * Payout → Create when an answer is lost, late, an error or not Pivot's: the node looks the
 * Reference ID up before it resends, resends with the same X-REQUEST-ID so Pivot replays, and
 * never outputs as paid what Pivot did not create. Asserted at the simulator.
 */
import type { Sandbox } from '../../sandbox';
import { startSandbox } from '../../sandbox';
import type { Gateway } from '../support/gateway';
import { startGateway } from '../support/gateway';
import type { PivotEnv } from '../support/pivotEnv';
import { createByChannel, harnessFor, PIVOT, payoutCounts, pivotEnv, requestsTo, row } from '../support/pivotEnv';

describe('Payout → Create recovers a lost answer without paying twice', () => {
	let env: PivotEnv;
	afterEach(async () => await env?.close());

	it('never pays twice when the connection drops after Pivot committed (Retry On Fail, then a re-run)', async () => {
		env = await pivotEnv();
		// The answer is lost and the look-up fails too: the node gives up and n8n's Retry On Fail runs it again.
		env.sandbox.setFault({ route: 'createPayout', kind: 'dropAfterCommit', count: 1 });
		env.sandbox.setFault({ route: 'getPayout', kind: 'status', status: 503, count: 1 });
		const input = [row('DROP-1'), row('DROP-2'), row('DROP-3')];
		const params = createByChannel({ options: { retryDelaySeconds: 0.01, timeoutSeconds: 5, maxAttempts: 1 } });
		const first = await env.run(params, input, { retryOnFail: true, maxTries: 3, waitBetweenTries: 10 });
		expect(first.error).toBeUndefined();
		const creates = requestsTo(env.sandbox, 'createPayout');
		expect(creates[0]).toMatchObject({ dropped: true });
		expect(creates[1]).toMatchObject({ xRequestId: creates[0].xRequestId, replay: true, status: 200 });

		const again = await env.run(params, input, { retryOnFail: true, maxTries: 3, waitBetweenTries: 10 });
		expect(again.error).toBeUndefined();
		expect([...payoutCounts(env.sandbox).values()]).toEqual([1, 1, 1]);
		const stored = Object.fromEntries(env.sandbox.payouts().map((p) => [p.referenceId, p.requestUuid]));
		expect(again.items.map((i) => i.json.requestUuid)).toEqual(['DROP-1', 'DROP-2', 'DROP-3'].map((r) => stored[r]));
		expect(first.items.map((i) => i.json.requestUuid)).toEqual(again.items.map((i) => i.json.requestUuid));
		expect(requestsTo(env.sandbox, 'createPayout').filter((r) => r.replay)).toHaveLength(4);
	});

	it('recovers by itself when only the answer is lost', async () => {
		env = await pivotEnv();
		env.sandbox.setFault({ route: 'createPayout', kind: 'dropAfterCommit', count: 1 });
		const { items, error } = await env.run(createByChannel({ options: { retryDelaySeconds: 0.01, maxAttempts: 1 } }), [row('SELF-1')]);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ referenceId: 'SELF-1', recovered: true });
		expect(items[0].json.requestUuid).toBe(env.sandbox.payouts()[0].requestUuid);
		expect(env.sandbox.payouts()).toHaveLength(1);
	});

	it('looks the payout up before resending when the answer is lost, in bulk too', async () => {
		env = await pivotEnv();
		env.sandbox.setFault({ route: 'createPayout', kind: 'timeoutAfterCommit', latencyMs: 1500, count: 1 });
		const input = [row('TO-1'), row('TO-2')];
		const { items, error } = await env.run(
			createByChannel({ sendAs: 'bulk', options: { retryDelaySeconds: 0.01, timeoutSeconds: 1 } }),
			input,
		);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.recovered)).toEqual([true, true]);
		const routes = env.sandbox.requests().map((r) => `${r.method} ${r.route}`);
		const firstLookup = routes.indexOf('GET getPayout');
		expect(firstLookup).toBeGreaterThan(routes.indexOf('POST createPayout'));
		expect(env.sandbox.payouts()).toHaveLength(2);
	});

	it('retries a 5xx with the same key after confirming nothing was created', async () => {
		env = await pivotEnv();
		env.sandbox.setFault({ route: 'createPayout', kind: 'status', status: 503, count: 1 });
		const { items, error } = await env.run(createByChannel(), [row('F5-1')]);
		expect(error).toBeUndefined();
		expect(items[0].json.recovered).toBe(false);
		const creates = requestsTo(env.sandbox, 'createPayout');
		expect(creates.map((r) => r.status)).toEqual([503, 200]);
		expect(new Set(creates.map((r) => r.xRequestId)).size).toBe(1);
		expect(env.sandbox.payouts()).toHaveLength(1);
	});
});

describe("Payout → Create: a 200 answer that is not Pivot's envelope is never a payout", () => {
	// A proxy, captive portal or maintenance page answering 200 in Pivot's place: nothing was created,
	// so the row must not read as paid (nor count as paid for an agent or "Paid in this run").
	let sandbox: Sandbox;
	let front: Gateway;
	beforeEach(async () => {
		sandbox = await startSandbox({ processingDelayMs: 50 });
	});
	afterEach(async () => {
		await front.close();
		await sandbox.close();
	});

	it.each([
		['an HTML page', { status: 200, type: 'text/html', body: '<html><body>Maintenance</body></html>' }],
		['JSON without code', { status: 200, type: 'application/json', body: '{"status":"ok"}' }],
		['an empty body', { status: 200, type: 'application/json', body: '' }],
	])('create answered 200 with %s → an error, not a created payout', async (_name, answer) => {
		front = await startGateway(sandbox.url, { answer });
		const harness = harnessFor(sandbox, undefined, front.url);
		const { items, error } = await harness.run(PIVOT, createByChannel({ options: { maxAttempts: 1, retryDelaySeconds: 0, timeoutSeconds: 5 } }), [row('HTML-1')]);
		expect(sandbox.payouts()).toHaveLength(0);
		// Either an error, or at least no row that reads as paid.
		expect(error ?? items[0]?.json.error).toBeDefined();
	});
});
