import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getHistory from './getHistory.operation';

export { get, getHistory };

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
			{
				name: 'Get History',
				value: 'getHistory',
				description:
					'List the balance history (every top-up, payout and fee) between two dates, at most 6 months back',
				action: 'Get the balance history',
			},
		],
		default: 'get',
	},
	...get.description,
	...getHistory.description,
];
