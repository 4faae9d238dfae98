// Queue-mode figures, printed, not asserted: the same topology as test/queue (PostgreSQL,
// Redis, main, 2 workers × 10 concurrent executions, one webhook process), one run of each.
//
//   npm run bench -- queue [--callbacks 300] [--json <file>]
//
// 1. Callbacks per second through the webhook process: the Pivot Trigger (key check, normalised
//    event) against n8n's Webhook node with Header Auth on X-API-Key, 8 at a time, the simulator's
//    own callback bodies. "Accepted" = answered by the webhook process; "done" = every execution
//    recorded finished in Postgres.
// 2. Payouts per second for 20 concurrent executions (50 payouts each, one create request per
//    item) with 2 workers, 1 (the other stopped), then 2 again: times from Postgres (first
//    startedAt → last stoppedAt).
// 3. Peak RSS of the worker that runs a bulk of 2,500 (VmRSS of its n8n process, sampled every 20 ms).
import { machineInfo, printTable, say, startRssSampler, writeJson } from './lib.mjs';
import { PLAIN_TRIGGER_WEBHOOK_ID } from '../test/queue/lib/workflows.mjs';
import { captureCallbacks, deliverCallback, payoutRow, pool, startStack } from '../test/queue/lib/stack.mjs';

const arg = (name, fallback) => {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? process.argv[i + 1] : fallback;
};
const CALLBACKS = Number(arg('callbacks', 300));
const CONCURRENT_EXECUTIONS = 20;
const PAYOUTS_PER_EXECUTION = 50;

/** Wall time of a set of executions from n8n's records: first start → last stop. */
async function recordedSpanMs(s, afterId) {
	const [row] = await s.topology.pg.queryJson(
		`select extract(epoch from (max("stoppedAt") - min("startedAt"))) * 1000 as ms, count(*)::int as n,
		 count(*) filter (where status = 'success')::int as ok from execution_entity where id > ${afterId}`,
	);
	return row;
}

async function callbacksPerSecond(s, label, urlPath, key) {
	const refs = Array.from({ length: CALLBACKS }, (_, i) => `B-${key}-${i}`);
	const bodies = await captureCallbacks(s, refs);
	const afterId = await s.lastExecutionId();
	const started = Date.now();
	const statuses = await pool(bodies, 8, (body) => deliverCallback(s, urlPath, body));
	const acceptedMs = Date.now() - started;
	await s.waitForExecutions(key, CALLBACKS, { afterId, timeoutMs: 300_000 });
	const doneMs = Date.now() - started;
	return {
		label,
		callbacks: CALLBACKS,
		answered200: statuses.filter((st) => st === 200).length,
		acceptedPerS: (CALLBACKS / acceptedMs) * 1000,
		donePerS: (CALLBACKS / doneMs) * 1000,
		doneMs,
	};
}

async function payoutsPerSecond(s, workers) {
	await s.reset();
	const afterId = await s.lastExecutionId();
	const batches = Array.from({ length: CONCURRENT_EXECUTIONS }, (_, b) =>
		Array.from({ length: PAYOUTS_PER_EXECUTION }, (_, i) => payoutRow(`B-W${workers}-${b}-${i}`)),
	);
	await Promise.all(batches.map((rows) => s.post('createPerItem', rows)));
	await s.waitForExecutions('createPerItem', CONCURRENT_EXECUTIONS, { afterId, timeoutMs: 600_000 });
	const span = await recordedSpanMs(s, afterId);
	const paid = (await s.control('stats')).payouts;
	return { workers, executions: span.n, succeeded: span.ok, payouts: paid, spanMs: span.ms, payoutsPerS: (paid / span.ms) * 1000 };
}

async function bulkPeakRss(s) {
	await s.reset();
	const worker = s.topology.workers.find((w) => w.isRunning());
	const before = startRssSampler(worker.pid);
	await new Promise((resolve) => setTimeout(resolve, 500));
	const idleKb = before.stop().maxRssKb;
	const sampler = startRssSampler(worker.pid);
	const rows = Array.from({ length: 2500 }, (_, i) => payoutRow(`B-RSS-${i}`, { amount: 10000 + i }));
	const answer = await s.post('createBulk', rows);
	const { maxRssKb, samples } = sampler.stop();
	return { worker: worker.name, status: answer.status, payouts: (await s.control('stats')).payouts, idleMb: idleKb / 1024, peakMb: maxRssKb / 1024, samples };
}

const machine = machineInfo();
say(`queue-mode benchmark, ${new Date().toISOString()}: ${machine.cores} cores, load ${machine.loadAverageAtStart}, n8n ${machine.n8nVersion}`);
const s = await startStack({ withBench: true });
say(`topology up in ${(s.topology.startupMs / 1000).toFixed(1)} s`);
const results = { machine, date: new Date().toISOString() };
try {
	results.callbacks = [
		await callbacksPerSecond(s, 'Pivot Trigger', `/webhook/${PLAIN_TRIGGER_WEBHOOK_ID}/webhook`, 'pivotTrigger'),
		await callbacksPerSecond(s, 'Webhook node + Header Auth', '/webhook/q-header-auth', 'headerAuth'),
	];
	printTable(`Callbacks through the webhook process (${CALLBACKS}, 8 at a time)`, [
		{ key: 'label', label: 'receiver' },
		{ key: 'answered200', label: 'answered 200' },
		{ key: 'acceptedPerS', label: 'accepted/s', digits: 1 },
		{ key: 'donePerS', label: 'executions done/s', digits: 1 },
	], results.callbacks);

	// 2, 1, 2 workers: the two 2-worker runs bracket the 1-worker run, so drift in the machine's
	// load (shared with other builds) shows as a spread instead of skewing the ratio
	results.payouts = [await payoutsPerSecond(s, 2)];
	await s.topology.workers[1].stopServer();
	results.payouts.push(await payoutsPerSecond(s, 1));
	await s.topology.workers[1].start();
	results.payouts.push(await payoutsPerSecond(s, 2));
	const twoWorkers = results.payouts.filter((r) => r.workers === 2).map((r) => r.payoutsPerS);
	const one = results.payouts.find((r) => r.workers === 1);
	results.workerRatio = twoWorkers.reduce((a, b) => a + b, 0) / twoWorkers.length / one.payoutsPerS;
	printTable(`Payouts/s, ${CONCURRENT_EXECUTIONS} concurrent executions × ${PAYOUTS_PER_EXECUTION} (one request per item)`, [
		{ key: 'workers', label: 'workers' },
		{ key: 'succeeded', label: 'executions ok' },
		{ key: 'payouts', label: 'payouts' },
		{ key: 'spanMs', label: 'first start → last stop, ms', digits: 0 },
		{ key: 'payoutsPerS', label: 'payouts/s', digits: 1 },
	], results.payouts);
	say(`2 workers (mean of 2 runs) / 1 worker: ${results.workerRatio.toFixed(2)}×`);

	results.rss = await bulkPeakRss(s);
	say(
		`bulk of 2,500 on ${results.rss.worker}: HTTP ${results.rss.status}, ${results.rss.payouts} payouts; worker RSS idle ` +
			`${results.rss.idleMb.toFixed(0)} MB, peak ${results.rss.peakMb.toFixed(0)} MB (${results.rss.samples} samples)`,
	);
} finally {
	await s.stop();
}
const out = arg('json');
if (out) say(`written ${writeJson(out, results)}`);
