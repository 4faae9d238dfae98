/**
 * Dates of Balance → Get History (pure, no n8n imports): the user's Start and End read in the
 * workflow's time zone, Pivot's limits (6 months back, 31 days per request), and the windows a
 * range is split into.
 */

export const DAY_MS = 86_400_000;
/** Pivot's maximum range per request. */
export const WINDOW_MS = 31 * DAY_MS;

export type DateResult = { ok: true; ms: number; dateOnly: boolean } | { ok: false; problem: string };

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const EXAMPLES = 'an ISO 8601 date (2024-05-01) or date-time (2024-05-01T08:00:00, or with a zone: 2024-05-01T08:00:00+07:00)';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
	let f = formatters.get(timeZone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric',
		});
		formatters.set(timeZone, f);
	}
	return f;
}

/** The zone's offset from UTC at that instant, in ms (whole seconds). Throws RangeError for an unknown zone. */
export function zoneOffsetMs(timeZone: string, utcMs: number): number {
	const parts: Record<string, number> = {};
	for (const p of formatter(timeZone).formatToParts(new Date(utcMs))) parts[p.type] = Number(p.value);
	const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
	return wall - Math.floor(utcMs / 1000) * 1000;
}

/** Whether Intl knows the zone (n8n takes the workflow's from its settings or the instance's). */
export function knownZone(timeZone: string): boolean {
	try {
		formatter(timeZone);
		return true;
	} catch {
		return false;
	}
}

/** A wall-clock time in the zone as an instant (in a daylight-saving gap: shifted by the gap). */
export function wallToUtc(wallMs: number, timeZone: string): number {
	const first = wallMs - zoneOffsetMs(timeZone, wallMs);
	const offset = zoneOffsetMs(timeZone, first);
	return wallMs - offset;
}

function validWall(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number | undefined {
	if (y < 1970 || y > 9999 || mi > 59 || s > 59) return undefined;
	const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
	const c = new Date(t);
	return c.getUTCFullYear() === y && c.getUTCMonth() === mo - 1 && c.getUTCDate() === d && c.getUTCHours() === h ? t : undefined;
}

function zoneMs(zone: string): number | undefined {
	if (zone.toUpperCase() === 'Z') return 0;
	const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
	if (!z || +z[2] > 23 || +(z[3] ?? 0) > 59) return undefined;
	return (+z[2] * 60 + +(z[3] ?? 0)) * 60_000 * (z[1] === '-' ? -1 : 1);
}

/**
 * An ISO 8601 text as an instant. A value without a zone is wall time in `timeZone`; a date alone
 * is the first millisecond of that day there, or its last with `endOfDay`.
 */
export function parseIsoInZone(text: string, timeZone: string, endOfDay: boolean): number | undefined {
	const d = DATE_ONLY.exec(text);
	if (d) {
		const day = validWall(+d[1], +d[2], +d[3]);
		if (day === undefined) return undefined;
		// the next day's start minus 1 ms: right on days of 23 or 25 hours too
		return endOfDay ? wallToUtc(day + DAY_MS, timeZone) - 1 : wallToUtc(day, timeZone);
	}
	const t = DATE_TIME.exec(text);
	if (!t) return undefined;
	const ms = t[7] ? Number(t[7].slice(0, 3).padEnd(3, '0')) : 0;
	const wall = validWall(+t[1], +t[2], +t[3], +t[4], +t[5], t[6] ? +t[6] : 0, ms);
	if (wall === undefined) return undefined;
	if (!t[8]) return wallToUtc(wall, timeZone);
	const offset = zoneMs(t[8]);
	return offset === undefined ? undefined : wall - offset;
}

/**
 * Start or End as the user gave it: an ISO text, a JavaScript Date, or a Luxon DateTime (what
 * `{{ $now }}` gives). Numbers are refused: seconds and milliseconds cannot be told apart.
 */
export function parseDateInput(value: unknown, timeZone: string, endOfDay: boolean): DateResult {
	if (value instanceof Date) {
		return Number.isFinite(value.getTime()) ? { ok: true, ms: value.getTime(), dateOnly: false } : { ok: false, problem: 'is an invalid date' };
	}
	if (value !== null && typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') {
		const text = (value as { toISO: () => unknown }).toISO();
		return typeof text === 'string' ? parseDateInput(text, timeZone, endOfDay) : { ok: false, problem: 'is an invalid date' };
	}
	if (value === undefined || value === null || value === '') return { ok: false, problem: 'is required' };
	if (typeof value !== 'string') {
		return { ok: false, problem: `must be ${EXAMPLES}, got ${typeof value === 'number' ? `the number ${value}` : typeof value}` };
	}
	const text = value.trim();
	const ms = parseIsoInZone(text, timeZone, endOfDay);
	if (ms === undefined) return { ok: false, problem: `must be ${EXAMPLES}, got "${value}"` };
	return { ok: true, ms, dateOnly: DATE_ONLY.test(text) };
}

/** Pivot's timestamps (ISO 8601, UTC per its docs; a value without a zone is read as UTC), or null. */
export function instantOf(text: unknown): number | null {
	if (typeof text !== 'string') return null;
	const ms = parseIsoInZone(text.trim(), 'UTC', false);
	return ms === undefined ? null : ms;
}

/**
 * The earliest start Pivot accepts: the same moment six calendar months ago (UTC, the day
 * clamped to the month's end, so 31 August gives 28 or 29 February).
 */
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

/** An inclusive range of instants, in ms. */
export interface Window {
	start: number;
	end: number;
}

/**
 * [start, end] (both included, whole ms) as consecutive windows of at most `size` ms each: the
 * first starts at `start`, each next one a millisecond after the last ended, the last ends at `end`.
 */
export function splitWindows(start: number, end: number, size = WINDOW_MS): Window[] {
	if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || !Number.isSafeInteger(size) || size < 1) {
		throw new RangeError('splitWindows: whole milliseconds and a positive size');
	}
	const out: Window[] = [];
	for (let s = start; s <= end; ) {
		const e = Math.min(s + size - 1, end);
		out.push({ start: s, end: e });
		s = e + 1;
	}
	return out;
}

/** Pivot's date-time form for a window end: UTC with milliseconds. */
export const isoUtc = (ms: number): string => new Date(ms).toISOString();
