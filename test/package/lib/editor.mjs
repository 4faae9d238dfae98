// What n8n's editor sends when a user imports a workflow file, clicks "Execute workflow" or chats
// with a Chat Trigger in the canvas (n8n 2.41.1's REST API, the requests read from its editor
// bundle and controllers), and waiting for the execution records those produce.
import fs from 'node:fs';

import { waitFor } from '../../support/pivot.mjs';

const FINISHED = (execution) => execution && !['new', 'running', 'waiting'].includes(execution.status);

/**
 * Imports a workflow file as it is: its bytes are the body of POST /rest/workflows, the request
 * the editor makes when an imported workflow is saved. n8n fills in credentials that name a
 * credential but carry no id (`{ id: null, name }`) with the one credential of that name and type.
 */
export async function importWorkflowFile(rest, filePath) {
	const response = await fetch(`${rest.baseUrl}/rest/workflows`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', accept: 'application/json', cookie: rest.cookieHeader() },
		body: fs.readFileSync(filePath),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`importing ${filePath}: POST /rest/workflows -> ${response.status}: ${text.slice(0, 800)}`);
	return JSON.parse(text).data;
}

/** "Execute workflow" from a trigger: POST /rest/workflows/:id/run { triggerToStartFrom }. */
export async function executeFromTrigger(rest, workflowId, triggerName, extra = {}) {
	return rest.request('POST', `/rest/workflows/${workflowId}/run`, { triggerToStartFrom: { name: triggerName }, ...extra });
}

/** Polls one execution until it finished (or is in `until`, e.g. 'waiting'); returns it with data. */
export async function waitForExecution(rest, executionId, { until = FINISHED, timeoutMs = 60_000 } = {}) {
	const test = typeof until === 'string' ? (e) => e?.status === until : until;
	return waitFor(
		`execution ${executionId}`,
		async () => {
			const execution = await rest.getExecution(executionId);
			return test(execution) ? execution : undefined;
		},
		{ timeoutMs, intervalMs: 250 },
	);
}

/** Ids of a workflow's executions so far, to tell the next one apart. */
export async function executionIds(rest, workflowId) {
	return new Set((await rest.listExecutions({ workflowId })).map((e) => e.id));
}

/** The first execution of a workflow not in `known` that satisfies `until` (default: finished), with data. */
export async function nextExecution(rest, workflowId, known, { until = FINISHED, timeoutMs = 30_000 } = {}) {
	const test = typeof until === 'string' ? (e) => e?.status === until : until;
	const found = await waitFor(
		`a new execution of workflow ${workflowId}`,
		async () => (await rest.listExecutions({ workflowId })).find((e) => !known.has(e.id) && test(e)),
		{ timeoutMs, intervalMs: 250 },
	);
	return rest.getExecution(found.id);
}

/**
 * A message typed into the canvas chat of a workflow with a Chat Trigger: the editor first
 * registers a test webhook (POST /rest/workflows/:id/run with the chat session id), then its chat
 * widget POSTs { action: 'sendMessage', sessionId, chatInput } to /webhook-test/<workflow id>/<session id>.
 * Returns the pending answer (a promise of { status, text }): n8n answers when the run is done.
 */
export async function sendChatMessage(rest, baseUrl, workflowId, triggerName, sessionId, chatInput) {
	const registered = await executeFromTrigger(rest, workflowId, triggerName, { chatSessionId: sessionId });
	if (!registered?.waitingForWebhook) throw new Error(`the chat test webhook was not registered: ${JSON.stringify(registered)}`);
	return fetch(`${baseUrl}/webhook-test/${workflowId}/${sessionId}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ action: 'sendMessage', sessionId, chatInput }),
		signal: AbortSignal.timeout(180_000),
	}).then(async (response) => ({ status: response.status, text: await response.text() }));
}
