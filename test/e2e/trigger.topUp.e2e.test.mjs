// Pivot's Top Up Callback (MERCHANT-TOP-UP.SUCCESS) and events this version does not know, on
// Pivot Trigger production URLs inside a real n8n 2.41.1: the top-up-alert example (top-ups
// selected) runs on an authentic top-up; a workflow saved before top-ups existed (no Events
// stored: the old default) and one with none selected answer it 200 and run nothing; an unknown
// event is answered 200 and runs nothing unless Emit Unknown Events is on; a forged top-up is 401.
// The callbacks are sent here with the credential's Callback API Key, as Pivot sends them.
//
//   npm run build && node --test test/e2e/trigger.topUp.e2e.test.mjs
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { nodeOutput } from '../../scripts/lib/n8n.mjs';
import { pivotTriggerNode, workflow } from '../support/workflows.mjs';
import { DEDUPE_KEY, pivotSuite } from './lib/suite.mjs';
import { example, triggerUrl, triggerWebhookId } from './lib/workflows.mjs';

const OLD_DEFAULT_WEBHOOK_ID = '6e1f0c2a-3b4d-4e5f-8a9b-0c1d2e3f4a01';
const NONE_SELECTED_WEBHOOK_ID = '6e1f0c2a-3b4d-4e5f-8a9b-0c1d2e3f4a02';
const EMIT_UNKNOWN_WEBHOOK_ID = '6e1f0c2a-3b4d-4e5f-8a9b-0c1d2e3f4a03';
const TOP_UP = 'MERCHANT-TOP-UP.SUCCESS';

/** A Pivot Trigger with the given parameters (pivotTriggerNode stores only `options: {}`, as the old default saves). */
function triggerWith(webhookId, parameters) {
	const trigger = pivotTriggerNode(webhookId);
	trigger.parameters = { ...trigger.parameters, ...parameters };
	return trigger;
}

function topUpBody(merchantId, overrides = {}) {
	return {
		event: TOP_UP,
		data: {
			merchantId,
			merchantName: 'PT Contoh Usaha',
			accountName: 'DISBURSEMENT',
			amount: { currency: 'IDR', value: '1500000' },
			balanceBefore: { currency: 'IDR', value: '250000' },
			balanceAfter: { currency: 'IDR', value: '1750000' },
			paymentMethod: { type: 'VIRTUAL_ACCOUNT' },
			paymentMethodOptions: { virtualAccount: { channel: 'BRI', virtualAccountNumber: '8878001234567890', virtualAccountName: 'PT Contoh Usaha' } },
			transactionTime: '2026-03-02T10:15:00+07:00',
			...overrides,
		},
	};
}

