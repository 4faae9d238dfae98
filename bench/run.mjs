// Benchmarks P1–P4, in a real n8n 2.41.1 against the Pivot simulator (loopback only).
//
//   npm run bench                       # build, n8n cache, then this script (~10 min)
//   node bench/run.mjs [--only P1,P3] [--runs 5] [--no-wait] [--max-load 1.5] [--no-latest]
//                      [--engine legacy|vm] [--no-diagnostic]
//
// --runs: alternating runs per figure (P3 does 2 × runs + 1, they are cheap). Before each figure
// the script waits (at most 10 min) for a 1-minute load average ≤ --max-load, unless --no-wait.
// --engine sets N8N_EXPRESSION_ENGINE for a diagnostic run. When P4 misses its target, the same
// comparison is repeated on a second n8n with the legacy expression engine (see the README).
//
// Prints one table per figure with its target and PASS/FAIL, writes
// artifacts/bench/bench-<date>.json and bench/results/latest.json (the figures the README quotes).
// Figures come from the simulator's inspection API (/_sandbox/stats) and n8n's own execution
// records (startedAt/stoppedAt and each node's executionTime), never from the node's output.
import path from 'node:path';
import { randomBytes } from 'node:crypto';

import { n8nId } from '../scripts/lib/n8n.mjs';
import {
	allExecutions,
	artifactsDir,
	callWebhook,
	chain,
	createPayoutParameters,
	credentialRef,
	executionCount,
	executionTimings,
	issueToken,
	loadAverage,
	machineInfo,
	median,
	mixedCaseKey,
	payoutRows,
	pivotCredential,
	pivotItem,
	pivotNode,
	printTable,
	readMemory,
	REPO_ROOT,
	resetPeakRss,
	runAndRecord,
	routeDelta,
	say,
	simStats,
	sleep,
	splitOutNode,
	startRssSampler,
	startStack,
	verdict,
	waitForLowLoad,
	webhookNode,
	writeJson,
} from './lib.mjs';

