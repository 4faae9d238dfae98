// Checks 3 and 5: Pivot's callbacks through the webhook process. The Pivot Trigger runs there (it
// checks the key and answers); the execution it starts runs on a worker: Remove Duplicates on
// dedupeKey (n8n keeps what it saw in Postgres, shared by every worker) → Report to a sink
// outside n8n, which counts what got through.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { startReadinessGate } from '../lib/readinessGate.mjs';
import { RECONCILE_WEBHOOK_ID } from '../lib/workflows.mjs';
import { captureCallbacks, deliverCallback, directPayouts, pool, sleep, tally, waitFor } from '../lib/stack.mjs';
import { assertRanOnWorkers } from './production.mjs';

const triggerPath = `/webhook/${RECONCILE_WEBHOOK_ID}/webhook`;
const references = (prefix, n) => Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);

/** How many keys n8n's Remove Duplicates has stored for the reconcile workflow (Postgres). */
async function removeDuplicatesHistory(s) {
	const rows = await s.topology.pg.queryJson(
		`select json_array_length((value::json)->'data') as n from processed_data where "workflowId" = '${s.ids.reconcile}'`,
	);
	return rows.reduce((sum, r) => sum + r.n, 0);
}

const deliver = (s, body, headers) => deliverCallback(s, triggerPath, body, headers);

