/**
 * Pivot authenticates its callbacks with one static shared secret: the X-API-Key header must equal
 * the Callback API Key shown in Pivot's dashboard (no HMAC, no timestamp). This is the whole of
 * the trust decision, so it is kept pure and tested on its own.
 */
import { createHash, timingSafeEqual } from 'crypto';

export const CALLBACK_KEY_HEADER = 'x-api-key';

/**
 * - `valid`: the header matches the configured key.
 * - `missing`: no (or an empty) X-API-Key header.
 * - `invalid`: a header that does not match, or that cannot be one value (array, duplicates).
 * - `notConfigured`: the credential has no Callback API Key, so nothing can be verified. Never
 *   treated as "accept": the caller must refuse and say so.
 */
export type CallbackKeyCheck = 'valid' | 'missing' | 'invalid' | 'notConfigured';

function digest(value: string): Buffer {
	return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Header names are case-insensitive in HTTP. Node lower-cases them, but a different host (or a
 * proxy adapter) may not, so look for every spelling; two spellings at once is ambiguous.
 */
function findHeader(headers: Record<string, unknown>, name: string): unknown[] {
	const found: unknown[] = [];
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() === name && value !== undefined) found.push(value);
	}
	return found;
}

export function verifyCallbackKey(
	headers: Record<string, unknown> | undefined | null,
	configuredKey: unknown,
): CallbackKeyCheck {
	// Trimmed: a key pasted from the dashboard often carries a stray space or newline.
	const expected = typeof configuredKey === 'string' ? configuredKey.trim() : '';
	if (expected === '') return 'notConfigured';

	const values = findHeader(headers ?? {}, CALLBACK_KEY_HEADER);
	if (values.length === 0) return 'missing';
	if (values.length > 1) return 'invalid';
	const received = values[0];
	// Node gives an array only for repeated headers it does not join; Pivot sends exactly one.
	if (typeof received !== 'string') return 'invalid';
	// Compared exactly as received: Node's HTTP parser already drops the optional whitespace around
	// a field value, so any whitespace left is part of what the sender chose to send.
	const actual = received;
	if (actual.trim() === '') return 'missing';

	// Comparing fixed-length digests keeps the comparison constant-time and independent of the
	// key's length, so neither the key's content nor its length leaks through timing.
	return timingSafeEqual(digest(actual), digest(expected)) ? 'valid' : 'invalid';
}
