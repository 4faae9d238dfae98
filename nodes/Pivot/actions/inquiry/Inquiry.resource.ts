import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as validate from './validate.operation';

export { get, validate };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['inquiry'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get the result of an earlier account inquiry',
				action: 'Get an account inquiry',
			},
			{
				name: 'Validate',
				value: 'validate',
				description: "Check a beneficiary's account and name with the bank",
				action: 'Validate a beneficiary account',
			},
		],
		default: 'validate',
	},
	...validate.description,
	...get.description,
];
