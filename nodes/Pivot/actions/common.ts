import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { NumberRule } from '../../lib/options';
import { parseNumberOption } from '../../lib/options';
import { runPool, Throttle } from '../../lib/transport/pool';
import { itemLabel, itemText } from '../../lib/itemLabel';

/**
 * How many per-item requests run at once. Reads default to 5: Pivot publishes no rate limit, and
 * 5 keeps a few hundred bank look-ups well under a minute while a 429 (which pauses them all)
 * hits few calls. Payout → Create defaults to 1, so that a failure without Continue On Fail
 * stops the run with nothing else in flight; bulk mode is the fast way to pay many.
 */
export const CONCURRENCY_RULE: NumberRule = { label: 'Concurrent Requests', min: 1, max: 20, integer: true, default: 5 };

export function concurrencyOption(defaultValue = CONCURRENCY_RULE.default): INodeProperties {
	return {
		displayName: 'Concurrent Requests',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 20 },
		default: defaultValue,
		description:
			'How many requests to Pivot run at the same time (1 to 20). Results keep the input order. When Pivot answers "too many requests", all of them pause.',
	};
}

/** Keeps NodeApiError (and its HTTP details) as is; anything else becomes a NodeOperationError. */
export function asNodeError(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

/** n8n's per-item loop: each input item gives its output item(s), paired to it; Continue On Fail aware. */
export async function forEachItem(
	context: IExecuteFunctions,
	handle: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const out: INodeExecutionData[] = [];
	const count = context.getInputData().length;
	for (let i = 0; i < count; i++) {
		try {
			const result = await handle(i);
			for (const json of Array.isArray(result) ? result : [result]) {
				out.push({ json, pairedItem: { item: i } });
			}
		} catch (error) {
			if (context.continueOnFail()) {
				out.push({ json: errorJson(error), pairedItem: { item: i } });
				continue;
			}
			throw asNodeError(context, error, i);
		}
	}
	return out;
}

/**
 * An option that applies to the whole run (read before any request): the same for every item,
 * or an error naming the item and the option.
 */
export function readRunOption(context: IExecuteFunctions, name: string, rule: NumberRule): number {
	const count = context.getInputData().length;
	const raw = context.getNodeParameter('options', 0, {}, { rawExpressions: true }) as IDataObject;
	const perItem = typeof raw[name] === 'string' && String(raw[name]).startsWith('=');
	let first: number | undefined;
	for (let i = 0; i < (perItem ? count : Math.min(count, 1)); i++) {
		const options = context.getNodeParameter('options', i, {}) as IDataObject;
		const parsed = parseNumberOption(options[name], rule);
		if (!parsed.ok) throw new NodeOperationError(context.getNode(), `${itemLabel(i)}: ${parsed.problem}. Nothing was sent.`, { itemIndex: i });
		if (first !== undefined && parsed.value !== first) {
			throw new NodeOperationError(
				context.getNode(),
				`${itemLabel(i)}: Option "${rule.label}" differs from ${itemText(0)}'s; it applies to the whole run, so make it the same for all items. Nothing was sent.`,
				{ itemIndex: i },
			);
		}
		first = parsed.value;
	}
	return first ?? rule.default;
}

/**
 * forEachItem with up to `concurrency` items in flight, one shared 429 brake, results in input
 * order. Without Continue On Fail the first failure (in item order) is thrown once the items
 * already started have finished; no further item starts.
 */
export async function forEachItemConcurrently(
	context: IExecuteFunctions,
	handle: (itemIndex: number, throttle: Throttle) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const throttle = new Throttle();
	const continueOnFail = context.continueOnFail();
	let concurrency: number;
	try {
		concurrency = readRunOption(context, 'concurrency', CONCURRENCY_RULE);
	} catch (error) {
		// A bad run option stops every item, marked, before any request.
		if (!continueOnFail) throw asNodeError(context, error, 0);
		return context.getInputData().map((_, i) => ({ json: { ...errorJson(error), notSent: true }, pairedItem: { item: i } }));
	}
	let failed = false;
	const slots = await runPool(
		context.getInputData().length,
		concurrency,
		async (i) =>
			await handle(i, throttle).catch((error: unknown) => {
				failed = true;
				throw asNodeError(context, error, i);
			}),
		() => failed && !continueOnFail,
	);
	const out: INodeExecutionData[] = [];
	slots.forEach((slot, i) => {
		if (!slot.started) return;
		if (slot.ok) {
			for (const json of Array.isArray(slot.value) ? slot.value : [slot.value]) out.push({ json, pairedItem: { item: i } });
			return;
		}
		if (!continueOnFail) throw asNodeError(context, slot.error, i);
		out.push({ json: errorJson(slot.error), pairedItem: { item: i } });
	});
	return out;
}

/** What Continue On Fail puts on an item: the message and what to do, never request details. */
export function errorJson(error: unknown): IDataObject {
	const e = error as { message?: string; description?: string | null };
	// Never empty: an item is known as failed by its text `error`.
	const message = e.message || String(error) || 'Unknown error';
	return { error: message, ...(e.description ? { errorDescription: e.description } : {}) };
}
