// Check 4: a worker killed (SIGKILL, as when its container dies) in the middle of a bulk of 3
// create requests, after the first one was committed at Pivot. n8n fails the stalled job and
// records the execution as crashed/failed. Retrying it (n8n's retry of a failed execution, REST)
// must pay nothing twice, and a fresh run of the same rows then leaves every reference paid exactly
// once: the node derives each request's X-REQUEST-ID from its body, so Pivot answers a resent
// request with its first answer. (n8n 2.41's retry of an execution that failed before any node
// finished runs no node and records the first error again; the fresh run is what completes it.)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { payoutRow, waitFor } from '../lib/stack.mjs';

const ROWS = 3000; // 3 create requests of 1,000
const LATENCY_MS = 2000; // per create request, before the simulator processes it

export function crashChecks(ctx) {
	describe('4. a worker killed mid-payout', () => {
		it('the execution is recorded as failed; its retry pays nothing twice; with a fresh run every reference is paid exactly once, 0 missing', async (t) => {
			const s = ctx.stack;
			await s.reset();
			await s.control('faults', 'POST', { route: 'createPayout', kind: 'latency', rate: 1, latencyMs: LATENCY_MS });
			const rows = Array.from({ length: ROWS }, (_, i) => payoutRow(`Q-KILL-${String(i).padStart(4, '0')}`));
			const afterId = await s.lastExecutionId();
			assert.equal((await s.post('crashBulk', rows)).status, 200);

			await waitFor('the first create to commit', async () => (await s.control('stats')).payouts >= 1000, {
				timeoutMs: 60_000,
				intervalMs: 50,
			});
			const [execution] = await s.executionsSince(afterId);
			const [workerName] = s.topology.executionsOnWorkers().get(execution.id) ?? [];
			const victim = s.topology.workers.find((w) => w.name === workerName);
			assert.ok(victim, `execution ${execution.id} was not started by a worker`);
			await victim.kill();
			const paidAtKill = (await s.control('stats')).payouts;
			assert.ok(paidAtKill >= 1000 && paidAtKill < ROWS, `${paidAtKill} payouts when the worker died`);

			const failed = await waitFor(
				'n8n to record the execution as failed',
				async () => {
					const [row] = (await s.executionsSince(afterId)).filter((e) => e.id === execution.id);
					return ['crashed', 'error'].includes(row.status) ? row : undefined;
				},
				{ timeoutMs: 90_000, intervalMs: 500 },
			);
			assert.equal(failed.finished, false);
			await s.control('faults', 'DELETE');
			// back to two workers first: a worker starting up next to the retry would starve it of CPU
			await victim.start();

			// n8n's retry of the failed execution (answers once the retry finished)
			const retry = await s.topology.rest.request('POST', `/rest/executions/${execution.id}/retry`, { loadWorkflow: false });
			assert.equal(retry.retryOf, execution.id);
			const retried = await s.topology.rest.getExecution(retry.id);
			const retryRan = Object.keys(retried.data?.resultData?.runData ?? {});
			let perReference = await s.payoutsPerReference();
			assert.deepEqual([...perReference].filter(([, n]) => n > 1), [], 'paid twice after the retry');
			const afterRetry = { paid: perReference.size, creates: (await s.control('requests')).filter((r) => r.route === 'createPayout') };

			// a fresh run of the same rows: what was committed is answered as a replay, the rest is paid
			const rerunAfter = await s.lastExecutionId();
			assert.equal((await s.post('crashBulk', rows)).status, 200);
			const [rerun] = await s.waitForExecutions('crashBulk', 1, { afterId: rerunAfter, timeoutMs: 60_000 });
			assert.equal(rerun.status, 'success');
			perReference = await s.payoutsPerReference();
			const notOnce = rows.filter((r) => perReference.get(r.referenceId) !== 1);
			assert.deepEqual(notOnce.slice(0, 5), [], `${notOnce.length} references not paid exactly once`);
			assert.equal(perReference.size, ROWS);
			const creates = (await s.control('requests')).filter((r) => r.route === 'createPayout');
			const rerunCreates = creates.slice(afterRetry.creates.length);
			assert.equal(rerunCreates.length, 3);
			// every request the re-run sent that had been committed before was answered as a replay
			const committedKeys = new Set(afterRetry.creates.filter((r) => r.status === 200).map((r) => r.xRequestId));
			for (const r of rerunCreates) assert.equal(Boolean(r.replay), committedKeys.has(r.xRequestId), JSON.stringify(r));
			assert.ok(rerunCreates.some((r) => r.replay), 'no committed request was resent: nothing was tested');

			const records = await s.executionsSince(afterId);
			// n8n may turn "crashed" into "error" later, when Bull reports the stalled job failed
			assert.deepEqual(
				records.map((e) => [e.mode, ['crashed', 'error'].includes(e.status) ? 'failed' : e.status, e.retryOf]),
				[
					['webhook', 'failed', null],
					['retry', ['crashed', 'error'].includes(retry.status) ? 'failed' : retry.status, execution.id],
					['webhook', 'success', null],
				],
			);
			const retryError = retried.data?.resultData?.error?.message;
			t.diagnostic(
				`killed ${victim.name} with ${paidAtKill} of ${ROWS} paid; execution ${execution.id} recorded "${failed.status}"; ` +
					`retry ${retry.id} "${retry.status}"${retryError ? ` (${retryError})` : ''}, nodes run: ${retryRan.join(', ') || 'none'}, ` +
					`paid after it ${afterRetry.paid}, its creates answered as replays ${afterRetry.creates.filter((r) => r.replay).length}; ` +
					`re-run: ${rerunCreates.filter((r) => r.replay).length} of 3 creates answered as replays`,
			);
		});
	});
}
