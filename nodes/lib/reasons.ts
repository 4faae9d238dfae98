/**
 * Pivot's payout failure reasons and what a finance team should do about each (Pivot's
 * "State and status" page). Shared by the Pivot node (Payout → Get) and the Pivot Trigger.
 */
export type RetryAdvice = 'doNotRetry' | 'mayRetry' | 'retryTomorrow' | 'contactPivot';

export interface ReasonAdvice {
	retry: RetryAdvice;
	advice: string;
}

const REASONS: Record<string, ReasonAdvice> = {
	'invalid account': {
		retry: 'doNotRetry',
		advice: 'Do not retry: the beneficiary account is invalid. Correct the account details first.',
	},
	'inactive account': {
		retry: 'doNotRetry',
		advice: 'Do not retry: the beneficiary account is inactive.',
	},
	'dormant account': {
		retry: 'doNotRetry',
		advice: 'Do not retry: the beneficiary account is closed or dormant.',
	},
	'failed to process by bank network': {
		retry: 'mayRetry',
		advice: 'May retry later with a new Reference ID: the bank network failed to process it.',
	},
	'unknown bank network error': {
		retry: 'mayRetry',
		advice: 'May retry later with a new Reference ID: the bank reported an undefined error.',
	},
	'declined due to beneficiary limit': {
		retry: 'retryTomorrow',
		advice: "Retry tomorrow with a new Reference ID: the beneficiary reached today's limit.",
	},
	'feature not allowed at this time': {
		retry: 'contactPivot',
		advice: 'Contact Pivot to enable this feature for your account before retrying.',
	},
};

/** `null`, `undefined` and `""` all mean "no reason"; Pivot sends either. */
export function normaliseReason(reason: unknown): string | null {
	if (typeof reason !== 'string') return null;
	const trimmed = reason.trim();
	return trimmed === '' ? null : trimmed;
}

/** Advice for a FAILED item's reason; unknown texts get "contact Pivot" rather than a guess. */
export function adviceForReason(reason: unknown): ReasonAdvice | null {
	const text = normaliseReason(reason);
	if (text === null) return null;
	return (
		REASONS[text.toLowerCase()] ?? {
			retry: 'contactPivot',
			advice: `Unrecognised failure reason "${text}": check it with Pivot before retrying.`,
		}
	);
}

/** Item statuses after which nothing more will happen to a payout. */
export const FINAL_ITEM_STATUSES = ['SUCCESS', 'FAILED', 'CANCELLED', 'REJECTED'];
