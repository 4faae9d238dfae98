/**
 * The one door to Pivot: authentication (through the credential, with the token refresh), the
 * envelope, and error mapping. Errors are rebuilt from Pivot's answer only, never from the
 * transport error, which carries the request headers and so the bearer token.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	INode,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { isUnknownOutcome, NOT_PIVOT_INFO, pivotErrorInfo } from './errors';
import { retryAfterMs, Throttle } from './pool';
import { REFUSED_TOKEN_HEADER, tokenMark } from './refusedToken';
import { credentialSecrets, scrubAnswer, scrubDeep, scrubText } from './scrub';

export const CREDENTIAL_NAME = 'pivotApi';


export type PivotContext = IExecuteFunctions | IWebhookFunctions;

export interface PivotCall {
	method: IHttpRequestMethods;
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	headers?: IDataObject;
	timeoutMs?: number;
	/** Shared by the requests of one run: a 429 pauses them all. */
	throttle?: Throttle;
	/** Resend after a 429 (up to 3 times, after the pause). Only for calls whose 429 means "not done". */
	retryRateLimited?: boolean;
}

export interface PivotEnvelope extends IDataObject {
	code?: string;
	message?: string;
	data?: IDataObject | IDataObject[];
	error?: { type?: string; details?: Array<{ field?: string; message?: string }>; trace_id?: string; traceId?: string };
	pagination?: IDataObject;
}

export type PivotOutcome =
	| { ok: true; status: number; body: PivotEnvelope }
	| {
			ok: false;
			status?: number;
			body?: PivotEnvelope;
			networkCode?: string;
			localError?: string;
			retryAfterMs?: number;
			/** A 200 that is not Pivot's envelope (a proxy, a maintenance page). */
			notPivot?: boolean;
	  };

const RATE_LIMIT_RESENDS = 3;
// Resends after Pivot refused the token (besides n8n's own one after its refresh).
const TOKEN_RESENDS = 4;

const DEFAULT_TIMEOUT_MS = 65_000;

interface TransportError {
	httpCode?: string | null;
	cause?: { code?: string; message?: string; response?: { status?: number; data?: unknown; headers?: Record<string, unknown> } };
	message?: string;
	context?: { data?: unknown };
	code?: string;
}

function readFailure(error: TransportError): Extract<PivotOutcome, { ok: false }> {
	const response = error.cause?.response;
	const status = response?.status ?? (error.httpCode ? Number(error.httpCode) : undefined);
	const data = response?.data ?? error.context?.data;
	const body = data && typeof data === 'object' && !Array.isArray(data) ? (data as PivotEnvelope) : undefined;
	const networkCode = response ? undefined : (error.cause?.code ?? error.code);
	// No response, no HTTP status and no socket error code: the failure happened here, e.g. the
	// credential's token exchange, whose messages are written to be shown (and never include the
	// secret). n8n 1.x drops the response from its error but keeps the status and Pivot's body.
	const answered = response !== undefined || Number.isFinite(status) || body !== undefined;
	const localError = answered || networkCode ? undefined : (error.cause?.message ?? error.message);
	const retryAfter = retryAfterMs(response?.headers?.['retry-after']);
	return { ok: false, status: Number.isFinite(status) ? status : undefined, body, networkCode, localError, retryAfterMs: retryAfter };
}

async function attempt(this: PivotContext, options: IHttpRequestOptions): Promise<PivotOutcome> {
	try {
		const body = (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_NAME, {
			...options,
			headers: { ...(options.headers ?? {}) },
		})) as PivotEnvelope;
		// Only Pivot's own success envelope is a success: a proxy's or maintenance page's 200 (HTML,
		// an empty body, JSON without Pivot's code) says nothing about what Pivot did.
		if (!body || typeof body !== 'object' || Array.isArray(body) || body.code === undefined) {
			return { ok: false, status: 200, notPivot: true };
		}
		if (body.code !== '00') return { ok: false, status: 200, body };
		return { ok: true, status: 200, body };
	} catch (error) {
		return readFailure(error as TransportError);
	}
}

/** Sends one call; never throws for HTTP or network failures, so callers can decide what they mean. */
export async function sendToPivot(this: PivotContext, call: PivotCall): Promise<PivotOutcome> {
	const options: IHttpRequestOptions = {
		method: call.method,
		url: call.path,
		qs: call.qs,
		body: call.body,
		headers: { Accept: 'application/json', ...(call.headers ?? {}) },
		json: true,
		timeout: call.timeoutMs ?? DEFAULT_TIMEOUT_MS,
	};
	const throttle = call.throttle ?? new Throttle();
	let outcome: PivotOutcome;
	for (let resend = 0; ; resend++) {
		await throttle.ready();
		outcome = await authenticatedAttempt.call(this, options);
		if (outcome.ok || outcome.status !== 429) {
			throttle.relax();
			break;
		}
		throttle.slowDown(outcome.retryAfterMs);
		if (!call.retryRateLimited || resend >= RATE_LIMIT_RESENDS) break;
	}
	// Success answers too: operations output them, and a proxy (or Pivot) may echo the token in one.
	const secrets = await credentialSecretsOf.call(this);
	return outcome.ok ? { ...outcome, body: scrubAnswer(outcome.body, secrets) } : scrubbed(outcome, secrets);
}

