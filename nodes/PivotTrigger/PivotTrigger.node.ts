/**
 * Pivot Trigger: Pivot's payout callbacks and its Top Up Callback (webhooks) into workflows.
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
import type { PayoutEventItem } from './normalise';
import { normaliseCallback, PAYOUT_EVENTS } from './normalise';
import { exceedsDepth, MAX_BODY_DEPTH, readBody, redactedHeaders, refuse } from './request';
import { callbackMerchant, routeCallback, unknownEventItem } from './route';
import { normaliseTopUp } from './topUp';
import { verifyCallbackKey } from './verify';

/**
 * "All payout events" when every payout event (or none, which means the same) is selected, else
 * the payout events selected; then "Top-ups" when they are selected.
 */
const EVENTS_SUBTITLE =
	'={{ [($parameter["events"] || []).length === 0 || ($parameter["events"] || []).filter((e) => e.startsWith("PAYOUT.")).length >= 6 ? "All payout events" : ($parameter["events"] || []).filter((e) => e.startsWith("PAYOUT.")).join(", "), ($parameter["events"] || []).includes("MERCHANT-TOP-UP.SUCCESS") ? "Top-ups" : ""].filter((part) => part !== "").join(", ") }}';

export class PivotTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Pivot Trigger',
		name: 'pivotTrigger',
		icon: { light: 'file:../../icons/pivot.svg', dark: 'file:../../icons/pivot.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: EVENTS_SUBTITLE,
		description: 'Starts the workflow when Pivot reports a payout status change or a balance top-up',
		defaults: { name: 'Pivot Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'pivotApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName:
					"Pivot has no API to register callback URLs. Copy this node's Production URL into Pivot Dashboard → Settings → Developer Settings → Callbacks (Payout, and Top Up for top-up events), and copy the Callback API Key shown there into the Pivot credential: callbacks without that key are refused.",
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
						name: 'Balance Top-Up Success',
						value: 'MERCHANT-TOP-UP.SUCCESS',
						description:
							'MERCHANT-TOP-UP.SUCCESS: the payout balance was topped up through a virtual account (Pivot\'s Top Up Callback). Not selected by default.',
					},
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
				// Never widened: n8n does not store a value equal to the default, so every workflow saved
				// with it would silently start receiving whatever a new default adds.
				default: [...PAYOUT_EVENTS],
				description:
					'Callbacks that start the workflow. Others are acknowledged to Pivot (HTTP 200) without running it. None selected means every payout event (top-ups only when selected).',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Emit Unknown Events',
						name: 'emitUnknownEvents',
						type: 'boolean',
						default: false,
						description:
							'Whether to start the workflow for callbacks with an event this version does not know, as received (scope "unknown", the body under "body"). Off: they are acknowledged to Pivot (HTTP 200) without running it.',
					},
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
		const options = this.getNodeParameter('options', {}) as {
			emitUnknownEvents?: boolean;
			expandBulkResults?: boolean;
			includeRaw?: boolean;
			merchantId?: string;
		};
		const route = routeCallback(read.value, {
			events: this.getNodeParameter('events', []) as string[],
			emitUnknown: options.emitUnknownEvents === true,
		});
		// 200, not 4xx, for an event this workflow does not listen to: the callback is fine, and
		// Pivot does not resend a refused one.
		if (route.kind === 'acknowledge') return { webhookResponse: { message: route.message } };
		if (route.kind === 'refuse') return refuse.call(this, 400, `Bad Request: ${route.problem}`);

		const merchantId = String(options.merchantId ?? '').trim();
		if (merchantId !== '' && callbackMerchant(route) !== merchantId) {
			return refuse.call(this, 401, 'Unauthorized');
		}

		const secrets = credentialSecrets(credentials);
		let items: IDataObject[];
		if (route.kind === 'topUp') {
			items = [normaliseTopUp(route.event, route.data)];
		} else if (route.kind === 'unknown') {
			// Nothing of the credential's secrets, as for Include Raw Callback.
			items = [unknownEventItem(route.event, scrubAnswer(route.body, secrets) as IDataObject)];
		} else {
			items = normaliseCallback(route.callback);
			if (options.expandBulkResults === true && items.length === 1 && items[0].scope === 'bulk') {
				items = await expandBulk.call(this, items[0] as PayoutEventItem);
			}
		}

		if (options.includeRaw === true) {
			// Every secret of the credential out of both, in any form (a key stored with a stray space
			// arrives trimmed); the body is otherwise as sent, numbers and amounts never changed.
			const raw = {
				body: scrubAnswer(read.value, secrets) as IDataObject,
				headers: redactedHeaders(this.getHeaderData() as IDataObject, secrets),
			};
			// A copy each: items are mutable downstream and must not share one object.
			for (const item of items) item.raw = deepCopy(raw);
		}
		const workflowData: INodeExecutionData[] = this.helpers.returnJsonArray(items);
		return { workflowData: [workflowData] };
	}
}
