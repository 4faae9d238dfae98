import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { amountNumber, formatRupiah, parseRupiah } from '../../../lib/money';
import { pivotRequest } from '../../../lib/transport/request';
import { forEachItem } from '../common';
import { itemLabel } from '../../../lib/itemLabel';

export const description: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: ['balance'], operation: ['get'] } },
		options: [
			{
				displayName: 'Require at Least',
				name: 'requireAtLeast',
				type: 'string',
				default: '',
				placeholder: '1500000',
				description:
					'Fail the item when the available balance is lower than this many rupiah: the guard before paying out',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await forEachItem(this, async (i) => {
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		// Parsed before the call: a guard that cannot be read must stop the item, not pass it.
		const required = options.requireAtLeast;
		const parsed = required === undefined ? undefined : parseRupiah(typeof required === 'string' ? required.trim() : required);
		if (parsed && !parsed.ok) {
			throw new NodeOperationError(this.getNode(), `${itemLabel(i)}: Option "Require at Least" ${parsed.problem}`, {
				itemIndex: i,
			});
		}
		const body = await pivotRequest.call(
			this,
			{ method: 'GET', path: '/v1/payouts/balance', qs: { currency: 'IDR' } },
			{ itemIndex: i, action: 'Get balance' },
		);
		const available = ((body.data as IDataObject)?.availableBalance ?? {}) as IDataObject;
		const number = amountNumber(available.value);
		const json: IDataObject = {
			currency: available.currency ?? 'IDR',
			value: String(available.value ?? ''),
			amount: number,
		};
		if (!parsed) return json;
		if (number === null || number < parsed.value) {
			throw new NodeOperationError(
				this.getNode(),
				`Insufficient Pivot balance: ${formatRupiah(number ?? 0)} available, ${formatRupiah(parsed.value)} required`,
				{ itemIndex: i, description: 'Top up the payout (DISBURSEMENT) balance in Pivot before paying out.' },
			);
		}
		return { ...json, requiredAtLeast: parsed.value, sufficient: true };
	});
}
