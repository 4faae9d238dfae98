/**
 * GET /v1/balance-histories (Pivot's balance history, §6.10 of our Pivot notes) and the control
 * routes for the ledger and top-ups. Pivot documents the parameters, the 31-day maximum range and
 * the 6-month maximum back date; the rest (time zone of values without one, inclusive ends, order,
 * page size) is decided in README.md ("Balance history").
 */
import type { FastifyInstance, FastifyReply } from 'fastify';

import type { SandboxContext } from '../context';
import type { SandboxConfig, SandboxController } from '../controller';
import { pivotError, pivotErrors, success } from '../errors';
import { guarded, merchantOf, send, single } from '../http';
import { ACCOUNT_TYPES, entryView } from '../ledger';
import type { SandboxAccountType, SandboxLedgerEntry, SandboxLedgerInput, SandboxSeedInput, SandboxTopUpInput } from '../types';
import { authenticate } from './auth';

const DAY_MS = 86_400_000;
export const MAX_RANGE_MS = 31 * DAY_MS;
const MAX_PER_PAGE = 100;
const DEFAULT_PER_PAGE = 20;
/** Values without a time zone are Jakarta time (WIB, UTC+7, no daylight saving). */
const WIB_MS = 7 * 3_600_000;

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** Epoch ms of an ISO 8601 date or date-time; a date-only end is the last millisecond of that day. */
export function parsePivotDate(text: string, end: boolean): number | undefined {
	const d = DATE_ONLY.exec(text);
	if (d) {
		const start = validUtc(+d[1], +d[2], +d[3], 0, 0, 0, 0);
		return start === undefined ? undefined : start - WIB_MS + (end ? DAY_MS - 1 : 0);
	}
	const t = DATE_TIME.exec(text);
	if (!t) return undefined;
	const ms = t[7] ? Number(t[7].slice(0, 3).padEnd(3, '0')) : 0;
	const wall = validUtc(+t[1], +t[2], +t[3], +t[4], +t[5], t[6] ? +t[6] : 0, ms);
	if (wall === undefined) return undefined;
	const zone = t[8];
	if (!zone) return wall - WIB_MS;
	if (zone.toUpperCase() === 'Z') return wall;
	const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
	if (!z || +z[2] > 23 || +z[3] > 59) return undefined;
	const offset = (+z[2] * 60 + +z[3]) * 60_000 * (z[1] === '-' ? -1 : 1);
	return wall - offset;
}

function validUtc(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number | undefined {
	const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
	const c = new Date(t);
	const same =
		c.getUTCFullYear() === y && c.getUTCMonth() === mo - 1 && c.getUTCDate() === d && c.getUTCHours() === h && c.getUTCMinutes() === mi;
	return same && s < 60 ? t : undefined;
}

/** The earliest allowed startDate: the same moment six calendar months ago (day clamped to the month's end). */
export function sixMonthsBack(nowMs: number): number {
	const now = new Date(nowMs);
	const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 6, 1));
	const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
	return Date.UTC(
		first.getUTCFullYear(),
		first.getUTCMonth(),
		Math.min(now.getUTCDate(), lastDay),
		now.getUTCHours(),
		now.getUTCMinutes(),
		now.getUTCSeconds(),
		now.getUTCMilliseconds(),
	);
}

const dayStartWib = (ms: number) => Math.floor((ms + WIB_MS) / DAY_MS) * DAY_MS - WIB_MS;

function positive(query: Record<string, unknown>, name: string, fallback: number, max = Infinity): number {
	const raw = single(query[name]);
	if (raw === undefined || raw === '') return fallback;
	const n = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
	if (!(n >= 1 && n <= max)) throw pivotError('field_format_invalid', name);
	return n;
}

/** Newest first (date, then the order written): the dashboard's order; Pivot documents none. */
const newestFirst = (a: SandboxLedgerEntry, b: SandboxLedgerEntry) => Date.parse(b.date) - Date.parse(a.date) || b.seq - a.seq;

