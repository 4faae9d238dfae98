// Workflows of the queue-mode suite and benchmark. The Pivot operations reuse the E2E suite's
// builders (POST /webhook/e2e-<slug> { rows } → one item per row → the Pivot node); the callback
// workflows start at a Pivot Trigger (or, for the benchmark's comparison, n8n's Webhook node with
// Header Auth) and report every event that gets through to a sink outside n8n, so "exactly once
// downstream" is counted where n8n cannot fake it.
import { opWorkflow } from '../../e2e/lib/workflows.mjs';
import {
	createFromRow,
	credentialRef,
	httpRequestNode,
	node,
	noOpNode,
	pivotNode,
	pivotTriggerNode,
	PIVOT_CREDENTIAL_NAME,
	validateFromRow,
	webhookNode,
	webhookWorkflow,
	workflow,
} from '../../support/workflows.mjs';

export const CREDENTIAL_NAME = PIVOT_CREDENTIAL_NAME;
export const HEADER_AUTH_NAME = 'Callback header auth';
export const RECONCILE_WEBHOOK_ID = '7a3e51c4-2b8d-4f6a-9e0c-5d1b2a3c4e01';
export const PLAIN_TRIGGER_WEBHOOK_ID = '7a3e51c4-2b8d-4f6a-9e0c-5d1b2a3c4e02';

/** The Pivot operations, by key; the webhook path of each is /webhook/e2e-<slug>. */
export function operationWorkflows() {
	return {
		balance: opWorkflow('q-balance', { resource: 'balance', operation: 'get', options: {} }),
		validate: opWorkflow('q-validate', validateFromRow()),
		inquiryGet: opWorkflow('q-inquiry-get', { resource: 'inquiry', operation: 'get', inquiryId: '={{ $json.inquiryId }}' }),
		createPerItem: opWorkflow('q-create-per-item', createFromRow({ sendAs: 'perItem' })),
		createBulk: opWorkflow('q-create-bulk', createFromRow({ sendAs: 'bulk' })),
		// the same bulk, answered on receipt: a worker killed mid-run must not leave a caller hanging
		crashBulk: webhookWorkflow('e2e-q-crash-bulk', [pivotNode('Pivot', createFromRow({ sendAs: 'bulk' }))], {
			name: 'E2E: q-crash-bulk',
			answer: 'onReceived',
		}),
		getByReference: opWorkflow('q-get-by-reference', {
			resource: 'payout',
			operation: 'get',
			lookUpBy: 'reference',
			referenceId: '={{ $json.referenceId }}',
		}),
	};
}

export const slugOf = (workflow) => workflow.nodes.find((node) => node.type === 'n8n-nodes-base.webhook').parameters.path;

/** POSTs what reached it to the sink: event, referenceId (or uuid for bulk events), dedupeKey. */
function reportNode(sinkUrl) {
	return httpRequestNode('Report', {
		method: 'POST',
		url: sinkUrl,
		sendBody: true,
		specifyBody: 'json',
		jsonBody: '={{ JSON.stringify({ event: $json.event, referenceId: $json.referenceId ?? $json.uuid, dedupeKey: $json.dedupeKey }) }}',
	});
}

/**
 * Pivot Trigger → Remove Duplicates on dedupeKey ("items processed in previous executions", kept
 * by n8n in its database: Postgres here, shared by all workers) → Report to the sink.
 * `dedupe: false` leaves Remove Duplicates out (to show what it protects against).
 */
export function reconcileWorkflow(sinkUrl, { dedupe = true, webhookId = RECONCILE_WEBHOOK_ID } = {}) {
	const nodes = [pivotTriggerNode(webhookId)];
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
	return workflow(`Queue: reconcile callbacks${dedupe ? '' : ' (no Remove Duplicates)'}`, nodes);
}

/** For the benchmark: the Pivot Trigger alone, and n8n's Webhook node with Header Auth on X-API-Key. */
export function benchCallbackWorkflows() {
	const webhook = webhookNode('q-header-auth', {
		answer: 'onReceived',
		parameters: { authentication: 'headerAuth' },
		credentials: credentialRef({ type: 'httpHeaderAuth', name: HEADER_AUTH_NAME }),
	});
	return {
		pivotTrigger: workflow('Bench: Pivot Trigger', [pivotTriggerNode(PLAIN_TRIGGER_WEBHOOK_ID), noOpNode()]),
		headerAuth: workflow('Bench: Webhook with Header Auth', [webhook, noOpNode()]),
	};
}
