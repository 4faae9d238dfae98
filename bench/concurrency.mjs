// Concurrent Requests (bench/README.md), in a real n8n 2.41.1 against the simulator
// (loopback only), with 150 ms latency on every route (a 'latency' fault at rate 1, token
// exchange included).
//
//   npm run bench -- concurrency
//   node bench/concurrency.mjs [--n 200] [--levels 1,4,8,16] [--latency 150] [--rounds 1] [--no-wait]
//
// Per level c: N × Account Inquiry → Validate and N × Payout → Create (one request per item) with
// options.concurrency = c, and the same N inquiries through n8n's HTTP Request node (Pivot
// credential) with Batching "Items per Batch" = c and "Batch Interval" 0 and
// = the latency (the only way its batching limits how many are in flight). Every run has a
// credential of its own, so it starts without a token. Then one run each at c = 8 with 2-second
// tokens. Figures: the node's executionTime from n8n's execution record, the simulator's counts
// (tokensIssued, requests per route) and arrival times (most requests arriving within one
// latency = how many were in flight). Writes artifacts/bench/concurrency-<date>.json.
import path from 'node:path';
import { randomBytes } from 'node:crypto';

import { createFromRow, credentialRef, httpRequestNode, pivotNode, validateFromRow } from '../test/support/workflows.mjs';
import {
	artifactsDir,
	benchWorkflow,
	callWebhook,
	executionTimings,
	loadAverage,
	machineInfo,
	median,
	payoutRows,
	pivotCredential,
	printTable,
	REPO_ROOT,
	routeDelta,
	runAndRecord,
	say,
	simStats,
	startStack,
	waitForLowLoad,
	writeJson,
} from './lib.mjs';

