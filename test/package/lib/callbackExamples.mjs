// The two callback examples as users run them once imported: published, and sent what Pivot sends
// (its Callback API Key in X-API-Key, its body shapes). top-up-alert runs on a top-up and not on
// a payout event; callback-exactly-once-postgres claims each event once in a PostgreSQL of the
// user's and skips a redelivery.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

import { nodeOutput } from '../../../scripts/lib/n8n.mjs';
import { executionIds, nextExecution } from './editor.mjs';

async function post(url, body, key) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/JSON', 'X-API-Key': key },
		body: JSON.stringify(body),
	});
	await response.text();
	return response.status;
}

export async function runTopUpAlertExample({ rest, sandbox, workflowId, url }) {
	const known = await executionIds(rest, workflowId);
	const topUp = {
		event: 'MERCHANT-TOP-UP.SUCCESS',
		data: {
			merchantId: sandbox.clientId,
			merchantName: 'PT Contoh Usaha',
			accountName: 'DISBURSEMENT',
			amount: { currency: 'IDR', value: '2000000' },
			balanceBefore: { currency: 'IDR', value: '500000' },
			balanceAfter: { currency: 'IDR', value: '2500000' },
			paymentMethod: { type: 'VIRTUAL_ACCOUNT' },
			paymentMethodOptions: { virtualAccount: { channel: 'PERMATA', virtualAccountNumber: '8528009876543210', virtualAccountName: 'PT Contoh Usaha' } },
			transactionTime: '2026-03-02T09:00:00+07:00',
		},
	};
	assert.equal(await post(url, topUp, sandbox.callbackApiKey), 200);
	const execution = await nextExecution(rest, workflowId, known);
	assert.deepEqual([execution.status, execution.mode], ['success', 'webhook']);
	const [item] = nodeOutput(execution, 'Pivot Trigger');
	assert.deepEqual([item.scope, item.amount.number, item.balanceAfter.number, item.channel], ['topUp', 2000000, 2500000, 'PERMATA']);
	assert.equal(nodeOutput(execution, 'Write the Alert')[0].subject, 'Pivot balance topped up: Rp 2.000.000');

	// a payout callback sent to this URL is acknowledged and runs nothing
	const seen = await executionIds(rest, workflowId);
	const payout = { event: 'PAYOUT.DONE', data: { uuid: randomUUID(), merchantId: sandbox.clientId, status: 'DONE', payoutResults: {} } };
	assert.equal(await post(url, payout, sandbox.callbackApiKey), 200);
	await new Promise((resolve) => setTimeout(resolve, 1500));
	assert.deepEqual([...(await executionIds(rest, workflowId))].filter((id) => !seen.has(id)), []);
}

export async function runExactlyOnceExample({ rest, sandbox, db, workflowId, url }) {
	const payout = (referenceId, status) => ({
		event: `PAYOUT.${status}`,
		data: {
			uuid: randomUUID(),
			merchantId: sandbox.clientId,
			payouts: { referenceId, amount: { currency: 'IDR', value: '100000' }, status, reason: status === 'FAILED' ? 'Inactive account' : null },
		},
	});
	const paid = payout('PKG-ONCE-1', 'SUCCESS');
	const runs = [];
	for (const body of [paid, payout('PKG-ONCE-2', 'FAILED'), paid]) {
		const known = await executionIds(rest, workflowId);
		assert.equal(await post(url, body, sandbox.callbackApiKey), 200);
		runs.push(await nextExecution(rest, workflowId, known));
	}
	assert.deepEqual(runs.map((run) => run.status), ['success', 'success', 'success']);
	assert.deepEqual(
		runs.map((run) => [Boolean(nodeOutput(run, 'Update the Payout Status (Stand-In)')), Boolean(nodeOutput(run, 'Already Processed'))]),
		[[true, false], [true, false], [false, true]],
		'the redelivery (third) must take the Already Processed branch',
	);
	assert.deepEqual(nodeOutput(runs[2], 'Claim the Event'), [{ success: true }]);
	const log = await db.queryJson('select reference_id, status, event from payout_status_log order by id');
	assert.deepEqual(log, [
		{ reference_id: 'PKG-ONCE-1', status: 'SUCCESS', event: 'PAYOUT.SUCCESS' },
		{ reference_id: 'PKG-ONCE-2', status: 'FAILED', event: 'PAYOUT.FAILED' },
	]);
	const [claims] = await db.queryJson('select count(*)::int as n from pivot_callbacks');
	assert.equal(claims.n, 2);
}
