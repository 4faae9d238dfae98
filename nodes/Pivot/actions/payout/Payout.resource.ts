import type { INodeProperties } from 'n8n-workflow';

import * as create from './create/operation';
import * as get from './get.operation';
import * as reconcile from './reconcile.operation';

export { create, get, reconcile };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['payout'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description:
					'Pay out rupiah to Indonesian bank accounts or e-wallets, one by one or in bulk. Needs a destination (an inquiry ID from Account Inquiry, or a channel code with account number and name), a whole-rupiah amount and a unique Reference ID. AI agents may only use it where a person allowed it in the node, within its limits.',
				action: 'Create a payout',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get the status of payouts by their request UUID (from Create) or your Reference ID: SUCCESS, FAILED with the reason, or still in progress',
				action: 'Get a payout',
			},
			{
				name: 'Reconcile',
				value: 'reconcile',
				description:
					'Check your own payout records (one item each: Reference ID, expected amount, optionally account and channel) against Pivot: each gets a verdict, matched, pending, awaitingTopUp, failed, mismatch, notAtPivot or unknown, and what Pivot holds',
				action: 'Reconcile payouts with your records',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...reconcile.description,
];
