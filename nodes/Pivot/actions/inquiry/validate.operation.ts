import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseBooleanOption } from '../../../lib/options';
import { checkAccountName, checkAccountNumber, checkChannelCode } from '../../../lib/validation';
import { pivotRequest } from '../../../lib/transport/request';
import { forEachItemConcurrently } from '../common';
import { allowUnlistedChannelField, channelCodeField, readChannelCode } from '../fields';
import { inquiryOptions, readInquirySettings, settleInquiry } from './shared';
import { itemLabel } from '../../../lib/itemLabel';

const show = { resource: ['inquiry'], operation: ['validate'] };

export const description: INodeProperties[] = [
	{
		displayName:
			'Pivot appears to bill each account inquiry: validate a beneficiary once and reuse its inquiryId for later payouts.',
		name: 'feeNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	channelCodeField(show),
	{
		displayName: 'Account Number',
		name: 'accountNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: '1234567890',
		hint: 'Required. Digits only, mapped as text.',
		description:
			'Bank account number, or the e-wallet number. Map it as text: a number loses leading zeros, and one longer than 15 digits loses digits, so such values are refused.',
		displayOptions: { show },
	},
	{
		displayName: 'Account Name',
		name: 'accountName',
		type: 'string',
		required: true,
		default: '',
		hint: 'Required. The name on the account.',
		description: "The beneficiary's name as you know it; Pivot compares it with the bank's record",
		displayOptions: { show },
	},
	allowUnlistedChannelField(show),
	inquiryOptions('validate'),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await forEachItemConcurrently(this, async (i, throttle) => {
		const allowUnlisted = parseBooleanOption(this.getNodeParameter('allowUnlistedChannel', i, false), 'Allow Unlisted Channel Code', false);
		if (!allowUnlisted.ok) throw new NodeOperationError(this.getNode(), `${itemLabel(i)}: ${allowUnlisted.problem}`, { itemIndex: i });
		const checks = [
			checkChannelCode(readChannelCode(this, i), allowUnlisted.value),
			checkAccountNumber(this.getNodeParameter('accountNumber', i)),
			checkAccountName(this.getNodeParameter('accountName', i)),
		];
		for (const check of checks) {
			if (!check.ok) {
				throw new NodeOperationError(this.getNode(), `${itemLabel(i)}: ${check.field} ${check.problem}`, { itemIndex: i });
			}
		}
		const [channelCode, accountNumber, accountName] = checks.map((c) => (c.ok ? c.value : ''));
		const settings = readInquirySettings(this, i);
		const body = await pivotRequest.call(
			this,
			{
				method: 'POST',
				path: '/v1/inquiry-account',
				body: { channelCode, channelInformation: { accountNumber, accountName } },
				throttle,
				retryRateLimited: true,
			},
			{ itemIndex: i, action: 'Validate account' },
		);
		return await settleInquiry.call(this, i, body, settings, { channelCode, accountNumber, accountName }, throttle);
	});
}
