/** Pivot's amount strings with spaces around them, and the rupiah text of messages (money.ts). */
import { amountNumber, formatRupiah } from '../../../nodes/lib/money';

describe('amountNumber', () => {
	it.each([
		[' 100000 ', 100000],
		['\t4440916697.16\n', 4440916697.16],
		[' -250 ', -250],
	])('reads %p with spaces around it as %p', (text, expected) => {
		expect(amountNumber(text)).toBe(expected);
	});
});

describe('formatRupiah', () => {
	it.each([
		[1500000, 'Rp 1,500,000'],
		[10000, 'Rp 10,000'],
		[999, 'Rp 999'],
	])('writes %p as %p', (value, expected) => {
		expect(formatRupiah(value)).toBe(expected);
	});
});
