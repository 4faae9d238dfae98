/**
 * Dates of Balance → Get History (nodes/lib/ledger/dates.ts): Start and End in the workflow's time
 * zone, Pivot's 6-month limit, and the windows of at most 31 days a range is split into.
 */
import fc from 'fast-check';

import {
	DAY_MS,
	instantOf,
	knownZone,
	parseDateInput,
	parseIsoInZone,
	sixMonthsBack,
	splitWindows,
	WINDOW_MS,
} from '../../../../nodes/lib/ledger/dates';

const iso = (ms: number) => new Date(ms).toISOString();
const ZONES = ['UTC', 'Asia/Jakarta', 'Asia/Makassar', 'America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kolkata'];

describe('Start and End in the workflow time zone', () => {
	it('a date alone is the whole day in the zone: the first millisecond for Start, the last for End', () => {
		expect(parseDateInput('2026-05-01', 'Asia/Jakarta', false)).toEqual({ ok: true, ms: Date.parse('2026-04-30T17:00:00.000Z'), dateOnly: true });
		expect(parseDateInput('2026-05-01', 'Asia/Jakarta', true)).toEqual({ ok: true, ms: Date.parse('2026-05-01T16:59:59.999Z'), dateOnly: true });
		expect(iso((parseDateInput('2026-05-01', 'UTC', true) as { ms: number }).ms)).toBe('2026-05-01T23:59:59.999Z');
	});

	it('a day of 23 or 25 hours ends at the next midnight minus 1 ms', () => {
		// New York: 8 March 2026 starts daylight saving (23 h), 1 November ends it (25 h)
		const start = (d: string) => (parseDateInput(d, 'America/New_York', false) as { ms: number }).ms;
		const end = (d: string) => (parseDateInput(d, 'America/New_York', true) as { ms: number }).ms;
		expect(end('2026-03-08') - start('2026-03-08') + 1).toBe(23 * 3_600_000);
		expect(end('2026-11-01') - start('2026-11-01') + 1).toBe(25 * 3_600_000);
		expect(iso(start('2026-11-01'))).toBe('2026-11-01T04:00:00.000Z');
	});

	it('a date-time without a zone is wall time in the zone; with a zone it is that instant', () => {
		expect(iso(parseIsoInZone('2026-05-01T08:30:00', 'Asia/Jakarta', false) as number)).toBe('2026-05-01T01:30:00.000Z');
		expect(iso(parseIsoInZone('2026-05-01 08:30', 'Asia/Jakarta', true) as number)).toBe('2026-05-01T01:30:00.000Z');
		expect(iso(parseIsoInZone('2026-05-01T08:30:00.5+07:00', 'America/New_York', false) as number)).toBe('2026-05-01T01:30:00.500Z');
		expect(iso(parseIsoInZone('2026-05-01T08:30:00Z', 'Asia/Jakarta', false) as number)).toBe('2026-05-01T08:30:00.000Z');
		expect(iso(parseIsoInZone('2026-05-01T08:30:00-0530', 'UTC', false) as number)).toBe('2026-05-01T14:00:00.000Z');
	});

	it("takes a Date and what {{ $now }} gives (a Luxon DateTime, read through toISO)", () => {
		expect(parseDateInput(new Date('2026-05-01T00:00:00Z'), 'Asia/Jakarta', true)).toEqual({ ok: true, ms: Date.parse('2026-05-01T00:00:00Z'), dateOnly: false });
		const luxonLike = { toISO: () => '2026-05-01T10:00:00.000+07:00' };
		expect(parseDateInput(luxonLike, 'UTC', false)).toMatchObject({ ok: true, ms: Date.parse('2026-05-01T03:00:00Z') });
	});

	it('refuses what it cannot read, saying what it wants and what it got', () => {
		const problem = (value: unknown) => {
			const r = parseDateInput(value, 'UTC', false);
			return r.ok ? 'accepted' : r.problem;
		};
		expect(problem('')).toBe('is required');
		expect(problem(undefined)).toBe('is required');
		expect(problem('yesterday')).toMatch(/^must be an ISO 8601 date \(2024-05-01\) or date-time .*, got "yesterday"$/);
		expect(problem(1714521600000)).toMatch(/got the number 1714521600000$/);
		for (const bad of ['2026-02-30', '2026-13-01', '2026-05-01T24:00:00', '2026-05-01T10:60', '01/05/2026', '2026-05-01T10:00:00+25:00', new Date('x')]) {
			expect(problem(bad)).not.toBe('accepted');
		}
	});

	it('knows real zones only', () => {
		expect(knownZone('Asia/Jakarta')).toBe(true);
		expect(knownZone('Mars/Olympus_Mons')).toBe(false);
	});

	it('reads Pivot timestamps as UTC when they carry no zone', () => {
		expect(instantOf('2024-05-13T08:21:45Z')).toBe(Date.parse('2024-05-13T08:21:45Z'));
		expect(instantOf('2024-05-13 08:21:45')).toBe(Date.parse('2024-05-13T08:21:45Z'));
		expect(instantOf('13/05/2024')).toBeNull();
		expect(instantOf(42)).toBeNull();
	});

	it('property: a date alone in any zone starts at local midnight and its End is the next day\'s start minus 1 ms', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 3650 }), fc.constantFrom(...ZONES), (dayIndex, zone) => {
				const day = new Date(Date.UTC(2020, 0, 1) + dayIndex * DAY_MS).toISOString().slice(0, 10);
				const next = new Date(Date.UTC(2020, 0, 1) + (dayIndex + 1) * DAY_MS).toISOString().slice(0, 10);
				const start = parseIsoInZone(day, zone, false) as number;
				const end = parseIsoInZone(day, zone, true) as number;
				expect(end).toBe((parseIsoInZone(next, zone, false) as number) - 1);
				const wall = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' }).format(new Date(start));
				expect(wall).toBe('00:00');
			}),
		);
	});
});

