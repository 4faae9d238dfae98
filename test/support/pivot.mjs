// What the demo, the E2E, compatibility and queue suites and the benchmarks share when they drive
// a real n8n against the Pivot simulator: the simulator's credential, and polling for a condition.

/** The Pivot credential's data for a simulator (Environment: Custom), optionally through a proxy. */
export function simulatorCredentialData(sandbox, { baseUrl = sandbox.url, ...extra } = {}) {
	return {
		environment: 'custom',
		baseUrl,
		clientId: sandbox.clientId,
		clientSecret: sandbox.clientSecret,
		callbackApiKey: sandbox.callbackApiKey,
		...extra,
	};
}

/** A credential to import into n8n (`n8n import:credentials`) for a simulator. */
export function simulatorCredential(name, sandbox, options = {}) {
	return { name, type: 'pivotApi', data: simulatorCredentialData(sandbox, options) };
}

/**
 * A payout row (by channel) as the webhook workflows of support/workflows.mjs take it (the Pivot
 * node's parameter names), with the caller's own description.
 */
export function payoutRowMaker(description) {
	return (referenceId, overrides = {}) => ({
		channelCode: 'BCA',
		accountNumber: '999966660001',
		accountName: 'Dummy Simulation',
		amount: 125000,
		referenceId,
		description,
		...overrides,
	});
}

/** `count` payout rows with Reference IDs `<prefix>-0`, `<prefix>-1`, …; `overrides` apply to each. */
export function payoutRows(count, prefix, overrides = {}) {
	const row = payoutRowMaker('Payout');
	return Array.from({ length: count }, (_, i) => row(`${prefix}-${i}`, overrides));
}

/**
 * A Pivot credential without a token adopts the token that an identical credential (same base
 * URL, Client ID and Secret) exchanged in the same n8n process within the last 5 s. A test or
 * benchmark whose credential must exchange its own first token (under new simulator settings, or
 * to be counted) waits this long after the last exchange.
 */
export const TOKEN_SHARING_WINDOW_MS = 5_500;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns something truthy (and returns that), or fails naming `what`. */
export async function waitFor(what, check, { timeoutMs = 15_000, intervalMs = 100 } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(intervalMs);
	}
}
