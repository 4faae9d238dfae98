// R1: duplicates under faults, Retry On Fail, one re-run of every failed execution (R1C: concurrent).
import { callWebhook, payoutRows, printTable, runAndRecord } from '../lib.mjs';
import { SIZES, R1_FAULTS, R1_NODE_OPTIONS, R1_RETRY_ON_FAIL, tag, results, ids, check, printChecks } from './context.mjs';
import { exactlyOnce, exactlyOnceSelfTest } from './exactlyOnce.mjs';

// ---------------------------------------------------------------------------------------
// R1: duplicates under faults, Retry On Fail, one re-run of every failed execution
// ---------------------------------------------------------------------------------------
export async function r1(stack, { section = 'R1', workflow = 'r1', concurrency = 1 } = {}) {
	const { sandbox, rest, n8n } = stack;
	const prefix = `${section}-${tag}`;
	const rows = payoutRows(SIZES.r1Payouts, prefix).map((row, i) => ({ ...row, amount: String(10000 + i) }));
	const expected = new Map(rows.map((r) => [r.referenceId, r.amount]));
	check(section, 'checker self-test: duplicate, missing, stray key and 409 are caught', exactlyOnceSelfTest(), { value: 'ok', target: 'catches all 4' });

	const requestsBefore = (await sandbox.control('requests')).length;
	await sandbox.control('faults', 'DELETE');
	for (const fault of R1_FAULTS) await sandbox.control('faults', 'POST', fault);
	const phaseA = [];
	const started = Date.now();
	for (let start = 0; start < rows.length; start += SIZES.r1PerExecution) {
		const batch = rows.slice(start, start + SIZES.r1PerExecution);
		const { result, execution } = await runAndRecord(rest, ids[workflow], () => callWebhook(n8n.baseUrl, `${workflow}-${tag}`, { rows: batch }));
		phaseA.push({ id: execution.id, status: execution.status, http: result.status, error: execution.data?.resultData?.error?.message });
	}
	const phaseASeconds = (Date.now() - started) / 1000;
	const afterA = await sandbox.control('payouts');
	const failedA = phaseA.filter((e) => e.status !== 'success');
	const stateA = exactlyOnce({ expected, payouts: afterA.filter((p) => p.referenceId.startsWith(`${prefix}-`)), creates: [] });

	// Phase B: the operator re-runs every failed execution once (n8n's "Retry" of the execution),
	// after the incident: faults cleared.
	await sandbox.control('faults', 'DELETE');
	const phaseB = [];
	for (const failed of failedA) {
		let outcome;
		try {
			const retried = await rest.request('POST', `/rest/executions/${failed.id}/retry`, { loadWorkflow: false });
			outcome = { id: retried.id, status: retried.status, retryOf: failed.id };
		} catch (error) {
			outcome = { id: null, status: 'retry-call-failed', retryOf: failed.id, error: error.message.slice(0, 200) };
		}
		phaseB.push(outcome);
	}
	const retriedOk = phaseB.filter((r) => r.status === 'success').length;

	const requests = (await sandbox.control('requests')).slice(requestsBefore);
	const creates = requests.filter((r) => r.route === 'createPayout');
	const payouts = (await sandbox.control('payouts')).filter((p) => p.referenceId.startsWith(`${prefix}-`));
	const verdictR1 = exactlyOnce({ expected, payouts, creates });
	const faultsByKind = {};
	for (const r of requests) {
		if (!r.fault) continue;
		const key = `${r.route}:${r.fault}${r.fault === 'status' ? ` ${r.status}` : ''}`;
		faultsByKind[key] = (faultsByKind[key] ?? 0) + 1;
	}
	const injected = requests.filter((r) => r.fault).length;

	check(section, 'payouts at the simulator per reference', verdictR1.maxPerReference === 1 && verdictR1.duplicates === 0, { value: `max ${verdictR1.maxPerReference}, ${verdictR1.duplicates} duplicated`, target: 'exactly 1' });
	check(section, 'references missing after the re-run', verdictR1.missing === 0, { value: verdictR1.missing, target: '0' });
	check(section, 'payouts nobody asked for / wrong amount', verdictR1.extra === 0 && verdictR1.wrongAmount === 0, { value: `${verdictR1.extra} / ${verdictR1.wrongAmount}`, target: '0 / 0' });
	check(section, 'create requests whose X-REQUEST-ID is not its payout\'s', verdictR1.strayKeys === 0, { value: verdictR1.strayKeys, target: '0' });
	check(section, 'create requests refused as conflicts (409)', verdictR1.conflicts === 0, { value: verdictR1.conflicts, target: '0' });
	check(section, 'faults injected (create + look-up requests)', injected > 0, { value: `${injected} of ${requests.length} requests`, target: '> 0' });
	check(section, 'executions failed after Retry On Fail (re-run path exercised)', failedA.length > 0, { value: `${failedA.length} of ${phaseA.length}`, target: '> 0' });
	check(section, 'failed executions re-run once, now successful', retriedOk === failedA.length, { value: `${retriedOk} of ${failedA.length}`, target: 'all' });

	printChecks(section, `${section}  Duplicates: ${rows.length.toLocaleString('en-US')} payouts, per-item mode, ${concurrency} concurrent, Retry On Fail (${R1_RETRY_ON_FAIL.maxTries} tries), faults at set rates, then one re-run of every failed execution`);
	printTable(`${section}  requests seen by the simulator`, [
		{ key: 'what', label: 'what' },
		{ key: 'count', label: 'count' },
	], [
		{ what: 'create requests', count: creates.length },
		{ what: '… answered as an idempotent replay', count: creates.filter((r) => r.replay).length },
		{ what: '… dropped without an answer', count: creates.filter((r) => r.dropped).length },
		{ what: 'look-ups by Reference ID (GET)', count: requests.filter((r) => r.route === 'getPayout').length },
		{ what: 'token exchanges', count: requests.filter((r) => r.route === 'token').length },
		...Object.entries(faultsByKind).map(([kind, count]) => ({ what: `fault ${kind}`, count })),
		{ what: 'payouts after phase A (before the re-run)', count: stateA.payouts },
		{ what: 'payouts after the re-run', count: verdictR1.payouts },
	]);
	results[section.toLowerCase()] = {
		payouts: rows.length,
		concurrency,
		perExecution: SIZES.r1PerExecution,
		faults: R1_FAULTS,
		nodeOptions: R1_NODE_OPTIONS,
		retryOnFail: R1_RETRY_ON_FAIL,
		phaseASeconds,
		executions: phaseA.length,
		failedInPhaseA: failedA.length,
		retried: phaseB,
		requests: requests.length,
		creates: creates.length,
		replays: creates.filter((r) => r.replay).length,
		lookups: requests.filter((r) => r.route === 'getPayout').length,
		faultsByKind,
		afterPhaseA: stateA,
		final: verdictR1,
	};
}
