// The queue-mode stack shared by the suite and the benchmark: the simulator, a sink that counts
// what workflows report, and the topology (PostgreSQL, Redis, main, workers, webhook process).
// Helpers read n8n's own execution records straight from Postgres, the simulator's records from
// its inspection API, and never take a node's word for what happened.
import http from 'node:http';

import { startSandbox } from '../../../scripts/lib/n8n.mjs';
import { FAST_RECOVERY_ENV, startQueueTopology } from '../../../scripts/lib/queue.mjs';
import { benchCallbackWorkflows, CREDENTIAL_NAME, HEADER_AUTH_NAME, operationWorkflows, reconcileWorkflow, slugOf } from './workflows.mjs';
import { payoutRowMaker, simulatorCredential, waitFor as waitUntil } from '../../support/pivot.mjs';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const UNFINISHED = new Set(['new', 'running', 'waiting']);

export const waitFor = (what, check, options = {}) => waitUntil(what, check, { timeoutMs: 30_000, intervalMs: 200, ...options });

/** Runs fn over items with at most `concurrency` at a time; results in input order. */
export async function pool(items, concurrency, fn) {
	const results = new Array(items.length);
	let next = 0;
	const lane = async () => {
		while (next < items.length) {
			const i = next++;
			results[i] = await fn(items[i], i);
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
	return results;
}

/** An HTTP server on loopback that keeps every JSON body POSTed to it. */
export async function startSink() {
	const received = [];
	const server = http.createServer((request, response) => {
		let text = '';
		request.on('data', (chunk) => (text += chunk));
		request.on('end', () => {
			try {
				received.push(JSON.parse(text));
			} catch {
				received.push({ unparsable: text });
			}
			response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}/`,
		received,
		clear: () => (received.length = 0),
		stop: () => new Promise((resolve) => server.close(resolve)),
	};
}

/** Counts of each value; `repeated` lists the values seen more than once. */
export function tally(values) {
	const counts = new Map();
	for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
	return { counts, distinct: counts.size, repeated: [...counts].filter(([, n]) => n > 1).map(([v]) => v) };
}

export const payoutRow = payoutRowMaker('Queue payout');

/**
 * Starts everything. `workers`, `withBench` and `extraWorkflows` vary the topology and workflows.
 * Returns { sandbox, sink, topology, ids, post(), executions(), waitForExecutions(), ... }.
 */
export async function startStack({ workers = 2, workerConcurrency = 10, withBench = false, extraWorkflows, env = {} } = {}) {
	const sandbox = await startSandbox();
	const sink = await startSink();
	const credentials = [simulatorCredential(CREDENTIAL_NAME, sandbox)];
	const workflows = { ...operationWorkflows(), reconcile: reconcileWorkflow(sink.url) };
	if (withBench) {
		credentials.push({ name: HEADER_AUTH_NAME, type: 'httpHeaderAuth', data: { name: 'X-API-Key', value: sandbox.callbackApiKey } });
		Object.assign(workflows, benchCallbackWorkflows());
	}
	// e.g. a variant without a protection, to show that a check notices (key → (sinkUrl) => workflow)
	for (const [key, make] of Object.entries(extraWorkflows ?? {})) workflows[key] = make(sink.url);
	const keys = Object.keys(workflows);
	let topology;
	try {
		topology = await startQueueTopology({
			workers,
			workerConcurrency,
			credentials,
			workflows: keys.map((k) => workflows[k]),
			env: { ...FAST_RECOVERY_ENV, ...env },
		});
	} catch (error) {
		await Promise.all([sandbox.stop(), sink.stop()]);
		throw error;
	}
	const ids = Object.fromEntries(keys.map((k, i) => [k, topology.workflows[i].id]));
	const pg = topology.pg;

	const stack = {
		sandbox,
		sink,
		topology,
		ids,
		workflows,
		control: (...args) => sandbox.control(...args),
		/** POST { rows } to a workflow's production webhook on the webhook process. */
		async post(key, rows) {
			const response = await fetch(topology.webhookUrl(`/webhook/${slugOf(workflows[key])}`), {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ rows }),
			});
			const text = await response.text();
			let body = text;
			try {
				body = JSON.parse(text);
			} catch {
				// keep text
			}
			return { status: response.status, body };
		},
		/** n8n's execution records of a workflow, from Postgres, oldest first. */
		executions: (key) =>
			pg.queryJson(
				`select id::text, status, mode, finished, "retryOf", "startedAt", "stoppedAt" from execution_entity where "workflowId" = '${ids[key]}' order by id`,
			),
		/** Waits until a workflow has at least `count` finished executions (newer than `afterId`). */
		async waitForExecutions(key, count, { afterId = 0, timeoutMs = 60_000 } = {}) {
			return waitFor(
				`${count} finished executions of ${key}`,
				async () => {
					const done = (await stack.executions(key)).filter((e) => Number(e.id) > afterId && !UNFINISHED.has(e.status));
					return done.length >= count ? done : undefined;
				},
				{ timeoutMs, intervalMs: 300 },
			);
		},
		/** Every execution record newer than `afterId` (any workflow), oldest first. */
		executionsSince: (afterId) =>
			pg.queryJson(
				`select id::text, status, mode, finished, "retryOf", "workflowId" from execution_entity where id > ${Number(afterId)} order by id`,
			),
		async lastExecutionId() {
			const [row] = await pg.queryJson('select coalesce(max(id), 0)::int as id from execution_entity');
			return row.id;
		},
		/** Payouts at the simulator per reference. */
		async payoutsPerReference() {
			return tally((await sandbox.control('payouts')).map((p) => p.referenceId)).counts;
		},
		async reset(config = {}) {
			await sandbox.control('reset', 'POST');
			await sandbox.control('config', 'POST', {
				callbackUrl: '',
				tokenLifetimeSeconds: 900,
				tokenPolicy: 'concurrent',
				processingDelayMs: 300,
				callbackTimeScale: 1,
				...config,
			});
			sink.clear();
		},
		async stop() {
			await topology.stop();
			await Promise.all([sandbox.stop(), sink.stop()]);
		},
	};
	return stack;
}

/** A token exchange by the test itself (the credential's own token is not touched). */
export async function exchangeToken(sandbox) {
	const response = await fetch(`${sandbox.url}/v1/access-token`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-merchant-id': sandbox.clientId, 'x-merchant-secret': sandbox.clientSecret },
		body: JSON.stringify({ grantType: 'client_credentials' }),
	});
	return (await response.json()).data.accessToken;
}

/** The test as a Pivot client of the simulator: single payouts made directly, for callbacks. */
export async function directPayouts(sandbox, references, { concurrency = 8, gapMs = 0 } = {}) {
	const token = await exchangeToken(sandbox);
	return pool(references, concurrency, async (referenceId, i) => {
		if (gapMs) await sleep(gapMs);
		const response = await fetch(`${sandbox.url}/v1/payouts`, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				authorization: `Bearer ${token}`,
				'x-request-id': `queuedirect${String(i).padStart(6, '0')}${Date.now()}`,
			},
			body: JSON.stringify({
				payouts: [
					{
						referenceId,
						channelCode: 'BCA',
						channelInformation: { accountNumber: '999966660001', accountName: 'Dummy Simulation' },
						amount: { value: '100000', currency: 'IDR' },
						description: 'callback test',
					},
				],
			}),
		});
		if (!response.ok) throw new Error(`direct payout ${referenceId}: HTTP ${response.status} ${await response.text()}`);
		return response.status;
	});
}

/**
 * Genuine callbacks: the simulator's own (body and key), for single payouts made directly and
 * caught on their way by a sink, to be delivered to n8n at a pace the test chooses.
 */
export async function captureCallbacks(s, references) {
	const capture = await startSink();
	try {
		await s.reset({ callbackUrl: capture.url, processingDelayMs: 50 });
		await directPayouts(s.sandbox, references);
		await waitFor(`${references.length} callbacks`, () => capture.received.length >= references.length, { timeoutMs: 30_000 });
		return [...capture.received];
	} finally {
		await capture.stop();
	}
}

/** POSTs a callback body to a path on the webhook process, with the simulator's key unless told; → HTTP status. */
export async function deliverCallback(s, urlPath, body, headers = { 'X-API-Key': s.sandbox.callbackApiKey }) {
	const response = await fetch(s.topology.webhookUrl(urlPath), {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body),
	});
	await response.text();
	return response.status;
}
