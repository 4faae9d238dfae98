/** Callback (webhook) bodies and delivery with Pivot's redelivery schedule. */
import axios from 'axios';
import { sleep } from 'n8n-workflow';

import type { Lifecycle } from './lifecycle';
import type { MerchantState, PayoutItem, PayoutRequest, SandboxState } from './state';
import { payoutResults } from './state';

/** Delays before retries 1…6: 5 min, 15 min, 1 h, 3 h, 6 h, 12 h; then "manual retry". */
export const RETRY_SCHEDULE_MS = [5, 15, 60, 180, 360, 720].map((minutes) => minutes * 60_000);
const DELIVERY_TIMEOUT_MS = 10_000;

export interface CallbackBody {
	event: string;
	data: Record<string, unknown>;
}

/** Single-payout event: `data.payouts` is an object with only these four fields. */
export function itemEvent(
	event: string,
	request: PayoutRequest,
	item: PayoutItem,
	successReason: null | '',
): CallbackBody {
	return {
		event,
		data: {
			uuid: request.uuid,
			merchantId: request.merchantId,
			payouts: {
				referenceId: item.referenceId,
				amount: { currency: item.currency, value: String(item.amount) },
				status: item.status,
				reason: item.status === 'FAILED' ? item.reason : successReason,
			},
		},
	};
}

/** Request-level event: totals only, no item details. */
export function requestEvent(event: string, request: PayoutRequest): CallbackBody {
	const t = payoutResults(request);
	return {
		event,
		data: {
			uuid: request.uuid,
			merchantId: request.merchantId,
			payoutResults: {
				totalPendingCount: t.totalPendingCount,
				totalPendingAmount: t.totalPendingAmount,
				totalSuccessCount: t.totalSuccessCount,
				totalSuccessAmount: t.totalSuccessAmount,
				totalFailedCount: t.totalFailedCount,
				totalFailedAmount: t.totalFailedAmount,
				totalCancelledCount: t.totalCancelledCount,
				totalCancelledAmount: t.totalCancelledAmount,
			},
			status: request.status,
		},
	};
}

/** Pivot redelivers on 5xx, 408, 429 and on network errors; any other answer is final. */
const describe = (e: unknown) =>
	e instanceof Error ? `${(e as { code?: string }).code ?? 'ERROR'}: ${e.message}` : String(e);

const shouldRetry = (status: number) => status >= 500 || status === 408 || status === 429;

export class CallbackDispatcher {
	private nextDeliveryId = 1;
	private nextRecordId = 1;

	constructor(
		private readonly state: SandboxState,
		private readonly lifecycle: Lifecycle,
		private readonly timeScale: () => number,
	) {}

	/** Sends to the merchant's callback URL as configured now (or to `url`); no URL, no delivery. */
	send(merchant: MerchantState, body: CallbackBody, url = merchant.callbackUrl): void {
		if (!url) return;
		const apiKey = merchant.callbackApiKey;
		const deliveryId = this.nextDeliveryId++;
		this.lifecycle.spawn(async (signal) => {
			for (let attempt = 1; attempt <= RETRY_SCHEDULE_MS.length + 1; attempt++) {
				const delay = attempt === 1 ? 0 : RETRY_SCHEDULE_MS[attempt - 2] * this.timeScale();
				if (delay > 0) await sleep(delay, signal);
				const at = new Date().toISOString();
				const outcome = await axios
					.post(url, body, {
						headers: { 'X-API-Key': apiKey, 'Content-Type': 'application/json', Accept: 'application/json' },
						timeout: DELIVERY_TIMEOUT_MS,
						maxRedirects: 0,
						validateStatus: () => true,
						signal,
					})
					.then(
						(res) => ({ status: res.status, error: undefined }),
						(e: unknown) => ({ status: undefined, error: describe(e) }),
					);
				if (signal.aborted) return;
				const { status, error } = outcome;
				const retry = status === undefined || shouldRetry(status);
				const gaveUp = retry && attempt === RETRY_SCHEDULE_MS.length + 1;
				this.state.callbackLog.push({
					id: this.nextRecordId++,
					deliveryId,
					merchantId: merchant.clientId,
					url,
					event: body.event,
					body,
					attempt,
					scheduledDelayMs: delay,
					...(status !== undefined ? { status } : {}),
					...(error !== undefined ? { error } : {}),
					...(gaveUp ? { gaveUp } : {}),
					at,
				});
				if (!retry) return;
			}
		});
	}
}
