/**
 * The option parsers (nodes/lib/options.ts): an option is a money rule, so a value is either read
 * with its meaning unchanged or refused with a problem naming the option. Property runs print their seed
 * and the smallest failing value when they fail (PIVOT_SEED=<seed> repeats one; test/jest.properties.js).
 */
import fc from 'fast-check';

import type { NumberRule } from '../../../nodes/lib/options';
import { parseBooleanOption, parseChoiceOption, parseNumberOption } from '../../../nodes/lib/options';


const MONEY: NumberRule = { label: 'Minimum Amount', min: 1, max: 1_000_000_000_000, integer: true, default: 10_000 };
const SECONDS: NumberRule = { label: 'Poll Interval (Seconds)', min: 0.1, max: 60, default: 2 };

/** A whole number written with thousands grouped, as Indonesian ("1.000.000") or English ("1,000,000") text does. */
const grouped = (n: number, separator: string) => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, separator);

describe('parseNumberOption', () => {
	it('uses the default when the option was not added', () => {
		expect(parseNumberOption(undefined, MONEY)).toEqual({ ok: true, value: 10_000 });
	});

	it.each([
		[50000, 50000],
		['50000', 50000],
		[' 50000 ', 50000],
		['50000.00', 50000],
	])('reads %p as %p', (input, value) => {
		expect(parseNumberOption(input, MONEY)).toEqual({ ok: true, value });
	});

	it.each([
		['50.000', 'must be written without thousands separators, got "50.000": write 50000 (a "." or "," before three digits may group thousands, so it is not guessed)'],
		['1.000.000', 'must be written without thousands separators, got "1.000.000": write 1000000 (a "." or "," before three digits may group thousands, so it is not guessed)'],
		['250,000', 'must be written without thousands separators, got "250,000": write 250000 (a "." or "," before three digits may group thousands, so it is not guessed)'],
		['none', 'must be a number, got "none"'],
		['', 'must be a number, got ""'],
		['1e6', 'must be a number, got "1e6"'],
		['-5', 'must be a number, got "-5"'],
		[2.5, 'must be a whole number, got 2.5'],
		['50.5', 'must be a whole number, got "50.5"'],
		[Number.NaN, 'must be a finite number, got NaN'],
		[Number.POSITIVE_INFINITY, 'must be a finite number, got Infinity'],
		[0, 'must be from 1 to 1000000000000, got 0'],
		[true, 'must be a number, got boolean'],
		[{ value: 1 }, 'must be a number, got object'],
	])('refuses %p, naming the option', (input, problem) => {
		expect(parseNumberOption(input, MONEY)).toEqual({ ok: false, problem: `Option "Minimum Amount" ${problem}` });
	});

	it('reads decimals in options that take them', () => {
		expect(parseNumberOption('0.5', SECONDS)).toEqual({ ok: true, value: 0.5 });
		expect(parseNumberOption('0.100', SECONDS)).toEqual({ ok: true, value: 0.1 });
	});

	it('never reads a number with grouped thousands, in any option (property)', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1000, max: 999_999_999_999 }), fc.constantFrom('.', ','), fc.constantFrom(MONEY, SECONDS), (n, separator, rule) => {
				const result = parseNumberOption(grouped(n, separator), rule);
				expect(result.ok).toBe(false);
			})
		);
	});

	it('reads every whole number in range, written as a number or as digits, unchanged (property)', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), fc.boolean(), (n, asText) => {
				const result = parseNumberOption(asText ? String(n) : n, MONEY);
				if (n <= MONEY.max) expect(result).toEqual({ ok: true, value: n });
				else expect(result.ok).toBe(false);
			})
		);
	});

	it('never throws, and what it accepts is in range and means what was written (property)', () => {
		fc.assert(
			fc.property(fc.oneof(fc.anything(), fc.string(), fc.stringMatching(/^[\d.,\s-]{0,12}$/), fc.double()), fc.constantFrom(MONEY, SECONDS), (value, rule) => {
				const result = parseNumberOption(value, rule);
				if (!result.ok) {
					expect(result.problem).toMatch(new RegExp(`^Option "${rule.label.replace(/[()]/g, '\\$&')}" `));
					return;
				}
				expect(result.value).toBeGreaterThanOrEqual(rule.min);
				expect(result.value).toBeLessThanOrEqual(rule.max);
				if (rule.integer) expect(Number.isSafeInteger(result.value)).toBe(true);
				if (value === undefined) expect(result.value).toBe(rule.default);
				else if (typeof value === 'string') expect(result.value).toBe(Number(value.trim()));
				else expect(result.value).toBe(value);
			})
		);
	});
});

describe('parseChoiceOption', () => {
	const choices = ['fail', 'pass'] as const;

	it('reads a listed value and uses the default when absent', () => {
		expect(parseChoiceOption('pass', 'On Warning', choices, 'fail')).toEqual({ ok: true, value: 'pass' });
		expect(parseChoiceOption(undefined, 'On Warning', choices, 'fail')).toEqual({ ok: true, value: 'fail' });
	});

	it('refuses anything not listed, naming the option and the choices (property)', () => {
		fc.assert(
			fc.property(
				fc.anything().filter((v) => v !== undefined && v !== 'fail' && v !== 'pass'),
				(value) => {
					const result = parseChoiceOption(value, 'On Warning', choices, 'fail');
					expect(result.ok).toBe(false);
					if (!result.ok) expect(result.problem).toMatch(/^Option "On Warning" must be one of fail, pass, got /);
				},
			)
		);
	});
});

describe('parseBooleanOption', () => {
	it.each([
		[true, true],
		[false, false],
		['true', true],
		['false', false],
		[undefined, true],
		[null, true],
	])('reads %p as %p (default true)', (input, value) => {
		expect(parseBooleanOption(input, 'Wait While Pending', true)).toEqual({ ok: true, value });
	});

	it('refuses every other value, never reading text or numbers as a switch (property)', () => {
		fc.assert(
			fc.property(
				fc.anything().filter((v) => v !== undefined && v !== null && v !== true && v !== false && v !== 'true' && v !== 'false'),
				(value) => {
					const result = parseBooleanOption(value, 'Wait While Pending', true);
					expect(result.ok).toBe(false);
				},
			)
		);
	});
});
