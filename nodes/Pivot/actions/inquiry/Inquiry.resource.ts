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
				description: 'Get the result of an earlier account inquiry by its inquiry ID',
				action: 'Get an account inquiry',
			},
			{
				name: 'Validate',
				value: 'validate',
				description:
					"Check with the bank that a beneficiary's account exists and that its name matches. Needs the channel code (bank or e-wallet), the account number and the expected name; returns an inquiry ID to pay by.",
				action: 'Validate a beneficiary account',
			},
		],
		default: 'validate',
	},
	...validate.description,
	...get.description,
];
