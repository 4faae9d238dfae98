/** "Expand bulk results": one item per payout of a bulk request, fetched with the credential. */
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { isObject, payoutList } from '../lib/shapes';
import { EXPAND_TEXT, pivotErrorInfo } from '../lib/transport/errors';
import type { PivotOutcome } from '../lib/transport/request';
import { pivotError, sendToPivot } from '../lib/transport/request';
import { expandedItem, type PayoutEventItem } from './normalise';

/** GET /v1/payouts/{uuid} allows at most 100 per page; a request holds at most 1000 payouts. */
const PAGE_SIZE = 100;
const MAX_PAGES = 20;
const PAGE_TIMEOUT_MS = 30_000;
/** Pauses before re-asking after a transient answer (e.g. payouts_in_process). */
const TRANSIENT_RETRY_DELAYS_MS = [1_000, 2_000];

async function fetchPage(this: IWebhookFunctions, uuid: string, page: number): Promise<PivotOutcome> {
	const call = {
		method: 'GET' as const,
		path: `/v1/payouts/${encodeURIComponent(uuid)}`,
		qs: { page, perPage: PAGE_SIZE },
		timeoutMs: PAGE_TIMEOUT_MS,
	};
	let outcome = await sendToPivot.call(this, call);
	// A GET is safe to repeat; Pivot may still be settling the request right after the callback.
	for (const delay of TRANSIENT_RETRY_DELAYS_MS) {
		if (outcome.ok || !pivotErrorInfo(outcome.body?.code, outcome.status).transient) break;
		await sleep(delay);
		outcome = await sendToPivot.call(this, call);
	}
	return outcome;
}

/**
 * One item per payout of the request, all pages. On any failure the request-level event is
 * returned as is with an `expandError`: the callback itself is authentic and already answered
 * 200, and failing it instead would only make Pivot resend it minutes later (or never, once its
 * retries run out) while the workflow saw nothing.
 */
export async function expandBulk(this: IWebhookFunctions, bulk: PayoutEventItem): Promise<PayoutEventItem[]> {
	const raw: IDataObject[] = [];
	let page = 1;
	for (;;) {
		const outcome = await fetchPage.call(this, bulk.uuid, page);
		if (!outcome.ok) {
			const error = pivotError(this.getNode(), outcome, { action: 'Expand bulk results' });
			return [
				{
					...bulk,
					expandError: {
						message: error.message,
						description: error.description ?? null,
						httpCode: outcome.status ?? null,
						code: outcome.body?.code ?? null,
						pagesFetched: page - 1,
					},
				},
			];
		}
		const data = isObject(outcome.body.data) ? outcome.body.data : {};
		const payouts = payoutList(data.payouts);
		raw.push(...payouts);
		const pagination = isObject(outcome.body.pagination) ? outcome.body.pagination : {};
		const totalPages = typeof pagination.totalPages === 'number' ? pagination.totalPages : undefined;
		const more = totalPages !== undefined ? page < totalPages : payouts.length >= PAGE_SIZE;
		if (!more) break;
		if (page >= MAX_PAGES) {
			return [
				{
					...bulk,
					expandError: {
						...EXPAND_TEXT.tooMany(MAX_PAGES * PAGE_SIZE),
						httpCode: null,
						code: null,
						pagesFetched: page,
					},
				},
			];
		}
		page++;
	}
	if (raw.length === 0) {
		return [
			{
				...bulk,
				expandError: {
					...EXPAND_TEXT.empty,
					httpCode: null,
					code: null,
					pagesFetched: page,
				},
			},
		];
	}
	return raw.map((payout) => expandedItem(bulk, payout));
}
