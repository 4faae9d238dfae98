// Payout → Reconcile at scale (bench/README.md), in a real n8n 2.41.1 against the simulator
// (loopback only), with 150 ms latency on every route (a 'latency' fault at rate 1).
//
//   npm run bench -- reconcile
//   node bench/reconcile.mjs [--n 1000] [--c 8] [--latency 150] [--rounds 2] [--no-wait]
//
// N payouts are made first (one bulk create, before the latency is switched on; 1 in 10 to an
// inactive account, so it ends FAILED). Then, alternating, N records through Payout → Reconcile
// and the same N Reference IDs through Payout → Get (by Reference ID), both with Concurrent
// Requests = c, each run on a warm token. Figures: the node's executionTime from n8n's execution
// record against the ideal ⌈N/c⌉ × latency, and the simulator's counts (look-ups per route);
// every run checks that each record came out once, paired to it, in order, with the verdict its
// payout gives. Writes artifacts/bench/reconcile-<date>.json.
import path from 'node:path';
import { randomBytes } from 'node:crypto';

import { createFromRow, pivotNode } from '../test/support/workflows.mjs';
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
const N = Math.max(10, Math.min(1000, Number(value('n', 1000))));
const C = Math.max(1, Math.min(20, Number(value('c', 8))));
const LATENCY_MS = Number(value('latency', 150));
const ROUNDS = Math.max(1, Math.min(5, Number(value('rounds', 2))));
const TARGET_RATIO = 1.3;
const KINDS = ['reconcile', 'get'];
const LABEL = { reconcile: 'Pivot: Payout → Reconcile', get: 'Pivot: Payout → Get by Reference ID' };

const tag = randomBytes(3).toString('hex');
const prefix = `REC-${tag}`;
const rows = payoutRows(N, prefix).map((row, i) => (i % 10 === 9 ? { ...row, accountNumber: '999966660002' } : row));
const records = rows.map((row) => ({ referenceId: row.referenceId, amount: row.amount, accountNumber: row.accountNumber, channel: row.channelCode }));
const expectedVerdicts = rows.map((row) => (row.accountNumber === '999966660002' ? 'failed' : 'matched'));
const results = { kind: 'bench-reconcile', machine: machineInfo(), n: N, c: C, latencyMs: LATENCY_MS, rounds: ROUNDS, runs: [] };
const ids = {};

const PARAMETERS = {
	reconcile: {
		resource: 'payout',
		operation: 'reconcile',
		referenceId: '={{ $json.referenceId }}',
		expectedAmount: '={{ $json.amount }}',
		expectedAccountNumber: '={{ $json.accountNumber }}',
		expectedChannel: '={{ $json.channel }}',
		options: { concurrency: C },
	},
	get: { resource: 'payout', operation: 'get', lookUpBy: 'reference', referenceId: '={{ $json.referenceId }}', options: { concurrency: C } },
};

async function build({ sandbox }) {
	const credential = pivotCredential(sandbox, { name: 'Reconcile bench' });
	const workflows = [];
	const add = (key, parameters) => {
		const wf = benchWorkflow(`Reconcile bench ${key}`, `rec-${key}-${tag}`, [pivotNode('Pivot', parameters, { credential })]);
		ids[key] = { id: wf.id, path: `rec-${key}-${tag}` };
		workflows.push(wf);
	};
	add('create', createFromRow({ sendAs: 'bulk', options: {} }));
	for (const kind of KINDS) add(kind, PARAMETERS[kind]);
	return { credentials: [credential], workflows, publish: [] };
}

async function measure(stack, kind, round, n) {
	const { sandbox, rest, n8n } = stack;
	const before = await simStats(sandbox);
	const body = { rows: records.slice(0, n) };
	const { result, execution } = await runAndRecord(rest, ids[kind].id, () => callWebhook(n8n.baseUrl, ids[kind].path, body));
	const delta = routeDelta(before, await simStats(sandbox));
	const items = execution.data?.resultData?.runData?.Pivot?.[0]?.data?.main?.[0] ?? [];
	const paired = items.length === n && items.every((item, k) => item.pairedItem?.item === k && item.json.referenceId === records[k].referenceId);
	const right =
		kind === 'reconcile'
			? items.every((item, k) => item.json.verdict === expectedVerdicts[k])
			: items.every((item, k) => item.json.status === (expectedVerdicts[k] === 'failed' ? 'FAILED' : 'SUCCESS'));
	const nodeMs = executionTimings(execution).nodes.Pivot;
	const idealMs = Math.ceil(n / C) * LATENCY_MS;
	return {
		kind,
		round,
		n,
		ok: result.status === 200 && execution.status === 'success' && paired && right && delta.getPayout === n,
		executionStatus: execution.status,
		paired,
		right,
		nodeMs,
		idealMs,
		ratio: nodeMs / idealMs,
		lookUps: delta.getPayout,
		tokenExchanges: delta.tokensIssued,
		loadAverage: loadAverage(),
	};
}

