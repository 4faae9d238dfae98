/**
 * Every error text the package shows, in one place: Pivot's response codes (what happened, what
 * to do), Payout → Create's words about money, the credential's token-exchange messages and the
 * trigger's expand step. Words about money say only what is known: paid, not paid (and how that
 * was proved), or unknown (and what to check before paying again).
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

export const NOT_PIVOT_INFO: PivotErrorInfo = {
	message: "The answer was not Pivot's",
	description: "An HTTP 200 without Pivot's envelope (e.g. a proxy or a maintenance page) came back, so it is not known what Pivot did.",
	transient: true,
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

// ---------------------------------------------------------------------------------------------
// Payout → Create
// ---------------------------------------------------------------------------------------------

export type CreateFailureReason =
	| 'keyReused'
	| 'referenceTaken'
	| 'endedUnpaid'
	| 'notCreated'
	| 'unknown'
	| 'rejected'
	| 'rejectedAfterUnknown';

/**
 * notPaid: Pivot refused the request, or a successful look-up found nothing. atPivot: a payout
 * holds the Reference ID and cannot be matched to this item. unknown: none of these is proved.
 */
export type MoneyState = 'notPaid' | 'atPivot' | 'unknown';

export const CREATE_REASON_TEXT: Record<CreateFailureReason, string> = {
	keyReused:
		'Not paid: Pivot refused this request (HTTP 409) because its X-REQUEST-ID was already used with a different payload. If you set the Idempotency Key option, make it unique per request; otherwise a field of this payout changed since it was first sent.',
	referenceTaken:
		'Pivot refused this request, so it paid nothing, because Reference IDs in it are already in use at Pivot; what Pivot holds under each is listed. A Reference ID already paid to the same destination and amount is reported as paid; never pay a Reference ID that is already at Pivot again. Give a new Reference ID only to a payout that is new or must be paid again, and run again.',
	endedUnpaid:
		'Not paid: the payouts under these Reference IDs ended FAILED, CANCELLED or REJECTED at Pivot. Paying again needs a new Reference ID.',
	notCreated:
		'Not paid: Pivot answered with an error, and a look-up by Reference ID after the last attempt found no payout. Running again is safe: the same X-REQUEST-ID and Reference IDs are sent.',
	unknown:
		'Outcome unknown: Pivot did not give a definite answer and the payout could not be looked up, so it may have been paid. Do not pay it another way: check the Reference ID in the Pivot Dashboard (Domestic Payout), or run again (the same X-REQUEST-ID makes Pivot replay its first answer and the same Reference ID cannot be paid twice).',
	rejected: 'Not paid: Pivot refused this request.',
	rejectedAfterUnknown:
		'Not paid: an earlier attempt got no answer and Pivot refused the resend; a look-up by Reference ID found no payout.',
};

export const MONEY_STATE_TITLE: Record<MoneyState, string> = {
	notPaid: 'not paid',
	atPivot: 'already at Pivot',
	unknown: 'outcome unknown',
};

// ---------------------------------------------------------------------------------------------
// The credential's token exchange
// ---------------------------------------------------------------------------------------------

// Node's socket error codes in words: n8n replaces any message that mentions such a code with a
// generic text, which would drop which host could not be reached.
export const NETWORK_WORDS: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ECONNRESET: 'the connection was reset',
	ENOTFOUND: 'the host name was not found',
	EAI_AGAIN: 'the host name could not be resolved',
	ETIMEDOUT: 'the connection timed out',
	ECONNABORTED: 'the request timed out',
	EHOSTUNREACH: 'the host is unreachable',
};

export interface TokenEnvelope {
	code?: string;
	message?: string;
	data?: { accessToken?: string };
	error?: { trace_id?: string; traceId?: string };
}

export function notHttpUrlText(shownBase: string): string {
	return `The Pivot credential's Base URL "${shownBase}" is not an http(s) URL. Set Environment to Sandbox or Production, or give a full Base URL.`;
}

export function urlWithLoginText(shownBaseWithoutLogin: string): string {
	return `The Pivot credential's Base URL carries a user name or password (user:password@…). Pivot takes only the access token, and n8n would send them as Basic authentication instead of it: remove them from the Base URL (${shownBaseWithoutLogin}). Nothing was sent.`;
}

export function subMerchantIdText(shown: string): string {
	return `The Pivot credential's Sub-Merchant ID must be the sub-account's UUID (such as 5d2f4d6e-9b8a-4c3e-8f1a-2b7c6d5e4f3a), got ${shown}. Leave it empty to act as the main account. Nothing was sent.`;
}

export function unreachableText(shownBase: string, code: string | undefined): string {
	const why = code ? (NETWORK_WORDS[code] ?? 'the connection failed') : 'the connection failed';
	return `Cannot reach Pivot at ${shownBase}: ${why}. Check the Environment / Base URL and that this n8n can reach it.`;
}

/** "the sandbox environment", or for Custom the one its Base URL points to (not "the custom environment"). */
function environmentText(environment: string): string {
	const name = environment.trim().toLowerCase();
	if (name === 'sandbox' || name === 'production') return `the ${name} environment`;
	return 'the environment that the Base URL points to (sandbox or production)';
}

export function tokenFailureText(
	base: string,
	environment: string,
	status: number,
	body: TokenEnvelope | string | undefined,
): string {
	const envelope = typeof body === 'object' && body !== null ? body : undefined;
	const trace = envelope?.error?.trace_id ?? envelope?.error?.traceId;
	const pivotSaid = envelope?.code
		? ` Pivot answered code "${envelope.code}"${envelope.message ? ` (${envelope.message})` : ''}.`
		: '';
	const traceText = trace ? ` Trace ID: ${trace}.` : '';
	if (status === 401 || status === 403 || envelope?.code === 'credentials_invalid') {
		return (
			`Pivot rejected the Client ID or Client Secret (HTTP ${status}).${pivotSaid} ` +
			`Check both values in Pivot's Dashboard (Settings → Developer Setting → Credentials) and that they belong to ` +
			`${environmentText(environment)}: sandbox and production keys differ.${traceText}`
		);
	}
	if (!envelope?.code) {
		return (
			`${base} did not answer like Pivot's API (HTTP ${status} to POST /v1/access-token). ` +
			`Check the Environment and, for Custom, the Base URL.`
		);
	}
	if (status >= 500) {
		return `Pivot could not issue an access token right now (HTTP ${status}).${pivotSaid} Try again later.${traceText}`;
	}
	return `Pivot did not issue an access token (HTTP ${status}).${pivotSaid}${traceText}`;
}

// ---------------------------------------------------------------------------------------------
// Pivot Trigger → Expand Bulk Results
// ---------------------------------------------------------------------------------------------

export const EXPAND_TEXT = {
	tooMany: (limit: number) => ({
		message: `Expand bulk results: the request has more than ${limit} payouts`,
		description: 'Pivot allows at most 1000 payouts per request; nothing was expanded.',
	}),
	empty: {
		message: 'Expand bulk results: Pivot returned no payouts for this request',
		description: 'The request-level event is output as received.',
	},
};
