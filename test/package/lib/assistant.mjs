// examples/ai-agent-finance-assistant.json as a user runs it after importing it: a message in the
// editor's canvas chat (its Chat Trigger is not public, so it has no production chat), the OpenAI
// credential pointed at test/e2e/lib/fakeOpenAi.mjs (a scripted model), the human review mailed to
// test/e2e/lib/fakeSmtp.mjs and approved by opening the link in that mail, as the reviewer would.
import assert from 'node:assert/strict';

import { nodeOutput } from '../../../scripts/lib/n8n.mjs';
import { executionIds, nextExecution, sendChatMessage, waitForExecution } from './editor.mjs';

const TRIGGER = 'When chat message received';
const TAG = 'package-example';
const REFERENCE = 'AI-PKG-0001';
const BENEFICIARY = { channelCode: 'BCA', accountNumber: '999966660001', accountName: 'Dummy Simulation' };
// n8n answers the links of a waiting execution to browsers; a bare client may get a bot page
const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
const FINAL_ANSWER = `Paid Rp 150,000 to BCA 999966660001, reference ${REFERENCE}.`;

/** What a tool node returned to the agent in each of its runs (its ai_tool output). */
function toolOutputs(execution, nodeName) {
	const runs = execution.data?.resultData?.runData?.[nodeName] ?? [];
	return runs.map((run) => (run.data?.ai_tool?.[0] ?? []).map((item) => item.json));
}

/**
 * The model reads the balance, validates the beneficiary, proposes one payout (the human review
 * holds it), looks the payout up after approval and answers: one tool call per turn, as n8n's
 * agent replays earlier calls one assistant message each.
 */
function scriptConversation(ai) {
	ai.script(TAG, [
		{ tool: 'Pivot_Balance', args: {} },
		{ tool: 'Pivot_Validate_Account', args: BENEFICIARY },
		{
			tool: 'Pivot_Create_Payout',
			args: {
				toolParameters: { ...BENEFICIARY, amount: 150000, referenceId: REFERENCE, description: 'Agent payout' },
				hitlParameters: {},
			},
		},
		{ tool: 'Pivot_Payout_Status', args: { referenceId: REFERENCE } },
		{ text: FINAL_ANSWER },
	]);
}

export async function runAssistantExample({ rest, n8n, sandbox, ai, smtp, workflowId, sessionId }) {
	const requests = async (route) => (await sandbox.control('requests')).filter((r) => r.route === route);
	scriptConversation(ai);
	const known = await executionIds(rest, workflowId);
	const answer = sendChatMessage(
		rest,
		n8n.baseUrl,
		workflowId,
		TRIGGER,
		sessionId,
		`[${TAG}] Check the balance, validate BCA 999966660001 (Dummy Simulation) and pay it Rp 150,000, reference ${REFERENCE}.`,
	);
	answer.catch(() => {}); // settled by the end, read there

	// The proposal is mailed to the approver and the run waits: nothing sent to Pivot yet.
	const mail = await smtp.waitForMessage((m) => m.text.includes(REFERENCE), { timeoutMs: 60_000 });
	assert.deepEqual(mail.to, ['payout-approver@example.com']);
	assert.match(mail.text, /Rp 150000 to BCA 999966660001 \(Dummy Simulation\)/, 'the reviewer sees what would be paid');
	const waiting = await nextExecution(rest, workflowId, known, { until: 'waiting', timeoutMs: 60_000 });
	assert.equal(waiting.mode, 'manual');
	assert.deepEqual(toolOutputs(waiting, 'Pivot Create Payout'), [], 'the Pivot tool ran before the reviewer decided');
	assert.equal((await requests('createPayout')).length, 0, 'a create reached Pivot before approval');
	assert.deepEqual(await sandbox.control('payouts'), []);
	// the read-only tools already ran against Pivot
	assert.equal((await requests('balance')).length, 1);
	assert.equal((await requests('inquiry')).filter((r) => r.method === 'POST').length, 1);
	assert.deepEqual(ai.offeredTools(TAG).sort(), ['Pivot_Balance', 'Pivot_Create_Payout', 'Pivot_Payout_Status', 'Pivot_Validate_Account']);

	const approve = mail.links.find((link) => /approved=true/.test(link));
	assert.ok(approve, `no Approve link in ${JSON.stringify(mail.links)}`);
	const click = await fetch(approve, { headers: { 'user-agent': BROWSER_UA } });
	assert.equal(click.status, 200, await click.text());

	const finished = await waitForExecution(rest, waiting.id, { timeoutMs: 120_000 });
	assert.equal(finished.status, 'success', finished.data?.resultData?.error?.message);
	const payouts = await sandbox.control('payouts');
	assert.deepEqual(
		payouts.map((p) => [p.referenceId, p.amount, p.channelCode, p.accountNumber]),
		[[REFERENCE, '150000', 'BCA', '999966660001']],
	);
	assert.equal((await requests('createPayout')).length, 1);
	assert.ok((await requests('getPayout')).some((r) => r.path === `/v1/payouts/${REFERENCE}`), 'Payout Status did not ask Pivot');

	// What the model read back from each tool, and what the tool nodes recorded in the execution.
	const [balance, validation, created, status] = ai.toolResults(TAG);
	assert.match(balance, /1000000000/, balance);
	assert.match(validation, /"status":"VALID"/, validation);
	assert.match(created, new RegExp(REFERENCE), created);
	assert.match(status, new RegExp(`"referenceId":"${REFERENCE}"`), status);
	assert.deepEqual(
		toolOutputs(finished, 'Pivot Create Payout').map((items) => items.map((item) => [item.referenceId, item.requestUuid])),
		[[[REFERENCE, payouts[0].requestUuid]]],
	);
	assert.equal(toolOutputs(finished, 'Pivot Balance')[0][0].amount, 1_000_000_000);
	// The agent's answer, from the execution record: n8n answers the chat request itself already when
	// the run pauses for review (with its own "No item to return was found").
	const chatAnswer = await answer;
	assert.deepEqual(nodeOutput(finished, 'AI Agent'), [{ output: FINAL_ANSWER }], `chat answer: ${chatAnswer.text.slice(0, 300)}`);
}
