/**
 * Pivot's response envelope and error table. Codes, messages and detail texts are
 * Pivot's own; the HTTP status per code is not documented, so the choices below are ours (README).
 */
import { randomBytes } from 'crypto';

export type ErrorType = 'API_ERROR' | 'GATEWAY_ERROR' | 'PARTNER_ERROR';

interface ErrorSpec {
	code: string;
	message: string;
	type: ErrorType;
	status: number;
	/** details[].message; receives the field's display name. */
	detail: (name: string) => string;
}

const spec = (
	code: string,
	message: string,
	status: number,
	detail: (name: string) => string,
	type: ErrorType = 'API_ERROR',
): ErrorSpec => ({ code, message, status, detail, type });

/** Keyed by a sandbox name because Pivot reuses one code for several messages. */
export const ERRORS = {
	credentials_invalid: spec('credentials_invalid', 'Access Token is Invalid', 401, () => 'Request new access token'),
	// Token call with a wrong Client ID / Secret: shape not documented, same code chosen.
	merchant_credentials_invalid: spec(
		'credentials_invalid',
		'Merchant Credentials are Invalid',
		401,
		() => 'Make sure X-MERCHANT-ID and X-MERCHANT-SECRET are correct',
	),
	field_format_invalid: spec('field_format_invalid', 'Format Field is Invalid', 400, (f) => `Make sure ${f} format is correct`),
	field_required: spec('field_required', 'Mandatory Field is Missing', 400, (f) => `Make sure ${f} value is fulfilled`),
	amount_below_limit: spec('amount_below_limit', 'Amount Value below the minimum', 400, (f) => `Make sure ${f} amount is above minimum`),
	amount_above_limit: spec('amount_above_limit', 'Amount value above the maximum', 400, (f) => `Make sure ${f} amount is below maximum`),
	request_id_exists: spec('resource_already_exists', 'X-REQUEST-ID is already exists', 409, () => 'Use unique X-EXTERNAL-ID'),
	id_exists: spec('resource_already_exists', 'ID is already exists', 409, (f) => `Use unique ${f}`),
	service_unavailable: spec(
		'service_unavailable',
		'Gateway / Partner service is unavailable',
		503,
		() => 'Please hit periodically',
		'GATEWAY_ERROR',
	),
	balance_insufficient: spec('balance_insufficient', 'Merchant Balance is Insufficient', 400, () => 'Re Top-up your Balance'),
	unsupported_channel_code: spec(
		'unsupported_channel_code',
		'Channel Code is currently not supported',
		400,
		() => 'Make sure channel code following on the API Document',
	),
	payout_missing: spec('resource_missing', 'Payout ID is not exist', 404, () => 'Make sure payout id is correct'),
	inquiry_missing: spec('resource_missing', 'Inquiry ID is not exist', 404, () => 'Make sure inquiry id is correct'),
	payout_too_many: spec('format_invalid', 'Payout format is invalid', 400, () => 'Make sure payout object no more than 1000 items'),
	payouts_malformed: spec('format_invalid', 'Payouts format is invalid', 400, () => 'Make sure Payout request format is correct'),
	general_error: spec('general_error', 'General Error', 500, () => 'Please contact our representative team'),
	payouts_in_process: spec('payouts_in_process', 'Payouts are being process', 400, () => 'Wait a moment to retrieve the Payout'),
	// Balance history's documented limits (31-day range, 6 months back); code and texts are ours.
	date_range_invalid: spec('field_format_invalid', 'Format Field is Invalid', 400, () => 'Make sure endDate is not before startDate'),
	date_range_too_long: spec(
		'field_format_invalid',
		'Format Field is Invalid',
		400,
		() => 'Make sure the range from startDate to endDate is at most 31 days',
	),
	date_too_old: spec('field_format_invalid', 'Format Field is Invalid', 400, () => 'Make sure startDate is at most 6 months back'),
	// Not in Pivot's table: used only by injected faults and unknown routes.
	request_timeout: spec('request_timeout', 'Request Timeout', 408, () => 'Please hit periodically', 'GATEWAY_ERROR'),
	rate_limited: spec('rate_limit_exceeded', 'Too Many Requests', 429, () => 'Please slow down and retry later'),
	route_not_found: spec('not_found', 'Not Found', 404, () => 'Make sure the path follows the API Document'),
} satisfies Record<string, ErrorSpec>;

export type ErrorKey = keyof typeof ERRORS;

export interface Detail {
	field: string;
	message: string;
}

export interface Envelope {
	code: string;
	message: string;
	data?: unknown;
	error?: { type: ErrorType; details: Detail[]; trace_id: string };
	pagination?: { page: number; perPage: number; totalItems: number; totalPages: number };
}

/** A Pivot error answer; thrown by validators and turned into a response by the routes. */
export class PivotError extends Error {
	constructor(
		readonly key: ErrorKey,
		readonly details: Detail[],
		readonly statusOverride?: number,
	) {
		super(ERRORS[key].message);
	}

	get status(): number {
		return this.statusOverride ?? ERRORS[this.key].status;
	}

	envelope(): Envelope {
		const s = ERRORS[this.key];
		return {
			code: s.code,
			message: s.message,
			error: { type: s.type, details: this.details, trace_id: randomBytes(16).toString('hex') },
		};
	}
}

/**
 * `field` carries the full path (e.g. payouts[3].amount.value) so bulk callers can find the item;
 * the message uses the name without the item prefix, as Pivot's templates do ("Use unique referenceId").
 */
export function pivotError(key: ErrorKey, field = '', statusOverride?: number): PivotError {
	const name = field.replace(/^payouts\[\d+\]\./, '');
	return new PivotError(key, [{ field, message: ERRORS[key].detail(name) }], statusOverride);
}

/** Several offending fields of the same kind in one answer. */
export function pivotErrors(key: ErrorKey, fields: string[]): PivotError {
	const unique = [...new Set(fields)];
	return new PivotError(
		key,
		unique.map((field) => ({ field, message: ERRORS[key].detail(field.replace(/^payouts\[\d+\]\./, '')) })),
	);
}

export function success(data: unknown, message = 'Success'): Envelope {
	return { code: '00', message, data };
}
