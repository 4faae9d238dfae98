/**
 * The batch digest: one SHA-256 over exactly what a Payout → Create run would send and from which
 * account (every request body, every X-REQUEST-ID, how the rows are split into requests, the
 * environment or base URL, the Client ID and the Sub-Merchant ID; never a secret). A preview
 * shows it; a payment bound to it recomputes it and refuses to send anything when it differs.
 * Pure: no n8n imports.
 */
import { createHash } from 'crypto';

import { canonicalJson } from './idempotency';

/** Bumped if the serialisation ever changes, so that an old approval can never match by accident. */
const DIGEST_VERSION = 1;

/** Where the money comes from: what the credential says, without its secret. */
export interface BatchAccount {
	environment: string;
	/** Only for the Custom environment; the named environments fix their own URL. */
	baseUrl: string;
	clientId: string;
	subMerchantId: string;
}

/** One request as it would be sent: its X-REQUEST-ID and the `payouts` of its body. */
export interface DigestRequest {
	requestId: string;
	payouts: ReadonlyArray<{ amount: { value: string }; channelCode?: string; inquiryId?: string }>;
}

/** The account from the credential's fields. IDs are compared as Pivot reads them (no case, no spaces). */
export function batchAccount(credentials: Record<string, unknown>): BatchAccount {
	const environment = String(credentials.environment ?? '').trim() || 'sandbox';
	const baseUrl =
		environment === 'custom'
			? String(credentials.baseUrl ?? '')
					.trim()
					.replace(/\/+$/, '')
			: '';
	return {
		environment,
		baseUrl,
		clientId: String(credentials.clientId ?? '').trim().toLowerCase(),
		subMerchantId: String(credentials.subMerchantId ?? '').trim().toLowerCase(),
	};
}

/**
 * SHA-256 (64 hex characters) of the canonical JSON of `{ account, requests, version }`: object
 * keys sorted, so key order never matters; arrays kept in order, so the rows, their order and the
 * split into requests all count. Hashed request by request, which gives the same text as
 * serialising the whole batch at once without holding a second copy of a 50,000-row batch.
 */
export function batchDigest(account: BatchAccount, requests: readonly DigestRequest[]): string {
	const hash = createHash('sha256');
	hash.update(`{"account":${canonicalJson(account)},"requests":[`);
	for (let n = 0; n < requests.length; n++) {
		if (n > 0) hash.update(',');
		hash.update(canonicalJson({ payouts: requests[n].payouts, requestId: requests[n].requestId }));
	}
	hash.update(`],"version":${DIGEST_VERSION}}`);
	return hash.digest('hex');
}

/** The first 12 characters, for people to compare by eye. Never accepted in place of the digest. */
export function shortDigest(digest: string): string {
	return digest.slice(0, 12);
}

export interface ChannelTotal {
	count: number;
	/** Whole rupiah, as digits: exact whatever the size of the batch. */
	total: string;
}

export interface BatchTotals {
	count: number;
	total: string;
	requests: number;
	/** Per channel code; payouts by Inquiry ID (whose channel Pivot knows, not us) under INQUIRY_ID. */
	totalsByChannel: Record<string, ChannelTotal>;
}

export const INQUIRY_TOTAL_KEY = 'INQUIRY_ID';

export function batchTotals(requests: readonly DigestRequest[]): BatchTotals {
	let count = 0;
	let total = 0n;
	const byChannel = new Map<string, { count: number; total: bigint }>();
	for (const request of requests) {
		for (const payout of request.payouts) {
			const value = BigInt(payout.amount.value);
			count++;
			total += value;
			const key = payout.channelCode ?? INQUIRY_TOTAL_KEY;
			const entry = byChannel.get(key) ?? { count: 0, total: 0n };
			entry.count++;
			entry.total += value;
			byChannel.set(key, entry);
		}
	}
	const totalsByChannel: Record<string, ChannelTotal> = {};
	for (const key of [...byChannel.keys()].sort()) {
		const entry = byChannel.get(key) as { count: number; total: bigint };
		totalsByChannel[key] = { count: entry.count, total: entry.total.toString() };
	}
	return { count, total: total.toString(), requests: requests.length, totalsByChannel };
}

/** "Rp 1,234,567" for a digit string of any length. */
export function formatRupiahText(digits: string): string {
	return `Rp ${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
}

const APPROVAL_PREFIX = 'pivot-batch-v1';
const APPROVAL = /^pivot-batch-v1:(\d{1,9}):(\d{1,30}):([0-9a-f]{64})$/;

export interface Approval {
	count: number;
	total: string;
	digest: string;
}

/** The value a preview hands to the approval step and the payment: count, total and the full digest. */
export function approvalValue(approval: Approval): string {
	return `${APPROVAL_PREFIX}:${approval.count}:${approval.total}:${approval.digest}`;
}

export function parseApproval(value: unknown): { ok: true; approval: Approval } | { ok: false; problem: string } {
	const text = typeof value === 'string' ? value.trim() : '';
	const match = APPROVAL.exec(text);
	if (match) return { ok: true, approval: { count: Number(match[1]), total: match[2], digest: match[3] } };
	if (/^[0-9a-f]{6,63}$/i.test(text)) {
		return { ok: false, problem: 'is a short digest; only the full approval value from the preview binds a payment' };
	}
	const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
	return {
		ok: false,
		problem: `"${shown}" is not an approval value from a Payout → Create preview (${APPROVAL_PREFIX}:<count>:<total>:<digest>)`,
	};
}

/**
 * Why the batch about to be sent is not the approved one, or undefined when it is. The digest
 * decides; count and total say what changed. An approval whose count or total do not match its
 * own digest has been edited, and is refused even when the digest matches.
 */
export function approvalMismatch(approved: Approval, now: Approval): string | undefined {
	const was = `${approved.count} payout(s) totalling ${formatRupiahText(approved.total)}`;
	const is = `${now.count} payout(s) totalling ${formatRupiahText(now.total)}`;
	if (approved.digest !== now.digest) {
		const what =
			approved.count === now.count && approved.total === now.total
				? 'the count and total are the same, so an account, name, Reference ID, description, the split into requests, an Idempotency Key or the Pivot credential changed'
				: 'the rows changed';
		return `The batch is not the one approved: approved ${was} (digest ${shortDigest(approved.digest)}), now ${is} (digest ${shortDigest(now.digest)}); ${what}`;
	}
	if (approved.count !== now.count || approved.total !== now.total) {
		return `The approval value was altered: its digest is this batch's (${is}), but it says ${was}`;
	}
	return undefined;
}
