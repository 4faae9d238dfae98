// P4: trigger throughput, verified callbacks per second through production URLs, the Pivot Trigger
// against n8n's Webhook node with Header Auth on the same key (and with one expression parameter).
import { allExecutions, executionCount, median, printResults, printTable, sleep, verdict } from '../lib.mjs';
import { ids, P4, results, runTag, RUNS, TARGETS } from './context.mjs';

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
				headers: { 'content-type': 'application/json', 'x-api-key': ids.callbackKey },
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

export async function p4(stack, { key = 'P4', label = '', runs: runCount = RUNS } = {}) {
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
	printResults(`${key}  result${label ? ` (${label.replace(/[: ]+$/, '')})` : ''} (callbacks/s = executions recorded ÷ time from the first request to the last stoppedAt)`, [
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
