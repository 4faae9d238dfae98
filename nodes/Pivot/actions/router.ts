import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as balance from './balance/Balance.resource';
import * as inquiry from './inquiry/Inquiry.resource';
import * as payout from './payout/Payout.resource';
import { everyItemFailed, onErrorSetting, renderForOnError } from './onError';

type Operation = { execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[]> };

const resources: Record<string, Record<string, Operation>> = {
	balance: { get: balance.get, getHistory: balance.getHistory },
	inquiry: { validate: inquiry.validate, get: inquiry.get },
	payout: { create: payout.create, get: payout.get, reconcile: payout.reconcile },
};

async function runOperation(context: IExecuteFunctions, resource: string, operation: string): Promise<INodeExecutionData[]> {
	const handler = resources[resource]?.[operation];
	if (!handler) {
		throw new NodeOperationError(context.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	return await handler.execute.call(context);
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const setting = onErrorSetting(this);
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	if (setting === 'stop') return [await runOperation(this, resource, operation)];
	let items: INodeExecutionData[];
	try {
		items = await runOperation(this, resource, operation);
	} catch (error) {
		// Thrown under a Continue setting, n8n would pass the input rows on as if they had succeeded.
		items = everyItemFailed(this, error, resource === 'payout' && operation === 'create');
	}
	return [renderForOnError(items, setting)];
}
