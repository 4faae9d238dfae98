/**
 * Payout → Create when an AI agent calls the node as a tool. An agent (or a prompt injected into
 * one) chooses amounts and accounts itself, so creating payouts is off unless a person turned it
 * on in the node, with a cap per payout, a cap per execution and optionally a list of allowed
 * destinations. None of these settings accepts expressions, so `$fromAI()` cannot change them.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { formatRupiah } from '../../../../lib/money';
import { agentPayoutCounts } from '../../../../lib/processMemory';
import { failureFields } from '../../onError';
import type { PivotPayoutItem } from '../../../../lib/validation';

const show = { resource: ['payout'], operation: ['create'] };
const allowed = { ...show, allowAiAgents: [true] };

export const agentGuardFields: INodeProperties[] = [
	{
		displayName: 'Allow AI Agents to Create Payouts',
		name: 'allowAiAgents',
		type: 'boolean',
		noDataExpression: true,
		default: false,
		description:
			'Whether an AI agent using this node as a tool may create payouts. Off: the agent can read balances, inquiries and payouts but every create is refused.',
		displayOptions: { show },
	},
	{
		displayName: 'Maximum Amount per Payout (AI Agents)',
		name: 'aiMaxAmount',
		type: 'number',
		noDataExpression: true,
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Whole rupiah. Required when AI agents may create payouts; 0 means not set, and every create is refused.',
		displayOptions: { show: allowed },
	},
	{
		displayName: 'Maximum Payouts per Execution (AI Agents)',
		name: 'aiMaxPayouts',
		type: 'number',
		noDataExpression: true,
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Required when AI agents may create payouts; 0 means not set, and every create is refused',
		displayOptions: { show: allowed },
	},
	{
		displayName: 'Allowed Destinations (AI Agents)',
		name: 'aiAllowedDestinations',
		type: 'string',
		noDataExpression: true,
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'e.g. BCA:999966660001, f4f3b3d0-fbff-414a-9ec1-f2c279b4e0c6',
		description:
			'Optional. Inquiry IDs, or CHANNEL:ACCOUNT pairs, separated by commas or new lines. When set, an agent may only pay these destinations.',
		displayOptions: { show: allowed },
	},
];

/** Whether this run is an AI agent's tool call (every way n8n versions mark one). */
export function isAgentToolCall(context: IExecuteFunctions): boolean {
	if (context.getNode().type.endsWith('Tool')) return true;
	const marked = context as IExecuteFunctions & { isToolExecution?: () => boolean };
	if (typeof marked.isToolExecution === 'function' && marked.isToolExecution()) return true;
	const metadata = (context.getExecuteData?.()?.metadata ?? {}) as IDataObject;
	if (metadata.preserveSourceOverwrite === true) return true;
	return context.getInputData().some((item) => typeof item.json?.toolCallId === 'string');
}

function executionKey(context: IExecuteFunctions): string {
	return `${context.getExecutionId()}\n${context.getNode().name}`;
}

/** Payouts this node already created in this execution: from n8n's run data, else from memory. */
function createdEarlier(context: IExecuteFunctions): number {
	let fromRunData = 0;
	let runs = 0;
	let proxy: ReturnType<IExecuteFunctions['getWorkflowDataProxy']> | undefined;
	try {
		proxy = context.getWorkflowDataProxy(0);
		runs = Number(proxy.$runIndex ?? 0);
	} catch {
		// No run data to read: the count kept in this process is all there is.
	}
	const name = context.getNode().name;
	for (let run = 0; run < runs; run++) {
		// The success output and, with "Continue (using error output)", the error output.
		for (const output of [0, 1]) {
			let items: Array<{ json: IDataObject }> = [];
			try {
				items = proxy?.$(name).all(output, run) as Array<{ json: IDataObject }>;
			} catch {
				// This run has no such output.
			}
			fromRunData += (items ?? []).filter((item) => countsAgainstCap(item.json)).length;
		}
	}
	return Math.max(fromRunData, agentPayoutCounts.get(executionKey(context)) ?? 0);
}

/** Paid, or possibly paid: an unknown outcome counts against the cap too, in either output shape. */
export function countsAgainstCap(json: IDataObject): boolean {
	// A preview sends nothing: its items carry the X-REQUEST-ID it would use, not a payment.
	if (json.preview === true) return false;
	const failure = failureFields(json);
	if (!failure) return typeof json.requestId === 'string';
	return typeof failure.requestId === 'string' && failure.paymentOutcome === 'unknown';
}

