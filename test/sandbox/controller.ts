/** Inspection and control of one sandbox instance; used by the Sandbox object and the /_sandbox API. */
import { sleep } from 'n8n-workflow';

import type { SandboxContext } from './context';
import { parseCents } from './money';
import { forcedInsufficient } from './routes/payouts';
import type {
	SandboxCallbackRecord,
	SandboxFault,
	SandboxPayoutRecord,
	SandboxRequestRecord,
	SandboxRoute,
	SandboxTokenPolicy,
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
}

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

		const s = this.ctx.settings;
		s.tokenLifetimeSeconds = c.tokenLifetimeSeconds ?? s.tokenLifetimeSeconds;
		s.tokenPolicy = c.tokenPolicy ?? s.tokenPolicy;
		s.processingDelayMs = c.processingDelayMs ?? s.processingDelayMs;
		s.callbackTimeScale = c.callbackTimeScale ?? s.callbackTimeScale;
		if (c.callbackUrl !== undefined) merchant.callbackUrl = c.callbackUrl;
		if (balanceCents !== undefined) merchant.balanceCents = balanceCents;
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
