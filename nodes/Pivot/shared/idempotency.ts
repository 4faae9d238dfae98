import { createHash } from 'crypto';

/** Pivot's X-REQUEST-ID rule: alphanumeric only, 16 to 36 characters, remembered for 24 h. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9]{16,36}$/;

/** JSON with object keys sorted, so the same payload always serialises the same way. */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const entries = Object.keys(value as Record<string, unknown>)
			.filter((key) => (value as Record<string, unknown>)[key] !== undefined)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
		return `{${entries.join(',')}}`;
	}
	return JSON.stringify(value);
}

/**
 * The key is a digest of the body itself: n8n's Retry On Fail and a re-run of the same execution
 * rebuild the same body, so they send the same key and Pivot replays its first answer instead of
 * paying again. 32 hex characters fit Pivot's alphabet and length.
 */
export function deriveRequestId(body: unknown): string {
	return createHash('sha256').update(canonicalJson(body)).digest('hex').slice(0, 32);
}

export function isValidRequestId(value: string): boolean {
	return REQUEST_ID_PATTERN.test(value);
}
