/**
 * Balance → Get History refuses a range it cannot read (more than 6 months back, End before
 * Start, unreadable dates, a bad Limit or type) with an error naming the item and the field,
 * before any request: under Stop nothing at all is sent, not even for the good items; under
 * Continue and Continue (using error output) the bad item fails on its own and the others are read.
 */
import type { IDataObject } from 'n8n-workflow';

import { DAY_MS } from '../../../nodes/lib/ledger/dates';
import type { NodeSettings } from '../support/harness';
import { historyParams, iso } from '../support/history';
import { usePivotEnv } from '../support/pivotEnv';

const env = usePivotEnv();

const SETTINGS: Array<[string, NodeSettings]> = [
	['Stop', {}],
	['Continue', { onError: 'continueRegularOutput' }],
	['Continue (using error output)', { onError: 'continueErrorOutput' }],
];

const PARAMS = historyParams({
	start: '={{ $json.start }}',
	end: '={{ $json.end }}',
	returnAll: false,
	limit: '={{ $json.limit }}',
	transactionTypes: '={{ $json.types }}',
});

interface Case {
	name: string;
	bad: IDataObject;
	message: RegExp;
}

const now = Date.now();
const good = (): IDataObject => ({ start: iso(Date.now() - 10 * DAY_MS), end: iso(Date.now()), limit: 50, types: [] });

const CASES: Case[] = [
	{
		name: 'Start more than 6 months back',
		bad: { start: iso(now - 200 * DAY_MS) },
		message: /^Item 2 \(index 1\): Start \(\S+\) is more than 6 months back: Pivot keeps 6 months of balance history \(the earliest Start now is \S+, 6 months back plus 5 minutes for the time the requests take\)\. Nothing was sent\.$/,
	},
	{ name: 'End before Start', bad: { end: iso(now - 11 * DAY_MS) }, message: /^Item 2 \(index 1\): End \(\S+\) is before Start \(\S+\)\. Nothing was sent\.$/ },
	{ name: 'Start unreadable', bad: { start: 'yesterday' }, message: /^Item 2 \(index 1\): Start must be an ISO 8601 date .*, got "yesterday"\. Nothing was sent\.$/ },
	{ name: 'End in a day-first format', bad: { end: '31/12/2026' }, message: /^Item 2 \(index 1\): End must be an ISO 8601 date .*, got "31\/12\/2026"/ },
	{ name: 'End missing', bad: { end: '' }, message: /^Item 2 \(index 1\): End is required\. Nothing was sent\.$/ },
	{ name: 'Limit with a thousands separator', bad: { limit: '1.000' }, message: /^Item 2 \(index 1\): Option "Limit" must be written without thousands separators/ },
	{ name: 'a transaction type Pivot does not list', bad: { types: ['PAYOUT'] }, message: /^Item 2 \(index 1\): Transaction Types has a value that is not a Pivot transaction type: "PAYOUT"/ },
];

describe.each(SETTINGS)('Balance → Get History refusals, On Error: %s', (_setting, settings) => {
	it.each(CASES.map((c) => [c.name, c] as const))('%s: refused before any request, naming the item and the field', async (_name, testCase) => {
		env.sandbox.addLedgerEntries([{ referenceId: 'IN-RANGE', date: iso(Date.now() - DAY_MS) }]);
		const result = await env.run(PARAMS, [good(), { ...good(), ...testCase.bad }], settings);

		if (!settings.onError) {
			expect(result.error?.message).toMatch(testCase.message);
			expect(result.items).toHaveLength(0);
			// nothing sent, not even item 0's valid range, and no token fetched
			expect(env.sandbox.requests()).toHaveLength(0);
			return;
		}
		expect(result.error).toBeUndefined();
		// item 0 was read (one window), item 1 sent nothing
		expect(env.requestCount('balanceHistory')).toBe(1);
		if (settings.onError === 'continueRegularOutput') {
			expect(result.errorItems).toHaveLength(0);
			expect(result.items.map((i) => [i.pairedItem, i.json.referenceId ?? i.json.error])).toEqual([
				[{ item: 0 }, 'IN-RANGE'],
				[{ item: 1 }, expect.stringMatching(testCase.message)],
			]);
			return;
		}
		expect(result.items.map((i) => [i.pairedItem, i.json.referenceId])).toEqual([[{ item: 0 }, 'IN-RANGE']]);
		expect(result.errorItems).toHaveLength(1);
		expect(result.errorItems[0].pairedItem).toEqual({ item: 1 });
		expect(Object.keys(result.errorItems[0].json).sort()).toEqual(['error', 'message']);
		expect(result.errorItems[0].json.message).toMatch(testCase.message);
	});
});

describe('Balance → Get History: the 6-month limit', () => {
	const monthsBack = (extraMs: number) => {
		const d = new Date();
		d.setUTCMonth(d.getUTCMonth() - 6);
		return iso(d.getTime() + extraMs);
	};

	it('a Start at the limit or within 5 minutes after it is refused (Pivot would refuse it moments later); 10 minutes after, Pivot accepts it', async () => {
		for (const start of ['={{ $now.minus({ months: 6 }).toISO() }}', monthsBack(60_000)]) {
			const refused = await env.run(historyParams({ start }));
			expect(refused.error?.message).toMatch(/^Item 1 \(index 0\): Start \(\S+\) is more than 6 months back/);
		}
		expect(env.sandbox.requests()).toHaveLength(0);
		const accepted = await env.run(historyParams({ start: monthsBack(10 * 60_000) }));
		expect(accepted.error).toBeUndefined();
		const pages = env.sandbox.requests().filter((r) => r.route === 'balanceHistory');
		expect(pages.length).toBe(6);
		expect(pages.every((r) => r.status === 200)).toBe(true);
	});
});

describe('Balance → Get History: the workflow time zone', () => {
	it('refuses every item when the zone is unknown, before any request', async () => {
		const result = await env.run(historyParams({ start: '2026-05-01', end: '2026-05-02' }), [{}], {}, { timezone: 'Mars/Olympus_Mons' });
		expect(result.error?.message).toBe(
			'Item 1 (index 0): the workflow\'s time zone "Mars/Olympus_Mons" is not known: choose one in the workflow\'s settings. Nothing was sent.',
		);
		expect(env.sandbox.requests()).toHaveLength(0);
	});
});
