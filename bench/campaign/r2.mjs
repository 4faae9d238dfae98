// R2: access tokens that expire during a run.
import { callWebhook, payoutRows, runAndRecord } from '../lib.mjs';
import { SIZES, tag, results, ids, check, printChecks } from './context.mjs';
import { exactlyOnce } from './exactlyOnce.mjs';

// ---------------------------------------------------------------------------------------
// R2: 2-second tokens during a long run
// ---------------------------------------------------------------------------------------
export async function r2(stack) {
	const { sandbox, rest, n8n } = stack;
	const prefix = `R2-${tag}`;
	const rows = payoutRows(SIZES.r2Items, prefix);
	const requestsBefore = (await sandbox.control('requests')).length;
	const tokensBefore = (await sandbox.control('tokens')).issued.length;
	await sandbox.control('faults', 'DELETE');
	await sandbox.control('config', 'POST', { tokenLifetimeSeconds: 2 });
	// each create takes ≥ 40 ms, so the run spans many token lifetimes
	await sandbox.control('faults', 'POST', { route: 'createPayout', kind: 'latency', latencyMs: 40, rate: 1, seed: 201 });
	let run;
	try {
		run = await runAndRecord(rest, ids.r2, () => callWebhook(n8n.baseUrl, `r2-${tag}`, { rows }));
	} finally {
		await sandbox.control('faults', 'DELETE');
		await sandbox.control('config', 'POST', { tokenLifetimeSeconds: 900 });
	}
	const { execution } = run;
	const seconds = (new Date(execution.stoppedAt) - new Date(execution.startedAt)) / 1000;
	const output = execution.data?.resultData?.runData?.Pivot?.[0]?.data?.main?.[0] ?? [];
	const failedItems = output.filter((item) => item.json?.error !== undefined).length;
	const requests = (await sandbox.control('requests')).slice(requestsBefore);
	const refused = requests.filter((r) => r.code === 'credentials_invalid').length;
	const tokens = (await sandbox.control('tokens')).issued.length - tokensBefore;
	const payouts = (await sandbox.control('payouts')).filter((p) => p.referenceId.startsWith(`${prefix}-`));
	const once = exactlyOnce({ expected: new Map(rows.map((r) => [r.referenceId, r.amount])), payouts, creates: requests.filter((r) => r.route === 'createPayout') });

	check('R2', 'failed items (n8n execution record)', execution.status === 'success' && failedItems === 0 && output.length === rows.length, { value: `${failedItems} of ${output.length} (execution ${execution.status})`, target: '0' });
	check('R2', 'payouts at the simulator, exactly once each', once.pass && once.payouts === rows.length, { value: `${once.payouts} of ${rows.length}`, target: `${rows.length}` });
	check('R2', 'run length ÷ token lifetime', seconds / 2 >= 3, { value: `${seconds.toFixed(1)} s ÷ 2 s`, target: '≥ 3 lifetimes' });
	check('R2', 'calls refused as expired (credentials_invalid), each refreshed', refused > 0, { value: refused, target: '> 0 (expiry hit)' });
	check('R2', 'token exchanges during the run', tokens >= 2, { value: tokens, target: '≥ 2' });
	printChecks('R2', `R2  Token expiry: token lifetime 2 s, ${rows.length} payouts in per-item mode (Continue On Fail on, so any failed item would show)`);
	results.r2 = { items: rows.length, seconds, failedItems, refusedAsExpired: refused, tokenExchanges: tokens, payouts: once.payouts };
}
