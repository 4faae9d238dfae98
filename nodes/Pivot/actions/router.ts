import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as balance from './balance/Balance.resource';
import * as inquiry from './inquiry/Inquiry.resource';
import * as payout from './payout/Payout.resource';

type Operation = { execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[]> };

const resources: Record<string, Record<string, Operation>> = {
	balance: { get: balance.get },
	inquiry: { validate: inquiry.validate, get: inquiry.get },
	payout: { create: payout.create, get: payout.get },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = resources[resource]?.[operation];
	if (!handler) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	return [await handler.execute.call(this)];
}
