// Smoke suite on the OLDEST n8n the package claims (scripts/n8n-versions.json, "oldest"),
// against the Pivot simulator: the credential test, every operation once, a bulk of 1,500, a
// create dropped after commit with Retry On Fail, a token that expires mid-run, failed items on
// On Error's error output (a refused create, a WARNING inquiry), and the trigger with a genuine
// and a forged callback; the operations added since (Get History, Reconcile, Get with Wait Until
// Final) once each. Assertions are made at the simulator (what Pivot got)
// and in n8n's execution data, as in the full suite (test/e2e/*.e2e.test.mjs).
//
//   npm run test:n8n -- oldest   (installs the oldest n8n into the cache on first use)
//
// The harness takes its n8n from $PIVOT_N8N_TARGET when it is loaded, so the libraries are
// imported after setting it (static imports would load them first).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { simulatorCredentialData, TOKEN_SHARING_WINDOW_MS } from '../support/pivot.mjs';

process.env.PIVOT_N8N_TARGET ??= 'oldest';
const { createN8n, ensureN8n, N8N_TARGET, nodeOutput, RestClient, stagePackage, startSandbox } = await import(
	'../../scripts/lib/n8n.mjs'
);
const { startTokenTap } = await import('../e2e/lib/proxy.mjs');
const { opWorkflow, suiteWorkflows, triggerUrl } = await import('../e2e/lib/workflows.mjs');
const { payoutRow, runWorkflow, startRefusalRewriter, triggerOnly, waitFor } = await import('./lib/smoke.mjs');
const { assertRouted, branch, errorOutputWorkflows } = await import('../e2e/lib/errorOutput.mjs');

const TRIGGER_WEBHOOK_ID = '5d0c9e1a-3b7f-4c2d-9e8a-1f6b2c3d4e01';
// the webhook workflows of test/e2e/lib/workflows.mjs this suite runs
const USED = ['balance', 'validate', 'inquiryGet', 'createPerItem', 'createByInquiry', 'createBulk', 'createRetryOnFail', 'getByUuid', 'getByUuidAndReference', 'getByReference', 'longRun'];
// the workflows of test/e2e/lib/errorOutput.mjs (On Error "Continue (using error output)") it runs
const ON_ERROR_USED = ['createPerItem', 'validateThenPay'];
// The operations added since the first release, once each: they use what 1.x may do differently
// (the workflow's time zone, waiting between polls).
const ADDED = {
	history: opWorkflow('history', { resource: 'balance', operation: 'getHistory', start: '={{ $json.start }}', end: '={{ $json.end }}', returnAll: true }),
	reconcile: opWorkflow('reconcile', {
		resource: 'payout',
		operation: 'reconcile',
		referenceId: '={{ $json.referenceId }}',
		expectedAmount: '={{ $json.amount }}',
		options: {},
	}),
	getWait: opWorkflow('get-wait', {
		resource: 'payout',
		operation: 'get',
		lookUpBy: 'reference',
		referenceId: '={{ $json.referenceId }}',
		options: { waitUntilFinal: true, maxWaitSeconds: 20, pollIntervalSeconds: 1 },
	}),
};
const versions = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'scripts', 'n8n-versions.json'), 'utf8'));

