/** What Validate and Get share: the PENDING wait, the WARNING/INVALID policies and the output. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { bankRecordName } from '../../../shared/shapes';
import type { PivotEnvelope } from '../../../shared/transport/request';
import { pivotRequest } from '../../../shared/transport/request';

export function inquiryOptions(operation: string): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: ['inquiry'], operation: [operation] } },
		options: [
			{
				displayName: 'Maximum Wait (Seconds)',
				name: 'maxWaitSeconds',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 300 },
				default: 30,
			},
			{
				displayName: 'On Invalid',
				name: 'onInvalid',
				type: 'options',
				options: [
					{ name: 'Fail the Item', value: 'fail' },
					{ name: 'Pass It On', value: 'pass' },
				],
				default: 'fail',
				description: 'What to do when Pivot says the account does not exist (INVALID)',
			},
			{
				displayName: 'On Warning',
				name: 'onWarning',
				type: 'options',
				options: [
					{ name: 'Pass It On', value: 'pass' },
					{ name: 'Fail the Item', value: 'fail' },
				],
				default: 'pass',
				description:
					"What to do when the account exists but the name differs from the bank's record (WARNING); the bank's name is in bankRecordName",
			},
			{
				displayName: 'Poll Interval (Seconds)',
				name: 'pollIntervalSeconds',
				type: 'number',
				typeOptions: { minValue: 0.1, maxValue: 60, numberPrecision: 1 },
				default: 2,
			},
			{
				displayName: 'Wait While Pending',
				name: 'waitWhilePending',
				type: 'boolean',
				default: true,
				description: 'Whether to poll Pivot until the inquiry is no longer PENDING, up to the maximum wait',
			},
		],
	};
}

export function inquiryOutput(data: IDataObject): IDataObject {
	const result = (data.inquiryResult ?? {}) as IDataObject;
	const status = typeof result.status === 'string' ? result.status : null;
	const detail = typeof result.detail === 'string' ? result.detail : null;
	return {
		inquiryId: data.uuid ?? null,
		status,
		bankRecordName: bankRecordName(detail),
		nameMatches: status === 'VALID' ? true : status === 'WARNING' ? false : null,
		detail,
		merchantId: data.merchantId ?? null,
	};
}

/** Polls a PENDING inquiry (bounded), then applies the user's policies; returns the output json. */
export async function settleInquiry(
	this: IExecuteFunctions,
	itemIndex: number,
	first: PivotEnvelope,
	extra: IDataObject = {},
): Promise<IDataObject> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	let output = inquiryOutput((first.data ?? {}) as IDataObject);
	if (output.status === 'PENDING' && options.waitWhilePending !== false && output.inquiryId) {
		const deadline = Date.now() + Number(options.maxWaitSeconds ?? 30) * 1000;
		const interval = Math.max(100, Number(options.pollIntervalSeconds ?? 2) * 1000);
		while (output.status === 'PENDING' && Date.now() + interval <= deadline) {
			await sleep(interval);
			const next = await pivotRequest.call(
				this,
				{ method: 'GET', path: `/v1/inquiry-account/${encodeURIComponent(String(output.inquiryId))}` },
				{ itemIndex, action: 'Get account inquiry' },
			);
			output = inquiryOutput((next.data ?? {}) as IDataObject);
		}
	}
	output = { ...output, ...extra };
	const where = `Account ${extra.accountNumber ?? ''}`.trim();
	if (output.status === 'INVALID' && options.onInvalid !== 'pass') {
		throw new NodeOperationError(this.getNode(), `${where} is INVALID: ${output.detail ?? 'not found'}`, {
			itemIndex,
			description: 'Pivot could not find this account. Check the channel code and account number.',
		});
	}
	if (output.status === 'WARNING' && options.onWarning === 'fail') {
		throw new NodeOperationError(
			this.getNode(),
			`${where}: the name does not match the bank's record "${output.bankRecordName ?? '?'}"`,
			{ itemIndex, description: output.detail as string },
		);
	}
	return output;
}
