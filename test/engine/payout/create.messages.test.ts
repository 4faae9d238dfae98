/**
 * Payout → Create's messages about money are true: a failed look-up is "outcome unknown",
 * only a refusal or a successful look-up that found nothing is "not paid", a refusal after an
 * unknown first attempt does not claim "nothing was paid", and a run stopped midway says which
 * items were paid (with the simulator's request UUID) and which were never sent.
 */
import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { Sandbox, SandboxFault } from '../../sandbox';
import { startSandbox, TIMEOUT_ACCOUNT } from '../../sandbox';
import type { Gateway } from '../support/gateway';
import { startGateway } from '../support/gateway';
import type { EngineHarness } from '../support/harness';
import { errorText, expectNotPaid, expectOutcomeUnknown } from '../support/moneyMessages';
import { createByChannel, harnessFor, PIVOT, requestsTo, row, usePivotEnv, visible } from '../support/pivotEnv';

const ONE_ATTEMPT = { retryDelaySeconds: 0.01, timeoutSeconds: 5, maxAttempts: 1 };

describe('Payout → Create against the simulator', () => {
	const env = usePivotEnv();

	const lookups = () => requestsTo(env.sandbox, 'getPayout');
	const creates = () => requestsTo(env.sandbox, 'createPayout');

	describe('a look-up that failed never says "not paid"', () => {
		const LOOKUP_FAULTS: Array<[string, Omit<SandboxFault, 'route'>]> = [
			['HTTP 503', { kind: 'status', status: 503 }],
			['HTTP 429', { kind: 'status', status: 429 }],
			['HTTP 500', { kind: 'status', status: 500 }],
			['a timeout (no answer, connection closed)', { kind: 'timeoutAfterCommit', latencyMs: 300 }],
			['a dropped connection', { kind: 'dropBeforeCommit' }],
		];

		it.each(LOOKUP_FAULTS.flatMap(([name, fault]) => (['perItem', 'bulk'] as const).map((sendAs) => [`${name} (${sendAs})`, fault, sendAs] as const)))(
			'create gets HTTP 500, the look-up fails with %s → "outcome unknown"',
			async (_name, fault, sendAs) => {
				env.sandbox.setFault({ route: 'createPayout', kind: 'status', status: 500, count: 1 });
				env.sandbox.setFault({ route: 'getPayout', ...fault, count: 5 } as SandboxFault);
				const { error } = await env.run(createByChannel({ sendAs, options: ONE_ATTEMPT }), [row('UNK-1'), row('UNK-2')]);
				expectOutcomeUnknown(error);
				expect(error?.description).toMatch(/Pivot Dashboard/);
				// The node did ask, and the simulator could not answer.
				expect(lookups().length).toBeGreaterThan(0);
				expect(lookups().every((r) => r.fault !== undefined)).toBe(true);
				expect(env.sandbox.payouts()).toHaveLength(0);
			},
		);

		it('a successful look-up that found nothing → "(not paid)", proved by the look-up', async () => {
			env.sandbox.setFault({ route: 'createPayout', kind: 'status', status: 500, count: 1 });
			const { error } = await env.run(createByChannel({ options: ONE_ATTEMPT }), [row('NF-1')]);
			expectNotPaid(error, /look-up/);
			expect(lookups().map((r) => r.status)).toEqual([404]);
			expect(env.sandbox.payouts()).toHaveLength(0);
		});

		it('fails clearly on the timeout account (…0008) and creates nothing', async () => {
			const result = await env.run(createByChannel({ options: { retryDelaySeconds: 0.01, maxAttempts: 2 } }), [row('T-8', TIMEOUT_ACCOUNT)]);
			const { error } = result;
			expect(error?.message).toMatch(/Pivot or its partner bank is unavailable/);
			expect(error?.description).toMatch(/Please hit periodically/);
			expectNotPaid(error, /look-up by Reference ID after the last attempt found no payout/);
			expect(env.sandbox.payouts()).toHaveLength(0);
			expect(visible(result)).not.toContain(env.sandbox.merchants[0].clientSecret);
		});
	});

	describe('a definite refusal after an unknown first attempt', () => {
		// [case, failing look-ups, money state in the title]
		it.each([
			['the later look-up succeeds and finds nothing', 1, 'not paid'],
			['the later look-up fails too', 5, 'outcome unknown'],
		] as const)('first attempt HTTP 500, resend refused with 409 (key reused): %s', async (_name, failingLookups, state) => {
			const key = { ...ONE_ATTEMPT, maxAttempts: 2, requestId: 'ReusedKeyForMessages0001' };
			expect((await env.run(createByChannel({ options: key }), [row('KEY-A')])).error).toBeUndefined();
			env.sandbox.setFault({ route: 'createPayout', kind: 'status', status: 500, count: 1 });
			env.sandbox.setFault({ route: 'getPayout', kind: 'status', status: 503, count: failingLookups });
			const { error } = await env.run(createByChannel({ options: key }), [row('KEY-B')]);
			expect(creates().map((r) => r.status)).toEqual([200, 500, 409]);
			expect(error?.message.endsWith(`(${state})`)).toBe(true);
			expect(errorText(error)).not.toMatch(/nothing was paid|not paid by this request/i);
			if (state === 'not paid') expect(error?.description).toMatch(/look-up/);
			else expectOutcomeUnknown(error);
			expect(env.sandbox.payouts().map((p) => p.referenceId)).toEqual(['KEY-A']);
		});

		it('explains a 409 for the same X-REQUEST-ID with a different payload, naming the key', async () => {
			const key = { retryDelaySeconds: 0.01, timeoutSeconds: 5, requestId: 'FixedKey0000000000001' };
			expect((await env.run(createByChannel({ options: key }), [row('K-1')])).error).toBeUndefined();
			const changed = await env.run(createByChannel({ options: key }), [row('K-2', '999966660001', '20000')]);
			expect(changed.error?.message).toMatch(/Create payout for item 1 \(index 0\): Pivot already has this/);
			expect(changed.error?.description).toMatch(/already used with a different payload/);
			expect(changed.error?.description).toMatch(/FixedKey0000000000001/);
			expect(env.sandbox.payouts().map((p) => p.referenceId)).toEqual(['K-1']);
		});
	});

	describe('a bulk run stopped at request 2 of 3 says what was paid and what was not sent', () => {
		const six = (prefix: string, badAccountAt?: number): IDataObject[] =>
			Array.from({ length: 6 }, (_, i) => row(`${prefix}-${i}`, i === badAccountAt ? TIMEOUT_ACCOUNT : '999966660001'));

		it('request 2 refused (not paid): paid items 0–1 with their request UUID, not sent items 4–5', async () => {
			const { error } = await env.run(createByChannel({ sendAs: 'bulk', options: { ...ONE_ATTEMPT, chunkSize: 2 } }), six('STOP', 2));
			const paid = env.sandbox.payouts();
			expect(paid.map((p) => p.referenceId)).toEqual(['STOP-0', 'STOP-1']);
			expect(creates()).toHaveLength(2);
			expect(error?.message).toMatch(/^Create payouts for items 3–4 \(index 2–3\): .*\(not paid\)$/);
			expect(error?.description).toContain(`Paid in this run: items 1–2 (index 0–1) in request UUID ${paid[0].requestUuid}`);
			expect(error?.description).toContain('Not sent: items 5–6 (index 4–5).');
		});

		it('request 2 with an unknown outcome: paid items 0–1, "outcome unknown" for 2–3, not sent items 4–5', async () => {
			// Faults are taken in order: the first create passes (latency 0), the second gets HTTP 500.
			env.sandbox.setFault({ route: 'createPayout', kind: 'latency', latencyMs: 0, count: 1 });
			env.sandbox.setFault({ route: 'createPayout', kind: 'status', status: 500, count: 1 });
			env.sandbox.setFault({ route: 'getPayout', kind: 'status', status: 503, count: 5 });
			const { error } = await env.run(createByChannel({ sendAs: 'bulk', options: { ...ONE_ATTEMPT, chunkSize: 2 } }), six('HALF'));
			const paid = env.sandbox.payouts();
			expect(paid.map((p) => p.referenceId)).toEqual(['HALF-0', 'HALF-1']);
			expect(creates().map((r) => r.status)).toEqual([200, 500]);
			expect(error?.message).toMatch(/^Create payouts for items 3–4 \(index 2–3\): .*\(outcome unknown\)$/);
			expect(error?.description).toContain(`Paid in this run: items 1–2 (index 0–1) in request UUID ${paid[0].requestUuid}`);
			expect(error?.description).toContain('Not sent: items 5–6 (index 4–5).');
		});
	});
});

