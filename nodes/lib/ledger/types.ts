/**
 * Pivot's balance-history transaction types (the lists of its "Retrieve balance history" page, per
 * balance) and the direction each moves its balance. Pivot's example entry spells a type as a
 * display name ("VA Payment") while its table lists enum names (VA_PAYMENT): both spellings are
 * read, nothing else is guessed.
 */

export type Direction = 'debit' | 'credit';

/**
 * Every documented type, with its direction, or null where the type alone does not tell:
 * an adjustment or a transfer between balances can go either way, and a wallet's
 * MERCHANT_PAYMENT is not described.
 */
export const TRANSACTION_TYPES: Readonly<Record<string, Direction | null>> = {
	// payout (DISBURSEMENT) balance
	VA_TOP_UP: 'credit',
	MANUAL_TOP_UP: 'credit',
	BALANCE_ADJUSTMENT: null,
	TRANSFER: null,
	DISBURSEMENT_WITHDRAWAL: 'debit',
	DISBURSEMENT: 'debit',
	BULK_DISBURSEMENT: 'debit',
	ACCOUNT_INQUIRY_FEE: 'debit',
	INTERNATIONAL_PAYOUT: 'debit',
	PLATFORM_ACTIVITY_FEE: 'debit',
	PLATFORM_TRANSACTION_FEE: 'debit',
	DISBURSEMENT_FEE: 'debit',
	// PAYMENT balance
	PAYMENT_WITHDRAWAL: 'debit',
	CARD_PAYMENT: 'credit',
	VA_PAYMENT: 'credit',
	QRIS_PAYMENT: 'credit',
	REFUND: 'debit',
	REFUND_FEE: 'debit',
	PAYMENT_FEE: 'debit',
	// WALLET balance
	WALLET_WITHDRAWAL: 'debit',
	MERCHANT_PAYMENT: null,
	FEE_TOP_UP: 'debit',
	FEE_BANK_TRANSFER: 'debit',
	FEE_WALLET_TRANSACTION: 'debit',
	FEE_TRANSFER: 'debit',
};

/** The types of each balance, as Pivot lists them. */
export const TYPES_BY_BALANCE: Readonly<Record<string, readonly string[]>> = {
	DISBURSEMENT: [
		'VA_TOP_UP',
		'MANUAL_TOP_UP',
		'BALANCE_ADJUSTMENT',
		'TRANSFER',
		'DISBURSEMENT_WITHDRAWAL',
		'DISBURSEMENT',
		'BULK_DISBURSEMENT',
		'ACCOUNT_INQUIRY_FEE',
		'INTERNATIONAL_PAYOUT',
		'PLATFORM_ACTIVITY_FEE',
		'PLATFORM_TRANSACTION_FEE',
		'DISBURSEMENT_FEE',
	],
	PAYMENT: [
		'BALANCE_ADJUSTMENT',
		'TRANSFER',
		'PAYMENT_WITHDRAWAL',
		'CARD_PAYMENT',
		'VA_PAYMENT',
		'QRIS_PAYMENT',
		'PLATFORM_TRANSACTION_FEE',
		'REFUND',
		'REFUND_FEE',
		'PAYMENT_FEE',
	],
	WALLET: [
		'VA_TOP_UP',
		'MANUAL_TOP_UP',
		'BALANCE_ADJUSTMENT',
		'WALLET_WITHDRAWAL',
		'MERCHANT_PAYMENT',
		'FEE_TOP_UP',
		'FEE_BANK_TRANSFER',
		'FEE_WALLET_TRANSACTION',
		'FEE_TRANSFER',
	],
};

export const BALANCE_TYPES = ['DISBURSEMENT', 'PAYMENT', 'WALLET'] as const;
export type BalanceType = (typeof BALANCE_TYPES)[number];

/** The filter value for entries whose type is not in Pivot's lists. */
export const UNKNOWN_TYPE = 'unlisted';

const ACRONYMS = new Set(['VA', 'QRIS']);

/** VA_PAYMENT → "VA Payment": the display spelling of Pivot's example entry. */
export function displayName(type: string): string {
	return type
		.split('_')
		.map((word) => (ACRONYMS.has(word) ? word : word.charAt(0) + word.slice(1).toLowerCase()))
		.join(' ');
}

/**
 * The enum name of a label in either spelling ("VA Payment", "VA_PAYMENT", "va payment",
 * "VA Top-Up"), or null for anything not in Pivot's lists.
 */
export function typeOfLabel(label: unknown): string | null {
	if (typeof label !== 'string') return null;
	const key = label.trim().toUpperCase().replace(/[\s_-]+/g, '_');
	return Object.prototype.hasOwnProperty.call(TRANSACTION_TYPES, key) ? key : null;
}

/**
 * debit or credit from the type; for a type that does not tell (or an unlisted one) a negative
 * amount is a debit, anything else null: Pivot does not document the sign of debits.
 */
export function directionOf(type: string | null, amount: number | null): Direction | null {
	const byType = type === null ? null : TRANSACTION_TYPES[type];
	if (byType) return byType;
	return amount !== null && amount < 0 ? 'debit' : null;
}
