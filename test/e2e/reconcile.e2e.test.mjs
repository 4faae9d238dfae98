// Payout → Reconcile and Payout → Get with Wait Until Final inside a real n8n 2.41.1, against the
// Pivot simulator: payouts are made with Payout → Create (per item and in bulk), then your records
// are reconciled under On Error "Continue (using error output)" (every record on the success
// output with its verdict, a record n8n cannot read on the error output), and a payout still in
// processing is waited for until final. What each test asserts is read from n8n's execution
// records and the simulator's inspection API.
//
//   npm run build && node --test --test-concurrency=1 test/e2e/reconcile.e2e.test.mjs
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { nodeOutput } from '../../scripts/lib/n8n.mjs';
import { errorOutputWorkflow, noOpNode, pivotNode, webhookWorkflow } from '../support/workflows.mjs';
import { assertSucceeded, noSecretsLeakedTest, payoutRow, pick, pivotSuite } from './lib/suite.mjs';
import { opWorkflow, suiteWorkflows } from './lib/workflows.mjs';

const RECONCILE = {
	resource: 'payout',
	operation: 'reconcile',
	referenceId: '={{ $json.referenceId }}',
	expectedAmount: '={{ $json.amount }}',
	expectedAccountNumber: '={{ $json.accountNumber }}',
	expectedChannel: '={{ $json.channel }}',
	requestUuid: '={{ $json.requestUuid }}',
	options: { concurrency: 4 },
};

const WORKFLOWS = {
	...pick(suiteWorkflows().workflows, ['createPerItem', 'createBulk']),
	reconcile: errorOutputWorkflow(
		'e2e-reconcile',
		pivotNode('Pivot', RECONCILE, { settings: { onError: 'continueErrorOutput' } }),
		{ success: [noOpNode('Verdicts')], failure: [noOpNode('Records to fix')] },
		{ name: 'E2E: reconcile' },
	),
	reconcileStop: opWorkflow('reconcile-stop', RECONCILE),
	getWait: webhookWorkflow(
		'e2e-get-wait',
		[
			pivotNode('Pivot', {
				resource: 'payout',
				operation: 'get',
				lookUpBy: 'reference',
				referenceId: '={{ $json.referenceId }}',
				options: { waitUntilFinal: true, pollIntervalSeconds: 0.2, maxWaitSeconds: '={{ $json.maxWait }}' },
			}),
		],
		{ name: 'E2E: get, wait until final' },
	),
	getWaitUuid: opWorkflow('get-wait-uuid', {
		resource: 'payout',
		operation: 'get',
		lookUpBy: 'uuid',
		uuid: '={{ $json.uuid }}',
		returnAll: true,
		options: { waitUntilFinal: true, pollIntervalSeconds: 0.2, maxWaitSeconds: 60 },
	}),
};

