// P2: the node's own cost, 1,000 × Balance → Get in one execution, the Pivot node against n8n's HTTP
// Request node with a header token, in alternating runs.
import { callWebhook, executionTimings, median, printResults, printTable, routeDelta, runAndRecord, simStats, verdict } from '../lib.mjs';
import { ids, P2_ITEMS, results, RUNS, TARGETS } from './context.mjs';

export async function p2(stack) {
	const items = Array.from({ length: P2_ITEMS }, (_, i) => ({ i }));
	const runs = { pivot: [], http: [] };
	const run = async (kind) => {
		const before = await simStats(stack.sandbox);
		const { result: call, execution } = await runAndRecord(stack.rest, kind === 'pivot' ? ids.p2Pivot : ids.p2Http, () =>
			callWebhook(stack.n8n.baseUrl, kind === 'pivot' ? 'p2-pivot' : 'p2-http', { rows: items }),
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
		{
			run: 'run',
			pivotNodeMs: 'Pivot node ms',
			httpNodeMs: 'HTTP Request ms',
			nodeRatio: 'ratio (node)',
			pivotWallMs: 'Pivot exec ms',
			httpWallMs: 'HTTP exec ms',
			wallRatio: 'ratio (execution)',
		},
		pairs,
	);
	printResults('P2  result (median of runs; node = the node\'s executionTime, execution = stoppedAt − startedAt)', [
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
