/** Rupiah amounts: parsing user input into whole rupiah, and reading Pivot's amount strings. */

export const DEFAULT_MIN_AMOUNT = 10_000;
export const DEFAULT_MAX_AMOUNT = 250_000_000;

export type AmountResult = { ok: true; value: number } | { ok: false; problem: string };

/**
 * A payout amount is a positive whole number of rupiah, as a number or a string of digits.
 * "150000.00" is accepted (spreadsheets export it) but "1.500" and "1,500" are refused: in
 * Indonesia "." is the thousands separator, so guessing could pay 1,000 times too much or too little.
 */
export function parseRupiah(input: unknown): AmountResult {
	if (typeof input === 'number') {
		if (!Number.isFinite(input)) return { ok: false, problem: 'is not a finite number' };
		if (!Number.isInteger(input)) {
			return { ok: false, problem: `must be a whole number of rupiah, got ${input}` };
		}
		if (!Number.isSafeInteger(input)) return { ok: false, problem: 'is too large' };
		if (input <= 0) return { ok: false, problem: `must be greater than 0, got ${input}` };
		return { ok: true, value: input };
	}
	if (typeof input === 'string') {
		const text = input.trim();
		if (text === '') return { ok: false, problem: 'is empty' };
		const match = /^(\d+)(?:\.(0{1,2}))?$/.exec(text);
		if (!match) {
			return {
				ok: false,
				problem: `must be a whole number of rupiah written with digits only (no separators, no currency sign), got "${input}"`,
			};
		}
		const value = Number(match[1]);
		if (!Number.isSafeInteger(value)) return { ok: false, problem: 'is too large' };
		if (value <= 0) return { ok: false, problem: `must be greater than 0, got "${input}"` };
		return { ok: true, value };
	}
	if (input === undefined || input === null) return { ok: false, problem: 'is missing' };
	return { ok: false, problem: `must be a number or a string of digits, got ${typeof input}` };
}

/** Pivot's amount strings ("100000", "4440916697.16") as a number, or null when not numeric. */
export function amountNumber(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value !== 'string' || !/^-?\d+(\.\d+)?$/.test(value.trim())) return null;
	return Number(value.trim());
}

export function formatRupiah(value: number): string {
	return `Rp ${value.toLocaleString('en-US')}`;
}
