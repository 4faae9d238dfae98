/**
 * The preview switch and the Approved Batch binding of Payout → Create. The switch takes no
 * expression: one could turn a single item, or a single run, from a preview into a payment. The
 * approval value is what a preview produced; the payment recomputes the batch digest and sends
 * nothing unless it is the same. What that proves: what is paid is what was previewed. That a
 * person saw it is the workflow's doing (an approval step between preview and payment), so a
 * value an AI agent could have written is refused.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Approval } from '../../../../lib/batchDigest';
import { parseApproval } from '../../../../lib/batchDigest';

const show = { resource: ['payout'], operation: ['create'] };

export const approvalFields: INodeProperties[] = [
	{
		displayName: 'Preview Only (Send Nothing)',
		name: 'previewOnly',
		type: 'boolean',
		noDataExpression: true,
		default: false,
		description:
			'Whether to check the batch and show what would be sent (bodies, X-REQUEST-IDs, totals, the batch digest and an approval value) without sending any payout',
		displayOptions: { show },
	},
	{
		displayName: 'Compare with Balance',
		name: 'previewCheckBalance',
		type: 'boolean',
		noDataExpression: true,
		default: false,
		description: 'Whether the preview reads the balance once and says whether it covers the batch total (Pivot documents no fees, so none are added)',
		displayOptions: { show: { ...show, previewOnly: [true] } },
	},
	{
		displayName: 'Approved Batch',
		name: 'approvedBatch',
		type: 'string',
		default: '',
		placeholder: "e.g. {{ $('Preview Payouts').first().json.batch.approval }}",
		description:
			"Optional. The approval value of the preview a person approved. When set, nothing is sent unless this run's batch (every body, X-REQUEST-ID, the split into requests, and the credential's account) is exactly the previewed one. Read once, from the first item.",
		displayOptions: { show: { ...show, previewOnly: [false] } },
	},
];

type Read<T> = { ok: true; value: T } | { ok: false; problem: string };

/** A no-expression setting as stored in the workflow, never evaluated. */
function storedFlag(context: IExecuteFunctions, name: string, label: string): Read<boolean> {
	const stored = (context.getNode().parameters as IDataObject)[name];
	if (stored === undefined) return { ok: true, value: false };
	if (typeof stored === 'boolean') return { ok: true, value: stored };
	return { ok: false, problem: `"${label}" must be switched on or off in the node, not set by an expression` };
}

export interface PreviewSwitch {
	preview: boolean;
	checkBalance: boolean;
}

export function readPreviewSwitch(context: IExecuteFunctions): Read<PreviewSwitch> {
	const preview = storedFlag(context, 'previewOnly', 'Preview Only (Send Nothing)');
	if (!preview.ok) return preview;
	const checkBalance = storedFlag(context, 'previewCheckBalance', 'Compare with Balance');
	if (!checkBalance.ok) return checkBalance;
	return { ok: true, value: { preview: preview.value, checkBalance: preview.value && checkBalance.value } };
}

// `$fromAI()` and its older spellings: the model chooses the value.
const WRITTEN_BY_AGENT = /\$?from_?ai\s*\(/i;

/**
 * The approval the payment is bound to: undefined when Approved Batch is empty, else the parsed
 * value, or why it cannot bind (an agent's value, not a preview's approval, unreadable).
 */
export function readApprovedBatch(context: IExecuteFunctions, byAgent: boolean): Read<Approval | undefined> {
	const stored = (context.getNode().parameters as IDataObject).approvedBatch;
	if (stored === undefined || stored === '') return { ok: true, value: undefined };
	if (typeof stored === 'string' && WRITTEN_BY_AGENT.test(stored)) {
		return { ok: false, problem: 'Approved Batch is written by an AI agent ($fromAI); an approval must come from the preview a person approved' };
	}
	if (byAgent) {
		return {
			ok: false,
			problem:
				"An AI agent may not pay a bound batch: in a tool call the agent supplies the node's input, so the approval value cannot be told apart from one it wrote. Pay the approved batch with a Pivot node outside the agent",
		};
	}
	let value: unknown;
	try {
		value = context.getNodeParameter('approvedBatch', 0, '');
	} catch (error) {
		return { ok: false, problem: `Approved Batch could not be read (${(error as Error).message})` };
	}
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
		// Set in the node but empty in this run: paying unbound would skip the check a person set up.
		return { ok: false, problem: 'Approved Batch is set in the node but empty in this run; nothing is paid without the approval value' };
	}
	const parsed = parseApproval(value);
	if (!parsed.ok) return { ok: false, problem: `Approved Batch ${parsed.problem}` };
	return { ok: true, value: parsed.approval };
}
