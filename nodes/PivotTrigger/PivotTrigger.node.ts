/**
 * Pivot Trigger: Pivot's payout callbacks (webhooks) into workflows.
 *
 * Pivot has no API to register a callback URL (the user pastes it in the dashboard) and signs
 * nothing: the only proof a callback comes from Pivot is the X-API-Key header, equal to the
 * Callback API Key of the credential. Every request is checked against it before its body is
 * even read, and nothing of a refused request is echoed back.
 */
import type {
	IDataObject,
	IHookFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { deepCopy, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { credentialSecrets, scrubAnswer } from '../lib/transport/scrub';
import { expandBulk } from './expand';
import { asPivotCallback, normaliseCallback, PAYOUT_EVENTS } from './normalise';
import { exceedsDepth, MAX_BODY_DEPTH, readBody, redactedHeaders, refuse } from './request';
import { verifyCallbackKey } from './verify';

export class PivotTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Pivot Trigger',
		name: 'pivotTrigger',
		icon: { light: 'file:../../icons/pivot.svg', dark: 'file:../../icons/pivot.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ ($parameter["events"] || []).length === 0 || ($parameter["events"] || []).length >= 6 ? "All payout events" : $parameter["events"].join(", ") }}',
		description: 'Starts the workflow when Pivot reports a payout status change',
		defaults: { name: 'Pivot Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'pivotApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName:
					"Pivot has no API to register callback URLs. Copy this node's Production URL into Pivot Dashboard → Settings → Developer Settings → Callbacks (Payout), and copy the Callback API Key shown there into the Pivot credential: callbacks without that key are refused.",
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: [
					{
						name: 'Payout Cancelled',
						value: 'PAYOUT.CANCELLED',
						description: 'PAYOUT.CANCELLED: a bulk request was cancelled',
					},
					{
						name: 'Payout Delayed',
						value: 'PAYOUT.DELAYED',
						description: 'PAYOUT.DELAYED: a payout or bulk request is taking longer than expected',
					},
					{
						name: 'Payout Done',
						value: 'PAYOUT.DONE',
						description: 'PAYOUT.DONE: a bulk request was processed (see its totals)',
					},
					{
						name: 'Payout Failed',
						value: 'PAYOUT.FAILED',
						description: 'PAYOUT.FAILED: a payout failed (see reason and advice)',
					},
					{
						name: 'Payout Pending',
						value: 'PAYOUT.PENDING',
						description: 'PAYOUT.PENDING: a bulk request waits, e.g. for a balance top-up',
					},
					{
						name: 'Payout Success',
						value: 'PAYOUT.SUCCESS',
						description: 'PAYOUT.SUCCESS: a payout was credited to the beneficiary',
					},
				],
				default: [...PAYOUT_EVENTS],
				description:
					'Callbacks that start the workflow. Others are acknowledged to Pivot (HTTP 200) without running it. None selected means all.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Expand Bulk Results',
						name: 'expandBulkResults',
						type: 'boolean',
						default: false,
						description:
							'Whether to fetch the payouts of a bulk request on a request-level event (all pages) and output one item per payout instead of the totals',
					},
					{
						displayName: 'Include Raw Callback',
						name: 'includeRaw',
						type: 'boolean',
						default: false,
						description:
							'Whether to add the body and headers as Pivot sent them under "raw" (the X-API-Key header redacted)',
					},
					{
						displayName: 'Merchant ID',
						name: 'merchantId',
						type: 'string',
						default: '',
						placeholder: 'e.g. 922e39ab-7565-49f6-b84f-fb56122821ae',
						description:
							'Refuse (HTTP 401) callbacks whose merchantId is another one. Leave empty to accept any.',
					},
				],
			},
		],
	};

	webhookMethods = {
		default: {
			// Nothing to register: Pivot only takes callback URLs through its dashboard (like the
			// Slack Trigger, these exist because n8n's lifecycle and lint expect them).
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const credentials = await this.getCredentials('pivotApi');
		const check = verifyCallbackKey(this.getHeaderData() as IDataObject, credentials.callbackApiKey);
		if (check === 'notConfigured') {
			// Thrown rather than answered 401: n8n then records a failed execution with this message
			// (visible in the executions list and to an error workflow) and answers Pivot 500, which
			// Pivot retries for 12 h, so the callbacks arrive once the key is filled in.
			throw new NodeOperationError(
				this.getNode(),
				'The Pivot credential has no Callback API Key, so this callback was refused',
				{
					description:
						'Copy the Callback API Key from Pivot Dashboard → Settings → Developer Settings → Callbacks into the Pivot credential of this trigger. Until then every callback is refused with HTTP 500, which Pivot retries for up to 12 hours.',
				},
			);
		}
		if (check !== 'valid') return refuse.call(this, 401, 'Unauthorized');

		const read = await readBody.call(this);
		// An authentic request with no body is no event: Pivot's dashboard checks the URL answers 200
		// when it is registered (Pivot's callback set-up guide).
		if (read.kind === 'empty') return { webhookResponse: { message: 'OK' } };
		if (read.kind === 'malformed') return refuse.call(this, 400, 'Bad Request: the body is not valid JSON');
		if (exceedsDepth(read.value)) {
			return refuse.call(this, 400, `Bad Request: the body is nested deeper than ${MAX_BODY_DEPTH} levels`);
		}
		const parsed = asPivotCallback(read.value);
		if (!parsed.ok) return refuse.call(this, 400, `Bad Request: ${parsed.problem}`);
		const { callback } = parsed;

		const options = this.getNodeParameter('options', {}) as {
			expandBulkResults?: boolean;
			includeRaw?: boolean;
			merchantId?: string;
		};
		const merchantId = String(options.merchantId ?? '').trim();
		if (merchantId !== '' && callback.data.merchantId !== merchantId) {
			return refuse.call(this, 401, 'Unauthorized');
		}

		const selected = this.getNodeParameter('events', []) as string[];
		if (selected.length > 0 && !selected.includes(callback.event)) {
			// 200, not 4xx: the callback is fine, this workflow just does not want it (and Pivot
			// would resend a refused one for hours).
			return { webhookResponse: { message: 'OK: event not selected' } };
		}

		let items = normaliseCallback(callback);
		if (options.expandBulkResults === true && items.length === 1 && items[0].scope === 'bulk') {
			items = await expandBulk.call(this, items[0]);
		}

		const output: IDataObject[] = items;
		if (options.includeRaw === true) {
			// Every secret of the credential out of both, in any form (a key stored with a stray space
			// arrives trimmed); the body is otherwise as sent, numbers and amounts never changed.
			const secrets = credentialSecrets(credentials);
			const raw = {
				body: scrubAnswer(read.value, secrets) as IDataObject,
				headers: redactedHeaders(this.getHeaderData() as IDataObject, secrets),
			};
			// A copy each: items are mutable downstream and must not share one object.
			for (const item of output) item.raw = deepCopy(raw);
		}
		const workflowData: INodeExecutionData[] = this.helpers.returnJsonArray(output);
		return { workflowData: [workflowData] };
	}
}
