// P3: bulk build cost, 5,000 items in bulk mode against the same five bodies posted by a script, and
// the n8n process's peak memory growth during those runs.
import { randomBytes } from 'node:crypto';

import {
	callWebhook,
	executionTimings,
	issueToken,
	median,
	payoutRows,
	pivotItem,
	printResults,
	printTable,
	readMemory,
	resetPeakRss,
	routeDelta,
	runAndRecord,
	simStats,
	sleep,
	startRssSampler,
	verdict,
} from '../lib.mjs';
import { ids, P3_ITEMS, results, runTag, RUNS, TARGETS } from './context.mjs';

export async function p3(stack) {
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
			() => callWebhook(stack.n8n.baseUrl, workflowPath, { rows }),
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
		{
			run: 'run',
			creates: 'creates',
			nodeMs: 'Pivot node ms',
			directMs: 'script ms',
			ratio: 'ratio',
			wallMs: 'execution ms',
			growthMb: 'peak RSS growth MB',
		},
		pairs,
	);
	printResults('P3  result', [
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
