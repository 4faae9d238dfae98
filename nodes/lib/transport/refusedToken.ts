/**
 * How the node asks for a token refresh that n8n would not start by itself (pure). n8n refreshes
 * an expirable credential only when a request fails with 401; Pivot may refuse a token with
 * another status, even 200. The node then resends with this header naming the refused token, and
 * the credential's authenticate() fails that resend as a 401 before it is sent while the stored
 * token is still the refused one, so n8n runs the token exchange and calls authenticate() again.
 * This works on every n8n version, unlike widening n8n's retry status list.
 */
import { createHash } from 'crypto';

export const REFUSED_TOKEN_HEADER = 'x-pivot-refused-token';

/** A short fingerprint of a token, so a refused one can be named without carrying it. */
export function tokenMark(token: unknown): string {
	return createHash('sha256').update(String(token ?? '')).digest('hex').slice(0, 32);
}
