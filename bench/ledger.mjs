// Balance → Get History in a real n8n 2.41.1 against the Pivot simulator: a 90-day ledger of
// 10,000 entries read with Return All, in alternating-seed runs.
//
//   npm run bench -- ledger                        # build, n8n cache, then this script
//   node bench/ledger.mjs [--entries 10000] [--days 90] [--runs 3] [--no-wait] [--max-load 1.5]
//
// Asserted per run (exit 1 when one fails): balance-history requests = the floor, the sum over
// the windows the node asked for of ⌈entries in the window / 100⌉ (at least 1 per window); the
// windows are consecutive, at most 31 days each, and cover the range; the output holds every
// entry of the simulator's ledger exactly once (no duplicate, none missing), oldest first.
// Counts come from the simulator (/_sandbox/ledger, /_sandbox/requests), times from n8n's
// execution record (stoppedAt − startedAt, the node's executionTime), never from the node's output.
import { setTimeout as sleep } from 'node:timers/promises';

import { pivotNode } from '../test/support/workflows.mjs';
import {
	benchWorkflow,
	callWebhook,
	executionTimings,
	loadAverage,
	machineInfo,
	median,
	pivotCredential,
	printResults,
	printTable,
	runAndRecord,
	say,
	startStack,
	verdict,
	waitForLowLoad,
} from './lib.mjs';

const arg = (name, fallback) => {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? process.argv[i + 1] : fallback;
};
const ENTRIES = Number(arg('entries', 10_000));
const DAYS = Number(arg('days', 90));
const RUNS = Number(arg('runs', 3));
const MAX_LOAD = Number(arg('max-load', 1.5));
const WAIT = !process.argv.includes('--no-wait');
const DAY = 86_400_000;
const PAGE = 100;
const WINDOW = 31 * DAY;
const ids = {};

const history = { resource: 'balance', operation: 'getHistory', start: '={{ $json.start }}', end: '={{ $json.end }}', returnAll: true };

async function build({ sandbox }) {
	const credential = pivotCredential(sandbox, { name: 'Pivot sandbox (ledger bench)' });
	const wf = benchWorkflow('Ledger: Balance → Get History', 'ledger-history', [pivotNode('Pivot', history, { credential })]);
	ids.workflow = wf.id;
	return { credentials: [credential], workflows: [wf], publish: true };
}

/** The windows the node asked for, from the simulator's request log: [[start, end]] in ms. */
function windowsOf(requests) {
	const byStart = new Map();
	for (const r of requests) byStart.set(r.query.startDate, r.query.endDate);
	return [...byStart.entries()].map(([s, e]) => [Date.parse(s), Date.parse(e)]);
}

async function oneRun(stack, seed) {
	const { sandbox } = stack;
	await sandbox.control('reset', 'POST');
	// the ledger ends a minute before the range does, so every seeded entry is in it
	const end = Date.now();
	const seeded = await sandbox.control('ledger/seed', 'POST', { count: ENTRIES, days: DAYS - 1, seed, end: end - 60_000 });
	const ledger = await sandbox.control('ledger');
	const start = end - DAYS * DAY;
	const { result: call, execution } = await runAndRecord(stack.rest, ids.workflow, () =>
		callWebhook(stack.n8n.baseUrl, 'ledger-history', { rows: [{ start: new Date(start).toISOString(), end: new Date(end).toISOString() }] }),
	);
	const pages = (await sandbox.control('requests')).filter((r) => r.route === 'balanceHistory');
	const refused = pages.filter((r) => r.status !== 200).length;
	const windows = windowsOf(pages);
	const inWindow = windows.map(([s, e]) => ledger.filter((x) => Date.parse(x.date) >= s && Date.parse(x.date) <= e).length);
	const floor = inWindow.reduce((sum, n) => sum + Math.max(1, Math.ceil(n / PAGE)), 0);
	const output = (execution.data.resultData.runData.Pivot?.[0]?.data?.main?.[0] ?? []).map((item) => item.json);
	const outRefs = output.map((e) => e.referenceId);
	const outSet = new Set(outRefs);
	const ledgerRefs = new Set(ledger.map((e) => e.referenceId));
	const duplicates = outRefs.length - outSet.size;
	const missing = [...ledgerRefs].filter((ref) => !outSet.has(ref)).length;
	const extra = outRefs.filter((ref) => !ledgerRefs.has(ref)).length;
	const dates = output.map((e) => Date.parse(e.date));
	const ordered = dates.every((d, i) => i === 0 || dates[i - 1] <= d);
	const windowsOk =
		windows.length === Math.ceil((end - start + 1) / WINDOW) &&
		windows[0]?.[0] === start &&
		windows.at(-1)?.[1] === end &&
		windows.every(([s, e], k) => e - s < WINDOW && (k === 0 || s === windows[k - 1][1] + 1));
	const t = executionTimings(execution);
	return {
		seed,
		entries: seeded.count,
		status: `${call.status}/${execution.status}`,
		windows: windows.length,
		perWindow: inWindow.join(' + '),
		requests: pages.length,
		refused,
		floor,
		output: output.length,
		duplicates,
		missing,
		extra,
		ordered,
		windowsOk,
		nodeMs: t.nodes.Pivot,
		wallMs: t.wallMs,
		pass: call.status === 200 && execution.status === 'success' && pages.length === floor && duplicates === 0 && missing === 0 && extra === 0 && ordered && windowsOk && pages.every((r) => r.status === 200),
	};
}