describe('top-up callbacks and unknown events on the Pivot Trigger in a real n8n', () => {
	const alert = example('top-up-alert');
	const suite = pivotSuite({
		workflows: {
			alert,
			// what n8n stored for a trigger saved with the old default: no `events` key at all
			oldDefault: workflow('E2E: trigger saved with the old default', [pivotTriggerNode(OLD_DEFAULT_WEBHOOK_ID)]),
			noneSelected: workflow('E2E: trigger with no event selected', [triggerWith(NONE_SELECTED_WEBHOOK_ID, { events: [] })]),
			emitUnknown: workflow('E2E: trigger emitting unknown events', [
				triggerWith(EMIT_UNKNOWN_WEBHOOK_ID, { options: { emitUnknownEvents: true } }),
			]),
		},
		activate: ['alert', 'oldDefault', 'noneSelected', 'emitUnknown'],
	});
	const { knownIds, newExecutions, finishedExecutions } = suite;
	let urls;
	before(() => {
		urls = {
			alert: triggerUrl(suite.n8n.baseUrl, triggerWebhookId(alert)),
			oldDefault: triggerUrl(suite.n8n.baseUrl, OLD_DEFAULT_WEBHOOK_ID),
			noneSelected: triggerUrl(suite.n8n.baseUrl, NONE_SELECTED_WEBHOOK_ID),
			emitUnknown: triggerUrl(suite.n8n.baseUrl, EMIT_UNKNOWN_WEBHOOK_ID),
		};
	});

	/** POSTs a body as Pivot does (its Callback API Key unless `key` says otherwise); → { status, body }. */
	async function post(url, body, { key = suite.sandbox.callbackApiKey } = {}) {
		const headers = { 'content-type': 'application/JSON', accept: 'application/JSON', ...(key === null ? {} : { 'X-API-Key': key }) };
		const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
		const text = await response.text();
		let parsed = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			// keep text
		}
		return { status: response.status, body: parsed };
	}

	/** No execution of these workflows appeared after `known` (one would be recorded at once). */
	async function assertNoNewExecution(keys, known) {
		await sleep(1500);
		for (const key of keys) {
			const fresh = (await finishedExecutions(suite.ids[key])).filter((e) => !known[key].has(e.id));
			assert.deepEqual(fresh, [], `${key} started an execution`);
		}
	}

	const snapshot = async (keys) => Object.fromEntries(await Promise.all(keys.map(async (key) => [key, await knownIds(suite.ids[key])])));

	it('the top-up-alert example runs on an authentic top-up: the item, the alert text, the disabled e-mail passing it through', async () => {
		const known = await knownIds(suite.ids.alert);
		assert.equal((await post(urls.alert, topUpBody(suite.sandbox.clientId))).status, 200);
		const [execution] = await newExecutions(suite.ids.alert, known);
		assert.deepEqual([execution.status, execution.mode], ['success', 'webhook']);
		const [item] = nodeOutput(execution, 'Pivot Trigger');
		assert.deepEqual(
			{ ...item, dedupeKey: undefined },
			{
				event: TOP_UP,
				scope: 'topUp',
				merchantId: suite.sandbox.clientId,
				merchantName: 'PT Contoh Usaha',
				accountName: 'DISBURSEMENT',
				amount: { value: '1500000', number: 1500000, currency: 'IDR' },
				balanceBefore: { value: '250000', number: 250000, currency: 'IDR' },
				balanceAfter: { value: '1750000', number: 1750000, currency: 'IDR' },
				paymentMethod: 'VIRTUAL_ACCOUNT',
				channel: 'BRI',
				virtualAccountNumber: '8878001234567890',
				virtualAccountName: 'PT Contoh Usaha',
				transactionTime: '2026-03-02T10:15:00+07:00',
				dedupeKey: undefined,
			},
		);
		assert.match(item.dedupeKey, DEDUPE_KEY);
		const [alertItem] = nodeOutput(execution, 'Write the Alert');
		assert.equal(alertItem.subject, 'Pivot balance topped up: Rp 1.500.000');
		assert.match(alertItem.message, /topped up by Rp 1\.500\.000 through the BRI virtual account 8878001234567890/);
		assert.match(alertItem.message, /Balance before: Rp 250\.000\nBalance after: Rp 1\.750\.000/);
		assert.equal(alertItem.dedupeKey, item.dedupeKey);
		// n8n passes a disabled node's input through unchanged: nothing was sent (a send outputs the SMTP answer)
		assert.deepEqual(nodeOutput(execution, 'Send the Alert by E-mail'), [alertItem], 'the disabled e-mail node did something');
	});

	it('a redelivered top-up runs again with the same dedupeKey; the next top-up has another', async () => {
		const known = await knownIds(suite.ids.alert);
		const body = topUpBody(suite.sandbox.clientId);
		const next = topUpBody(suite.sandbox.clientId, {
			balanceBefore: { currency: 'IDR', value: '1750000' },
			balanceAfter: { currency: 'IDR', value: '3250000' },
		});
		for (const b of [body, body, next]) assert.equal((await post(urls.alert, b)).status, 200);
		const runs = await newExecutions(suite.ids.alert, known, 3);
		const keys = runs.map((run) => nodeOutput(run, 'Pivot Trigger')[0].dedupeKey);
		// sent one after the other, so the execution ids are in that order
		assert.equal(keys[1], keys[0], 'a redelivery got another dedupeKey');
		assert.notEqual(keys[2], keys[0], 'the next top-up got the same dedupeKey');
	});

	it('a workflow saved with the old default, and one with no event selected: a top-up gets 200 and runs nothing', async () => {
		const known = await snapshot(['oldDefault', 'noneSelected']);
		for (const key of ['oldDefault', 'noneSelected']) {
			assert.deepEqual(await post(urls[key], topUpBody(suite.sandbox.clientId)), { status: 200, body: { message: 'OK: event not selected' } }, key);
		}
		await assertNoNewExecution(['oldDefault', 'noneSelected'], known);

		// control: the same workflows do run on a payout event
		const payout = {
			event: 'PAYOUT.SUCCESS',
			data: {
				uuid: '3f1c9a52-7d4e-4b0a-9c2e-1a2b3c4d5e99',
				merchantId: suite.sandbox.clientId,
				payouts: { referenceId: 'E2E-TOPUP-CONTROL', amount: { currency: 'IDR', value: '100000' }, status: 'SUCCESS', reason: null },
			},
		};
		for (const key of ['oldDefault', 'noneSelected']) {
			assert.equal((await post(urls[key], payout)).status, 200);
			const [run] = await newExecutions(suite.ids[key], known[key]);
			assert.equal(nodeOutput(run, 'Pivot Trigger')[0].referenceId, 'E2E-TOPUP-CONTROL');
		}
	});

	it('the top-up example answers a payout event 200 and runs nothing (it listens to top-ups only)', async () => {
		const known = await snapshot(['alert']);
		const payout = { event: 'PAYOUT.DONE', data: { uuid: '3f1c9a52-7d4e-4b0a-9c2e-1a2b3c4d5e98', status: 'DONE', payoutResults: {} } };
		assert.deepEqual(await post(urls.alert, payout), { status: 200, body: { message: 'OK: event not selected' } });
		await assertNoNewExecution(['alert'], known);
	});

	it('an unknown event gets 200 and runs nothing; with Emit Unknown Events it runs with the body as received', async () => {
		const unknown = { event: 'PAYMENT.SUCCESS', data: { id: 'pay-e2e-1', merchantId: suite.sandbox.clientId, amount: { value: '5000', currency: 'IDR' } } };
		const known = await snapshot(['alert', 'oldDefault', 'noneSelected', 'emitUnknown']);
		for (const key of ['alert', 'oldDefault', 'noneSelected']) {
			assert.deepEqual(await post(urls[key], unknown), { status: 200, body: { message: 'OK: event not handled' } }, key);
			assert.deepEqual(await post(urls[key], { event: 'SOMETHING.NEW' }), { status: 200, body: { message: 'OK: event not handled' } }, key);
		}
		await assertNoNewExecution(['alert', 'oldDefault', 'noneSelected'], known);

		assert.equal((await post(urls.emitUnknown, unknown)).status, 200);
		const [run] = await newExecutions(suite.ids.emitUnknown, known.emitUnknown);
		const [item] = nodeOutput(run, 'Pivot Trigger');
		assert.deepEqual({ ...item, dedupeKey: undefined }, { event: 'PAYMENT.SUCCESS', scope: 'unknown', merchantId: suite.sandbox.clientId, body: unknown, dedupeKey: undefined });
		assert.match(item.dedupeKey, DEDUPE_KEY);
	});

	it('a forged top-up (no key, a wrong key) gets 401 everywhere and runs nothing', async () => {
		const keys = ['alert', 'oldDefault', 'noneSelected', 'emitUnknown'];
		const known = await snapshot(keys);
		for (const key of keys) {
			for (const forged of [null, 'forged-key', `${suite.sandbox.callbackApiKey}x`]) {
				assert.deepEqual(await post(urls[key], topUpBody(suite.sandbox.clientId), { key: forged }), { status: 401, body: { message: 'Unauthorized' } });
			}
		}
		await assertNoNewExecution(keys, known);
	});
});
