/**
 * Strict parsing of numeric options (pure, no n8n imports). Options are money rules: a cap that
 * reads as NaN compares false with everything and so switches itself off. Every value is either a
 * number inside its range or a problem that names the option; nothing is coerced or clamped.
 */

export interface NumberRule {
	/** The option's label as the user sees it in the editor. */
	label: string;
	min: number;
	max: number;
	/** Whole numbers only (counts, sizes, rupiah). */
	integer?: boolean;
	/** Used when the option was not added at all. */
	default: number;
}

export type OptionResult = { ok: true; value: number } | { ok: false; problem: string };

// Digits with an optional fraction; no sign, separators, exponents or words ("none", "1e6").
const PLAIN_NUMBER = /^\d+(?:\.\d+)?$/;
// Thousands grouped with dots or commas: in Indonesia "50.000" is fifty thousand, elsewhere it is
// fifty, so such a value is never read at all.
const GROUPED = /^[1-9]\d{0,2}(?:[.,]\d{3})+$/;

function describe(value: unknown): string {
	if (typeof value === 'string') return `"${value}"`;
	if (typeof value === 'number') return String(value);
	return typeof value;
}

/** Reads one option value: absent → default; anything else must be a number in range. */
export function parseNumberOption(value: unknown, rule: NumberRule): OptionResult {
	if (value === undefined) return { ok: true, value: rule.default };
	let number: number;
	if (typeof value === 'string' && GROUPED.test(value.trim())) {
		const digits = value.trim().replace(/[.,]/g, '');
		return {
			ok: false,
			problem: `Option "${rule.label}" must be written without thousands separators, got ${describe(value)}: write ${digits} (a "." or "," before three digits may group thousands, so it is not guessed)`,
		};
	}
	if (typeof value === 'number') number = value;
	else if (typeof value === 'string' && PLAIN_NUMBER.test(value.trim())) number = Number(value.trim());
	else {
		return { ok: false, problem: `Option "${rule.label}" must be a number, got ${describe(value)}` };
	}
	if (!Number.isFinite(number)) {
		return { ok: false, problem: `Option "${rule.label}" must be a finite number, got ${describe(value)}` };
	}
	if (rule.integer && !Number.isSafeInteger(number)) {
		return { ok: false, problem: `Option "${rule.label}" must be a whole number, got ${describe(value)}` };
	}
	if (number < rule.min || number > rule.max) {
		return {
			ok: false,
			problem: `Option "${rule.label}" must be from ${rule.min} to ${rule.max}, got ${describe(value)}`,
		};
	}
	return { ok: true, value: number };
}

/** Reads a choice option: absent → default; anything not listed is a problem. */
export function parseChoiceOption<T extends string>(
	value: unknown,
	label: string,
	choices: readonly T[],
	fallback: T,
): { ok: true; value: T } | { ok: false; problem: string } {
	if (value === undefined) return { ok: true, value: fallback };
	if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return { ok: true, value: value as T };
	return { ok: false, problem: `Option "${label}" must be one of ${choices.join(', ')}, got ${describe(value)}` };
}

/** Reads a boolean option or switch: absent → default; only true/false (or their text) count. */
export function parseBooleanOption(
	value: unknown,
	label: string,
	fallback: boolean,
): { ok: true; value: boolean } | { ok: false; problem: string } {
	if (value === undefined || value === null) return { ok: true, value: fallback };
	if (typeof value === 'boolean') return { ok: true, value };
	if (value === 'true' || value === 'false') return { ok: true, value: value === 'true' };
	return { ok: false, problem: `Option "${label}" must be true or false, got ${describe(value)}` };
}
