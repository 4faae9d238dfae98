// The example workflows and the Pivot Trigger on its production URL, inside a real n8n 2.41.1,
// against the Pivot simulator: the examples run with `n8n execute`, as a user's manual run, and
// the simulator's real callbacks reach the reconcile example's Pivot Trigger. A wrong or missing
// key is refused without an execution; a lost answer or an unreachable n8n is redelivered with
// the same dedupeKey and the example's Remove Duplicates drops the redelivery.
//
//   npm run build && node --test test/e2e/trigger.e2e.test.mjs
//
// For the redelivery tests a gateway (lib/proxy.mjs) sits between the simulator's callbacks and
// n8n and loses an answer or resets a connection: the Pivot Trigger answers on receipt, so a
// failed answer has to be made on the way back.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { nodeOutput } from '../../scripts/lib/n8n.mjs';
import { waitFor } from '../support/pivot.mjs';
import { pivotTriggerNode, workflow } from '../support/workflows.mjs';
import { assertSucceeded, DEDUPE_KEY, noSecretsLeakedTest, payoutRow, pivotSuite } from './lib/suite.mjs';
import { bulkExampleWithBadRow, example, suiteWorkflows, triggerUrl, triggerWebhookId } from './lib/workflows.mjs';

const WRONG_KEY_WEBHOOK_ID = '0b6f2d4e-9a1c-4c3e-8f5a-7d2e1c0b9a01';
const NO_KEY_WEBHOOK_ID = '5d0c3b2a-1f4e-4a6b-9c8d-7e6f5a4b3c21';

