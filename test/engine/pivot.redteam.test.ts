/**
 * Red-team tests: attacks on Payout → Create's money promises (README "Money safety",
 * "Concurrent requests and rate limits", "Using Pivot with AI agents"), driven against the
 * simulator. Tests named "fixed:" failed before the fix of the finding above them; the
 * others pin behaviour that held under attack.
 */
import Fastify from 'fastify';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { Pivot } from '../../nodes/Pivot/Pivot.node';
import type { Sandbox } from '../sandbox';
import { startSandbox } from '../sandbox';
import { EngineHarness, sandboxCredentials } from './harness';
import { createByChannel, PIVOT, row } from './pivotEnv';

const SAYS_NOT_PAID = /not created|not paid|nothing was paid|safe to run again|running again is safe/i;
const text = (error: { message?: string; description?: string | null } | undefined) => `${error?.message} ${error?.description}`;

interface Gateway {
	url: string;
	close: () => Promise<void>;
}

/**
 * An HTTP gateway in front of the simulator, as a load balancer or proxy would be. Create
 * requests (POST /v1/payouts) are held for `holdMs` and then passed on even when the client has
 * given up (Pivot's own limit is 60 s, so a request the node stopped waiting for may still be
 * processed), or answered by the gateway itself with `answer` without reaching Pivot.
 */
async function gateway(target: string, create: { holdMs?: number; answer?: { status: number; type: string; body: string } }): Promise<Gateway> {
	const app = Fastify();
	app.removeAllContentTypeParsers();
	app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
	app.all('/*', async (request, reply) => {
		const isCreate = request.method === 'POST' && request.url === '/v1/payouts';
		if (isCreate && create.answer) return await reply.code(create.answer.status).type(create.answer.type).send(create.answer.body);
		if (isCreate && create.holdMs) await sleep(create.holdMs);
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries(request.headers)) {
			if (typeof value === 'string' && !['host', 'content-length', 'connection'].includes(name)) headers[name] = value;
		}
		const answer = await fetch(`${target}${request.url}`, {
			method: request.method,
			headers,
			body: request.method === 'GET' ? undefined : (request.body as string | undefined),
		});
		const body = await answer.text();
		return await reply.code(answer.status).type(answer.headers.get('content-type') ?? 'application/json').send(body);
	});
	const url = await app.listen({ port: 0, host: '127.0.0.1' });
	return { url, close: async () => await app.close() };
}

describe('money messages when Pivot is slower than the Timeout option', () => {
	let sandbox: Sandbox;
	let slow: Gateway;
	let harness: EngineHarness;
	beforeAll(async () => {
		sandbox = await startSandbox({ processingDelayMs: 50 });
		slow = await gateway(sandbox.url, { holdMs: 1500 });
		harness = new EngineHarness(sandboxCredentials(slow.url, sandbox.merchants[0]), { [PIVOT]: new Pivot() });
	});
	afterAll(async () => {
		await slow.close();
		await sandbox.close();
	});
	beforeEach(() => sandbox.reset());
	const oneAttempt = createByChannel({ options: { timeoutSeconds: 1, maxAttempts: 1, retryDelaySeconds: 0 } });

	// FINDING: after a client-side timeout the node looks the Reference ID up at once; Pivot may
	// still be processing the request (the node's Timeout option goes down to 1 s, Pivot's own
	// limit is 60 s), so "not found" does not prove "not paid". The run ends "(not paid) …
	// Running again is safe" while the payout is created a moment later.
	it('fixed: create times out while Pivot still processes it → must not say "not paid"', async () => {
		const { error } = await harness.run(PIVOT, oneAttempt, [row('RACE-1')]);
		await sleep(1500);
		// The simulator did pay it.
		expect(sandbox.payouts().map((p) => p.referenceId)).toEqual(['RACE-1']);
		// …so the node must not have said it was not paid.
		expect(error?.message).toMatch(/\(outcome unknown\)$/);
		expect(text(error)).not.toMatch(SAYS_NOT_PAID);
	});

	it('the same race with Continue On Fail: the row is marked paymentOutcome "unknown", as it was paid', async () => {
		const { items } = await harness.run(PIVOT, oneAttempt, [row('RACE-COF')], { onError: 'continueRegularOutput' });
		await sleep(1500);
		expect(sandbox.payouts().map((p) => p.referenceId)).toEqual(['RACE-COF']);
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ referenceId: 'RACE-COF', notSent: false, paymentOutcome: 'unknown' });
		expect(String(items[0].json.error)).toMatch(/\(outcome unknown\)$/);
	});
});

