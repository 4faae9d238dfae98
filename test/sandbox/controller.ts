/** Inspection and control of one sandbox instance; used by the Sandbox object and the /_sandbox API. */
import { sleep } from 'n8n-workflow';

import type { SandboxContext } from './context';
import { wholeRupiah } from './context';
import { parseCents } from './money';
import { forcedInsufficient } from './routes/payouts';
import { topUp } from './topup';
import type {
	SandboxCallbackRecord,
	SandboxFault,
	SandboxLedgerDateFilter,
	SandboxLedgerEntry,
	SandboxLedgerInput,
	SandboxLedgerSpelling,
	SandboxPayoutRecord,
	SandboxRequestRecord,
	SandboxRoute,
	SandboxSeedInput,
	SandboxTokenPolicy,
	SandboxTopUpInput,
	SandboxTopUpResult,
} from './types';
import { TOKEN_POLICIES } from './types';

export interface SandboxConfig {
	tokenLifetimeSeconds?: number;
	tokenPolicy?: SandboxTokenPolicy;
	processingDelayMs?: number;
	callbackTimeScale?: number;
	/** Merchant for callbackUrl / balance; default the first merchant. */
	clientId?: string;
	callbackUrl?: string;
	balance?: string;
	/** Where top-up callbacks go for clientId; '' = the payout callback URL. */
	topUpCallbackUrl?: string;
	disbursementFee?: number;
	inquiryFee?: number;
	ledgerTypeSpelling?: SandboxLedgerSpelling;
	ledgerDateFilter?: SandboxLedgerDateFilter;
	ledgerArrivalsPerRequest?: number;
}

const SPELLINGS: readonly string[] = ['display', 'enum'];
const DATE_FILTERS: readonly string[] = ['instant', 'wholeDays'];

const POLL_MS = 10;

export class SandboxController {
	constructor(private readonly ctx: SandboxContext) {}

	payouts(): SandboxPayoutRecord[] {
		return this.ctx.state.payoutRecords();
	}

	requests(): SandboxRequestRecord[] {
		return structuredClone(this.ctx.state.requestLog);
	}

	callbacks(): SandboxCallbackRecord[] {
		return structuredClone(this.ctx.state.callbackLog);
	}

	tokensIssued(): number {
		return this.ctx.state.tokensIssued;
	}

	/** Every access token issued since start (also before a reset), so a test can search its logs for them. */
	issuedTokens(): string[] {
		return [...this.ctx.state.issuedTokens];
	}

	stats() {
		const perRoute: Record<SandboxRoute | 'other', number> = {
			token: 0,
			balance: 0,
			inquiry: 0,
			createPayout: 0,
			getPayout: 0,
			balanceHistory: 0,
			other: 0,
		};
		for (const r of this.ctx.state.requestLog) perRoute[r.route]++;
		return {
			tokensIssued: this.ctx.state.tokensIssued,
			requests: this.ctx.state.requestLog.length,
			perRoute,
			payouts: this.payouts().length,
			payoutRequests: this.ctx.state.payoutRequests.size,
			callbacks: this.ctx.state.callbackLog.length,
			ledgerEntries: this.ctx.state.ledger.all().length,
			faults: this.ctx.faults.list(),
			settled: this.ctx.processor.settled(),
		};
	}

	setFault(f: SandboxFault): void {
		this.ctx.faults.add(f);
	}

	clearFaults(): void {
		this.ctx.faults.clear();
	}

	setTokenLifetime(seconds: number): void {
		if (!(seconds > 0)) throw new Error('tokenLifetimeSeconds must be a positive number');
		this.ctx.settings.tokenLifetimeSeconds = seconds;
	}

	setCallbackUrl(clientId: string, url: string): void {
		this.ctx.state.merchant(clientId).callbackUrl = url;
	}

	/** Sets the available balance; does not retry requests parked for top-up (a dashboard action). */
	setBalance(clientId: string, value: string): void {
		this.ctx.state.merchant(clientId).balanceCents = parseCents(value);
	}

