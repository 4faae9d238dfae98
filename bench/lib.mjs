// Shared helpers for the benchmarks (bench/run.mjs) and the safety campaign (bench/campaign.mjs):
// a simulator + real n8n stack, workflow builders, timings from n8n's own execution records,
// RSS sampling, load checks, tables and JSON output.
//
// Everything runs on loopback; every loop here is bounded in count and time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';

import {
	createN8n,
	ensureN8n,
	N8N_VERSION,
	NODE24_VERSION,
	n8nId,
	n8nPaths,
	REPO_ROOT,
	RestClient,
	stagePackage,
	startSandbox,
} from '../scripts/lib/n8n.mjs';
import { simulatorCredentialData } from '../test/support/pivot.mjs';

export { REPO_ROOT };
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------
// Output: everything printed is also kept, so the campaign can scan its own output for secrets.
// ---------------------------------------------------------------------------------------
export const printed = [];

export function say(...parts) {
	const line = parts.join(' ');
	printed.push(line);
	process.stdout.write(`${line}\n`);
}

function cell(value, digits) {
	if (value === undefined || value === null) return '';
	if (typeof value === 'number' && digits !== undefined && Number.isFinite(value)) return value.toFixed(digits);
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) return String(value);
		if (Number.isInteger(value)) return value.toLocaleString('en-US');
		return value.toFixed(Math.abs(value) < 10 ? 3 : 1);
	}
	if (typeof value === 'boolean') return value ? 'yes' : 'no';
	return String(value);
}

