// Workflows for the E2E suite: the example workflows (examples/*.json, rewritten to the
// CUSTOM.* types a custom extension gets) and small webhook-driven workflows, one per
// configuration of the Pivot node, so a test can run an operation on the running n8n with one
// HTTP call: POST /webhook/e2e-<slug> { rows: [...] } → one item per row → the Pivot node →
// the answer is every output item of the last node (responseData allEntries).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { REPO_ROOT, toCustomTypes } from '../../../scripts/lib/n8n.mjs';

export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');
export const CREDENTIAL_NAME = 'Pivot account';

/** An example workflow as users get it (n8n-nodes-pivot.* types). */
export function readExample(name) {
	return JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${name}.json`), 'utf8'));
}

/** An example workflow with CUSTOM.* types, as this suite loads the package. */
export function example(name) {
	return toCustomTypes(readExample(name));
}

/** The fixed webhookId of the example's Pivot Trigger. */
export function triggerWebhookId(workflow) {
	const trigger = workflow.nodes.find((n) => /pivotTrigger$/.test(n.type));
	if (!trigger?.webhookId) throw new Error(`${workflow.name}: no Pivot Trigger with a webhookId`);
	return trigger.webhookId;
}

/** The production URL of a Pivot Trigger (webhook path "webhook"). */
export function triggerUrl(baseUrl, webhookId) {
	return `${baseUrl}/webhook/${webhookId}/webhook`;
}

const credentials = (name = CREDENTIAL_NAME) => ({ pivotApi: { id: null, name } });

function webhookNode(slug) {
	return {
		id: randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: {
			httpMethod: 'POST',
			path: `e2e-${slug}`,
			responseMode: 'lastNode',
			responseData: 'allEntries',
			options: {},
		},
	};
}

function rowsNode() {
	return {
		id: randomUUID(),
		name: 'Rows',
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: [220, 0],
		parameters: { fieldToSplitOut: 'body.rows', options: {} },
	};
}

/** A Pivot node (CUSTOM.pivot) with the given parameters and node settings. */
export function pivotNode(name, parameters, { settings = {}, credential, position = [440, 0] } = {}) {
	return {
		id: randomUUID(),
		name,
		type: 'CUSTOM.pivot',
		typeVersion: 1,
		position,
		credentials: credentials(credential),
		parameters,
		...settings,
	};
}

export function waitNode(name, seconds, position) {
	return {
		id: randomUUID(),
		name,
		type: 'n8n-nodes-base.wait',
		typeVersion: 1.1,
		position,
		webhookId: randomUUID(),
		parameters: { amount: seconds, unit: 'seconds' },
	};
}

function chain(names) {
	const connections = {};
	for (let i = 0; i < names.length - 1; i++) {
		connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	}
	return connections;
}

/**
 * Webhook → Rows (one item per body.rows entry) → ...nodes in a chain. The last node's items
 * are the webhook's answer.
 */
export function webhookWorkflow(slug, nodes) {
	const all = [webhookNode(slug), rowsNode(), ...nodes];
	all.forEach((node, i) => (node.position = [i * 220, 0]));
	return {
		name: `E2E: ${slug}`,
		nodes: all,
		connections: chain(all.map((n) => n.name)),
		settings: { executionOrder: 'v1' },
	};
}

/** Webhook → Rows → one Pivot node named "Pivot". */
export function opWorkflow(slug, parameters, options) {
	return webhookWorkflow(slug, [pivotNode('Pivot', parameters, options)]);
}

/** A resource locator value for Channel Code, from an expression or a fixed code. */
export const channel = (value) => ({ __rl: true, mode: 'id', value });

/** Payout → Create by channel, every field from the row (see payoutRowMaker in test/support). */
export const byChannel = {
	destination: 'channel',
	channelCode: channel('={{ $json.channel }}'),
	accountNumber: '={{ $json.accountNumber }}',
	accountName: '={{ $json.accountName }}',
	amount: '={{ $json.amount }}',
	referenceId: '={{ $json.referenceId }}',
	description: '={{ $json.description ?? "" }}',
};

/** Every webhook workflow of the suite, by slug. */
export function suiteWorkflows({ tokenCredential, wrongKeyCredential, wrongKeyWebhookId }) {
	const create = (extra) => ({ resource: 'payout', operation: 'create', ...extra });
	const workflows = {
		balance: opWorkflow(
			'balance',
			{ resource: 'balance', operation: 'get', options: { requireAtLeast: '={{ $json.requireAtLeast }}' } },
			{ settings: { onError: 'continueRegularOutput' } },
		),
		validate: opWorkflow(
			'validate',
			{
				resource: 'inquiry',
				operation: 'validate',
				channelCode: channel('={{ $json.channel }}'),
				accountNumber: '={{ $json.accountNumber }}',
				accountName: '={{ $json.accountName }}',
				options: { onInvalid: 'pass', onWarning: 'pass', pollIntervalSeconds: 0.2, maxWaitSeconds: 10 },
			},
		),
		inquiryGet: opWorkflow('inquiry-get', { resource: 'inquiry', operation: 'get', inquiryId: '={{ $json.inquiryId }}', options: { onWarning: 'pass' } }),
		createByInquiry: opWorkflow(
			'create-by-inquiry',
			create({
				sendAs: 'perItem',
				destination: 'inquiry',
				inquiryId: '={{ $json.inquiryId }}',
				amount: '={{ $json.amount }}',
				referenceId: '={{ $json.referenceId }}',
				description: '={{ $json.description ?? "" }}',
				options: {},
			}),
		),
		createPerItem: opWorkflow('create-per-item', create({ sendAs: 'perItem', ...byChannel, options: {} })),
		createBulk: opWorkflow('create-bulk', create({ sendAs: 'bulk', ...byChannel, options: {} })),
		// Maximum Amount from the row, so a test can give it text.
		createCapped: opWorkflow('create-capped', create({ sendAs: 'perItem', ...byChannel, options: { maxAmount: '={{ $json.cap }}' } })),
		// Every failure kept on its item, to read what an echoing server's answer became.
		createContinue: opWorkflow('create-continue', create({ sendAs: 'perItem', ...byChannel, options: { maxAttempts: 1, retryDelaySeconds: 0 } }), {
			settings: { onError: 'continueRegularOutput' },
		}),
		// Retry On Fail on, and the node's own resend after an unknown outcome.
		createSelfRecover: opWorkflow(
			'create-self-recover',
			create({ sendAs: 'perItem', ...byChannel, options: { retryDelaySeconds: 0.2 } }),
			{ settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 1000 } },
		),
		// One attempt of its own, so an unknown outcome fails the node and n8n's Retry On Fail runs it again.
		createRetryOnFail: opWorkflow(
			'create-retry-on-fail',
			create({ sendAs: 'perItem', ...byChannel, options: { maxAttempts: 1, retryDelaySeconds: 0 } }),
			{ settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 1000 } },
		),
		// Concurrent Requests: 8 creates at a time, one attempt each, Retry On Fail; 8 inquiries at a time.
		createConcurrent: opWorkflow(
			'create-concurrent',
			create({ sendAs: 'perItem', ...byChannel, options: { concurrency: 8, maxAttempts: 1, retryDelaySeconds: 0 } }),
			{ settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 1000 } },
		),
		validateConcurrent: opWorkflow('validate-concurrent', {
			resource: 'inquiry',
			operation: 'validate',
			channelCode: channel('={{ $json.channel }}'),
			accountNumber: '={{ $json.accountNumber }}',
			accountName: '={{ $json.accountName }}',
			options: { concurrency: 8 },
		}),
		getByUuid: opWorkflow('get-by-uuid', {
			resource: 'payout',
			operation: 'get',
			lookUpBy: 'uuid',
			uuid: '={{ $json.uuid }}',
			returnAll: true,
		}),
		getByUuidLimit: opWorkflow('get-by-uuid-limit', {
			resource: 'payout',
			operation: 'get',
			lookUpBy: 'uuid',
			uuid: '={{ $json.uuid }}',
			returnAll: false,
			limit: 2,
		}),
		getByUuidAndReference: opWorkflow('get-by-uuid-and-reference', {
			resource: 'payout',
			operation: 'get',
			lookUpBy: 'uuidAndReference',
			uuid: '={{ $json.uuid }}',
			referenceId: '={{ $json.referenceId }}',
		}),
		getByReference: opWorkflow('get-by-reference', {
			resource: 'payout',
			operation: 'get',
			lookUpBy: 'reference',
			referenceId: '={{ $json.referenceId }}',
		}),
		// A run longer than the token lifetime: every Pivot call of this one uses a credential of
		// its own, so its first token is issued under the short lifetime.
		longRun: webhookWorkflow('long-run', [
			pivotNode('Balance', { resource: 'balance', operation: 'get', options: {} }, { credential: tokenCredential }),
			waitNode('Wait 1', 2.1),
			pivotNode(
				'Validate',
				{
					resource: 'inquiry',
					operation: 'validate',
					channelCode: channel("={{ $('Rows').item.json.channel }}"),
					accountNumber: "={{ $('Rows').item.json.accountNumber }}",
					accountName: "={{ $('Rows').item.json.accountName }}",
					options: {},
				},
				{ credential: tokenCredential },
			),
			waitNode('Wait 2', 2.1),
			pivotNode(
				'Create',
				create({
					sendAs: 'perItem',
					destination: 'inquiry',
					inquiryId: '={{ $json.inquiryId }}',
					amount: "={{ $('Rows').item.json.amount }}",
					referenceId: "={{ $('Rows').item.json.referenceId }}",
					options: {},
				}),
				{ credential: tokenCredential },
			),
			waitNode('Wait 3', 2.1),
			pivotNode(
				'Get',
				{ resource: 'payout', operation: 'get', lookUpBy: 'reference', referenceId: "={{ $('Rows').item.json.referenceId }}" },
				{ credential: tokenCredential },
			),
		]),
	};
	const wrongKeyTrigger = {
		name: 'E2E: trigger with a wrong Callback API Key',
		nodes: [
			{
				id: randomUUID(),
				name: 'Pivot Trigger',
				type: 'CUSTOM.pivotTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: wrongKeyWebhookId,
				credentials: credentials(wrongKeyCredential),
				parameters: { options: {} },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
	return { workflows, wrongKeyTrigger };
}
