// Check 1: production executions run on the workers. Every Pivot operation is started by its
// production webhook on the webhook process; the simulator says what reached Pivot, and n8n's
// own records (Postgres, and the processes' logs) say who ran what.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { nodeOutput } from '../../../scripts/lib/n8n.mjs';
import { payoutRow, tally, waitFor } from '../lib/stack.mjs';

/**
 * Every execution newer than `afterId` finished with `success`, was started by a production
 * webhook, was enqueued by the webhook process and started by exactly one worker. Returns the
 * executions and how many each worker ran.
 */
export async function assertRanOnWorkers(stack, afterId, expectedCount, { mode = 'webhook' } = {}) {
	const executions = await stack.executionsSince(afterId);
	assert.equal(executions.length, expectedCount, `executions: ${JSON.stringify(executions)}`);
	const started = stack.topology.executionsOnWorkers();
	const enqueued = stack.topology.executionsEnqueued();
	const enqueuer = mode === 'webhook' ? 'webhook-1' : 'main';
	for (const e of executions) {
		assert.equal(e.status, 'success', `execution ${e.id} is ${e.status}`);
		assert.equal(e.mode, mode, `execution ${e.id}`);
		assert.deepEqual(enqueued.get(e.id), [enqueuer], `execution ${e.id} enqueued by ${enqueued.get(e.id)}`);
		assert.equal(started.get(e.id)?.length, 1, `execution ${e.id} started on ${JSON.stringify(started.get(e.id))}`);
	}
	return { executions, perWorker: tally(executions.map((e) => started.get(e.id)[0])).counts };
}

export function productionChecks(ctx) {
	describe('1. production executions on workers', () => {
		it('production webhooks on the webhook process run every Pivot operation, each execution on a worker', async () => {
			const s = ctx.stack;
			await s.reset();
			const afterId = await s.lastExecutionId();

			const balance = await s.post('balance', [{}]);
			assert.equal(balance.status, 200);
			assert.equal(balance.body[0].value, '1000000000.00');
			const beneficiary = { channelCode: 'BCA', accountNumber: '999966660001', accountName: 'Dummy Simulation' };
			const [validated] = (await s.post('validate', [beneficiary])).body;
			assert.equal(validated.status, 'VALID');
			const [inquiry] = (await s.post('inquiryGet', [{ inquiryId: validated.inquiryId }])).body;
			assert.deepEqual([inquiry.inquiryId, inquiry.status], [validated.inquiryId, 'VALID']);
			const perItem = (await s.post('createPerItem', [payoutRow('Q-OP-1'), payoutRow('Q-OP-2', { amount: 150000 })])).body;
			const bulk = (await s.post('createBulk', [payoutRow('Q-OP-3'), payoutRow('Q-OP-4', { amount: 60000 })])).body;
			assert.deepEqual(
				[...perItem, ...bulk].map((p) => p.referenceId),
				['Q-OP-1', 'Q-OP-2', 'Q-OP-3', 'Q-OP-4'],
			);
			await waitFor('the payouts to settle', async () => (await s.control('stats')).settled);
			const [status] = (await s.post('getByReference', [{ referenceId: 'Q-OP-2' }])).body;
			assert.deepEqual([status.referenceId, status.status, status.amount.value], ['Q-OP-2', 'SUCCESS', '150000']);

			// what reached Pivot
			const log = (await s.control('requests')).filter((r) => r.route !== 'token');
			assert.deepEqual(
				log.map((r) => [r.route, r.method, r.status]),
				[
					['balance', 'GET', 200],
					['inquiry', 'POST', 200],
					['inquiry', 'GET', 200],
					['createPayout', 'POST', 200],
					['createPayout', 'POST', 200],
					['createPayout', 'POST', 200],
					['getPayout', 'GET', 200],
				],
			);
			const payouts = await s.control('payouts');
			assert.deepEqual(payouts.map((p) => [p.referenceId, p.amount]).sort(), [
				['Q-OP-1', '125000'],
				['Q-OP-2', '150000'],
				['Q-OP-3', '125000'],
				['Q-OP-4', '60000'],
			]);
			assert.equal(new Set(payouts.filter((p) => p.referenceId >= 'Q-OP-3').map((p) => p.requestUuid)).size, 1, 'bulk = one request');

			// n8n's records: 6 webhook executions, each enqueued by the webhook process, run by one worker
			await assertRanOnWorkers(s, afterId, 6);
		});

		it('a bulk of 2,500 through a production webhook: 3 create requests, 2,500 payouts paired to their rows, run by a worker', async () => {
			const s = ctx.stack;
			await s.reset();
			const afterId = await s.lastExecutionId();
			const rows = Array.from({ length: 2500 }, (_, i) =>
				payoutRow(`Q-BULK-${String(i).padStart(4, '0')}`, { amount: 10000 + i }),
			);
			const answer = await s.post('createBulk', rows);
			assert.equal(answer.status, 200);

			const creates = (await s.control('requests')).filter((r) => r.route === 'createPayout');
			assert.deepEqual(
				creates.map((r) => r.status),
				[200, 200, 200],
			);
			const payouts = await s.control('payouts');
			assert.equal(payouts.length, 2500);
			const byReference = new Map(payouts.map((p) => [p.referenceId, p]));
			assert.equal(byReference.size, 2500);
			const sizes = [...tally(payouts.map((p) => p.requestUuid)).counts.values()].sort((a, b) => a - b);
			assert.deepEqual(sizes, [500, 1000, 1000]);

			const { executions } = await assertRanOnWorkers(s, afterId, 1);
			// the paired results as n8n stored them, not as the webhook answered
			const output = nodeOutput(await s.topology.rest.getExecution(executions[0].id), 'Pivot');
			assert.equal(output.length, 2500);
			output.forEach((item, i) => {
				assert.equal(item.referenceId, rows[i].referenceId, `item ${i} is not paired to its row`);
				assert.equal(item.amount.value, String(rows[i].amount));
				assert.equal(item.requestUuid, byReference.get(item.referenceId).requestUuid);
			});
		});
	});
}
