// The workflows of P1–P4, imported and published before n8n starts: one credential per P1 case (so
// each job starts without a token), the Pivot node and its peers (HTTP Request with a header
// token, the same bodies from a script, n8n's Webhook node with Header Auth).
import { randomBytes } from 'node:crypto';

import { n8nId } from '../../scripts/lib/n8n.mjs';
import { createFromRow, credentialRef, httpRequestNode, pivotNode, pivotTriggerNode, webhookNode, workflow } from '../../test/support/workflows.mjs';
import { benchWorkflow, issueToken, pivotCredential } from '../lib.mjs';
import { ids, P1_CASES } from './context.mjs';

const balanceGet = { resource: 'balance', operation: 'get', options: {} };

function p1Workflows(sandbox, credentials, workflows) {
	for (const c of P1_CASES) {
		if (c.warm) continue;
		const credential = pivotCredential(sandbox, { name: `Pivot P1 ${c.mode} ${c.n}` });
		credentials.push(credential);
		const wf = benchWorkflow(`P1 ${c.mode} ${c.n}`, `p1-${c.mode}-${c.n}`, [pivotNode('Pivot', createFromRow({ sendAs: c.mode }), { credential })]);
		c.workflowId = wf.id;
		workflows.push(wf);
	}
	// a second job on the credential of the first job of the same size, within the token's lifetime
	for (const c of P1_CASES.filter((x) => x.warm)) {
		c.workflowId = P1_CASES.find((x) => !x.warm && x.mode === c.mode && x.n === c.n).workflowId;
	}
}

/** P2: Balance → Get through the Pivot node, and through n8n's HTTP Request node with a header token. */
async function p2Workflows(sandbox, main, credentials, workflows) {
	const header = { id: n8nId(), name: 'Bearer token (bench)', type: 'httpHeaderAuth', data: { name: 'Authorization', value: `Bearer ${await issueToken(sandbox)}` } };
	credentials.push(header);
	const pivot = benchWorkflow('P2 Pivot node', 'p2-pivot', [pivotNode('Balance', balanceGet, { credential: main })]);
	const http = benchWorkflow('P2 HTTP Request node', 'p2-http', [
		httpRequestNode(
			'Balance',
			{
				method: 'GET',
				url: `${sandbox.url}/v1/payouts/balance`,
				authentication: 'genericCredentialType',
				genericAuthType: 'httpHeaderAuth',
				sendQuery: true,
				queryParameters: { parameters: [{ name: 'currency', value: 'IDR' }] },
			},
			{ credentials: credentialRef(header) },
		),
	]);
	ids.p2Pivot = pivot.id;
	ids.p2Http = http.id;
	workflows.push(pivot, http);
}

/** P4: the Pivot Trigger, and n8n's Webhook node with Header Auth on the same key (with and without an expression). */
function p4Workflows(sandbox, main, credentials, workflows) {
	ids.callbackKey = sandbox.callbackApiKey;
	const keyCredential = { id: n8nId(), name: 'X-API-Key header (bench)', type: 'httpHeaderAuth', data: { name: 'X-API-Key', value: ids.callbackKey } };
	credentials.push(keyCredential);
	const trigger = pivotTriggerNode(`${randomBytes(4).toString('hex')}-1111-4000-8000-${randomBytes(6).toString('hex')}`, { credential: main });
	const headerAuth = (path, parameters = {}) =>
		webhookNode(path, { answer: 'onReceived', parameters: { authentication: 'headerAuth', ...parameters }, credentials: credentialRef(keyCredential) });
	const p4Trigger = workflow('P4 Pivot Trigger', [trigger], { id: n8nId() });
	const p4Webhook = workflow('P4 Webhook + Header Auth', [headerAuth('p4-webhook')], { id: n8nId() });
	// One expression parameter makes n8n take an expression isolate for the webhook phase, as it
	// does for every other trigger node (bench/README.md, P4).
	const p4WebhookExpr = workflow('P4 Webhook + Header Auth, one expression parameter', [headerAuth('p4-webhook-expr', { options: { ipWhitelist: '={{ "" }}' } })], {
		id: n8nId(),
	});
	ids.p4Trigger = p4Trigger.id;
	ids.p4TriggerPath = `${trigger.webhookId}/webhook`;
	ids.p4Webhook = p4Webhook.id;
	ids.p4WebhookExpr = p4WebhookExpr.id;
	workflows.push(p4Trigger, p4Webhook, p4WebhookExpr);
}

export async function buildWorkflows({ sandbox }) {
	const main = pivotCredential(sandbox, { name: 'Pivot sandbox (bench)' });
	const credentials = [main];
	const workflows = [];
	p1Workflows(sandbox, credentials, workflows);
	await p2Workflows(sandbox, main, credentials, workflows);
	// P3: 5,000 items in bulk mode, and the same workflow without the Pivot node (n8n's own share)
	const p3 = benchWorkflow('P3 bulk 5000', 'p3-bulk', [pivotNode('Pivot', createFromRow({ sendAs: 'bulk' }), { credential: main })]);
	const p3Control = benchWorkflow('P3 control (no Pivot node)', 'p3-control', []);
	ids.p3 = p3.id;
	ids.p3Control = p3Control.id;
	workflows.push(p3, p3Control);
	p4Workflows(sandbox, main, credentials, workflows);
	return { credentials, workflows, publish: true };
}
