/**
 * Balance → Get History through n8n-core's engine against the simulator: windows of 31 days over
 * 90, every page with the fewest requests, the output checked against the simulator's own ledger,
 * the time zone rule, the type filter in both of Pivot's spellings, and Limit applied after sorting.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { DAY_MS } from '../../../nodes/lib/ledger/dates';
import type { SandboxLedgerEntry } from '../../sandbox';
import { configure, historyParams, iso } from '../support/history';
import { createByChannel, requestsTo, row, usePivotEnv } from '../support/pivotEnv';

const env = usePivotEnv({ disbursementFee: 2500 });
const config = async (body: IDataObject) => await configure(env.sandbox, body);
const pages = () => requestsTo(env.sandbox, 'balanceHistory');
const refs = (items: INodeExecutionData[]) => items.map((item) => item.json.referenceId as string);
const byDate = (entries: SandboxLedgerEntry[]) => [...entries].sort((a, b) => Date.parse(a.date) - Date.parse(b.date));

describe('Balance → Get History', () => {
	it('90 days: three windows of at most 31 days, the floor number of pages, every entry once, oldest first', async () => {
		env.sandbox.seedLedger({ count: 900, days: 89, seed: 11 });
		const ledger = env.sandbox.ledger();
		const result = await env.run(historyParams());
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(900);
		expect(new Set(refs(result.items))).toEqual(new Set(ledger.map((e) => e.referenceId)));
		const dates = result.items.map((item) => Date.parse(item.json.date as string));
		expect(dates).toEqual([...dates].sort((a, b) => a - b));

		const sent = pages();
		const windows = [...new Map(sent.map((r) => [r.query.startDate, Date.parse(r.query.endDate)])).entries()].map(([s, e]) => [Date.parse(s), e]);
		expect(windows).toHaveLength(3);
		windows.forEach(([s, e], k) => {
			expect(e - s).toBeLessThan(31 * DAY_MS);
			if (k > 0) expect(s).toBe(windows[k - 1][1] + 1);
		});
		const floor = windows.reduce((sum, [s, e]) => {
			const inWindow = ledger.filter((x) => Date.parse(x.date) >= s && Date.parse(x.date) <= e).length;
			return sum + Math.max(1, Math.ceil(inWindow / 100));
		}, 0);
		expect(sent).toHaveLength(floor);
		expect(sent.every((r) => r.query.perPage === '100' && r.query.accountType === 'DISBURSEMENT' && r.status === 200)).toBe(true);
	});

	it("a payout's entry: amount and fee as { value, number, currency }, direction, settled once final; paired to its input", async () => {
		await env.run(createByChannel(), [row('HIST-PAY-1', '999966660001', '150000')]);
		await env.sandbox.waitForSettled();
		const result = await env.run(historyParams(), [{ any: 'row' }]);
		expect(result.items).toHaveLength(1);
		const [item] = result.items;
		expect(item.pairedItem).toEqual({ item: 0 });
		const stored = env.sandbox.payouts()[0];
		expect(item.json).toEqual({
			date: expect.stringMatching(/Z$/),
			settlementDate: expect.stringMatching(/Z$/),
			settlementStatus: 'SETTLED',
			transactionType: 'DISBURSEMENT',
			transactionTypeLabel: 'Disbursement',
			direction: 'debit',
			referenceId: 'HIST-PAY-1',
			transactionId: stored.requestUuid,
			amount: { value: '150000', number: 150000, currency: 'IDR' },
			fee: { value: '2500', number: 2500, currency: 'IDR' },
			channel: 'BRI',
			balanceType: 'Disbursement Balance',
			createdBy: 'API',
		});
	});

	it("date-only Start and End are whole days in the workflow's time zone, sent as full date-times", async () => {
		const day = new Date(Date.now() - 10 * DAY_MS).toISOString().slice(0, 10);
		for (const [timezone, offset] of [
			['Asia/Jakarta', '+07:00'],
			['UTC', 'Z'],
		]) {
			env.sandbox.reset();
			const result = await env.run(historyParams({ start: day, end: day }), [{}], {}, { timezone });
			expect(result.error).toBeUndefined();
			const [request] = pages();
			expect(request.query.startDate).toBe(iso(Date.parse(`${day}T00:00:00${offset}`)));
			expect(request.query.endDate).toBe(iso(Date.parse(`${day}T00:00:00${offset}`) + DAY_MS - 1));
		}
		// a date-time without a zone is wall time in that zone too
		env.sandbox.reset();
		await env.run(historyParams({ start: `${day}T08:00:00`, end: `${day}T09:00:00` }), [{}], {}, { timezone: 'Asia/Jakarta' });
		expect(pages()[0].query.startDate).toBe(iso(Date.parse(`${day}T01:00:00Z`)));
	});

	it('Transaction Types filters on both spellings of a type; a type not in the list is kept with type null', async () => {
		env.sandbox.seedLedger({ count: 200, days: 20, seed: 3 });
		env.sandbox.addLedgerEntries([{ referenceId: 'ODD-1', label: 'Cashback' }]);
		const wanted = env.sandbox.ledger().filter((e) => ['VA_TOP_UP', 'ACCOUNT_INQUIRY_FEE'].includes(e.transactionType));
		expect(wanted.length).toBeGreaterThan(10);
		try {
			for (const spelling of ['display', 'enum']) {
				await config({ ledgerTypeSpelling: spelling });
				const result = await env.run(historyParams({ transactionTypes: ['VA_TOP_UP', 'ACCOUNT_INQUIRY_FEE'] }));
				expect(new Set(refs(result.items))).toEqual(new Set(wanted.map((e) => e.referenceId)));
			}
		} finally {
			await config({ ledgerTypeSpelling: 'display' });
		}
		const all = await env.run(historyParams());
		expect(all.items).toHaveLength(201);
		expect(all.items.find((i) => i.json.referenceId === 'ODD-1')?.json).toMatchObject({ transactionType: null, transactionTypeLabel: 'Cashback', direction: null });
		const odd = await env.run(historyParams({ transactionTypes: ['unlisted'] }));
		expect(refs(odd.items)).toEqual(['ODD-1']);
	});

	it('Limit applies to the date order, after every page was read (Pivot answers newest first)', async () => {
		env.sandbox.seedLedger({ count: 260, days: 20, seed: 5 });
		const oldest = byDate(env.sandbox.ledger());
		// 25 days: one window, whose 3 pages are all read although the Limit is 7
		const result = await env.run(historyParams({ start: iso(Date.now() - 25 * DAY_MS), returnAll: false, limit: 7 }));
		expect(result.items.map((i) => i.json.date)).toEqual(oldest.slice(0, 7).map((e) => e.date));
		expect(pages().map((r) => r.query.page)).toEqual(['1', '2', '3']);
		const many = await env.run(historyParams({ returnAll: false, limit: 1000 }));
		expect(many.items).toHaveLength(260);
	});

	it('sends Transaction ID and Balance to Pivot; an empty range gives no items and one request per window', async () => {
		const [entry] = env.sandbox.addLedgerEntries([{ referenceId: 'TX-ONE' }, { referenceId: 'TX-TWO' }]);
		const one = await env.run(historyParams({ transactionId: entry.transactionId }));
		expect(refs(one.items)).toEqual(['TX-ONE']);
		expect(pages()[0].query.transactionId).toBe(entry.transactionId);
		env.sandbox.reset();
		const payment = await env.run(historyParams({ balanceType: 'PAYMENT' }));
		expect(payment.error).toBeUndefined();
		expect(payment.items).toEqual([]);
		expect(pages().map((r) => r.query.accountType)).toEqual(['PAYMENT', 'PAYMENT', 'PAYMENT']);
	});

	it('each input item reads its own range; its entries are paired to it', async () => {
		const now = Date.now();
		env.sandbox.addLedgerEntries([
			{ referenceId: 'OLD', date: iso(now - 40 * DAY_MS) },
			{ referenceId: 'NEW', date: iso(now - DAY_MS) },
		]);
		const parameters = historyParams({ start: '={{ $json.start }}', end: '={{ $json.end }}' });
		const result = await env.run(parameters, [
			{ start: iso(now - 50 * DAY_MS), end: iso(now - 30 * DAY_MS) },
			{ start: iso(now - 2 * DAY_MS), end: iso(now) },
		]);
		expect(result.items.map((i) => [i.json.referenceId, i.pairedItem])).toEqual([
			['OLD', { item: 0 }],
			['NEW', { item: 1 }],
		]);
	});
});