describe('a 200 answer that is not Pivot\'s envelope is never a payout', () => {
	let sandbox: Sandbox;
	let front: Gateway;
	beforeEach(async () => {
		sandbox = await startSandbox({ processingDelayMs: 50 });
	});
	afterEach(async () => {
		await front.close();
		await sandbox.close();
	});

	// FINDING: attempt() treats any 2xx body without a `code` as success. A proxy, captive portal
	// or maintenance page answering 200 (HTML, or JSON without Pivot's envelope) makes Payout →
	// Create output the row as created (requestUuid null, status of the sent item), nothing at
	// Pivot; an agent's count and "Paid in this run" count it too.
	it.each([
		['an HTML page', { status: 200, type: 'text/html', body: '<html><body>Maintenance</body></html>' }],
		['JSON without code', { status: 200, type: 'application/json', body: '{"status":"ok"}' }],
		['an empty body', { status: 200, type: 'application/json', body: '' }],
	])('fixed: create answered 200 with %s → must not be output as a created payout', async (_name, answer) => {
		front = await gateway(sandbox.url, { answer });
		const harness = new EngineHarness(sandboxCredentials(front.url, sandbox.merchants[0]), { [PIVOT]: new Pivot() });
		const { items, error } = await harness.run(PIVOT, createByChannel({ options: { maxAttempts: 1, retryDelaySeconds: 0, timeoutSeconds: 5 } }), [row('HTML-1')]);
		expect(sandbox.payouts()).toHaveLength(0);
		// Either an error, or at least no row that reads as paid.
		expect(error ?? items[0]?.json.error).toBeDefined();
	});
});

describe('an earlier FAILED payout under the same Reference ID, with one transient 503 on the re-run', () => {
	let sandbox: Sandbox;
	let harness: EngineHarness;
	beforeAll(async () => {
		sandbox = await startSandbox({ processingDelayMs: 50 });
		harness = new EngineHarness(sandboxCredentials(sandbox.url, sandbox.merchants[0]), { [PIVOT]: new Pivot() });
	});
	afterAll(async () => await sandbox.close());
	beforeEach(() => sandbox.reset());
	const failedEarlier = async (reference: string) => {
		expect((await harness.run(PIVOT, createByChannel(), [row(reference, '999966660002')])).error).toBeUndefined();
		await sandbox.waitForSettled();
		expect(sandbox.payouts().find((p) => p.referenceId === reference)?.status).toBe('FAILED');
	};
	const rerun = (requestId: string) => createByChannel({ options: { retryDelaySeconds: 0, timeoutSeconds: 5, requestId } });

	it('control (no fault): an error "(not paid)" that asks for a new Reference ID', async () => {
		await failedEarlier('OLDFAIL-A');
		const { items, error } = await harness.run(PIVOT, rerun('SecondRunKeyForRedTeamA1'), [row('OLDFAIL-A', '999966660002')]);
		expect(items).toHaveLength(0);
		expect(error?.message).toMatch(/\(not paid\)$/);
		expect(error?.description).toMatch(/new Reference ID/);
	});

	// FINDING: the first create gets a 503 (nothing stored), the look-up finds last run's FAILED
	// payout and marks the request "recovered"; the resend gets 409 (Reference ID taken), and
	// settleExisting(…, ownEarlierAttempt = recovered) then accepts the FAILED payout as this
	// request's own. The node outputs it as a success with recovered: true instead of the
	// "(not paid) … new Reference ID" error of the control, and counts it in "Paid in this run".
	it('fixed: one transient 503 turns "not paid, use a new Reference ID" into a recovered success row', async () => {
		await failedEarlier('OLDFAIL-B');
		sandbox.setFault({ route: 'createPayout', kind: 'status', status: 503, count: 1 });
		const { items, error } = await harness.run(PIVOT, rerun('SecondRunKeyForRedTeamB1'), [row('OLDFAIL-B', '999966660002')]);
		expect(items).toHaveLength(0);
		expect(error?.message).toMatch(/\(not paid\)$/);
		expect(error?.description).toMatch(/new Reference ID/);
	});
});

