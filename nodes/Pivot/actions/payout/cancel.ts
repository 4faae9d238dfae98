/**
 * Stopping at once when the execution is cancelled (the editor's Stop button, a timeout): a wait
 * between polls ends early, and no further look-up starts. n8n 1.x's `sleep` takes no signal, so
 * the pause races the signal itself; where `sleep` honours it (n8n 2.x), its timer is cleared too.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';
import { itemLabel } from '../../../lib/itemLabel';

const sleepWithSignal = sleep as (ms: number, signal?: AbortSignal) => Promise<void>;

export function cancelSignal(context: IExecuteFunctions): AbortSignal | undefined {
	return typeof context.getExecutionCancelSignal === 'function' ? context.getExecutionCancelSignal() : undefined;
}

export function isCancelled(context: IExecuteFunctions): boolean {
	return cancelSignal(context)?.aborted === true;
}

/** Throws when the execution was cancelled: nothing more is sent to Pivot. */
export function stopIfCancelled(context: IExecuteFunctions, itemIndex: number): void {
	if (isCancelled(context)) {
		throw new NodeOperationError(context.getNode(), `${itemLabel(itemIndex)}: the execution was cancelled; nothing more was looked up`, { itemIndex });
	}
}

/** Waits `ms`, or less when the execution is cancelled meanwhile; true when it was. */
export async function pause(context: IExecuteFunctions, ms: number): Promise<boolean> {
	const signal = cancelSignal(context);
	if (!signal) {
		await sleep(ms);
		return false;
	}
	if (signal.aborted) return true;
	let onAbort: () => void = () => {};
	const aborted = new Promise<void>((resolve) => {
		onAbort = () => resolve();
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		await Promise.race([sleepWithSignal(ms, signal).catch(() => undefined), aborted]);
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
	return signal.aborted;
}
