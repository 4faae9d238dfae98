/**
 * Send: the run's create-payout requests, each sent so that nothing is ever paid twice. The
 * X-REQUEST-ID is fixed for the request, and when the outcome is unknown (no answer, 5xx, 408,
 * 429) the payouts are looked up by Reference ID before the same request is sent again. A refused
 * or unclear request is settled from what Pivot holds (settle.ts). Every failure says what is
 * known about the money: proved not paid, or unknown.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { PivotPayoutItem } from '../../../../lib/validation';
import type { CreateFailureReason, MoneyState } from '../../../../lib/transport/errors';
import type { Slot } from '../../../../lib/transport/pool';
import { runPool, Throttle } from '../../../../lib/transport/pool';
import type { PivotEnvelope, PivotOutcome } from '../../../../lib/transport/request';
import { isUnknownOutcome, sendToPivot } from '../../../../lib/transport/request';
import { unansweredCreates } from '../../../../lib/processMemory';
import type { ItemClaim } from './outcome';
import type { Chunk } from './prepare';
import { lookupByReference, provedNotCreated, settleAfterUnknown, settleExisting } from './settle';

export interface SubmitSettings {
	requestId: string;
	maxAttempts: number;
	retryDelayMs: number;
	timeoutMs: number;
	/** Shared by the run's requests: a 429 pauses them all. */
	throttle?: Throttle;
}

export type FailureReason = CreateFailureReason;
export type { MoneyState };

export type SubmitFailure = {
	ok: false;
	outcome: Extract<PivotOutcome, { ok: false }>;
	attempts: number;
	reason: FailureReason;
	/** The request's claim; `claims` refines it per item when Pivot's records were compared. */
	money: MoneyState;
	detail?: string;
	/** Per item, after a Reference ID check: what Pivot holds decides each item's claim. */
	claims?: ItemClaim[];
	/** Per item, the payout Pivot holds under its Reference ID (null where none was found). */
	existing?: Array<IDataObject | null>;
};

export type SubmitResult =
	| { ok: true; body: PivotEnvelope; recovered: boolean; attempts: number }
	| { ok: true; existing: IDataObject[]; recovered: true; attempts: number }
	| SubmitFailure;

/** Pivot uses one code for "this X-REQUEST-ID was used with another body" and "this ID exists". */
function isKeyReuse(outcome: Extract<PivotOutcome, { ok: false }>): boolean {
	const texts = [outcome.body?.message, ...(outcome.body?.error?.details ?? []).flatMap((d) => [d.field, d.message])];
	if (texts.some((t) => typeof t === 'string' && /X-REQUEST-ID|X-EXTERNAL-ID/i.test(t))) return true;
	return outcome.status === 409 && !outcome.body?.code;
}

/**
 * Every request of the run. Requests start in item order, at most Concurrent Requests at once,
 * with one 429 brake for all. Without Continue On Fail, a failure stops new requests; those under
 * way finish first. A slot never started was not sent.
 */
export async function sendAll(
	this: IExecuteFunctions,
	chunks: Chunk[],
	concurrency: number,
	continueOnFail: boolean,
): Promise<Array<Slot<SubmitResult>>> {
	const throttle = new Throttle();
	let failed = false;
	return await runPool(
		chunks.length,
		concurrency,
		async (n) =>
			await submitPayouts
				.call(this, chunks[n].items, { ...chunks[n].settings, throttle })
				.then((result) => {
					if (!result.ok) failed = true;
					return result;
				})
				.catch((error: unknown) => {
					failed = true;
					// Kept as it is: render.ts turns it into an "outcome unknown" error.
					return Promise.reject(error);
				}),
		() => failed && !continueOnFail,
	);
}

/** One request, attempted until Pivot answers it, a look-up settles it, or the attempts run out. */
export async function submitPayouts(
	this: IExecuteFunctions,
	items: PivotPayoutItem[],
	settings: SubmitSettings,
): Promise<SubmitResult> {
	const body = { payouts: items };
	let recovered = false;
	// True once an attempt may have been committed without us seeing the answer.
	let uncertain = false;
	// False once an attempt got no answer Pivot finished (a timeout, a lost connection, Pivot's
	// 408, a page that is not Pivot's): that attempt may still commit after any later answer.
	// Also across n8n's Retry On Fail tries of this execution (processMemory.ts).
	const memoryKey = `${this.getExecutionId()}\n${settings.requestId}`;
	let everyAttemptFinished = !unansweredCreates.has(memoryKey);
	for (let attempt = 1; ; attempt++) {
		const outcome = await sendToPivot.call(this, {
			method: 'POST',
			path: '/v1/payouts',
			body,
			headers: { 'X-REQUEST-ID': settings.requestId, 'Content-Type': 'application/json' },
			timeoutMs: settings.timeoutMs,
			throttle: settings.throttle,
		});
		if (outcome.ok) return { ok: true, body: outcome.body, recovered, attempts: attempt };
		if (outcome.status === undefined || outcome.status === 408 || outcome.notPivot) {
			everyAttemptFinished = false;
			unansweredCreates.set(memoryKey, true);
		}

		if (outcome.body?.code === 'resource_already_exists' || outcome.status === 409) {
			if (isKeyReuse(outcome)) {
				if (uncertain) return await settleAfterUnknown.call(this, items, outcome, attempt, everyAttemptFinished, settings.throttle);
				return { ok: false, outcome, attempts: attempt, reason: 'keyReused', money: 'notPaid' };
			}
			// Pivot refused this key instead of replaying it: no attempt of this request was committed.
			return await settleExisting.call(this, items, outcome, attempt, { refused: true, uncertain }, settings.throttle);
		}
		if (!isUnknownOutcome(outcome.status) && !outcome.notPivot) {
			if (uncertain) return await settleAfterUnknown.call(this, items, outcome, attempt, everyAttemptFinished, settings.throttle);
			return { ok: false, outcome, attempts: attempt, reason: 'rejected', money: 'notPaid' };
		}

		uncertain = true;
		// Did Pivot commit it? Requests are all-or-nothing, so the first item tells.
		const first = await lookupByReference.call(this, items[0].referenceId, settings.throttle);
		if (first.found) {
			recovered = true;
			// One resend beyond the attempts is allowed here: it cannot create anything, only replay.
			if (attempt > settings.maxAttempts) {
				return await settleExisting.call(this, items, outcome, attempt, { refused: false, uncertain: true }, settings.throttle);
			}
			// Committed: the same key and body make Pivot replay its original answer (with the request uuid).
			continue;
		}
		if (attempt >= settings.maxAttempts) {
			// Only answers Pivot finished, for every attempt, make an empty look-up proof: after a
			// timeout or a lost connection Pivot may still be processing that attempt.
			if (first.known && everyAttemptFinished) {
				return await provedNotCreated.call(this, items, outcome, attempt, 'notCreated', settings.throttle);
			}
			return { ok: false, outcome, attempts: attempt, reason: 'unknown', money: 'unknown', detail: first.unreadable };
		}
		if (settings.retryDelayMs > 0) await sleep(settings.retryDelayMs * attempt);
	}
}
