/**
 * Payout → Create with Continue On Fail: for every kind of failure, in both send modes, every input
 * item comes out exactly once, paired to its input, and is either a payout or carries `error`
 * with what is known about its money; `notSent: true` only where nothing was sent at all.
 * Asserted against the simulator's own payouts per Reference ID.
 */
import type { IDataObject } from 'n8n-workflow';

import { TIMEOUT_ACCOUNT } from '../../sandbox';
import type { PivotEnv } from '../support/pivotEnv';
import { createByChannel, payoutsOf, row, usePivotEnv } from '../support/pivotEnv';

type SendAs = 'perItem' | 'bulk';
type Outcome = 'notPaid' | 'unknown';

interface FailureKind {
	name: string;
	/** The three input rows for references ref(0..2). */
	rows: (ref: (k: number) => string, sendAs: SendAs) => IDataObject[];
	parameters?: IDataObject;
	options?: IDataObject;
	setup?: (env: PivotEnv, ref: (k: number) => string) => Promise<void>;
	/** Items that must carry `error`, per mode. */
	failed: Record<SendAs, number[]>;
	/** Nothing of the run was sent: validation or option problems. */
	notSent: boolean;
	outcome: Outcome;
	/** Payouts the simulator holds per item's Reference ID after the run. */
	payouts: Record<SendAs, number[]>;
}

const ALL = [0, 1, 2];

const KINDS: FailureKind[] = [
	{
		name: 'a bad row (Amount "1,000")',
		rows: (ref) => [row(ref(0)), row(ref(1), '999966660001', '1,000'), row(ref(2))],
		failed: { perItem: ALL, bulk: ALL },
		notSent: true,
		outcome: 'notPaid',
		payouts: { perItem: [0, 0, 0], bulk: [0, 0, 0] },
	},
	{
		name: 'a bad option on item 1 (Attempts on No Answer "x" by expression)',
		rows: (ref) => ALL.map((k) => ({ ...row(ref(k)), attempts: k === 1 ? 'x' : 1 })),
		options: { maxAttempts: '={{ $json.attempts }}' },
		failed: { perItem: ALL, bulk: ALL },
		notSent: true,
		outcome: 'notPaid',
		payouts: { perItem: [0, 0, 0], bulk: [0, 0, 0] },
	},
	{
		name: 'a bad Idempotency Key by expression (too short)',
		rows: (ref, sendAs) =>
			ALL.map((k) => ({ ...row(ref(k)), key: sendAs === 'bulk' || k === 1 ? 'short' : `ContinueKey${k}${ref(k).replace(/\W/g, '')}`.slice(0, 36) })),
		options: { requestId: '={{ $json.key }}' },
		failed: { perItem: ALL, bulk: ALL },
		notSent: true,
		outcome: 'notPaid',
		payouts: { perItem: [0, 0, 0], bulk: [0, 0, 0] },
	},
	{
		// n8n turns a plain JS error inside an expression into `undefined`; an ExpressionError is thrown.
		name: 'a field expression that throws on item 1 (a node that does not exist)',
		rows: (ref) => [row(ref(0)), { ...row(ref(1)), bad: true }, row(ref(2))],
		parameters: { description: '={{ $json.bad ? $("No Such Node").item.json.x : $json.description }}' },
		failed: { perItem: ALL, bulk: ALL },
		notSent: true,
		outcome: 'notPaid',
		payouts: { perItem: [0, 0, 0], bulk: [0, 0, 0] },
	},
	{
		name: 'Pivot refuses item 1 (HTTP 400, unsupported channel)',
		rows: (ref) => [row(ref(0)), { ...row(ref(1)), channelCode: 'NEWBANK' }, row(ref(2))],
		parameters: { allowUnlistedChannel: true },
		failed: { perItem: [1], bulk: ALL },
		notSent: false,
		outcome: 'notPaid',
		payouts: { perItem: [1, 0, 1], bulk: [0, 0, 0] },
	},
	{
		name: 'no answer (HTTP 503 on create) and the look-up found nothing',
		rows: (ref) => [row(ref(0)), row(ref(1), TIMEOUT_ACCOUNT), row(ref(2))],
		failed: { perItem: [1], bulk: ALL },
		notSent: false,
		outcome: 'notPaid',
		payouts: { perItem: [1, 0, 1], bulk: [0, 0, 0] },
	},
	{
		name: 'unknown outcome: HTTP 500 on the first create and the look-up fails (503)',
		rows: (ref) => ALL.map((k) => row(ref(k))),
		setup: async (env) => {
			env.sandbox.setFault({ route: 'createPayout', kind: 'status', status: 500, count: 1 });
			env.sandbox.setFault({ route: 'getPayout', kind: 'status', status: 503, count: 3 });
		},
		failed: { perItem: [0], bulk: ALL },
		notSent: false,
		outcome: 'unknown',
		payouts: { perItem: [0, 1, 1], bulk: [0, 0, 0] },
	},
	{
		name: 'unknown outcome: the first create times out after Pivot committed it and the look-up fails',
		rows: (ref) => ALL.map((k) => row(ref(k))),
		options: { timeoutSeconds: 1 },
		setup: async (env) => {
			env.sandbox.setFault({ route: 'createPayout', kind: 'timeoutAfterCommit', latencyMs: 1500, count: 1 });
			env.sandbox.setFault({ route: 'getPayout', kind: 'status', status: 503, count: 3 });
		},
		failed: { perItem: [0], bulk: ALL },
		notSent: false,
		outcome: 'unknown',
		// Paid although unknown to the node: exactly why such an item must never look "not sent".
		payouts: { perItem: [1, 1, 1], bulk: [1, 1, 1] },
	},
	{
		name: "item 1's Reference ID is taken by another payout (HTTP 409)",
		rows: (ref) => ALL.map((k) => row(ref(k))),
		setup: async (env, ref) => {
			const earlier = await env.run(createByChannel(), [row(ref(1), '999966660001', '99999')]);
			expect(earlier.error).toBeUndefined();
		},
		failed: { perItem: [1], bulk: ALL },
		notSent: false,
		outcome: 'notPaid',
		payouts: { perItem: [1, 1, 1], bulk: [0, 1, 0] },
	},
];

