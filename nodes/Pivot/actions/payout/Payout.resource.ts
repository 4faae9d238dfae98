import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
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
				description: 'Pay out to bank accounts or e-wallets, one by one or in bulk',
				action: 'Create a payout',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get payouts by request UUID or Reference ID',
				action: 'Get a payout',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
];
