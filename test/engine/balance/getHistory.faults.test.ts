/**
 * Balance → Get History when reading goes wrong or the ledger moves: a 5xx or a dropped answer on
 * page 3 fails the item as a whole under every On Error setting (no partial history is output),
 * Retry On Fail reads it again completely, a 429 is waited out, and entries seen twice (adjacent
 * windows sharing a day, entries written while the node pages) come out once.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { DAY_MS } from '../../../nodes/lib/ledger/dates';
import type { NodeSettings } from '../support/harness';
import { configure, historyParams, iso } from '../support/history';
import { requestsTo, usePivotEnv } from '../support/pivotEnv';

const env = usePivotEnv();

/** One window (25 days) holding 250 entries: 3 pages of 100. */
const ONE_WINDOW = () => historyParams({ start: iso(Date.now() - 25 * DAY_MS), end: iso(Date.now()) });
const seed250 = () => env.sandbox.seedLedger({ count: 250, days: 20, seed: 9 });
const refs = (items: INodeExecutionData[]) => items.map((i) => i.json.referenceId as string);
const pages = () => requestsTo(env.sandbox, 'balanceHistory');

const SETTINGS: Array<[string, NodeSettings]> = [
	['Stop', {}],
	['Continue', { onError: 'continueRegularOutput' }],
	['Continue (using error output)', { onError: 'continueErrorOutput' }],
];

const FAULTS = [
	['a 503 on page 3', { route: 'balanceHistory', kind: 'status', status: 503, skip: 2 }, /^Get balance history: .+ \(window 1 of 1, page 3\)$/],
	['no answer on page 3 (the connection dropped after a wait)', { route: 'balanceHistory', kind: 'timeoutAfterCommit', latencyMs: 200, skip: 2 }, /^Get balance history: No answer from Pivot \(window 1 of 1, page 3\)$/],
] as const;

describe.each(SETTINGS)('Balance → Get History faults, On Error: %s', (_setting, settings) => {
	it.each(FAULTS.map(([name, fault, message]) => [name, fault, message] as const))(
		'%s: item 0 fails whole, nothing of it is output; item 1 is read',
		async (_name, fault, message) => {
			seed250();
			env.sandbox.setFault({ ...fault });
			const result = await env.run(ONE_WINDOW(), [{ row: 0 }, { row: 1 }], settings);
			// page 3 was asked for and failed; item 0 asked for nothing after it
			expect(pages().map((r) => r.query.page).slice(0, 3)).toEqual(['1', '2', '3']);

			if (!settings.onError) {
				expect(result.error?.message).toMatch(message);
				expect(result.error?.description).toMatch(/No entries were output for this item: its history would be incomplete/);
				expect(result.items).toHaveLength(0);
				expect(pages()).toHaveLength(3);
				return;
			}
			expect(result.error).toBeUndefined();
			expect(pages()).toHaveLength(6);
			const fromItem0 = [...result.items, ...result.errorItems].filter((i) => (i.pairedItem as { item: number }).item === 0);
			expect(fromItem0).toHaveLength(1);
			const itemOne = result.items.filter((i) => (i.pairedItem as { item: number }).item === 1);
			expect(new Set(refs(itemOne))).toEqual(new Set(env.sandbox.ledger().map((e) => e.referenceId)));
			if (settings.onError === 'continueRegularOutput') {
				expect(fromItem0[0].json.error).toMatch(message);
				expect(fromItem0[0].json.errorDescription).toMatch(/would be incomplete/);
			} else {
				expect(result.errorItems).toEqual([{ json: { error: expect.objectContaining({ message: expect.stringMatching(message) }), message: expect.stringMatching(message) }, pairedItem: { item: 0 } }]);
			}
		},
	);
});

describe('Balance → Get History: retries and entries seen twice', () => {
	it('Retry On Fail reads the whole history again after a 503 on page 3', async () => {
		seed250();
		env.sandbox.setFault({ route: 'balanceHistory', kind: 'status', status: 503, skip: 2 });
		const result = await env.run(ONE_WINDOW(), [{}], { retryOnFail: true, maxTries: 2, waitBetweenTries: 1 });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(250);
		expect(pages().map((r) => [r.query.page, r.status])).toEqual([
			['1', 200],
			['2', 200],
			['3', 503],
			['1', 200],
			['2', 200],
			['3', 200],
		]);
	});

	it('a 429 on page 2 is waited out (Retry-After) and the page asked for again', async () => {
		seed250();
		env.sandbox.setFault({ route: 'balanceHistory', kind: 'status', status: 429, skip: 1, retryAfterSeconds: 0 });
		const result = await env.run(ONE_WINDOW());
		expect(result.items).toHaveLength(250);
		expect(pages().map((r) => [r.query.page, r.status])).toEqual([
			['1', 200],
			['2', 429],
			['2', 200],
			['3', 200],
		]);
	});

	it('adjacent windows that share a day (a Pivot filtering by whole days) give their boundary entries once', async () => {
		// Start at noon in Jakarta 80 days ago: the windows meet at noon, inside one Jakarta day
		const noon = Date.parse(`${new Date(Date.now() - 80 * DAY_MS).toISOString().slice(0, 10)}T12:00:00+07:00`);
		const boundary = noon + 31 * DAY_MS;
		env.sandbox.addLedgerEntries([
			{ referenceId: 'BEFORE-BOUNDARY', date: iso(boundary - 3_600_000) },
			{ referenceId: 'AFTER-BOUNDARY', date: iso(boundary + 3_600_000) },
			{ referenceId: 'ELSEWHERE', date: iso(noon + 3 * DAY_MS) },
		]);
		await configure(env.sandbox, { ledgerDateFilter: 'wholeDays' });
		try {
			const result = await env.run(historyParams({ start: iso(noon), end: iso(Date.now()) }));
			expect(refs(result.items)).toEqual(['ELSEWHERE', 'BEFORE-BOUNDARY', 'AFTER-BOUNDARY']);
			// both boundary entries were answered by windows 1 and 2
			const windows = pages().map((r) => r.query.startDate);
			expect(windows[1]).toBe(iso(boundary));
		} finally {
			await configure(env.sandbox, { ledgerDateFilter: 'instant' });
		}
	});

	it('entries written while the node pages (Pivot answers newest first) move page boundaries: every entry once', async () => {
		seed250();
		const seeded = env.sandbox.ledger().map((e) => e.referenceId);
		await configure(env.sandbox, { ledgerArrivalsPerRequest: 3 });
		try {
			const result = await env.run(historyParams({ start: iso(Date.now() - 25 * DAY_MS), end: iso(Date.now() + DAY_MS) }));
			const got = refs(result.items);
			expect(new Set(got).size).toBe(got.length);
			for (const ref of seeded) expect(got).toContain(ref);
			expect(pages().map((r) => r.query.page)).toEqual(['1', '2', '3']);
			expect(env.sandbox.ledger().length).toBe(259);
		} finally {
			await configure(env.sandbox, { ledgerArrivalsPerRequest: 0 });
		}
	});
});
