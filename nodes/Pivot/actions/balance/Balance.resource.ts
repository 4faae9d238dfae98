import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';

export { get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['balance'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get the rupiah balance available for payouts (the DISBURSEMENT balance); needs nothing',
				action: 'Get the payout balance',
			},
		],
		default: 'get',
	},
	...get.description,
];