describe(`Pivot nodes in n8n ${N8N_TARGET.n8n} (${N8N_TARGET.name}), Node ${N8N_TARGET.node}`, () => {
	let sandbox;
	let tap;
	let rewriter;
	let n8n;
	let rest;
	let run;
	const ids = {};
	const slugs = {};
	const control = (...args) => sandbox.control(...args);
	const requests = async (route) => (await control('requests')).filter((r) => !route || r.route === route);

	before(async () => {
		const paths = ensureN8n();
		sandbox = await startSandbox();
		tap = await startTokenTap(sandbox.url);
		rewriter = await startRefusalRewriter(sandbox.url, 403);
		const data = simulatorCredentialData(sandbox, { baseUrl: tap.url });
		const { workflows } = suiteWorkflows({ tokenCredential: 'Pivot token test', wrongKeyCredential: 'Pivot account' });
		// the long run again, its Pivot nodes on a credential whose Pivot refuses expired tokens with 403
		const { longRun: longRun403 } = suiteWorkflows({ tokenCredential: 'Pivot refusing with 403', wrongKeyCredential: 'Pivot account' }).workflows;
		longRun403.name += ' (403 refusals)';
		longRun403.nodes[0].parameters.path = 'long-run-403';
		const entries = [
			...Object.entries(workflows).filter(([key]) => USED.includes(key)),
			['longRun403', longRun403],
			['trigger', triggerOnly(TRIGGER_WEBHOOK_ID)],
			...Object.entries(errorOutputWorkflows('smoke')).filter(([key]) => ON_ERROR_USED.includes(key)),
			...Object.entries(ADDED),
		];
		n8n = await createN8n({ customExtensionsDir: await stagePackage() });
		await n8n.importCredentials([
			{ name: 'Pivot account', type: 'pivotApi', data },
			{ name: 'Pivot token test', type: 'pivotApi', data },
			{ name: 'Pivot refusing with 403', type: 'pivotApi', data: { ...data, baseUrl: rewriter.url } },
		]);
		const imported = await n8n.importWorkflow(entries.map(([, wf]) => wf));
		// one CLI call for all (each n8n CLI call starts n8n and opens its database); 2.x publishes one by one
		if (Number(N8N_TARGET.n8n.split('.')[0]) < 2) await n8n.cliOk(['update:workflow', '--all', '--active=true']);
		else for (const wf of imported) await n8n.publishWorkflow(wf.id);
		await n8n.start();
		entries.forEach(([key, wf], i) => {
			ids[key] = imported[i].id;
			const hook = wf.nodes.find((node) => node.type === 'n8n-nodes-base.webhook');
			if (hook) slugs[key] = hook.parameters.path;
		});
		n8n.installedVersion = JSON.parse(
			fs.readFileSync(path.join(paths.cacheDir, 'node_modules', 'n8n', 'package.json'), 'utf8'),
		).version;
		rest = await new RestClient(n8n.baseUrl).ownerSession();
		run = (key, rows, node) => runWorkflow({ rest, baseUrl: n8n.baseUrl, workflowId: ids[key], slug: slugs[key], rows, node });
	});

	beforeEach(async () => {
		await control('reset', 'POST');
		await control('config', 'POST', { callbackUrl: '', tokenLifetimeSeconds: 900, processingDelayMs: 300, callbackTimeScale: 1 });
	});

	after(async () => {
		await n8n?.stop();
		await tap?.stop();
		await rewriter?.stop();
		await sandbox?.stop();
	});

	it('runs the n8n and n8n-workflow that scripts/n8n-versions.json names (what the type-check checks against)', () => {
		assert.equal(n8n.installedVersion, N8N_TARGET.n8n);
		const workflowPkg = path.join(n8n.paths.cacheDir, 'node_modules', 'n8n-workflow', 'package.json');
		assert.equal(JSON.parse(fs.readFileSync(workflowPkg, 'utf8')).version, versions[N8N_TARGET.name].n8nWorkflow);
		assert.match(n8n.readLog(), /Editor is now accessible/);
	});

	it('credential Test: passes with the right Client Secret, fails naming the problem with a wrong one', async () => {
		const base = { environment: 'custom', baseUrl: tap.url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret };
		const good = await rest.createCredential({ name: 'Smoke good', type: 'pivotApi', data: base });
		assert.deepEqual(await rest.testCredential({ id: good.id }), { status: 'OK', message: 'Connection successful!' });
		const bad = await rest.createCredential({ name: 'Smoke bad', type: 'pivotApi', data: { ...base, clientSecret: 'not-the-secret-0123' } });
		const result = await rest.testCredential({ id: bad.id });
		assert.equal(result.status, 'Error');
		assert.match(result.message, /Pivot rejected the Client ID or Client Secret \(HTTP 401\)/);
		assert.ok(!result.message.includes('not-the-secret-0123'));
	});

	it('every operation once: Balance → Get, Account Inquiry → Validate / Get, Payout → Create (by Channel, by Inquiry ID, bulk), Payout → Get', async () => {
		const [balance] = (await run('balance', [{ requireAtLeast: '1000' }])).output;
		assert.equal(balance.sufficient, true);
		const [inquiry] = (await run('validate', [{ channelCode: 'BCA', accountNumber: '999966660001', accountName: 'Dummy Simulation' }])).output;
		assert.equal(inquiry.status, 'VALID');
		const [again] = (await run('inquiryGet', [{ inquiryId: inquiry.inquiryId }])).output;
		assert.deepEqual([again.inquiryId, again.status], [inquiry.inquiryId, 'VALID']);
		const [byChannel] = (await run('createPerItem', [payoutRow('SMOKE-CH-1')])).output;
		const [byInquiry] = (await run('createByInquiry', [{ inquiryId: inquiry.inquiryId, amount: 150000, referenceId: 'SMOKE-INQ-1' }])).output;
		assert.equal(byInquiry.inquiryId, inquiry.inquiryId);
		const bulk = (await run('createBulk', [payoutRow('SMOKE-BULK-1'), payoutRow('SMOKE-BULK-2', { amount: 60000 })])).output;
		assert.equal(bulk[0].requestUuid, bulk[1].requestUuid);
		await waitFor('the payouts to settle', async () => (await control('stats')).settled);

		const all = (await run('getByUuid', [{ uuid: bulk[0].requestUuid }])).output;
		assert.deepEqual(all.map((p) => [p.referenceId, p.status]).sort(), [['SMOKE-BULK-1', 'SUCCESS'], ['SMOKE-BULK-2', 'SUCCESS']]);
		const [one] = (await run('getByUuidAndReference', [{ uuid: bulk[0].requestUuid, referenceId: 'SMOKE-BULK-2' }])).output;
		assert.equal(one.amount.value, '60000');
		const [byRef] = (await run('getByReference', [{ referenceId: 'SMOKE-CH-1' }])).output;
		assert.deepEqual([byRef.referenceId, byRef.status, byRef.amount.value], ['SMOKE-CH-1', 'SUCCESS', String(byChannel.amount.number)]);

		const payouts = await control('payouts');
		assert.deepEqual(payouts.map((p) => p.referenceId).sort(), ['SMOKE-BULK-1', 'SMOKE-BULK-2', 'SMOKE-CH-1', 'SMOKE-INQ-1']);
		assert.equal((await requests('createPayout')).length, 3);
	});

	it('bulk of 1,500 items: 2 create requests (1000 + 500), 1,500 payouts, results paired to their items', async () => {
		const rows = Array.from({ length: 1500 }, (_, i) => payoutRow(`SMOKE-1500-${String(i).padStart(4, '0')}`, { amount: 10000 + i }));
		const { output } = await run('createBulk', rows);
		assert.equal(output.length, 1500);
		output.forEach((item, i) => assert.equal(item.referenceId, rows[i].referenceId, `item ${i} is not paired to its row`));
		const creates = await requests('createPayout');
		assert.deepEqual(creates.map((r) => r.status), [200, 200]);
		const payouts = await control('payouts');
		assert.equal(new Set(payouts.map((p) => p.referenceId)).size, 1500);
		const sizes = {};
		for (const p of payouts) sizes[p.requestUuid] = (sizes[p.requestUuid] ?? 0) + 1;
		assert.deepEqual(Object.values(sizes).sort((a, b) => a - b), [500, 1000]);
	});

	it('the operations added since: Balance → Get History, Payout → Reconcile, Payout → Get with Wait Until Final', async () => {
		await control('config', 'POST', { processingDelayMs: 1500 });
		await run('createPerItem', [payoutRow('SMOKE-NEW-1'), payoutRow('SMOKE-NEW-2', { accountNumber: '999966660002' })]);
		const [waited] = (await run('getWait', [{ referenceId: 'SMOKE-NEW-1' }])).output;
		assert.deepEqual([waited.referenceId, waited.status, waited.isFinal], ['SMOKE-NEW-1', 'SUCCESS', true]);
		await waitFor('the payouts to settle', async () => (await control('stats')).settled);
		const verdicts = (await run('reconcile', [
			{ referenceId: 'SMOKE-NEW-1', amount: 125000 },
			{ referenceId: 'SMOKE-NEW-2', amount: 125000 },
			{ referenceId: 'SMOKE-NEW-NONE', amount: 150000 },
		])).output;
		assert.deepEqual(verdicts.map((v) => [v.referenceId, v.verdict]), [['SMOKE-NEW-1', 'matched'], ['SMOKE-NEW-2', 'failed'], ['SMOKE-NEW-NONE', 'notAtPivot']]);
		const now = Date.now();
		const entries = (await run('history', [{ start: new Date(now - 40 * 86_400_000).toISOString(), end: new Date(now + 60_000).toISOString() }])).output;
		const payoutEntries = entries.filter((e) => e.referenceId === 'SMOKE-NEW-1' || e.referenceId === 'SMOKE-NEW-2');
		assert.equal(payoutEntries.length, 2, JSON.stringify(entries.map((e) => [e.transactionType, e.referenceId])));
		assert.ok(payoutEntries.every((e) => e.direction === 'debit' && e.amount.number === 125000));
		assert.equal((await requests('createPayout')).length, 2);
	});

	it("a create dropped after commit, with the look-up failing too: n8n's Retry On Fail re-runs the node; exactly one payout", async () => {
		await control('faults', 'POST', { route: 'createPayout', kind: 'dropAfterCommit', count: 1 });
		await control('faults', 'POST', { route: 'getPayout', kind: 'status', status: 503, count: 1 });
		const { output } = await run('createRetryOnFail', [payoutRow('SMOKE-DROP-1')]);
		assert.equal(output[0].referenceId, 'SMOKE-DROP-1');
		const payouts = await control('payouts');
		assert.deepEqual(payouts.map((p) => p.referenceId), ['SMOKE-DROP-1'], 'not exactly one payout');
		assert.equal(output[0].requestUuid, payouts[0].requestUuid);
		const log = await control('requests');
		const dropped = log.find((r) => r.route === 'createPayout' && r.dropped);
		assert.ok(dropped, 'the fault did not fire');
		const resend = log.find((r) => r.route === 'createPayout' && r.id > dropped.id && r.xRequestId === dropped.xRequestId);
		assert.equal(resend?.replay, true, 'no resend with the same X-REQUEST-ID answered as a replay');
		const lookup = log.find((r) => r.route === 'getPayout' && r.status === 503);
		assert.ok(Date.parse(resend.at) - Date.parse(lookup.at) >= 900, "the resend did not wait for n8n's Wait Between Tries");
	});

	it('a token that expires mid-run (2 s tokens, 2.1 s waits between the Pivot nodes): refreshed when refused, no failed item', async () => {
		await control('config', 'POST', { tokenLifetimeSeconds: 2 });
		// so that this credential's first token is its own, issued under the 2 s lifetime
		await sleep(TOKEN_SHARING_WINDOW_MS);
		const rows = [payoutRow('SMOKE-TOKEN-1'), payoutRow('SMOKE-TOKEN-2')];
		const result = await run('longRun', rows, 'Get');
		for (const name of ['Balance', 'Validate', 'Create']) assert.equal(nodeOutput(result.execution, name).length, 2, name);
		assert.deepEqual(
			nodeOutput(result.execution, 'Get').map((p) => [p.referenceId, p.status]),
			rows.map((r) => [r.referenceId, 'SUCCESS']),
		);
		const log = await control('requests');
		const refused = log.filter((r) => r.code === 'credentials_invalid');
		assert.ok(refused.length >= 3, `expired tokens were refused ${refused.length} time(s)`);
		assert.ok((await control('stats')).tokensIssued >= 4);
		assert.equal((await control('payouts')).length, 2);
	});

	it("a token refused with 403 (a status n8n does not refresh on): the node still gets a new token; no failed item", async () => {
		await control('config', 'POST', { tokenLifetimeSeconds: 2 });
		const before = rewriter.rewritten();
		const rows = [payoutRow('SMOKE-403-1')];
		const result = await run('longRun403', rows, 'Get');
		for (const name of ['Balance', 'Validate', 'Create']) assert.equal(nodeOutput(result.execution, name).length, 1, name);
		assert.equal(nodeOutput(result.execution, 'Get')[0].status, 'SUCCESS');
		assert.ok(rewriter.rewritten() - before >= 3, `only ${rewriter.rewritten() - before} refusal(s) answered 403`);
		assert.ok((await control('stats')).tokensIssued >= 4);
		assert.deepEqual((await control('payouts')).map((p) => p.referenceId), ['SMOKE-403-1']);
	});

	// n8n 1.x moves an item to the error output only when its json holds `error` alone or `error`
	// and `message`: the shape the node gives a failed item, proved here on the oldest n8n.
	it('On Error "Continue (using error output)": a refused create and a WARNING inquiry reach Alert, never the paying step', async () => {
		const rows = [payoutRow('SMOKE-ONERR-0'), payoutRow('SMOKE-ONERR-1', { channelCode: 'NEWBANK' }), payoutRow('SMOKE-ONERR-2')];
		const created = await run('createPerItem', rows);
		const claims = assertRouted(created.execution, rows, [1], { success: 'Mark paid', createsPayouts: true });
		assert.equal(claims.get(1).paymentOutcome, 'notPaid');
		assert.equal(claims.get(1).referenceId, 'SMOKE-ONERR-1');
		// n8n 1.x drops the response from its errors: Pivot's own refusal must still be read as such.
		assert.match(claims.get(1).message, /Pivot does not support this channel code/);
		assert.deepEqual((await control('payouts')).map((p) => p.referenceId).sort(), ['SMOKE-ONERR-0', 'SMOKE-ONERR-2']);

		await control('reset', 'POST');
		const inquiries = [payoutRow('SMOKE-ONERR-V0'), payoutRow('SMOKE-ONERR-V1', { accountName: 'Reforza Pivot' })];
		const validated = await run('validateThenPay', inquiries);
		assert.match(assertRouted(validated.execution, inquiries, [1], { success: 'Pay' }).get(1).message, /name does not match/);
		assert.deepEqual(branch(validated.execution, 'Pay').map((item) => item.json.referenceId), ['SMOKE-ONERR-V0']);
		assert.deepEqual((await control('payouts')).map((p) => p.referenceId), ['SMOKE-ONERR-V0']);
		assert.equal((await requests('createPayout')).length, 1);
	});

	it('Pivot Trigger: accepts a genuine callback (an execution), refuses a forged one (401, no execution)', async () => {
		const url = triggerUrl(n8n.baseUrl, TRIGGER_WEBHOOK_ID);
		const forged = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'X-API-Key': 'forged-key' },
			body: JSON.stringify({ event: 'PAYOUT.SUCCESS', data: { uuid: '3f1c9a52-7d4e-4b0a-9c2e-1a2b3c4d5e6f' } }),
		});
		assert.equal(forged.status, 401);
		assert.equal((await rest.listExecutions({ workflowId: ids.trigger })).length, 0, 'a forged callback started the workflow');

		await control('config', 'POST', { callbackUrl: url });
		const [paid] = (await run('createPerItem', [payoutRow('SMOKE-CALLBACK-1')])).output;
		const [execution] = await rest.waitForExecutions(ids.trigger, { count: 1, timeoutMs: 30_000 });
		assert.equal(execution.status, 'success');
		const [event] = nodeOutput(execution, 'Pivot Trigger');
		assert.deepEqual([event.event, event.uuid, event.referenceId], ['PAYOUT.SUCCESS', paid.requestUuid, 'SMOKE-CALLBACK-1']);
		assert.deepEqual((await control('callbacks')).map((c) => c.status), [200]);
	});
});
