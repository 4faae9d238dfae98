/**
 * Payout lifecycle after acceptance: items move to their final status after processingDelayMs,
 * failed items are refunded, and the merchant is told by callback (single vs bulk events).
 */
import { sleep } from 'n8n-workflow';

import { DELAYED_PAYOUT_ACCOUNT, failureReason } from './accounts';
import { CallbackDispatcher, itemEvent, requestEvent } from './callbacks';
import type { Lifecycle } from './lifecycle';
import { rupiahToCents } from './money';
import { FINAL_ITEM_STATUSES, type PayoutItem, type PayoutRequest, type SandboxState } from './state';

export interface ProcessorSettings {
	processingDelayMs: number;
	callbackSuccessReason: null | '';
	/** Rupiah per item, debited with its amount and returned with it when the item fails. */
	disbursementFee: number;
}

const total = (request: { items: PayoutItem[] }, fee: number) => request.items.reduce((sum, i) => sum + i.amount + fee, 0);

export class Processor {
	constructor(
		private readonly state: SandboxState,
		private readonly lifecycle: Lifecycle,
		private readonly callbacks: CallbackDispatcher,
		private readonly settings: () => ProcessorSettings,
	) {}

	/** Can the merchant's balance pay for the whole request now? */
	canAfford(merchantId: string, request: Pick<PayoutRequest, 'items'>): boolean {
		return this.state.merchant(merchantId).balanceCents >= rupiahToCents(total(request, this.settings().disbursementFee));
	}

	/** Debits the balance and starts processing an IN_PROGRESS request. */
	accept(request: PayoutRequest): void {
		const fee = this.settings().disbursementFee;
		this.state.merchant(request.merchantId).balanceCents -= rupiahToCents(total(request, fee));
		request.debited = true;
		request.fee = fee;
		this.state.ledger.payoutDebited(request, fee, new Date());
		this.lifecycle.spawn((signal) => this.run(request, signal));
	}

	/** Parked for top-up: no balance movement, request-level PAYOUT.PENDING even for one item. */
	park(request: PayoutRequest): void {
		this.notifyRequest(request, 'PAYOUT.PENDING');
	}

	/** Dashboard "retry after top-up". False when not parked or still unaffordable. */
	retryPending(uuid: string, forceInsufficient: (r: PayoutRequest) => boolean): boolean {
		const request = this.state.payoutRequests.get(uuid);
		if (!request || request.status !== 'PENDING') return false;
		if (forceInsufficient(request) || !this.canAfford(request.merchantId, request)) return false;
		request.status = 'IN_PROGRESS';
		request.updated = new Date();
		this.accept(request);
		return true;
	}

	/** Dashboard "cancel": a parked request's items become CANCELLED (nothing was debited). */
	cancelPending(uuid: string): boolean {
		const request = this.state.payoutRequests.get(uuid);
		if (!request || request.status !== 'PENDING') return false;
		const now = new Date();
		for (const item of request.items) this.finish(request, item, 'CANCELLED', '', now);
		request.status = 'CANCELLED';
		request.updated = now;
		this.notifyRequest(request, 'PAYOUT.CANCELLED');
		return true;
	}

	/** True when every accepted item has reached SUCCESS, FAILED or CANCELLED. */
	settled(): boolean {
		for (const r of this.state.payoutRequests.values()) {
			if (r.status === 'PENDING') continue;
			if (r.items.some((i) => !FINAL_ITEM_STATUSES.has(i.status))) return false;
		}
		return true;
	}

	private async run(request: PayoutRequest, signal: AbortSignal): Promise<void> {
		const delay = this.settings().processingDelayMs;
		await sleep(delay, signal);
		const now = new Date();
		const delayed: PayoutItem[] = [];
		for (const item of request.items) {
			const reason = item.invalidInquiry ? 'Invalid account' : failureReason(item.accountNumber);
			if (reason) this.finish(request, item, 'FAILED', reason, now);
			else if (item.accountNumber === DELAYED_PAYOUT_ACCOUNT) {
				this.finish(request, item, 'PENDING', '', now);
				delayed.push(item);
			} else this.finish(request, item, 'SUCCESS', '', now);
		}
		// Pivot's status matrix: the request is DONE while the partner bank still holds items PENDING.
		request.status = 'DONE';
		request.updated = now;
		this.notifyOutcome(request, delayed.length > 0);
		if (delayed.length === 0) return;

		await sleep(delay * 2, signal);
		const later = new Date();
		for (const item of delayed) this.finish(request, item, 'SUCCESS', '', later);
		request.updated = later;
		this.notifyOutcome(request, false);
	}

	private finish(
		request: PayoutRequest,
		item: PayoutItem,
		status: PayoutItem['status'],
		reason: string,
		at: Date,
	): void {
		if (status === 'FAILED' && request.debited) {
			this.state.merchant(request.merchantId).balanceCents += rupiahToCents(item.amount + request.fee);
		}
		if (status === 'SUCCESS' || status === 'FAILED') this.state.ledger.payoutFinal(item, status, at);
		item.status = status;
		item.reason = reason;
		item.updated = at;
	}

	private notifyOutcome(request: PayoutRequest, delayed: boolean): void {
		if (request.items.length > 1) {
			this.notifyRequest(request, delayed ? 'PAYOUT.DELAYED' : 'PAYOUT.DONE');
			return;
		}
		const item = request.items[0];
		const event = delayed ? 'PAYOUT.DELAYED' : item.status === 'FAILED' ? 'PAYOUT.FAILED' : 'PAYOUT.SUCCESS';
		const body = itemEvent(event, request, item, this.settings().callbackSuccessReason);
		this.callbacks.send(this.state.merchant(request.merchantId), body);
	}

	private notifyRequest(request: PayoutRequest, event: string): void {
		this.callbacks.send(this.state.merchant(request.merchantId), requestEvent(event, request));
	}
}
