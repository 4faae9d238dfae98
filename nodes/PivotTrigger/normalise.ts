/**
 * Pivot's payout callbacks come in two shapes (its callback reference): item-level events carry `data.payouts` as one
 * object; request-level (bulk) events carry only `payoutResults` totals. Both leave the trigger as
 * the same flat item, so a workflow can filter on `event`, `status` or `isFinal` without caring
 * which shape arrived. Pure: no I/O, no n8n runtime.
 */
import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import type { PayoutOutput } from '../lib/shapes';
import { isObject, normalisePayoutItem, requestSummary, textOrNull } from '../lib/shapes';

export const PAYOUT_EVENTS = [
	'PAYOUT.SUCCESS',
	'PAYOUT.FAILED',
	'PAYOUT.DELAYED',
	'PAYOUT.DONE',
	'PAYOUT.PENDING',
	'PAYOUT.CANCELLED',
] as const;

export interface PivotCallback {
	event: string;
	data: IDataObject & { uuid: string };
}

export type CallbackParse = { ok: true; callback: PivotCallback } | { ok: false; problem: string };

export interface PayoutEventItem extends IDataObject {
	event: string;
	scope: 'single' | 'bulk';
	uuid: string;
	merchantId: string | null;
	status: string | null;
	isFinal: boolean;
	referenceId: string | null;
	amount: { value: string; number: number | null; currency: string } | null;
	reason: string | null;
	retry: string | null;
	advice: string | null;
	totals: IDataObject | null;
	dedupeKey: string;
}

const str = textOrNull;

/**
 * The minimum that makes a body a Pivot callback: a string `event` and an object `data` with a
 * string `uuid`. Anything else is answered 400 by the trigger. The problem text names the rule
 * broken, never the values received.
 */
export function asPivotCallback(body: unknown): CallbackParse {
	if (!isObject(body)) return { ok: false, problem: 'the body is not a JSON object' };
	if (typeof body.event !== 'string' || body.event.trim() === '') {
		return { ok: false, problem: 'the body has no string "event"' };
	}
	if (!isObject(body.data)) return { ok: false, problem: 'the body has no object "data"' };
	if (typeof body.data.uuid !== 'string' || body.data.uuid.trim() === '') {
		return { ok: false, problem: 'the body has no string "data.uuid"' };
	}
	return { ok: true, callback: body as unknown as PivotCallback };
}

/**
 * Pivot documents no event or delivery id, and redelivers the same body for up to 12 h, so the
 * key is a hash of what identifies the event: redeliveries (whatever their JSON key order or
 * spacing) hash the same, a later event for the same payout (another event name, status, reason
 * or totals) does not.
 */
export function dedupeKeyOf(parts: unknown[]): string {
	return createHash('sha256').update(JSON.stringify(parts), 'utf8').digest('hex').slice(0, 32);
}

function sortedEntries(totals: IDataObject | null): unknown[] | null {
	if (!totals) return null;
	return Object.keys(totals)
		.sort()
		.map((key) => [key, totals[key]]);
}

/** The fields of an event item that come from one payout. */
function payoutFields(payout: PayoutOutput) {
	return {
		status: payout.status,
		isFinal: payout.isFinal,
		referenceId: str(payout.referenceId),
		amount: payout.amount,
		reason: payout.reason,
		retry: payout.retry,
		advice: payout.advice,
	};
}

function singleItem(event: string, data: IDataObject, raw: IDataObject): PayoutEventItem {
	const uuid = data.uuid as string;
	const payout = normalisePayoutItem({ ...raw, amount: isObject(raw.amount) ? raw.amount : {} }, uuid);
	const referenceId = str(payout.referenceId);
	return {
		event,
		scope: 'single',
		uuid,
		merchantId: str(data.merchantId),
		...payoutFields(payout),
		totals: null,
		dedupeKey: dedupeKeyOf(['single', event, uuid, referenceId, payout.status, payout.reason]),
	};
}

/**
 * A request is final once cancelled, or once DONE with nothing left pending (items of a DONE
 * request can still be PENDING at the bank, per Pivot's state and status page).
 */
function requestIsFinal(status: string | null, totals: IDataObject | null): boolean {
	if (status === 'CANCELLED') return true;
	return status === 'DONE' && totals !== null && totals.totalPendingCount === 0;
}

function bulkItem(event: string, data: IDataObject): PayoutEventItem {
	const summary = requestSummary(data);
	const status = str(data.status);
	const uuid = data.uuid as string;
	return {
		event,
		scope: 'bulk',
		uuid,
		merchantId: str(data.merchantId),
		status,
		isFinal: requestIsFinal(status, summary.totals),
		referenceId: null,
		amount: null,
		reason: null,
		retry: null,
		advice: null,
		totals: summary.totals,
		dedupeKey: dedupeKeyOf(['bulk', event, uuid, status, sortedEntries(summary.totals)]),
	};
}

/**
 * One item per callback. `data.payouts` is an object in Pivot's single-payout callbacks; an
 * array is accepted too (Pivot uses arrays for the same field elsewhere) and gives one item per
 * element. Without `payouts` the callback is request-level.
 */
export function normaliseCallback(callback: PivotCallback): PayoutEventItem[] {
	const { event, data } = callback;
	const payouts = data.payouts;
	if (isObject(payouts)) return [singleItem(event, data, payouts)];
	if (Array.isArray(payouts)) {
		const items = payouts.filter(isObject).map((payout) => singleItem(event, data, payout));
		if (items.length > 0) return items;
	}
	return [bulkItem(event, data)];
}

/**
 * One item per payout of a bulk request, fetched with GET /v1/payouts/{uuid} after a
 * request-level event: the same fields as a single-payout event (plus the account details the
 * retrieve call has), `status`/`isFinal` of the item, and the request's own in `requestStatus`.
 */
export function expandedItem(bulk: PayoutEventItem, raw: IDataObject): PayoutEventItem {
	const payout = normalisePayoutItem(raw, bulk.uuid);
	const referenceId = str(payout.referenceId);
	return {
		...payout,
		event: bulk.event,
		scope: 'bulk',
		uuid: bulk.uuid,
		merchantId: bulk.merchantId,
		...payoutFields(payout),
		totals: bulk.totals,
		expanded: true,
		requestStatus: bulk.status,
		requestIsFinal: bulk.isFinal,
		dedupeKey: dedupeKeyOf(['item', bulk.event, bulk.uuid, referenceId, payout.status, payout.reason]),
	};
}
