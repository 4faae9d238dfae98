/**
 * Pivot returns payout items in three shapes (an array in create/retrieve-by-uuid, an object with
 * uuid + referenceId, a bare array with ?type=single); everything leaves the node in this one shape.
 */
import type { IDataObject } from 'n8n-workflow';

import { amountNumber } from './money';
import { adviceForReason, FINAL_ITEM_STATUSES, normaliseReason } from './reasons';

export interface PayoutOutput extends IDataObject {
	referenceId: string;
	requestUuid: string | null;
	status: string | null;
	isFinal: boolean;
	reason: string | null;
	retry: string | null;
	advice: string | null;
	amount: { value: string; number: number | null; currency: string };
	channelCode: string | null;
	accountNumber: string | null;
	accountName: string | null;
	inquiryId: string | null;
	description: string | null;
	created: string | null;
	updated: string | null;
}

export function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty string, or null (Pivot sends "" and null alike for "none"). */
export function textOrNull(value: unknown): string | null {
	return typeof value === 'string' && value !== '' ? value : null;
}

const str = textOrNull;

/** A string or a number as Pivot sent it, else "": an object or array is never turned into text. */
function scalarText(value: unknown): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return '';
}

/** One Pivot payout item (any of the three shapes) in the node's output shape. */
export function normalisePayoutItem(raw: IDataObject, requestUuid: string | null): PayoutOutput {
	const amount = (isObject(raw.amount) ? raw.amount : {}) as IDataObject;
	const channel = (isObject(raw.channelInformation) ? raw.channelInformation : {}) as IDataObject;
	const status = str(raw.status);
	const reason = normaliseReason(raw.reason);
	const advice = status === 'FAILED' ? adviceForReason(reason) : null;
	return {
		referenceId: scalarText(raw.referenceId),
		requestUuid,
		status,
		isFinal: status !== null && FINAL_ITEM_STATUSES.includes(status),
		reason,
		retry: advice?.retry ?? null,
		advice: advice?.advice ?? null,
		amount: {
			value: scalarText(amount.value),
			number: amountNumber(amount.value),
			currency: str(amount.currency) ?? 'IDR',
		},
		channelCode: str(raw.channelCode),
		accountNumber: str(channel.accountNumber),
		accountName: str(channel.accountName),
		inquiryId: str(raw.inquiryId),
		description: str(raw.description),
		created: str(raw.created),
		updated: str(raw.updated),
	};
}

/** Fields of a payout that only mean something once Pivot has given the payout a status. */
const STATUS_KEYS = ['status', 'isFinal', 'reason', 'retry', 'advice', 'updated'] as const;
/** Destination and statement fields: shown when the payout has them. */
const SENT_KEYS = ['inquiryId', 'channelCode', 'accountNumber', 'accountName', 'description'] as const;

/**
 * One payout of Create's answer. That answer is Pivot's acceptance of the request: its items carry
 * no status of their own yet (the final one comes by callback or Payout → Get), so the item leads
 * with the request's state and Pivot's time for the request, and leaves out what is not known yet
 * instead of a row of nulls that reads like a failure. Pivot answers a resent request (the same
 * X-REQUEST-ID and body) with this same record, `created` included: no second payout.
 */
export function acceptedPayoutItem(raw: IDataObject, request: IDataObject): IDataObject {
	const item = normalisePayoutItem(raw, str(request.uuid));
	const out: IDataObject = {
		requestStatus: str(request.status),
		created: item.created ?? str(request.created),
		referenceId: item.referenceId,
		amount: item.amount,
	};
	for (const key of SENT_KEYS) if (item[key] !== null) out[key] = item[key];
	if (item.status !== null) for (const key of STATUS_KEYS) out[key] = item[key];
	out.requestUuid = item.requestUuid;
	return out;
}

/** `payouts` may be an array or a single object depending on the endpoint. */
export function payoutList(payouts: unknown): IDataObject[] {
	if (Array.isArray(payouts)) return payouts as IDataObject[];
	if (payouts && typeof payouts === 'object') return [payouts as IDataObject];
	return [];
}

export interface RequestSummary extends IDataObject {
	requestUuid: string | null;
	requestStatus: string | null;
	merchantId: string | null;
	totals: IDataObject | null;
}

const TOTAL_KEYS = [
	'totalSuccessCount',
	'totalSuccessAmount',
	'totalFailedCount',
	'totalFailedAmount',
	'totalPendingCount',
	'totalPendingAmount',
	'totalCancelledCount',
	'totalCancelledAmount',
];

/**
 * One total as a number: Pivot documents integers, but a numeric string ("3", "150000.00") is read
 * as its number. A missing key counts as 0 (Pivot's older examples leave some out); any other
 * value is null, never 0: a pending count read as 0 would call an unfinished request final.
 */
function totalValue(value: unknown): number | null {
	if (value === undefined) return 0;
	if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null;
	if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) return Number(value.trim());
	return null;
}

/** Request-level fields, with the request's totals read by totalValue(). */
export function requestSummary(data: IDataObject): RequestSummary {
	const results = data.payoutResults as IDataObject | undefined;
	let totals: IDataObject | null = null;
	if (results && typeof results === 'object') {
		totals = {};
		for (const key of TOTAL_KEYS) totals[key] = totalValue(results[key]);
	}
	return {
		requestUuid: str(data.uuid),
		requestStatus: str(data.status),
		merchantId: str(data.merchantId),
		totals,
	};
}

const BANK_RECORD = /Bank record:\s*(.+?)\s*$/;

/** The bank's account name only travels inside the inquiry's `detail` text, after "Bank record:". */
export function bankRecordName(detail: unknown): string | null {
	if (typeof detail !== 'string') return null;
	const match = BANK_RECORD.exec(detail);
	return match ? match[1] : null;
}