describe('the example workflows and the Pivot Trigger on its production URL in a real n8n', () => {
	const reconcile = example('reconcile-callbacks');
	const reconcileWebhookId = triggerWebhookId(reconcile);
	const { workflows, wrongKeyTrigger } = suiteWorkflows({
		wrongKeyCredential: 'Pivot wrong callback key',
		wrongKeyWebhookId: WRONG_KEY_WEBHOOK_ID,
	});
	const suite = pivotSuite({
		credentials: (data) => [
			{ name: 'Pivot account', type: 'pivotApi', data },
			{ name: 'Pivot wrong callback key', type: 'pivotApi', data: { ...data, callbackApiKey: 'not-the-callback-api-key-0123456789' } },
			{ name: 'Pivot no callback key', type: 'pivotApi', data: { ...data, callbackApiKey: '' } },
		],
		workflows: {
			validateAndPayOne: example('validate-and-pay-one'),
			getPayoutStatus: example('get-payout-status'),
			bulkFromList: example('bulk-payout-from-list'),
			bulkBadRow: bulkExampleWithBadRow(),
			reconcile,
			wrongKeyTrigger,
			// The same trigger on a credential whose Callback API Key was never filled in.
			noKeyTrigger: workflow('E2E: trigger whose credential has no Callback API Key', [
				pivotTriggerNode(NO_KEY_WEBHOOK_ID, { credential: 'Pivot no callback key' }),
			]),
			createPerItem: workflows.createPerItem,
		},
		activate: ['reconcile', 'wrongKeyTrigger', 'noKeyTrigger', 'createPerItem'],
		gateway: true,
	});
	const { run, control, requests, knownIds, newExecutions, finishedExecutions } = suite;
	let reconcileUrl;
	before(() => {
		reconcileUrl = triggerUrl(suite.n8n.baseUrl, reconcileWebhookId);
	});

	it("examples validate-and-pay-one and get-payout-status (n8n execute); Pivot's callback reaches the reconcile example on its production URL", async () => {
		await control('config', 'POST', { callbackUrl: reconcileUrl });
		const known = await knownIds(suite.ids.reconcile);
		const result = await suite.n8n.executeWorkflow(suite.ids.validateAndPayOne);
		assert.equal(result.code, 0, result.error ?? result.stdout.slice(-2000));
		assert.equal(nodeOutput(result.output, 'Check Balance')[0].sufficient, true);
		const [inquiry] = nodeOutput(result.output, 'Validate Beneficiary');
		assert.equal(inquiry.status, 'VALID');
		const [paid] = nodeOutput(result.output, 'Pay by Inquiry ID');
		assert.equal(paid.referenceId, 'INV-2026-0001');
		assert.equal(paid.inquiryId, inquiry.inquiryId);

		const log = await control('requests');
		assert.deepEqual(
			log.filter((r) => r.route !== 'token').map((r) => [r.route, r.status]),
			[
				['balance', 200],
				['inquiry', 200],
				['createPayout', 200],
			],
		);
		const payouts = await control('payouts');
		assert.equal(payouts.length, 1);
		assert.deepEqual(
			[payouts[0].referenceId, payouts[0].inquiryId, payouts[0].amount, payouts[0].requestUuid],
			['INV-2026-0001', inquiry.inquiryId, '150000', paid.requestUuid],
		);

		const [execution] = await newExecutions(suite.ids.reconcile, known);
		assert.equal(execution.status, 'success');
		assert.equal(execution.mode, 'webhook');
		const [event] = nodeOutput(execution, 'Pivot Trigger');
		assert.deepEqual(
			{ ...event, dedupeKey: undefined },
			{
				event: 'PAYOUT.SUCCESS',
				scope: 'single',
				uuid: paid.requestUuid,
				merchantId: suite.sandbox.clientId,
				status: 'SUCCESS',
				isFinal: true,
				referenceId: 'INV-2026-0001',
				amount: { value: '150000', number: 150000, currency: 'IDR' },
				reason: null,
				retry: null,
				advice: null,
				totals: null,
				dedupeKey: undefined,
			},
		);
		assert.match(event.dedupeKey, DEDUPE_KEY);
		assert.deepEqual(nodeOutput(execution, 'Single Payout Result'), [event]);
		assert.equal(nodeOutput(execution, 'Get Payouts of the Request'), undefined);
		const callbacks = await control('callbacks');
		assert.deepEqual(
			callbacks.map((c) => [c.event, c.status, c.url]),
			[['PAYOUT.SUCCESS', 200, reconcileUrl]],
		);

		// and the get-payout-status example finds it final
		const lookup = await suite.n8n.executeWorkflow(suite.ids.getPayoutStatus);
		assert.equal(lookup.code, 0, lookup.error ?? lookup.stdout.slice(-2000));
		const [status] = nodeOutput(lookup.output, 'Get Payout by Reference ID');
		assert.deepEqual(
			[status.referenceId, status.status, status.isFinal, status.amount.value, status.inquiryId],
			['INV-2026-0001', 'SUCCESS', true, '150000', inquiry.inquiryId],
		);
		assert.ok((await requests('getPayout')).some((r) => r.path === '/v1/payouts/INV-2026-0001' && r.query.type === 'single'));
	});

	it('example bulk-payout-from-list: one bulk request; its PAYOUT.DONE callback makes the reconcile example fetch every payout', async () => {
		await control('config', 'POST', { callbackUrl: reconcileUrl });
		const known = await knownIds(suite.ids.reconcile);
		const result = await suite.n8n.executeWorkflow(suite.ids.bulkFromList);
		assert.equal(result.code, 0, result.error ?? result.stdout.slice(-2000));
		const created = nodeOutput(result.output, 'Pay All Rows in One Bulk Request');
		assert.deepEqual(
			created.map((item) => item.referenceId),
			['PAYROLL-2026-11-001', 'PAYROLL-2026-11-002', 'PAYROLL-2026-11-003'],
		);
		const creates = await requests('createPayout');
		assert.equal(creates.length, 1);
		assert.equal((await control('payouts')).length, 3);

		const [execution] = await newExecutions(suite.ids.reconcile, known);
		const [event] = nodeOutput(execution, 'Pivot Trigger');
		assert.equal(event.event, 'PAYOUT.DONE');
		assert.equal(event.scope, 'bulk');
		assert.equal(event.uuid, created[0].requestUuid);
		assert.equal(event.totals.totalSuccessCount, 2);
		assert.equal(event.totals.totalFailedCount, 1);
		assert.match(event.dedupeKey, DEDUPE_KEY);
		const fetched = nodeOutput(execution, 'Get Payouts of the Request');
		assert.deepEqual(
			fetched.map((item) => [item.referenceId, item.status, item.retry]).sort(),
			[
				['PAYROLL-2026-11-001', 'SUCCESS', null],
				['PAYROLL-2026-11-002', 'SUCCESS', null],
				['PAYROLL-2026-11-003', 'FAILED', 'doNotRetry'],
			],
		);
		assert.equal(nodeOutput(execution, 'Single Payout Result'), undefined);
	});

	it('example bulk-payout-from-list with one bad row: the node stops before sending anything', async () => {
		const result = await suite.n8n.executeWorkflow(suite.ids.bulkBadRow);
		assert.notEqual(result.code, 0, 'the workflow with a bad row succeeded');
		assert.match(result.error ?? '', /^Item 2 \(index 1\): Amount .*"1\.500\.000".*Nothing was sent/);
		assert.equal(result.output?.data?.resultData?.lastNodeExecuted, 'Pay All Rows in One Bulk Request');
		const stats = await control('stats');
		assert.equal(stats.perRoute.createPayout, 0, 'a create request reached Pivot');
		assert.equal(stats.payouts, 0);
	});

	it('Pivot Trigger: a missing or wrong X-API-Key gets 401 and starts no execution (sent directly, and by the simulator)', async () => {
		const body = JSON.stringify({
			event: 'PAYOUT.SUCCESS',
			data: {
				uuid: '3f1c9a52-7d4e-4b0a-9c2e-1a2b3c4d5e6f',
				merchantId: suite.sandbox.clientId,
				payouts: { referenceId: 'E2E-FORGED-1', amount: { currency: 'IDR', value: '990000' }, status: 'SUCCESS', reason: null },
			},
		});
		const known = await knownIds(suite.ids.reconcile);
		for (const headers of [{}, { 'X-API-Key': 'forged-key' }, { 'X-API-Key': `${suite.sandbox.callbackApiKey}x` }]) {
			const response = await fetch(reconcileUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
			assert.equal(response.status, 401, `headers ${Object.keys(headers)}`);
			assert.deepEqual(await response.json(), { message: 'Unauthorized' });
		}

		// the simulator's real callback to a trigger whose credential has another key
		await control('config', 'POST', { callbackUrl: triggerUrl(suite.n8n.baseUrl, WRONG_KEY_WEBHOOK_ID), callbackTimeScale: 1 / 600 });
		assertSucceeded(await run('createPerItem', [payoutRow('E2E-WRONGKEY-1')]));
		const [callback] = await waitFor('the callback attempt', async () => {
			const list = await control('callbacks');
			return list.length ? list : undefined;
		});
		assert.equal(callback.status, 401);
		await sleep(1500); // a retry would come after 0.5 s (5 min × 1/600): 401 is final
		assert.equal((await control('callbacks')).length, 1, 'Pivot retried a 401');
		assert.equal((await finishedExecutions(suite.ids.wrongKeyTrigger)).length, 0);
		assert.deepEqual(
			(await finishedExecutions(suite.ids.reconcile)).filter((e) => !known.has(e.id)),
			[],
			'a refused callback started the workflow',
		);
	});

	it('Pivot Trigger in n8n: no Callback API Key → 500 and a failed execution naming it; broken JSON → 422, no execution', async () => {
		const body = JSON.stringify({ event: 'PAYOUT.SUCCESS', data: { uuid: '3f1c9a52-7d4e-4b0a-9c2e-1a2b3c4d5e70', payouts: { referenceId: 'E2E-NOKEY-1', status: 'SUCCESS' } } });
		const noKey = await fetch(triggerUrl(suite.n8n.baseUrl, NO_KEY_WEBHOOK_ID), {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'X-API-Key': suite.sandbox.callbackApiKey },
			body,
		});
		assert.equal(noKey.status, 500, 'Pivot retries a 500, so callbacks arrive once the key is filled in');
		assert.doesNotMatch(await noKey.text(), /E2E-NOKEY-1/);
		const [failed] = await waitFor('the failed execution', async () => {
			const list = await finishedExecutions(suite.ids.noKeyTrigger);
			return list.length ? list : undefined;
		});
		assert.equal(failed.status, 'error');
		const record = await suite.rest.getExecution(failed.id);
		assert.match(JSON.stringify(record.data.resultData.error ?? record.data.resultData.runData), /The Pivot credential has no Callback API Key/);

		const known = await knownIds(suite.ids.reconcile);
		const broken = await fetch(reconcileUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'X-API-Key': suite.sandbox.callbackApiKey },
			body: '{"event":',
		});
		assert.equal(broken.status, 422);
		await sleep(500);
		assert.equal((await finishedExecutions(suite.ids.reconcile)).filter((e) => !known.has(e.id)).length, 0);
	});

	it("a lost answer: the simulator redelivers, the redelivery has the same dedupeKey, and the example's Remove Duplicates drops it", async () => {
		const viaGateway = triggerUrl(suite.gateway.url, reconcileWebhookId);
		// retries after 5 min × 1/300 = 1 s
		await control('config', 'POST', { callbackUrl: viaGateway, callbackTimeScale: 1 / 300 });
		suite.gateway.failNext('loseAnswer');
		const known = await knownIds(suite.ids.reconcile);
		const [paid] = assertSucceeded(await run('createPerItem', [payoutRow('E2E-REDELIVER-1')]));

		const attempts = await waitFor('the redelivery', async () => {
			const list = await control('callbacks');
			return list.some((c) => c.status === 200) ? list : undefined;
		});
		assert.deepEqual(
			attempts.map((c) => [c.attempt, c.status]),
			[
				[1, 502],
				[2, 200],
			],
		);
		assert.equal(attempts[0].deliveryId, attempts[1].deliveryId);
		assert.deepEqual(attempts[0].body, attempts[1].body);
		assert.deepEqual(
			suite.gateway.log.map((entry) => [entry.kind, entry.upstreamStatus, entry.answered]),
			[
				['loseAnswer', 200, 502],
				['pass', 200, 200],
			],
		);

		const [first, second] = await newExecutions(suite.ids.reconcile, known, 2);
		const [event1] = nodeOutput(first, 'Pivot Trigger');
		const [event2] = nodeOutput(second, 'Pivot Trigger');
		assert.equal(event1.referenceId, 'E2E-REDELIVER-1');
		assert.equal(event1.uuid, paid.requestUuid);
		assert.match(event1.dedupeKey, DEDUPE_KEY);
		assert.equal(event2.dedupeKey, event1.dedupeKey);
		assert.deepEqual(event2, event1);
		assert.equal(nodeOutput(first, 'Drop Redeliveries').length, 1);
		assert.equal(nodeOutput(second, 'Drop Redeliveries').length, 0, 'the redelivery was not dropped');
		assert.equal(nodeOutput(second, 'Single Payout Result'), undefined);
	});

	it('n8n unreachable for the first delivery: the simulator redelivers and the workflow runs once', async () => {
		const viaGateway = triggerUrl(suite.gateway.url, reconcileWebhookId);
		await control('config', 'POST', { callbackUrl: viaGateway, callbackTimeScale: 1 / 300 });
		suite.gateway.failNext('down');
		const known = await knownIds(suite.ids.reconcile);
		assertSucceeded(await run('createPerItem', [payoutRow('E2E-DOWN-1')]));
		const attempts = await waitFor('the redelivery', async () => {
			const list = await control('callbacks');
			return list.some((c) => c.status === 200) ? list : undefined;
		});
		assert.equal(attempts.length, 2);
		assert.equal(attempts[0].status, undefined);
		assert.match(attempts[0].error, /ECONNRESET|socket hang up/i);
		assert.equal(attempts[1].status, 200);
		const [execution] = await newExecutions(suite.ids.reconcile, known);
		assert.equal(nodeOutput(execution, 'Pivot Trigger')[0].referenceId, 'E2E-DOWN-1');
		await sleep(500);
		assert.equal((await finishedExecutions(suite.ids.reconcile)).filter((e) => !known.has(e.id)).length, 1);
	});

	noSecretsLeakedTest(suite);
});