/**
 * One attempt, and a few more while Pivot refuses the token. n8n refreshes on 401 only, and only
 * once: Pivot documents 401 for an expired token but not per code, and other executions (other
 * workers in queue mode) may replace the stored token meanwhile, which can revoke ours. Each
 * resend is marked with the token just refused: the credential exchanges a new one only if that
 * is still the stored one, else the newer stored token is used. A refused call was never
 * processed, so resending a create (with its same X-REQUEST-ID) cannot pay twice.
 */
async function authenticatedAttempt(this: PivotContext, options: IHttpRequestOptions): Promise<PivotOutcome> {
	let outcome = await attempt.call(this, options);
	for (let resend = 0; resend < TOKEN_RESENDS && !outcome.ok && outcome.body?.code === 'credentials_invalid'; resend++) {
		// Spread out, so that processes refreshing at the same moment do not keep revoking each other.
		if (resend > 0) await sleep(100 + Math.floor(Math.random() * 400));
		const credentials = await this.getCredentials(CREDENTIAL_NAME);
		const headers = { ...(options.headers ?? {}), [REFUSED_TOKEN_HEADER]: tokenMark(credentials.accessToken) };
		outcome = await attempt.call(this, { ...options, headers });
	}
	return outcome;
}

/** Every secret of the credential, in order to take them out of what Pivot (or a proxy) answered. */
async function credentialSecretsOf(this: PivotContext): Promise<string[]> {
	try {
		return credentialSecrets(await this.getCredentials(CREDENTIAL_NAME));
	} catch {
		// Without the credential only the header-shaped echoes can be recognised.
		return [];
	}
}

/** A failure with every secret of the credential, and every echoed header, taken out of its texts. */
function scrubbed(
	outcome: Extract<PivotOutcome, { ok: false }>,
	secrets: string[],
): Extract<PivotOutcome, { ok: false }> {
	return {
		...outcome,
		body: outcome.body ? scrubDeep(outcome.body, secrets) : undefined,
		localError: outcome.localError ? scrubText(outcome.localError, secrets) : undefined,
	};
}

export function traceIdOf(body: PivotEnvelope | undefined): string | undefined {
	return body?.error?.trace_id ?? body?.error?.traceId;
}

/** A NodeApiError that says what happened and what to do, from Pivot's answer alone. */
export function pivotError(
	node: INode,
	outcome: Extract<PivotOutcome, { ok: false }>,
	options: { itemIndex?: number; action?: string; extra?: string; note?: string } = {},
): NodeApiError {
	const code = outcome.body?.code;
	const info = outcome.localError
		? { message: outcome.localError, description: 'The call failed in n8n before Pivot answered it.' }
		: outcome.networkCode
		? {
				message: 'No answer from Pivot',
				description: `The connection failed or timed out before Pivot answered (${outcome.networkCode}).`,
			}
		: outcome.notPivot
		? NOT_PIVOT_INFO
		: pivotErrorInfo(code, outcome.status);
	const details = (outcome.body?.error?.details ?? [])
		.map((d) => [d.field, d.message].filter(Boolean).join(': '))
		.filter(Boolean);
	const trace = traceIdOf(outcome.body);
	const parts = [info.description];
	if (outcome.body?.message) parts.push(`Pivot: ${outcome.body.message}${details.length ? ` (${details.join('; ')})` : ''}.`);
	if (options.extra) parts.push(options.extra);
	if (trace) parts.push(`Trace ID: ${trace}.`);
	const safe: JsonObject = {
		code: code ?? null,
		status: outcome.status ?? null,
		networkCode: outcome.networkCode ?? null,
		message: outcome.body?.message ?? null,
		details,
		traceId: trace ?? null,
	};
	const message = `${options.action ? `${options.action}: ` : ''}${info.message}${options.note ? ` (${options.note})` : ''}`;
	const error = new NodeApiError(node, safe, {
		message,
		description: parts.join(' '),
		httpCode: outcome.status ? String(outcome.status) : undefined,
		itemIndex: options.itemIndex,
	});
	// NodeApiError swaps messages that mention a socket code (ECONNREFUSED…) for a generic text.
	error.message = message;
	return error;
}

/** Sends one call and returns Pivot's envelope, or throws a mapped NodeApiError. */
export async function pivotRequest(
	this: PivotContext,
	call: PivotCall,
	options: { itemIndex?: number; action?: string } = {},
): Promise<PivotEnvelope> {
	const outcome = await sendToPivot.call(this, call);
	if (outcome.ok) return outcome.body;
	throw pivotError(this.getNode(), outcome, options);
}

export { isUnknownOutcome };
