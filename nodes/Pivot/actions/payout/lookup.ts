/**
 * The look-ups Payout → Get and Payout → Reconcile share: payouts by Reference ID
 * (`GET /v1/payouts/{referenceId}?type=single`, read by nodes/lib/referenceLookUp.ts, as Payout →
 * Create's recovery reads it) and a request's own status (whether it is parked
 * for a top-up). Each returns what Pivot answered, or the failure, without throwing, so that the
 * caller decides whether a failure stops the item, is retried, or becomes a verdict.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { LookUp } from '../../../lib/reconcile';
import type { PayoutOutput } from '../../../lib/shapes';
import { lookUpReference, unreadableText } from '../../../lib/referenceLookUp';
import { normalisePayoutItem, payoutList } from '../../../lib/shapes';
import { pivotErrorInfo } from '../../../lib/transport/errors';
import type { Throttle } from '../../../lib/transport/pool';
import type { PivotOutcome } from '../../../lib/transport/request';
import { pivotError, sendToPivot } from '../../../lib/transport/request';

type Failure = Extract<PivotOutcome, { ok: false }>;

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
	/** Pivot answered with success but named no payout under this exact Reference ID: proves nothing. */
	| { kind: 'unreadable'; message: string };

/**
 * The payouts Pivot holds under exactly this Reference ID, in the node's output shape. What the
 * answer means is decided in nodes/lib/referenceLookUp.ts, as for Payout → Create's recovery.
 */
export async function payoutsByReference(
	this: IExecuteFunctions,
	referenceId: string,
	itemIndex: number,
	throttle?: Throttle,
): Promise<ByReference> {
	const reading = await lookUpReference.call(this, referenceId, throttle);
	if (reading.kind === 'none') return reading;
	if (reading.kind === 'failed') {
		const error = pivotError(this.getNode(), reading.outcome, { itemIndex, action: 'Get payout by Reference ID' });
		return { kind: 'failed', outcome: reading.outcome, message: error.message, description: error.description ?? '' };
	}
	if (reading.kind !== 'found') return { kind: 'unreadable', message: unreadableText(reading) };
	// Pivot documents no request UUID in this answer; one it sends anyway is kept.
	return { kind: 'found', payouts: reading.payouts.map((raw) => normalisePayoutItem(raw, typeof raw.uuid === 'string' && raw.uuid ? raw.uuid : null)) };
}

/** ByReference as Reconcile's LookUp: a final payout is not parked; an open one is not known yet. */
export function asLookUp(result: ByReference): LookUp {
	if (result.kind === 'found') return { kind: 'found', payouts: result.payouts.map((p) => ({ ...p, parked: p.isFinal ? false : null })) };
	if (result.kind === 'none') return { kind: 'none' };
	return { kind: 'failed', message: result.message, description: result.kind === 'failed' ? result.description : '' };
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
	throw failureError(this, outcome, options);
}

/** The mapped error for a failed call, marked when the failure is worth another try. */
export function failureError(context: IExecuteFunctions, outcome: Failure, options: { itemIndex: number; action: string }): Error {
	const error = pivotError(context.getNode(), outcome, options);
	if (isTransient(outcome)) TRANSIENT.add(error);
	return error;
}

/** Whether an error askPivot threw is worth another try (no answer, a 5xx, "still processing"…). */
export function isTransientFailure(error: unknown): boolean {
	return typeof error === 'object' && error !== null && TRANSIENT.has(error);
}