// ---------------------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------------------
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const value = (name, fallback) => {
	const i = argv.indexOf(`--${name}`);
	return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const ONLY = new Set(String(value('only', 'P1,P2,P3,P4')).toUpperCase().split(','));
const RUNS = Math.max(1, Math.min(15, Number(value('runs', 5))));
const MAX_LOAD = Number(value('max-load', 1.5));
const WAIT_FOR_LOAD = !flag('no-wait');
const ENGINE = value('engine', undefined); // N8N_EXPRESSION_ENGINE for a diagnostic run (legacy | vm)
const WRITE_LATEST = !flag('no-latest') && ONLY.size === 4 && !ENGINE;

const TARGETS = {
	P1: { ratio: 1.0 },
	P2: { ratio: 1.05 },
	P3: { ratio: 1.5, memoryMb: 50 },
	P4: { ratio: 0.95 },
};

const P1_CASES = [
	{ mode: 'bulk', n: 1 },
	{ mode: 'bulk', n: 10 },
	{ mode: 'bulk', n: 1000 },
	{ mode: 'bulk', n: 2500 },
	// a second job on the credential of the N = 1,000 job, within the token's 900 s: no exchange
	{ mode: 'bulk', n: 1000, warm: true },
	{ mode: 'perItem', n: 1 },
	{ mode: 'perItem', n: 10 },
	{ mode: 'perItem', n: 100 },
];
const P2_ITEMS = 1000;
const P3_ITEMS = 5000;
const P4 = { concurrency: 8, callbacksPerRun: 300, maxSeconds: 40 };

const runTag = randomBytes(3).toString('hex');
const results = { issue: 7, kind: 'bench', machine: machineInfo(), runs: RUNS, figures: {} };

// ---------------------------------------------------------------------------------------
// The stack: one simulator, one n8n, every workflow imported and published before start
// ---------------------------------------------------------------------------------------
const ids = {};
let callbackKey;

function p4Body(i) {
	return {
		event: 'PAYOUT.SUCCESS',
		data: {
			uuid: '6f1c7a55-0b7e-4d5e-9a8f-3d2c1b0a9f8e',
			merchantId: '922e39ab-7565-49f6-b84f-fb56122821ae',
			payouts: {
				referenceId: `P4-${runTag}-${i}`,
				amount: { currency: 'IDR', value: '150000' },
				status: 'SUCCESS',
				reason: null,
			},
		},
	};
}

async function buildWorkflows({ sandbox }) {
	const credentials = [];
	const workflows = [];
	const main = pivotCredential(sandbox, { name: 'Pivot sandbox (bench)' });
	credentials.push(main);

	// P1: one workflow and one credential (with no token yet) per case, so each job starts cold.
	for (const c of P1_CASES) {
		if (c.warm) continue;
		const credential = pivotCredential(sandbox, { name: `Pivot P1 ${c.mode} ${c.n}` });
		credentials.push(credential);
		const wf = chain(`P1 ${c.mode} ${c.n}`, [
			webhookNode(`p1-${c.mode}-${c.n}`),
			splitOutNode(),
			pivotNode('Pivot', createPayoutParameters({ sendAs: c.mode }), credential),
		]);
		c.workflowId = wf.id;
		workflows.push(wf);
	}
	for (const c of P1_CASES.filter((x) => x.warm)) {
		c.workflowId = P1_CASES.find((x) => !x.warm && x.mode === c.mode && x.n === c.n).workflowId;
	}

	// P2: Balance → Get through the Pivot node vs n8n's HTTP Request node with a header token.
	const token = await issueToken(sandbox);
	const header = {
		id: n8nId(),
		name: 'Bearer token (bench)',
		type: 'httpHeaderAuth',
		data: { name: 'Authorization', value: `Bearer ${token}` },
	};
	credentials.push(header);
	const p2Pivot = chain('P2 Pivot node', [
		webhookNode('p2-pivot'),
		splitOutNode(),
		pivotNode('Balance', { resource: 'balance', operation: 'get', options: {} }, main),
	]);
	const p2Http = chain('P2 HTTP Request node', [
		webhookNode('p2-http'),
		splitOutNode(),
		{
			id: 'b3c0ffee-0000-4000-8000-0000000000f2',
			name: 'Balance',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: [440, 0],
			parameters: {
				method: 'GET',
				url: `${sandbox.url}/v1/payouts/balance`,
				authentication: 'genericCredentialType',
				genericAuthType: 'httpHeaderAuth',
				sendQuery: true,
				queryParameters: { parameters: [{ name: 'currency', value: 'IDR' }] },
				options: {},
			},
			credentials: credentialRef(header),
		},
	]);
	ids.p2Pivot = p2Pivot.id;
	ids.p2Http = p2Http.id;
	workflows.push(p2Pivot, p2Http);

	// P3: 5,000 items in bulk mode; and the same workflow without the Pivot node (n8n's own share).
	const p3 = chain('P3 bulk 5000', [
		webhookNode('p3-bulk'),
		splitOutNode(),
		pivotNode('Pivot', createPayoutParameters({ sendAs: 'bulk' }), main),
	]);
	const p3Control = chain('P3 control (no Pivot node)', [webhookNode('p3-control'), splitOutNode()]);
	ids.p3 = p3.id;
	ids.p3Control = p3Control.id;
	workflows.push(p3, p3Control);

	// P4: the Pivot Trigger vs n8n's Webhook node with Header Auth, same key, same load.
	callbackKey = sandbox.callbackApiKey;
	const keyCredential = {
		id: n8nId(),
		name: 'X-API-Key header (bench)',
		type: 'httpHeaderAuth',
		data: { name: 'X-API-Key', value: callbackKey },
	};
	credentials.push(keyCredential);
	const trigger = {
		id: 'b3c0ffee-0000-4000-8000-0000000000f4',
		name: 'Pivot Trigger',
		type: 'CUSTOM.pivotTrigger',
		typeVersion: 1,
		position: [0, 0],
		webhookId: `${randomBytes(4).toString('hex')}-1111-4000-8000-${randomBytes(6).toString('hex')}`,
		parameters: { options: {} },
		credentials: credentialRef(main),
	};
	const p4Trigger = chain('P4 Pivot Trigger', [trigger]);
	const p4Webhook = chain('P4 Webhook + Header Auth', [
		webhookNode('p4-webhook', { responseMode: 'onReceived', extra: { authentication: 'headerAuth' }, credentials: credentialRef(keyCredential) }),
	]);
	// The same Webhook node with one expression parameter: n8n then takes an expression isolate for
	// its webhook phase too, as it always does for any other trigger node (see P4 in the README).
	const p4WebhookExpr = chain('P4 Webhook + Header Auth, one expression parameter', [
		webhookNode('p4-webhook-expr', {
			responseMode: 'onReceived',
			extra: { authentication: 'headerAuth', options: { ipWhitelist: '={{ "" }}' } },
			credentials: credentialRef(keyCredential),
		}),
	]);
	ids.p4Trigger = p4Trigger.id;
	ids.p4TriggerPath = `${trigger.webhookId}/webhook`;
	ids.p4Webhook = p4Webhook.id;
	ids.p4WebhookExpr = p4WebhookExpr.id;
	workflows.push(p4Trigger, p4Webhook, p4WebhookExpr);

	return { credentials, workflows, publish: true };
}

// ---------------------------------------------------------------------------------------
// P1: HTTP calls per job
// ---------------------------------------------------------------------------------------
async function p1(stack) {
	const rows = [];
	for (const c of P1_CASES) {
		await stack.sandbox.control('reset', 'POST');
		const before = await simStats(stack.sandbox);
		const { result: call, execution } = await runAndRecord(stack.rest, c.workflowId, () =>
			callWebhook(stack.n8n.baseUrl, `p1-${c.mode}-${c.n}`, {
				items: payoutRows(c.n, `P1-${runTag}-${c.mode}-${c.n}${c.warm ? '-warm' : ''}`),
			}),
		);
		const after = await simStats(stack.sandbox);
		const delta = routeDelta(before, after);
		const payouts = (await stack.sandbox.control('payouts')).length;
		const calls = delta.token + delta.createPayout;
		const tokenFloor = c.warm ? 0 : 1;
		const bulkFloor = Math.ceil(c.n / 1000) + tokenFloor;
		const floor = c.mode === 'bulk' ? bulkFloor : c.n + tokenFloor;
		const ratio = calls / floor;
		const ok = execution.status === 'success' && call.status === 200 && payouts === c.n && ratio === 1;
		rows.push({
			mode: `${c.mode === 'bulk' ? 'bulk' : 'per item'}${c.warm ? ' (2nd job, token held)' : ''}`,
			n: c.n,
			tokenExchanges: delta.token,
			creates: delta.createPayout,
			otherCalls: delta.total - delta.token - delta.createPayout,
			totalHttpCalls: delta.total,
			payoutsAtSimulator: payouts,
			floor,
			floorNote: `${c.mode === 'bulk' ? '⌈N/1000⌉' : 'N (per-item mode)'}${c.warm ? ' + 0' : ' + 1'}`,
			ratio,
			ratioToBulkFloor: calls / bulkFloor,
			target: '1.00',
			result: verdict(ok),
			executionStatus: execution.status,
		});
	}
	printTable(
		'P1  HTTP calls per job (counted at the simulator; floor = ⌈N/1000⌉ creates + 1 token exchange per 900 s)',
		[
			{ key: 'mode', label: 'mode' },
			{ key: 'n', label: 'N' },
			{ key: 'tokenExchanges', label: 'token' },
			{ key: 'creates', label: 'creates' },
			{ key: 'otherCalls', label: 'other' },
			{ key: 'totalHttpCalls', label: 'total HTTP' },
			{ key: 'payoutsAtSimulator', label: 'payouts' },
			{ key: 'floorNote', label: 'floor' },
			{ key: 'floor', label: '= calls' },
			{ key: 'ratio', label: 'calls ÷ floor', digits: 2 },
			{ key: 'ratioToBulkFloor', label: '÷ bulk floor', digits: 2 },
			{ key: 'target', label: 'target' },
			{ key: 'result', label: 'result' },
		],
		rows,
	);
	const pass = rows.every((r) => r.result === 'PASS');
	results.figures.P1 = { target: TARGETS.P1, pass, rows };
	return pass;
}

// ---------------------------------------------------------------------------------------
// P2: node overhead, Balance → Get ×1000, Pivot node vs HTTP Request node
// ---------------------------------------------------------------------------------------
async function p2(stack) {
	const items = Array.from({ length: P2_ITEMS }, (_, i) => ({ i }));
	const runs = { pivot: [], http: [] };
	const run = async (kind) => {
		const before = await simStats(stack.sandbox);
		const { result: call, execution } = await runAndRecord(stack.rest, kind === 'pivot' ? ids.p2Pivot : ids.p2Http, () =>
			callWebhook(stack.n8n.baseUrl, kind === 'pivot' ? 'p2-pivot' : 'p2-http', { items }),
		);
		const after = await simStats(stack.sandbox);
		const t = executionTimings(execution);
		const delta = routeDelta(before, after);
		if (call.status !== 200 || execution.status !== 'success' || delta.balance !== P2_ITEMS) {
			throw new Error(`P2 ${kind}: HTTP ${call.status}, execution ${execution.status}, ${delta.balance} balance calls`);
		}
		runs[kind].push({ nodeMs: t.nodes.Balance, wallMs: t.wallMs, balanceCalls: delta.balance, otherCalls: delta.total - delta.balance });
	};
	// one warm-up each (module loading, JIT, the credential's first token), not counted
	await run('pivot');
	await run('http');
	runs.pivot.length = 0;
	runs.http.length = 0;
	for (let r = 0; r < RUNS; r++) {
		const order = r % 2 === 0 ? ['pivot', 'http'] : ['http', 'pivot'];
		for (const kind of order) await run(kind);
	}
	const pairs = runs.pivot.map((p, i) => ({
		run: i + 1,
		pivotNodeMs: p.nodeMs,
		httpNodeMs: runs.http[i].nodeMs,
		nodeRatio: p.nodeMs / runs.http[i].nodeMs,
		pivotWallMs: p.wallMs,
		httpWallMs: runs.http[i].wallMs,
		wallRatio: p.wallMs / runs.http[i].wallMs,
	}));
	const nodeRatio = median(pairs.map((p) => p.nodeRatio));
	const wallRatio = median(pairs.map((p) => p.wallRatio));
	const pass = nodeRatio <= TARGETS.P2.ratio && wallRatio <= TARGETS.P2.ratio;
	printTable(
		`P2  Node overhead: ${P2_ITEMS} × Balance → Get, Pivot node vs HTTP Request node (header token), alternating runs`,
		[
			{ key: 'run', label: 'run' },
			{ key: 'pivotNodeMs', label: 'Pivot node ms' },
			{ key: 'httpNodeMs', label: 'HTTP Request ms' },
			{ key: 'nodeRatio', label: 'ratio (node)' },
			{ key: 'pivotWallMs', label: 'Pivot exec ms' },
			{ key: 'httpWallMs', label: 'HTTP exec ms' },
			{ key: 'wallRatio', label: 'ratio (execution)' },
		],
		pairs,
	);
	printTable('P2  result (median of runs; node = the node\'s executionTime, execution = stoppedAt − startedAt)', [
		{ key: 'figure', label: 'figure' },
		{ key: 'value', label: 'value' },
		{ key: 'target', label: 'target' },
		{ key: 'result', label: 'result' },
	], [
		{ figure: 'wall-time ratio Pivot ÷ HTTP Request (node)', value: nodeRatio, target: '≤ 1.05', result: verdict(nodeRatio <= TARGETS.P2.ratio) },
		{ figure: 'wall-time ratio Pivot ÷ HTTP Request (execution)', value: wallRatio, target: '≤ 1.05', result: verdict(wallRatio <= TARGETS.P2.ratio) },
		{ figure: 'Pivot node, ms per call (median)', value: median(runs.pivot.map((r) => r.nodeMs)) / P2_ITEMS, target: '', result: '' },
		{ figure: 'HTTP Request node, ms per call (median)', value: median(runs.http.map((r) => r.nodeMs)) / P2_ITEMS, target: '', result: '' },
	]);
	results.figures.P2 = {
		target: TARGETS.P2,
		pass,
		items: P2_ITEMS,
		nodeRatio,
		wallRatio,
		pivotNodeMsMedian: median(runs.pivot.map((r) => r.nodeMs)),
		httpNodeMsMedian: median(runs.http.map((r) => r.nodeMs)),
		runs: pairs,
	};
	return pass;
}

// ---------------------------------------------------------------------------------------
// P3: bulk build cost, 5,000 items in bulk mode vs the same 5 bodies from a script; memory
// ---------------------------------------------------------------------------------------
async function p3(stack) {
	const pid = stack.n8n.server.pid;
	const token = await issueToken(stack.sandbox);
	const n8nRuns = [];
	const directRuns = [];
	const controlRuns = [];
	let runNo = 0;

	const n8nRun = async (workflowPath, workflowId, record) => {
		const rows = payoutRows(P3_ITEMS, `P3-${runTag}-${++runNo}`);
		await stack.sandbox.control('reset', 'POST');
		await sleep(300);
		const baseline = readMemory(pid).rssKb;
		const peakReset = resetPeakRss(pid);
		const sampler = startRssSampler(pid, 10);
		const before = await simStats(stack.sandbox);
		let sampled;
		let hwmKb;
		const { result: call, execution } = await runAndRecord(
			stack.rest,
			workflowId,
			() => callWebhook(stack.n8n.baseUrl, workflowPath, { items: rows }),
			{
				onFinished: () => {
					sampled = sampler.stop();
					hwmKb = readMemory(pid).hwmKb;
				},
			},
		);
		const after = await simStats(stack.sandbox);
		const peakKb = Math.max(sampled.maxRssKb, peakReset ? hwmKb : 0);
		const t = executionTimings(execution);
		const delta = routeDelta(before, after);
		if (call.status !== 200 || execution.status !== 'success') {
			throw new Error(`P3 ${workflowPath}: HTTP ${call.status}, execution ${execution.status}`);
		}
		record.push({
			nodeMs: t.nodes.Pivot,
			wallMs: t.wallMs,
			creates: delta.createPayout,
			calls: delta.total,
			growthMb: (peakKb - baseline) / 1024,
			baselineMb: baseline / 1024,
			peakMb: peakKb / 1024,
			samples: sampled.samples,
		});
	};

	const directRun = async () => {
		const rows = payoutRows(P3_ITEMS, `P3-${runTag}-${++runNo}`);
		// the 5 bodies are built beforehand; serialising and sending them is what the script times
		const bodies = [];
		for (let start = 0; start < rows.length; start += 1000) {
			bodies.push({ payouts: rows.slice(start, start + 1000).map(pivotItem) });
		}
		await stack.sandbox.control('reset', 'POST');
		await sleep(300);
		const started = performance.now();
		for (const body of bodies) {
			const response = await fetch(`${stack.sandbox.url}/v1/payouts`, {
				method: 'POST',
				headers: {
					authorization: `Bearer ${token}`,
					'content-type': 'application/json',
					'x-request-id': randomBytes(16).toString('hex'),
				},
				body: JSON.stringify(body),
			});
			const json = await response.json();
			if (!response.ok || json.code !== '00') throw new Error(`P3 direct: HTTP ${response.status} ${json.code}`);
		}
		directRuns.push({ ms: performance.now() - started });
	};

	// warm-up (not counted)
	await n8nRun('p3-bulk', ids.p3, []);
	await directRun();
	directRuns.length = 0;
	// runs are cheap (~3 s a pair) and the script side varies by ±20 %: more of them
	for (let r = 0; r < RUNS * 2 + 1; r++) {
		if (r % 2 === 0) {
			await n8nRun('p3-bulk', ids.p3, n8nRuns);
			await directRun();
		} else {
			await directRun();
			await n8nRun('p3-bulk', ids.p3, n8nRuns);
		}
	}
	for (let r = 0; r < Math.min(RUNS, 3); r++) await n8nRun('p3-control', ids.p3Control, controlRuns);

	const pairs = n8nRuns.map((run, i) => ({
		run: i + 1,
		creates: run.creates,
		nodeMs: run.nodeMs,
		directMs: directRuns[i].ms,
		ratio: run.nodeMs / directRuns[i].ms,
		wallMs: run.wallMs,
		growthMb: run.growthMb,
	}));
	const ratio = median(pairs.map((p) => p.ratio));
	const growthMb = Math.max(...n8nRuns.map((r) => r.growthMb));
	const controlGrowthMb = Math.max(...controlRuns.map((r) => r.growthMb));
	const createsOk = n8nRuns.every((r) => r.creates === P3_ITEMS / 1000);
	const pass = ratio <= TARGETS.P3.ratio && growthMb <= TARGETS.P3.memoryMb && createsOk;
	printTable(
		`P3  Bulk build cost: ${P3_ITEMS.toLocaleString('en-US')} items in bulk mode vs the same ${P3_ITEMS / 1000} POST bodies sent by a script`,
		[
			{ key: 'run', label: 'run' },
			{ key: 'creates', label: 'creates' },
			{ key: 'nodeMs', label: 'Pivot node ms' },
			{ key: 'directMs', label: 'script ms' },
			{ key: 'ratio', label: 'ratio' },
			{ key: 'wallMs', label: 'execution ms' },
			{ key: 'growthMb', label: 'peak RSS growth MB' },
		],
		pairs,
	);
	printTable('P3  result', [
		{ key: 'figure', label: 'figure' },
		{ key: 'value', label: 'value' },
		{ key: 'target', label: 'target' },
		{ key: 'result', label: 'result' },
	], [
		{ figure: 'wall-time ratio n8n (Pivot node) ÷ script (median)', value: ratio, target: '≤ 1.5', result: verdict(ratio <= TARGETS.P3.ratio) },
		{ figure: "n8n's peak memory growth, whole run (max), MB", value: growthMb, target: '≤ 50', result: verdict(growthMb <= TARGETS.P3.memoryMb) },
		{ figure: 'same workflow without the Pivot node, MB (n8n\'s own share)', value: controlGrowthMb, target: '', result: '' },
		{ figure: 'create requests per run', value: n8nRuns[0]?.creates, target: '= 5', result: verdict(createsOk) },
	]);
	results.figures.P3 = {
		target: TARGETS.P3,
		pass,
		items: P3_ITEMS,
		ratio,
		peakGrowthMb: growthMb,
		controlPeakGrowthMb: controlGrowthMb,
		baselineRssMb: n8nRuns[0]?.baselineMb,
		runs: pairs,
		controlRuns,
	};
	return pass;
}

// ---------------------------------------------------------------------------------------
// P4: trigger throughput, Pivot Trigger vs Webhook node with Header Auth
// ---------------------------------------------------------------------------------------
async function loadRun(url, { concurrency, count, maxSeconds }) {
	let next = 0;
	let accepted = 0;
	let refused = 0;
	const deadline = performance.now() + maxSeconds * 1000;
	const started = performance.now();
	const worker = async () => {
		while (next < count && performance.now() < deadline) {
			const i = next++;
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'x-api-key': callbackKey },
				body: JSON.stringify(p4Body(i)),
				signal: AbortSignal.timeout(30_000),
			});
			await response.arrayBuffer();
			if (response.status === 200) accepted++;
			else refused++;
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	return { accepted, refused, sent: next, httpSeconds: (performance.now() - started) / 1000, startedAtMs: Date.now() - (performance.now() - started) };
}

