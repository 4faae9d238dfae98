/**
 * Balance → Get History's promise: every entry exactly once, never a short statement output as
 * complete. Pivot documents no entry ID and no order, so two genuinely different entries can share
 * every field of the dedupe key (two fee lines of one bulk request, same second and amount), and
 * paging by offset over entries of one second can repeat one entry and skip another. The node
 * keeps every copy seen on one page, compares what it read with Pivot's `pagination.totalItems`,
 * reads a short window again with smaller pages, and fails the item if it is still short.
 * Answers are altered by a rewriting proxy in front of the simulator, which still records every
 * request.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { DAY_MS } from '../../../nodes/lib/ledger/dates';
import type { NodeSettings } from '../support/harness';
import { historyParams, iso } from '../support/history';
import { harnessFor, PIVOT, requestsTo, usePivotEnv } from '../support/pivotEnv';
import type { RewritingGateway, Rewrite } from '../support/rewritingGateway';
import { startRewritingGateway } from '../support/rewritingGateway';

const env = usePivotEnv();
const pages = () => requestsTo(env.sandbox, 'balanceHistory');
const perPages = () => pages().map((r) => `${r.query.perPage}/${r.query.page}`);
const debits = (items: INodeExecutionData[]) => items.reduce((sum, item) => sum + ((item.json.amount as IDataObject).number as number), 0);

/** 150 entries of one bulk payout, all written in the same second. */
function bulkInOneSecond(): void {
	const at = iso(Date.now() - DAY_MS);
	env.sandbox.addLedgerEntries(
		Array.from({ length: 150 }, (_, n) => ({ transactionType: 'BULK_DISBURSEMENT', label: 'Bulk Disbursement', referenceId: `BULK-ITEM-${n}`, date: at, amount: '10000' })),
	);
}

interface Answer {
	data: unknown[];
	pagination: { page: number; totalItems: number };
}

/** Rewrites the balance-history answers of the 150-entry window (page 2 onwards) with `change`. */
function onLaterPages(change: (body: Answer, firstPage: unknown[]) => void): Rewrite {
	let firstPage: unknown[] = [];
	return (seen) => {
		if (!seen.url.startsWith('/v1/balance-histories?') || seen.status !== 200) return undefined;
		const body = JSON.parse(seen.body) as Answer;
		if (body.pagination.totalItems !== 150) return undefined;
		if (body.pagination.page === 1) {
			firstPage = body.data;
			return undefined;
		}
		change(body, firstPage);
		return { status: 200, body: JSON.stringify(body) };
	};
}

describe('Balance → Get History keeps two different entries that share the dedupe fields', () => {
	it('two fee lines of one request, same second and amount, on one page: both come out, the total is right', async () => {
		const at = iso(Date.now() - DAY_MS);
		const feeLine = {
			transactionType: 'DISBURSEMENT_FEE',
			label: 'Disbursement Fee',
			transactionId: 'c0ffee00-0000-4000-8000-000000000001',
			referenceId: 'BULK-REQ-7',
			date: at,
			amount: '2500',
		};
		env.sandbox.addLedgerEntries([feeLine, feeLine, { ...feeLine, referenceId: 'OTHER', amount: '100000', transactionType: 'MANUAL_TOP_UP', label: 'Manual Top Up' }]);
		expect(env.sandbox.ledger()).toHaveLength(3);

		const result = await env.run(historyParams());
		expect(result.error).toBeUndefined();
		// Every window fits in one page: no entry can have been read twice.
		expect(pages().every((r) => r.query.page === '1')).toBe(true);
		const fees = result.items.filter((item) => item.json.referenceId === 'BULK-REQ-7');
		expect(fees).toHaveLength(2);
		expect(debits(fees)).toBe(5000);
		expect(result.items).toHaveLength(3);
	});

	it('twins split by a page boundary (one on page 1, one on page 2): Pivot counted 102, 101 read, the re-read with pages of 99 finds both', async () => {
		const at = Date.now() - DAY_MS;
		const twin = { transactionType: 'DISBURSEMENT_FEE', label: 'Disbursement Fee', transactionId: 'c0ffee00-0000-4000-8000-000000000002', referenceId: 'BULK-REQ-8', date: iso(at), amount: '2500' };
		// Newest first: 99 newer entries, the twins at positions 100 and 101, one older entry.
		env.sandbox.addLedgerEntries([
			{ referenceId: 'OLDER', date: iso(at - 1000), amount: '7000' },
			twin,
			twin,
			...Array.from({ length: 99 }, (_, n) => ({ referenceId: `NEWER-${n}`, date: iso(at + 1000), amount: '1000' })),
		]);
		const result = await env.run(historyParams({ start: iso(Date.now() - 20 * DAY_MS) }));
		expect(result.error).toBeUndefined();
		expect(perPages()).toEqual(['100/1', '100/2', '99/1', '99/2']);
		expect(result.items).toHaveLength(102);
		expect(result.items.filter((item) => item.json.referenceId === 'BULK-REQ-8')).toHaveLength(2);
		expect(debits(result.items)).toBe(99 * 1000 + 2 * 2500 + 7000);
	});
});

