// What the AI agent E2E (ai-agent.e2e.test.mjs) starts once: the Pivot simulator, a scripted
// stand-in for OpenAI's chat completions (fakeOpenAi.mjs, the credential's Base URL) that answers
// with scripted tool calls and records what n8n sends back (the tool results the "model" reads),
// an SMTP sink (fakeSmtp.mjs) for the example's e-mail human review, and a real n8n with the
// agent workflows (agentWorkflows.mjs) active.
import { after, before, beforeEach } from 'node:test';

import { createN8n, ensureN8n, RestClient, stagePackage, startSandbox } from '../../../scripts/lib/n8n.mjs';
import { simulatorCredential, waitFor as waitUntil } from '../../support/pivot.mjs';
import {
	agentWorkflow,
	createByChannel,
	exampleWithWebhook,
	OPENAI_CREDENTIAL,
	PIVOT_CREDENTIAL,
	pivotTool,
	SMTP_CREDENTIAL,
} from './agentWorkflows.mjs';
import { startFakeOpenAi } from './fakeOpenAi.mjs';
import { startFakeSmtp } from './fakeSmtp.mjs';

/** An agent's run waits on n8n's AI nodes and a reviewer: longer than the other suites' waits. */
export const waitFor = (what, check, options = {}) => waitUntil(what, check, { timeoutMs: 60_000, intervalMs: 250, ...options });

/** A payout the model asks for, by channel. */
export const payout = (referenceId, overrides = {}) => ({
	channelCode: 'BCA',
	accountNumber: '999966660001',
	accountName: 'Dummy Simulation',
	amount: 150000,
	referenceId,
	description: 'Agent payout',
	...overrides,
});

/** What a Pivot tool node returned to the agent in each of its runs (its ai_tool output). */
export function toolOutputs(execution, nodeName) {
	const runs = execution.data?.resultData?.runData?.[nodeName] ?? [];
	return runs.map((run) => (run.data?.ai_tool?.[0] ?? []).map((item) => item.json));
}

/** Registers the calling describe()'s hooks; the simulator is reset before each test. */
export function agentSuite() {
	const suite = {
		sandbox: undefined,
		ai: undefined,
		smtp: undefined,
		n8n: undefined,
		rest: undefined,
		/** Workflow ids: read, limited, expressions, example. */
		ids: {},
		requests: async (route) => (await suite.sandbox.control('requests')).filter((r) => !route || r.route === route),
		payouts: () => suite.sandbox.control('payouts'),

		/** POST the prompt (tagged with its script) to an agent workflow's webhook; the finished execution. */
		async ask(key, slug, tag, prompt) {
			const { rest, n8n, ids } = suite;
			const known = new Set((await rest.listExecutions({ workflowId: ids[key] })).map((e) => e.id));
			const response = await fetch(`${n8n.baseUrl}/webhook/${slug}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ prompt: `[${tag}] ${prompt}` }),
				signal: AbortSignal.timeout(180_000),
			});
			const answer = await response.text();
			const execution = await waitFor(`the execution of ${slug}`, async () => {
				const done = (await rest.listExecutions({ workflowId: ids[key] })).find(
					(e) => !known.has(e.id) && !['new', 'running', 'waiting'].includes(e.status),
				);
				return done && rest.getExecution(done.id);
			});
			return { status: response.status, answer, execution };
		},
	};

	before(async () => {
		ensureN8n();
		const ext = await stagePackage();
		[suite.sandbox, suite.ai, suite.smtp] = await Promise.all([startSandbox(), startFakeOpenAi(), startFakeSmtp()]);
		suite.n8n = await createN8n({ customExtensionsDir: ext });
		await suite.n8n.importCredentials([
			simulatorCredential(PIVOT_CREDENTIAL, suite.sandbox),
			{ name: OPENAI_CREDENTIAL, type: 'openAiApi', data: { apiKey: 'sk-fake-e2e-not-a-key', url: suite.ai.url } },
			{
				name: SMTP_CREDENTIAL,
				type: 'smtp',
				data: { user: '', password: '', host: suite.smtp.host, port: suite.smtp.port, secure: false, disableStartTls: true },
			},
		]);
		const workflows = {
			// Reading tools, and a create the node was not told to allow.
			read: agentWorkflow('e2e-agent-read', [
				pivotTool('Pivot Balance', { resource: 'balance', operation: 'get', options: {} }),
				pivotTool('Pivot Create Payout', createByChannel),
			]),
			// A create allowed for agents: at most Rp 200,000, one payout per execution, one destination.
			limited: agentWorkflow('e2e-agent-limited', [
				pivotTool('Pivot Create Payout', {
					...createByChannel,
					allowAiAgents: true,
					aiMaxAmount: 200000,
					aiMaxPayouts: 1,
					aiAllowedDestinations: 'BCA:999966660001',
				}),
			]),
			// The guard settings written as $fromAI() expressions (the editor offers no expression
			// field for them, but an imported or generated workflow can hold one).
			expressions: agentWorkflow('e2e-agent-expressions', [
				pivotTool('Pivot Create Payout', {
					...createByChannel,
					allowAiAgents: "={{ $fromAI('allow', '', 'boolean') }}",
					aiMaxAmount: "={{ $fromAI('cap', '', 'number') }}",
					aiMaxPayouts: "={{ $fromAI('count', '', 'number') }}",
					aiAllowedDestinations: "={{ $fromAI('destinations', '', 'string') }}",
				}),
			]),
			example: exampleWithWebhook('e2e-agent-example'),
		};
		const imported = await suite.n8n.importWorkflow(Object.values(workflows));
		Object.keys(workflows).forEach((key, i) => (suite.ids[key] = imported[i].id));
		await suite.n8n.start({ timeoutMs: 240_000 });
		suite.rest = await new RestClient(suite.n8n.baseUrl).ownerSession();
		for (const key of Object.keys(workflows)) await suite.rest.activateWorkflow(suite.ids[key], { timeoutMs: 120_000 });
	});

	beforeEach(async () => {
		await suite.sandbox.control('reset', 'POST');
	});

	after(async () => {
		await suite.n8n?.stop();
		await Promise.all([suite.sandbox?.stop(), suite.ai?.stop(), suite.smtp?.stop()]);
	});

	return suite;
}
