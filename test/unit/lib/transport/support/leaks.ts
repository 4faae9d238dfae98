/**
 * The test's own oracle for the scrubber: the forms in which a server or a proxy may echo a secret,
 * written here from the encoders themselves (not from the scrubber, so that a form it forgets is
 * seen), and a search of every text inside a value for them.
 */

/** encodeURIComponent, or nothing when the text cannot be encoded (a lone surrogate is never sent so). */
function uri(s: string): string[] {
	try {
		return [encodeURIComponent(s)];
	} catch {
		return [];
	}
}

const lowerHex = (s: string) => s.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase());
const asciiJson = (json: string, upper: boolean) =>
	json.replace(/[^\x20-\x7e]/g, (c) => {
		const code = c.charCodeAt(0).toString(16).padStart(4, '0');
		return `\\u${upper ? code.toUpperCase() : code}`;
	});

/** Every literal form of the value as the other side sees it (trimmed): JSON, URL and form encodings. */
export function literalForms(secret: string): string[] {
	const value = secret.trim();
	const json = JSON.stringify(value).slice(1, -1);
	const jsons = [json, JSON.stringify(json).slice(1, -1), asciiJson(json, false), asciiJson(json, true)];
	const urls = uri(value).flatMap((u) => [u, lowerHex(u), u.replace(/%20/g, '+'), lowerHex(u).replace(/%20/g, '+')]);
	return [...new Set([value, ...jsons, ...jsons.map((j) => j.replace(/\//g, '\\/')), ...urls, new URLSearchParams({ k: value }).toString().slice(2)])];
}

/** The text with base64 characters written JSON-escaped (PHP's `\/`) or URL-encoded put back. */
const unescaped = (text: string) => text.replace(/\\\//g, '/').replace(/%2B/gi, '+').replace(/%2F/gi, '/').replace(/%3D/gi, '=');

/** Whether some base64 run of the text (either alphabet, any alignment, as is or escaped) decodes to bytes holding the value. */
export function base64Carries(text: string, secret: string): boolean {
	const bytes = Buffer.from(secret.trim());
	for (const run of [text, unescaped(text)].flatMap((t) => t.match(/[A-Za-z0-9+/_-]+/g) ?? [])) {
		for (let shift = 0; shift < 4; shift++) {
			if (Buffer.from(run.slice(shift), 'base64').includes(bytes)) return true;
		}
	}
	return false;
}

/** Every text inside a value: strings and object keys, at any depth. */
export function texts(value: unknown, out: string[] = []): string[] {
	if (typeof value === 'string') out.push(value);
	else if (typeof value === 'object' && value !== null) {
		for (const [key, child] of Object.entries(value)) {
			out.push(key);
			texts(child, out);
		}
	}
	return out;
}

/** The forms of the secret found in the value's texts (`base64` for a run that decodes to it). */
export function leaks(value: unknown, secret: string): Array<{ text: string; form: string }> {
	const forms = literalForms(secret);
	return texts(value).flatMap((text) => [
		...forms.filter((form) => text.includes(form)).map((form) => ({ text, form })),
		...(base64Carries(text, secret) ? [{ text, form: 'base64' }] : []),
	]);
}

export const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
export const b64url = (s: string) => b64(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