async function p4(stack, { key = 'P4', label = '', runs: runCount = RUNS } = {}) {
	const targets = {
		pivot: { url: `${stack.n8n.baseUrl}/webhook/${ids.p4TriggerPath}`, workflowId: ids.p4Trigger },
		webhook: { url: `${stack.n8n.baseUrl}/webhook/p4-webhook`, workflowId: ids.p4Webhook },
		webhookExpr: { url: `${stack.n8n.baseUrl}/webhook/p4-webhook-expr`, workflowId: ids.p4WebhookExpr },
	};
	const kinds = Object.keys(targets);
	const runs = Object.fromEntries(kinds.map((k) => [k, []]));
	const run = async (kind, count, record = true) => {
		const { url, workflowId } = targets[kind];
		const before = await executionCount(stack.rest, workflowId);
		const load = await loadRun(url, { concurrency: P4.concurrency, maxSeconds: P4.maxSeconds, count });
		// every accepted callback must have its execution; the run ends when the last one stopped
		const deadline = Date.now() + 120_000;
		let newest = [];
		while (Date.now() < deadline) {
			newest = await allExecutions(stack.rest, workflowId, { max: 100 });
			const total = await executionCount(stack.rest, workflowId);
			const running = newest.some((e) => ['new', 'running', 'waiting'].includes(e.status));
			if (total - before >= load.accepted && !running) break;
			await sleep(200);
		}
		const executions = (await executionCount(stack.rest, workflowId)) - before;
		const lastStop = Math.max(...newest.map((e) => new Date(e.stoppedAt ?? 0).getTime()));
		const failed = newest.filter((e) => e.status !== 'success').length;
		const seconds = Math.max(load.httpSeconds, (lastStop - load.startedAtMs) / 1000);
		if (load.refused > 0 || executions !== load.accepted || failed > 0) {
			throw new Error(`P4 ${kind}: ${load.refused} refused, ${executions} executions for ${load.accepted} accepted, ${failed} failed`);
		}
		if (record) runs[kind].push({ accepted: load.accepted, executions, seconds, perSecond: executions / seconds, httpPerSecond: load.accepted / load.httpSeconds });
	};
	for (const kind of kinds) await run(kind, 50, false); // warm-up
	for (let r = 0; r < runCount; r++) {
		// rotate the order, so no kind always runs first or last
		const order = kinds.map((_, i) => kinds[(i + r) % kinds.length]);
		for (const kind of order) await run(kind, P4.callbacksPerRun);
	}
	const rows = runs.pivot.map((p, i) => ({
		run: i + 1,
		callbacks: p.executions,
		pivotPerSecond: p.perSecond,
		webhookPerSecond: runs.webhook[i].perSecond,
		ratio: p.perSecond / runs.webhook[i].perSecond,
		webhookExprPerSecond: runs.webhookExpr[i].perSecond,
		ratioExpr: p.perSecond / runs.webhookExpr[i].perSecond,
	}));
	const ratio = median(rows.map((p) => p.ratio));
	const ratioExpr = median(rows.map((p) => p.ratioExpr));
	const pass = ratio >= TARGETS.P4.ratio;
	printTable(
		`${key}  ${label}Trigger throughput: verified callbacks/s through production URLs (${P4.concurrency} concurrent, ${P4.callbacksPerRun} per run, each an execution)`,
		[
			{ key: 'run', label: 'run' },
			{ key: 'callbacks', label: 'callbacks' },
			{ key: 'pivotPerSecond', label: 'Pivot Trigger /s' },
			{ key: 'webhookPerSecond', label: 'Webhook + Header Auth /s' },
			{ key: 'ratio', label: 'ratio', digits: 3 },
			{ key: 'webhookExprPerSecond', label: 'same + 1 expression param /s' },
			{ key: 'ratioExpr', label: 'ratio', digits: 3 },
		],
		rows,
	);
	printTable(`${key}  result${label ? ` (${label.replace(/[: ]+$/, '')})` : ''} (callbacks/s = executions recorded ÷ time from the first request to the last stoppedAt)`, [
		{ key: 'figure', label: 'figure' },
		{ key: 'value', label: 'value' },
		{ key: 'target', label: 'target' },
		{ key: 'result', label: 'result' },
	], [
		{ figure: 'throughput ratio Pivot Trigger ÷ Webhook node + Header Auth (median)', value: ratio, target: '≥ 0.95', result: verdict(pass) },
		{ figure: 'Pivot Trigger callbacks/s (median)', value: median(runs.pivot.map((r) => r.perSecond)), target: '', result: '' },
		{ figure: 'Webhook node callbacks/s (median)', value: median(runs.webhook.map((r) => r.perSecond)), target: '', result: '' },
		{ figure: 'diagnostic: Pivot Trigger ÷ Webhook node with one expression parameter', value: ratioExpr, target: '', result: '' },
	]);
	results.figures[key] = {
		target: TARGETS.P4,
		pass,
		concurrency: P4.concurrency,
		callbacksPerRun: P4.callbacksPerRun,
		ratio,
		ratioToWebhookWithExpression: ratioExpr,
		pivotPerSecondMedian: median(runs.pivot.map((r) => r.perSecond)),
		webhookPerSecondMedian: median(runs.webhook.map((r) => r.perSecond)),
		webhookWithExpressionPerSecondMedian: median(runs.webhookExpr.map((r) => r.perSecond)),
		runs: rows,
	};
	return pass;
}

