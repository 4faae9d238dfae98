/**
 * The look-ups Payout → Get and Payout → Reconcile share: payouts by Reference ID
 * (`GET /v1/payouts/{referenceId}?type=single`) and a request's own status (whether it is parked
 * for a top-up). Each returns what Pivot answered, or the failure, without throwing, so that the
 * caller decides whether a failure stops the item, is retried, or becomes a verdict.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { LookUp } from '../../../lib/reconcile';
import type { PayoutOutput } from '../../../lib/shapes';
import { normalisePayoutItem, payoutList } from '../../../lib/shapes';
import { pivotErrorInfo } from '../../../lib/transport/errors';
import type { Throttle } from '../../../lib/transport/pool';
import type { PivotOutcome } from '../../../lib/transport/request';
import { pivotError, sendToPivot } from '../../../lib/transport/request';

type Failure = Extract<PivotOutcome, { ok: false }>;

/**
 * Pivot's own "not found": its envelope with `resource_missing`. A bare 404 (a proxy, a wrong
 * Base URL) says nothing about what Pivot holds, so it is a failure, not "none".
 */
export function isPivotNotFound(outcome: Failure): boolean {
	return outcome.body?.code === 'resource_missing';
}

/** A failure worth another try: no answer, a timeout, a 5xx, a 429, "still processing", a foreign body. */
export function isTransient(outcome: Failure): boolean {
	if (outcome.localError) return false;
	if (outcome.networkCode || outcome.notPivot || outcome.status === undefined) return true;
	return pivotErrorInfo(outcome.body?.code, outcome.status).transient;
}

export type ByReference =
	| { kind: 'found'; payouts: PayoutOutput[] }
	| { kind: 'none' }
	| { kind: 'failed'; outcome: Failure; message: string; description: string }
	/** Pivot answered with payouts, none under this exact Reference ID. */
	| { kind: 'foreign'; referenceIds: string[] };

/** The payouts Pivot holds under exactly this Reference ID, in the node's output shape. */
export async function payoutsByReference(
	this: IExecuteFunctions,
	referenceId: string,
	itemIndex: number,
	throttle?: Throttle,
): Promise<ByReference> {
	const outcome = await sendToPivot.call(this, {
		method: 'GET',
		path: `/v1/payouts/${encodeURIComponent(referenceId)}`,
		qs: { type: 'single' },
		throttle,
		retryRateLimited: true,
	});
	if (!outcome.ok) {
		if (isPivotNotFound(outcome)) return { kind: 'none' };
		const error = pivotError(this.getNode(), outcome, { itemIndex, action: 'Get payout by Reference ID' });
		return { kind: 'failed', outcome, message: error.message, description: error.description ?? '' };
	}
	const list = payoutList(outcome.body.data);
	if (list.length === 0) return { kind: 'none' };
	const mine = list.filter((raw) => String(raw.referenceId ?? '') === referenceId);
	// Pivot matched something else (another case, a trimmed copy): never read as "none".
	if (mine.length === 0) return { kind: 'foreign', referenceIds: list.map((raw) => String(raw.referenceId ?? '')) };
	// Pivot documents no request UUID in this answer; one it sends anyway is kept.
	return { kind: 'found', payouts: mine.map((raw) => normalisePayoutItem(raw, typeof raw.uuid === 'string' && raw.uuid ? raw.uuid : null)) };
}

/** ByReference as Reconcile's LookUp: a final payout is not parked; an open one is not known yet. */
export function asLookUp(result: ByReference): LookUp {
	if (result.kind === 'found') return { kind: 'found', payouts: result.payouts.map((p) => ({ ...p, parked: p.isFinal ? false : null })) };
	if (result.kind === 'none') return { kind: 'none' };
	if (result.kind === 'foreign') {
		return {
			kind: 'failed',
			message: `Pivot answered with payouts under other Reference IDs (${result.referenceIds.slice(0, 3).join(', ')}), none under this exact one`,
			description: '',
		};
	}
	return { kind: 'failed', message: result.message, description: result.description };
}

/**
 * Whether the payout request `uuid` holding `referenceId` is parked for a top-up (request status
 * PENDING): true or false, or null when it cannot be told (the request cannot be read, or does not
 * hold this Reference ID). Pivot shows parking only at request level, and a look-up by Reference ID
 * names no request, so this needs the request's UUID.
 */
export async function requestParked(
	this: IExecuteFunctions,
	uuid: string,
	referenceId: string,
	throttle?: Throttle,
): Promise<boolean | null> {
	const path = `/v1/payouts/${encodeURIComponent(uuid)}`;
	const first = await sendToPivot.call(this, { method: 'GET', path, qs: { page: 1, perPage: 1 }, throttle, retryRateLimited: true });
	// Any failure, "still being processed" included (it hides whether the request holds this
	// Reference ID), leaves it unknown: the payout is then pending, which is true either way.
	if (!first.ok) return null;
	const data = (first.body.data ?? {}) as IDataObject;
	const status = typeof data.status === 'string' ? data.status : null;
	if (status === null) return null;
	const holds = payoutList(data.payouts).some((raw) => String(raw.referenceId ?? '') === referenceId);
	if (!holds) {
		// Not on the first page: ask the request for this one payout.
		const item = await sendToPivot.call(this, { method: 'GET', path, qs: { referenceId }, throttle, retryRateLimited: true });
		if (!item.ok) return null;
		const found = payoutList(((item.body.data ?? {}) as IDataObject).payouts).some((raw) => String(raw.referenceId ?? '') === referenceId);
		if (!found) return null;
	}
	return status === 'PENDING';
}

// Errors thrown by askPivot for a failure worth another try (a WeakSet: nothing is added to the error).
const TRANSIENT = new WeakSet<object>();

/** Sends one call and returns Pivot's envelope, or throws the mapped error, marked when transient. */
export async function askPivot(
	this: IExecuteFunctions,
	call: Parameters<typeof sendToPivot>[0],
	options: { itemIndex: number; action: string },
): Promise<NonNullable<Extract<PivotOutcome, { ok: true }>['body']>> {
	const outcome = await sendToPivot.call(this, call);
	if (outcome.ok) return outcome.body;
	const error = pivotError(this.getNode(), outcome, options);
	if (isTransient(outcome)) TRANSIENT.add(error);
	throw error;
}

/** Whether an error askPivot threw is worth another try (no answer, a 5xx, "still processing"…). */
export function isTransientFailure(error: unknown): boolean {
	return typeof error === 'object' && error !== null && TRANSIENT.has(error);
}
