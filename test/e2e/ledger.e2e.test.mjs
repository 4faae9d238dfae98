// Balance → Get History inside a real n8n 2.41.1, against the Pivot simulator: a 90-day ledger read
// in windows of 31 days with the fewest requests, Start and End in the workflow's time zone, a
// range refused before any request, and On Error "Continue (using error output)" with a 503 on
// page 3 (the item goes to the error output whole; nothing of it on the success output).
//
//   npm run build && node --test test/e2e/ledger.e2e.test.mjs
//
// Every assertion reads the simulator's records (its ledger and the requests it received) and
// n8n's own execution record, not only what the node output.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { nodeOutput } from '../../scripts/lib/n8n.mjs';
import { errorOutputWorkflow, noOpNode, pivotNode, webhookWorkflow } from '../support/workflows.mjs';
import { branch } from './lib/errorOutput.mjs';
import { assertSucceeded, noSecretsLeakedTest, pivotSuite } from './lib/suite.mjs';

const DAY = 86_400_000;
const iso = (ms) => new Date(ms).toISOString();
const SETTINGS = { timezone: 'Asia/Jakarta' };
const HISTORY = {
	resource: 'balance',
	operation: 'getHistory',
	start: '={{ $json.start }}',
	end: '={{ $json.end }}',
	returnAll: true,
};

const WORKFLOWS = {
	history: webhookWorkflow('e2e-history', [pivotNode('Pivot', HISTORY)], { name: 'E2E: balance history', settings: SETTINGS }),
	historyErrorOutput: errorOutputWorkflow(
		'e2e-history-onerr',
		pivotNode('Pivot', HISTORY, { settings: { onError: 'continueErrorOutput' } }),
		{ success: [noOpNode('Book')], failure: [noOpNode('Alert')] },
		{ name: 'E2E: balance history, error output', settings: SETTINGS },
	),
};

describe('Balance → Get History in a real n8n against the simulator', () => {
	const suite = pivotSuite({ workflows: WORKFLOWS, activate: Object.keys(WORKFLOWS) });
	const { run, control, requests } = suite;

	it('90 days of 1,000 entries: 3 windows, the floor number of requests, each entry once, oldest first', async () => {
		await control('ledger/seed', 'POST', { count: 1000, days: 89, seed: 21 });
		const ledger = await control('ledger');
		const now = Date.now();
		const output = assertSucceeded(await run('history', [{ start: iso(now - 90 * DAY), end: iso(now) }]));
		assert.equal(output.length, 1000);
		assert.deepEqual(new Set(output.map((e) => e.referenceId)), new Set(ledger.map((e) => e.referenceId)));
		const dates = output.map((e) => Date.parse(e.date));
		assert.deepEqual(dates, [...dates].sort((a, b) => a - b), 'oldest first');
		const sample = output.find((e) => e.transactionType === 'DISBURSEMENT');
		assert.equal(sample.transactionTypeLabel, 'Disbursement');
		assert.equal(sample.direction, 'debit');
		assert.deepEqual(Object.keys(sample.amount).sort(), ['currency', 'number', 'value']);

		const pages = await requests('balanceHistory');
		const windows = [...new Map(pages.map((r) => [r.query.startDate, r.query.endDate])).entries()].map(([s, e]) => [Date.parse(s), Date.parse(e)]);
		assert.equal(windows.length, 3);
		for (let k = 1; k < windows.length; k++) assert.equal(windows[k][0], windows[k - 1][1] + 1, 'windows are consecutive');
		for (const [s, e] of windows) assert.ok(e - s < 31 * DAY, 'a window spans at most 31 days');
		const floor = windows.reduce((sum, [s, e]) => {
			const n = ledger.filter((x) => Date.parse(x.date) >= s && Date.parse(x.date) <= e).length;
			return sum + Math.max(1, Math.ceil(n / 100));
		}, 0);
		assert.equal(pages.length, floor, `requests ${pages.length}, floor ${floor}`);
		assert.ok(pages.every((r) => r.status === 200 && r.query.perPage === '100'));
	});

	it("date-only Start and End are whole days in the workflow's time zone (Asia/Jakarta)", async () => {
		const day = new Date(Date.now() - 5 * DAY).toISOString().slice(0, 10);
		const midnight = Date.parse(`${day}T00:00:00+07:00`);
		await control('ledger/entries', 'POST', [
			{ referenceId: 'E2E-DAY-BEFORE', date: iso(midnight - 1000) },
			{ referenceId: 'E2E-DAY-FIRST', date: iso(midnight) },
			{ referenceId: 'E2E-DAY-LAST', date: iso(midnight + DAY - 1000) },
		]);
		const output = assertSucceeded(await run('history', [{ start: day, end: day }]));
		assert.deepEqual(output.map((e) => e.referenceId), ['E2E-DAY-FIRST', 'E2E-DAY-LAST']);
		const [request] = await requests('balanceHistory');
		assert.equal(request.query.startDate, iso(midnight));
		assert.equal(request.query.endDate, iso(midnight + DAY - 1));
	});

	it('a Start more than 6 months back is refused before any request, naming the item and the field', async () => {
		const now = Date.now();
		const result = await run('history', [{ start: iso(now - 200 * DAY), end: iso(now) }]);
		assert.equal(result.execution.status, 'error');
		assert.match(result.execution.data.resultData.error.message, /^Item 1 \(index 0\): Start \(\S+\) is more than 6 months back: .* Nothing was sent\.$/);
		assert.equal(nodeOutput(result.execution, 'Pivot')?.length ?? 0, 0);
		assert.deepEqual(await requests('balanceHistory'), []);
		assert.deepEqual(await requests(), [], 'not even a token was fetched');
	});

	it('error output: a 503 on page 3 sends row 0 whole to Alert, nothing of it to Book; row 1 is read completely', async () => {
		await control('ledger/seed', 'POST', { count: 250, days: 20, seed: 4 });
		await control('faults', 'POST', { route: 'balanceHistory', kind: 'status', status: 503, skip: 2 });
		const now = Date.now();
		const range = { start: iso(now - 25 * DAY), end: iso(now) };
		const { execution } = await run('historyErrorOutput', [range, range]);
		assert.equal(execution.status, 'success');
		const booked = branch(execution, 'Book');
		assert.equal(booked.length, 250);
		assert.ok(booked.every((item) => item.row === 1), 'only row 1 reached Book');
		const alerted = branch(execution, 'Alert');
		assert.deepEqual(alerted.map((item) => item.row), [0]);
		assert.match(alerted[0].json.error.message, /^Get balance history: .+ \(window 1 of 1, page 3\)$/);
		assert.match(alerted[0].json.error.description, /No entries were output for this item/);
		const pages = await requests('balanceHistory');
		assert.deepEqual(pages.map((r) => [r.query.page, r.status]), [
			['1', 200],
			['2', 200],
			['3', 503],
			['1', 200],
			['2', 200],
			['3', 200],
		]);
	});

	noSecretsLeakedTest(suite);
});