export function ledgerRoutes(app: FastifyInstance, ctx: SandboxContext): void {
	app.get('/v1/balance-histories', { preHandler: authenticate(ctx) }, async (request, reply) =>
		guarded(ctx, request, reply, async () => {
			const merchantId = merchantOf(request).clientId;
			const query = request.query as Record<string, unknown>;
			const startText = single(query.startDate);
			const endText = single(query.endDate);
			const missing = [...(startText ? [] : ['startDate']), ...(endText ? [] : ['endDate'])];
			if (missing.length > 0) throw pivotErrors('field_required', missing);
			const start = parsePivotDate(startText ?? '', false);
			const end = parsePivotDate(endText ?? '', true);
			const bad = [...(start === undefined ? ['startDate'] : []), ...(end === undefined ? ['endDate'] : [])];
			if (bad.length > 0) throw pivotErrors('field_format_invalid', bad);
			const accountType = (single(query.accountType) ?? 'DISBURSEMENT') as SandboxAccountType;
			if (!ACCOUNT_TYPES.includes(accountType)) throw pivotError('field_format_invalid', 'accountType');
			const page = positive(query, 'page', 1);
			const perPage = positive(query, 'perPage', DEFAULT_PER_PAGE, MAX_PER_PAGE);
			const from = start as number;
			const to = end as number;
			if (to < from) throw pivotError('date_range_invalid', 'endDate');
			if (to - from > MAX_RANGE_MS) throw pivotError('date_range_too_long', 'endDate');
			if (from < sixMonthsBack(Date.now())) throw pivotError('date_too_old', 'startDate');

			const [low, high] = ctx.settings.ledgerDateFilter === 'wholeDays' ? [dayStartWib(from), dayStartWib(to) + DAY_MS - 1] : [from, to];
			// "Reference ID of your transaction", Pivot says of transactionId: either field matches.
			const transactionId = single(query.transactionId);
			const matches = ctx.state.ledger
				.all()
				.filter((e) => e.merchantId === merchantId && e.accountType === accountType)
				.filter((e) => {
					const at = Date.parse(e.date);
					return at >= low && at <= high;
				})
				.filter((e) => !transactionId || e.transactionId === transactionId || e.referenceId === transactionId)
				.sort(newestFirst);
			const slice = matches.slice((page - 1) * perPage, page * perPage);
			const spelling = ctx.settings.ledgerTypeSpelling;
			const body = {
				...success(slice.map((e) => entryView(e, spelling))),
				pagination: { page, perPage, totalItems: matches.length, totalPages: Math.max(1, Math.ceil(matches.length / perPage)) },
			};
			writeArrivals(ctx, merchantId);
			return await send(ctx, request, reply, 200, body);
		}),
	);
}

/** Entries that "arrive" while a client pages (ledgerArrivalsPerRequest): settled payouts dated now. */
function writeArrivals(ctx: SandboxContext, merchantId: string): void {
	const count = ctx.settings.ledgerArrivalsPerRequest;
	if (count <= 0) return;
	const inputs: SandboxLedgerInput[] = Array.from({ length: count }, () => ({
		transactionType: 'DISBURSEMENT',
		amount: '50000',
		fee: '0',
		channel: 'BCA',
	}));
	const added = ctx.state.ledger.addInputs(inputs.map(() => merchantId), inputs);
	for (const e of added) e.referenceId = `ARRIVAL-${e.seq}`;
}

async function badRequest(reply: FastifyReply, e: unknown) {
	return await reply.code(400).send({ ok: false, error: e instanceof Error ? e.message : String(e) });
}

/** Control routes (plain JSON), registered in the control API's plugin scope. */
export function ledgerControlRoutes(app: FastifyInstance, control: SandboxController): void {
	app.get('/_sandbox/ledger', async () => control.ledger());
	app.post('/_sandbox/ledger/entries', async (request, reply) => {
		const body = request.body as { entries?: SandboxLedgerInput[] } | SandboxLedgerInput[] | undefined;
		const entries = Array.isArray(body) ? body : body?.entries;
		if (!Array.isArray(entries)) return await badRequest(reply, new Error('send { entries: [...] } or an array of entries'));
		try {
			return { ok: true, entries: control.addLedgerEntries(entries) };
		} catch (e) {
			return await badRequest(reply, e);
		}
	});
	app.post('/_sandbox/ledger/seed', async (request, reply) => {
		try {
			return { ok: true, ...control.seedLedger((request.body ?? {}) as SandboxSeedInput) };
		} catch (e) {
			return await badRequest(reply, e);
		}
	});
	app.post('/_sandbox/topup', async (request, reply) => {
		try {
			return { ok: true, ...control.topUp((request.body ?? {}) as SandboxTopUpInput) };
		} catch (e) {
			return await badRequest(reply, e);
		}
	});
}

/** Config keys of the ledger and top-ups (merged into POST /_sandbox/config's schema). */
export const LEDGER_CONFIG_KEYS: Partial<Record<keyof SandboxConfig, 'number' | 'string'>> = {
	topUpCallbackUrl: 'string',
	disbursementFee: 'number',
	inquiryFee: 'number',
	ledgerTypeSpelling: 'string',
	ledgerDateFilter: 'string',
	ledgerArrivalsPerRequest: 'number',
};
