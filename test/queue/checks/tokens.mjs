// Check 2: the access token across workers. Every execution on every worker uses the one token
// stored with the credential in Postgres; when it expires, each execution that is refused runs
// the exchange and n8n writes the new token back, last writer wins. 2 workers × 10 concurrent
// executions, 2-second tokens and 50 ms added to every simulator answer make runs of several
// token lifetimes with many refreshes racing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { nodeOutput } from '../../../scripts/lib/n8n.mjs';
import { exchangeToken, payoutRow, tally } from '../lib/stack.mjs';

const EXECUTIONS = 20;
const ITEMS = 40;

/** One race under a token policy: what n8n recorded, what the simulator saw. */
async function race(s, policy) {
	// The credential still holds a 900 s token from the checks before (the simulator's reset keeps
	// tokens): one exchange under revokePrevious invalidates it, so the race starts on 2 s tokens.
	await s.reset({ tokenLifetimeSeconds: 2, tokenPolicy: 'revokePrevious' });
	await exchangeToken(s.sandbox);
	await s.control('config', 'POST', { tokenPolicy: policy });
	await s.control('faults', 'POST', { route: 'any', kind: 'latency', rate: 1, latencyMs: 50 });
	const afterId = await s.lastExecutionId();
	const batches = Array.from({ length: EXECUTIONS }, (_, b) =>
		Array.from({ length: ITEMS }, (_, i) => payoutRow(`Q-TOK-${policy}-${b}-${i}`)),
	);
	const started = Date.now();
	await Promise.all(batches.map((rows) => s.post('createPerItem', rows)));
	const wallMs = Date.now() - started;
	await s.control('faults', 'DELETE');

	const executions = await s.waitForExecutions('createPerItem', EXECUTIONS, { afterId });
	const onWorkers = s.topology.executionsOnWorkers();
	const failures = [];
	const okReferences = [];
	for (const e of executions) {
		const full = await s.topology.rest.getExecution(e.id);
		const error = full.data?.resultData?.error;
		if (error) failures.push({ id: e.id, status: e.status, message: error.message });
		for (const item of nodeOutput(full, 'Pivot') ?? []) {
			if (item.error) failures.push({ id: e.id, item: item.referenceId, message: item.error });
			else okReferences.push(item.referenceId);
		}
	}
	const log = await s.control('requests');
	const perReference = await s.payoutsPerReference();
	return {
		policy,
		wallMs,
		executions,
		failures,
		itemsOk: okReferences.length,
		okReferences,
		perReference,
		expected: batches.flat().map((row) => row.referenceId),
		workers: tally(executions.map((e) => (onWorkers.get(e.id) ?? ['?'])[0])).counts,
		tokensIssued: log.filter((r) => r.route === 'token' && r.status === 200).length - 1, // less the test's own
		refused: log.filter((r) => r.code === 'credentials_invalid').length,
	};
}

function describeRace(r) {
	const failedExecutions = r.executions.filter((e) => e.status !== 'success').length;
	const messages = [...tally(r.failures.map((f) => f.message.split('. ')[0])).counts].map(([m, n]) => `${n} × "${m}"`);
	return (
		`${r.policy}: ${r.wallMs} ms, executions ${r.executions.length - failedExecutions} ok / ${failedExecutions} failed ` +
		`(per worker ${JSON.stringify(Object.fromEntries(r.workers))}), items ok ${r.itemsOk} of ${r.expected.length}, ` +
		`payouts ${r.perReference.size}, tokens issued ${r.tokensIssued}, calls refused for the token ${r.refused}` +
		(messages.length ? `; failures: ${messages.join('; ')}` : '')
	);
}

function assertRaceClean(r) {
	assert.ok(r.workers.size === 2 && !r.workers.has('?'), `executions per worker: ${JSON.stringify([...r.workers])}`);
	// without refreshes mid-run the race proves nothing
	assert.ok(r.tokensIssued >= 3 && r.refused >= 1, `only ${r.tokensIssued} tokens, ${r.refused} refusals in ${r.wallMs} ms`);
	assert.deepEqual(r.failures, [], describeRace(r));
	assert.deepEqual(
		r.executions.map((e) => e.status),
		Array(EXECUTIONS).fill('success'),
	);
	assert.equal(r.itemsOk, EXECUTIONS * ITEMS);
	const missing = r.expected.filter((ref) => !r.perReference.has(ref));
	const twice = [...r.perReference].filter(([, n]) => n > 1);
	assert.deepEqual([missing, twice], [[], []], 'each payout exactly once');
	assert.equal(r.perReference.size, r.expected.length);
}

export function tokenChecks(ctx) {
	describe('2. token refresh across workers (2 workers × 10 concurrent executions, 2 s tokens, 50 ms latency)', () => {
		it('several valid tokens at once: 0 failed items, each payout exactly once', async (t) => {
			const r = await race(ctx.stack, 'concurrent');
			t.diagnostic(describeRace(r));
			assertRaceClean(r);
		});

		// Known failure across processes (docs/queue-mode.md): within one process the node shares one
		// exchange among the executions refused at once, but each worker's n8n still exchanges on
		// its own 401s, revoking the other worker's token.
		const revoke = { runs: undefined };
		it(
			'a new token revokes the earlier ones: 0 failed items, each payout exactly once',
			{
				todo: "fails across workers: each worker's n8n exchanges a token on its own 401s, which revokes the other worker's (one exchange per process at a time is shared)",
			},
			async (t) => {
				revoke.runs = await race(ctx.stack, 'revokePrevious');
				t.diagnostic(describeRace(revoke.runs));
				assertRaceClean(revoke.runs);
			},
		);

		it('a new token revokes the earlier ones: whatever fails, fails unpaid; no payout twice', async (t) => {
			const r = revoke.runs ?? (await race(ctx.stack, 'revokePrevious'));
			t.diagnostic(describeRace(r));
			const twice = [...r.perReference].filter(([, n]) => n > 1);
			assert.deepEqual(twice, []);
			assert.ok([...r.perReference.keys()].every((ref) => r.expected.includes(ref)));
			// a refused token means the call was not processed: the failed item was not paid
			for (const f of r.failures) assert.match(f.message, /refused the access token|not paid/i, JSON.stringify(f));
			// every item the node reported created was paid, once
			assert.deepEqual(
				r.okReferences.filter((ref) => r.perReference.get(ref) !== 1),
				[],
			);
		});
	});
}
