// The Pivot nodes inside a real n8n 2.41.1, against the Pivot simulator (test/sandbox/cli.js).
//
//   npm run build && node --test test/e2e/pivot.e2e.test.mjs
//
// One n8n and one simulator are shared by all tests (the simulator is reset before each test).
// Operations run through small webhook workflows on the running server (one HTTP call each,
// see lib/workflows.mjs); the example workflows run with `n8n execute`, as a user's manual run.
// What each test asserts is checked at the simulator (its inspection API: requests, payouts,
// callbacks) and in n8n's own execution data (REST), never only in what a node says.
//
// Between n8n and the simulator sits a pass-through "token tap" (lib/proxy.mjs) that records
// every access token the simulator issues, so the last test can check that no token, client
// secret or callback key appears in execution data or logs. Between the simulator's callbacks
// and n8n sits, for the redelivery tests only, a gateway that can lose an answer or reset a
// connection (a network fault: the Pivot Trigger answers on receipt, so a failed answer has to
// be made on the way back).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';

import {
	createN8n,
	ensureN8n,
	nodeOutput,
	RestClient,
	stagePackage,
	startSandbox,
} from '../../scripts/lib/n8n.mjs';
import { startGateway, startTokenTap } from './lib/proxy.mjs';
import { concurrentCreatesUnderFaults, rateLimitedInquiries } from './lib/concurrency.mjs';
import { example, suiteWorkflows, triggerUrl, triggerWebhookId } from './lib/workflows.mjs';
import { payoutRowMaker, simulatorCredentialData, TOKEN_SHARING_WINDOW_MS, waitFor } from '../support/pivot.mjs';
import { pivotTriggerNode, workflow } from '../support/workflows.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const WRONG_KEY_WEBHOOK_ID = '0b6f2d4e-9a1c-4c3e-8f5a-7d2e1c0b9a01';
const NO_KEY_WEBHOOK_ID = '5d0c3b2a-1f4e-4a6b-9c8d-7e6f5a4b3c21';
const DEDUPE_KEY = /^[0-9a-f]{32}$/;


