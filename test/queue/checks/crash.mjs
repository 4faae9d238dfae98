// Check 4: a worker killed (SIGKILL, as when its container dies) in the middle of a bulk of 3
// create requests, after the first one was committed at Pivot. n8n fails the stalled job and
// records the execution as crashed/failed; retrying it (n8n's retry of a failed execution, REST)
// and a fresh run of the same rows must pay every reference exactly once: the node derives each
// request's X-REQUEST-ID from its body, so Pivot answers a resent request with its first answer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { payoutRow, waitFor } from '../lib/stack.mjs';

const ROWS = 3000; // 3 create requests of 1,000
const LATENCY_MS = 2000; // per create request, before the simulator processes it

export function crashChecks(ctx) {
	describe('4. a worker killed mid-payout', () => {
		it('the execution is recorded as failed; its retry and a fresh run give exactly one payout per reference, 0 missing', async (t) => {
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
			const restarting = victim.start();

			// n8n's retry of the failed execution (answers once the retry finished)
			const retry = await s.topology.rest.request('POST', `/rest/executions/${execution.id}/retry`, { loadWorkflow: false });
			assert.equal(retry.retryOf, execution.id);
			assert.equal(retry.status, 'success');
			let perReference = await s.payoutsPerReference();
			const check = () => {
				const missing = rows.filter((r) => perReference.get(r.referenceId) !== 1);
				assert.deepEqual(missing.slice(0, 5), [], `${missing.length} references not paid exactly once`);
				assert.equal(perReference.size, ROWS);
			};
			check();
			const createsBefore = (await s.control('requests')).filter((r) => r.route === 'createPayout');
			const replays = createsBefore.filter((r) => r.replay).length;
			assert.ok(replays >= 1, 'the retry resent no committed request: nothing was tested');

			// a fresh run of the same rows: every request is answered as a replay, nothing new is paid
			await restarting;
			const rerunAfter = await s.lastExecutionId();
			assert.equal((await s.post('crashBulk', rows)).status, 200);
			const [rerun] = await s.waitForExecutions('crashBulk', 1, { afterId: rerunAfter, timeoutMs: 60_000 });
			assert.equal(rerun.status, 'success');
			perReference = await s.payoutsPerReference();
			check();
			const creates = (await s.control('requests')).filter((r) => r.route === 'createPayout');
			assert.deepEqual(
				creates.slice(createsBefore.length).map((r) => r.replay),
				[true, true, true],
			);

			const records = await s.executionsSince(afterId);
			// n8n may turn "crashed" into "error" later, when Bull reports the stalled job failed
			assert.deepEqual(
				records.map((e) => [e.mode, ['crashed', 'error'].includes(e.status) ? 'failed' : e.status, e.retryOf]),
				[
					['webhook', 'failed', null],
					['retry', 'success', execution.id],
					['webhook', 'success', null],
				],
			);
			t.diagnostic(
				`killed ${victim.name} with ${paidAtKill} of ${ROWS} paid; execution ${execution.id} recorded "${failed.status}"; ` +
					`retry ${retry.id}: ${replays} of ${createsBefore.length} creates answered as replays; re-run: 3 replays`,
			);
		});
	});
}
