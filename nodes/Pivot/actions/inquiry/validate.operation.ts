import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkAccountName, checkAccountNumber, checkChannelCode } from '../../../shared/validation';
import { pivotRequest } from '../../../shared/transport/request';
import { forEachItem } from '../common';
import { allowUnlistedChannelField, channelCodeField, readChannelCode } from '../fields';
import { inquiryOptions, settleInquiry } from './shared';

const show = { resource: ['inquiry'], operation: ['validate'] };

export const description: INodeProperties[] = [
	channelCodeField(show),
	{
		displayName: 'Account Number',
		name: 'accountNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: '999966660001',
		description: 'Bank account number, or the e-wallet number',
		displayOptions: { show },
	},
	{
		displayName: 'Account Name',
		name: 'accountName',
		type: 'string',
		required: true,
		default: '',
		description: "The beneficiary's name as you know it; Pivot compares it with the bank's record",
		displayOptions: { show },
	},
	allowUnlistedChannelField(show),
	inquiryOptions('validate'),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await forEachItem(this, async (i) => {
		const allowUnlisted = this.getNodeParameter('allowUnlistedChannel', i, false) as boolean;
		const checks = [
			checkChannelCode(readChannelCode(this, i), allowUnlisted),
			checkAccountNumber(this.getNodeParameter('accountNumber', i)),
			checkAccountName(this.getNodeParameter('accountName', i)),
		];
		for (const check of checks) {
			if (!check.ok) {
				throw new NodeOperationError(this.getNode(), `Item ${i}: ${check.field} ${check.problem}`, { itemIndex: i });
			}
		}
		const [channelCode, accountNumber, accountName] = checks.map((c) => (c.ok ? c.value : ''));
		const body = await pivotRequest.call(
			this,
			{
				method: 'POST',
				path: '/v1/inquiry-account',
				body: { channelCode, channelInformation: { accountNumber, accountName } },
			},
			{ itemIndex: i, action: 'Validate account' },
		);
		return await settleInquiry.call(this, i, body, { channelCode, accountNumber, accountName });
	});
}
