// Concurrent Requests in real n8n: the two checks of test/e2e/faults.e2e.test.mjs, kept here so the
// suite file stays small. Each takes the suite's `run(key, rows)` and the simulator's `control`.
// Everything asserted is read at the simulator (payouts, request log with arrival times) or in
// n8n's execution record (runData: json and pairedItem), never only in what the node says.
import assert from 'node:assert/strict';

const at = (record) => Date.parse(record.at);

/** The output items of a node as n8n stored them (json and pairedItem). */
function storedItems(execution, nodeName = 'Pivot') {
	const runs = execution.data?.resultData?.runData?.[nodeName];
	assert.ok(runs?.length, `${nodeName} did not run`);
	return runs[runs.length - 1].data?.main?.[0] ?? [];
}

function assertOrderAndPairing(execution, rows, field) {
	const items = storedItems(execution);
	assert.equal(items.length, rows.length, 'one output item per input row');
	items.forEach((item, k) => {
		assert.equal(item.json.error, undefined, `item ${k} failed: ${JSON.stringify(item.json).slice(0, 300)}`);
		assert.equal(item.pairedItem?.item, k, `output ${k} is paired to ${JSON.stringify(item.pairedItem)}`);
		if (field) assert.equal(item.json[field], rows[k][field], `output ${k} is not row ${k}'s`);
	});
	return items;
}

function assertSuccess(result) {
	const error = result.execution.data?.resultData?.error?.message;
	assert.equal(result.execution.status, 'success', `execution ${result.execution.id} ${result.execution.status}: ${error}`);
	assert.equal(result.status, 200);
}

/**
 * 50 per-item creates, 8 at a time, one attempt of the node's own (so an unknown outcome fails
 * the node and n8n's Retry On Fail runs it again). The first 8 creates are held 200 ms (a
 * counted 'latency' fault), the 9th is committed and its connection dropped, the 10th gets a 500,
 * and the first look-up by Reference ID a 503.
 */
export async function concurrentCreatesUnderFaults({ run, control, payoutRow }) {
	const rows = Array.from({ length: 50 }, (_, i) => payoutRow(`E2E-CONC-${i}`, { amount: 100000 + i }));
	await control('faults', 'POST', { route: 'createPayout', kind: 'latency', latencyMs: 200, count: 8 });
	await control('faults', 'POST', { route: 'createPayout', kind: 'dropAfterCommit', count: 1 });
	await control('faults', 'POST', { route: 'createPayout', kind: 'status', status: 500, count: 1 });
	await control('faults', 'POST', { route: 'getPayout', kind: 'status', status: 503, count: 1 });
	const result = await run('createConcurrent', rows);
	assertSuccess(result);
	assertOrderAndPairing(result.execution, rows, 'referenceId');

	// exactly one payout per reference, none missing, the right amounts
	const payouts = await control('payouts');
	const perReference = new Map();
	for (const p of payouts) perReference.set(p.referenceId, [...(perReference.get(p.referenceId) ?? []), p]);
	assert.equal(payouts.length, 50, `${payouts.length} payouts for 50 rows`);
	for (const row of rows) {
		const list = perReference.get(row.referenceId) ?? [];
		assert.equal(list.length, 1, `${row.referenceId}: ${list.length} payouts`);
		assert.equal(Number(list[0].amount), row.amount, `${row.referenceId}: amount ${list[0].amount}`);
	}
	const log = await control('requests');
	const creates = log.filter((r) => r.route === 'createPayout');
	const keys = new Set(payouts.map((p) => p.xRequestId));
	assert.deepEqual(creates.filter((r) => !keys.has(r.xRequestId)).map((r) => r.xRequestId), [], 'a create with a key that paid nothing');

	// the faults fired, and n8n's Retry On Fail (1 s between tries) resent the dropped one: a replay
	const dropped = creates.find((r) => r.fault === 'dropAfterCommit');
	assert.ok(dropped?.dropped, 'the drop fault did not fire');
	assert.ok(creates.some((r) => r.fault === 'status' && r.status === 500), 'the 500 fault did not fire');
	const failedLookup = log.find((r) => r.route === 'getPayout' && r.status === 503);
	assert.ok(failedLookup, 'the look-up fault did not fire');
	const resend = creates.find((r) => r.id > dropped.id && r.xRequestId === dropped.xRequestId);
	assert.ok(resend?.replay, 'the dropped create was not resent with its key and answered as a replay');
	assert.ok(at(resend) - at(failedLookup) >= 900, `resend ${at(resend) - at(failedLookup)} ms after the failed look-up: not n8n's Retry On Fail`);

	// the first request ran alone (it fetched the token); then 8 at a time, never more
	assert.ok(at(creates[1]) - at(creates[0]) >= 180, `the 2nd create came ${at(creates[1]) - at(creates[0])} ms after the 1st (held 200 ms)`);
	const wave = creates.filter((r) => at(r) >= at(creates[1]) && at(r) < at(creates[1]) + 190).length;
	assert.ok(wave >= 4 && wave <= 8, `${wave} creates within 190 ms while the first ones were held 200 ms (expected 4 to 8)`);
}

/**
 * 20 inquiries, 8 at a time; the 6th inquiry gets 429 with Retry-After: 3. Every request of the
 * run then waits: none arrives from 0.5 s after the 429 (what was already under way may land just
 * after it) until 3 s after it; every item succeeds.
 */
export async function rateLimitedInquiries({ run, control }) {
	const rows = Array.from({ length: 20 }, (_, i) => ({ channelCode: 'BCA', accountNumber: '999966660001', accountName: 'Dummy Simulation', row: i }));
	await control('faults', 'POST', { route: 'inquiry', kind: 'latency', latencyMs: 150, count: 5 });
	await control('faults', 'POST', { route: 'inquiry', kind: 'status', status: 429, retryAfterSeconds: 3, count: 1 });
	const result = await run('validateConcurrent', rows);
	assertSuccess(result);
	const items = assertOrderAndPairing(result.execution, rows);
	for (const item of items) assert.equal(item.json.status, 'VALID', JSON.stringify(item.json).slice(0, 300));

	const log = await control('requests');
	const limited = log.filter((r) => r.status === 429);
	assert.equal(limited.length, 1, `${limited.length} answers were 429`);
	const t = at(limited[0]);
	const during = log.filter((r) => at(r) > t + 500 && at(r) < t + 2900);
	assert.deepEqual(during.map((r) => `${r.method} ${r.path} +${at(r) - t} ms`), [], 'requests sent while Retry-After was in force');
	const next = log.find((r) => at(r) > t + 500);
	assert.ok(next && at(next) - t >= 2900, `first request after the 429 came ${next ? at(next) - t : 'never'} ms later`);
	const inquiries = log.filter((r) => r.route === 'inquiry' && r.method === 'POST');
	assert.equal(inquiries.length, 21, '20 inquiries and the one resend after the 429');
	assert.ok(inquiries.every((r) => r.status === 200 || r.status === 429));
}
