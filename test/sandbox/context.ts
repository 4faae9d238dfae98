/** Everything one sandbox instance shares between its routes, control API and background work. */
import { randomBytes } from 'crypto';

import { CallbackDispatcher } from './callbacks';
import { FaultRegistry } from './faults';
import { Lifecycle } from './lifecycle';
import { parseCents } from './money';
import { Processor } from './processing';
import { SandboxState } from './state';
import type {
	SandboxLedgerDateFilter,
	SandboxLedgerSpelling,
	SandboxMerchant,
	SandboxOptions,
	SandboxTokenPolicy,
} from './types';

/** The merchant id of Pivot's documentation examples. */
export const DEFAULT_CLIENT_ID = '922e39ab-7565-49f6-b84f-fb56122821ae';
export const DEFAULT_BALANCE = '1000000000.00';

export interface Settings {
	tokenLifetimeSeconds: number;
	tokenPolicy: SandboxTokenPolicy;
	credentialsInvalidStatus: number;
	processingDelayMs: number;
	pendingInquiryDelayMs: number;
	inProcessWindowMs: number;
	minAmount: number;
	maxAmount: number;
	callbackTimeScale: number;
	idempotencyWindowMs: number;
	callbackSuccessReason: null | '';
	disbursementFee: number;
	inquiryFee: number;
	ledgerTypeSpelling: SandboxLedgerSpelling;
	ledgerDateFilter: SandboxLedgerDateFilter;
	/** Entries written after each balance-history answer: traffic arriving while a client pages. */
	ledgerArrivalsPerRequest: number;
}

export interface SandboxContext {
	settings: Settings;
	state: SandboxState;
	faults: FaultRegistry;
	lifecycle: Lifecycle;
	callbacks: CallbackDispatcher;
	processor: Processor;
}

export function resolveMerchant(m: Partial<SandboxMerchant>): Required<SandboxMerchant> {
	const merchant = {
		clientId: m.clientId ?? DEFAULT_CLIENT_ID,
		clientSecret: m.clientSecret ?? randomBytes(24).toString('base64url'),
		callbackApiKey: m.callbackApiKey ?? randomBytes(24).toString('hex'),
		callbackUrl: m.callbackUrl ?? '',
		balance: m.balance ?? DEFAULT_BALANCE,
	};
	parseCents(merchant.balance); // fail fast on a bad balance
	return merchant;
}

/** A fee: whole rupiah, 0 or more (default 0). */
export function wholeRupiah(value: number | undefined, name: string): number {
	if (value === undefined) return 0;
	if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a whole number of rupiah, 0 or more`);
	return value;
}

export function resolveSettings(o: SandboxOptions): Settings {
	const processingDelayMs = o.processingDelayMs ?? 300;
	return {
		tokenLifetimeSeconds: o.tokenLifetimeSeconds ?? 900,
		tokenPolicy: o.tokenPolicy ?? 'concurrent',
		credentialsInvalidStatus: o.credentialsInvalidStatus ?? 401,
		processingDelayMs,
		pendingInquiryDelayMs: o.pendingInquiryDelayMs ?? 500,
		inProcessWindowMs: o.inProcessWindowMs ?? Math.min(100, processingDelayMs),
		minAmount: o.minAmount ?? 10_000,
		maxAmount: o.maxAmount ?? 250_000_000,
		callbackTimeScale: o.callbackTimeScale ?? 1,
		idempotencyWindowMs: o.idempotencyWindowMs ?? 24 * 60 * 60 * 1000,
		callbackSuccessReason: o.callbackSuccessReason === '' ? '' : null,
		disbursementFee: wholeRupiah(o.disbursementFee, 'disbursementFee'),
		inquiryFee: wholeRupiah(o.inquiryFee, 'inquiryFee'),
		ledgerTypeSpelling: o.ledgerTypeSpelling ?? 'display',
		ledgerDateFilter: o.ledgerDateFilter ?? 'instant',
		ledgerArrivalsPerRequest: 0,
	};
}

export function createContext(options: SandboxOptions, merchants: Required<SandboxMerchant>[]): SandboxContext {
	const settings = resolveSettings(options);
	const state = new SandboxState();
	for (const m of merchants) {
		const cents = parseCents(m.balance);
		state.merchants.set(m.clientId, { ...m, topUpCallbackUrl: '', initialBalanceCents: cents, balanceCents: cents });
	}
	const lifecycle = new Lifecycle();
	const callbacks = new CallbackDispatcher(state, lifecycle, () => settings.callbackTimeScale);
	const processor = new Processor(state, lifecycle, callbacks, () => settings);
	return { settings, state, faults: new FaultRegistry(), lifecycle, callbacks, processor };
}
