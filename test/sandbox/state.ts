/** In-memory state of one sandbox instance. Money: item amounts in whole rupiah, balances in cents. */
import { Ledger } from './ledger';
import type {
	SandboxCallbackRecord,
	SandboxItemStatus,
	SandboxPayoutRecord,
	SandboxRequestRecord,
	SandboxRequestStatus,
} from './types';

export interface MerchantState {
	clientId: string;
	clientSecret: string;
	callbackApiKey: string;
	callbackUrl: string;
	/** Where MERCHANT-TOP-UP.SUCCESS goes; '' = callbackUrl (Pivot has a separate dashboard field). */
	topUpCallbackUrl: string;
	initialBalanceCents: number;
	balanceCents: number;
}

export interface InquiryRecord {
	uuid: string;
	merchantId: string;
	channelCode: string;
	accountNumber: string;
	accountName: string;
	createdMs: number;
}

export interface PayoutItem {
	referenceId: string;
	inquiryId: string;
	channelCode: string;
	accountNumber: string;
	accountName: string;
	/** Whole rupiah. */
	amount: number;
	currency: string;
	description: string;
	status: SandboxItemStatus;
	reason: string;
	/** Created from an inquiry that found no account: fails as "Invalid account". */
	invalidInquiry: boolean;
	created: Date;
	updated: Date;
}

export interface PayoutRequest {
	uuid: string;
	merchantId: string;
	submerchantId?: string;
	xRequestId: string;
	status: SandboxRequestStatus;
	items: PayoutItem[];
	created: Date;
	updated: Date;
	/** Whether the balance was debited for the items (false while parked for top-up). */
	debited: boolean;
	/** Fee per item debited with it (rupiah), fixed when the request was accepted. */
	fee: number;
}

/** Small on purpose (bodies can be 1000 items): a body hash, and what rebuilds the first answer. */
export interface IdempotencyRecord {
	bodyHash: string;
	request: PayoutRequest;
	/** Request status when it was accepted (IN_PROGRESS or PENDING): the replay shows this one. */
	acceptedStatus: PayoutRequest['status'];
	atMs: number;
}

export interface PayoutResults {
	totalFailedAmount: number;
	totalFailedCount: number;
	totalPendingAmount: number;
	totalPendingCount: number;
	totalSuccessAmount: number;
	totalSuccessCount: number;
	totalCancelledCount: number;
	totalCancelledAmount: number;
}

export const FINAL_ITEM_STATUSES: ReadonlySet<SandboxItemStatus> = new Set(['SUCCESS', 'FAILED', 'CANCELLED']);

export class SandboxState {
	readonly merchants = new Map<string, MerchantState>();
	readonly tokens = new Map<string, { merchantId: string; expiresAtMs: number }>();
	tokensIssued = 0;
	/** Every access token issued since start, kept across reset(): GET /_sandbox/tokens, for secret scans. */
	readonly issuedTokens: string[] = [];
	readonly inquiries = new Map<string, InquiryRecord>();
	readonly payoutRequests = new Map<string, PayoutRequest>();
	/** merchantId → referenceId → request; referenceIds stay unique forever, as Pivot requires. */
	readonly references = new Map<string, Map<string, PayoutRequest>>();
	/** `${merchantId} ${X-REQUEST-ID}` → first successful answer. */
	readonly idempotency = new Map<string, IdempotencyRecord>();
	readonly requestLog: SandboxRequestRecord[] = [];
	readonly callbackLog: SandboxCallbackRecord[] = [];
	readonly ledger = new Ledger();

	merchant(clientId: string): MerchantState {
		const m = this.merchants.get(clientId);
		if (!m) throw new Error(`Unknown sandbox merchant "${clientId}"`);
		return m;
	}

	findReference(merchantId: string, referenceId: string): PayoutRequest | undefined {
		return this.references.get(merchantId)?.get(referenceId);
	}

	addPayoutRequest(request: PayoutRequest): void {
		this.payoutRequests.set(request.uuid, request);
		let refs = this.references.get(request.merchantId);
		if (!refs) this.references.set(request.merchantId, (refs = new Map()));
		for (const item of request.items) refs.set(item.referenceId, request);
	}

	/** Drops everything but merchants and their tokens; balances go back to their configured value. */
	reset(): void {
		this.inquiries.clear();
		this.payoutRequests.clear();
		this.references.clear();
		this.idempotency.clear();
		this.requestLog.length = 0;
		this.callbackLog.length = 0;
		this.ledger.clear();
		this.tokensIssued = 0;
		for (const m of this.merchants.values()) m.balanceCents = m.initialBalanceCents;
	}

	payoutRecords(): SandboxPayoutRecord[] {
		const out: SandboxPayoutRecord[] = [];
		for (const r of this.payoutRequests.values()) {
			for (const i of r.items) {
				out.push({
					merchantId: r.merchantId,
					...(r.submerchantId !== undefined ? { submerchantId: r.submerchantId } : {}),
					requestUuid: r.uuid,
					xRequestId: r.xRequestId,
					referenceId: i.referenceId,
					inquiryId: i.inquiryId,
					channelCode: i.channelCode,
					accountNumber: i.accountNumber,
					accountName: i.accountName,
					amount: String(i.amount),
					currency: i.currency,
					description: i.description,
					status: i.status,
					reason: i.reason,
					requestStatus: r.status,
					createdAt: i.created.toISOString(),
					updatedAt: i.updated.toISOString(),
				});
			}
		}
		return out;
	}
}

/** Integers, as Pivot sends them; APPROVED and PENDING items both count as pending. */
export function payoutResults(request: PayoutRequest): PayoutResults {
	const r: PayoutResults = {
		totalFailedAmount: 0,
		totalFailedCount: 0,
		totalPendingAmount: 0,
		totalPendingCount: 0,
		totalSuccessAmount: 0,
		totalSuccessCount: 0,
		totalCancelledCount: 0,
		totalCancelledAmount: 0,
	};
	for (const item of request.items) {
		if (item.status === 'SUCCESS') {
			r.totalSuccessCount++;
			r.totalSuccessAmount += item.amount;
		} else if (item.status === 'FAILED') {
			r.totalFailedCount++;
			r.totalFailedAmount += item.amount;
		} else if (item.status === 'CANCELLED') {
			r.totalCancelledCount++;
			r.totalCancelledAmount += item.amount;
		} else {
			r.totalPendingCount++;
			r.totalPendingAmount += item.amount;
		}
	}
	return r;
}

/** Pivot's retrieve examples use whole seconds ("2024-05-13T08:21:45Z"). */
export const isoSeconds = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
