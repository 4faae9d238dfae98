// The example approve-then-pay in a real n8n 2.41.1, with a real SMTP conversation: the rows come
// from an endpoint this test serves (so it can edit a row between preview and payment), Payout →
// Create previews them, n8n's Send Email "Send and Wait" mails the approval to a local SMTP server
// (smtp-server + mailparser, on a free port; the SMTP credential created through the REST API),
// and the test follows the link from the received mail, as the approver would. Asserted at the
// simulator: approved → each row paid once, under the previewed keys; a row edited after approval
// → 0 create requests and a clear error; declined → 0 sent; the link followed twice → paid once.
// And By Inquiry ID, per item and in bulk, through webhook workflows: preview, then the payment
// bound to it pays under the previewed keys; an inquiry ID swapped between rows sends nothing.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

import { createN8n, ensureN8n, nodeOutput, RestClient, stagePackage, startSandbox } from '../../scripts/lib/n8n.mjs';
import { simulatorCredential, waitFor } from '../support/pivot.mjs';
import { createFromRow, httpRequestNode, pivotNode, validateFromRow, webhookNode, webhookWorkflow } from '../support/workflows.mjs';
import { CREDENTIAL_NAME, example } from './lib/workflows.mjs';

const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
const SLUG = 'e2e-approve-then-pay';