	/** Validates everything first, so a bad field changes nothing. */
	configure(c: SandboxConfig): void {
		const clientId = c.clientId ?? [...this.ctx.state.merchants.keys()][0];
		const merchant = this.ctx.state.merchant(clientId);
		const balanceCents = c.balance !== undefined ? parseCents(c.balance) : undefined;
		if (c.tokenLifetimeSeconds !== undefined && !(c.tokenLifetimeSeconds > 0)) {
			throw new Error('tokenLifetimeSeconds must be > 0');
		}
		if (c.tokenPolicy !== undefined && !TOKEN_POLICIES.includes(c.tokenPolicy)) {
			throw new Error(`tokenPolicy must be one of ${TOKEN_POLICIES.join(', ')}`);
		}
		if (c.processingDelayMs !== undefined && !(c.processingDelayMs >= 0)) throw new Error('processingDelayMs must be >= 0');
		if (c.callbackTimeScale !== undefined && !(c.callbackTimeScale > 0)) throw new Error('callbackTimeScale must be > 0');
		const disbursementFee = c.disbursementFee !== undefined ? wholeRupiah(c.disbursementFee, 'disbursementFee') : undefined;
		const inquiryFee = c.inquiryFee !== undefined ? wholeRupiah(c.inquiryFee, 'inquiryFee') : undefined;
		if (c.ledgerTypeSpelling !== undefined && !SPELLINGS.includes(c.ledgerTypeSpelling)) {
			throw new Error(`ledgerTypeSpelling must be one of ${SPELLINGS.join(', ')}`);
		}
		if (c.ledgerDateFilter !== undefined && !DATE_FILTERS.includes(c.ledgerDateFilter)) {
			throw new Error(`ledgerDateFilter must be one of ${DATE_FILTERS.join(', ')}`);
		}
		const arrivals = c.ledgerArrivalsPerRequest;
		if (arrivals !== undefined && !(Number.isInteger(arrivals) && arrivals >= 0 && arrivals <= 1000)) {
			throw new Error('ledgerArrivalsPerRequest must be a whole number from 0 to 1000');
		}

		const s = this.ctx.settings;
		s.tokenLifetimeSeconds = c.tokenLifetimeSeconds ?? s.tokenLifetimeSeconds;
		s.tokenPolicy = c.tokenPolicy ?? s.tokenPolicy;
		s.processingDelayMs = c.processingDelayMs ?? s.processingDelayMs;
		s.callbackTimeScale = c.callbackTimeScale ?? s.callbackTimeScale;
		s.disbursementFee = disbursementFee ?? s.disbursementFee;
		s.inquiryFee = inquiryFee ?? s.inquiryFee;
		s.ledgerTypeSpelling = c.ledgerTypeSpelling ?? s.ledgerTypeSpelling;
		s.ledgerDateFilter = c.ledgerDateFilter ?? s.ledgerDateFilter;
		s.ledgerArrivalsPerRequest = arrivals ?? s.ledgerArrivalsPerRequest;
		if (c.callbackUrl !== undefined) merchant.callbackUrl = c.callbackUrl;
		if (c.topUpCallbackUrl !== undefined) merchant.topUpCallbackUrl = c.topUpCallbackUrl;
		if (balanceCents !== undefined) merchant.balanceCents = balanceCents;
	}

	ledger(): SandboxLedgerEntry[] {
		return structuredClone(this.ctx.state.ledger.all());
	}

	private clientIdOr(clientId: string | undefined): string {
		const id = clientId ?? [...this.ctx.state.merchants.keys()][0];
		this.ctx.state.merchant(id);
		return id;
	}

	addLedgerEntries(entries: SandboxLedgerInput[]): SandboxLedgerEntry[] {
		const merchantIds = entries.map((e) => this.clientIdOr(e.clientId));
		return structuredClone(this.ctx.state.ledger.addInputs(merchantIds, entries));
	}

	seedLedger(input: SandboxSeedInput): { count: number; first: string | null; last: string | null } {
		const entries = this.ctx.state.ledger.seed(this.clientIdOr(input.clientId), input);
		const dates = entries.map((e) => e.date).sort();
		return { count: entries.length, first: dates[0] ?? null, last: dates.at(-1) ?? null };
	}

	topUp(input: SandboxTopUpInput): SandboxTopUpResult {
		return topUp(this.ctx, input);
	}

	setTopUpCallbackUrl(clientId: string, url: string): void {
		this.ctx.state.merchant(clientId).topUpCallbackUrl = url;
	}

	retryPending(requestUuid: string): boolean {
		return this.ctx.processor.retryPending(requestUuid, forcedInsufficient);
	}

	cancelPending(requestUuid: string): boolean {
		return this.ctx.processor.cancelPending(requestUuid);
	}

	/** Resolves once `count` callback attempts have completed (with their answer or error). */
	async waitForCallbacks(count: number, timeoutMs = 5000): Promise<SandboxCallbackRecord[]> {
		const deadline = Date.now() + timeoutMs;
		while (this.ctx.state.callbackLog.length < count) {
			if (this.ctx.lifecycle.closed) throw new Error('sandbox closed');
			if (Date.now() > deadline) {
				throw new Error(`waitForCallbacks: ${this.ctx.state.callbackLog.length} of ${count} after ${timeoutMs} ms`);
			}
			await sleep(POLL_MS);
		}
		return this.callbacks();
	}

	/** Resolves once every accepted payout item is SUCCESS, FAILED or CANCELLED. */
	async waitForSettled(timeoutMs = 5000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (!this.ctx.processor.settled()) {
			if (this.ctx.lifecycle.closed) throw new Error('sandbox closed');
			if (Date.now() > deadline) throw new Error(`waitForSettled: not settled after ${timeoutMs} ms`);
			await sleep(POLL_MS);
		}
	}

	/** Drops payouts, inquiries, keys, logs and faults and stops pending work; merchants stay. */
	reset(): void {
		this.ctx.lifecycle.restart();
		this.ctx.faults.clear();
		this.ctx.state.reset();
	}
}
