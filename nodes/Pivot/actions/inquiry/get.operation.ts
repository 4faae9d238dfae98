import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { pivotRequest } from '../../../lib/transport/request';
import { forEachItemConcurrently } from '../common';
import { inquiryOptions, readInquirySettings, settleInquiry } from './shared';
import { itemLabel } from '../../../lib/itemLabel';

const show = { resource: ['inquiry'], operation: ['get'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Inquiry ID',
		name: 'inquiryId',
		type: 'string',
		required: true,
		default: '={{ $json.inquiryId }}',
		hint: 'Required. By default the inquiryId of the input item.',
		description: 'The inquiryId returned by Account Inquiry → Validate',
		displayOptions: { show },
	},
	inquiryOptions('get'),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await forEachItemConcurrently(this, async (i, throttle) => {
		const inquiryId = String(this.getNodeParameter('inquiryId', i) ?? '').trim();
		if (!/^[0-9a-f-]{36}$/i.test(inquiryId)) {
			throw new NodeOperationError(this.getNode(), `${itemLabel(i)}: Inquiry ID "${inquiryId}" is not an inquiry ID (a UUID)`, {
				itemIndex: i,
			});
		}
		const settings = readInquirySettings(this, i);
		const body = await pivotRequest.call(
			this,
			{ method: 'GET', path: `/v1/inquiry-account/${encodeURIComponent(inquiryId)}`, throttle, retryRateLimited: true },
			{ itemIndex: i, action: 'Get account inquiry' },
		);
		return await settleInquiry.call(this, i, body, settings, {}, throttle);
	});
}
