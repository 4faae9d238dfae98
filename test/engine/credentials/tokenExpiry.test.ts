/**
 * Access tokens that expire or are revoked while payouts are being created: every refused request
 * is resent with whatever token is stored by then, so no item fails and nothing is paid twice.
 */
import type { Sandbox } from '../../sandbox';
import { startSandbox } from '../../sandbox';
import type { PivotEnv } from '../support/pivotEnv';
import { createByChannel, harnessFor, PIVOT, payoutCounts, pivotEnv, row } from '../support/pivotEnv';

describe('token expiry during Payout → Create', () => {
	let env: PivotEnv;
	afterEach(async () => await env?.close());

	it('keeps working when the token expires every 2 s during a long run', async () => {
		env = await pivotEnv({ tokenLifetimeSeconds: 2 });
		const input = Array.from({ length: 12 }, (_, i) => row(`TOK-${i}`));
		env.sandbox.setFault({ route: 'createPayout', kind: 'latency', latencyMs: 450, count: 12 });
		const { items, error } = await env.run(createByChannel(), input);
		expect(error).toBeUndefined();
		expect(items.filter((i) => i.json.error)).toHaveLength(0);
		expect(env.sandbox.payouts()).toHaveLength(12);
		expect(env.sandbox.tokensIssued()).toBeGreaterThan(1);
		expect(env.sandbox.requests().filter((r) => r.code === 'credentials_invalid').length).toBeGreaterThan(0);
	});
});

/**
 * Executions sharing one stored token while each refresh revokes the earlier tokens (a policy
 * Pivot's docs neither promise nor exclude). The in-process credentials helper is shared by the
 * executions, as n8n's database is by workers.
 */
describe('token refresh when a new token revokes the earlier ones', () => {
	let sandbox: Sandbox;
	afterEach(async () => await sandbox?.close());

	it('10 concurrent executions × 12 per-item creates, 1 s tokens, 100 ms latency: 0 failed items, each payout once', async () => {
		sandbox = await startSandbox({ processingDelayMs: 50, tokenPolicy: 'revokePrevious', tokenLifetimeSeconds: 1 });
		sandbox.setFault({ route: 'any', kind: 'latency', latencyMs: 100, rate: 1, seed: 7 });
		const harness = harnessFor(sandbox);
		const runs = await Promise.all(
			Array.from({ length: 10 }, async (_, e) => {
				const rows = Array.from({ length: 12 }, (_, i) => row(`RACE-${e}-${i}`, '999966660001', 10000 + e * 100 + i));
				return await harness.run(PIVOT, createByChannel({ options: { retryDelaySeconds: 0.01, timeoutSeconds: 5 } }), rows);
			}),
		);
		const failures = runs.map((r) => r.error?.message).filter(Boolean);
		expect(failures).toEqual([]);
		const perReference = payoutCounts(sandbox);
		expect(perReference.size).toBe(120);
		expect([...perReference.values()].every((n) => n === 1)).toBe(true);
		expect(sandbox.requests().some((r) => r.code === 'credentials_invalid')).toBe(true);
		expect(sandbox.tokensIssued()).toBeGreaterThan(1);
	});
});
