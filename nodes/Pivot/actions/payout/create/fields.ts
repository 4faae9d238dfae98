import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_AMOUNT, DEFAULT_MIN_AMOUNT } from '../../../../lib/money';
import { concurrencyOption } from '../../common';
import { allowUnlistedChannelField, channelCodeField } from '../../fields';
import { agentGuardFields } from './agentGuard';
import { approvalFields } from './approval';

const show = { resource: ['payout'], operation: ['create'] };
const byChannel = { ...show, destination: ['channel'] };

/**
 * n8n's node panel shows no required marker on node parameters (its ParameterInputFull passes no
 * `required` to the label; only the credential form shows the asterisk), so each required field
 * says it in its hint, which shows under the field in n8n 1.x and 2.x alike.
 */
export const createFields: INodeProperties[] = [
	{
		displayName:
			'Running again with the same rows pays nothing twice: Pivot accepts each Reference ID once, and the same request gets the same answer. So the Reference ID must stay the same on every run (an invoice or row ID), never the time or the execution ID.',
		name: 'rerunNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Send As',
		name: 'sendAs',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'One Request per Item',
				value: 'perItem',
				description: 'Each input item is its own payout request',
			},
			{
				name: 'One Bulk Request for All Items',
				value: 'bulk',
				description: 'All input items go in one request (split into requests of at most 1000)',
			},
		],
		default: 'perItem',
		displayOptions: { show },
	},
	{
		displayName: 'Destination',
		name: 'destination',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'By Inquiry ID', value: 'inquiry', description: 'An account validated with Account Inquiry' },
			{ name: 'By Channel', value: 'channel', description: 'Channel code, account number and account name' },
		],
		default: 'inquiry',
		displayOptions: { show },
	},
	{
		displayName: 'Inquiry ID',
		name: 'inquiryId',
		type: 'string',
		required: true,
		default: '={{ $json.inquiryId }}',
		hint: 'Required. By default the inquiryId of the input item (from Account Inquiry → Validate).',
		description: 'The inquiryId from Account Inquiry → Validate',
		displayOptions: { show: { ...show, destination: ['inquiry'] } },
	},
	channelCodeField(byChannel),
	{
		displayName: 'Account Number',
		name: 'accountNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: '1234567890',
		hint: 'Required. Digits only, mapped as text.',
		description:
			'Digits only (an e-wallet number may start with +). Map it as text: a number loses leading zeros, and one longer than 15 digits loses digits, so such values are refused.',
		displayOptions: { show: byChannel },
	},
	{
		displayName: 'Account Name',
		name: 'accountName',
		type: 'string',
		required: true,
		default: '',
		hint: 'Required. The name on the account.',
		displayOptions: { show: byChannel },
	},
	allowUnlistedChannelField(byChannel),
	{
		displayName: 'Amount (IDR)',
		name: 'amount',
		type: 'string',
		required: true,
		default: '',
		placeholder: '150000',
		hint: 'Required. Whole rupiah without dots or commas: 150000, not 150.000.',
		description: 'Whole rupiah, as a number or digits only (no separators)',
		displayOptions: { show },
	},
	{
		displayName: 'Reference ID',
		name: 'referenceId',
		type: 'string',
		required: true,
		default: '',
		hint: 'Required. Your unique ID for this payout; the same on every re-run.',
		description:
			"Your own unique ID for this payout (letters, digits, '.', '_', '-'; at most 100). Pivot refuses a Reference ID it has seen before, which is what makes re-runs safe. Use a value that stays the same when the workflow runs again (an invoice or row ID); never one that changes on retry, such as the current time ($now) or the execution ID.",
		displayOptions: { show },
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		default: '',
		description: "Shown on the beneficiary's statement: at most 20 letters, digits or spaces",
		displayOptions: { show },
	},
	...approvalFields,
	...agentGuardFields,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Attempts on No Answer',
				name: 'maxAttempts',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10 },
				default: 3,
				description:
					'When Pivot does not answer (timeout, reset, 5xx, 408), how many times to send the same request in total. Each time, the payout is first looked up by Reference ID.',
			},
			{
				displayName: 'Bulk Request Size',
				name: 'chunkSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 1000 },
				default: 1000,
				description: 'Payouts per request (Pivot allows at most 1000)',
				displayOptions: { show: { '/sendAs': ['bulk'] } },
			},
			concurrencyOption(1),
			{
				displayName: 'Idempotency Key (X-REQUEST-ID)',
				name: 'requestId',
				type: 'string',
				default: '',
				description:
					'Leave empty to derive it from the request body, so retries and re-runs reuse it. If set: 16 to 36 letters or digits, unique per request.',
			},
			{
				displayName: 'Maximum Amount',
				name: 'maxAmount',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_MAX_AMOUNT,
				description: 'Refuse any payout above this many rupiah before sending anything',
			},
			{
				displayName: 'Minimum Amount',
				name: 'minAmount',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_MIN_AMOUNT,
				description: 'Refuse any payout below this many rupiah before sending anything',
			},
			{
				displayName: 'Retry Delay (Seconds)',
				name: 'retryDelaySeconds',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 60, numberPrecision: 2 },
				default: 2,
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 300 },
				default: 65,
				description: 'How long to wait for an answer to one create request; Pivot itself stops at 60 s',
			},
		],
	},
];