const argv = process.argv.slice(2);
const value = (name, fallback) => {
	const i = argv.indexOf(`--${name}`);
	return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const N = Math.max(1, Math.min(2000, Number(value('n', 200))));
const LEVELS = String(value('levels', '1,4,8,16')).split(',').map(Number).filter((c) => c >= 1 && c <= 20);
const LATENCY_MS = Number(value('latency', 150));
const ROUNDS = Math.max(1, Math.min(5, Number(value('rounds', 1))));
const TARGET = { c: 8, ratio: 1.25, speedUp: 6 };
const KINDS = ['inquiry', 'create', 'http0', 'httpPaced'];
const KIND_LABEL = {
	inquiry: 'Pivot: Account Inquiry → Validate',
	create: 'Pivot: Payout → Create (per item)',
	http0: 'HTTP Request (batch c, interval 0)',
	httpPaced: `HTTP Request (batch c, interval ${LATENCY_MS} ms)`,
};
const NODE = { inquiry: 'Pivot', create: 'Pivot', http0: 'HTTP', httpPaced: 'HTTP' };
const ROUTE = { inquiry: 'inquiry', create: 'createPayout', http0: 'inquiry', httpPaced: 'inquiry' };

const tag = randomBytes(3).toString('hex');
const results = { kind: 'bench-concurrency', machine: machineInfo(), n: N, latencyMs: LATENCY_MS, levels: LEVELS, rounds: ROUNDS, runs: [] };
const runs = []; // { key, kind, c, round, short, workflowId, path }

const inquiryRows = (n) => Array.from({ length: n }, (_, i) => ({ channelCode: 'BRI', accountNumber: '999966660001', accountName: 'Dummy Simulation', row: i }));

function workflowFor(kind, c, credential, hookPath) {
	const name = `C14 ${hookPath}`;
	if (kind === 'create') return benchWorkflow(name, hookPath, [pivotNode('Pivot', createFromRow({ options: { concurrency: c } }), { credential })]);
	if (kind === 'inquiry') return benchWorkflow(name, hookPath, [pivotNode('Pivot', validateFromRow({ concurrency: c }), { credential })]);
	const http = httpRequestNode(
		'HTTP',
		{
			method: 'POST',
			url: `${credential.data.baseUrl}/v1/inquiry-account`,
			authentication: 'predefinedCredentialType',
			nodeCredentialType: 'pivotApi',
			sendBody: true,
			specifyBody: 'json',
			jsonBody: '={{ JSON.stringify({ channelCode: $json.channelCode, channelInformation: { accountNumber: $json.accountNumber, accountName: $json.accountName } }) }}',
			options: { batching: { batch: { batchSize: c, batchInterval: kind === 'http0' ? 0 : LATENCY_MS } } },
		},
		{ credentials: credentialRef(credential) },
	);
	return benchWorkflow(name, hookPath, [http]);
}

async function build({ sandbox }) {
	const credentials = [];
	const workflows = [];
	const add = (kind, c, round, short = false) => {
		const key = `${kind}-c${c}-r${round}${short ? '-short' : ''}`;
		const credential = pivotCredential(sandbox, { name: `C14 ${key}` });
		const hookPath = `c14-${key}-${tag}`;
		const wf = workflowFor(kind, c, credential, hookPath);
		credentials.push(credential);
		workflows.push(wf);
		runs.push({ key, kind, c, round, short, workflowId: wf.id, path: hookPath });
	};
	add('inquiry', 8, 0); // warm-up, not counted
	add('create', 8, 0);
	for (let round = 1; round <= ROUNDS; round++) for (const c of LEVELS) for (const kind of KINDS) add(kind, c, round);
	add('inquiry', 8, 1, true);
	add('create', 8, 1, true);
	// published over REST once n8n runs: one `n8n publish:workflow` process per workflow costs ~10 s here
	return { credentials, workflows, publish: [] };
}

/** Most requests that arrived within one latency of each other: how many were in flight at once. */
function maxInFlight(records, windowMs) {
	const times = records.map((r) => Date.parse(r.at)).sort((a, b) => a - b);
	let best = 0;
	for (let i = 0, j = 0; i < times.length; i++) {
		while (times[i] - times[j] >= windowMs) j++;
		best = Math.max(best, i - j + 1);
	}
	return best;
}

async function measure(stack, run, n) {
	const { sandbox, rest, n8n } = stack;
	await sandbox.control('reset', 'POST');
	await sandbox.control('config', 'POST', { tokenLifetimeSeconds: run.short ? 2 : 900 });
	if (LATENCY_MS > 0) await sandbox.control('faults', 'POST', { route: 'any', kind: 'latency', latencyMs: LATENCY_MS, rate: 1, seed: 1 });
	const rows = run.kind === 'create' ? payoutRows(n, `C14-${tag}-${run.key}`) : inquiryRows(n);
	const before = await simStats(sandbox);
	const { result, execution } = await runAndRecord(rest, run.workflowId, () => callWebhook(n8n.baseUrl, run.path, { rows }));
	const after = await simStats(sandbox);
	const delta = routeDelta(before, after);
	const log = await sandbox.control('requests');
	const items = execution.data?.resultData?.runData?.[NODE[run.kind]]?.[0]?.data?.main?.[0] ?? [];
	const failed = items.filter((item) => item.json?.error !== undefined || item.json?.code === 'rate_limit_exceeded').length;
	const ordered = items.length === n && items.every((item, k) => item.pairedItem?.item === k && (run.kind !== 'create' || item.json.referenceId === rows[k].referenceId));
	const ideal = Math.ceil(n / run.c) * LATENCY_MS;
	const nodeMs = executionTimings(execution).nodes[NODE[run.kind]];
	const tokenAnswers = log.filter((r) => r.route !== 'token' && r.code === 'credentials_invalid').length;
	// moments of refresh: token exchanges more than 1 s apart start a new one
	const exchanges = log.filter((r) => r.route === 'token').map((r) => Date.parse(r.at));
	const moments = exchanges.filter((t, i) => i === 0 || t - exchanges[i - 1] > 1000).length;
	return {
		key: run.key,
		kind: run.kind,
		c: run.c,
		round: run.round,
		short: run.short,
		ok: result.status === 200 && execution.status === 'success' && failed === 0 && ordered && delta[ROUTE[run.kind]] === n + tokenAnswers,
		executionStatus: execution.status,
		items: items.length,
		failed,
		ordered,
		nodeMs,
		idealMs: ideal,
		ratio: nodeMs / ideal,
		requests: delta[ROUTE[run.kind]],
		tokenExchanges: delta.tokensIssued,
		refusedForToken: tokenAnswers,
		refreshMoments: moments,
		maxExchangesAtOnce: Math.max(0, ...exchanges.map((t) => exchanges.filter((u) => u >= t && u - t <= 1000).length)),
		maxInFlight: maxInFlight(log.filter((r) => r.route === ROUTE[run.kind]), LATENCY_MS),
		loadAverage: loadAverage(),
	};
}

async function main() {
	const started = Date.now();
	say(`n8n-nodes-pivot, Concurrent Requests: ${results.machine.date}`);
	say(`machine: ${results.machine.cores} cores, ${results.machine.cpuModel}; n8n ${results.machine.n8nVersion} on Node ${results.machine.nodeForN8n}; N = ${N}, latency ${LATENCY_MS} ms on every route`);
	const stack = await startStack({
		sandboxArgs: ['--processing-delay-ms', '3600000', '--balance', '100000000000.00'],
		build,
	});
	try {
		for (const run of runs) await stack.rest.activateWorkflow(run.workflowId, { timeoutMs: 120_000 });
		if (!argv.includes('--no-wait')) await waitForLowLoad({ max: Number(value('max-load', 2.5)), timeoutMs: 3 * 60_000 });
		say(`\n(load average ${loadAverage().toFixed(2)}) warm-up …`);
		for (const run of runs.filter((r) => r.round === 0)) await measure(stack, run, 20);
		for (const run of runs.filter((r) => r.round > 0)) {
			const m = await measure(stack, run, N);
			results.runs.push(m);
			say(`   ${m.key.padEnd(22)} ${String(Math.round(m.nodeMs)).padStart(6)} ms  ×${m.ratio.toFixed(2)} ideal  tokens ${m.tokenExchanges}  in flight ≤ ${m.maxInFlight}${m.ok ? '' : `  NOT OK (${m.executionStatus}, ${m.failed} failed, ordered ${m.ordered}, ${m.requests} requests)`}`);
		}
	} finally {
		await stack.stop();
	}

	const main = results.runs.filter((r) => !r.short);
	const figure = (kind, c, key) => median(main.filter((r) => r.kind === kind && r.c === c).map((r) => r[key]));
	const rows = [];
	for (const kind of KINDS) {
		for (const c of LEVELS) {
			const nodeMs = figure(kind, c, 'nodeMs');
			const base = figure(kind, 1, 'nodeMs');
			rows.push({
				what: KIND_LABEL[kind],
				c,
				nodeMs,
				idealMs: Math.ceil(N / c) * LATENCY_MS,
				ratio: nodeMs / (Math.ceil(N / c) * LATENCY_MS),
				speedUp: base / nodeMs,
				vsPivot: kind.startsWith('http') ? nodeMs / figure('inquiry', c, 'nodeMs') : undefined,
				tokens: figure(kind, c, 'tokenExchanges'),
				inFlight: figure(kind, c, 'maxInFlight'),
				ok: main.filter((r) => r.kind === kind && r.c === c).every((r) => r.ok),
			});
		}
	}
	printTable(`Concurrent Requests  ${N} items, ${LATENCY_MS} ms latency on every route; node = its executionTime in n8n's record (median of ${ROUNDS} round(s)); ideal = ⌈N/c⌉ × ${LATENCY_MS} ms`, [
		{ key: 'what', label: 'what' },
		{ key: 'c', label: 'c' },
		{ key: 'nodeMs', label: 'node ms', digits: 0 },
		{ key: 'idealMs', label: 'ideal ms' },
		{ key: 'ratio', label: '÷ ideal', digits: 2 },
		{ key: 'speedUp', label: 'speed-up vs c=1', digits: 1 },
		{ key: 'vsPivot', label: '÷ Pivot inquiry', digits: 2 },
		{ key: 'tokens', label: 'token exchanges' },
		{ key: 'inFlight', label: 'max in flight' },
		{ key: 'ok', label: 'all items ok, in order' },
	], rows);
	const targets = ['inquiry', 'create'].map((kind) => {
		const row = rows.find((r) => r.what === KIND_LABEL[kind] && r.c === TARGET.c);
		return { what: KIND_LABEL[kind], ratio: row?.ratio, speedUp: row?.speedUp, pass: row && row.ratio <= TARGET.ratio && row.speedUp >= TARGET.speedUp ? 'PASS' : 'MISS' };
	});
	printTable(`Targets at c = ${TARGET.c}: ≤ ${TARGET.ratio} × ideal and ≥ ${TARGET.speedUp}× faster than c = 1`, [
		{ key: 'what', label: 'what' },
		{ key: 'ratio', label: '÷ ideal', digits: 2 },
		{ key: 'speedUp', label: 'speed-up', digits: 1 },
		{ key: 'pass', label: 'result' },
	], targets);
	printTable('Tokens that live 2 s, c = 8 (cold credential: its first token is issued under the 2 s lifetime)', [
		{ key: 'kind', label: 'what' },
		{ key: 'nodeMs', label: 'node ms', digits: 0 },
		{ key: 'tokenExchanges', label: 'token exchanges' },
		{ key: 'refusedForToken', label: 'requests refused for the token' },
		{ key: 'refreshMoments', label: 'moments of refresh (> 1 s apart)' },
		{ key: 'maxExchangesAtOnce', label: 'most exchanges within 1 s' },
		{ key: 'failed', label: 'failed items' },
		{ key: 'ok', label: 'all items ok, in order' },
	], results.runs.filter((r) => r.short).map((r) => ({ ...r, kind: KIND_LABEL[r.kind] })));
	results.table = rows;
	results.targets = targets;
	results.seconds = Math.round((Date.now() - started) / 1000);
	const file = writeJson(path.join(artifactsDir('bench'), `concurrency-${results.machine.date.replace(/[:.]/g, '-')}.json`), results);
	say(`\nJSON: ${path.relative(REPO_ROOT, file)}  (${results.seconds} s)`);
	return results.runs.every((r) => r.ok);
}

main().then(
	(ok) => process.exit(ok ? 0 : 1),
	(error) => {
		console.error(error);
		process.exit(2);
	},
);
