// Workflows of the queue-mode suite and benchmark. The Pivot operations reuse the E2E suite's
// builders (POST /webhook/e2e-<slug> { rows } → one item per row → the Pivot node); the callback
// workflows start at a Pivot Trigger (or, for the benchmark's comparison, n8n's Webhook node with
// Header Auth) and report every event that gets through to a sink outside n8n, so "exactly once
// downstream" is counted where n8n cannot fake it.
import { randomUUID } from 'node:crypto';

import { byChannel, channel, opWorkflow } from '../../e2e/lib/workflows.mjs';

export const CREDENTIAL_NAME = 'Pivot account';
export const HEADER_AUTH_NAME = 'Callback header auth';
export const RECONCILE_WEBHOOK_ID = '7a3e51c4-2b8d-4f6a-9e0c-5d1b2a3c4e01';
export const PLAIN_TRIGGER_WEBHOOK_ID = '7a3e51c4-2b8d-4f6a-9e0c-5d1b2a3c4e02';

const create = (extra) => ({ resource: 'payout', operation: 'create', ...byChannel, options: {}, ...extra });

/** A webhook workflow that answers at once ("Workflow was started") instead of after the last node. */
function answerOnReceipt(workflow) {
	const hook = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.webhook');
	hook.parameters = { ...hook.parameters, responseMode: 'onReceived' };
	delete hook.parameters.responseData;
	return workflow;
}

/** The Pivot operations, by key; the webhook path of each is /webhook/e2e-<slug>. */
export function operationWorkflows() {
	return {
		balance: opWorkflow('q-balance', { resource: 'balance', operation: 'get', options: {} }),
		validate: opWorkflow('q-validate', {
			resource: 'inquiry',
			operation: 'validate',
			channelCode: channel('={{ $json.channel }}'),
			accountNumber: '={{ $json.accountNumber }}',
			accountName: '={{ $json.accountName }}',
			options: {},
		}),
		inquiryGet: opWorkflow('q-inquiry-get', { resource: 'inquiry', operation: 'get', inquiryId: '={{ $json.inquiryId }}' }),
		createPerItem: opWorkflow('q-create-per-item', create({ sendAs: 'perItem' })),
		createBulk: opWorkflow('q-create-bulk', create({ sendAs: 'bulk' })),
		// the same bulk, answered on receipt: a worker killed mid-run must not leave a caller hanging
		crashBulk: answerOnReceipt(opWorkflow('q-crash-bulk', create({ sendAs: 'bulk' }))),
		getByReference: opWorkflow('q-get-by-reference', {
			resource: 'payout',
			operation: 'get',
			lookUpBy: 'reference',
			referenceId: '={{ $json.referenceId }}',
		}),
	};
}

export const slugOf = (workflow) => workflow.nodes.find((node) => node.type === 'n8n-nodes-base.webhook').parameters.path;

function node(name, type, typeVersion, parameters, extra = {}) {
	return { id: randomUUID(), name, type, typeVersion, position: [0, 0], parameters, ...extra };
}

/** POSTs what reached it to the sink: event, referenceId (or uuid for bulk events), dedupeKey. */
function reportNode(sinkUrl) {
	return node('Report', 'n8n-nodes-base.httpRequest', 4.2, {
		method: 'POST',
		url: sinkUrl,
		sendBody: true,
		specifyBody: 'json',
		jsonBody: '={{ JSON.stringify({ event: $json.event, referenceId: $json.referenceId ?? $json.uuid, dedupeKey: $json.dedupeKey }) }}',
		options: {},
	});
}

function chain(nodes) {
	nodes.forEach((n, i) => (n.position = [i * 220, 0]));
	const connections = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { nodes, connections, settings: { executionOrder: 'v1' } };
}

function pivotTrigger(webhookId) {
	return node('Pivot Trigger', 'CUSTOM.pivotTrigger', 1, { options: {} }, {
		webhookId,
		credentials: { pivotApi: { id: null, name: CREDENTIAL_NAME } },
	});
}

/**
 * Pivot Trigger → Remove Duplicates on dedupeKey ("items processed in previous executions", kept
 * by n8n in its database: Postgres here, shared by all workers) → Report to the sink.
 * `dedupe: false` leaves Remove Duplicates out (to show what it protects against).
 */
export function reconcileWorkflow(sinkUrl, { dedupe = true, webhookId = RECONCILE_WEBHOOK_ID } = {}) {
	const nodes = [pivotTrigger(webhookId)];
	if (dedupe) {
		nodes.push(
			node('Drop Redeliveries', 'n8n-nodes-base.removeDuplicates', 2, {
				operation: 'removeItemsSeenInPreviousExecutions',
				dedupeValue: '={{ $json.dedupeKey }}',
				options: {},
			}),
		);
	}
	nodes.push(reportNode(sinkUrl));
	return { name: `Queue: reconcile callbacks${dedupe ? '' : ' (no Remove Duplicates)'}`, ...chain(nodes) };
}

/** For the benchmark: the Pivot Trigger alone, and n8n's Webhook node with Header Auth on X-API-Key. */
export function benchCallbackWorkflows() {
	const done = () => node('Done', 'n8n-nodes-base.noOp', 1, {});
	const webhook = node(
		'Webhook',
		'n8n-nodes-base.webhook',
		2,
		{ httpMethod: 'POST', path: 'q-header-auth', authentication: 'headerAuth', responseMode: 'onReceived', options: {} },
		{ webhookId: randomUUID(), credentials: { httpHeaderAuth: { id: null, name: HEADER_AUTH_NAME } } },
	);
	return {
		pivotTrigger: { name: 'Bench: Pivot Trigger', ...chain([pivotTrigger(PLAIN_TRIGGER_WEBHOOK_ID), done()]) },
		headerAuth: { name: 'Bench: Webhook with Header Auth', ...chain([webhook, done()]) },
	};
}