describe('six months back', () => {
	it('is the same moment six calendar months ago, the day clamped to the month end', () => {
		expect(iso(sixMonthsBack(Date.parse('2026-08-31T10:00:00.123Z')))).toBe('2026-02-28T10:00:00.123Z');
		expect(iso(sixMonthsBack(Date.parse('2028-08-31T10:00:00Z')))).toBe('2028-02-29T10:00:00.000Z');
		expect(iso(sixMonthsBack(Date.parse('2026-03-15T00:00:00Z')))).toBe('2025-09-15T00:00:00.000Z');
	});
});

describe('windows of at most 31 days', () => {
	it('90 days are three windows: 31, 31 and 28 days, each starting a millisecond after the last ended', () => {
		const start = Date.parse('2026-01-01T00:00:00Z');
		const windows = splitWindows(start, start + 90 * DAY_MS - 1);
		expect(windows.map((w) => (w.end - w.start + 1) / DAY_MS)).toEqual([31, 31, 28]);
		expect(windows[1].start).toBe(windows[0].end + 1);
		expect(splitWindows(start, start)).toEqual([{ start, end: start }]);
		expect(splitWindows(start, start - 1)).toEqual([]);
		expect(() => splitWindows(0.5, 10)).toThrow(RangeError);
	});

	it('property: the windows cover the range exactly, never overlap, and each spans at most 31 days', () => {
		const MAX = Date.parse('2100-01-01T00:00:00Z');
		// any size from 1 ms up, as long as a range gives at most 500 windows
		const lengthAndSize = fc
			.oneof(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 400 * DAY_MS }))
			.chain((length) =>
				fc.tuple(fc.constant(length), fc.oneof(fc.constant(WINDOW_MS), fc.integer({ min: Math.max(1, Math.ceil((length + 1) / 500)), max: 40 * DAY_MS }))),
			);
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: MAX }),
				lengthAndSize,
				(start, [length, size]) => {
					const end = start + length;
					const windows = splitWindows(start, end, size);
					expect(windows.length).toBe(Math.ceil((length + 1) / size));
					expect(windows[0].start).toBe(start);
					expect(windows.at(-1)?.end).toBe(end);
					// one assertion per run: jest's expect per window would dominate the run time
					const broken = windows.findIndex(
						(w, k) => w.end < w.start || w.end - w.start >= size || (k > 0 && w.start !== windows[k - 1].end + 1),
					);
					expect(broken).toBe(-1);
				},
			),
		);
	});
});
