/** Money as integer cents (sen) so balances never go through floating point. */

/** "1000000000.00" / "100000" / "12.5" → cents; throws on anything else. */
export function parseCents(value: string): number {
	const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(value.trim());
	if (!m) throw new Error(`Invalid IDR amount "${value}": use digits with up to 2 decimals`);
	return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}

/** cents → "4440916697.16" (always 2 decimals, as Pivot's balance endpoint answers). */
export function formatCents(cents: number): string {
	// An inquiry fee may take the balance below zero.
	const sign = cents < 0 ? '-' : '';
	const abs = Math.abs(cents);
	const whole = Math.floor(abs / 100);
	const sen = abs % 100;
	return `${sign}${whole}.${String(sen).padStart(2, '0')}`;
}

/** Whole rupiah (item amounts are digit strings) → cents. */
export const rupiahToCents = (rupiah: number): number => rupiah * 100;