export function callbackChecks(ctx) {
	describe('3. callbacks through the webhook process', () => {
		it('forged callbacks are refused with 401 and start no execution', async () => {
			const s = ctx.stack;
			const [genuine] = await captureCallbacks(s, ['Q-FORGED-000']);
			const afterId = await s.lastExecutionId();
			const forgeries = [{}, { 'X-API-Key': 'forged-key' }, { 'X-API-Key': `${s.sandbox.callbackApiKey}x` }, { 'X-API-Key': '' }];
			for (const headers of forgeries) assert.equal(await deliver(s, genuine, headers), 401, JSON.stringify(Object.keys(headers)));
			await sleep(2000); // an execution would be enqueued at once and picked up within a second
			assert.deepEqual(await s.executionsSince(afterId), []);
			assert.deepEqual(s.sink.received, []);
		});

		// Shared by the two tests below: one run, judged twice.
		const burst = {};
		it('300 genuine callbacks at 8 concurrent, 10 % redelivered: all accepted, 0 lost downstream, every execution on a worker', async () => {
			const s = ctx.stack;
			const refs = references('Q-CB', 300);
			const callbacks = await captureCallbacks(s, refs);
			assert.equal(callbacks.length, 300);
			const afterId = await s.lastExecutionId();
			const statuses = await pool(callbacks, 8, (body) => deliver(s, body));
			// Pivot redelivers 5 minutes or more after a failed delivery: by then the first one ran
			await s.waitForExecutions('reconcile', 300, { afterId, timeoutMs: 120_000 });
			burst.history = await removeDuplicatesHistory(s);
			const redelivered = callbacks.filter((_, i) => i % 10 === 3);
			statuses.push(...(await pool(redelivered, 8, (body) => deliver(s, body))));
			assert.deepEqual(tally(statuses).counts, new Map([[200, 330]]));
			await s.waitForExecutions('reconcile', 330, { afterId, timeoutMs: 60_000 });
			burst.downstream = tally(s.sink.received.map((r) => r.referenceId));
			burst.refs = refs;

			const notOk = (await s.executionsSince(afterId)).filter((e) => e.status !== 'success');
			assert.deepEqual(
				[refs.filter((ref) => !burst.downstream.counts.has(ref)), notOk.map((e) => `${e.id} ${e.status}`)],
				[[], []],
				'lost events, executions not successful',
			);
			const { perWorker } = await assertRanOnWorkers(s, afterId, 330);
			assert.equal(perWorker.size, 2, `executions per worker: ${JSON.stringify([...perWorker])}`);
		});

		it(
			'… and every event exactly once downstream (Remove Duplicates on dedupeKey)',
			{
				todo:
					"n8n 2.41's Remove Duplicates keeps its history in one database row that each execution reads and writes back " +
					'without a lock: concurrent executions on the workers overwrite each other, and the redelivery of an event whose ' +
					'entry was overwritten passes again. Kept as evidence of n8n\'s behaviour (docs/queue-mode.md); the exactly-once ' +
					'pattern users are pointed to is check 6 (examples/callback-exactly-once-postgres.json)',
			},
			async (t) => {
				assert.ok(burst.downstream, 'the run above did not get this far');
				t.diagnostic(
					`Remove Duplicates history after 300 concurrent first deliveries: ${burst.history} keys; ` +
						`events through twice: ${burst.downstream.repeated.length} of 30 redelivered`,
				);
				assert.equal(burst.history, 300);
				assert.deepEqual(burst.downstream.repeated, [], 'events through twice');
			},
		);
	});

	describe('5. the webhook process killed while callbacks arrive', () => {
		const outage = {};
		it('callbacks that found it down are redelivered by the simulator after it restarted: 0 lost', async (t) => {
			const s = ctx.stack;
			const webhook = s.topology.webhook;
			// Pivot reaches the webhook process through what production puts in front of it: a load
			// balancer that routes only to a process whose /healthz/readiness says ready.
			const gate = await startReadinessGate(webhook.n8n.baseUrl);
			t.after(() => gate.stop());
			// redeliveries after 5 min × 1/300 = 1 s, then 3 s, 12 s, 36 s, 72 s, 144 s: seven attempts over ~4.5 min
			await s.reset({ callbackUrl: `${gate.url}${triggerPath}`, callbackTimeScale: 1 / 300, processingDelayMs: 300 });
			const afterId = await s.lastExecutionId();
			const refs = references('Q-DOWN', 40);
			const paying = directPayouts(s.sandbox, refs, { concurrency: 1, gapMs: 50 });
			await waitFor('callbacks to arrive', async () => (await s.control('callbacks')).length >= 8, { intervalMs: 20 });
			await webhook.kill();
			const killedAt = Date.now();
			await paying;
			await webhook.start();
			const downMs = Date.now() - killedAt;

			const lastAttempts = async () => {
				const last = new Map();
				for (const c of await s.control('callbacks')) last.set(c.deliveryId, c);
				return [...last.values()];
			};
			const deadline = Date.now() + 150_000;
			let last = await lastAttempts();
			while (Date.now() < deadline && !(last.length === refs.length && last.every((c) => c.status === 200 || c.gaveUp))) {
				await sleep(500);
				last = await lastAttempts();
			}
			const attempts = await s.control('callbacks');
			const failed = attempts.filter((c) => c.status !== 200);
			const why = (c) => (c.status ? `HTTP ${c.status}` : c.error.split(':')[0]);
			t.diagnostic(
				`webhook process down ${downMs} ms; ${attempts.length} attempts for ${refs.length} callbacks, ${failed.length} failed ` +
					`(${[...tally(failed.map(why)).counts].map(([e, n]) => `${n} × ${e}`).join(', ')}); ` +
					`the gate answered 503 ${gate.counts.refused} times while the process was down or starting`,
			);
			assert.ok(failed.length >= 1, 'no callback found the webhook process down: the kill came too late');
			assert.deepEqual(
				last.filter((c) => c.status !== 200).map((c) => [c.body.data.payouts.referenceId, c.attempt, why(c)]),
				[],
				'callbacks not delivered',
			);
			assert.equal(last.length, refs.length);

			const executions = await waitFor('their executions', async () => {
				const list = (await s.executionsSince(afterId)).filter((e) => e.workflowId === s.ids.reconcile);
				return list.length >= refs.length && list.every((e) => !['new', 'running'].includes(e.status)) ? list : undefined;
			});
			assert.ok(executions.every((e) => e.status === 'success'), JSON.stringify(executions.filter((e) => e.status !== 'success')));
			outage.downstream = tally(s.sink.received.map((r) => r.referenceId));
			assert.deepEqual(refs.filter((ref) => !outage.downstream.counts.has(ref)), [], 'lost callbacks');
		});

		it('… and none of them twice downstream', { todo: 'the same Remove Duplicates race as in check 3 (see check 6 for the pattern that is exact)' }, () => {
			assert.ok(outage.downstream, 'the run above did not get this far');
			assert.deepEqual(outage.downstream.repeated, []);
		});
	});
}