// ---------------------------------------------------------------------------------------
async function main() {
	const started = Date.now();
	say(`n8n-nodes-pivot benchmarks: ${results.machine.date}`);
	say(
		`machine: ${results.machine.cores} cores, ${results.machine.memoryGiB} GiB, ${results.machine.cpuModel}; ` +
			`n8n ${results.machine.n8nVersion} on Node ${results.machine.nodeForN8n}; scripts on Node ${results.machine.nodeForScripts}`,
	);
	const stack = await startStack({
		// payouts stay accepted (no processing, no callbacks) so nothing runs between measurements
		sandboxArgs: ['--processing-delay-ms', '3600000', '--balance', '100000000000.00', '--callback-api-key', mixedCaseKey()],
		n8nEnv: ENGINE ? { N8N_EXPRESSION_ENGINE: ENGINE } : {},
		build: buildWorkflows,
	});
	const outcome = {};
	try {
		const figures = [
			['P1', p1],
			['P2', p2],
			['P3', p3],
			['P4', p4],
		];
		for (const [name, fn] of figures) {
			if (!ONLY.has(name)) continue;
			if (WAIT_FOR_LOAD) {
				const load = await waitForLowLoad({ max: MAX_LOAD });
				results.figures[`${name}load`] = load.load;
			}
			say(`\n== ${name} (load average ${loadAverage().toFixed(2)})`);
			const t0 = Date.now();
			try {
				outcome[name] = await fn(stack);
			} catch (error) {
				outcome[name] = false;
				results.figures[name] = { pass: false, error: error.message };
				say(`${name} FAILED to run: ${error.message}`);
			}
			results.figures[name].seconds = Math.round((Date.now() - t0) / 1000);
			results.figures[name].loadAverageBefore = results.figures[`${name}load`];
			delete results.figures[`${name}load`];
		}
	} finally {
		await stack.stop();
	}
	// Why P4 misses: n8n 2.41 evaluates expressions in an isolate (N8N_EXPRESSION_ENGINE=vm) and takes
	// one for the webhook phase of every trigger except its own Webhook node. Same figure, legacy engine:
	if (ONLY.has('P4') && outcome.P4 === false && !ENGINE && !flag('no-diagnostic')) {
		say('\n== P4 diagnostic: the same comparison with N8N_EXPRESSION_ENGINE=legacy (no isolate per webhook)');
		const legacy = await startStack({
			sandboxArgs: ['--processing-delay-ms', '3600000', '--balance', '100000000000.00', '--callback-api-key', mixedCaseKey()],
			n8nEnv: { N8N_EXPRESSION_ENGINE: 'legacy' },
			build: buildWorkflows,
		});
		try {
			await p4(legacy, { key: 'P4legacy', label: 'N8N_EXPRESSION_ENGINE=legacy: ', runs: Math.min(RUNS, 3) });
		} catch (error) {
			say(`P4 diagnostic failed to run: ${error.message}`);
		} finally {
			await legacy.stop();
		}
	}
	results.loadAverageAtEnd = loadAverage();
	results.seconds = Math.round((Date.now() - started) / 1000);
	printTable('Summary', [
		{ key: 'figure', label: 'figure' },
		{ key: 'result', label: 'result' },
	], Object.entries(outcome).map(([figure, ok]) => ({ figure, result: verdict(ok) })));
	const stampName = results.machine.date.replace(/[:.]/g, '-');
	const file = writeJson(path.join(artifactsDir('bench'), `bench-${stampName}.json`), results);
	say(`\nJSON: ${path.relative(REPO_ROOT, file)}`);
	if (WRITE_LATEST) {
		const latest = writeJson(path.join(REPO_ROOT, 'bench', 'results', 'latest.json'), results);
		say(`      ${path.relative(REPO_ROOT, latest)}`);
	}
	say(`(${results.seconds} s)`);
	return Object.values(outcome).every(Boolean);
}

main().then(
	(ok) => process.exit(ok ? 0 : 1),
	(error) => {
		console.error(error);
		process.exit(2);
	},
);
