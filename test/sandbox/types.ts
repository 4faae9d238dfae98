/** Public types of the Pivot sandbox simulator (re-exported by index.ts). */

export interface SandboxMerchant {
	clientId: string;
	clientSecret: string;
	callbackApiKey: string;
	callbackUrl?: string;
	/** IDR with 2 decimals, e.g. "1000000000.00". */
	balance?: string;
}

export interface SandboxOptions {
	/** Default 0 (random); the host is always 127.0.0.1. */
	port?: number;
	merchants?: SandboxMerchant[];
	tokenLifetimeSeconds?: number;
	/**
	 * 'concurrent' (default): every issued token stays valid until it expires. 'revokePrevious': a new
	 * token revokes the merchant's earlier ones. Pivot's docs neither promise nor exclude either.
	 */
	tokenPolicy?: SandboxTokenPolicy;
	/** HTTP status sent with code credentials_invalid (default 401). */
	credentialsInvalidStatus?: number;
	/** Accepted items reach their final status after this many ms (default 300). */
	processingDelayMs?: number;
	/** A PENDING inquiry resolves this many ms after it was made (default 500). */
	pendingInquiryDelayMs?: number;
	/** GET /v1/payouts/{uuid} answers payouts_in_process this long after creation (default min(100, processingDelayMs)). */
	inProcessWindowMs?: number;
	minAmount?: number;
	maxAmount?: number;
	/** Multiplies Pivot's callback retry schedule (5 min … 12 h); tests use e.g. 1/60000. */
	callbackTimeScale?: number;
	/** How long an X-REQUEST-ID is remembered (default 24 h). */
	idempotencyWindowMs?: number;
	/** `reason` of non-failed items in callbacks: null (API reference, default) or "" (integration guide). */
	callbackSuccessReason?: null | '';
	/** Rupiah charged per payout item with its amount (default 0; Pivot publishes no fee). */
	disbursementFee?: number;
	/** Rupiah charged per account inquiry, as an ACCOUNT_INQUIRY_FEE entry (default 0). */
	inquiryFee?: number;
	/** How balance-history entries spell `transactionType`: 'display' ("VA Payment", Pivot's example, default) or 'enum' ("VA_PAYMENT"). */
	ledgerTypeSpelling?: SandboxLedgerSpelling;
	/**
	 * 'instant' (default): startDate and endDate filter to the millisecond. 'wholeDays': both are
	 * widened to whole days (UTC+7), as a Pivot that filters by date would do.
	 */
	ledgerDateFilter?: SandboxLedgerDateFilter;
}

export type SandboxLedgerSpelling = 'display' | 'enum';
export type SandboxLedgerDateFilter = 'instant' | 'wholeDays';
export type SandboxAccountType = 'DISBURSEMENT' | 'PAYMENT' | 'WALLET';

export type SandboxTokenPolicy = 'concurrent' | 'revokePrevious';
export const TOKEN_POLICIES: readonly SandboxTokenPolicy[] = ['concurrent', 'revokePrevious'];

export type SandboxRoute = 'token' | 'balance' | 'inquiry' | 'createPayout' | 'getPayout' | 'balanceHistory';

export type SandboxFault = {
	route: SandboxRoute | 'any';
	/** echoHeaders: an error answer whose texts repeat the request's headers, as a careless proxy might. */
	kind: 'status' | 'dropAfterCommit' | 'dropBeforeCommit' | 'timeoutAfterCommit' | 'latency' | 'echoHeaders';
	status?: 500 | 502 | 503 | 408 | 429 | 400;
	/** Apply to the next N matching requests (default 1). */
	count?: number;
	/** Or apply with this probability (0..1) until cleared. */
	rate?: number;
	seed?: number;
	/** For 'latency', and how long 'timeoutAfterCommit' hangs before destroying the socket. */
	latencyMs?: number;
	/** For 'status': a Retry-After header (whole seconds) on the answer, as a rate limiter may send. */
	retryAfterSeconds?: number;
	/** Counted faults: let this many matching requests through first (e.g. 2 = fault the 3rd page). */
	skip?: number;
};

export type SandboxRequestStatus = 'IN_PROGRESS' | 'PENDING' | 'DONE' | 'CANCELLED';
export type SandboxItemStatus = 'APPROVED' | 'PENDING' | 'SUCCESS' | 'FAILED' | 'CANCELLED';

export interface SandboxPayoutRecord {
	merchantId: string;
	submerchantId?: string;
	requestUuid: string;
	xRequestId: string;
	referenceId: string;
	inquiryId: string;
	channelCode: string;
	accountNumber: string;
	accountName: string;
	amount: string;
	currency: string;
	description: string;
	status: SandboxItemStatus;
	reason: string;
	requestStatus: SandboxRequestStatus;
	createdAt: string;
	updatedAt: string;
}

