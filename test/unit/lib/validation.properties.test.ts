/**
 * Properties of the payout field parsers (nodes/lib/validation.ts, nodes/lib/money.ts): whatever a
 * row holds, the parser never throws, and what it accepts is what was written, never a rounded,
 * trimmed-to-another-meaning or guessed value. A failure prints its seed and the smallest failing
 * value (PIVOT_SEED=<seed> repeats it; test/jest.properties.js).
 */
import fc from 'fast-check';

import { parseRupiah } from '../../../nodes/lib/money';
import { checkAccountNumber, checkReferenceId } from '../../../nodes/lib/validation';


/** Any value a spreadsheet, a webhook body or an expression could put in a field. */
const anyField = fc.oneof(
	fc.anything(),
	fc.string(),
	fc.stringMatching(/^[\dA-Za-z .,_+-]{0,24}$/),
	fc.double(),
	fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
	fc.bigInt().map(Number),
);

describe('Reference ID', () => {
	it('refuses a JSON number past 2^53, which has already been rounded', () => {
		// 2^53 + 1 arrives as 2^53: two rows would share one reference.
		const result = checkReferenceId(2 ** 53 + 1);
		expect(result).toEqual({
			ok: false,
			field: 'Reference ID',
			problem: '9007199254740992 is a number that cannot hold every digit exactly; map Reference IDs as text',
		});
	});

	it('refuses a decimal JSON number, which has lost its trailing zeros', () => {
		expect(checkReferenceId(12.5)).toMatchObject({ ok: false, field: 'Reference ID' });
	});

	it('reads a whole JSON number that holds every digit as its digits', () => {
		expect(checkReferenceId(900719925474099)).toEqual({ ok: true, value: '900719925474099' });
	});

	it('never throws, and accepts only text or whole numbers whose meaning is kept (property)', () => {
		fc.assert(
			fc.property(anyField, (value) => {
				const result = checkReferenceId(value);
				if (!result.ok) return;
				expect(result.value).toMatch(/^[A-Za-z0-9._-]{1,100}$/);
				if (typeof value === 'number') {
					expect(Number.isSafeInteger(value)).toBe(true);
					expect(result.value).toBe(String(value));
				} else {
					expect(result.value).toBe(String(value).trim());
				}
			})
		);
	});

	it('gives two different safe numbers two different references (property)', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (a, b) => {
				fc.pre(a !== b);
				const [ra, rb] = [checkReferenceId(a), checkReferenceId(b)];
				expect(ra.ok && rb.ok && ra.value !== rb.value).toBe(true);
			})
		);
	});
});

describe('Account Number', () => {
	it('never throws, and keeps every digit and leading zero it accepts (property)', () => {
		fc.assert(
			fc.property(anyField, (value) => {
				const result = checkAccountNumber(value);
				if (!result.ok) return;
				expect(result.value).toMatch(/^\+?\d{1,59}$/);
				if (typeof value === 'number') expect(Number.isSafeInteger(value)).toBe(true);
				expect(result.value).toBe(String(value).trim());
			})
		);
	});
});

describe('Amount', () => {
	it('never throws, and accepts only whole rupiah written plainly (property)', () => {
		fc.assert(
			fc.property(anyField, (value) => {
				const result = parseRupiah(value);
				if (!result.ok) return;
				expect(Number.isSafeInteger(result.value) && result.value > 0).toBe(true);
				if (typeof value === 'number') expect(result.value).toBe(value);
				// Leading zeros do not change a whole number ("07" is 7).
				else expect(String(value).trim()).toMatch(new RegExp(`^0*${result.value}(\\.0{1,2})?$`));
			})
		);
	});

	it('never reads an amount with grouped thousands (property)', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1000, max: 999_999_999_999 }), fc.constantFrom('.', ',', ' '), (n, separator) => {
				const text = n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, separator);
				expect(parseRupiah(text).ok).toBe(false);
			})
		);
	});
});
