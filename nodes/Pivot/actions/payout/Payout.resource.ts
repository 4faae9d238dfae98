import type { INodeProperties } from 'n8n-workflow';

import * as create from './create/operation';
import * as get from './get.operation';

export { create, get };

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
		],
		default: 'create',
	},
	...create.description,
	...get.description,
];
