/**
 * Balance → Get History: Pivot's balance history (GET /v1/balance-histories) for any range within
 * the last 6 months, read in windows of at most 31 days (Pivot's limit per request), every page
 * of each, each entry once, oldest first. An item whose history could not be read completely
 * (a page failed, or fewer entries read than Pivot counted) fails as a whole: a partial history
 * is never output as if it were the history.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isoUtc, knownZone, parseDateInput, sixMonthsBack, splitWindows, DAY_MS, type Window } from '../../../lib/ledger/dates';
import { EntryTally, filterTypes, normaliseEntry, sortByDate, type LedgerEntry } from '../../../lib/ledger/entries';
import { BALANCE_TYPES, displayName, TRANSACTION_TYPES, UNKNOWN_TYPE, type BalanceType } from '../../../lib/ledger/types';
import { parseBooleanOption, parseNumberOption } from '../../../lib/options';
import { Throttle } from '../../../lib/transport/pool';
import { pivotError, sendToPivot } from '../../../lib/transport/request';
import { asNodeError, errorJson } from '../common';
import { itemLabel } from '../../../lib/itemLabel';

const show = { resource: ['balance'], operation: ['getHistory'] };
/** Pivot's pagination page gives 100 as the largest perPage of its list endpoints; this one says none. */
export const PAGE_SIZE = 100;
/** 1,000,000 entries in one 31-day window; past that the answer is taken as misbehaving. */
const MAX_PAGES_PER_WINDOW = 10_000;
/** Nothing can be listed in the future: an End past this is read as this (an expression gone wrong could ask for years of requests). */
const FUTURE_MARGIN_MS = 2 * DAY_MS;
/**
 * Pivot checks "6 months back" when each request arrives, later than this check: a Start right at
 * the limit (`$now.minus({ months: 6 })`) would pass here and be refused by Pivot moments later.
 */
export const BACK_MARGIN_MS = 5 * 60_000;
/**
 * A window that reads fewer entries than Pivot counted is read again, up to twice, with smaller
 * pages: the page boundaries then fall elsewhere (twins split by a boundary come together, an
 * unstable order over tied timestamps repeats and skips other entries).
 */
const REREAD_PAGE_SIZES = [99, 98];
const INCOMPLETE =
	'No entries were output for this item: its history would be incomplete. Reading is safe to repeat: run it again.';

const typeOptions = [
	...Object.keys(TRANSACTION_TYPES).map((type) => ({ name: displayName(type), value: type })),
	{ name: 'Not in Pivot’s List', value: UNKNOWN_TYPE, description: 'Entries whose type Pivot has not documented' },
].sort((a, b) => a.name.localeCompare(b.name));

export const description: INodeProperties[] = [
	{
		displayName: 'Start',
		name: 'start',
		type: 'dateTime',
		required: true,
		default: '',
		description:
			"The first moment to list, at most 6 months back. A date without a time is the start of that day in the workflow's time zone.",
		displayOptions: { show },
	},
	{
		displayName: 'End',
		name: 'end',
		type: 'dateTime',
		required: true,
		default: '',
		description:
			"The last moment to list. A date without a time means the end of that day in the workflow's time zone. Ranges over 31 days are read in several requests.",
		displayOptions: { show },
	},
	{
		displayName: 'Balance',
		name: 'balanceType',
		type: 'options',
		options: [
			{ name: 'Payment', value: 'PAYMENT', description: 'Money received from your customers' },
			{ name: 'Payout (Disbursement)', value: 'DISBURSEMENT', description: 'The balance payouts are paid from' },
			{ name: 'Wallet', value: 'WALLET' },
		],
		default: 'DISBURSEMENT',
		description: 'Which of your Pivot balances to list',
		displayOptions: { show },
	},
	{
		displayName: 'Transaction Types',
		name: 'transactionTypes',
		type: 'multiOptions',
		options: typeOptions,
		default: [],
		description: 'Only entries of these types (Pivot has no such filter: the node filters). None chosen: every entry.',
		displayOptions: { show },
	},
	{
		displayName: 'Transaction ID',
		name: 'transactionId',
		type: 'string',
		default: '',
		description: "Only this transaction's entries (sent to Pivot as its transactionId filter)",
		displayOptions: { show },
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: { show },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { ...show, returnAll: [false] } },
	},
];

interface Plan {
	windows: Window[];
	balanceType: BalanceType;
	transactionId: string;
	types: string[];
	limit: number;
}

