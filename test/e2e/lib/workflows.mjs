// Workflows for the E2E suite: the example workflows (examples/*.json, rewritten to the
// CUSTOM.* types a custom extension gets) and small webhook-driven workflows, one per
// configuration of the Pivot node, so a test can run an operation on the running n8n with one
// HTTP call: POST /webhook/e2e-<slug> { rows: [...] } → one item per row → the Pivot node →
// the answer is every output item of the last node (responseData allEntries).
import fs from 'node:fs';
import path from 'node:path';

import { REPO_ROOT, toCustomTypes } from '../../../scripts/lib/n8n.mjs';
import {
	channel,
	createFromRow,
	pivotNode,
	pivotTriggerNode,
	PIVOT_CREDENTIAL_NAME,
	triggerUrl,
	validateFromRow,
	waitNode,
	webhookWorkflow,
	workflow,
} from '../../support/workflows.mjs';

export { triggerUrl };
export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');
export const CREDENTIAL_NAME = PIVOT_CREDENTIAL_NAME;

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

/** The bulk example with its row 2's amount written with thousands dots ("1.500.000"): a bad row. */
export function bulkExampleWithBadRow() {
	const badBulk = example('bulk-payout-from-list');
	badBulk.name += ' (one bad row)';
	const list = badBulk.nodes.find((node) => node.name === 'Payout List');
	const badJson = list.parameters.jsonOutput.replace('"amount": 175000', '"amount": "1.500.000"');
	if (badJson === list.parameters.jsonOutput) throw new Error('the bulk example no longer has row 2 with amount 175000');
	list.parameters.jsonOutput = badJson;
	return badBulk;
}

/** Webhook (POST /webhook/e2e-<slug> { rows }) → Rows → one Pivot node named "Pivot". */
export function opWorkflow(slug, parameters, options) {
	return webhookWorkflow(`e2e-${slug}`, [pivotNode('Pivot', parameters, options)], { name: `E2E: ${slug}` });
}

/** Every webhook workflow of the suite, by slug. */
export function suiteWorkflows({ tokenCredential, wrongKeyCredential, wrongKeyWebhookId } = {}) {
	const workflows = {
		balance: opWorkflow(
			'balance',
			{ resource: 'balance', operation: 'get', options: { requireAtLeast: '={{ $json.requireAtLeast }}' } },
			{ settings: { onError: 'continueRegularOutput' } },
		),
		validate: opWorkflow('validate', validateFromRow({ onInvalid: 'pass', onWarning: 'pass', pollIntervalSeconds: 0.2, maxWaitSeconds: 10 })),
		inquiryGet: opWorkflow('inquiry-get', { resource: 'inquiry', operation: 'get', inquiryId: '={{ $json.inquiryId }}', options: { onWarning: 'pass' } }),
		createByInquiry: opWorkflow('create-by-inquiry', createFromRow({ destination: 'inquiry' })),
		createPerItem: opWorkflow('create-per-item', createFromRow({ sendAs: 'perItem', options: {} })),
		createBulk: opWorkflow('create-bulk', createFromRow({ sendAs: 'bulk', options: {} })),
		// Maximum Amount from the row, so a test can give it text.
		createCapped: opWorkflow('create-capped', createFromRow({ sendAs: 'perItem', options: { maxAmount: '={{ $json.cap }}' } })),
		// Every failure kept on its item, to read what an echoing server's answer became.
		createContinue: opWorkflow('create-continue', createFromRow({ sendAs: 'perItem', options: { maxAttempts: 1, retryDelaySeconds: 0 } }), {
			settings: { onError: 'continueRegularOutput' },
		}),
		// Retry On Fail on, and the node's own resend after an unknown outcome.
		createSelfRecover: opWorkflow(
			'create-self-recover',
			createFromRow({ sendAs: 'perItem', options: { retryDelaySeconds: 0.2 } }),
			{ settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 1000 } },
		),
		// One attempt of its own, so an unknown outcome fails the node and n8n's Retry On Fail runs it again.
		createRetryOnFail: opWorkflow(
			'create-retry-on-fail',
			createFromRow({ sendAs: 'perItem', options: { maxAttempts: 1, retryDelaySeconds: 0 } }),
			{ settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 1000 } },
		),
		// Concurrent Requests: 8 creates at a time, one attempt each, Retry On Fail; 8 inquiries at a time.
		createConcurrent: opWorkflow(
			'create-concurrent',
			createFromRow({ sendAs: 'perItem', options: { concurrency: 8, maxAttempts: 1, retryDelaySeconds: 0 } }),
			{ settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 1000 } },
		),
		validateConcurrent: opWorkflow('validate-concurrent', validateFromRow({ concurrency: 8 })),
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
		longRun: webhookWorkflow(
			'e2e-long-run',
			[
			pivotNode('Balance', { resource: 'balance', operation: 'get', options: {} }, { credential: tokenCredential }),
			waitNode('Wait 1', 2.1),
			pivotNode(
				'Validate',
				{
					resource: 'inquiry',
					operation: 'validate',
					channelCode: channel("={{ $('Rows').item.json.channelCode }}"),
					accountNumber: "={{ $('Rows').item.json.accountNumber }}",
					accountName: "={{ $('Rows').item.json.accountName }}",
					options: {},
				},
				{ credential: tokenCredential },
			),
			waitNode('Wait 2', 2.1),
			pivotNode(
				'Create',
				{
					resource: 'payout',
					operation: 'create',
					sendAs: 'perItem',
					destination: 'inquiry',
					inquiryId: '={{ $json.inquiryId }}',
					amount: "={{ $('Rows').item.json.amount }}",
					referenceId: "={{ $('Rows').item.json.referenceId }}",
					options: {},
				},
				{ credential: tokenCredential },
			),
			waitNode('Wait 3', 2.1),
			pivotNode(
				'Get',
				{ resource: 'payout', operation: 'get', lookUpBy: 'reference', referenceId: "={{ $('Rows').item.json.referenceId }}" },
				{ credential: tokenCredential },
			),
			],
			{ name: 'E2E: long-run' },
		),
	};
	const wrongKeyTrigger = workflow('E2E: trigger with a wrong Callback API Key', [
		pivotTriggerNode(wrongKeyWebhookId, { credential: wrongKeyCredential }),
	]);
	return { workflows, wrongKeyTrigger };
}
