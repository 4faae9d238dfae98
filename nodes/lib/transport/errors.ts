/**
 * Pivot response codes → what happened, what to do, and whether the outcome of a create is
 * known. One table, used by every operation and by the trigger's expand step.
 */
export interface PivotErrorInfo {
	message: string;
	description: string;
	/** True when the request may be sent again as is (same key) after a pause. */
	transient: boolean;
}

const TABLE: Record<string, PivotErrorInfo> = {
	credentials_invalid: {
		message: 'Pivot refused the access token',
		description:
			'The token was refreshed and the call resent once, and Pivot still refused it. Check the Client ID, Client Secret and Environment of the Pivot credential.',
		transient: false,
	},
	field_format_invalid: {
		message: 'Pivot says a field has the wrong format',
		description: 'Correct the field named in the details and run again.',
		transient: false,
	},
	field_required: {
		message: 'Pivot says a required field is missing',
		description: 'Fill in the field named in the details and run again.',
		transient: false,
	},
	amount_below_limit: {
		message: 'The amount is below the minimum Pivot allows for this account',
		description: 'Raise the amount, or lower "Minimum Amount" only if Pivot confirmed a lower limit for you.',
		transient: false,
	},
	amount_above_limit: {
		message: 'The amount is above the maximum Pivot allows for this account',
		description: 'Split the payout or ask Pivot to raise your limit.',
		transient: false,
	},
	resource_already_exists: {
		message: 'Pivot already has this',
		description:
			'Either the Reference ID was used by an earlier payout, or the X-REQUEST-ID was already used with a different payload. Use a new Reference ID for a new payout.',
		transient: false,
	},
	service_unavailable: {
		message: 'Pivot or its partner bank is unavailable',
		description: 'Pivot asks to try again periodically.',
		transient: true,
	},
	balance_insufficient: {
		message: 'The payout balance is insufficient',
		description: 'Top up the Pivot payout (DISBURSEMENT) balance, then run again.',
		transient: false,
	},
	unsupported_channel_code: {
		message: 'Pivot does not support this channel code',
		description: "Pick a channel from Pivot's channel list.",
		transient: false,
	},
	resource_missing: {
		message: 'Pivot could not find it',
		description: 'Check the payout or inquiry ID: it must come from the same Pivot account and environment.',
		transient: false,
	},
	format_invalid: {
		message: "Pivot says the request's format is invalid",
		description: 'A request may carry at most 1000 payouts, each in the documented format.',
		transient: false,
	},
	general_error: {
		message: 'Pivot reported a general error',
		description: "Contact Pivot's representative team with the trace ID.",
		transient: false,
	},
	daily_payout_limit_exceeded: {
		message: 'The daily payout limit is exceeded',
		description: 'Try again tomorrow or contact Pivot Helpdesk to raise the limit.',
		transient: false,
	},
	payouts_in_process: {
		message: 'Pivot is still processing this payout request',
		description: 'Wait a moment and retrieve it again.',
		transient: true,
	},
};

export function pivotErrorInfo(code: string | undefined, status: number | undefined): PivotErrorInfo {
	if (code && TABLE[code]) return TABLE[code];
	if (status === 408) {
		return {
			message: 'Pivot timed out processing the request (HTTP 408)',
			description: 'Pivot stops after 60 s. The request is safe to send again with the same X-REQUEST-ID.',
			transient: true,
		};
	}
	if (status === 429) {
		return {
			message: 'Pivot is rate limiting this account (HTTP 429)',
			description: 'Wait and try again, or lower the number of calls per minute.',
			transient: true,
		};
	}
	if (status !== undefined && status >= 500) {
		return {
			message: `Pivot failed to process the request (HTTP ${status})`,
			description: "Try again later; if it persists, contact Pivot with the trace ID.",
			transient: true,
		};
	}
	return {
		message: `Pivot answered with an unexpected error${code ? ` "${code}"` : ''}${status ? ` (HTTP ${status})` : ''}`,
		description: "Check the request; if it persists, contact Pivot with the trace ID.",
		transient: false,
	};
}

/**
 * Whether a failed create may have been committed anyway: no answer at all, a server error or a
 * timeout. Such outcomes are looked up by reference before anything is sent again.
 */
export function isUnknownOutcome(status: number | undefined): boolean {
	return status === undefined || status === 408 || status === 429 || status >= 500;
}