/**
 * Two tool calls of one agent in one execution: the node's execute() runs twice with the same
 * execution id and node name (as n8n does for each tool call), the second with other input.
 */
function twoCalls(second: IDataObject[], mode: 'sequential' | 'concurrent'): INodeType {
	const pivot = new Pivot();
	return {
		description: pivot.description,
		methods: pivot.methods,
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const other = new Proxy(this, {
				get(target, key, receiver) {
					if (key === 'getInputData') return () => second.map((json) => ({ json }));
					const value = Reflect.get(target, key, receiver) as unknown;
					return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
				},
			});
			const call = async (context: IExecuteFunctions): Promise<string> => {
				try {
					await pivot.execute.call(context);
					return 'ok';
				} catch (error) {
					return (error as Error).message;
				}
			};
			const results =
				mode === 'sequential' ? [await call(this), await call(other)] : await Promise.all([call(this), call(other)]);
			return [[{ json: { results } }]];
		},
	};
}

describe('AI agent: Maximum Payouts per Execution (cap 1) across tool calls', () => {
	let sandbox: Sandbox;
	afterEach(async () => await sandbox.close());
	const guard = createByChannel({
		allowAiAgents: true,
		aiMaxAmount: 200000,
		aiMaxPayouts: 1,
		options: { retryDelaySeconds: 0, timeoutSeconds: 5, maxAttempts: 1 },
	});
	const harnessFor = (type: INodeType) =>
		new EngineHarness(sandboxCredentials(sandbox.url, sandbox.merchants[0]), { 'CUSTOM.pivotTool': type });

	it('control: two successful calls in sequence → the second is refused (one payout)', async () => {
		sandbox = await startSandbox({ processingDelayMs: 50 });
		const { items, error } = await harnessFor(twoCalls([row('AI-SEQ-2')], 'sequential')).run('CUSTOM.pivotTool', guard, [row('AI-SEQ-1')]);
		expect(error).toBeUndefined();
		expect((items[0].json.results as string[])[1]).toMatch(/would exceed the maximum of 1/);
		expect(sandbox.payouts().map((p) => p.referenceId)).toEqual(['AI-SEQ-1']);
	});

	// FINDING: only requests that ended in a success are counted. A create whose outcome is unknown
	// (committed at Pivot, answer lost, look-up failed) is not counted, so the agent's next call
	// with another Reference ID is allowed: two payouts under a cap of one.
	it('fixed: a call whose outcome is unknown (but paid) is not counted: a second payout passes a cap of 1', async () => {
		sandbox = await startSandbox({ processingDelayMs: 50 });
		sandbox.setFault({ route: 'createPayout', kind: 'dropAfterCommit', count: 1 });
		sandbox.setFault({ route: 'getPayout', kind: 'status', status: 503, count: 1 });
		const { items, error } = await harnessFor(twoCalls([row('AI-UNK-2')], 'sequential')).run('CUSTOM.pivotTool', guard, [row('AI-UNK-1')]);
		expect(error).toBeUndefined();
		const results = items[0].json.results as string[];
		expect(results[0]).toMatch(/\(outcome unknown\)$/);
		expect(results[1]).toMatch(/would exceed the maximum of 1/);
		expect(sandbox.payouts().map((p) => p.referenceId)).toEqual(['AI-UNK-1']);
	});

	// FINDING: the count is read before the requests and written after them, so two calls that run
	// at the same time (several tool calls in one turn executed in parallel, as LangChain's agent on
	// n8n 1.x does) both see 0 and both pay.
	it('fixed: two calls at the same time both pass a cap of 1', async () => {
		sandbox = await startSandbox({ processingDelayMs: 50 });
		const { items, error } = await harnessFor(twoCalls([row('AI-PAR-2')], 'concurrent')).run('CUSTOM.pivotTool', guard, [row('AI-PAR-1')]);
		expect(error).toBeUndefined();
		expect((items[0].json.results as string[]).filter((r) => r === 'ok')).toHaveLength(1);
		expect(sandbox.payouts()).toHaveLength(1);
	});
});