/** Prints a plain-text table: columns = [{ key, label, digits? }], rows = objects. */
export function printTable(title, columns, rows) {
	const head = columns.map((c) => c.label ?? c.key);
	const body = rows.map((row) => columns.map((c) => cell(row[c.key], c.digits)));
	const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
	const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
	say('');
	say(title);
	say(line(head));
	say(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
	for (const r of body) say(line(r));
}

export const verdict = (ok) => (ok ? 'PASS' : 'FAIL');

export function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	if (sorted.length === 0) return NaN;
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function writeJson(file, value) {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
	return file;
}

export function artifactsDir(sub) {
	const dir = path.join(REPO_ROOT, 'artifacts', sub);
	fs.mkdirSync(dir, { recursive: true });
	return dir;
}

// ---------------------------------------------------------------------------------------
// Machine and load
// ---------------------------------------------------------------------------------------
export function loadAverage() {
	return Number(fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}

/**
 * Waits (bounded) until the 1-minute load average is at most `max`. Returns { load, waitedMs }.
 * Figures are only comparable when the machine is quiet; the result says how quiet it was.
 */
export async function waitForLowLoad({ max = 1.5, timeoutMs = 10 * 60_000, quiet = false } = {}) {
	const started = Date.now();
	let load = loadAverage();
	let announced = false;
	while (load > max && Date.now() - started < timeoutMs) {
		if (!announced && !quiet) {
			say(`   (load average ${load.toFixed(2)} > ${max}: waiting up to ${Math.round(timeoutMs / 60_000)} min)`);
			announced = true;
		}
		await sleep(10_000);
		load = loadAverage();
	}
	return { load, waitedMs: Date.now() - started, ok: load <= max };
}

export function machineInfo() {
	const cpus = os.cpus();
	const node24 = n8nPaths().node24;
	const node24Version = fs.existsSync(node24)
		? spawnSync(node24, ['--version'], { encoding: 'utf8' }).stdout.trim()
		: `v${NODE24_VERSION}`;
	return {
		date: new Date().toISOString(),
		cores: cpus.length,
		cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
		memoryGiB: Math.round(os.totalmem() / 2 ** 30),
		kernel: `${os.type()} ${os.release()}`,
		nodeForScripts: process.version,
		nodeForN8n: node24Version,
		n8nVersion: N8N_VERSION,
		loadAverageAtStart: loadAverage(),
	};
}

// ---------------------------------------------------------------------------------------
// Memory of the n8n process (/proc/<pid>/status)
// ---------------------------------------------------------------------------------------
export function readMemory(pid) {
	const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
	return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
}

/** Resets the peak-RSS counter (VmHWM) of a process we own: `echo 5 > /proc/<pid>/clear_refs`. */
export function resetPeakRss(pid) {
	try {
		fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
		return true;
	} catch {
		return false;
	}
}

/** Samples VmRSS every `intervalMs` until stop(); returns { maxRssKb, samples }. */
export function startRssSampler(pid, intervalMs = 20) {
	let maxRssKb = 0;
	let samples = 0;
	const timer = setInterval(() => {
		try {
			const { rssKb } = readMemory(pid);
			samples++;
			if (rssKb > maxRssKb) maxRssKb = rssKb;
		} catch {
			// process gone
		}
	}, intervalMs);
	return {
		stop() {
			clearInterval(timer);
			return { maxRssKb, samples };
		},
	};
}

// ---------------------------------------------------------------------------------------
// The stack: simulator + n8n with our package
// ---------------------------------------------------------------------------------------

/** A Callback API Key with upper- and lower-case letters, so case-changed forgeries differ from it. */
export function mixedCaseKey() {
	for (;;) {
		const key = randomBytes(30).toString('base64url').replace(/[-_]/g, 'Q');
		if (/[a-z]/.test(key) && /[A-Z]/.test(key) && /[0-9]/.test(key)) return key;
	}
}

export function pivotCredential(sandbox, { id = n8nId(), name = 'Pivot sandbox' } = {}) {
	return {
		id,
		name,
		type: 'pivotApi',
		data: simulatorCredentialData(sandbox, { subMerchantId: '', accessToken: '' }),
	};
}

export const credentialRef = (credential) => ({ [credential.type]: { id: credential.id, name: credential.name } });

/**
 * Starts the simulator and an n8n with our built package. `build({ sandbox, n8n })` returns
 * { credentials, workflows, publish } to import (and publish) before n8n starts.
 * Returns { sandbox, n8n, rest, credentials, workflows, stop() }.
 */
export async function startStack({ sandboxArgs = [], n8nEnv = {}, logLevel = 'info', build }) {
	ensureN8n();
	const sandbox = await startSandbox({ args: sandboxArgs });
	let n8n;
	try {
		const ext = await stagePackage();
		n8n = await createN8n({ customExtensionsDir: ext, env: n8nEnv, logLevel });
		const spec = (await build({ sandbox, n8n })) ?? {};
		const credentials = spec.credentials?.length ? await n8n.importCredentials(spec.credentials) : [];
		const workflows = spec.workflows?.length ? await n8n.importWorkflow(spec.workflows) : [];
		for (const wf of workflows) {
			if (spec.publish === true || spec.publish?.includes(wf.id)) await n8n.publishWorkflow(wf.id);
		}
		await n8n.start();
		const rest = await new RestClient(n8n.baseUrl).ownerSession();
		// "Editor is now accessible" can come before every published workflow's webhooks are live
		const published = workflows.filter((wf) => spec.publish === true || spec.publish?.includes(wf.id));
		await waitForPublished(rest, published.map((wf) => wf.id));
		return {
			sandbox,
			n8n,
			rest,
			credentials,
			workflows,
			async stop() {
				await n8n.stop();
				await sandbox.stop();
			},
		};
	} catch (error) {
		await n8n?.stop();
		await sandbox.stop();
		throw error;
	}
}

/** Waits (bounded) until n8n reports every given workflow's triggers as live. */
export async function waitForPublished(rest, workflowIds, { timeoutMs = 120_000 } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (const id of workflowIds) {
		let status;
		while (Date.now() < deadline) {
			status = await rest.request('GET', `/rest/workflows/${id}/publication-status`);
			if (status.status === 'published') break;
			if (status.status === 'failed' || status.status === 'partial') {
				throw new Error(`workflow ${id} failed to publish: ${JSON.stringify(status)}`);
			}
			await sleep(200);
		}
		if (status?.status !== 'published') throw new Error(`workflow ${id} not published after ${timeoutMs} ms`);
	}
}

/** The simulator's token exchange, done from the script (for HTTP Request / direct calls). */
export async function issueToken(sandbox) {
	const response = await fetch(`${sandbox.url}/v1/access-token`, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			'x-merchant-id': sandbox.clientId,
			'x-merchant-secret': sandbox.clientSecret,
		},
		body: JSON.stringify({ grantType: 'client_credentials' }),
	});
	const body = await response.json();
	if (!response.ok || !body?.data?.accessToken) throw new Error(`token exchange failed: HTTP ${response.status}`);
	return body.data.accessToken;
}

