/**
 * Sandbox beneficiary accounts: Pivot's documented magic numbers plus a few sandbox-only
 * ones for cases Pivot documents without a trigger (PENDING inquiry, DELAYED payout, other reasons).
 */

export const BANK_RECORD_NAME = 'Dummy Simulation';

/** Inquiry on this account answers PENDING until pendingInquiryDelayMs has passed. */
export const PENDING_INQUIRY_ACCOUNT = '999966669999';
/** Payout item goes to PENDING (PAYOUT.DELAYED) first, SUCCESS later. */
export const DELAYED_PAYOUT_ACCOUNT = '999966669998';
/** Any item with this account parks the whole request for top-up. */
export const INSUFFICIENT_BALANCE_ACCOUNT = '999966660007';
/** Any item with this account makes create payout answer service_unavailable. */
export const TIMEOUT_ACCOUNT = '999966660008';

/** Item outcome after processing, by account number; anything not listed succeeds. */
const FAILURE_REASONS: Record<string, string> = {
	'999966660002': 'Inactive account',
	'999966660003': 'Invalid account',
	'999966660006': 'Dormant account',
	'999966661001': 'Failed to process by Bank Network',
	'999966661002': 'Feature not allowed at this time',
	'999966661003': 'Unknown Bank Network error',
	'999966661004': 'Declined due to beneficiary limit',
};

/** Bank-record names known to inquiry; other numbers are "not found". */
const BANK_RECORDS: Record<string, string> = {
	'90016666001': 'Sdr. Dummy Account Success',
};
for (let n = 1; n <= 8; n++) BANK_RECORDS[`99996666000${n}`] = BANK_RECORD_NAME;
for (const account of [PENDING_INQUIRY_ACCOUNT, DELAYED_PAYOUT_ACCOUNT, ...Object.keys(FAILURE_REASONS)]) {
	BANK_RECORDS[account] ??= BANK_RECORD_NAME;
}

export function bankRecord(accountNumber: string): string | undefined {
	return BANK_RECORDS[accountNumber];
}

export function failureReason(accountNumber: string): string | undefined {
	return FAILURE_REASONS[accountNumber];
}

export type NameMatch = 'exact' | 'similar' | 'different';

const normalise = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

function editDistance(a: string, b: string): number {
	let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
	for (let i = 1; i <= a.length; i++) {
		const cur = [i];
		for (let j = 1; j <= b.length; j++) {
			cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
		}
		prev = cur;
	}
	return prev[b.length];
}

/**
 * Exact = equal after case and whitespace normalisation. Similar = one contains the other (at least
 * 3 characters), or an edit distance of at most 20% of the longer name (minimum 1).
 */
export function compareNames(given: string, record: string): NameMatch {
	const a = normalise(given);
	const b = normalise(record);
	if (a === b) return 'exact';
	const shorter = a.length <= b.length ? a : b;
	const longer = shorter === a ? b : a;
	if (shorter.length >= 3 && longer.includes(shorter)) return 'similar';
	const allowed = Math.max(1, Math.floor(longer.length * 0.2));
	return editDistance(a, b) <= allowed ? 'similar' : 'different';
}

export const INQUIRY_TEXT = {
	different: (name: string) =>
		`The account name entered does not match the bank's records. Please check the account information and try again. Bank record: ${name}`,
	// Pivot's docs elide the middle of this text ("is not an exact match… Bank record: {name}"); completed by analogy.
	similar: (name: string) =>
		`The account name entered is not an exact match with the bank's records. Please check the account information and try again. Bank record: ${name}`,
	invalid: 'Account number not found.',
	pending: 'Inquiry in progress',
};
