// Approval at scale, in a real n8n 2.41.1 against the Pivot simulator: a batch previewed (Payout →
// Create with Preview Only) and then paid in bulk bound to the preview's approval value, at 5,000
// and 50,000 rows. Prints per row: the Pivot node's own time (n8n's executionTime) for the preview
// and for the bound payment, the ratio 50,000 vs 5,000 (target ≤ 1.2×), the n8n process's peak
// memory growth, and the payment against bare POSTs of the same bodies from a script (target
// ≤ 1.5×).
//
//   npm run build && node bench/approval.mjs [--runs 2] [--sizes 5000,50000]
import { randomBytes } from 'node:crypto';

import {
	callWebhook,
	benchWorkflow,
	executionTimings,
	issueToken,
	median,
	mixedCaseKey,
	payoutRows,
	pivotCredential,
	pivotItem,
	printTable,
	readMemory,
	resetPeakRss,
	runAndRecord,
	say,
	sleep,
	startRssSampler,
	startStack,
	verdict,
} from './lib.mjs';
import { createFromRow, pivotNode } from '../test/support/workflows.mjs';

const argv = process.argv.slice(2);
const value = (name, fallback) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : fallback);
const RUNS = Math.max(1, Number(value('runs', 2)));
const SIZES = String(value('sizes', '5000,50000')).split(',').map(Number);
const TARGET = { scale: 1.2, vsPosts: 1.5 };
const ids = {};

function build({ sandbox }) {
	const credential = pivotCredential(sandbox, { name: 'Pivot sandbox (approval bench)' });
	const create = createFromRow({ sendAs: 'bulk' });
	const preview = benchWorkflow('Approval preview', 'approval-preview', [pivotNode('Pivot', { ...create, previewOnly: true }, { credential })]);
	const pay = benchWorkflow('Approval pay', 'approval-pay', [
		pivotNode('Pivot', { ...create, approvedBatch: "={{ $('Webhook').first().json.body.approval }}" }, { credential }),
	]);
	// The same payment without Approved Batch: what binding adds.
	const unbound = benchWorkflow('Approval pay, unbound', 'approval-unbound', [pivotNode('Pivot', create, { credential })]);
	ids.preview = preview.id;
	ids.pay = pay.id;
	ids.unbound = unbound.id;
	return { credentials: [credential], workflows: [preview, pay, unbound], publish: true };
}

/** One workflow run, timed from n8n's record, with the n8n process's peak memory growth. */
async function measured(stack, workflowId, pathName, body) {
	const pid = stack.n8n.server.pid;
	await sleep(300);
	const baseline = readMemory(pid).rssKb;
	const peakReset = resetPeakRss(pid);
	const sampler = startRssSampler(pid, 20);
	let sampled;
	let hwmKb;
	const { result, execution } = await runAndRecord(stack.rest, workflowId, () => callWebhook(stack.n8n.baseUrl, pathName, body), {
		onFinished: () => {
			sampled = sampler.stop();
			hwmKb = readMemory(pid).hwmKb;
		},
	});
	if (result.status !== 200 || execution.status !== 'success') throw new Error(`${pathName}: HTTP ${result.status}, execution ${execution.status}`);
	const peakKb = Math.max(sampled.maxRssKb, peakReset ? hwmKb : 0);
	return { nodeMs: executionTimings(execution).nodes.Pivot, growthMb: (peakKb - baseline) / 1024, answer: JSON.parse(result.body) };
}

/** The same bodies (requests of 1,000) POSTed by a script, one after the other. */
async function barePosts(stack, rows, token) {
	const bodies = [];
	for (let start = 0; start < rows.length; start += 1000) bodies.push({ payouts: rows.slice(start, start + 1000).map(pivotItem) });
	const started = performance.now();
	for (const body of bodies) {
		const response = await fetch(`${stack.sandbox.url}/v1/payouts`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-request-id': randomBytes(16).toString('hex') },
			body: JSON.stringify(body),
		});
		const json = await response.json();
		if (!response.ok || json.code !== '00') throw new Error(`bare POST: HTTP ${response.status} ${json.code}`);
	}
	return performance.now() - started;
}