async function main() {
	const machine = machineInfo();
	say(`Balance → Get History benchmark: ${machine.date}`);
	say(`machine: ${machine.cores} cores, ${machine.memoryGiB} GiB; n8n ${machine.n8nVersion} on Node ${machine.nodeForN8n}; scripts on Node ${machine.nodeForScripts}`);
	say(`ledger: ${ENTRIES.toLocaleString('en-US')} entries over ${DAYS} days; ${RUNS} runs (+1 warm-up), page size ${PAGE}`);
	// a token that outlives the runs (the load waits can exceed 900 s): a refused token would add a
	// resent page that is not the node's paging
	const stack = await startStack({ build, sandboxArgs: ['--token-lifetime', '86400'] });
	const runs = [];
	try {
		await oneRun(stack, 1000); // warm-up: module loading, JIT, the credential's first token
		for (let r = 0; r < RUNS; r++) {
			if (WAIT) await waitForLowLoad({ max: MAX_LOAD });
			const load = loadAverage();
			runs.push({ run: r + 1, load, ...(await oneRun(stack, 1001 + r)) });
			await sleep(200);
		}
	} finally {
		await stack.stop();
	}
	printTable('Runs', {
		run: 'run',
		seed: 'seed',
		load: 'load',
		windows: 'windows',
		perWindow: 'entries per window',
		requests: 'requests',
		refused: 'not 200',
		floor: 'floor',
		output: 'items out',
		duplicates: 'dupes',
		missing: 'missing',
		nodeMs: 'node ms',
		wallMs: 'exec ms',
		pass: 'ok',
	}, runs);
	const ok = runs.every((r) => r.pass);
	printResults('Result', [
		{ figure: 'requests ÷ floor (every run)', value: runs.map((r) => (r.requests / r.floor).toFixed(2)).join(', '), target: '1.00', result: verdict(runs.every((r) => r.requests === r.floor)) },
		{ figure: 'duplicate / missing / extra entries', value: runs.map((r) => `${r.duplicates}/${r.missing}/${r.extra}`).join(', '), target: '0/0/0', result: verdict(runs.every((r) => r.duplicates + r.missing + r.extra === 0)) },
		{ figure: 'oldest first, windows consecutive and ≤ 31 days', value: runs.every((r) => r.ordered && r.windowsOk) ? 'yes' : 'no', target: 'yes', result: verdict(runs.every((r) => r.ordered && r.windowsOk)) },
		{ figure: 'node time, ms (median)', value: median(runs.map((r) => r.nodeMs)), target: '', result: '' },
		{ figure: 'execution time, ms (median)', value: median(runs.map((r) => r.wallMs)), target: '', result: '' },
	]);
	return ok;
}

main().then(
	(ok) => process.exit(ok ? 0 : 1),
	(error) => {
		console.error(error);
		process.exit(2);
	},
);
