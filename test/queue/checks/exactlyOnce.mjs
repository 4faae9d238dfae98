// Check 6: examples/callback-exactly-once-postgres.json in queue mode, as a user sets it up: a
// Postgres credential created through n8n's REST API, the example imported through REST (its
// credentials matched by name) and published; its tables created from the SQL in its own sticky
// note, in a PostgreSQL of "your system" (not n8n's). Pivot's callbacks go through the webhook
// process and run on both workers: the claim (INSERT … ON CONFLICT DO NOTHING RETURNING), the IF
// on a returned row, the stand-in that logs each status update. Judged in that database (one log
// row per event) and in n8n's own execution records (which branch each execution took).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { REPO_ROOT, toCustomTypes } from '../../../scripts/lib/n8n.mjs';
import { nodeOutput } from '../../../scripts/lib/rest.mjs';
import { startPostgres } from '../../../scripts/lib/services.mjs';
import { exampleTables } from '../../support/exampleSql.mjs';
import { captureCallbacks, deliverCallback, pool, tally, waitFor } from '../lib/stack.mjs';
import { assertRanOnWorkers } from './production.mjs';

const EXAMPLE = 'callback-exactly-once-postgres';
const CLAIM = 'Claim the Event';
const STAND_IN = 'Update the Payout Status (Stand-In)';
const ALREADY = 'Already Processed';

const readExample = () => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples', `${EXAMPLE}.json`), 'utf8'));

/** 300 deliveries, 15 of them followed by their redelivery 1–8 places later (in flight together
 * at 8 concurrent), and the other 15 redeliveries once everything has run (Pivot's own delay). */
function deliveryPlan(callbacks) {
	const redelivered = callbacks.filter((_, i) => i % 10 === 3);
	const during = redelivered.filter((_, i) => i % 2 === 0);
	const afterwards = redelivered.filter((_, i) => i % 2 === 1);
	const first = [...callbacks];
	for (const [n, body] of during.entries()) {
		const at = first.indexOf(body) + 1 + (n % 8);
		first.splice(at, 0, body);
	}
	return { first, afterwards, redelivered };
}

/** Waits until a workflow has `count` finished executions newer than `afterId` (n8n's records in Postgres). */
async function waitForFinished(s, workflowId, count, { afterId, timeoutMs }) {
	return waitFor(
		`${count} finished executions of the example`,
		async () => {
			const [row] = await s.topology.pg.queryJson(
				`select count(*)::int as n from execution_entity where "workflowId" = '${workflowId}' and id > ${Number(afterId)} and status not in ('new', 'running', 'waiting')`,
			);
			return row.n >= count ? row.n : undefined;
		},
		{ timeoutMs, intervalMs: 300 },
	);
}

