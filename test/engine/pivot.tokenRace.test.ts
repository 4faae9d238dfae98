/**
 * Executions sharing one stored token while each refresh revokes the earlier tokens (a policy
 * Pivot's docs neither promise nor exclude): every execution's resend must pick up whatever token
 * is stored by then, so no item fails and nothing is paid twice. The in-process credentials
 * helper is shared by the executions, as n8n's database is by workers.
 */
import { startSandbox, type Sandbox } from '../sandbox';
import { EngineHarness, sandboxCredentials } from './harness';
import { createByChannel, PIVOT, row } from './pivotEnv';
import { Pivot } from '../../nodes/Pivot/Pivot.node';

let sandbox: Sandbox;
afterEach(async () => await sandbox?.close());

describe('token refresh when a new token revokes the earlier ones', () => {
	it('10 concurrent executions × 12 per-item creates, 1 s tokens, 100 ms latency: 0 failed items, each payout once', async () => {
		sandbox = await startSandbox({ processingDelayMs: 50, tokenPolicy: 'revokePrevious', tokenLifetimeSeconds: 1 });
		sandbox.setFault({ route: 'any', kind: 'latency', latencyMs: 100, rate: 1, seed: 7 });
		const harness = new EngineHarness(sandboxCredentials(sandbox.url, sandbox.merchants[0]), { [PIVOT]: new Pivot() });
		const runs = await Promise.all(
			Array.from({ length: 10 }, async (_, e) => {
				const rows = Array.from({ length: 12 }, (_, i) => row(`RACE-${e}-${i}`, '999966660001', 10000 + e * 100 + i));
				return await harness.run(PIVOT, createByChannel({ options: { retryDelaySeconds: 0.01, timeoutSeconds: 5 } }), rows);
			}),
		);
		const failures = runs.map((r) => r.error?.message).filter(Boolean);
		expect(failures).toEqual([]);
		const perReference = new Map<string, number>();
		for (const p of sandbox.payouts()) perReference.set(p.referenceId, (perReference.get(p.referenceId) ?? 0) + 1);
		expect(perReference.size).toBe(120);
		expect([...perReference.values()].every((n) => n === 1)).toBe(true);
		expect(sandbox.requests().some((r) => r.code === 'credentials_invalid')).toBe(true);
		expect(sandbox.tokensIssued()).toBeGreaterThan(1);
	});
});
