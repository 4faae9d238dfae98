/**
 * How items leave the Pivot node under each "On Error" setting. n8n, not the node, decides which
 * output an item takes, after execute() returns:
 * - "Continue (using error output)" moves an item to the error output only when its json holds
 *   `error` and no keys but `error` and `message` (the rule both n8n 1.x and 2.x share), or when
 *   the item's own `error` field is set, in which case n8n replaces the json with `{ error }` and
 *   the money claim is lost. Every other item stays on the success output.
 * - If execute() throws under either Continue setting, n8n passes the input rows unchanged down
 *   the success output, as if they had succeeded.
 * - Retry On Fail runs the whole node again when the first item of the output has a json `error`.
 * So the operations mark a failed item with a text `error` (and `errorDescription`, the claim's
 * fields beside it), and this module renders it for the setting in force; the router never lets
 * an error escape while a Continue setting is on.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { errorJson } from './common';

export type OnErrorSetting = 'stop' | 'continue' | 'errorOutput';

export function onErrorSetting(context: IExecuteFunctions): OnErrorSetting {
	const node = context.getNode();
	if (node.onError === 'continueErrorOutput') return 'errorOutput';
	if (node.onError === 'continueRegularOutput' || node.continueOnFail === true) return 'continue';
	return 'stop';
}

/** An item an operation marked as failed. */
export function isFailure(item: INodeExecutionData): boolean {
	return typeof item.json.error === 'string' && item.json.error !== '';
}

/**
 * The fields of a failed item (message, description, paymentOutcome, referenceId, requestId,
 * notSent…) in either shape it leaves the node in, or undefined for a success.
 */
export function failureFields(json: IDataObject): IDataObject | undefined {
	if (typeof json.error === 'string' && json.error !== '') {
		const { error, errorDescription, ...rest } = json;
		return { message: error, ...(errorDescription ? { description: errorDescription } : {}), ...rest };
	}
	if (json.error !== null && typeof json.error === 'object' && !Array.isArray(json.error)) return json.error as IDataObject;
	return undefined;
}

/**
 * The error output's shape: `{ error: { message, description, …the claim }, message }`, the only
 * keys n8n moves to that output without discarding them. n8n then adds the input row's fields.
 */
function forErrorOutput(item: INodeExecutionData): INodeExecutionData {
	const fields = failureFields(item.json) as IDataObject;
	return { json: { error: fields, message: fields.message }, pairedItem: item.pairedItem };
}

/**
 * The items as they leave the node. With the error output, successes come first: each output
 * keeps the input order, and Retry On Fail then re-runs the node only when every item failed.
 */
export function renderForOnError(items: INodeExecutionData[], setting: OnErrorSetting): INodeExecutionData[] {
	if (setting !== 'errorOutput') return items;
	const successes = items.filter((item) => !isFailure(item));
	const failures = items.filter(isFailure).map(forErrorOutput);
	return [...successes, ...failures];
}

/**
 * Every input item failed with the same error (an error an operation did not attribute to an
 * item). For Payout → Create nothing proves what was sent, so the outcome is unknown.
 */
export function everyItemFailed(context: IExecuteFunctions, error: unknown, createsPayouts: boolean): INodeExecutionData[] {
	const claim: IDataObject = createsPayouts ? { paymentOutcome: 'unknown', notSent: false } : {};
	return context.getInputData().map((_, i) => ({ json: { ...errorJson(error), ...claim }, pairedItem: { item: i } }));
}
