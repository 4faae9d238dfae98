// Running workflows through their production webhooks and reading n8n's own execution records and
// the simulator's counters: the figures come from these, never from what the node outputs.
import { setTimeout as sleep } from 'node:timers/promises';

/** POSTs to a production webhook; returns { status, ms, body }. */
export async function callWebhook(baseUrl, pathName, body, { timeoutMs = 600_000 } = {}) {
	const started = performance.now();
	const response = await fetch(`${baseUrl}/webhook/${pathName}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(timeoutMs),
	});
	const text = await response.text();
	return { status: response.status, ms: performance.now() - started, body: text };
}

/** All executions of a workflow (newest first), without data; pages through n8n's cursor. */
export async function allExecutions(rest, workflowId, { max = 100_000 } = {}) {
	const out = [];
	let cursor;
	for (let page = 0; page < Math.ceil(max / 100) + 1; page++) {
		const query = new URLSearchParams({ filter: JSON.stringify({ workflowId }), limit: '100' });
		if (cursor) query.set('cursor', cursor);
		const result = await rest.request('GET', `/rest/executions?${query}`);
		const list = result.results ?? result;
		out.push(...list);
		cursor = result.nextCursor ?? result.cursor?.next;
		if (!cursor || list.length < 100 || out.length >= max) break;
	}
	return out;
}

export async function executionCount(rest, workflowId) {
	const query = new URLSearchParams({ filter: JSON.stringify({ workflowId }), limit: '1' });
	const result = await rest.request('GET', `/rest/executions?${query}`);
	return result.count ?? (result.results ?? result).length;
}

/** Waits (bounded) until a workflow has `count` executions that are no longer running. */
export async function waitForFinished(rest, workflowId, count, { timeoutMs = 120_000 } = {}) {
	const deadline = Date.now() + timeoutMs;
	let list = [];
	while (Date.now() < deadline) {
		list = await allExecutions(rest, workflowId, { max: count + 100 });
		const done = list.filter((e) => !['new', 'running', 'waiting'].includes(e.status));
		if (done.length >= count) return done;
		await sleep(200);
	}
	throw new Error(`workflow ${workflowId}: ${list.length} of ${count} executions finished after ${timeoutMs} ms`);
}

/**
 * Timings of one execution from n8n's record: wall = stoppedAt − startedAt, and each node's own
 * executionTime (ms) from its run data.
 */
export function executionTimings(execution) {
	const wallMs = new Date(execution.stoppedAt).getTime() - new Date(execution.startedAt).getTime();
	const nodes = {};
	for (const [name, runs] of Object.entries(execution.data?.resultData?.runData ?? {})) {
		nodes[name] = runs.reduce((sum, run) => sum + (run.executionTime ?? 0), 0);
	}
	return { wallMs, nodes };
}

/**
 * Runs `trigger()` (e.g. a webhook call) and returns { result, execution }: the workflow's new
 * execution, with data, once n8n has finished and stored it (the webhook may answer before the
 * record is written). `onFinished()` runs once the record is written, before it is fetched.
 * Bounded by timeoutMs.
 */
export async function runAndRecord(rest, workflowId, trigger, { timeoutMs = 600_000, onFinished } = {}) {
	const before = await executionCount(rest, workflowId);
	const result = await trigger();
	if (result?.status === 404) throw new Error(`workflow ${workflowId}: webhook not registered (404)`);
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const [latest] = await rest.listExecutions({ workflowId, limit: 1 });
		const count = await executionCount(rest, workflowId);
		if (latest && count > before && !['new', 'running', 'waiting'].includes(latest.status)) {
			// e.g. stop a memory sampler: fetching the record with its data costs n8n memory too
			await onFinished?.();
			return { result, execution: await rest.getExecution(latest.id) };
		}
		await sleep(50);
	}
	throw new Error(`workflow ${workflowId}: no finished execution within ${timeoutMs} ms`);
}

// ---------------------------------------------------------------------------------------
// Simulator inspection
// ---------------------------------------------------------------------------------------
export async function simStats(sandbox) {
	return sandbox.control('stats');
}

/** Per-route request counts between two stats snapshots. */
export function routeDelta(before, after) {
	const out = { total: after.requests - before.requests, tokensIssued: after.tokensIssued - before.tokensIssued };
	for (const route of Object.keys(after.perRoute)) out[route] = after.perRoute[route] - (before.perRoute[route] ?? 0);
	return out;
}