async function main() {
	const stack = await startStack({
		sandboxArgs: ['--processing-delay-ms', '3600000', '--balance', '100000000000.00', '--callback-api-key', mixedCaseKey()],
		n8nEnv: { N8N_PAYLOAD_SIZE_MAX: '64' },
		build,
	});
	const rowsOut = [];
	try {
		const token = await issueToken(stack.sandbox);
		let tag = 0;
		for (const size of SIZES) {
			const runs = [];
			for (let r = 0; r <= RUNS; r++) {
				const rows = payoutRows(size, `AP-${randomBytes(3).toString('hex')}-${++tag}`);
				await stack.sandbox.control('reset', 'POST');
				const preview = await measured(stack, ids.preview, 'approval-preview', { rows });
				const approval = preview.answer.batch.approval;
				const pay = await measured(stack, ids.pay, 'approval-pay', { rows, approval });
				const creates = (await stack.sandbox.control('stats')).perRoute.createPayout;
				await stack.sandbox.control('reset', 'POST');
				const unbound = await measured(stack, ids.unbound, 'approval-unbound', { rows });
				await stack.sandbox.control('reset', 'POST');
				const postsMs = await barePosts(stack, rows, token);
				if (r > 0) runs.push({ preview, pay, unbound, postsMs, creates }); // run 0 warms up
				say(
					`  ${size} rows, run ${r}${r === 0 ? ' (warm-up)' : ''}: preview ${preview.nodeMs} ms, pay ${pay.nodeMs} ms (${creates} requests), ` +
						`unbound pay ${unbound.nodeMs} ms, bare POSTs ${Math.round(postsMs)} ms`,
				);
			}
			rowsOut.push({
				size,
				previewUsPerRow: (median(runs.map((x) => x.preview.nodeMs)) * 1000) / size,
				payUsPerRow: (median(runs.map((x) => x.pay.nodeMs)) * 1000) / size,
				previewGrowthMb: Math.max(...runs.map((x) => x.preview.growthMb)),
				payGrowthMb: Math.max(...runs.map((x) => x.pay.growthMb)),
				payVsPosts: median(runs.map((x) => x.pay.nodeMs / x.postsMs)),
				boundVsUnbound: median(runs.map((x) => x.pay.nodeMs / x.unbound.nodeMs)),
			});
		}
	} finally {
		await stack.stop();
	}
	printTable(
		'Approval: preview and bound payment in bulk (Pivot node executionTime; medians)',
		{ rows: 'rows', preview: 'preview µs/row', pay: 'pay µs/row', vsPosts: 'pay / bare POSTs', vsUnbound: 'bound / unbound pay', previewMb: 'peak growth preview MB', payMb: 'peak growth pay MB' },
		rowsOut.map((x) => ({
			rows: x.size,
			preview: x.previewUsPerRow.toFixed(1),
			pay: x.payUsPerRow.toFixed(1),
			vsPosts: `${x.payVsPosts.toFixed(2)}×`,
			vsUnbound: `${x.boundVsUnbound.toFixed(2)}×`,
			previewMb: x.previewGrowthMb.toFixed(0),
			payMb: x.payGrowthMb.toFixed(0),
		})),
	);
	const [small, large] = [rowsOut[0], rowsOut.at(-1)];
	const previewScale = large.previewUsPerRow / small.previewUsPerRow;
	const payScale = large.payUsPerRow / small.payUsPerRow;
	say(`per row, ${large.size} vs ${small.size}: preview ${previewScale.toFixed(2)}× (${verdict(previewScale <= TARGET.scale)}), pay ${payScale.toFixed(2)}× (${verdict(payScale <= TARGET.scale)}); target ≤ ${TARGET.scale}×`);
	say(`pay vs bare POSTs at ${large.size}: ${large.payVsPosts.toFixed(2)}× (${verdict(large.payVsPosts <= TARGET.vsPosts)}); target ≤ ${TARGET.vsPosts}×`);
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