describe('Payout → Reconcile and Get with Wait Until Final in a real n8n', () => {
	const suite = pivotSuite({ workflows: WORKFLOWS, activate: Object.keys(WORKFLOWS) });
	const { run, control, requests } = suite;

	it('Reconcile: every verdict on the success output, paired to its record; a bad amount on the error output', async () => {
		await control('config', 'POST', { processingDelayMs: 100 });
		const created = assertSucceeded(
			await run('createBulk', [
				payoutRow('E2E-REC-PAID'),
				payoutRow('E2E-REC-FAILED', { accountNumber: '999966660003' }),
				payoutRow('E2E-REC-WRONG', { amount: 175000 }),
			]),
		);
		const [parked] = assertSucceeded(await run('createPerItem', [payoutRow('E2E-REC-PARKED', { accountNumber: '999966660007' })]));
		assert.equal(parked.awaitingTopUp, true);
		await new Promise((resolve) => setTimeout(resolve, 600));
		const creates = (await requests('createPayout')).length;

		const records = [
			{ referenceId: 'E2E-REC-PAID', amount: '125000', accountNumber: '999966660001', channel: 'BCA' },
			{ referenceId: 'E2E-REC-FAILED', amount: 125000 },
			{ referenceId: 'E2E-REC-WRONG', amount: 125000 },
			{ referenceId: 'E2E-REC-PARKED', amount: 125000, requestUuid: parked.requestUuid },
			{ referenceId: 'E2E-REC-NONE', amount: 125000 },
			{ referenceId: 'E2E-REC-PAID', amount: '1.250.000' },
		];
		const { execution } = await run('reconcile', records);
		assert.equal(execution.status, 'success', execution.data?.resultData?.error?.message);
		const pivotRun = execution.data.resultData.runData.Pivot[0].data.main;
		const verdicts = pivotRun[0].map((item) => [item.pairedItem.item, item.json.referenceId, item.json.verdict]);
		assert.deepEqual(verdicts, [
			[0, 'E2E-REC-PAID', 'matched'],
			[1, 'E2E-REC-FAILED', 'failed'],
			[2, 'E2E-REC-WRONG', 'mismatch'],
			[3, 'E2E-REC-PARKED', 'awaitingTopUp'],
			[4, 'E2E-REC-NONE', 'notAtPivot'],
		]);
		assert.deepEqual(pivotRun[1].map((item) => item.pairedItem.item), [5]);
		assert.match(pivotRun[1][0].json.error.message, /^Item 6 \(index 5\): Expected Amount must be a whole number.*write 1250000/);
		assert.deepEqual(nodeOutput(execution, 'Verdicts').map((v) => v.verdict), ['matched', 'failed', 'mismatch', 'awaitingTopUp', 'notAtPivot']);
		assert.equal(nodeOutput(execution, 'Records to fix').length, 1);

		const [paid, failed, wrong, parkedVerdict] = pivotRun[0].map((item) => item.json);
		assert.deepEqual([paid.status, paid.amount.number, paid.channel, paid.accountNumber], ['SUCCESS', 125000, 'BCA', '999966660001']);
		assert.deepEqual([failed.status, failed.reason, failed.retry], ['FAILED', 'Invalid account', 'doNotRetry']);
		assert.deepEqual(wrong.mismatches, [{ field: 'amount', expected: 125000, atPivot: 175000 }]);
		assert.equal(parkedVerdict.requestUuid, parked.requestUuid);

		// At the simulator: nothing created, one look-up per readable record, the parked request read once.
		assert.equal((await requests('createPayout')).length, creates);
		const lookUps = (await requests('getPayout')).filter((r) => r.query.type === 'single').map((r) => r.path).sort();
		assert.deepEqual(lookUps, records.slice(0, 5).map((r) => `/v1/payouts/${r.referenceId}`).sort());
		const payouts = await control('payouts');
		assert.deepEqual(
			payouts.map((p) => [p.referenceId, p.status]).sort(),
			[['E2E-REC-FAILED', 'FAILED'], ['E2E-REC-PAID', 'SUCCESS'], ['E2E-REC-PARKED', 'APPROVED'], ['E2E-REC-WRONG', 'SUCCESS']],
		);
		assert.equal(created[0].requestUuid, payouts.find((p) => p.referenceId === 'E2E-REC-PAID').requestUuid);
	});

	it('Reconcile under Stop: a look-up Pivot fails stops the run; under the error output it is verdict unknown', async () => {
		await control('faults', 'POST', { route: 'getPayout', kind: 'status', status: 503, count: 1 });
		const stopped = await run('reconcileStop', [{ referenceId: 'E2E-REC-X', amount: 10000 }]);
		assert.equal(stopped.execution.status, 'error');
		assert.match(stopped.execution.data.resultData.error.message, /Pivot or its partner bank is unavailable/);

		await control('faults', 'POST', { route: 'getPayout', kind: 'status', status: 503, count: 1 });
		const { execution } = await run('reconcile', [{ referenceId: 'E2E-REC-X', amount: 10000 }]);
		const [unknown] = nodeOutput(execution, 'Verdicts');
		assert.equal(unknown.verdict, 'unknown');
		assert.match(unknown.lookupError, /Pivot or its partner bank is unavailable/);
		assert.equal(nodeOutput(execution, 'Records to fix'), undefined);
	});

	it('Get with Wait Until Final: a payout still processing is waited for until SUCCESS; a parked one is not waited for', async () => {
		await control('config', 'POST', { processingDelayMs: 1500 });
		const [, parkedPayout] = assertSucceeded(
			await run('createPerItem', [payoutRow('E2E-WAIT-1'), payoutRow('E2E-WAIT-PARKED', { accountNumber: '999966660007' })]),
		);
		const started = Date.now();
		const result = await run('getWait', [
			{ referenceId: 'E2E-WAIT-1', maxWait: 5 },
			{ referenceId: 'E2E-WAIT-PARKED', maxWait: 5 },
		]);
		const [final, parked] = assertSucceeded(result);
		assert.deepEqual([final.status, final.isFinal, final.waitOutcome], ['SUCCESS', true, 'final']);
		// By Reference ID Pivot's answer cannot show parking: the payout is waited for until the maximum wait.
		assert.deepEqual([parked.status, parked.isFinal, parked.waitOutcome, parked.awaitingTopUp], ['APPROVED', false, 'maximumWait', null]);
		assert.match(parked.waitNote, /look it up by Request UUID to know/);
		assert.ok(Date.now() - started >= 4_000, 'the maximum wait was not spent on the open payout');
		const polls = (await requests('getPayout')).filter((r) => r.path === '/v1/payouts/E2E-WAIT-1');
		assert.ok(polls.length >= 3, `${polls.length} look-ups of E2E-WAIT-1`);
		assert.equal((await control('payouts')).find((p) => p.referenceId === 'E2E-WAIT-1').status, 'SUCCESS');

		// By Request UUID the request shows it parked: not waited for, though Maximum Wait is 60 s.
		const before = Date.now();
		const [byUuid] = assertSucceeded(await run('getWaitUuid', [{ uuid: parkedPayout.requestUuid }]));
		assert.ok(Date.now() - before < 10_000);
		assert.deepEqual([byUuid.requestStatus, byUuid.awaitingTopUp, byUuid.waitOutcome], ['PENDING', true, 'awaitingTopUp']);
		assert.match(byUuid.waitNote, /Waiting for Top Up/);
	});

	noSecretsLeakedTest(suite);
});
