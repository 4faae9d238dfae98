/**
 * Numeric and choice options at their edges (options.ts): thousands separators with spaces
 * around them, a decimal that only looks grouped, and a value equal to a limit.
 */
import { parseBooleanOption, parseChoiceOption, parseNumberOption, type NumberRule } from '../../../nodes/lib/options';

const cap: NumberRule = { label: 'Maximum Amount', min: 10000, max: 250000000, integer: true, default: 250000000 };
const ratio: NumberRule = { label: 'Ratio', min: 0, max: 10, default: 1 };

describe('parseNumberOption', () => {
	it('refuses a grouped number with spaces around it and writes the digits to use', () => {
		const result = parseNumberOption(' 50.000 ', cap);
		expect(result.ok).toBe(false);
		expect(!result.ok && result.problem).toContain('must be written without thousands separators');
		expect(!result.ok && result.problem).toContain('write 50000 (');
	});

	it('reads a decimal with more than three places as a decimal, not as grouping', () => {
		expect(parseNumberOption('1.5000', ratio)).toEqual({ ok: true, value: 1.5 });
	});

	it.each(['1.5,000', 'a1.000', '12.5.000'])('refuses %p as not a number', (value) => {
		const result = parseNumberOption(value, ratio);
		expect(result.ok).toBe(false);
		expect(!result.ok && result.problem).toMatch(/must be a number/);
	});

	it('accepts a value equal to the maximum or the minimum', () => {
		expect(parseNumberOption(250000000, cap)).toEqual({ ok: true, value: 250000000 });
		expect(parseNumberOption('10000', cap)).toEqual({ ok: true, value: 10000 });
		expect(parseNumberOption(250000001, cap)).toMatchObject({ ok: false });
	});
});

describe('parseChoiceOption', () => {
	it('refuses a value that is not listed', () => {
		expect(parseChoiceOption('sometimes', 'Mode', ['always', 'never'] as const, 'never')).toEqual({
			ok: false,
			problem: 'Option "Mode" must be one of always, never, got "sometimes"',
		});
	});
});

describe('parseBooleanOption', () => {
	it('names the option and the value it refuses', () => {
		expect(parseBooleanOption('yes', 'Dry Run', false)).toEqual({
			ok: false,
			problem: 'Option "Dry Run" must be true or false, got "yes"',
		});
	});
});