async function main() {
	const started = Date.now();
	say(`n8n-nodes-pivot, Payout → Reconcile at scale: ${results.machine.date}`);
	say(`machine: ${results.machine.cores} cores, ${results.machine.cpuModel}; n8n ${results.machine.n8nVersion} on Node ${results.machine.nodeForN8n}; N = ${N}, c = ${C}, latency ${LATENCY_MS} ms on every route`);
	const stack = await startStack({ sandboxArgs: ['--processing-delay-ms', '50', '--balance', '100000000000.00'], build });
	try {
		for (const key of Object.keys(ids)) await stack.rest.activateWorkflow(ids[key].id, { timeoutMs: 120_000 });
		const made = await runAndRecord(stack.rest, ids.create.id, () => callWebhook(stack.n8n.baseUrl, ids.create.path, { rows }));
		if (made.execution.status !== 'success') throw new Error(`the bulk create failed: ${made.execution.data?.resultData?.error?.message}`);
		for (let tries = 0; tries < 100 && !(await simStats(stack.sandbox)).settled; tries++) await new Promise((r) => setTimeout(r, 100));
		if (LATENCY_MS > 0) await stack.sandbox.control('faults', 'POST', { route: 'any', kind: 'latency', latencyMs: LATENCY_MS, rate: 1, seed: 1 });
		if (!argv.includes('--no-wait')) await waitForLowLoad({ max: Number(value('max-load', 2.5)), timeoutMs: 3 * 60_000 });
		say(`\n(load average ${loadAverage().toFixed(2)}) warm-up …`);
		for (const kind of KINDS) await measure(stack, kind, 0, 20);
		for (let round = 1; round <= ROUNDS; round++) {
			for (const kind of round % 2 ? KINDS : [...KINDS].reverse()) {
				const m = await measure(stack, kind, round, N);
				results.runs.push(m);
				say(`   ${kind.padEnd(10)} round ${round}  ${String(Math.round(m.nodeMs)).padStart(6)} ms  ×${m.ratio.toFixed(2)} ideal  load ${m.loadAverage.toFixed(2)}${m.ok ? '' : `  NOT OK (${m.executionStatus}, paired ${m.paired}, right ${m.right}, ${m.lookUps} look-ups)`}`);
			}
		}
	} finally {
		await stack.stop();
	}
	const table = KINDS.map((kind) => {
		const runs = results.runs.filter((r) => r.kind === kind);
		const nodeMs = median(runs.map((r) => r.nodeMs));
		const idealMs = Math.ceil(N / C) * LATENCY_MS;
		return {
			what: LABEL[kind],
			nodeMs,
			idealMs,
			ratio: nodeMs / idealMs,
			runs: runs.map((r) => Math.round(r.nodeMs)).join(', '),
			lookUps: runs[0]?.lookUps,
			ok: runs.every((r) => r.ok),
			pass: nodeMs / idealMs <= TARGET_RATIO ? 'PASS' : 'MISS',
		};
	});
	table.push({ what: 'Reconcile ÷ Get', ratio: table[0].nodeMs / table[1].nodeMs });
	printTable(`Payout → Reconcile vs Payout → Get, N = ${N}, c = ${C}, ${LATENCY_MS} ms latency; node = its executionTime in n8n's record (median of ${ROUNDS}); ideal = ⌈N/c⌉ × ${LATENCY_MS} ms; target ≤ ${TARGET_RATIO} × ideal`, [
		{ key: 'what', label: 'what' },
		{ key: 'nodeMs', label: 'node ms', digits: 0 },
		{ key: 'idealMs', label: 'ideal ms' },
		{ key: 'ratio', label: '÷ ideal', digits: 2 },
		{ key: 'runs', label: 'each run (ms)' },
		{ key: 'lookUps', label: 'look-ups per run' },
		{ key: 'ok', label: 'all records paired, in order, right verdict' },
		{ key: 'pass', label: 'target' },
	], table);
	results.table = table;
	results.seconds = Math.round((Date.now() - started) / 1000);
	const file = writeJson(path.join(artifactsDir('bench'), `reconcile-${results.machine.date.replace(/[:.]/g, '-')}.json`), results);
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
