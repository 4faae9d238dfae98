/**
 * Secrets out of every text built from a response or a transport error (pure). A server or a
 * proxy may echo request headers (the bearer token, X-MERCHANT-SECRET) into its answers, in any
 * form: as sent (a value stored with a stray space is sent trimmed by the HTTP parser on the other
 * side), JSON-escaped inside a JSON string, URL- or form-encoded, base64 (Basic authentication;
 * its base64 may itself be JSON-escaped or URL-encoded), as a `name: value` text or a raw header array (`["X-MERCHANT-SECRET", "…"]`). Whatever we show,
 * store or log passes through here first.
 */
export const REDACTED = '[redacted]';
// A marker must not itself contain a form of a secret (a secret "redacted"): the next one is taken
// then, and the last, shorter than any secret, always fits (see compile).
const MARKERS = [REDACTED, '[removed]'];
const LAST_MARKER = '***';

/** Shorter values would match ordinary words; real secrets and tokens are long. */
export const MIN_SECRET_LENGTH = 6;
// A base64 piece shorter than this could match ordinary text; a 6-character secret gives 7 or 8
// (shorter pieces only come from containsSecret's lower minimum).
const MIN_BASE64_PIECE = 7;

// Deeper than any answer of Pivot's: replaced whole rather than walked (no stack overflow).
const MAX_DEPTH = 64;

// A 2xx answer's number-shaped texts (amounts, account numbers) are never changed.
const NUMBER_SHAPED = /^[\d\s.,+-]*$/;

/** Headers whose value is a secret, whatever it is. */
const SECRET_HEADERS = ['x-merchant-secret', 'x-api-key', 'authorization', 'proxy-authorization', 'cookie'];
const NAMES = `(?:${SECRET_HEADERS.join('|')})`;

// Header-shaped echoes, whatever the value (`\\*` lets them match inside a JSON-escaped string).
// `Bearer <token>`, `Basic <base64>`.
const BEARER_OR_BASIC = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
// `X-MERCHANT-SECRET: <value>`, `"x-api-key": "<value>"`, `authorization=<value>`.
const HEADER_VALUE = new RegExp(`(${NAMES}\\\\*["']?\\s*[:=]\\s*\\\\*["']?)[^"',;}\\s\\\\]+`, 'gi');
// A raw header array: `["X-MERCHANT-SECRET","<value>"]`, `[ 'x-api-key', '<value>' ]`.
const HEADER_ARRAY_VALUE = new RegExp(`(${NAMES}\\\\*["']\\s*,\\s*\\\\*["'])[^"'\\\\]+`, 'gi');

// A base64 character, as is or as a JSON string (PHP's `\/`) or a URL (`%2B`, `%2F`, `%3D`) writes
// it; forward, padding included (sticky: matched where the run stands).
const BASE64_CHAR = /[A-Za-z0-9+/_-]/;
const BASE64_STEP = /\\\/|%2[BF]|%3D|[A-Za-z0-9+/_=-]/iy;

function isSecretHeader(name: unknown): boolean {
	return typeof name === 'string' && SECRET_HEADERS.includes(name.trim().toLowerCase());
}

/** `https://user:password@host` → `https://user:[redacted]@host`. */
export function redactUrl(url: string): string {
	return redactUrlWith(url, REDACTED);
}

function redactUrlWith(url: string, marker: string): string {
	return url.replace(/(\/\/[^/@\s:]*):[^/@\s]*@/g, (_match: string, prefix: string) => `${prefix}:${marker}@`);
}

/** The user-info password of a URL, if it has one, so that it can be scrubbed as a secret too. */
export function urlPassword(url: unknown): string | undefined {
	if (typeof url !== 'string') return undefined;
	const match = /\/\/[^/@\s:]*:([^/@\s]+)@/.exec(url);
	return match ? match[1] : undefined;
}

function decoded(value: string | undefined): string | undefined {
	if (value === undefined) return undefined;
	try {
		return decodeURIComponent(value);
	} catch {
		return undefined;
	}
}

/**
 * Every secret of a Pivot credential's data: the Client Secret, the access token, the Callback API
 * Key and a Base URL's password (as written in the URL and decoded).
 */
export function credentialSecrets(credentials: object | undefined | null): string[] {
	const data = (credentials ?? {}) as Record<string, unknown>;
	const password = urlPassword(data.baseUrl);
	return [data.clientSecret, data.accessToken, data.callbackApiKey, password, decoded(password)].filter(
		(s): s is string => typeof s === 'string' && s !== '',
	);
}

/** The value as stored and as the other side of an HTTP hop may see it (trimmed), never empty. */
function variants(secret: string): string[] {
	return [...new Set([secret, secret.trim(), secret.trimStart(), secret.trimEnd()])];
}

const hex = (c: string, upper: boolean) => {
	const code = c.charCodeAt(0).toString(16).padStart(4, '0');
	return `\\u${upper ? code.toUpperCase() : code}`;
};