function refuse(context: IExecuteFunctions, i: number, text: string): NodeOperationError {
	return new NodeOperationError(context.getNode(), `${itemLabel(i)}: ${text}. Nothing was sent.`, { itemIndex: i });
}

/** Every setting of item i, checked: a bad one is refused here, before any request of the run. */
function readPlan(context: IExecuteFunctions, i: number, now: number, timeZone: string): Plan {
	if (!knownZone(timeZone)) throw refuse(context, i, `the workflow's time zone "${timeZone}" is not known: choose one in the workflow's settings`);
	const start = parseDateInput(context.getNodeParameter('start', i, ''), timeZone, false);
	if (!start.ok) throw refuse(context, i, `Start ${start.problem}`);
	const end = parseDateInput(context.getNodeParameter('end', i, ''), timeZone, true);
	if (!end.ok) throw refuse(context, i, `End ${end.problem}`);
	if (end.ms < start.ms) throw refuse(context, i, `End (${isoUtc(end.ms)}) is before Start (${isoUtc(start.ms)})`);
	const earliest = sixMonthsBack(now) + BACK_MARGIN_MS;
	if (start.ms < earliest) {
		throw refuse(
			context,
			i,
			`Start (${isoUtc(start.ms)}) is more than 6 months back: Pivot keeps 6 months of balance history (the earliest Start now is ${isoUtc(earliest)}, 6 months back plus 5 minutes for the time the requests take)`,
		);
	}
	const balanceType = context.getNodeParameter('balanceType', i, 'DISBURSEMENT') as BalanceType;
	if (!BALANCE_TYPES.includes(balanceType)) throw refuse(context, i, `Balance must be one of ${BALANCE_TYPES.join(', ')}, got "${String(balanceType)}"`);
	const rawTypes = context.getNodeParameter('transactionTypes', i, []) as unknown;
	const types = Array.isArray(rawTypes) ? rawTypes : [rawTypes];
	for (const type of types) {
		if (typeof type !== 'string' || (type !== UNKNOWN_TYPE && !(type in TRANSACTION_TYPES))) {
			throw refuse(context, i, `Transaction Types has a value that is not a Pivot transaction type: ${JSON.stringify(type)}`);
		}
	}
	const rawId = context.getNodeParameter('transactionId', i, '') as unknown;
	if (typeof rawId !== 'string' && typeof rawId !== 'number') throw refuse(context, i, 'Transaction ID must be text');
	const returnAll = parseBooleanOption(context.getNodeParameter('returnAll', i, false), 'Return All', false);
	if (!returnAll.ok) throw refuse(context, i, returnAll.problem);
	const limit = returnAll.value
		? { ok: true as const, value: Infinity }
		: parseNumberOption(context.getNodeParameter('limit', i, 50), { label: 'Limit', min: 1, max: Number.MAX_SAFE_INTEGER, integer: true, default: 50 });
	if (!limit.ok) throw refuse(context, i, limit.problem);
	const last = Math.min(end.ms, now + FUTURE_MARGIN_MS);
	return {
		windows: last >= start.ms ? splitWindows(start.ms, last) : [],
		balanceType,
		transactionId: String(rawId).trim(),
		types: types as string[],
		limit: limit.value,
	};
}

function countOf(pagination: unknown, field: 'totalPages' | 'totalItems'): number | undefined {
	const total = (pagination as IDataObject | undefined)?.[field];
	const n = typeof total === 'string' && total.trim() !== '' ? Number(total) : total;
	return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
}

interface WindowAt {
	/** Shared by every request of the item: a 429 pauses them all. */
	throttle: Throttle;
	w: number;
	count: number;
	start: number;
	end: number;
}

/**
 * Every page of one window with pages of `perPage`, each page added to `tally`. Returns Pivot's
 * `totalItems` of the first page that gave one: the entries that existed when the listing began
 * (entries written while the node pages raise later pages' count, and are not owed).
 */
