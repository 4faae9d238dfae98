import { createHash } from 'crypto';

import { quotedJsonKeys } from './processMemory';

/** Pivot's X-REQUEST-ID rule: alphanumeric only, 16 to 36 characters, remembered for 24 h. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9]{16,36}$/;

function quoted(key: string): string {
	let text = quotedJsonKeys.get(key);
	if (text === undefined) {
		text = JSON.stringify(key);
		quotedJsonKeys.set(key, text);
	}
	return text;
}

/**
 * JSON with object keys sorted, so the same payload always serialises the same way. Written with
 * plain loops rather than a sorted copy passed to JSON.stringify, which allocates a second copy
 * of every bulk request (bench/README.md has the comparison). The text is byte for byte that of the first version, which derived the keys already in use (pinned
 * against it in test/unit/lib/idempotency.test.ts): undefined object values are left out, an undefined
 * array element becomes an empty slot.
 */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) {
		let text = '[';
		for (let i = 0; i < value.length; i++) {
			if (i > 0) text += ',';
			const part = canonicalJson(value[i]) as string | undefined;
			if (part !== undefined) text += part;
		}
		return `${text}]`;
	}
	if (value !== null && typeof value === 'object') {
		const object = value as Record<string, unknown>;
		let text = '{';
		let first = true;
		for (const key of Object.keys(object).sort()) {
			const item = object[key];
			if (item === undefined) continue;
			if (!first) text += ',';
			first = false;
			text += `${quoted(key)}:${canonicalJson(item)}`;
		}
		return `${text}}`;
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

/** The account a request pays from: the credential's Client ID and, when set, its Sub-Merchant ID. */
export interface Payer {
	clientId: string;
	subMerchantId: string;
}

/**
 * The X-REQUEST-ID of one create request: a digest of its payouts and of who pays them, so the
 * same rows sent for another merchant or sub-account are a new request, never a replay of the
 * other account's answer. IDs are compared without case or surrounding spaces, as Pivot reads them.
 */
export function payoutRequestId(payouts: unknown[], payer: Payer): string {
	const who = { clientId: payer.clientId.trim().toLowerCase(), subMerchantId: payer.subMerchantId.trim().toLowerCase() };
	return deriveRequestId({ payer: who, payouts });
}

export function isValidRequestId(value: string): boolean {
	return REQUEST_ID_PATTERN.test(value);
}
