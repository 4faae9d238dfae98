import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

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

/** What Continue On Fail puts on an item: the message and what to do, never request details. */
export function errorJson(error: unknown): IDataObject {
	const e = error as { message?: string; description?: string | null };
	return { error: e.message ?? String(error), ...(e.description ? { errorDescription: e.description } : {}) };
}
