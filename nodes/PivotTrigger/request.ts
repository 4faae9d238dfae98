/** Reading and answering the raw callback request: body parsing, refusals, header redaction. */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { isObject } from '../lib/shapes';
import { containsSecret } from '../lib/transport/scrub';

/** Headers that may carry secrets: Pivot's key, and whatever a proxy in front of n8n adds. */
const REDACTED_HEADERS = ['x-api-key', 'authorization', 'proxy-authorization', 'cookie'];

interface RawRequest {
	rawBody?: Buffer;
	readRawBody?: () => Promise<void>;
}

interface ResponseLike {
	status(code: number): ResponseLike;
	json(body: unknown): unknown;
}

type BodyRead = { kind: 'json'; value: unknown } | { kind: 'empty' } | { kind: 'malformed' };


/** Answers the request ourselves (n8n's own answer is always 200) and starts no execution. */
export function refuse(this: IWebhookFunctions, status: number, message: string): IWebhookResponseData {
	const res = this.getResponseObject() as unknown as ResponseLike;
	res.status(status).json({ message });
	return { noWebhookResponse: true };
}

/**
 * The body as JSON, whatever the Content-Type said. n8n has already parsed application/json
 * (answering 422 itself when that fails); for other types (text/plain, a missing type) it leaves
 * a string or nothing, so the raw bytes decide.
 */
export async function readBody(this: IWebhookFunctions): Promise<BodyRead> {
	const body = this.getBodyData() as unknown;
	if (Array.isArray(body) || (isObject(body) && Object.keys(body).length > 0)) {
		return { kind: 'json', value: body };
	}
	let text: string | undefined;
	if (typeof body === 'string') {
		text = body;
	} else {
		const req = this.getRequestObject() as unknown as RawRequest;
		if (!Buffer.isBuffer(req.rawBody) && typeof req.readRawBody === 'function') await req.readRawBody();
		text = Buffer.isBuffer(req.rawBody) ? req.rawBody.toString('utf8') : undefined;
	}
	if (text === undefined || text.trim() === '') return { kind: 'empty' };
	try {
		return { kind: 'json', value: JSON.parse(text) as unknown };
	} catch {
		return { kind: 'malformed' };
	}
}

/**
 * Secret-bearing headers by name, and any header whose value carries a secret of the credential
 * (the callback key above all) in any form: as stored or trimmed (Node trims a header value, so a
 * key stored with a stray space arrives without it), JSON-escaped, URL-encoded, base64, or as one
 * element of an array of values. Even a short callback key counts here: redacting one header too
 * many is harmless.
 */
export function redactedHeaders(headers: IDataObject, secrets: unknown[]): IDataObject {
	const copy: IDataObject = {};
	for (const [name, value] of Object.entries(headers)) {
		const carriesSecret = containsSecret(value, secrets, 1);
		copy[name] = carriesSecret || REDACTED_HEADERS.includes(name.toLowerCase()) ? '[redacted]' : value;
	}
	return copy;
}

/** Deeper than any Pivot callback; recursive steps later (copying, normalising) must not overflow. */
export const MAX_BODY_DEPTH = 32;

/** Nesting depth of a JSON value, measured without recursion. */
export function exceedsDepth(value: unknown, limit = MAX_BODY_DEPTH): boolean {
	const stack: Array<[unknown, number]> = [[value, 1]];
	while (stack.length > 0) {
		const [current, depth] = stack.pop() as [unknown, number];
		if (typeof current !== 'object' || current === null) continue;
		if (depth > limit) return true;
		for (const child of Object.values(current)) stack.push([child, depth + 1]);
	}
	return false;
}
