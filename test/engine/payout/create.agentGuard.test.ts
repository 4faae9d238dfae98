/**
 * The Pivot node called by an AI agent as a tool: reading works, creating payouts is refused
 * unless a person allowed it with limits, and Maximum Payouts per Execution holds across the
 * agent's tool calls. Asserted at the simulator (create requests, payouts). The tool variant is
 * registered under n8n's naming (`<type>Tool`), and n8n 2.x's engine-request path is covered by its
 * `toolCallId` input marker.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { Pivot } from '../../../nodes/Pivot/Pivot.node';
import { startSandbox, type Sandbox } from '../../sandbox';
import type { EngineHarness, RunResult } from '../support/harness';
import { expectOutcomeUnknown } from '../support/moneyMessages';
import { BALANCE_GET, createByChannel, harnessFor, row } from '../support/pivotEnv';

const TOOL = 'CUSTOM.pivotTool';
const PLAIN = 'CUSTOM.pivot';

let sandbox: Sandbox;
afterEach(async () => await sandbox.close());

const creates = () => sandbox.requests().filter((r) => r.route === 'createPayout').length;
const paidReferences = () => sandbox.payouts().map((p) => p.referenceId);

describe('Pivot as an AI agent tool', () => {
	let harness: EngineHarness;
	beforeEach(async () => {
		sandbox = await startSandbox({ processingDelayMs: 50 });
		harness = harnessFor(sandbox, { [TOOL]: new Pivot(), [PLAIN]: new Pivot() });
	});

	const guard = (extra: IDataObject = {}) => createByChannel({ allowAiAgents: true, aiMaxAmount: 200000, aiMaxPayouts: 2, ...extra });
	const asTool = async (parameters: IDataObject, items: IDataObject[] = [row('AI-1')]): Promise<RunResult> =>
		await harness.run(TOOL, parameters, items);

	it('reads the balance as usual', async () => {
		const { items, error } = await asTool(BALANCE_GET, [{}]);
		expect(error).toBeUndefined();
		expect(items[0].json.value).toBe('1000000000.00');
		expect(sandbox.requests().filter((r) => r.route === 'balance')).toHaveLength(1);
	});

	const refusals: Array<[string, IDataObject, IDataObject[], RegExp]> = [
		['the setting is off (the default)', createByChannel(), [row('AI-OFF')], /"Allow AI Agents to Create Payouts" is off/],
		['no maximum amount', guard({ aiMaxAmount: 0 }), [row('AI-NOCAP')], /"Maximum Amount per Payout \(AI Agents\)" is not set/],
		['no maximum count', guard({ aiMaxPayouts: 0 }), [row('AI-NOCOUNT')], /"Maximum Payouts per Execution \(AI Agents\)" is not set/],
		['above the agents\' cap', guard(), [row('AI-BIG', '999966660001', '200001')], /Rp 200,001 \(Reference ID AI-BIG\) is above the AI agents' maximum of Rp 200,000/],
		['outside the allowed destinations', guard({ aiAllowedDestinations: 'BRI:999966660002, BCA:999966660001' }), [row('AI-ELSE')], /Reference ID AI-ELSE is not in the AI agents' allowed destinations/],
		['the settings are expressions (a model could fill them with $fromAI)', guard({ allowAiAgents: "={{ $fromAI('allow', '', 'boolean') }}" }), [row('AI-EXPR')], /must be fixed values in the Pivot node, not expressions \(allowAiAgents\)/],
		['the cap is an expression', guard({ aiMaxAmount: '={{ 999999999 }}' }), [row('AI-EXPR2')], /not expressions \(aiMaxAmount\)/],
		['the setting is off, even for an item that is also invalid (the refusal comes first)', createByChannel(), [row('AI-BAD', '999966660001', '1.500')], /"Allow AI Agents to Create Payouts" is off/],
		['more payouts than allowed in one execution', guard(), [row('AI-A'), row('AI-B', '999966660002'), row('AI-C', '999966660003')], /3 more would exceed the maximum of 2/],
	];
	it.each(refusals)('refuses to create when %s: an error the agent can read, nothing sent', async (_name, parameters, items, message) => {
		const { error } = await asTool(parameters, items);
		expect(error?.message).toMatch(message);
		expect(error?.message).toMatch(/Nothing was sent\.$/);
		expect(creates()).toBe(0);
		expect(sandbox.payouts()).toHaveLength(0);
	});

	it('creates exactly one payout within the limits, with the usual idempotency', async () => {
		const { items, error } = await asTool(guard({ aiAllowedDestinations: 'BRI:999966660001' }), [row('AI-OK')]);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ referenceId: 'AI-OK', requestId: expect.stringMatching(/^[a-f0-9]{32}$/) });
		expect(paidReferences()).toEqual(['AI-OK']);
		const again = await asTool(guard({ aiAllowedDestinations: 'BRI:999966660001' }), [row('AI-OK')]);
		expect(again.error).toBeUndefined();
		expect(sandbox.payouts()).toHaveLength(1);
	});

	it("treats an item carrying n8n's toolCallId as a tool call even under the plain node type", async () => {
		const { error } = await harness.run(PLAIN, createByChannel(), [{ ...row('AI-ENGINE'), toolCallId: 'call_1' }]);
		expect(error?.message).toMatch(/"Allow AI Agents to Create Payouts" is off/);
		expect(creates()).toBe(0);
	});

	it('leaves workflows without an agent as they were: the plain node creates with the setting off', async () => {
		const { error } = await harness.run(PLAIN, createByChannel(), [row('PLAIN-1')]);
		expect(error).toBeUndefined();
		expect(paidReferences()).toEqual(['PLAIN-1']);
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
	beforeEach(async () => {
		sandbox = await startSandbox({ processingDelayMs: 50 });
	});
	const capOfOne = createByChannel({
		allowAiAgents: true,
		aiMaxAmount: 200000,
		aiMaxPayouts: 1,
		options: { retryDelaySeconds: 0, timeoutSeconds: 5, maxAttempts: 1 },
	});
	const runTwoCalls = async (mode: 'sequential' | 'concurrent', first: string, second: string) =>
		await harnessFor(sandbox, { [TOOL]: twoCalls([row(second)], mode) }).run(TOOL, capOfOne, [row(first)]);

	it('two successful calls in sequence → the second is refused (one payout)', async () => {
		const { items, error } = await runTwoCalls('sequential', 'AI-SEQ-1', 'AI-SEQ-2');
		expect(error).toBeUndefined();
		expect((items[0].json.results as string[])[1]).toMatch(/would exceed the maximum of 1/);
		expect(paidReferences()).toEqual(['AI-SEQ-1']);
	});

	// A create committed at Pivot whose answer was lost (and whose look-up failed) may be paid: it
	// counts against the cap, or the agent's next call with another Reference ID would pay twice.
	it('a call whose outcome is unknown counts against the cap: the second call is refused', async () => {
		sandbox.setFault({ route: 'createPayout', kind: 'dropAfterCommit', count: 1 });
		sandbox.setFault({ route: 'getPayout', kind: 'status', status: 503, count: 1 });
		const { items, error } = await runTwoCalls('sequential', 'AI-UNK-1', 'AI-UNK-2');
		expect(error).toBeUndefined();
		const results = items[0].json.results as string[];
		expectOutcomeUnknown(results[0]);
		expect(results[1]).toMatch(/would exceed the maximum of 1/);
		expect(paidReferences()).toEqual(['AI-UNK-1']);
	});

	// Several tool calls of one model turn may run in parallel (LangChain's agent on n8n 1.x does).
	it('two calls at the same time: only one passes a cap of 1', async () => {
		const { items, error } = await runTwoCalls('concurrent', 'AI-PAR-1', 'AI-PAR-2');
		expect(error).toBeUndefined();
		expect((items[0].json.results as string[]).filter((r) => r === 'ok')).toHaveLength(1);
		expect(sandbox.payouts()).toHaveLength(1);
	});
});
