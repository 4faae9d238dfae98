// The Pivot node as an AI agent's tool inside a real n8n 2.41.1, with no external model:
//
//   npm run build && node --test test/e2e/ai-agent.e2e.test.mjs
//
// n8n's AI Agent talks through its OpenAI Chat Model to a scripted stand-in (lib/agentSuite.mjs
// starts it, the simulator, an SMTP sink and n8n). The Pivot tools (CUSTOM.pivotTool) talk to the
// simulator, where every check about money is made: payouts created, createPayout requests
// received. Human review runs through n8n's own "Send Email" human review step: its mail lands in
// the SMTP sink and the test clicks the link in it, as the reviewer would.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { agentSuite, payout, toolOutputs, waitFor } from './lib/agentSuite.mjs';

const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
const NOT_SENT = /Nothing was sent/;

describe('Pivot as an AI agent tool in a real n8n (scripted model, simulator)', () => {
	const suite = agentSuite();
	const { ask, requests, payouts } = suite;

	it('a. the agent reads the balance through the Pivot tool', async () => {
		suite.ai.script('a-balance', [{ tool: 'Pivot_Balance', args: {} }, { text: 'You have Rp 1,000,000,000.' }]);
		const { execution, answer } = await ask('read', 'e2e-agent-read', 'a-balance', 'How much money is in the account?');
		assert.equal(execution.status, 'success', JSON.stringify(execution.data?.resultData?.error?.message));
		assert.deepEqual(suite.ai.offeredTools('a-balance').sort(), ['Pivot_Balance', 'Pivot_Create_Payout']);
		const balanceCalls = await requests('balance');
		assert.equal(balanceCalls.length, 1, 'the simulator saw one balance request');
		const [toolResult] = suite.ai.toolResults('a-balance');
		assert.match(toolResult, /1000000000/, `the model got the balance: ${toolResult}`);
		assert.match(answer, /Rp 1,000,000,000/);
		assert.equal(toolOutputs(execution, 'Pivot Balance')[0][0].amount, 1_000_000_000);
	});

	it('b. a create the node does not allow for agents is refused; the model reads why; 0 payouts', async () => {
		suite.ai.script('b-off', [{ tool: 'Pivot_Create_Payout', args: payout('AI-B-1') }, { text: 'I could not pay.' }]);
		const { execution } = await ask('read', 'e2e-agent-read', 'b-off', 'Pay Rp 150,000 to BCA 999966660001.');
		const [toolResult] = suite.ai.toolResults('b-off');
		assert.match(toolResult, NOT_SENT, toolResult);
		assert.match(toolResult, /Allow AI Agents to Create Payouts/);
		assert.match(toolOutputs(execution, 'Pivot Create Payout')[0][0].error, NOT_SENT);
		assert.equal((await requests('createPayout')).length, 0);
		assert.deepEqual(await payouts(), []);
	});

	it('c. allowed, but above the maximum amount or outside the allowed destinations: refused, 0 payouts', async () => {
		suite.ai.script('c-cap', [{ tool: 'Pivot_Create_Payout', args: payout('AI-C-1', { amount: 250000 }) }, { text: 'Refused.' }]);
		suite.ai.script('c-dest', [
			{ tool: 'Pivot_Create_Payout', args: payout('AI-C-2', { channelCode: 'BNI', accountNumber: '90016666001', accountName: 'Budi Santoso' }) },
			{ text: 'Refused.' },
		]);
		await ask('limited', 'e2e-agent-limited', 'c-cap', 'Pay Rp 250,000 to BCA 999966660001.');
		const [capped] = suite.ai.toolResults('c-cap');
		assert.match(capped, NOT_SENT, capped);
		assert.match(capped, /above the AI agents' maximum of Rp 200,000/);
		await ask('limited', 'e2e-agent-limited', 'c-dest', 'Pay Rp 150,000 to BNI 90016666001.');
		const [outside] = suite.ai.toolResults('c-dest');
		assert.match(outside, NOT_SENT, outside);
		assert.match(outside, /not in the AI agents' allowed destinations/);
		assert.equal((await requests('createPayout')).length, 0);
		assert.deepEqual(await payouts(), []);
	});

	it('d. within the limits: exactly 1 payout; a second create in the same execution is refused', async () => {
		suite.ai.script('d-ok', [{ tool: 'Pivot_Create_Payout', args: payout('AI-D-1') }, { text: 'Paid.' }]);
		const { execution } = await ask('limited', 'e2e-agent-limited', 'd-ok', 'Pay Rp 150,000 to BCA 999966660001.');
		assert.equal(execution.status, 'success');
		const [created] = suite.ai.toolResults('d-ok');
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
		await suite.sandbox.control('reset', 'POST');
		suite.ai.script('d-twice', [
			{ tool: 'Pivot_Create_Payout', args: payout('AI-D-2') },
			{ tool: 'Pivot_Create_Payout', args: payout('AI-D-3') },
			{ text: 'Done.' },
		]);
		const twice = await ask('limited', 'e2e-agent-limited', 'd-twice', 'Pay Rp 150,000 twice to BCA 999966660001.');
		const [first, second] = suite.ai.toolResults('d-twice');
		assert.doesNotMatch(first, NOT_SENT, first);
		assert.match(second, NOT_SENT, second);
		assert.match(second, /exceed the maximum of 1/);
		list = await payouts();
		assert.deepEqual(list.map((p) => p.referenceId), ['AI-D-2']);
		const [run1, run2] = toolOutputs(twice.execution, 'Pivot Create Payout');
		assert.equal(run1[0].referenceId, 'AI-D-2');
		assert.match(run2[0].error, /exceed the maximum of 1/);

		await suite.sandbox.control('reset', 'POST');
		suite.ai.script('d-parallel', [
			{ tools: [{ tool: 'Pivot_Create_Payout', args: payout('AI-D-4') }, { tool: 'Pivot_Create_Payout', args: payout('AI-D-5') }] },
			{ text: 'Done.' },
		]);
		await ask('limited', 'e2e-agent-limited', 'd-parallel', 'Pay Rp 150,000 twice at once to BCA 999966660001.');
		const results = suite.ai.toolResults('d-parallel');
		assert.equal(results.length, 2, JSON.stringify(results));
		assert.equal(results.filter((r) => NOT_SENT.test(r)).length, 1, JSON.stringify(results));
		assert.equal((await payouts()).length, 1, 'two calls in one turn still create at most one payout');
	});

	it(
		'c2. guard settings given as $fromAI() expressions do not let the model allow itself a payout',
		async () => {
			suite.ai.script('c-expr', [
				{ tool: 'Pivot_Create_Payout', args: { ...payout('AI-C-3', { amount: 900000 }), allow: true, cap: 999999999, count: 99, destinations: '' } },
				{ text: 'Done.' },
			]);
			await ask('expressions', 'e2e-agent-expressions', 'c-expr', 'Pay Rp 900,000 to BCA 999966660001.');
			const [result] = suite.ai.toolResults('c-expr');
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
		const executionIds = async () => new Set((await suite.rest.listExecutions({ workflowId: suite.ids.example })).map((e) => e.id));
		// A review link is answered only once its execution is stored as waiting for the reviewer.
		const waitingExecution = async (known) =>
			await waitFor('the execution to wait for the reviewer', async () =>
				(await suite.rest.listExecutions({ workflowId: suite.ids.example })).find((e) => !known.has(e.id) && e.status === 'waiting'),
			);
		suite.ai.script('e-approve', [gated('AI-E-1'), { text: 'The payout was approved and created.' }]);
		const known = await executionIds();
		const response = await fetch(`${suite.n8n.baseUrl}/webhook/e2e-agent-example`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ chatInput: '[e-approve] Pay Rp 150,000 to BCA 999966660001 (Dummy Simulation).' }),
		});
		assert.equal(response.status, 200);
		const mail = await suite.smtp.waitForMessage((m) => m.text.includes('AI-E-1'), { timeoutMs: 120_000 });
		assert.deepEqual(mail.to, ['payout-approver@example.com']);
		assert.match(mail.text, /Rp 150000 to BCA 999966660001 \(Dummy Simulation\)/, 'the reviewer sees what would be paid');
		const waiting = await waitingExecution(known);
		await sleep(3000); // nothing may happen while it waits
		assert.equal((await requests('createPayout')).length, 0, 'no create before approval');
		assert.deepEqual(await payouts(), []);
		const paused = await suite.rest.getExecution(waiting.id);
		assert.equal(paused.status, 'waiting');
		assert.deepEqual(toolOutputs(paused, 'Pivot Create Payout'), [], 'the Pivot tool has not run while the reviewer decides');
		assert.equal(toolOutputs(paused, 'Approve Payout by Email').length, 1);

		const approve = mail.links.find((link) => /approved=true/.test(link));
		assert.ok(approve, `no Approve link in ${JSON.stringify(mail.links)}`);
		assert.ok(mail.links.some((link) => /approved=false/.test(link)), 'no Decline link');
		const click = await fetch(approve, { headers: { 'user-agent': BROWSER_UA } });
		assert.equal(click.status, 200, await click.text());
		const finished = await waitFor('the approved execution to finish', async () => {
			const execution = await suite.rest.getExecution(waiting.id);
			return !['new', 'running', 'waiting'].includes(execution.status) && execution;
		}, { timeoutMs: 120_000 });
		assert.equal(finished.status, 'success', JSON.stringify(finished.data?.resultData?.error?.message));
		const list = await payouts();
		assert.deepEqual(list.map((p) => [p.referenceId, p.amount]), [['AI-E-1', '150000']]);
		assert.equal((await requests('createPayout')).length, 1);
		assert.match(suite.ai.toolResults('e-approve').at(-1), /AI-E-1/);
		const runs = toolOutputs(finished, 'Pivot Create Payout');
		assert.deepEqual(runs.map((items) => items.map((item) => [item.referenceId, item.requestUuid])), [[['AI-E-1', list[0].requestUuid]]]);

		// Decline: the agent is told the call was rejected, and nothing is sent.
		await suite.sandbox.control('reset', 'POST');
		suite.ai.script('e-decline', [gated('AI-E-2'), { text: 'The payout was declined.' }]);
		const knownBeforeDecline = await executionIds();
		await fetch(`${suite.n8n.baseUrl}/webhook/e2e-agent-example`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ chatInput: '[e-decline] Pay Rp 150,000 to BCA 999966660001.' }),
		});
		const declineMail = await suite.smtp.waitForMessage((m) => m.text.includes('AI-E-2'), { timeoutMs: 120_000 });
		const decline = declineMail.links.find((link) => /approved=false/.test(link));
		await waitingExecution(knownBeforeDecline);
		const declined = await fetch(decline, { headers: { 'user-agent': BROWSER_UA } });
		assert.equal(declined.status, 200);
		await waitFor('the model to hear of the decline', async () => suite.ai.toolResults('e-decline').length > 0, { timeoutMs: 120_000 });
		assert.match(suite.ai.toolResults('e-decline')[0], /rejected/i);
		assert.equal((await requests('createPayout')).length, 0);
		assert.deepEqual(await payouts(), []);
	});
});