// ---------------------------------------------------------------------------------------
// Workflow building blocks
// ---------------------------------------------------------------------------------------
let nodeCounter = 0;
const nodeId = () => `b3c0ffee-0000-4000-8000-${String(++nodeCounter).padStart(12, '0')}`;

export function webhookNode(pathName, { name = 'Webhook', responseMode = 'lastNode', extra = {}, credentials } = {}) {
	return {
		id: nodeId(),
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: `${randomBytes(4).toString('hex')}-0000-4000-8000-${randomBytes(6).toString('hex')}`,
		parameters: { httpMethod: 'POST', path: pathName, responseMode, options: {}, ...extra },
		...(credentials ? { credentials } : {}),
	};
}

/** Split Out of body.items: one n8n item per row sent in the webhook body. */
export function splitOutNode(name = 'Rows') {
	return {
		id: nodeId(),
		name,
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: [220, 0],
		parameters: { fieldToSplitOut: 'body.items', include: 'noOtherFields', options: {} },
	};
}

export function pivotNode(name, parameters, credential, settings = {}) {
	return {
		id: nodeId(),
		name,
		type: 'CUSTOM.pivot',
		typeVersion: 1,
		position: [440, 0],
		parameters,
		credentials: credentialRef(credential),
		...settings,
	};
}

/** Payout → Create reading every field from the item ($json.*). */
export function createPayoutParameters({ sendAs = 'bulk', destination = 'channel', options = {} } = {}) {
	const common = {
		resource: 'payout',
		operation: 'create',
		sendAs,
		destination,
		amount: '={{ $json.amount }}',
		referenceId: '={{ $json.referenceId }}',
		description: '={{ $json.description }}',
		options,
	};
	if (destination === 'inquiry') return { ...common, inquiryId: '={{ $json.inquiryId }}' };
	return {
		...common,
		channelCode: { __rl: true, mode: 'id', value: '={{ $json.channelCode }}' },
		accountNumber: '={{ $json.accountNumber }}',
		accountName: '={{ $json.accountName }}',
	};
}

/** A straight chain of nodes (positions spread out), as one workflow. */
export function chain(name, nodes, settings = {}) {
	const connections = {};
	nodes.forEach((node, i) => {
		node.position = [i * 220, 0];
		if (i > 0) connections[nodes[i - 1].name] = { main: [[{ node: node.name, type: 'main', index: 0 }]] };
	});
	return { id: n8nId(), name, nodes, connections, settings: { executionOrder: 'v1', ...settings } };
}

export function payoutRows(count, prefix, { amount = '10000', accountNumber = '999966660001' } = {}) {
	return Array.from({ length: count }, (_, i) => ({
		channelCode: 'BRI',
		accountNumber,
		accountName: 'Dummy Simulation',
		amount,
		referenceId: `${prefix}-${i}`,
		description: 'Bench',
	}));
}

/** What the Pivot node sends for a row (bulk and per-item bodies are { payouts: [...] }). */
export function pivotItem(row) {
	return {
		referenceId: row.referenceId,
		channelCode: row.channelCode,
		channelInformation: { accountNumber: row.accountNumber, accountName: row.accountName },
		amount: { value: String(row.amount), currency: 'IDR' },
		description: row.description,
	};
}

// ---------------------------------------------------------------------------------------
// Running workflows and reading n8n's records
// ---------------------------------------------------------------------------------------

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