describe('Pivot nodes in a real n8n against the simulator', () => {
	let sandbox;
	let tap;
	let gateway;
	let n8n;
	let rest;
	const ids = {}; // workflow ids by key
	const slugs = {}; // webhook path by key
	let reconcileUrl;
	let reconcileWebhookId;

	const control = (...args) => sandbox.control(...args);
	const requests = async (route) => (await control('requests')).filter((r) => !route || r.route === route);

	/** Executions of a workflow that finished, newest first (without data). */
	async function finishedExecutions(workflowId) {
		return (await rest.listExecutions({ workflowId })).filter((e) => !['new', 'running', 'waiting'].includes(e.status));
	}

	/** Waits until the workflow has `count` more finished executions than `known`; returns the new ones with data, oldest first. */
	async function newExecutions(workflowId, known, count = 1, timeoutMs = 15_000) {
		const fresh = await waitFor(
			`${count} new execution(s) of ${workflowId}`,
			async () => {
				const list = (await finishedExecutions(workflowId)).filter((e) => !known.has(e.id));
				return list.length >= count ? list : undefined;
			},
			{ timeoutMs },
		);
		const withData = await Promise.all(fresh.map((e) => rest.getExecution(e.id)));
		return withData.sort((a, b) => Number(a.id) - Number(b.id));
	}

	const knownIds = async (workflowId) => new Set((await rest.listExecutions({ workflowId })).map((e) => e.id));

	/**
	 * Runs a webhook workflow: POST { rows } and returns { status, items (the answer), execution }.
	 */
	async function run(key, rows) {
		const known = await knownIds(ids[key]);
		const response = await fetch(`${n8n.baseUrl}/webhook/${slugs[key]}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ rows }),
		});
		const text = await response.text();
		let items;
		try {
			items = JSON.parse(text);
		} catch {
			items = text;
		}
		const [execution] = await newExecutions(ids[key], known, 1, 60_000);
		return { status: response.status, items, execution };
	}

	function assertSucceeded(result, nodeName = 'Pivot') {
		assert.equal(
			result.execution.status,
			'success',
			`execution ${result.execution.id} ${result.execution.status}: ${JSON.stringify(result.execution.data?.resultData?.error?.message)}`,
		);
		assert.equal(result.status, 200, JSON.stringify(result.items).slice(0, 500));
		const output = nodeOutput(result.execution, nodeName);
		assert.ok(Array.isArray(output), `${nodeName} has no output`);
		for (const item of output) assert.equal(item.error, undefined, `failed item: ${JSON.stringify(item)}`);
		return output;
	}

	const payoutRow = payoutRowMaker('E2E payout');

	before(async () => {
		ensureN8n();
		const ext = await stagePackage();
		n8n = await createN8n({ customExtensionsDir: ext });
		sandbox = await startSandbox();
		tap = await startTokenTap(sandbox.url);
		gateway = await startGateway(n8n.baseUrl);

		const data = simulatorCredentialData(sandbox, { baseUrl: tap.url });
		await n8n.importCredentials([
			{ name: 'Pivot account', type: 'pivotApi', data },
			{ name: 'Pivot token test', type: 'pivotApi', data },
			{ name: 'Pivot wrong callback key', type: 'pivotApi', data: { ...data, callbackApiKey: 'not-the-callback-api-key-0123456789' } },
			{ name: 'Pivot no callback key', type: 'pivotApi', data: { ...data, callbackApiKey: '' } },
		]);

		const { workflows, wrongKeyTrigger } = suiteWorkflows({
			tokenCredential: 'Pivot token test',
			wrongKeyCredential: 'Pivot wrong callback key',
			wrongKeyWebhookId: WRONG_KEY_WEBHOOK_ID,
		});
		// The same trigger on a credential whose Callback API Key was never filled in.
		const noKeyTrigger = workflow('E2E: trigger whose credential has no Callback API Key', [
			pivotTriggerNode(NO_KEY_WEBHOOK_ID, { credential: 'Pivot no callback key' }),
		]);
		const reconcile = example('reconcile-callbacks');
		reconcileWebhookId = triggerWebhookId(reconcile);
		const badBulk = example('bulk-payout-from-list');
		badBulk.name += ' (one bad row)';
		const list = badBulk.nodes.find((node) => node.name === 'Payout List');
		const badJson = list.parameters.jsonOutput.replace('"amount": 175000', '"amount": "1.500.000"');
		assert.notEqual(badJson, list.parameters.jsonOutput, 'the bulk example no longer has row 2 with amount 175000');
		list.parameters.jsonOutput = badJson;

		const entries = [
			['validateAndPayOne', example('validate-and-pay-one')],
			['getPayoutStatus', example('get-payout-status')],
			['bulkFromList', example('bulk-payout-from-list')],
			['bulkBadRow', badBulk],
			['reconcile', reconcile],
			['wrongKeyTrigger', wrongKeyTrigger],
			['noKeyTrigger', noKeyTrigger],
			...Object.entries(workflows),
		];
		const imported = await n8n.importWorkflow(entries.map(([, wf]) => wf));
		entries.forEach(([key, wf], i) => {
			ids[key] = imported[i].id;
			const hook = wf.nodes.find((node) => node.type === 'n8n-nodes-base.webhook');
			if (hook) slugs[key] = hook.parameters.path;
		});
		await n8n.start();
		rest = await new RestClient(n8n.baseUrl).ownerSession();
		const toActivate = ['reconcile', 'wrongKeyTrigger', 'noKeyTrigger', ...Object.keys(workflows)];
		await Promise.all(toActivate.map((key) => rest.activateWorkflow(ids[key])));
		reconcileUrl = triggerUrl(n8n.baseUrl, reconcileWebhookId);
	});

	beforeEach(async () => {
		await control('reset', 'POST');
		await control('config', 'POST', { callbackUrl: '', tokenLifetimeSeconds: 900, processingDelayMs: 300, callbackTimeScale: 1 });
		gateway.clear();
	});

	// What the simulator recorded in each test (its logs are reset before the next one), for the secrets check.
	let tokensIssuedBefore = 0;
	const simulatorRecords = [];
	afterEach(async () => {
		if (!sandbox) return;
		const stats = await control('stats');
		tokensIssuedBefore += stats.tokensIssued;
		simulatorRecords.push(JSON.stringify({ requests: await control('requests'), callbacks: await control('callbacks') }));
	});

	after(async () => {
		await n8n?.stop();
		await gateway?.stop();
		await tap?.stop();
		await sandbox?.stop();
	});

	// ---------------------------------------------------------------------------------------
	// Every operation of the Pivot node
	// ---------------------------------------------------------------------------------------
	it('Balance → Get returns the balance; Require at Least fails the item that asks for more', async () => {
		const result = await run('balance', [{ requireAtLeast: '150000' }, { requireAtLeast: '5000000000' }]);
		assert.equal(result.execution.status, 'success');
		const [enough, short] = nodeOutput(result.execution, 'Pivot');
		assert.deepEqual(enough, {
			currency: 'IDR',
			value: '1000000000.00',
			amount: 1_000_000_000,
			requiredAtLeast: 150000,
			sufficient: true,
		});
		assert.match(short.error, /Insufficient Pivot balance: Rp 1,000,000,000 available, Rp 5,000,000,000 required/);
		const balanceCalls = await requests('balance');
		assert.equal(balanceCalls.length, 2);
		assert.ok(balanceCalls.every((r) => r.status === 200 && r.query.currency === 'IDR'));
	});

	it('Account Inquiry → Validate (VALID, WARNING, INVALID passed on, PENDING waited for) and → Get', async () => {
		const rows = [
			{ channelCode: 'BCA', accountNumber: '999966660001', accountName: 'Dummy Simulation' },
			{ channelCode: 'BNI', accountNumber: '90016666001', accountName: 'Budi Santoso' },
			{ channelCode: 'BRI', accountNumber: '123456789012', accountName: 'Nobody Here' },
			{ channelCode: 'MANDIRI', accountNumber: '999966669999', accountName: 'Dummy Simulation' },
		];
		const result = await run('validate', rows);
		const [valid, warning, invalid, pending] = assertSucceeded(result);
		assert.equal(valid.status, 'VALID');
		assert.equal(valid.nameMatches, true);
		assert.match(valid.inquiryId, /^[0-9a-f-]{36}$/);
		assert.deepEqual([valid.channelCode, valid.accountNumber, valid.accountName], ['BCA', '999966660001', 'Dummy Simulation']);
		assert.equal(warning.status, 'WARNING');
		assert.equal(warning.nameMatches, false);
		assert.equal(warning.bankRecordName, 'Sdr. Dummy Account Success');
		assert.equal(invalid.status, 'INVALID');
		assert.equal(pending.status, 'VALID', 'the PENDING inquiry was not waited for');

		const inquiryCalls = await requests('inquiry');
		assert.equal(inquiryCalls.filter((r) => r.method === 'POST').length, 4);
		const polls = inquiryCalls.filter((r) => r.method === 'GET');
		assert.ok(polls.length >= 1, 'no GET /v1/inquiry-account/{id} while PENDING');
		assert.ok(polls.every((r) => r.path === `/v1/inquiry-account/${pending.inquiryId}`));

		const got = await run('inquiryGet', [{ inquiryId: valid.inquiryId }, { inquiryId: warning.inquiryId }]);
		const [validAgain, warningAgain] = assertSucceeded(got);
		assert.deepEqual([validAgain.inquiryId, validAgain.status], [valid.inquiryId, 'VALID']);
		assert.deepEqual([warningAgain.inquiryId, warningAgain.status], [warning.inquiryId, 'WARNING']);
		assert.equal(warningAgain.bankRecordName, 'Sdr. Dummy Account Success');
	});

	it('Payout → Create, one request per item: by Inquiry ID and by Channel', async () => {
		const validated = assertSucceeded(
			await run('validate', [{ channelCode: 'BCA', accountNumber: '999966660001', accountName: 'Dummy Simulation' }]),
		);
		const inquiryId = validated[0].inquiryId;
		const [byInquiry] = assertSucceeded(
			await run('createByInquiry', [{ inquiryId, amount: 150000, referenceId: 'E2E-INQ-1', description: 'By inquiry' }]),
		);
		assert.equal(byInquiry.referenceId, 'E2E-INQ-1');
		assert.equal(byInquiry.inquiryId, inquiryId);
		assert.equal(byInquiry.requestStatus, 'IN_PROGRESS');
		assert.deepEqual(byInquiry.amount, { value: '150000', number: 150000, currency: 'IDR' });
		assert.match(byInquiry.requestId, /^[0-9a-f]{32}$/);

		const byChannel = assertSucceeded(
			await run('createPerItem', [
				payoutRow('E2E-CH-1'),
				payoutRow('E2E-CH-2', { channelCode: 'GOPAY', accountNumber: '+6281299990001', accountName: 'Siti Rahma', amount: 20000 }),
			]),
		);
		assert.deepEqual(
			byChannel.map((item) => item.referenceId),
			['E2E-CH-1', 'E2E-CH-2'],
		);
		assert.notEqual(byChannel[0].requestUuid, byChannel[1].requestUuid, 'per item means one request each');

		const creates = await requests('createPayout');
		assert.equal(creates.length, 3);
		assert.ok(creates.every((r) => r.status === 200 && !r.replay));
		assert.equal(new Set(creates.map((r) => r.xRequestId)).size, 3);
		const payouts = await control('payouts');
		const byRef = Object.fromEntries(payouts.map((p) => [p.referenceId, p]));
		assert.deepEqual(Object.keys(byRef).sort(), ['E2E-CH-1', 'E2E-CH-2', 'E2E-INQ-1']);
		assert.equal(byRef['E2E-INQ-1'].inquiryId, inquiryId);
		assert.equal(byRef['E2E-INQ-1'].amount, '150000');
		assert.equal(byRef['E2E-INQ-1'].requestUuid, byInquiry.requestUuid);
		assert.deepEqual(
			[byRef['E2E-CH-2'].channelCode, byRef['E2E-CH-2'].accountNumber, byRef['E2E-CH-2'].accountName, byRef['E2E-CH-2'].amount],
			['GOPAY', '+6281299990001', 'Siti Rahma', '20000'],
		);
	});

	it('Payout → Create in bulk, then Payout → Get by Request UUID (Return All / Limit), by UUID and Reference ID, by Reference ID', async () => {
		const rows = [
			payoutRow('E2E-GET-1'),
			payoutRow('E2E-GET-2', { channelCode: 'MANDIRI', accountNumber: '999966660004', amount: 60000 }),
			payoutRow('E2E-GET-3', { channelCode: 'BRI', accountNumber: '999966660002', amount: 70000 }), // inactive: FAILED later
		];
		const created = assertSucceeded(await run('createBulk', rows));
		assert.deepEqual(
			created.map((item) => item.referenceId),
			rows.map((row) => row.referenceId),
		);
		const uuid = created[0].requestUuid;
		assert.ok(created.every((item) => item.requestUuid === uuid), 'bulk means one request');
		assert.equal((await requests('createPayout')).length, 1);
		await waitFor('the payouts to settle', async () => (await control('stats')).settled);

		const all = assertSucceeded(await run('getByUuid', [{ uuid }]));
		assert.deepEqual(
			all.map((item) => [item.referenceId, item.status, item.isFinal]).sort(),
			[
				['E2E-GET-1', 'SUCCESS', true],
				['E2E-GET-2', 'SUCCESS', true],
				['E2E-GET-3', 'FAILED', true],
			],
		);
		const failed = all.find((item) => item.status === 'FAILED');
		assert.equal(failed.reason, 'Inactive account');
		assert.equal(failed.retry, 'doNotRetry');
		assert.ok(all.every((item) => item.requestUuid === uuid && item.requestStatus === 'DONE'));
		assert.equal(all[0].totals.totalSuccessCount, 2);
		assert.equal(all[0].totals.totalFailedCount, 1);

		const limited = assertSucceeded(await run('getByUuidLimit', [{ uuid }]));
		assert.equal(limited.length, 2);

		const [one] = assertSucceeded(await run('getByUuidAndReference', [{ uuid, referenceId: 'E2E-GET-2' }]));
		assert.deepEqual(
			[one.referenceId, one.status, one.channelCode, one.accountNumber, one.amount.value],
			['E2E-GET-2', 'SUCCESS', 'MANDIRI', '999966660004', '60000'],
		);

		const byRef = assertSucceeded(await run('getByReference', [{ referenceId: 'E2E-GET-3' }]));
		assert.equal(byRef.length, 1);
		assert.deepEqual([byRef[0].referenceId, byRef[0].status, byRef[0].reason], ['E2E-GET-3', 'FAILED', 'Inactive account']);

		const gets = await requests('getPayout');
		assert.ok(gets.some((r) => r.path === `/v1/payouts/${uuid}` && r.query.referenceId === 'E2E-GET-2'));
		assert.ok(gets.some((r) => r.path === '/v1/payouts/E2E-GET-3' && r.query.type === 'single'));
	});

	it('bulk of 2,500 items: 3 create requests (1000 + 1000 + 500), 2,500 payouts, results paired to their items', async () => {
		const rows = Array.from({ length: 2500 }, (_, i) =>
			payoutRow(`E2E-BULK-${String(i).padStart(4, '0')}`, { amount: 10000 + i, description: `Row ${i}` }),
		);
		const result = await run('createBulk', rows);
		const output = assertSucceeded(result);
		assert.equal(output.length, 2500);
		output.forEach((item, i) => {
			assert.equal(item.referenceId, rows[i].referenceId, `item ${i} is not paired to its row`);
			assert.equal(item.amount.value, String(rows[i].amount));
		});

		const creates = await requests('createPayout');
		assert.equal(creates.length, 3);
		assert.ok(creates.every((r) => r.status === 200));
		const payouts = await control('payouts');
		assert.equal(payouts.length, 2500);
		assert.equal(new Set(payouts.map((p) => p.referenceId)).size, 2500);
		const sizes = {};
		for (const p of payouts) sizes[p.requestUuid] = (sizes[p.requestUuid] ?? 0) + 1;
		assert.deepEqual(Object.values(sizes).sort((a, b) => a - b), [500, 1000, 1000]);
		for (const item of output) {
			const stored = payouts.find((p) => p.referenceId === item.referenceId);
			assert.equal(stored.requestUuid, item.requestUuid);
		}

		// Return All pages through a 1000-payout request, 100 per page
		await waitFor('the payouts to settle', async () => (await control('stats')).settled, { timeoutMs: 30_000 });
		const firstUuid = output[0].requestUuid;
		const all = assertSucceeded(await run('getByUuid', [{ uuid: firstUuid }]));
		assert.equal(all.length, 1000);
		assert.equal(new Set(all.map((item) => item.referenceId)).size, 1000);
		assert.ok(all.every((item) => item.status === 'SUCCESS'));
		const pages = (await requests('getPayout')).filter((r) => r.path === `/v1/payouts/${firstUuid}`);
		assert.deepEqual(
			pages.map((r) => Number(r.query.page)),
			[1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
		);
	});

	// ---------------------------------------------------------------------------------------
	// Faults and tokens
	// ---------------------------------------------------------------------------------------
	it('commit-then-drop on create (Retry On Fail on): the node finds the committed payout; exactly one payout per reference', async () => {
		await control('faults', 'POST', { route: 'createPayout', kind: 'dropAfterCommit', count: 1 });
		const rows = [payoutRow('E2E-DROP-1'), payoutRow('E2E-DROP-2'), payoutRow('E2E-DROP-3')];
		const output = assertSucceeded(await run('createSelfRecover', rows));
		assert.deepEqual(
			output.map((item) => [item.referenceId, item.recovered]),
			[
				['E2E-DROP-1', true],
				['E2E-DROP-2', false],
				['E2E-DROP-3', false],
			],
		);
		const payouts = await control('payouts');
		const perReference = {};
		for (const p of payouts) perReference[p.referenceId] = (perReference[p.referenceId] ?? 0) + 1;
		assert.deepEqual(perReference, { 'E2E-DROP-1': 1, 'E2E-DROP-2': 1, 'E2E-DROP-3': 1 });
		assert.equal(output[0].requestUuid, payouts.find((p) => p.referenceId === 'E2E-DROP-1').requestUuid);

		const creates = await requests('createPayout');
		const dropped = creates.filter((r) => r.dropped);
		assert.equal(dropped.length, 1, 'the fault did not fire');
		assert.equal(dropped[0].fault, 'dropAfterCommit');
		const sameKey = creates.filter((r) => r.xRequestId === dropped[0].xRequestId);
		assert.equal(sameKey.length, 2, 'the dropped request was not resent with the same X-REQUEST-ID');
		assert.equal(sameKey[1].replay, true, 'the resend was not answered as a replay');
		assert.ok((await requests('getPayout')).some((r) => r.path === '/v1/payouts/E2E-DROP-1' && r.query.type === 'single'));
	});

	it("commit-then-drop while the look-up fails too: n8n's Retry On Fail re-runs the node, Pivot replays; exactly one payout per reference", async () => {
		await control('faults', 'POST', { route: 'createPayout', kind: 'dropAfterCommit', count: 1 });
		await control('faults', 'POST', { route: 'getPayout', kind: 'status', status: 503, count: 1 });
		const rows = [payoutRow('E2E-RETRY-1'), payoutRow('E2E-RETRY-2')];
		const output = assertSucceeded(await run('createRetryOnFail', rows));
		assert.deepEqual(
			output.map((item) => item.referenceId),
			['E2E-RETRY-1', 'E2E-RETRY-2'],
		);

		const payouts = await control('payouts');
		const perReference = {};
		for (const p of payouts) perReference[p.referenceId] = (perReference[p.referenceId] ?? 0) + 1;
		assert.deepEqual(perReference, { 'E2E-RETRY-1': 1, 'E2E-RETRY-2': 1 });

		const log = await control('requests');
		const creates = log.filter((r) => r.route === 'createPayout');
		const dropped = creates.find((r) => r.dropped);
		assert.ok(dropped, 'the fault did not fire');
		const lookup = log.find((r) => r.route === 'getPayout' && r.status === 503);
		assert.ok(lookup, 'the look-up fault did not fire');
		const resend = creates.find((r) => r.id > dropped.id && r.xRequestId === dropped.xRequestId);
		assert.ok(resend, 'no resend with the same X-REQUEST-ID');
		assert.equal(resend.replay, true);
		// the resend came from n8n's Retry On Fail (Wait Between Tries 1000 ms), not from the node itself
		const gap = Date.parse(resend.at) - Date.parse(lookup.at);
		assert.ok(gap >= 900, `resend ${gap} ms after the failed look-up: not n8n's Retry On Fail`);
		assert.equal(output[0].requestUuid, payouts.find((p) => p.referenceId === 'E2E-RETRY-1').requestUuid);
	});

	it('Concurrent Requests 8: 50 per-item creates under faults (drop after commit, 500, failing look-up), Retry On Fail: one payout per reference, order and pairing kept', async () => {
		await concurrentCreatesUnderFaults({ run, control, payoutRow });
	});

	it('Concurrent Requests 8: a 429 with Retry-After pauses every request of the run; all inquiries succeed', async () => {
		await rateLimitedInquiries({ run, control });
	});

	it('access tokens that live 2 s, with 2.1 s waits between the Pivot nodes: refreshed when refused, no failed item', async () => {
		await control('config', 'POST', { tokenLifetimeSeconds: 2 });
		// so that this credential's first token is its own, issued under the 2 s lifetime
		await sleep(TOKEN_SHARING_WINDOW_MS);
		const rows = [payoutRow('E2E-TOKEN-1'), payoutRow('E2E-TOKEN-2'), payoutRow('E2E-TOKEN-3')];
		const started = Date.now();
		const result = await run('longRun', rows);
		const elapsed = Date.now() - started;
		assert.ok(elapsed > 6 * 1000, `the run took only ${elapsed} ms`);
		for (const name of ['Balance', 'Validate', 'Create']) assert.equal(assertSucceeded(result, name).length, 3, name);
		const got = assertSucceeded(result, 'Get');
		assert.deepEqual(
			got.map((item) => [item.referenceId, item.status]),
			rows.map((row) => [row.referenceId, 'SUCCESS']),
		);

		const stats = await control('stats');
		// one token per Pivot node: each one finds the previous token expired
		assert.ok(stats.tokensIssued >= 4, `only ${stats.tokensIssued} token(s) issued in a run of ${elapsed} ms`);
		const log = await control('requests');
		const refused = log.filter((r) => r.code === 'credentials_invalid');
		assert.ok(refused.length >= 3, `expired tokens were refused ${refused.length} time(s)`);
		for (const r of refused) {
			const next = log.find((x) => x.id > r.id && x.route === r.route && x.path === r.path);
			assert.ok(next && next.status === 200, `${r.method} ${r.path} refused for its token and not resent successfully`);
		}
		assert.ok(
			log.every((r) => r.status === 200 || r.code === 'credentials_invalid'),
			`unexpected answers: ${JSON.stringify(log.filter((r) => r.status !== 200))}`,
		);
		assert.equal((await control('payouts')).length, 3);
	});

	// ---------------------------------------------------------------------------------------
	// The example workflows, and the Pivot Trigger on its production URL
	// ---------------------------------------------------------------------------------------
	it("examples validate-and-pay-one and get-payout-status (n8n execute); Pivot's callback reaches the reconcile example on its production URL", async () => {
		await control('config', 'POST', { callbackUrl: reconcileUrl });
		const known = await knownIds(ids.reconcile);
		const result = await n8n.executeWorkflow(ids.validateAndPayOne);
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

		const [execution] = await newExecutions(ids.reconcile, known);
		assert.equal(execution.status, 'success');
		assert.equal(execution.mode, 'webhook');
		const [event] = nodeOutput(execution, 'Pivot Trigger');
		assert.deepEqual(
			{ ...event, dedupeKey: undefined },
			{
				event: 'PAYOUT.SUCCESS',
				scope: 'single',
				uuid: paid.requestUuid,
				merchantId: sandbox.clientId,
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
		const lookup = await n8n.executeWorkflow(ids.getPayoutStatus);
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
		const known = await knownIds(ids.reconcile);
		const result = await n8n.executeWorkflow(ids.bulkFromList);
		assert.equal(result.code, 0, result.error ?? result.stdout.slice(-2000));
		const created = nodeOutput(result.output, 'Pay All Rows in One Bulk Request');
		assert.deepEqual(
			created.map((item) => item.referenceId),
			['PAYROLL-2026-11-001', 'PAYROLL-2026-11-002', 'PAYROLL-2026-11-003'],
		);
		const creates = await requests('createPayout');
		assert.equal(creates.length, 1);
		assert.equal((await control('payouts')).length, 3);

		const [execution] = await newExecutions(ids.reconcile, known);
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
		const result = await n8n.executeWorkflow(ids.bulkBadRow);
		assert.notEqual(result.code, 0, 'the workflow with a bad row succeeded');
		assert.match(result.error ?? '', /^Item 1: Amount .*"1\.500\.000".*Nothing was sent/);
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
				merchantId: sandbox.clientId,
				payouts: { referenceId: 'E2E-FORGED-1', amount: { currency: 'IDR', value: '990000' }, status: 'SUCCESS', reason: null },
			},
		});
		const known = await knownIds(ids.reconcile);
		for (const headers of [{}, { 'X-API-Key': 'forged-key' }, { 'X-API-Key': `${sandbox.callbackApiKey}x` }]) {
			const response = await fetch(reconcileUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
			assert.equal(response.status, 401, `headers ${Object.keys(headers)}`);
			assert.deepEqual(await response.json(), { message: 'Unauthorized' });
		}

		// the simulator's real callback to a trigger whose credential has another key
		await control('config', 'POST', { callbackUrl: triggerUrl(n8n.baseUrl, WRONG_KEY_WEBHOOK_ID), callbackTimeScale: 1 / 600 });
		assertSucceeded(await run('createPerItem', [payoutRow('E2E-WRONGKEY-1')]));
		const [callback] = await waitFor('the callback attempt', async () => {
			const list = await control('callbacks');
			return list.length ? list : undefined;
		});
		assert.equal(callback.status, 401);
		await sleep(1500); // a retry would come after 0.5 s (5 min × 1/600): 401 is final
		assert.equal((await control('callbacks')).length, 1, 'Pivot retried a 401');
		assert.equal((await finishedExecutions(ids.wrongKeyTrigger)).length, 0);
		assert.deepEqual(
			(await finishedExecutions(ids.reconcile)).filter((e) => !known.has(e.id)),
			[],
			'a refused callback started the workflow',
		);
	});

	it('Pivot Trigger in n8n: no Callback API Key → 500 and a failed execution naming it; broken JSON → 422, no execution', async () => {
		const body = JSON.stringify({ event: 'PAYOUT.SUCCESS', data: { uuid: '3f1c9a52-7d4e-4b0a-9c2e-1a2b3c4d5e70', payouts: { referenceId: 'E2E-NOKEY-1', status: 'SUCCESS' } } });
		const noKey = await fetch(triggerUrl(n8n.baseUrl, NO_KEY_WEBHOOK_ID), {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'X-API-Key': sandbox.callbackApiKey },
			body,
		});
		assert.equal(noKey.status, 500, 'Pivot retries a 500, so callbacks arrive once the key is filled in');
		assert.doesNotMatch(await noKey.text(), /E2E-NOKEY-1/);
		const [failed] = await waitFor('the failed execution', async () => {
			const list = await finishedExecutions(ids.noKeyTrigger);
			return list.length ? list : undefined;
		});
		assert.equal(failed.status, 'error');
		const record = await rest.getExecution(failed.id);
		assert.match(JSON.stringify(record.data.resultData.error ?? record.data.resultData.runData), /The Pivot credential has no Callback API Key/);

		const known = await knownIds(ids.reconcile);
		const broken = await fetch(reconcileUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'X-API-Key': sandbox.callbackApiKey },
			body: '{"event":',
		});
		assert.equal(broken.status, 422);
		await sleep(500);
		assert.equal((await finishedExecutions(ids.reconcile)).filter((e) => !known.has(e.id)).length, 0);
	});

	it("a lost answer: the simulator redelivers, the redelivery has the same dedupeKey, and the example's Remove Duplicates drops it", async () => {
		const viaGateway = triggerUrl(gateway.url, reconcileWebhookId);
		// retries after 5 min × 1/300 = 1 s
		await control('config', 'POST', { callbackUrl: viaGateway, callbackTimeScale: 1 / 300 });
		gateway.failNext('loseAnswer');
		const known = await knownIds(ids.reconcile);
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
			gateway.log.map((entry) => [entry.kind, entry.upstreamStatus, entry.answered]),
			[
				['loseAnswer', 200, 502],
				['pass', 200, 200],
			],
		);

		const [first, second] = await newExecutions(ids.reconcile, known, 2);
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
		const viaGateway = triggerUrl(gateway.url, reconcileWebhookId);
		await control('config', 'POST', { callbackUrl: viaGateway, callbackTimeScale: 1 / 300 });
		gateway.failNext('down');
		const known = await knownIds(ids.reconcile);
		assertSucceeded(await run('createPerItem', [payoutRow('E2E-DOWN-1')]));
		const attempts = await waitFor('the redelivery', async () => {
			const list = await control('callbacks');
			return list.some((c) => c.status === 200) ? list : undefined;
		});
		assert.equal(attempts.length, 2);
		assert.equal(attempts[0].status, undefined);
		assert.match(attempts[0].error, /ECONNRESET|socket hang up/i);
		assert.equal(attempts[1].status, 200);
		const [execution] = await newExecutions(ids.reconcile, known);
		assert.equal(nodeOutput(execution, 'Pivot Trigger')[0].referenceId, 'E2E-DOWN-1');
		await sleep(500);
		assert.equal((await finishedExecutions(ids.reconcile)).filter((e) => !known.has(e.id)).length, 1);
	});

	// ---------------------------------------------------------------------------------------
	// Credential test, secrets
	// ---------------------------------------------------------------------------------------
	it("credential Test (n8n's REST API): passes with good secrets, fails naming the problem with bad ones", async () => {
		const base = {
			environment: 'custom',
			baseUrl: tap.url,
			clientId: sandbox.clientId,
			clientSecret: sandbox.clientSecret,
			callbackApiKey: sandbox.callbackApiKey,
		};
		const test = async (name, data) => {
			const stored = await rest.createCredential({ name, type: 'pivotApi', data });
			return rest.testCredential({ id: stored.id });
		};
		assert.deepEqual(await test('E2E good', base), { status: 'OK', message: 'Connection successful!' });

		const badSecret = await test('E2E bad secret', { ...base, clientSecret: 'definitely-not-the-secret' });
		assert.equal(badSecret.status, 'Error');
		assert.match(badSecret.message, /Pivot rejected the Client ID or Client Secret \(HTTP 401\)/);
		assert.ok(!badSecret.message.includes('definitely-not-the-secret'));

		const badId = await test('E2E bad client id', { ...base, clientId: '00000000-0000-4000-8000-000000000000' });
		assert.equal(badId.status, 'Error');
		assert.match(badId.message, /Client ID or Client Secret/);

		const notPivot = await test('E2E not Pivot', { ...base, baseUrl: n8n.baseUrl });
		assert.equal(notPivot.status, 'Error');
		assert.match(notPivot.message, /did not answer like Pivot's API \(HTTP 404 to POST \/v1\/access-token\)/);

		const unreachable = await test('E2E unreachable', { ...base, baseUrl: 'http://127.0.0.1:9' });
		assert.equal(unreachable.status, 'Error');
		assert.match(unreachable.message, /Cannot reach Pivot at http:\/\/127\.0\.0\.1:9: the connection was refused/);

		const tokenCalls = await requests('token');
		assert.ok(tokenCalls.some((r) => r.status === 401 && r.code === 'credentials_invalid'));
	});

	it(
		'credential Test after the Client Secret of a saved credential was changed to a wrong one',
		async () => {
			const data = {
				environment: 'custom',
				baseUrl: tap.url,
				clientId: sandbox.clientId,
				clientSecret: sandbox.clientSecret,
			};
			const stored = await rest.createCredential({ name: 'E2E secret changed later', type: 'pivotApi', data });
			assert.equal((await rest.testCredential({ id: stored.id })).status, 'OK');
			// what the editor sends after the user pasted a wrong secret: the stored fields come back
			// as placeholders (the access token among them) and the server swaps the stored values in
			const changed = await rest.testCredential({ id: stored.id, data: { clientSecret: 'a-wrong-secret' } });
			assert.equal(changed.status, 'Error', `the Test said ${JSON.stringify(changed)} with a wrong Client Secret`);
		},
	);

	it(
		'credential Test with an unreachable Base URL keeps the message that names the URL',
		async () => {
			const stored = await rest.createCredential({
				name: 'E2E unreachable, named',
				type: 'pivotApi',
				data: { environment: 'custom', baseUrl: 'http://127.0.0.1:9', clientId: sandbox.clientId, clientSecret: 'x' },
			});
			const result = await rest.testCredential({ id: stored.id });
			assert.equal(result.status, 'Error');
			assert.match(result.message, /Cannot reach Pivot at http:\/\/127\.0\.0\.1:9/);
		},
	);

	it('a Maximum Amount expression that gives text, and an amount above the default cap: no create request', async () => {
		const capped = await run('createCapped', [payoutRow('E2E-CAP-1', { amount: 900_000_000, cap: 'none' })]);
		assert.equal(capped.execution.status, 'error');
		const message = capped.execution.data.resultData.error.message;
		assert.match(message, /^Item 0: Option "Maximum Amount" must be a number, got "none"\. Nothing was sent/);
		const over = await run('createPerItem', [payoutRow('E2E-CAP-2', { amount: 250_000_001 })]);
		assert.equal(over.execution.status, 'error');
		assert.match(over.execution.data.resultData.error.message, /Item 0: Amount Rp 250,000,001 is above the maximum of Rp 250,000,000/);
		assert.equal((await requests('createPayout')).length, 0);
		assert.deepEqual(await control('payouts'), []);
	});

	it('a server that echoes request headers into its errors: the answers reach n8n, the token does not (checked by the scan below)', async () => {
		for (const route of ['balance', 'inquiry', 'createPayout', 'getPayout']) {
			await control('faults', 'POST', { route, kind: 'echoHeaders', status: 400, count: 1 });
		}
		const balance = await run('balance', [{}]);
		const validate = await run('validate', [{ channelCode: 'BCA', accountNumber: '999966660001', accountName: 'Dummy Simulation' }]);
		const create = await run('createContinue', [payoutRow('E2E-ECHO-1')]);
		const get = await run('getByReference', [{ referenceId: 'E2E-ECHO-1' }]);
		const echoed = (await requests()).filter((r) => r.fault === 'echoHeaders');
		assert.deepEqual(echoed.map((r) => r.route).sort(), ['balance', 'createPayout', 'getPayout', 'inquiry']);
		assert.match(nodeOutput(balance.execution, 'Pivot')[0].error, /wrong format/);
		assert.equal(validate.execution.status, 'error');
		assert.equal(get.execution.status, 'error');
		const [failed] = nodeOutput(create.execution, 'Pivot');
		assert.equal(failed.paymentOutcome, 'notPaid');
		assert.match(failed.errorDescription, /Headers received: .*authorization: \[redacted\]/);
		assert.deepEqual(await control('payouts'), []);
	});

	it('no client secret, access token or callback key in any execution data, the n8n log or the simulator log', async () => {
		const issued = tokensIssuedBefore + (await control('stats')).tokensIssued;
		assert.ok(issued >= 1, `no token issued in the whole run`);
		assert.equal(tap.tokens.size, issued, 'the tap did not see every token the simulator issued');
		const secrets = [
			['client secret', sandbox.clientSecret],
			['callback API key', sandbox.callbackApiKey],
			...[...tap.tokens].map((token, i) => [`access token #${i + 1}`, token]),
		];
		for (const [, value] of secrets) assert.ok(value.length >= 16);

		const executions = await rest.listAllExecutions();
		assert.ok(executions.length >= 1, "no execution to check");
		const places = [];
		for (const summary of executions) {
			const full = await rest.getExecution(summary.id);
			places.push([`execution ${summary.id} (${summary.workflowId})`, JSON.stringify(full)]);
		}
		const publicExecutions = await rest.publicApi('GET', '/executions?includeData=true&limit=250');
		places.push(['public API executions?includeData=true', JSON.stringify(publicExecutions)]);
		places.push(['n8n log', n8n.readLog()]);
		places.push(['simulator log', fs.readFileSync(sandbox.logPath, 'utf8')]);
		places.push(['simulator requests and callbacks', [...simulatorRecords, JSON.stringify(await control('requests'))].join('\n')]);
		assert.ok(places.find(([name]) => name === 'n8n log')[1].includes('Editor is now accessible'));

		const leaks = [];
		for (const [where, text] of places) {
			for (const [what, value] of secrets) if (text.includes(value)) leaks.push(`${what} in ${where}`);
		}
		assert.deepEqual(leaks, []);
	});
});