describe('Payout → Create when Pivot is slower than the Timeout option', () => {
	// The node's Timeout goes down to 1 s while Pivot's own limit is 60 s: a create the node gave up
	// on may still be processed, so a look-up that finds nothing right after it proves nothing.
	let sandbox: Sandbox;
	let slow: Gateway;
	let harness: EngineHarness;
	beforeAll(async () => {
		sandbox = await startSandbox({ processingDelayMs: 50 });
		slow = await startGateway(sandbox.url, { holdMs: 1500 });
		harness = harnessFor(sandbox, undefined, slow.url);
	});
	afterAll(async () => {
		await slow.close();
		await sandbox.close();
	});
	beforeEach(() => sandbox.reset());
	const oneAttempt = createByChannel({ options: { timeoutSeconds: 1, maxAttempts: 1, retryDelaySeconds: 0 } });

	it('a create that times out and is paid a moment later ends "(outcome unknown)", never "not paid"', async () => {
		const { error } = await harness.run(PIVOT, oneAttempt, [row('RACE-1')]);
		await sleep(1500);
		// The simulator did pay it…
		expect(sandbox.payouts().map((p) => p.referenceId)).toEqual(['RACE-1']);
		// …so the node must not have said it was not paid.
		expectOutcomeUnknown(error);
	});

	it('with Continue On Fail the row is marked paymentOutcome "unknown", not "not sent"', async () => {
		const { items } = await harness.run(PIVOT, oneAttempt, [row('RACE-COF')], { onError: 'continueRegularOutput' });
		await sleep(1500);
		expect(sandbox.payouts().map((p) => p.referenceId)).toEqual(['RACE-COF']);
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ referenceId: 'RACE-COF', notSent: false, paymentOutcome: 'unknown' });
		expect(String(items[0].json.error)).toMatch(/\(outcome unknown\)$/);
	});
});