async function readWindowOnce(this: IExecuteFunctions, i: number, plan: Plan, at: WindowAt, perPage: number, tally: EntryTally): Promise<number | undefined> {
	let counted: number | undefined;
	for (let page = 1; ; page++) {
		const where = `window ${at.w + 1} of ${at.count}, page ${page}`;
		if (page > MAX_PAGES_PER_WINDOW) {
			throw new NodeOperationError(this.getNode(), `Get balance history: more than ${MAX_PAGES_PER_WINDOW} pages in one window (${where})`, {
				itemIndex: i,
				description: INCOMPLETE,
			});
		}
		const qs: IDataObject = {
			startDate: isoUtc(at.start),
			endDate: isoUtc(at.end),
			accountType: plan.balanceType,
			page,
			perPage,
			...(plan.transactionId ? { transactionId: plan.transactionId } : {}),
		};
		const outcome = await sendToPivot.call(this, { method: 'GET', path: '/v1/balance-histories', qs, throttle: at.throttle, retryRateLimited: true });
		if (!outcome.ok) {
			throw pivotError(this.getNode(), outcome, { itemIndex: i, action: 'Get balance history', note: where, extra: INCOMPLETE });
		}
		const data = outcome.body.data;
		if (!Array.isArray(data)) {
			throw new NodeOperationError(this.getNode(), `Get balance history: Pivot's answer has no list of entries (${where})`, {
				itemIndex: i,
				description: INCOMPLETE,
			});
		}
		tally.addPage(data.map(normaliseEntry));
		counted ??= countOf(outcome.body.pagination, 'totalItems');
		const totalPages = countOf(outcome.body.pagination, 'totalPages');
		// Without pagination a short page is the last one.
		if (data.length === 0 || (totalPages !== undefined ? page >= totalPages : data.length < perPage)) break;
	}
	return counted;
}

/**
 * One window, complete: the entries read (counted by the tally's rule) must reach Pivot's count,
 * else the window is read again with smaller pages, the readings adding up; still short, the
 * item fails naming the window. Each reading is real, so adding them up never invents an entry.
 */
async function readWindow(this: IExecuteFunctions, i: number, plan: Plan, at: WindowAt): Promise<LedgerEntry[]> {
	const tally = new EntryTally();
	const sizes = [PAGE_SIZE, ...REREAD_PAGE_SIZES];
	let counted: number | undefined;
	for (const perPage of sizes) {
		counted = await readWindowOnce.call(this, i, plan, at, perPage, tally);
		// No totalItems from Pivot: nothing to compare with (the pages are taken as they came).
		if (counted === undefined || tally.size >= counted) return tally.entries();
	}
	throw new NodeOperationError(
		this.getNode(),
		`Get balance history: window ${at.w + 1} of ${at.count} (${isoUtc(at.start)} to ${isoUtc(at.end)}) incomplete: Pivot reported ${counted} entries, ${tally.size} read (read ${sizes.length} times)`,
		{ itemIndex: i, description: INCOMPLETE },
	);
}

/** Every window read completely, then each entry once, filtered, oldest first, the Limit applied. */
async function readHistory(this: IExecuteFunctions, i: number, plan: Plan): Promise<LedgerEntry[]> {
	const all = new EntryTally();
	const throttle = new Throttle();
	for (const [w, window] of plan.windows.entries()) {
		// A whole window counts as one reading: an entry both windows hold (a Pivot filtering by whole days) comes out once.
		all.addPage(await readWindow.call(this, i, plan, { throttle, w, count: plan.windows.length, ...window }));
	}
	const sorted = sortByDate(filterTypes(all.entries(), plan.types));
	return Number.isFinite(plan.limit) ? sorted.slice(0, plan.limit) : sorted;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const count = this.getInputData().length;
	const continueOnFail = this.continueOnFail();
	const now = Date.now();
	const timeZone = this.getTimezone();
	// Every item's settings first: under Stop a bad one ends the run before anything is sent.
	const plans: Array<{ plan: Plan } | { error: unknown }> = [];
	for (let i = 0; i < count; i++) {
		try {
			plans.push({ plan: readPlan(this, i, now, timeZone) });
		} catch (error) {
			if (!continueOnFail) throw asNodeError(this, error, i);
			plans.push({ error });
		}
	}
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < count; i++) {
		const slot = plans[i];
		if ('error' in slot) {
			out.push({ json: errorJson(slot.error), pairedItem: { item: i } });
			continue;
		}
		try {
			const entries = await readHistory.call(this, i, slot.plan);
			for (const json of entries) out.push({ json, pairedItem: { item: i } });
		} catch (error) {
			if (!continueOnFail) throw asNodeError(this, error, i);
			out.push({ json: errorJson(error), pairedItem: { item: i } });
		}
	}
	return out;
}