export interface SandboxRequestRecord {
	id: number;
	method: string;
	/** Without the query string. */
	path: string;
	query: Record<string, string>;
	/** Lower-case names; credentials are replaced by '[redacted]'. */
	headers: Record<string, string>;
	route: SandboxRoute | 'other';
	xRequestId?: string;
	submerchantId?: string;
	merchantId?: string;
	/** HTTP status answered; 0 while unanswered or when the connection was dropped. */
	status: number;
	/** Envelope `code` answered, when there was one. */
	code?: string;
	/** True when an idempotent replay of an earlier response was answered. */
	replay?: boolean;
	/** Fault applied to this request, if any. */
	fault?: SandboxFault['kind'];
	/** True when the connection was destroyed without an answer. */
	dropped?: boolean;
	at: string;
}

export interface SandboxCallbackRecord {
	id: number;
	/** Same for every attempt of one event delivery. */
	deliveryId: number;
	merchantId: string;
	url: string;
	event: string;
	body: unknown;
	/** 1 = first delivery, 2 = first retry, … */
	attempt: number;
	/** Delay waited before this attempt (0 for the first), after time scaling. */
	scheduledDelayMs: number;
	status?: number;
	error?: string;
	/** True on the last attempt when Pivot would flag the callback for manual retry. */
	gaveUp?: boolean;
	at: string;
}

/** One balance-history entry as the simulator holds it (the answer's shape: routes/ledger.ts). */
export interface SandboxLedgerEntry {
	seq: number;
	merchantId: string;
	accountType: SandboxAccountType;
	referenceId: string;
	/** ISO 8601 UTC, whole seconds. */
	date: string;
	settlementDate: string | null;
	/** PENDING (payout not final), SETTLED, FAILED (payout failed: amount and fee went back to the balance). */
	settlementStatus: string;
	channel: string | null;
	/** Enum form (DISBURSEMENT, VA_TOP_UP…); the answer spells it per ledgerTypeSpelling unless `label` is set. */
	transactionType: string;
	label?: string;
	amount: string;
	fee: string;
	currency: string;
	createdBy: string;
	transactionId: string;
	/** Fields sent as given instead of the computed ones (odd shapes for tests). */
	overrides?: Record<string, unknown>;
}

/** An entry to add as is (POST /_sandbox/ledger/entries); omitted fields get plausible values. */
export type SandboxLedgerInput = Partial<Omit<SandboxLedgerEntry, 'seq' | 'merchantId'>> & { clientId?: string };

export interface SandboxSeedInput {
	clientId?: string;
	count: number;
	/** Entries spread over the `days` before `end` (default 90). */
	days?: number;
	/** ISO date-time or epoch ms; default now. */
	end?: string | number;
	seed?: number;
	accountType?: SandboxAccountType;
}

export interface SandboxTopUpInput {
	clientId?: string;
	/** Whole rupiah, digits. */
	amount: string;
	/** VA bank (default BRI). */
	channel?: string;
	virtualAccountNumber?: string;
	virtualAccountName?: string;
	merchantName?: string;
}

export interface SandboxTopUpResult {
	entry: SandboxLedgerEntry;
	/** The MERCHANT-TOP-UP.SUCCESS body sent (or that would be sent: no URL, no delivery). */
	callback: { event: string; data: Record<string, unknown> };
	/** Where it was sent; '' when neither a top-up nor a payout callback URL is set. */
	url: string;
}

export interface Sandbox {
	url: string;
	port: number;
	merchants: Required<SandboxMerchant>[];
	close(): Promise<void>;
	payouts(): SandboxPayoutRecord[];
	requests(): SandboxRequestRecord[];
	callbacks(): SandboxCallbackRecord[];
	tokensIssued(): number;
	setFault(f: SandboxFault): void;
	clearFaults(): void;
	setTokenLifetime(seconds: number): void;
	setCallbackUrl(clientId: string, url: string): void;
	setBalance(clientId: string, value: string): void;
	waitForCallbacks(count: number, timeoutMs?: number): Promise<SandboxCallbackRecord[]>;
	waitForSettled(timeoutMs?: number): Promise<void>;
	reset(): void;
	/** Dashboard actions for a request parked for top-up (Pivot has no API for them). */
	retryPending(requestUuid: string): boolean;
	cancelPending(requestUuid: string): boolean;
	/** Balance-history entries of every merchant, oldest first (insertion order). */
	ledger(): SandboxLedgerEntry[];
	addLedgerEntries(entries: SandboxLedgerInput[]): SandboxLedgerEntry[];
	seedLedger(input: SandboxSeedInput): { count: number; first: string | null; last: string | null };
	/** Raises the balance, writes a VA_TOP_UP entry, sends MERCHANT-TOP-UP.SUCCESS. */
	topUp(input: SandboxTopUpInput): SandboxTopUpResult;
	/** Where top-up callbacks go; '' = the payout callback URL. */
	setTopUpCallbackUrl(clientId: string, url: string): void;
}