describe('Balance → Get History never returns fewer entries than Pivot counted, silently', () => {
	let gateway: RewritingGateway | undefined;
	afterEach(async () => {
		await gateway?.close();
		gateway = undefined;
	});

	it('150 entries in one second, nothing altered: 2 requests, the floor (the count comes with each page)', async () => {
		bulkInOneSecond();
		const result = await env.run(historyParams({ start: iso(Date.now() - 20 * DAY_MS) }));
		expect(result.items).toHaveLength(150);
		expect(perPages()).toEqual(['100/1', '100/2']);
	});

	it('page 2 repeats the last entry of page 1 and skips one (unstable order over one second): read again, all 150 come out', async () => {
		bulkInOneSecond();
		gateway = await startRewritingGateway(
			env.sandbox.url,
			onLaterPages((body, firstPage) => {
				body.data[0] = firstPage[firstPage.length - 1];
			}),
		);
		const result = await harnessFor(env.sandbox, undefined, gateway.url).run(PIVOT, historyParams({ start: iso(Date.now() - 20 * DAY_MS) }), [{}]);
		// Both readings were altered, each skipping another entry: together they hold all 150.
		expect(gateway.replaced()).toBe(2);
		expect(perPages()).toEqual(['100/1', '100/2', '99/1', '99/2']);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(150);
		expect(new Set(result.items.map((item) => item.json.referenceId))).toEqual(new Set(env.sandbox.ledger().map((e) => e.referenceId)));
		expect(debits(result.items)).toBe(1_500_000);
	});

	const SETTINGS: Array<[string, NodeSettings]> = [
		['Stop', {}],
		['Continue', { onError: 'continueRegularOutput' }],
		['Continue (using error output)', { onError: 'continueErrorOutput' }],
	];
	const SHORT = /^Get balance history: window 1 of 1 \(.+ to .+\) incomplete: Pivot reported 150 entries, 149 read \(read 3 times\)$/;

	it.each(SETTINGS)('every reading one entry short: the item fails naming the window, none of its entries is output (On Error: %s)', async (_name, settings) => {
		bulkInOneSecond();
		gateway = await startRewritingGateway(
			env.sandbox.url,
			onLaterPages((body) => {
				body.data.pop();
			}),
		);
		const result = await harnessFor(env.sandbox, undefined, gateway.url).run(PIVOT, historyParams({ start: iso(Date.now() - 20 * DAY_MS) }), [{}], settings);
		expect(perPages()).toEqual(['100/1', '100/2', '99/1', '99/2', '98/1', '98/2']);
		expect(env.sandbox.ledger()).toHaveLength(150);
		if (!settings.onError) {
			expect(result.error?.message).toMatch(SHORT);
			expect(result.error?.description).toMatch(/No entries were output for this item: its history would be incomplete/);
			expect(result.items).toHaveLength(0);
			return;
		}
		expect(result.error).toBeUndefined();
		const failed = settings.onError === 'continueRegularOutput' ? result.items : result.errorItems;
		expect([...result.items, ...result.errorItems]).toHaveLength(1);
		expect(failed).toHaveLength(1);
		expect(failed[0].pairedItem).toEqual({ item: 0 });
		const message = settings.onError === 'continueRegularOutput' ? failed[0].json.error : failed[0].json.message;
		expect(message).toMatch(SHORT);
	});
});
