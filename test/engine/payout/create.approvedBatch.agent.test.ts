/**
 * Preview and Approved Batch when an AI agent calls the node as a tool: a preview sends nothing,
 * so it is allowed and counts against no allowance; an approval value is refused in a tool call
 * (the agent supplies the tool's input, so its value cannot be told from a person's).
 */
import type { IDataObject } from 'n8n-workflow';

import { Pivot } from '../../../nodes/Pivot/Pivot.node';
import { countsAgainstCap } from '../../../nodes/Pivot/actions/payout/create/agentGuard';
import { startSandbox, type Sandbox } from '../../sandbox';
import { createByChannel, harnessFor, row } from '../support/pivotEnv';

const TOOL = 'CUSTOM.pivotTool';
const PLAIN = 'CUSTOM.pivot';

let sandbox: Sandbox;
beforeEach(async () => {
	sandbox = await startSandbox({ processingDelayMs: 50 });
});
afterEach(async () => await sandbox.close());

const creates = () => sandbox.requests().filter((r) => r.route === 'createPayout').length;
const guard = (extra: IDataObject = {}) => createByChannel({ allowAiAgents: true, aiMaxAmount: 200000, aiMaxPayouts: 5, ...extra });

describe('Preview and Approved Batch for AI agents', () => {
	it('lets an agent preview, even with payouts off for agents, and sends nothing', async () => {
		const harness = harnessFor(sandbox, { [TOOL]: new Pivot() });
		const { items, error } = await harness.run(TOOL, createByChannel({ previewOnly: true }), [row('AI-PV-1'), row('AI-PV-2', '999966660002')]);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.preview)).toEqual([true, true]);
		expect(creates()).toBe(0);
	});

	it("does not count a preview's items against the agents' payout allowance", () => {
		expect(countsAgainstCap({ preview: true, requestId: 'a'.repeat(32) })).toBe(false);
		expect(countsAgainstCap({ requestId: 'a'.repeat(32) })).toBe(true);
	});

	it('refuses an agent paying with an approval value, even one a person approved, and sends nothing', async () => {
		const harness = harnessFor(sandbox, { [TOOL]: new Pivot(), [PLAIN]: new Pivot() });
		const preview = await harness.run(PLAIN, createByChannel({ previewOnly: true }), [row('AI-AP-1')]);
		const approval = (preview.items[0].json.batch as IDataObject).approval as string;
		const { error } = await harness.run(TOOL, guard({ approvedBatch: approval }), [row('AI-AP-1')]);
		expect(error?.message).toMatch(/^An AI agent may not pay a bound batch/);
		expect(creates()).toBe(0);
		// The same value pays outside the agent.
		const paid = await harness.run(PLAIN, createByChannel({ approvedBatch: approval }), [row('AI-AP-1')]);
		expect(paid.error).toBeUndefined();
		expect(sandbox.payouts().map((p) => p.referenceId)).toEqual(['AI-AP-1']);
	});
});
