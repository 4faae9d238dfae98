/**
 * Secrets out of every text built from a response or a transport error (pure). A server or a
 * proxy may echo request headers (the bearer token, X-MERCHANT-SECRET) into its error bodies;
 * whatever we show, store or log passes through here first.
 */
const REDACTED = '[redacted]';

// Header-shaped echoes, whatever the value: `Bearer <token>`, `"x-merchant-secret": "<value>"`.
const ECHO_PATTERNS: RegExp[] = [
	/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
	/((?:x-merchant-secret|x-api-key|authorization|proxy-authorization|cookie)["']?\s*[:=]\s*["']?)[^"',;}\s]+/gi,
];

/** `https://user:password@host` → `https://user:[redacted]@host`. */
export function redactUrl(url: string): string {
	return url.replace(/(\/\/[^/@\s:]*):[^/@\s]*@/g, `$1:${REDACTED}@`);
}

/** The user-info password of a URL, if it has one, so that it can be scrubbed as a secret too. */
export function urlPassword(url: unknown): string | undefined {
	if (typeof url !== 'string') return undefined;
	const match = /\/\/[^/@\s:]*:([^/@\s]+)@/.exec(url);
	return match ? match[1] : undefined;
}

/** Replaces every known secret and every header-shaped echo in one text. */
export function scrubText(text: string, secrets: Array<string | undefined>): string {
	let out = text;
	// Short values would match ordinary words; real secrets and tokens are long.
	for (const secret of secrets) {
		if (typeof secret === 'string' && secret.length >= 6) out = out.split(secret).join(REDACTED);
	}
	for (const pattern of ECHO_PATTERNS) {
		out = out.replace(pattern, (match: string, prefix: string) =>
			/^(bearer|basic)$/i.test(prefix) ? `${prefix} ${REDACTED}` : `${prefix}${REDACTED}`,
		);
	}
	return redactUrl(out);
}

/** The same for every string inside a JSON value (objects and arrays are copied). */
export function scrubDeep<T>(value: T, secrets: Array<string | undefined>): T {
	if (typeof value === 'string') return scrubText(value, secrets) as T;
	if (Array.isArray(value)) return value.map((v: unknown) => scrubDeep(v, secrets)) as T;
	if (typeof value === 'object' && value !== null) {
		const copy: Record<string, unknown> = {};
		for (const [key, v] of Object.entries(value)) copy[key] = scrubDeep(v, secrets);
		return copy as T;
	}
	return value;
}