export function exactlyOnceChecks(ctx) {
	describe('6. exactly once downstream: the PostgreSQL example in queue mode', () => {
		const app = {};
		before(async () => {
			const s = ctx.stack;
			app.db = await startPostgres({ database: 'payments' });
			const example = readExample();
			await app.db.query(exampleTables(example));
			const credential = await s.topology.rest.createCredential({
				name: 'Postgres account',
				type: 'postgres',
				data: { host: app.db.host, port: app.db.port, database: app.db.database, user: app.db.user, password: '', ssl: 'disable' },
			});
			app.credentialId = credential.id;
			const created = await s.topology.rest.request('POST', '/rest/workflows', toCustomTypes(example));
			app.workflowId = created.id;
			app.stored = await s.topology.rest.request('GET', `/rest/workflows/${created.id}`);
			await s.topology.rest.activateWorkflow(created.id);
			app.path = `/webhook/${example.nodes.find((n) => n.name === 'Pivot Trigger').webhookId}/webhook`;
		}, { timeout: 120_000 });
		after(async () => {
			await app.db?.stop();
		});

		it('the example imports with its credentials matched by name (the Postgres one created through REST)', () => {
			const byName = Object.fromEntries(app.stored.nodes.map((n) => [n.name, n.credentials]));
			assert.deepEqual(byName[CLAIM], { postgres: { id: app.credentialId, name: 'Postgres account' } });
			assert.deepEqual(byName[STAND_IN], { postgres: { id: app.credentialId, name: 'Postgres account' } });
			assert.ok(byName['Pivot Trigger'].pivotApi.id, 'the Pivot credential was not matched');
		});

		it('300 callbacks at 8 concurrent, 10 % redelivered (half while the first runs): each event updated exactly once', { timeout: 600_000 }, async (t) => {
			const s = ctx.stack;
			const refs = Array.from({ length: 300 }, (_, i) => `Q-ONCE-${String(i).padStart(3, '0')}`);
			const callbacks = await captureCallbacks(s, refs);
			assert.equal(callbacks.length, 300);
			const plan = deliveryPlan(callbacks);
			const afterId = await s.lastExecutionId();
			const deliver = (body) => deliverCallback(s, app.path, body);

			const started = Date.now();
			const statuses = await pool(plan.first, 8, deliver);
			const deliveredMs = Date.now() - started;
			await waitForFinished(s, app.workflowId, plan.first.length, { afterId, timeoutMs: 180_000 });
			const firstWaveMs = Date.now() - started;
			statuses.push(...(await pool(plan.afterwards, 8, deliver)));
			const total = callbacks.length + plan.redelivered.length;
			await waitForFinished(s, app.workflowId, total, { afterId, timeoutMs: 60_000 });
			const allMs = Date.now() - started;
			assert.deepEqual(tally(statuses).counts, new Map([[200, total]]));

			// In your system's database: one claim and one status update per event, none twice.
			const [claims] = await app.db.queryJson('select count(*)::int as n, count(distinct dedupe_key)::int as keys from pivot_callbacks');
			const [log] = await app.db.queryJson(
				'select count(*)::int as n, count(distinct dedupe_key)::int as keys, count(distinct reference_id)::int as refs from payout_status_log',
			);
			const twice = await app.db.queryJson('select dedupe_key, count(*)::int as n from payout_status_log group by dedupe_key having count(*) > 1');
			const unclaimed = await app.db.queryJson('select dedupe_key from payout_status_log except select dedupe_key from pivot_callbacks');
			const loggedRefs = (await app.db.queryJson('select reference_id from payout_status_log order by reference_id')).map((r) => r.reference_id);
			t.diagnostic(
				`${total} deliveries (${plan.redelivered.length} redeliveries, ${plan.redelivered.length / 2} in flight with their first): ` +
					`sent in ${deliveredMs} ms, first ${plan.first.length} executions done after ${firstWaveMs} ms, all ${total} after ${allMs} ms; ` +
					`claims ${claims.n} (${claims.keys} keys), status updates ${log.n} (${log.keys} keys), updated twice ${twice.length}`,
			);
			assert.deepEqual(twice, [], 'events updated more than once');
			assert.deepEqual([claims.n, claims.keys, log.n, log.keys, log.refs], [300, 300, 300, 300, 300]);
			assert.deepEqual(unclaimed, []);
			assert.deepEqual(loggedRefs, refs);

			// In n8n's records: every execution succeeded on a worker, and took exactly one branch.
			const { perWorker } = await assertRanOnWorkers(s, afterId, total);
			assert.equal(perWorker.size, 2, `executions per worker: ${JSON.stringify([...perWorker])}`);
			const runs = await pool(await s.executionsSince(afterId), 8, (e) => s.topology.rest.getExecution(e.id));
			const updated = [];
			const skipped = [];
			for (const run of runs) {
				const [event] = nodeOutput(run, 'Pivot Trigger');
				const standIn = nodeOutput(run, STAND_IN);
				const already = nodeOutput(run, ALREADY);
				if (standIn) {
					assert.equal(already, undefined, `execution ${run.id} took both branches`);
					updated.push(event.dedupeKey);
				} else {
					// n8n's Postgres node answers an INSERT that returned no row with one item,
					// { success: true }: the IF is what keeps a redelivery from going further
					assert.deepEqual(nodeOutput(run, CLAIM), [{ success: true }], `execution ${run.id}`);
					assert.equal(already?.length, 1, `execution ${run.id} took no branch`);
					skipped.push(event.dedupeKey);
				}
			}
			assert.equal(updated.length, 300);
			assert.equal(new Set(updated).size, 300, 'n8n ran the stand-in twice for one event');
			assert.equal(skipped.length, plan.redelivered.length);
			assert.ok(skipped.every((key) => updated.includes(key)), 'a redelivery was skipped whose event was never updated');
		});
	});
}
