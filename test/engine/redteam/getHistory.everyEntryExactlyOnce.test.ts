/**
 * Red team, Balance → Get History. Promise (docs/ledger.md): every entry exactly once. The
 * dedupe key (transactionId, referenceId, type label, instant, amount, currency) is applied to
 * every entry read, also to entries on ONE page, where one entry cannot appear twice. Pivot
 * documents no entry ID and does not say what transactionId and referenceId hold for fee lines
 * or bulk items (API notes: NOT FOUND), so two genuinely different entries can share all six:
 * e.g. two fee lines of one bulk request written in the same second. One of them is dropped:
 * the output total is short by its amount, silently.
 *
 *
 * Second class: the node never compares what it read with Pivot's own `pagination.totalItems`.
 * Pivot documents no order (API notes: "Order of entries: NOT FOUND"); paging by offset over
 * entries that share a timestamp (a bulk payout writes hundreds in one second) can return one
 * entry on two pages and skip another. The dedupe hides the repeat, the skipped entry is simply
 * missing, and nothing says the list is short although Pivot said how long it was.
 *
 * `it.failing`: the test states the promise and fails today; remove `.failing` once fixed.
 */
import { DAY_MS } from '../../../nodes/lib/ledger/dates';
import { historyParams, iso } from '../support/history';
import { harnessFor, PIVOT, requestsTo, usePivotEnv } from '../support/pivotEnv';
import type { RewritingGateway } from '../support/rewritingGateway';
import { startRewritingGateway } from '../support/rewritingGateway';

const env = usePivotEnv();

describe('Red team: Get History keeps two different entries that share the dedupe fields', () => {
	it.failing('two fee lines of one request, same second and amount, on one page: both come out, the total is right', async () => {
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
		expect(requestsTo(env.sandbox, 'balanceHistory').every((r) => r.query.page === '1')).toBe(true);
		const fees = result.items.filter((item) => item.json.referenceId === 'BULK-REQ-7');
		// Today: 1 (Rp 2,500 of fees vanish from the statement).
		expect(fees).toHaveLength(2);
		expect(result.items).toHaveLength(3);
	});
});

describe('Red team: Get History never returns fewer entries than Pivot counted, silently', () => {
	let gateway: RewritingGateway | undefined;
	afterEach(async () => {
		await gateway?.close();
		gateway = undefined;
	});

	it.failing('150 entries of one bulk payout in one second, page 2 repeating one of page 1 (unstable order): refused or complete', async () => {
		const at = iso(Date.now() - DAY_MS);
		env.sandbox.addLedgerEntries(
			Array.from({ length: 150 }, (_, n) => ({ transactionType: 'BULK_DISBURSEMENT', label: 'Bulk Disbursement', referenceId: `BULK-ITEM-${n}`, date: at, amount: '10000' })),
		);
		let firstPage: unknown[] = [];
		gateway = await startRewritingGateway(env.sandbox.url, (seen) => {
			if (!seen.url.startsWith('/v1/balance-histories?') || seen.status !== 200) return undefined;
			const body = JSON.parse(seen.body) as { data: unknown[]; pagination: { page: number; totalItems: number } };
			if (body.pagination.totalItems !== 150) return undefined;
			if (body.pagination.page === 1) {
				firstPage = body.data;
				return undefined;
			}
			// Ties ordered differently on this request: the last entry of page 1 again, one entry never shown.
			body.data[0] = firstPage[firstPage.length - 1];
			return { status: 200, body: JSON.stringify(body) };
		});
		const result = await harnessFor(env.sandbox, undefined, gateway.url).run(PIVOT, historyParams(), [{}]);
		expect(gateway.replaced()).toBe(1);
		expect(env.sandbox.ledger()).toHaveLength(150);
		// Today: no error, 149 items, Rp 10,000 of debits missing from the statement.
		if (!result.error) expect(result.items).toHaveLength(150);
	});
});
