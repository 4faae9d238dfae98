/**
 * Pivot (Local Payout API) action node.
 *
 * Programmatic rather than declarative: bulk mode aggregates many input items into one request,
 * and the create-payout path needs control declarative routing cannot give: a body-derived
 * X-REQUEST-ID, a look-up by Reference ID before any resend, and a token refresh on Pivot's
 * credentials_invalid whatever its HTTP status.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as balance from './actions/balance/Balance.resource';
import * as inquiry from './actions/inquiry/Inquiry.resource';
import * as payout from './actions/payout/Payout.resource';
import { router } from './actions/router';
import { searchChannels } from './methods/listSearch';

export class Pivot implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Pivot',
		name: 'pivot',
		icon: { light: 'file:../../icons/pivot.svg', dark: 'file:../../icons/pivot.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Pay out to Indonesian bank accounts and e-wallets with Pivot Payment',
		defaults: { name: 'Pivot' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'pivotApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Account Inquiry', value: 'inquiry' },
					{ name: 'Balance', value: 'balance' },
					{ name: 'Payout', value: 'payout' },
				],
				default: 'payout',
			},
			...balance.description,
			...inquiry.description,
			...payout.description,
		],
	};

	methods = { listSearch: { searchChannels } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
