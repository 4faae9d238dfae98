/** Response shapes exactly as Pivot documents them, quirks included. */
import { type PayoutItem, type PayoutRequest, isoSeconds, payoutResults } from './state';

const amount = (i: PayoutItem) => ({ currency: i.currency, value: String(i.amount) });

/**
 * Create answer: items echo the request, no item status; full-precision timestamps. `status` lets an
 * idempotent replay show the request as it was when accepted (created = updated at that moment).
 */
export function createView(r: PayoutRequest, status: PayoutRequest['status'] = r.status) {
	const at = r.created.toISOString();
	return {
		created: at,
		merchantId: r.merchantId,
		payouts: r.items.map((i) => ({
			amount: amount(i),
			inquiryId: i.inquiryId,
			channelCode: i.channelCode,
			channelInformation: { accountName: i.accountName, accountNumber: i.accountNumber },
			description: i.description,
			referenceId: i.referenceId,
		})),
		status,
		updated: at,
		uuid: r.uuid,
	};
}

/** Item as in Retrieve a Payout (by uuid, and by uuid + referenceId). */
export function itemView(i: PayoutItem) {
	return {
		amount: amount(i),
		channelCode: i.channelCode,
		channelInformation: { accountName: i.accountName, accountNumber: i.accountNumber },
		created: isoSeconds(i.created),
		inquiryId: i.inquiryId,
		description: i.description,
		referenceId: i.referenceId,
		status: i.status,
		reason: i.reason,
		updated: isoSeconds(i.updated),
	};
}

/** Bare item of `?type=single` (its own field order in the docs). */
export function singleLookupView(i: PayoutItem) {
	return {
		referenceId: i.referenceId,
		inquiryId: i.inquiryId,
		channelCode: i.channelCode,
		channelInformation: { accountNumber: i.accountNumber, accountName: i.accountName },
		amount: amount(i),
		description: i.description,
		status: i.status,
		reason: i.reason,
		created: isoSeconds(i.created),
		updated: isoSeconds(i.updated),
	};
}

export function requestView(r: PayoutRequest, items: PayoutItem[]) {
	return {
		created: isoSeconds(r.created),
		merchantId: r.merchantId,
		payoutResults: payoutResults(r),
		payouts: items.map(itemView),
		status: r.status,
		updated: isoSeconds(r.updated),
		uuid: r.uuid,
	};
}

/** `?referenceId=`: payouts is an object; no created/status/updated and no pagination. */
export function requestItemView(r: PayoutRequest, item: PayoutItem) {
	return {
		merchantId: r.merchantId,
		payoutResults: payoutResults(r),
		payouts: itemView(item),
		uuid: r.uuid,
	};
}
