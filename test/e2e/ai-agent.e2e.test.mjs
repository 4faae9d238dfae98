// The Pivot node as an AI agent's tool inside a real n8n 2.41.1, with no external model:
//
//   npm run build && node --test test/e2e/ai-agent.e2e.test.mjs
//
// n8n's AI Agent talks through its OpenAI Chat Model to lib/fakeOpenAi.mjs (the credential's
// Base URL), which answers with scripted tool calls and records what n8n sends back (the tool
// results the "model" reads). The Pivot tools (CUSTOM.pivotTool) talk to the simulator, where
// every check about money is made: payouts created, createPayout requests received. Human
// review runs through n8n's own "Send Email" human review step: its mail lands in
// lib/fakeSmtp.mjs and the test clicks the link in it, as the reviewer would.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import { createN8n, ensureN8n, RestClient, stagePackage, startSandbox } from '../../scripts/lib/n8n.mjs';
import {
	agentWorkflow,
	createByChannel,
	exampleWithWebhook,
	OPENAI_CREDENTIAL,
	PIVOT_CREDENTIAL,
	pivotTool,
	SMTP_CREDENTIAL,
} from './lib/agentWorkflows.mjs';
import { startFakeOpenAi } from './lib/fakeOpenAi.mjs';
import { startFakeSmtp } from './lib/fakeSmtp.mjs';
import { simulatorCredential, waitFor as waitUntil } from '../support/pivot.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
const NOT_SENT = /Nothing was sent/;

const waitFor = (what, check, options = {}) => waitUntil(what, check, { timeoutMs: 60_000, intervalMs: 250, ...options });

/** A payout the model asks for, by channel. */
const payout = (referenceId, overrides = {}) => ({
	channelCode: 'BCA',
	accountNumber: '999966660001',
	accountName: 'Dummy Simulation',
	amount: 150000,
	referenceId,
	description: 'Agent payout',
	...overrides,
});

/** What a Pivot tool node returned to the agent in each of its runs (its ai_tool output). */
function toolOutputs(execution, nodeName) {
	const runs = execution.data?.resultData?.runData?.[nodeName] ?? [];
	return runs.map((run) => (run.data?.ai_tool?.[0] ?? []).map((item) => item.json));
}