const env = usePivotEnv();

const CASES = KINDS.flatMap((kind, n) => (['perItem', 'bulk'] as const).map((sendAs) => [`${kind.name} (${sendAs})`, kind, sendAs, n] as const));

describe('Payout → Create with Continue On Fail: every input item comes out exactly once, paired and marked', () => {
	it.each(CASES)('%s', async (_name, kind, sendAs, n) => {
		const ref = (k: number) => `COF${n}-${sendAs}-${k}`;
		await kind.setup?.(env, ref);
		const parameters = createByChannel({
			sendAs,
			...(kind.parameters ?? {}),
			options: { retryDelaySeconds: 0.01, timeoutSeconds: 5, maxAttempts: 1, ...(kind.options ?? {}) },
		});
		const { items, error } = await env.run(parameters, kind.rows(ref, sendAs), { onError: 'continueRegularOutput' });
		expect(error).toBeUndefined();

		// Exactly one output per input, in order, each paired to its own input.
		expect(items).toHaveLength(3);
		expect(items.map((i) => i.pairedItem)).toEqual(ALL.map((item) => ({ item })));

		const stored = new Map(env.sandbox.payouts().map((p) => [p.referenceId, p]));
		const failed = kind.failed[sendAs];
		items.forEach((item, k) => {
			const json = item.json;
			if (failed.includes(k)) {
				expect(typeof json.error).toBe('string');
				expect(json.paymentOutcome).toBe(kind.outcome);
				if (kind.notSent) expect(json.notSent).toBe(true);
				else expect(json.notSent).not.toBe(true);
				expect(json.status).toBeUndefined();
			} else {
				expect(json.error).toBeUndefined();
				expect(json.notSent).toBeUndefined();
				expect(json.referenceId).toBe(ref(k));
				expect(json).toHaveProperty('requestStatus');
				expect(json.requestUuid).toEqual(expect.any(String));
				expect(json.requestUuid).toBe(stored.get(ref(k))?.requestUuid);
			}
		});
		const perReference = ALL.map((k) => payoutsOf(env.sandbox, ref(k)).length);
		expect(perReference).toEqual(kind.payouts[sendAs]);
		if (kind.notSent) expect(env.createRequests()).toBe(0);
	});

	it('per item: only the failed item carries error, the others are paid and keep their place', async () => {
		const { items } = await env.run(
			createByChannel({ options: { retryDelaySeconds: 0.01, maxAttempts: 1 } }),
			[row('C-1'), row('C-2', TIMEOUT_ACCOUNT), row('C-3')],
			{ onError: 'continueRegularOutput' },
		);
		expect(items.map((i) => [i.pairedItem, Boolean(i.json.error)])).toEqual([
			[{ item: 0 }, false],
			[{ item: 1 }, true],
			[{ item: 2 }, false],
		]);
	});

	it('bulk: a bad row still stops everything, and every item says why', async () => {
		const { items, error } = await env.run(
			createByChannel({ sendAs: 'bulk' }),
			[row('COF-1'), row('COF-2', '999966660001', '1,000'), row('COF-3')],
			{ onError: 'continueRegularOutput' },
		);
		expect(error).toBeUndefined();
		expect(items.map((i) => [i.pairedItem, i.json.notSent])).toEqual([
			[{ item: 0 }, true],
			[{ item: 1 }, true],
			[{ item: 2 }, true],
		]);
		expect(items[1].json.error).toMatch(/^Item 2 \(index 1\): Amount must be a whole number/);
		expect(items[0].json.error).toBe('Not sent: item 2 (index 1) is invalid (Amount).');
		expect(env.createRequests()).toBe(0);
	});
});