/** JSON string contents: JSON.stringify's, with `\/` (PHP), non-ASCII as `\uXXXX` (Python, PHP), twice escaped. */
function jsonForms(value: string): string[] {
	const json = JSON.stringify(value).slice(1, -1);
	const forms = [json, JSON.stringify(json).slice(1, -1)];
	for (const upper of [false, true]) forms.push(json.replace(/[^\x20-\x7e]/g, (c) => hex(c, upper)));
	return [...forms, ...forms.map((f) => f.replace(/\//g, '\\/'))];
}

/** URL forms: encodeURIComponent, `+` for spaces (forms), lower-case hex, URLSearchParams' own. */
function urlForms(value: string): string[] {
	const params = new URLSearchParams([['k', value]]).toString().slice(2);
	let encoded: string;
	try {
		encoded = encodeURIComponent(value);
	} catch {
		// A lone surrogate cannot be URL-encoded, so it is never sent that way either.
		return [params];
	}
	const lower = encoded.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase());
	return [encoded, lower, encoded.replace(/%20/g, '+'), lower.replace(/%20/g, '+'), params];
}

const toUrlAlphabet = (b64: string) => b64.replace(/\+/g, '-').replace(/\//g, '_');

const lowerHex = (s: string) => s.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase());

/**
 * The part of the value's base64 that is the same wherever it stands in a longer encoded text
 * (`Basic base64(user:password)`), for each of the three alignments, in both alphabets, and the
 * standard one as a JSON string (PHP's `\/`) and a URL (`%2B`, `%2F`) write it.
 */
function base64Pieces(value: string): string[] {
	const bytes = Buffer.from(value);
	return [0, 1, 2]
		.map((offset) => {
			// Character i encodes bits [6i, 6i + 6): keep those that only hold the value's own bits.
			const first = Math.ceil((8 * offset) / 6);
			const last = Math.floor((8 * (offset + bytes.length)) / 6);
			return Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64').slice(first, last);
		})
		.filter((piece) => piece.length >= MIN_BASE64_PIECE)
		.flatMap((piece) => [piece, toUrlAlphabet(piece), piece.replace(/\//g, '\\/'), encodeURIComponent(piece), lowerHex(encodeURIComponent(piece))]);
}

function significant(secret: unknown, minLength: number): secret is string {
	return typeof secret === 'string' && secret.trim().length >= minLength;
}

interface Targets {
	/** Replaced where they stand: the value as stored and trimmed, JSON-escaped, URL-encoded. */
	exact: string[];
	/** Base64 pieces: the whole base64 run around them is replaced. */
	pieces: string[];
	marker: string;
}

function compile(secrets: ReadonlyArray<unknown>, minLength = MIN_SECRET_LENGTH): Targets {
	const exact = new Set<string>();
	const pieces = new Set<string>();
	for (const secret of secrets) {
		if (!significant(secret, minLength)) continue;
		for (const v of variants(secret)) {
			for (const form of [v, ...jsonForms(v), ...urlForms(v)]) exact.add(form);
			for (const piece of base64Pieces(v)) pieces.add(piece);
		}
	}
	const all = [...exact, ...pieces];
	const marker = MARKERS.find((m) => !all.some((t) => m.includes(t))) ?? LAST_MARKER;
	return { exact: [...exact], pieces: [...pieces], marker };
}

function occurs(text: string, targets: Targets): boolean {
	return targets.exact.some((t) => text.includes(t)) || targets.pieces.some((t) => text.includes(t));
}

type Span = [start: number, end: number];

/** How many characters the base64 character written just before `at` takes (0: none stands there). */
function base64CharBefore(text: string, at: number): number {
	// Near the start, slice(at - 3, at) gives fewer characters (or none), never a false match.
	if (/%2[BF]/i.test(text.slice(at - 3, at))) return 3;
	if (text.slice(at - 2, at) === '\\/') return 2;
	return BASE64_CHAR.test(text.charAt(at - 1)) ? 1 : 0;
}

/** The base64 run around `text[start, end)`, in any of its writings, its padding included. */
function base64Run(text: string, start: number, end: number): Span {
	for (let step = base64CharBefore(text, start); step > 0; step = base64CharBefore(text, start)) start -= step;
	BASE64_STEP.lastIndex = end;
	while (BASE64_STEP.test(text)) end = BASE64_STEP.lastIndex;
	return [start, end];
}

/** Where a target stands in the text; a base64 piece takes its whole run (the next characters hold bits of it too). */
function spansOf(text: string, target: string, wholeRun: boolean): Span[] {
	const spans: Span[] = [];
	for (let at = text.indexOf(target); at !== -1; ) {
		const span: Span = wholeRun ? base64Run(text, at, at + target.length) : [at, at + target.length];
		spans.push(span);
		// Every other occurrence inside a run already taken lies whole inside it: look on after it.
		at = text.indexOf(target, wholeRun ? span[1] : at + 1);
	}
	return spans;
}

/** Overlapping or touching spans joined, in text order. */
function joined(spans: Span[]): Span[] {
	const out: Span[] = [];
	for (const [start, end] of spans.sort((a, b) => a[0] - b[0])) {
		const last = out[out.length - 1];
		if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
		else out.push([start, end]);
	}
	return out;
}

/** Every known secret, in every form, replaced (overlapping occurrences merged into one marker). */
function replaceSecrets(text: string, targets: Targets): string {
	const spans = [
		...targets.exact.flatMap((target) => spansOf(text, target, false)),
		...targets.pieces.flatMap((piece) => spansOf(text, piece, true)),
	];
	let out = '';
	let position = 0;
	for (const [start, end] of joined(spans)) {
		out += text.slice(position, start) + targets.marker;
		position = end;
	}
	return out + text.slice(position);
}

function replaceEchoes(text: string, marker: string): string {
	const out = text
		.replace(BEARER_OR_BASIC, `$1 ${marker}`)
		.replace(HEADER_VALUE, `$1${marker}`)
		.replace(HEADER_ARRAY_VALUE, `$1${marker}`);
	return redactUrlWith(out, marker);
}

/**
 * Replacing can, rarely, join the text around a secret into another form of it; replace again,
 * and if a form still stands, give up on the text rather than show it.
 */
function scrubWith(text: string, targets: Targets, echoes: boolean): string {
	let out = text;
	for (let pass = 0; pass < 3; pass++) {
		out = replaceSecrets(out, targets);
		if (echoes) out = replaceEchoes(out, targets.marker);
		if (!occurs(out, targets)) return out;
	}
	return targets.marker;
}

/** Replaces every known secret (in every form) and every header-shaped echo in one text. */
export function scrubText(text: string, secrets: ReadonlyArray<unknown>): string {
	return scrubWith(text, compile(secrets), true);
}

/** Whether a value (a text, or any text inside an array or object) carries a form of a secret. */
export function containsSecret(value: unknown, secrets: ReadonlyArray<unknown>, minLength = MIN_SECRET_LENGTH): boolean {
	const targets = compile(secrets, minLength);
	const stack: Array<[unknown, number]> = [[value, 0]];
	while (stack.length > 0) {
		const [current, depth] = stack.pop() as [unknown, number];
		if (typeof current === 'object' && current !== null) {
			// Deeper than the walk goes: scrubAnswer must walk it, which replaces it whole.
			if (depth > MAX_DEPTH) return true;
			for (const [key, child] of Object.entries(current)) {
				if (occurs(key, targets)) return true;
				stack.push([child, depth + 1]);
			}
		} else if (['string', 'number', 'bigint', 'boolean'].includes(typeof current) && occurs(String(current), targets)) {
			return true;
		}
	}
	return false;
}

interface Walk {
	targets: Targets;
	/** Error texts: header-shaped echoes too, and header arrays / objects by name. */
	echoes: boolean;
}

function walk(value: unknown, w: Walk, depth: number): unknown {
	if (typeof value === 'string') {
		if (!w.echoes && NUMBER_SHAPED.test(value)) return value;
		return scrubWith(value, w.targets, w.echoes);
	}
	if (typeof value !== 'object' || value === null) return value;
	if (depth > MAX_DEPTH) return w.targets.marker;
	if (Array.isArray(value)) {
		return value.map((v: unknown, i: number) =>
			// `["X-MERCHANT-SECRET", "<value>"]`: a raw header array (Node's rawHeaders, a proxy's echo);
			// value[-1] is undefined, no header name.
			w.echoes && isSecretHeader(value[i - 1]) && v !== undefined && v !== null ? w.targets.marker : walk(v, w, depth + 1),
		);
	}
	const source = value as Record<string, unknown>;
	// `{ name: "X-API-Key", value: "<value>" }` (HAR, some proxies' echoes).
	const named = w.echoes && (isSecretHeader(source.name) || isSecretHeader(source.key));
	const copy: Record<string, unknown> = {};
	for (const [key, v] of Object.entries(source)) {
		const secretValue = w.echoes && v !== undefined && v !== null && (isSecretHeader(key) || (named && key === 'value'));
		// defineProperty: a `__proto__` key in a parsed answer stays a plain property of the copy.
		Object.defineProperty(copy, scrubWith(key, w.targets, w.echoes), {
			value: secretValue ? w.targets.marker : walk(v, w, depth + 1),
			enumerable: true,
			writable: true,
			configurable: true,
		});
	}
	return copy;
}

/**
 * scrubText for every text inside a JSON value (objects and arrays are copied), plus the values
 * of secret headers given as a header array, a `{ name, value }` pair or an object key. For the
 * texts of a failure.
 */
export function scrubDeep<T>(value: T, secrets: ReadonlyArray<unknown>): T {
	return walk(value, { targets: compile(secrets), echoes: true }, 0) as T;
}

/**
 * For a success answer, which operations read and output: only the known secrets, in every form,
 * are replaced. Header-shaped patterns are not applied (a name like "Basic Industries" stays as
 * is), numbers and number-shaped texts (amounts, account numbers) are never changed, and an
 * answer that carries no secret is returned as is, the same object.
 */
export function scrubAnswer<T>(value: T, secrets: ReadonlyArray<unknown>): T {
	if (!containsSecret(value, secrets)) return value;
	return walk(value, { targets: compile(secrets), echoes: false }, 0) as T;
}
