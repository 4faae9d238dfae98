import type { AxiosInstance } from 'axios';

import type { Sandbox } from '../index';
import { sixMonthsBack } from '../routes/ledger';
import { channelItem, createPayout, errorOf, setup } from '../test-helpers';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('sandbox: balance history entries written by payouts, inquiries and the dashboard', () => {
	let sb: Sandbox;
	let api: AxiosInstance;
	beforeEach(async () => ({ sb, api } = await setup({ processingDelayMs: 30, disbursementFee: 2500, inquiryFee: 1000 })));
	afterEach(async () => await sb.close());

	const history = async (params: Record<string, unknown> = {}) =>
		await api.get('/v1/balance-histories', { params: { startDate: iso(Date.now() - DAY), endDate: iso(Date.now() + DAY), ...params } });
	const balance = async () => (await api.get('/v1/payouts/balance?currency=IDR')).data.data.availableBalance.value as string;

	it('one payout: one entry with its amount and fee, PENDING, then SETTLED with a settlement date', async () => {
		sb.setBalance(sb.merchants[0].clientId, '1000000.00');
		const created = await createPayout(api, [channelItem({ referenceId: 'LEDGER-1', value: '150000' })]);
		expect(await balance()).toBe('847500.00');
		const first = await history();
		expect(first.status).toBe(200);
		expect(first.data.pagination).toEqual({ page: 1, perPage: 20, totalItems: 1, totalPages: 1 });
		const [entry] = first.data.data;
		expect(Object.keys(entry)).toEqual([
			'referenceId',
			'date',
			'settlementDate',
			'settlementStatus',
			'balanceType',
			'channel',
			'transactionType',
			'amount',
			'fee',
			'createdBy',
			'transactionId',
		]);
		expect(entry).toMatchObject({
			referenceId: 'LEDGER-1',
			settlementDate: null,
			settlementStatus: 'PENDING',
			balanceType: 'Disbursement Balance',
			channel: 'BRI',
			transactionType: 'Disbursement',
			amount: { value: 150000, currency: 'IDR' },
			fee: { value: 2500, currency: 'IDR' },
			createdBy: 'API',
			transactionId: created.data.data.uuid,
		});
		expect(entry.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
		await sb.waitForSettled();
		const [settled] = (await history()).data.data;
		expect(settled.settlementStatus).toBe('SETTLED');
		expect(Date.parse(settled.settlementDate)).toBeGreaterThanOrEqual(Date.parse(entry.date));
	});

	it('a bulk request: one BULK_DISBURSEMENT entry per item; a failed item is marked FAILED and its amount and fee go back', async () => {
		sb.setBalance(sb.merchants[0].clientId, '1000000.00');
		const created = await createPayout(api, [
			channelItem({ referenceId: 'BULK-OK', value: '100000' }),
			channelItem({ referenceId: 'BULK-BAD', accountNumber: '999966660002', value: '200000' }),
		]);
		expect(await balance()).toBe('695000.00');
		await sb.waitForSettled();
		expect(await balance()).toBe('897500.00');
		const entries = (await history()).data.data as Array<Record<string, unknown>>;
		expect(entries.map((e) => [e.referenceId, e.transactionType, e.settlementStatus, e.transactionId]).sort()).toEqual([
			['BULK-BAD', 'Bulk Disbursement', 'FAILED', created.data.data.uuid],
			['BULK-OK', 'Bulk Disbursement', 'SETTLED', created.data.data.uuid],
		]);
		expect(sb.ledger()).toHaveLength(2);
	});

	it('a request parked for top-up writes nothing until the dashboard retries it; a cancelled one never does', async () => {
		sb.setBalance(sb.merchants[0].clientId, '50000.00');
		const parked = await createPayout(api, [channelItem({ referenceId: 'PARK-1', value: '100000' })]);
		const cancelled = await createPayout(api, [channelItem({ referenceId: 'PARK-2', value: '100000' })]);
		expect(sb.ledger()).toEqual([]);
		expect(sb.cancelPending(cancelled.data.data.uuid)).toBe(true);
		sb.setBalance(sb.merchants[0].clientId, '500000.00');
		expect(sb.retryPending(parked.data.data.uuid)).toBe(true);
		expect(sb.ledger().map((e) => e.referenceId)).toEqual(['PARK-1']);
	});

	it('an inquiry costs its fee: an ACCOUNT_INQUIRY_FEE entry and a lower balance', async () => {
		sb.setBalance(sb.merchants[0].clientId, '10000.00');
		const inquiry = await api.post('/v1/inquiry-account', {
			channelCode: 'BCA',
			channelInformation: { accountNumber: '999966660001', accountName: 'Dummy Simulation' },
		});
		expect(await balance()).toBe('9000.00');
		const [entry] = (await history()).data.data;
		expect(entry).toMatchObject({
			referenceId: inquiry.data.data.uuid,
			transactionType: 'Account Inquiry Fee',
			amount: { value: 1000, currency: 'IDR' },
			settlementStatus: 'SETTLED',
			channel: 'BCA',
		});
	});
});

describe('sandbox: GET /v1/balance-histories rules', () => {
	let sb: Sandbox;
	let api: AxiosInstance;
	beforeEach(async () => ({ sb, api } = await setup()));
	afterEach(async () => await sb.close());

	const get = async (params: Record<string, unknown>) => await api.get('/v1/balance-histories', { params });
	const control = async (path: string, body: unknown) =>
		await fetch(`${sb.url}/_sandbox/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	const now = Date.now();

	it('needs startDate and endDate, each an ISO 8601 date or date-time', async () => {
		const none = await get({});
		expect(none.status).toBe(400);
		expect(none.data.code).toBe('field_required');
		expect(none.data.error.details.map((d: { field: string }) => d.field)).toEqual(['startDate', 'endDate']);
		for (const bad of ['yesterday', '2024-13-01', '2024-02-30', '2024-05-01T25:00:00Z', '1714528800000']) {
			expect(errorOf(await get({ startDate: bad, endDate: iso(now) }))).toMatchObject({ status: 400, code: 'field_format_invalid', field: 'startDate' });
		}
	});

	it('refuses an end before the start, a range over 31 days, and a start more than 6 months back', async () => {
		const start = now - 40 * DAY;
		expect(errorOf(await get({ startDate: iso(start), endDate: iso(start - 1) }))).toMatchObject({ code: 'field_format_invalid', field: 'endDate' });
		expect((await get({ startDate: iso(start), endDate: iso(start + 31 * DAY) })).status).toBe(200);
		const long = errorOf(await get({ startDate: iso(start), endDate: iso(start + 31 * DAY + 1) }));
		expect(long).toMatchObject({ status: 400, code: 'field_format_invalid', field: 'endDate' });
		expect(long.detail).toBe('Make sure the range from startDate to endDate is at most 31 days');
		const limit = sixMonthsBack(Date.now());
		const old = errorOf(await get({ startDate: iso(limit - 1000), endDate: iso(limit + DAY) }));
		expect(old).toMatchObject({ status: 400, code: 'field_format_invalid', field: 'startDate' });
		expect(old.detail).toBe('Make sure startDate is at most 6 months back');
		expect((await get({ startDate: iso(limit + 5000), endDate: iso(limit + DAY) })).status).toBe(200);
	});

	it('six months back is calendar months, the day clamped to the month end', () => {
		expect(iso(sixMonthsBack(Date.parse('2025-08-31T10:00:00Z')))).toBe('2025-02-28T10:00:00.000Z');
		expect(iso(sixMonthsBack(Date.parse('2024-08-31T10:00:00Z')))).toBe('2024-02-29T10:00:00.000Z');
		expect(iso(sixMonthsBack(Date.parse('2025-03-15T00:00:00Z')))).toBe('2024-09-15T00:00:00.000Z');
	});

	it('pages with page/perPage (default 20, at most 100), newest first, a page past the end empty', async () => {
		sb.seedLedger({ count: 250, days: 10, seed: 7 });
		const range = { startDate: iso(now - 11 * DAY), endDate: iso(now + 1000) };
		expect((await get(range)).data.pagination).toEqual({ page: 1, perPage: 20, totalItems: 250, totalPages: 13 });
		expect(errorOf(await get({ ...range, perPage: 101 }))).toMatchObject({ code: 'field_format_invalid', field: 'perPage' });
		expect(errorOf(await get({ ...range, page: 0 }))).toMatchObject({ code: 'field_format_invalid', field: 'page' });
		const pages = [];
		for (let page = 1; page <= 3; page++) pages.push((await get({ ...range, page, perPage: 100 })).data);
		expect(pages.map((p) => p.data.length)).toEqual([100, 100, 50]);
		expect(pages[2].pagination).toEqual({ page: 3, perPage: 100, totalItems: 250, totalPages: 3 });
		const all = pages.flatMap((p) => p.data);
		expect(new Set(all.map((e: { referenceId: string }) => e.referenceId)).size).toBe(250);
		const dates = all.map((e: { date: string }) => Date.parse(e.date));
		expect(dates).toEqual([...dates].sort((a, b) => b - a));
		expect((await get({ ...range, page: 4, perPage: 100 })).data.data).toEqual([]);
		expect(sb.requests().filter((r) => r.route === 'balanceHistory')).toHaveLength(7);
	});

	it('filters by accountType (default DISBURSEMENT) and by transactionId (or the entry reference)', async () => {
		const [a, b] = sb.addLedgerEntries([{ referenceId: 'REF-A' }, { referenceId: 'REF-B', transactionType: 'VA_PAYMENT', accountType: 'PAYMENT' }]);
		const range = { startDate: iso(now - DAY), endDate: iso(now + DAY) };
		expect((await get(range)).data.data.map((e: { referenceId: string }) => e.referenceId)).toEqual(['REF-A']);
		const payment = (await get({ ...range, accountType: 'PAYMENT' })).data.data;
		expect(payment).toMatchObject([{ referenceId: 'REF-B', balanceType: 'Payment Balance', transactionType: 'VA Payment' }]);
		expect(errorOf(await get({ ...range, accountType: 'SAVINGS' }))).toMatchObject({ field: 'accountType' });
		expect((await get({ ...range, transactionId: a.transactionId })).data.data).toHaveLength(1);
		expect((await get({ ...range, transactionId: 'REF-A' })).data.data).toHaveLength(1);
		expect((await get({ ...range, transactionId: b.transactionId })).data.data).toHaveLength(0);
	});

	it('date-only values are whole days in Jakarta time (UTC+7), both ends included', async () => {
		const day = new Date(now + 7 * 3_600_000).toISOString().slice(0, 10);
		const midnightWib = Date.parse(`${day}T00:00:00+07:00`);
		sb.addLedgerEntries([
			{ referenceId: 'BEFORE', date: iso(midnightWib - 1000) },
			{ referenceId: 'FIRST', date: iso(midnightWib) },
			{ referenceId: 'LAST', date: iso(midnightWib + DAY - 1000) },
			{ referenceId: 'AFTER', date: iso(midnightWib + DAY) },
		]);
		const refs = (await get({ startDate: day, endDate: day })).data.data.map((e: { referenceId: string }) => e.referenceId);
		expect(refs.sort()).toEqual(['FIRST', 'LAST']);
		const local = (await get({ startDate: `${day}T00:00:00`, endDate: `${day}T00:00:00` })).data.data;
		expect(local.map((e: { referenceId: string }) => e.referenceId)).toEqual(['FIRST']);
	});

	it('spells types as enums when configured', async () => {
		sb.addLedgerEntries([{ referenceId: 'X', transactionType: 'VA_TOP_UP' }]);
		const range = { startDate: iso(now - DAY), endDate: iso(Date.now() + DAY) };
		expect((await get(range)).data.data).toMatchObject([{ transactionType: 'VA Top Up' }]);
		await control('config', { ledgerTypeSpelling: 'enum' });
		expect((await get(range)).data.data).toMatchObject([{ transactionType: 'VA_TOP_UP' }]);
		expect((await control('config', { ledgerTypeSpelling: 'shouting' })).status).toBe(400);
	});

	it('ledgerDateFilter wholeDays widens both ends to whole Jakarta days', async () => {
		const day = new Date(now - 10 * DAY + 7 * 3_600_000).toISOString().slice(0, 10);
		sb.addLedgerEntries([{ referenceId: 'EARLY', date: `${day}T01:00:00+07:00` }]);
		const noon = { startDate: `${day}T12:00:00+07:00`, endDate: `${day}T13:00:00+07:00` };
		expect((await get(noon)).data.data).toEqual([]);
		await control('config', { ledgerDateFilter: 'wholeDays' });
		expect((await get(noon)).data.data).toMatchObject([{ referenceId: 'EARLY' }]);
	});

	it('ledgerArrivalsPerRequest writes entries after each answer, as traffic arriving while a client pages', async () => {
		sb.addLedgerEntries([{ referenceId: 'OLD', date: iso(now - 1000) }]);
		expect((await control('config', { ledgerArrivalsPerRequest: 2 })).status).toBe(200);
		const range = { startDate: iso(now - DAY), endDate: iso(Date.now() + DAY), perPage: 1 };
		expect((await get(range)).data.pagination.totalItems).toBe(1);
		expect((await get({ ...range, page: 2 })).data.pagination.totalItems).toBe(3);
		const refs = sb.ledger().map((e) => e.referenceId);
		expect(refs).toHaveLength(5);
		expect(refs[0]).toBe('OLD');
		for (const ref of refs.slice(1)) expect(ref).toMatch(/^ARRIVAL-\d+$/);
	});

	it('faults apply to the balanceHistory route; skip lets the first pages through', async () => {
		sb.setFault({ route: 'balanceHistory', kind: 'status', status: 503, skip: 2 });
		const range = { startDate: iso(now - DAY), endDate: iso(now) };
		const statuses = [];
		for (let i = 0; i < 4; i++) statuses.push((await get(range)).status);
		expect(statuses).toEqual([200, 200, 503, 200]);
		const stats = (await (await fetch(`${sb.url}/_sandbox/stats`)).json()) as { perRoute: Record<string, number> };
		expect(stats.perRoute.balanceHistory).toBe(4);
		expect(() => sb.setFault({ route: 'balanceHistory', kind: 'status', status: 503, skip: 1, rate: 0.5 })).toThrow(/skip/);
	});
});
