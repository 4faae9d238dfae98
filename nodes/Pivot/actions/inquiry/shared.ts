/** What Validate and Get share: the PENDING wait, the WARNING/INVALID policies and the output. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { concurrencyOption } from '../common';
import { parseBooleanOption, parseChoiceOption, parseNumberOption } from '../../../lib/options';
import { bankRecordName } from '../../../lib/shapes';
import type { Throttle } from '../../../lib/transport/pool';
import type { PivotEnvelope } from '../../../lib/transport/request';
import { pivotRequest } from '../../../lib/transport/request';
import { itemLabel } from '../../../lib/itemLabel';

/** One of the inquiry's status policies: fail the item (the default) or pass it on. */
function failOrPass(displayName: string, name: string, description: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'options',
		options: [
			{ name: 'Fail the Item', value: 'fail' },
			{ name: 'Pass It On', value: 'pass' },
		],
		default: 'fail',
		description,
	};
}

export function inquiryOptions(operation: string): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: ['inquiry'], operation: [operation] } },
		options: [
			concurrencyOption(),
			{
				displayName: 'Maximum Wait (Seconds)',
				name: 'maxWaitSeconds',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 300 },
				default: 30,
			},
			failOrPass('On Invalid', 'onInvalid', 'What to do when Pivot says the account does not exist (INVALID)'),
			failOrPass('On Pending', 'onPending', 'What to do when Pivot has not finished checking the account (PENDING) after the wait, or at once when Wait While Pending is off. Failing is the default: a PENDING inquiry can still turn out WARNING or INVALID.'),
			failOrPass('On Warning', 'onWarning', "What to do when the account exists but the name differs from the bank's record (WARNING). Failing is the default so that a name mismatch is never paid unnoticed; the bank's name is in the message and in bankRecordName."),
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

export interface InquirySettings {
	maxWaitMs: number;
	pollIntervalMs: number;
	waitWhilePending: boolean;
	onInvalid: 'fail' | 'pass';
	onWarning: 'fail' | 'pass';
	onPending: 'fail' | 'pass';
}

/** The item's options, parsed strictly before any request (an error names the item and option). */
export function readInquirySettings(context: IExecuteFunctions, itemIndex: number): InquirySettings {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const results = [
		parseNumberOption(options.maxWaitSeconds, { label: 'Maximum Wait (Seconds)', min: 1, max: 300, default: 30 }),
		parseNumberOption(options.pollIntervalSeconds, { label: 'Poll Interval (Seconds)', min: 0.1, max: 60, default: 2 }),
		parseBooleanOption(options.waitWhilePending, 'Wait While Pending', true),
		parseChoiceOption(options.onInvalid, 'On Invalid', ['fail', 'pass'] as const, 'fail'),
		parseChoiceOption(options.onWarning, 'On Warning', ['fail', 'pass'] as const, 'fail'),
		parseChoiceOption(options.onPending, 'On Pending', ['fail', 'pass'] as const, 'fail'),
	] as const;
	for (const result of results) {
		if (!result.ok) {
			throw new NodeOperationError(context.getNode(), `${itemLabel(itemIndex)}: ${result.problem}. Nothing was sent.`, { itemIndex });
		}
	}
	const [maxWait, poll, wait, onInvalid, onWarning, onPending] = results.map((r) => (r.ok ? r.value : undefined));
	return {
		maxWaitMs: (maxWait as number) * 1000,
		pollIntervalMs: (poll as number) * 1000,
		waitWhilePending: wait as boolean,
		onInvalid: onInvalid as 'fail' | 'pass',
		onWarning: onWarning as 'fail' | 'pass',
		onPending: onPending as 'fail' | 'pass',
	};
}

/**
 * Pivot's detail text, quoted: it ends without a full stop ("Bank record: Dummy Simulation"), so
 * running it into our next sentence would read as part of the bank's name.
 */
function pivotSaid(text: unknown): string {
	if (typeof text !== 'string' || text.trim() === '') return '';
	return `Pivot's detail: "${text.trim()}".`;
}

/** Polls a PENDING inquiry (bounded), then applies the user's policies; returns the output json. */
export async function settleInquiry(
	this: IExecuteFunctions,
	itemIndex: number,
	first: PivotEnvelope,
	settings: InquirySettings,
	extra: IDataObject = {},
	throttle?: Throttle,
): Promise<IDataObject> {
	let output = inquiryOutput((first.data ?? {}) as IDataObject);
	if (output.status === 'PENDING' && settings.waitWhilePending && output.inquiryId) {
		const deadline = Date.now() + settings.maxWaitMs;
		const interval = settings.pollIntervalMs;
		while (output.status === 'PENDING' && Date.now() + interval <= deadline) {
			await sleep(interval);
			const next = await pivotRequest.call(
				this,
				{ method: 'GET', path: `/v1/inquiry-account/${encodeURIComponent(String(output.inquiryId))}`, throttle, retryRateLimited: true },
				{ itemIndex, action: 'Get account inquiry' },
			);
			output = inquiryOutput((next.data ?? {}) as IDataObject);
		}
	}
	output = { ...output, ...extra };
	const where = `Account ${extra.accountNumber ?? ''}`.trim();
	if (output.status === 'PENDING' && settings.onPending === 'fail') {
		const waited = settings.waitWhilePending ? `after waiting up to ${settings.maxWaitMs / 1000} s` : '("Wait While Pending" is off)';
		throw new NodeOperationError(this.getNode(), `${where}: Pivot has not finished checking it (PENDING) ${waited}`, {
			itemIndex,
			description: `Do not pay it yet: a PENDING inquiry can still turn out WARNING or INVALID. Look it up later with Account Inquiry → Get (inquiry ID ${String(output.inquiryId ?? '?')}), or raise "Maximum Wait"; set "On Pending" to "Pass It On" to pass pending inquiries on.`,
		});
	}
	if (output.status === 'INVALID' && settings.onInvalid === 'fail') {
		throw new NodeOperationError(this.getNode(), `${where} is INVALID: ${output.detail ?? 'not found'}`, {
			itemIndex,
			description: 'Pivot could not find this account. Check the channel code and account number.',
		});
	}
	if (output.status === 'WARNING' && settings.onWarning === 'fail') {
		throw new NodeOperationError(
			this.getNode(),
			`${where}: the name does not match the bank's record "${output.bankRecordName ?? '?'}"`,
			{
				itemIndex,
				description: `${pivotSaid(output.detail)} Check the beneficiary's name before paying; set "On Warning" to "Pass It On" to pass such accounts on (their bank name is in bankRecordName).`.trim(),
			},
		);
	}
	return output;
}
