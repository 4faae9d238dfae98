import { amountNumber, parseRupiah } from '../../../nodes/lib/money';

describe('parseRupiah', () => {
	it.each([
		[150000, 150000],
		['150000', 150000],
		[' 150000 ', 150000],
		['150000.00', 150000],
		['150000.0', 150000],
		[10000.0, 10000],
	])('accepts %p as %p rupiah', (input, expected) => {
		expect(parseRupiah(input)).toEqual({ ok: true, value: expected });
	});

	it.each([
		['1.500', /digits only/],
		['1,500', /digits only/],
		['150000.50', /digits only/],
		['Rp 150000', /digits only/],
		['-10000', /digits only/],
		['1e6', /digits only/],
		['', /empty/],
		[0, /greater than 0/],
		['0', /greater than 0/],
		[-5, /greater than 0/],
		[10.5, /whole number/],
		[Number.NaN, /finite/],
		[Number.POSITIVE_INFINITY, /finite/],
		[2 ** 60, /too large/],
		['99999999999999999999', /too large/],
		[null, /missing/],
		[undefined, /missing/],
		[true, /number or a string/],
		[{ value: 1 }, /number or a string/],
	])('refuses %p', (input, problem) => {
		const result = parseRupiah(input);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.problem).toMatch(problem);
	});
});

describe('amountNumber', () => {
	it('reads Pivot amount strings', () => {
		expect(amountNumber('4440916697.16')).toBe(4440916697.16);
		expect(amountNumber('100000')).toBe(100000);
		expect(amountNumber(100000)).toBe(100000);
		expect(amountNumber('abc')).toBeNull();
		expect(amountNumber(undefined)).toBeNull();
	});
});
