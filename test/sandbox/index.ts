/**
 * Pivot sandbox simulator: a local stand-in for Pivot's Local Payout API (see README.md here).
 * `startSandbox()` starts one in-memory instance on 127.0.0.1; close() stops it and all its work.
 */
import { buildApp } from './app';
import { createContext, resolveMerchant } from './context';
import { SandboxController } from './controller';
import { formatCents } from './money';
import type { Sandbox, SandboxOptions } from './types';

export type {
	Sandbox,
	SandboxCallbackRecord,
	SandboxAccountType,
	SandboxFault,
	SandboxItemStatus,
	SandboxLedgerEntry,
	SandboxLedgerInput,
	SandboxSeedInput,
	SandboxTopUpInput,
	SandboxTopUpResult,
	SandboxMerchant,
	SandboxOptions,
	SandboxPayoutRecord,
	SandboxRequestRecord,
	SandboxRequestStatus,
	SandboxRoute,
} from './types';
export { DEFAULT_CLIENT_ID } from './context';
export {
	BANK_RECORD_NAME,
	DELAYED_PAYOUT_ACCOUNT,
	INSUFFICIENT_BALANCE_ACCOUNT,
	PENDING_INQUIRY_ACCOUNT,
	TIMEOUT_ACCOUNT,
} from './accounts';
export { RETRY_SCHEDULE_MS } from './callbacks';

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const merchants = (options.merchants ?? [{}]).map(resolveMerchant);
	if (new Set(merchants.map((m) => m.clientId)).size !== merchants.length) {
		throw new Error('startSandbox: merchants must have distinct clientIds');
	}
	const ctx = createContext(options, merchants);
	const control = new SandboxController(ctx);
	const app = buildApp(ctx, control);
	await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
	const address = app.server.address();
	const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 0);

	let closing: Promise<void> | undefined;
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		// A live view: balance and callbackUrl reflect later changes.
		get merchants() {
			return [...ctx.state.merchants.values()].map((m) => ({
				clientId: m.clientId,
				clientSecret: m.clientSecret,
				callbackApiKey: m.callbackApiKey,
				callbackUrl: m.callbackUrl,
				balance: formatCents(m.balanceCents),
			}));
		},
		close: async () => {
			closing ??= (async () => {
				await ctx.lifecycle.close();
				await app.close();
			})();
			await closing;
		},
		payouts: () => control.payouts(),
		requests: () => control.requests(),
		callbacks: () => control.callbacks(),
		tokensIssued: () => control.tokensIssued(),
		setFault: (f) => control.setFault(f),
		clearFaults: () => control.clearFaults(),
		setTokenLifetime: (s) => control.setTokenLifetime(s),
		setCallbackUrl: (clientId, url) => control.setCallbackUrl(clientId, url),
		setBalance: (clientId, value) => control.setBalance(clientId, value),
		waitForCallbacks: async (count, timeoutMs) => await control.waitForCallbacks(count, timeoutMs),
		waitForSettled: async (timeoutMs) => await control.waitForSettled(timeoutMs),
		reset: () => control.reset(),
		retryPending: (uuid) => control.retryPending(uuid),
		cancelPending: (uuid) => control.cancelPending(uuid),
		ledger: () => control.ledger(),
		addLedgerEntries: (entries) => control.addLedgerEntries(entries),
		seedLedger: (input) => control.seedLedger(input),
		topUp: (input) => control.topUp(input),
		setTopUpCallbackUrl: (clientId, url) => control.setTopUpCallbackUrl(clientId, url),
	};
}