function destinations(list: string): Set<string> {
	return new Set(
		list
			.split(/[\n,]/)
			.map((entry) => entry.trim().replace(/\s*:\s*/, ':'))
			.filter(Boolean)
			.map((entry) => entry.toUpperCase()),
	);
}

function destinationOf(item: PivotPayoutItem): string[] {
	if (item.inquiryId) return [item.inquiryId.toUpperCase()];
	return [`${item.channelCode}:${item.channelInformation?.accountNumber ?? ''}`.toUpperCase()];
}

export interface AgentLimits {
	maxAmount: number;
	maxPayouts: number;
	destinations: Set<string>;
}

const PREFIX = 'AI agents may not create this payout';

/**
 * The guard's settings as stored in the workflow, never evaluated: an expression (such as
 * `$fromAI()`) would let the agent set its own limits, so one is refused. Checked before the
 * items, so that a refusal is never mistaken for a fixable input error.
 */
export function agentLimits(context: IExecuteFunctions): AgentLimits | { refusal: string } {
	const stored = context.getNode().parameters as IDataObject;
	const raw = (name: string, fallback: unknown) => (stored[name] === undefined ? fallback : stored[name]);
	const names = ['allowAiAgents', 'aiMaxAmount', 'aiMaxPayouts', 'aiAllowedDestinations'];
	// n8n strips the leading "=" of an expression in a no-expression field, so "{{" counts too.
	const expression = names.find((name) => typeof stored[name] === 'string' && /^=|\{\{/.test(String(stored[name])));
	if (expression) {
		return { refusal: `${PREFIX}: its AI agent settings must be fixed values in the Pivot node, not expressions (${expression})` };
	}
	if (raw('allowAiAgents', false) !== true) {
		return { refusal: `${PREFIX}: "Allow AI Agents to Create Payouts" is off in the Pivot node. A person must create it, or turn the setting on with limits` };
	}
	const maxAmount = raw('aiMaxAmount', 0);
	const maxPayouts = raw('aiMaxPayouts', 0);
	if (typeof maxAmount !== 'number' || !Number.isSafeInteger(maxAmount) || maxAmount <= 0) {
		return { refusal: `${PREFIX}: "Maximum Amount per Payout (AI Agents)" is not set in the Pivot node` };
	}
	if (typeof maxPayouts !== 'number' || !Number.isSafeInteger(maxPayouts) || maxPayouts <= 0) {
		return { refusal: `${PREFIX}: "Maximum Payouts per Execution (AI Agents)" is not set in the Pivot node` };
	}
	const list = raw('aiAllowedDestinations', '');
	if (typeof list !== 'string') return { refusal: `${PREFIX}: "Allowed Destinations (AI Agents)" must be text` };
	return { maxAmount, maxPayouts, destinations: destinations(list) };
}

/** Why an agent may not create these (validated) payouts, or undefined when it may. */
export function agentRefusal(context: IExecuteFunctions, items: PivotPayoutItem[], limits: AgentLimits): string | undefined {
	const over = items.find((item) => Number(item.amount.value) > limits.maxAmount);
	if (over) {
		return `${PREFIX}: ${formatRupiah(Number(over.amount.value))} (Reference ID ${over.referenceId}) is above the AI agents' maximum of ${formatRupiah(limits.maxAmount)}`;
	}
	const list = limits.destinations;
	const outside = list.size > 0 ? items.find((item) => !destinationOf(item).some((d) => list.has(d))) : undefined;
	if (outside) {
		return `${PREFIX}: the destination of Reference ID ${outside.referenceId} is not in the AI agents' allowed destinations`;
	}
	const earlier = createdEarlier(context);
	if (earlier + items.length > limits.maxPayouts) {
		return `${PREFIX}: ${earlier} payout(s) already created or under way for AI agents in this execution; ${items.length} more would exceed the maximum of ${limits.maxPayouts}`;
	}
	return undefined;
}

/**
 * Adjusts the per-execution count: the whole call is reserved before anything is sent (so calls
 * running at the same time cannot both pass the cap), then what was proved not paid is given back.
 */
export function recordAgentPayouts(context: IExecuteFunctions, count: number): void {
	if (count === 0) return;
	const key = executionKey(context);
	agentPayoutCounts.set(key, Math.max(0, (agentPayoutCounts.get(key) ?? 0) + count));
}