/** A local SMTP server: every message parsed, with the links of its HTML. */
async function startSmtp() {
	const messages = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		onData(stream, _session, callback) {
			simpleParser(stream).then(
				(mail) => {
					const links = [...String(mail.html || '').matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
					messages.push({ to: mail.to?.text ?? '', subject: mail.subject ?? '', text: mail.text ?? '', links });
					callback();
				},
				(error) => callback(error),
			);
		},
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	return { port: server.server.address().port, messages, stop: () => new Promise((resolve) => server.close(resolve)) };
}

/** The rows the workflow reads (GET /rows), which the test may edit between preview and payment. */
async function startRows() {
	const state = { rows: [] };
	const server = http.createServer((req, res) => {
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(JSON.stringify({ rows: state.rows }));
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	state.url = `http://127.0.0.1:${server.address().port}/rows`;
	state.stop = () => new Promise((resolve) => server.close(resolve));
	return state;
}

/** The example with a Webhook in place of the manual trigger and both "Read Rows" reading the endpoint. */
function exampleForTest(rowsUrl, smtpCredential) {
	const workflow = example('approve-then-pay');
	workflow.name += ' (E2E)';
	workflow.nodes = workflow.nodes.map((n) => {
		if (n.name === 'Run') return { ...webhookNode(SLUG, { name: 'Run', answer: 'onReceived' }), position: n.position };
		if (n.name === 'Read Rows' || n.name === 'Read Rows Again') return { ...httpRequestNode(n.name, { method: 'GET', url: rowsUrl }), position: n.position };
		if (n.credentials?.smtp) return { ...n, credentials: { smtp: { id: smtpCredential.id, name: smtpCredential.name } } };
		return n;
	});
	return workflow;
}

const rowsFor = (prefix) => [
	{ channel: 'BCA', accountNumber: '999966660001', accountName: 'Dummy Simulation', amount: 250000, referenceId: `${prefix}-1`, description: 'Invoice 1' },
	{ channel: 'MANDIRI', accountNumber: '999966660004', accountName: 'Dummy Simulation', amount: 175000, referenceId: `${prefix}-2`, description: 'Invoice 2' },
	{ channel: 'BRI', accountNumber: '999966660003', accountName: 'Dummy Simulation', amount: 90000, referenceId: `${prefix}-3`, description: 'Invoice 3' },
];

describe('approve-then-pay: preview, approval by e-mail (Send and Wait over SMTP), bound payment', () => {
	let sandbox, smtp, rows, n8n, rest, workflowId;
	const bound = {}; // webhook workflow ids by slug
	const creates = async () => (await sandbox.control('requests')).filter((r) => r.route === 'createPayout');
	const payouts = () => sandbox.control('payouts');

	before(async () => {
		ensureN8n();
		const ext = await stagePackage();
		[sandbox, smtp, rows] = await Promise.all([startSandbox(), startSmtp(), startRows()]);
		n8n = await createN8n({ customExtensionsDir: ext });
		await n8n.importCredentials([simulatorCredential(CREDENTIAL_NAME, sandbox)]);
		await n8n.start({ timeoutMs: 240_000 });
		rest = await new RestClient(n8n.baseUrl).ownerSession();
		const smtpCredential = await rest.createCredential({
			name: 'SMTP account',
			type: 'smtp',
			data: { user: '', password: '', host: '127.0.0.1', port: smtp.port, secure: false, disableStartTls: true },
		});
		const pivotCredential = (await rest.request('GET', '/rest/credentials')).find((c) => c.name === CREDENTIAL_NAME);
		const workflow = exampleForTest(rows.url, smtpCredential);
		for (const n of workflow.nodes) if (n.credentials?.pivotApi) n.credentials.pivotApi.id = pivotCredential.id;
		workflowId = (await rest.request('POST', '/rest/workflows', workflow)).id;
		await rest.activateWorkflow(workflowId, { timeoutMs: 120_000 });
		const credential = { type: 'pivotApi', id: pivotCredential.id, name: CREDENTIAL_NAME };
		const byInquiry = (sendAs, extra) => pivotNode('Pivot', { ...createFromRow({ sendAs, destination: 'inquiry' }), ...extra }, { credential });
		const hooks = {
			'e2e-bind-validate': [pivotNode('Pivot', validateFromRow({ pollIntervalSeconds: 0.2 }), { credential })],
			...Object.fromEntries(
				['perItem', 'bulk'].flatMap((sendAs) => [
					[`e2e-bind-preview-${sendAs}`, [byInquiry(sendAs, { previewOnly: true })]],
					[`e2e-bind-pay-${sendAs}`, [byInquiry(sendAs, { approvedBatch: "={{ $('Webhook').first().json.body.approval }}" })]],
				]),
			),
		};
		for (const [slug, nodes] of Object.entries(hooks)) {
			bound[slug] = (await rest.request('POST', '/rest/workflows', webhookWorkflow(slug, nodes))).id;
			await rest.activateWorkflow(bound[slug], { timeoutMs: 120_000 });
		}
	});

	after(async () => {
		await n8n?.stop();
		await Promise.all([sandbox?.stop(), smtp?.stop(), rows?.stop()]);
	});

	beforeEach(async () => await sandbox.control('reset', 'POST'));

	/** Starts a run with these rows; returns the approval mail and the execution waiting on it. */
	async function startRun(prefix) {
		rows.rows = rowsFor(prefix);
		const mailsBefore = smtp.messages.length;
		const known = new Set((await rest.listExecutions({ workflowId })).map((e) => e.id));
		const response = await fetch(`${n8n.baseUrl}/webhook/${SLUG}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
		assert.equal(response.status, 200);
		const mail = await waitFor('the approval mail', async () => smtp.messages[mailsBefore], { timeoutMs: 120_000, intervalMs: 250 });
		const waiting = await waitFor(
			'the execution to wait for the approver',
			async () => (await rest.listExecutions({ workflowId })).find((e) => !known.has(e.id) && e.status === 'waiting'),
			{ timeoutMs: 60_000, intervalMs: 250 },
		);
		const paused = await rest.getExecution(waiting.id);
		const preview = nodeOutput(paused, 'Preview Payouts');
		return { mail, id: waiting.id, preview };
	}

	const finished = async (id) =>
		await waitFor(
			'the execution to finish',
			async () => {
				const execution = await rest.getExecution(id);
				return !['new', 'running', 'waiting'].includes(execution.status) && execution;
			},
			{ timeoutMs: 120_000, intervalMs: 250 },
		);
	const click = async (link) => await fetch(link, { headers: { 'user-agent': BROWSER_UA } });
	const linkOf = (mail, approved) => {
		const link = mail.links.find((l) => l.includes(`approved=${approved}`));
		assert.ok(link, `no approved=${approved} link in ${JSON.stringify(mail.links)}`);
		return link;
	};

	it('mails count, total and short digest; nothing is sent while it waits; approved → each row paid once under the previewed keys; a second click pays nothing', async () => {
		const { mail, id, preview } = await startRun('APR-OK');
		const batch = preview[0].batch;
		assert.equal(preview.length, 3);
		assert.ok(preview.every((item) => item.preview === true && !('requestUuid' in item)));
		assert.equal(mail.to, 'payout-approver@example.com');
		assert.match(mail.subject, new RegExp(`Approve 3 Pivot payouts, Rp 515,000 \\(batch ${batch.shortDigest}\\)`));
		assert.match(mail.text, /Payouts: 3/);
		assert.match(mail.text, /Total: Rp 515,000/);
		assert.ok(mail.text.includes(batch.shortDigest), 'the short digest is in the message');
		await sleep(2000);
		assert.equal((await creates()).length, 0, 'nothing sent before approval');

		assert.equal((await click(linkOf(mail, true))).status, 200);
		const execution = await finished(id);
		assert.equal(execution.status, 'success', JSON.stringify(execution.data?.resultData?.error?.message));
		const list = await payouts();
		assert.deepEqual(list.map((p) => [p.referenceId, p.amount]).sort(), [['APR-OK-1', '250000'], ['APR-OK-2', '175000'], ['APR-OK-3', '90000']]);
		const previewedKeys = [...new Set(preview.map((item) => item.requestId))];
		assert.deepEqual((await creates()).map((r) => r.xRequestId), previewedKeys, 'paid under the previewed X-REQUEST-IDs');

		const again = await click(linkOf(mail, true));
		await sleep(3000);
		assert.ok(again.status < 500, `second click answered ${again.status}`);
		assert.equal((await payouts()).length, 3, 'the link followed twice pays once');
		assert.equal((await creates()).length, 1);
	});

	it('a row edited after approval: the payment refuses the whole batch, 0 create requests, a clear error', async () => {
		const { mail, id } = await startRun('APR-EDIT');
		rows.rows[1] = { ...rows.rows[1], amount: 1750000 };
		await click(linkOf(mail, true));
		const execution = await finished(id);
		assert.equal(execution.status, 'error');
		assert.match(
			execution.data.resultData.error.message,
			/^The batch is not the one approved: approved 3 payout\(s\) totalling Rp 515,000 .*now 3 payout\(s\) totalling Rp 2,090,000 .*Nothing was sent\.$/,
		);
		assert.equal((await creates()).length, 0);
		assert.deepEqual(await payouts(), []);
	});

	it('declined: nothing is sent', async () => {
		const { mail, id } = await startRun('APR-NO');
		await click(linkOf(mail, false));
		const execution = await finished(id);
		assert.equal(execution.status, 'success');
		assert.equal((nodeOutput(execution, 'Pay Approved Batch') ?? []).length, 0);
		assert.equal((await creates()).length, 0);
		assert.deepEqual(await payouts(), []);
	});

	const hook = async (slug, body) => {
		const response = await fetch(`${n8n.baseUrl}/webhook/${slug}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		return { status: response.status, text: await response.text() };
	};

	for (const sendAs of ['perItem', 'bulk']) {
		it(`By Inquiry ID, ${sendAs}: the bound payment pays under the previewed keys; inquiry IDs swapped after approval send nothing`, async () => {
			const accounts = ['999966660001', '999966660004'];
			const validated = await hook('e2e-bind-validate', {
				rows: accounts.map((accountNumber) => ({ channelCode: 'BCA', accountNumber, accountName: 'Dummy Simulation' })),
			});
			assert.equal(validated.status, 200, validated.text);
			const [a, b] = JSON.parse(validated.text).map((item) => item.inquiryId);
			assert.ok(a && b && a !== b);
			const prefix = `INQ-${sendAs}`;
			const payRows = [
				{ inquiryId: a, amount: 125000, referenceId: `${prefix}-1`, description: 'Invoice 1' },
				{ inquiryId: b, amount: 80000, referenceId: `${prefix}-2`, description: 'Invoice 2' },
			];
			const preview = await hook(`e2e-bind-preview-${sendAs}`, { rows: payRows });
			assert.equal(preview.status, 200, preview.text);
			const previewed = JSON.parse(preview.text);
			assert.deepEqual(previewed.map((item) => [item.preview, item.inquiryId, item.chunk]), [[true, a, 1], [true, b, sendAs === 'bulk' ? 1 : 2]]);
			const approval = previewed[0].batch.approval;
			assert.equal((await creates()).length, 0);

			const swapped = [{ ...payRows[0], inquiryId: b }, { ...payRows[1], inquiryId: a }];
			const refused = await hook(`e2e-bind-pay-${sendAs}`, { rows: swapped, approval });
			assert.ok(refused.status >= 400, `the refused run answered ${refused.status}`);
			const failed = await waitFor('the refused execution', async () =>
				(await rest.listExecutions({ workflowId: bound[`e2e-bind-pay-${sendAs}`] })).find((e) => e.status === 'error'),
			);
			const record = await rest.getExecution(failed.id);
			assert.match(record.data.resultData.error.message, /^The batch is not the one approved: .*Nothing was sent\.$/);
			assert.equal((await creates()).length, 0, 'nothing sent for a changed batch');

			const paid = await hook(`e2e-bind-pay-${sendAs}`, { rows: payRows, approval });
			assert.equal(paid.status, 200, paid.text);
			assert.deepEqual((await creates()).map((r) => r.xRequestId), [...new Set(previewed.map((item) => item.requestId))]);
			assert.deepEqual((await payouts()).map((p) => [p.referenceId, p.inquiryId]).sort(), [[`${prefix}-1`, a], [`${prefix}-2`, b]]);
		});
	}
});