describe('Pivot as an AI agent tool in a real n8n (scripted model, simulator)', () => {
	let sandbox;
	let ai;
	let smtp;
	let n8n;
	let rest;
	const ids = {};

	const requests = async (route) => (await sandbox.control('requests')).filter((r) => !route || r.route === route);
	const payouts = () => sandbox.control('payouts');

	/** POST the prompt (tagged with its script) to an agent workflow's webhook; the finished execution. */
	async function ask(key, slug, tag, prompt) {
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
	}

	before(async () => {
		ensureN8n();
		const ext = await stagePackage();
		[sandbox, ai, smtp] = await Promise.all([startSandbox(), startFakeOpenAi(), startFakeSmtp()]);
		n8n = await createN8n({ customExtensionsDir: ext });
		await n8n.importCredentials([
			simulatorCredential(PIVOT_CREDENTIAL, sandbox),
			{ name: OPENAI_CREDENTIAL, type: 'openAiApi', data: { apiKey: 'sk-fake-e2e-not-a-key', url: ai.url } },
			{
				name: SMTP_CREDENTIAL,
				type: 'smtp',
				data: { user: '', password: '', host: smtp.host, port: smtp.port, secure: false, disableStartTls: true },
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
		const imported = await n8n.importWorkflow(Object.values(workflows));
		Object.keys(workflows).forEach((key, i) => (ids[key] = imported[i].id));
		await n8n.start({ timeoutMs: 240_000 });
		rest = await new RestClient(n8n.baseUrl).ownerSession();
		for (const key of Object.keys(workflows)) await rest.activateWorkflow(ids[key], { timeoutMs: 120_000 });
	});

	beforeEach(async () => {
		await sandbox.control('reset', 'POST');
	});

	after(async () => {
		await n8n?.stop();
		await Promise.all([sandbox?.stop(), ai?.stop(), smtp?.stop()]);
	});

	it('a. the agent reads the balance through the Pivot tool', async () => {
		ai.script('a-balance', [{ tool: 'Pivot_Balance', args: {} }, { text: 'You have Rp 1,000,000,000.' }]);
		const { execution, answer } = await ask('read', 'e2e-agent-read', 'a-balance', 'How much money is in the account?');
		assert.equal(execution.status, 'success', JSON.stringify(execution.data?.resultData?.error?.message));
		assert.deepEqual(ai.offeredTools('a-balance').sort(), ['Pivot_Balance', 'Pivot_Create_Payout']);
		const balanceCalls = await requests('balance');
		assert.equal(balanceCalls.length, 1, 'the simulator saw one balance request');
		const [toolResult] = ai.toolResults('a-balance');
		assert.match(toolResult, /1000000000/, `the model got the balance: ${toolResult}`);
		assert.match(answer, /Rp 1,000,000,000/);
		assert.equal(toolOutputs(execution, 'Pivot Balance')[0][0].amount, 1_000_000_000);
	});

	it('b. a create the node does not allow for agents is refused; the model reads why; 0 payouts', async () => {
		ai.script('b-off', [{ tool: 'Pivot_Create_Payout', args: payout('AI-B-1') }, { text: 'I could not pay.' }]);
		const { execution } = await ask('read', 'e2e-agent-read', 'b-off', 'Pay Rp 150,000 to BCA 999966660001.');
		const [toolResult] = ai.toolResults('b-off');
		assert.match(toolResult, NOT_SENT, toolResult);
		assert.match(toolResult, /Allow AI Agents to Create Payouts/);
		assert.match(toolOutputs(execution, 'Pivot Create Payout')[0][0].error, NOT_SENT);
		assert.equal((await requests('createPayout')).length, 0);
		assert.deepEqual(await payouts(), []);
	});

	it('c. allowed, but above the maximum amount or outside the allowed destinations: refused, 0 payouts', async () => {
		ai.script('c-cap', [{ tool: 'Pivot_Create_Payout', args: payout('AI-C-1', { amount: 250000 }) }, { text: 'Refused.' }]);
		ai.script('c-dest', [
			{ tool: 'Pivot_Create_Payout', args: payout('AI-C-2', { channelCode: 'BNI', accountNumber: '90016666001', accountName: 'Budi Santoso' }) },
			{ text: 'Refused.' },
		]);
		await ask('limited', 'e2e-agent-limited', 'c-cap', 'Pay Rp 250,000 to BCA 999966660001.');
		const [capped] = ai.toolResults('c-cap');
		assert.match(capped, NOT_SENT, capped);
		assert.match(capped, /above the AI agents' maximum of Rp 200,000/);
		await ask('limited', 'e2e-agent-limited', 'c-dest', 'Pay Rp 150,000 to BNI 90016666001.');
		const [outside] = ai.toolResults('c-dest');
		assert.match(outside, NOT_SENT, outside);
		assert.match(outside, /not in the AI agents' allowed destinations/);
		assert.equal((await requests('createPayout')).length, 0);
		assert.deepEqual(await payouts(), []);
	});

	it('d. within the limits: exactly 1 payout; a second create in the same execution is refused', async () => {
		ai.script('d-ok', [{ tool: 'Pivot_Create_Payout', args: payout('AI-D-1') }, { text: 'Paid.' }]);
		const { execution } = await ask('limited', 'e2e-agent-limited', 'd-ok', 'Pay Rp 150,000 to BCA 999966660001.');
		assert.equal(execution.status, 'success');
		const [created] = ai.toolResults('d-ok');
		assert.match(created, /AI-D-1/, created);
		assert.doesNotMatch(created, NOT_SENT);
		let list = await payouts();
		assert.equal(list.length, 1);
		assert.deepEqual([list[0].referenceId, list[0].amount, list[0].accountNumber], ['AI-D-1', '150000', '999966660001']);
		const creates = await requests('createPayout');
		assert.equal(creates.length, 1);
		assert.match(creates[0].xRequestId, /^[0-9a-f]{32}$/, 'the X-REQUEST-ID is derived as in any run');
		assert.equal(JSON.parse(created)[0].requestId, creates[0].xRequestId);

		// Maximum Payouts per Execution 1: one after the other, then two in one model turn.
		await sandbox.control('reset', 'POST');
		ai.script('d-twice', [
			{ tool: 'Pivot_Create_Payout', args: payout('AI-D-2') },
			{ tool: 'Pivot_Create_Payout', args: payout('AI-D-3') },
			{ text: 'Done.' },
		]);
		const twice = await ask('limited', 'e2e-agent-limited', 'd-twice', 'Pay Rp 150,000 twice to BCA 999966660001.');
		const [first, second] = ai.toolResults('d-twice');
		assert.doesNotMatch(first, NOT_SENT, first);
		assert.match(second, NOT_SENT, second);
		assert.match(second, /exceed the maximum of 1/);
		list = await payouts();
		assert.deepEqual(list.map((p) => p.referenceId), ['AI-D-2']);
		const [run1, run2] = toolOutputs(twice.execution, 'Pivot Create Payout');
		assert.equal(run1[0].referenceId, 'AI-D-2');
		assert.match(run2[0].error, /exceed the maximum of 1/);

		await sandbox.control('reset', 'POST');
		ai.script('d-parallel', [
			{ tools: [{ tool: 'Pivot_Create_Payout', args: payout('AI-D-4') }, { tool: 'Pivot_Create_Payout', args: payout('AI-D-5') }] },
			{ text: 'Done.' },
		]);
		await ask('limited', 'e2e-agent-limited', 'd-parallel', 'Pay Rp 150,000 twice at once to BCA 999966660001.');
		const results = ai.toolResults('d-parallel');
		assert.equal(results.length, 2, JSON.stringify(results));
		assert.equal(results.filter((r) => NOT_SENT.test(r)).length, 1, JSON.stringify(results));
		assert.equal((await payouts()).length, 1, 'two calls in one turn still create at most one payout');
	});

	it(
		'c2. guard settings given as $fromAI() expressions do not let the model allow itself a payout',
		async () => {
			ai.script('c-expr', [
				{ tool: 'Pivot_Create_Payout', args: { ...payout('AI-C-3', { amount: 900000 }), allow: true, cap: 999999999, count: 99, destinations: '' } },
				{ text: 'Done.' },
			]);
			await ask('expressions', 'e2e-agent-expressions', 'c-expr', 'Pay Rp 900,000 to BCA 999966660001.');
			const [result] = ai.toolResults('c-expr');
			assert.match(result, NOT_SENT, result);
			assert.equal((await requests('createPayout')).length, 0);
			assert.deepEqual(await payouts(), []);
		},
	);

	it('e. the example: a payout waits for a person (0 payouts), runs after Approve (1); Decline sends nothing', async () => {
		const gated = (referenceId, amount = 150000) => ({
			tool: 'Pivot_Create_Payout',
			args: { toolParameters: payout(referenceId, { amount }), hitlParameters: {} },
		});
		ai.script('e-approve', [gated('AI-E-1'), { text: 'The payout was approved and created.' }]);
		const known = new Set((await rest.listExecutions({ workflowId: ids.example })).map((e) => e.id));
		const response = await fetch(`${n8n.baseUrl}/webhook/e2e-agent-example`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ chatInput: '[e-approve] Pay Rp 150,000 to BCA 999966660001 (Dummy Simulation).' }),
		});
		assert.equal(response.status, 200);
		const mail = await smtp.waitForMessage((m) => m.text.includes('AI-E-1'), { timeoutMs: 120_000 });
		assert.deepEqual(mail.to, ['payout-approver@example.com']);
		assert.match(mail.text, /Rp 150000 to BCA 999966660001 \(Dummy Simulation\)/, 'the reviewer sees what would be paid');
		const waiting = await waitFor('the execution to wait for the reviewer', async () =>
			(await rest.listExecutions({ workflowId: ids.example })).find((e) => !known.has(e.id) && e.status === 'waiting'),
		);
		await sleep(3000); // nothing may happen while it waits
		assert.equal((await requests('createPayout')).length, 0, 'no create before approval');
		assert.deepEqual(await payouts(), []);
		const paused = await rest.getExecution(waiting.id);
		assert.equal(paused.status, 'waiting');
		assert.deepEqual(toolOutputs(paused, 'Pivot Create Payout'), [], 'the Pivot tool has not run while the reviewer decides');
		assert.equal(toolOutputs(paused, 'Approve Payout by Email').length, 1);

		const approve = mail.links.find((link) => /approved=true/.test(link));
		assert.ok(approve, `no Approve link in ${JSON.stringify(mail.links)}`);
		assert.ok(mail.links.some((link) => /approved=false/.test(link)), 'no Decline link');
		const click = await fetch(approve, { headers: { 'user-agent': BROWSER_UA } });
		assert.equal(click.status, 200, await click.text());
		const finished = await waitFor('the approved execution to finish', async () => {
			const execution = await rest.getExecution(waiting.id);
			return !['new', 'running', 'waiting'].includes(execution.status) && execution;
		}, { timeoutMs: 120_000 });
		assert.equal(finished.status, 'success', JSON.stringify(finished.data?.resultData?.error?.message));
		const list = await payouts();
		assert.deepEqual(list.map((p) => [p.referenceId, p.amount]), [['AI-E-1', '150000']]);
		assert.equal((await requests('createPayout')).length, 1);
		assert.match(ai.toolResults('e-approve').at(-1), /AI-E-1/);
		const runs = toolOutputs(finished, 'Pivot Create Payout');
		assert.deepEqual(runs.map((items) => items.map((item) => [item.referenceId, item.requestUuid])), [[['AI-E-1', list[0].requestUuid]]]);

		// Decline: the agent is told the call was rejected, and nothing is sent.
		await sandbox.control('reset', 'POST');
		ai.script('e-decline', [gated('AI-E-2'), { text: 'The payout was declined.' }]);
		await fetch(`${n8n.baseUrl}/webhook/e2e-agent-example`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ chatInput: '[e-decline] Pay Rp 150,000 to BCA 999966660001.' }),
		});
		const declineMail = await smtp.waitForMessage((m) => m.text.includes('AI-E-2'), { timeoutMs: 120_000 });
		const decline = declineMail.links.find((link) => /approved=false/.test(link));
		const declined = await fetch(decline, { headers: { 'user-agent': BROWSER_UA } });
		assert.equal(declined.status, 200);
		await waitFor('the model to hear of the decline', async () => ai.toolResults('e-decline').length > 0, { timeoutMs: 120_000 });
		assert.match(ai.toolResults('e-decline')[0], /rejected/i);
		assert.equal((await requests('createPayout')).length, 0);
		assert.deepEqual(await payouts(), []);
	});
});
