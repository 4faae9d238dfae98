/**
 * Every message about money is true: a failed look-up is "outcome unknown",
 * only a successful look-up that found nothing is "not paid", a refusal after an unknown first
 * attempt does not claim "nothing was paid", and a run stopped midway says which items were
 * paid (with the simulator's request UUID) and which were never sent.
 */
import type { IDataObject } from 'n8n-workflow';

import type { SandboxFault } from '../sandbox';
import { TIMEOUT_ACCOUNT } from '../sandbox';
import type { PivotEnv } from './pivotEnv';
import { createByChannel, pivotEnv, row } from './pivotEnv';

const ONE_ATTEMPT = { retryDelaySeconds: 0.01, timeoutSeconds: 5, maxAttempts: 1 };
/** Words that invite a person to pay again by hand. */
const SAYS_NOT_PAID = /not created|not paid|nothing was paid|safe to run again|running again is safe|not at pivot yet/i;

let env: PivotEnv;
beforeAll(async () => {
	env = await pivotEnv();
});
afterAll(async () => await env.close());
beforeEach(() => env.sandbox.reset());

const lookups = () => env.sandbox.requests().filter((r) => r.route === 'getPayout');
const creates = () => env.sandbox.requests().filter((r) => r.route === 'createPayout');
const text = (error: { message?: string; description?: string | null } | undefined) => `${error?.message} ${error?.description}`;

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
			expect(error?.message).toMatch(/\(outcome unknown\)$/);
			expect(text(error)).not.toMatch(SAYS_NOT_PAID);
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
		expect(error?.message).toMatch(/\(not paid\)$/);
		expect(error?.description).toMatch(/look-up/);
		expect(lookups().map((r) => r.status)).toEqual([404]);
		expect(env.sandbox.payouts()).toHaveLength(0);
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
		expect(text(error)).not.toMatch(/nothing was paid|not paid by this request/i);
		if (state === 'not paid') expect(error?.description).toMatch(/look-up/);
		else expect(text(error)).not.toMatch(SAYS_NOT_PAID);
		expect(env.sandbox.payouts().map((p) => p.referenceId)).toEqual(['KEY-A']);
	});
});

describe('Reference IDs that a URL path would normalise are refused at validation', () => {
	it.each([
		['.', 'perItem'],
		['..', 'perItem'],
		['...', 'bulk'],
		['..', 'bulk'],
	])('Reference ID %p (%s) → refused naming Reference ID, nothing sent', async (referenceId, sendAs) => {
		const { error } = await env.run(createByChannel({ sendAs }), [row('DOT-OK'), row(referenceId)]);
		expect(error?.message).toMatch(/^Item 1: Reference ID/);
		expect(env.sandbox.requests().filter((r) => r.route === 'createPayout' || r.route === 'getPayout')).toHaveLength(0);
	});

	it.each(['.', '..'])('Payout → Get by Reference ID %p is refused without a request', async (referenceId) => {
		const { error } = await env.run({ resource: 'payout', operation: 'get', lookUpBy: 'reference', referenceId });
		expect(error?.message).toMatch(/^Item 0: Reference ID/);
		expect(lookups()).toHaveLength(0);
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
		expect(error?.message).toMatch(/^Create payouts \(items 2–3\): .*\(not paid\)$/);
		expect(error?.description).toContain(`Paid in this run: items 0–1 (request UUID ${paid[0].requestUuid})`);
		expect(error?.description).toContain('Not sent: items 4–5.');
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
		expect(error?.message).toMatch(/^Create payouts \(items 2–3\): .*\(outcome unknown\)$/);
		expect(error?.description).toContain(`Paid in this run: items 0–1 (request UUID ${paid[0].requestUuid})`);
		expect(error?.description).toContain('Not sent: items 4–5.');
	});
});
