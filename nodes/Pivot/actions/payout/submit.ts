/**
 * Sends one create-payout request so that nothing is ever paid twice: the X-REQUEST-ID is fixed
 * for the request, and when the outcome is unknown (no answer, 5xx, 408) the payouts are looked
 * up by Reference ID before the same request is sent again.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { PivotPayoutItem } from '../../../shared/validation';
import type { PivotEnvelope, PivotOutcome } from '../../../shared/transport/request';
import { isUnknownOutcome, sendToPivot } from '../../../shared/transport/request';

export interface SubmitSettings {
	requestId: string;
	maxAttempts: number;
	retryDelayMs: number;
	timeoutMs: number;
}

export type SubmitResult =
	| { ok: true; body: PivotEnvelope; recovered: boolean; attempts: number }
	| { ok: true; existing: IDataObject[]; recovered: true; attempts: number }
	| { ok: false; outcome: Extract<PivotOutcome, { ok: false }>; attempts: number; reason: string; detail?: string };

type Lookup = { found: IDataObject | null; known: boolean };

/** `GET /v1/payouts/{referenceId}?type=single`; `known` is false when Pivot could not be asked. */
export async function lookupByReference(this: IExecuteFunctions, referenceId: string): Promise<Lookup> {
	const outcome = await sendToPivot.call(this, {
		method: 'GET',
		path: `/v1/payouts/${encodeURIComponent(referenceId)}`,
		qs: { type: 'single' },
	});
	if (outcome.ok) {
		const data = outcome.body.data;
		const list = Array.isArray(data) ? data : data ? [data] : [];
		const match = list.find((p) => String(p.referenceId) === referenceId) ?? null;
		return { found: match, known: true };
	}
	if (outcome.body?.code === 'resource_missing' || outcome.status === 404) return { found: null, known: true };
	return { found: null, known: false };
}

function sameDestination(item: PivotPayoutItem, existing: IDataObject): boolean {
	const amount = (existing.amount ?? {}) as IDataObject;
	if (String(amount.value) !== item.amount.value) return false;
	if (item.inquiryId) return !existing.inquiryId || existing.inquiryId === item.inquiryId;
	const channel = (existing.channelInformation ?? {}) as IDataObject;
	return (
		existing.channelCode === item.channelCode &&
		channel.accountNumber === item.channelInformation?.accountNumber
	);
}

interface Survey {
	/** Every item exists at Pivot with the same amount and destination, in item order. */
	existing: IDataObject[] | null;
	/** Human summary of what differs, for the error when not all match. */
	summary: string;
}

/** Looks every item up by Reference ID; used when Pivot says a reference already exists. */
async function surveyReferences(this: IExecuteFunctions, items: PivotPayoutItem[]): Promise<Survey> {
	const same: string[] = [];
	const different: string[] = [];
	const missing: string[] = [];
	const found: IDataObject[] = [];
	for (const item of items) {
		const lookup = await lookupByReference.call(this, item.referenceId);
		if (!lookup.found) missing.push(item.referenceId);
		else if (sameDestination(item, lookup.found)) {
			same.push(item.referenceId);
			found.push(lookup.found);
		} else different.push(item.referenceId);
	}
	const list = (refs: string[]) => (refs.length > 5 ? `${refs.slice(0, 5).join(', ')} and ${refs.length - 5} more` : refs.join(', '));
	const parts = [];
	if (different.length) parts.push(`used by a different payout at Pivot: ${list(different)}`);
	if (same.length) parts.push(`already paid (same amount and destination): ${list(same)}`);
	if (missing.length) parts.push(`not at Pivot yet: ${list(missing)}`);
	return { existing: missing.length || different.length ? null : found, summary: `Reference IDs ${parts.join('; ')}.` };
}

/** Pivot uses one code for "this X-REQUEST-ID was used with another body" and "this ID exists". */
function isKeyReuse(outcome: Extract<PivotOutcome, { ok: false }>): boolean {
	const texts = [outcome.body?.message, ...(outcome.body?.error?.details ?? []).flatMap((d) => [d.field, d.message])];
	if (texts.some((t) => typeof t === 'string' && /X-REQUEST-ID|X-EXTERNAL-ID/i.test(t))) return true;
	return outcome.status === 409 && !outcome.body?.code;
}

export async function submitPayouts(
	this: IExecuteFunctions,
	items: PivotPayoutItem[],
	settings: SubmitSettings,
): Promise<SubmitResult> {
	const body = { payouts: items };
	let recovered = false;
	for (let attempt = 1; ; attempt++) {
		const outcome = await sendToPivot.call(this, {
			method: 'POST',
			path: '/v1/payouts',
			body,
			headers: { 'X-REQUEST-ID': settings.requestId, 'Content-Type': 'application/json' },
			timeoutMs: settings.timeoutMs,
		});
		if (outcome.ok) return { ok: true, body: outcome.body, recovered, attempts: attempt };

		if (outcome.body?.code === 'resource_already_exists' || outcome.status === 409) {
			if (isKeyReuse(outcome)) return { ok: false, outcome, attempts: attempt, reason: 'keyReused' };
			// A Reference ID Pivot already has: paid by an earlier run (older than the 24 h key
			// window) if amount and destination match, otherwise a real conflict.
			const survey = await surveyReferences.call(this, items);
			if (survey.existing) return { ok: true, existing: survey.existing, recovered: true, attempts: attempt };
			return { ok: false, outcome, attempts: attempt, reason: 'referenceTaken', detail: survey.summary };
		}
		if (!isUnknownOutcome(outcome.status)) {
			return { ok: false, outcome, attempts: attempt, reason: 'rejected' };
		}

		// Unknown outcome: did Pivot commit it? Requests are all-or-nothing, so the first item tells.
		const first = await lookupByReference.call(this, items[0].referenceId);
		if (first.found) {
			recovered = true;
			// One resend beyond the attempts is allowed here: it cannot create anything, only replay.
			if (attempt > settings.maxAttempts) {
				const survey = await surveyReferences.call(this, items);
				if (survey.existing) return { ok: true, existing: survey.existing, recovered: true, attempts: attempt };
				return { ok: false, outcome, attempts: attempt, reason: 'unknown' };
			}
			// Committed: the same key and body make Pivot replay its original answer (with the request uuid).
			continue;
		}
		if (attempt >= settings.maxAttempts) {
			return { ok: false, outcome, attempts: attempt, reason: first.known ? 'notCreated' : 'unknown' };
		}
		if (settings.retryDelayMs > 0) await sleep(settings.retryDelayMs * attempt);
	}
}
