/**
 * The scrubber (nodes/lib/transport/scrub.ts): every secret of the credential out of every text,
 * in every form a server or a proxy may echo it (as stored, trimmed, JSON-escaped, URL-encoded,
 * base64, in header arrays), and nothing else changed. Property tests plant random secrets in
 * random forms and places; a failure prints its seed (PIVOT_SEED=<seed> repeats it).
 */
import fc from 'fast-check';

import {
	containsSecret,
	credentialSecrets,
	MIN_SECRET_LENGTH,
	REDACTED,
	scrubAnswer,
	scrubDeep,
	scrubText,
} from '../../../../nodes/lib/transport/scrub';
import { b64, leaks, texts } from './support/leaks';

describe('scrubText: each form of a secret', () => {
	const secret = 'tok_4f9a+b/c=d "q" \\ é';

	it.each([
		['as stored', secret],
		['trimmed (stored with a trailing space, seen without it)', 'Sx7Qp2LmN9'],
		['JSON-escaped', JSON.stringify(secret).slice(1, -1)],
		['JSON-escaped twice', JSON.stringify(JSON.stringify(secret)).slice(1, -1)],
		['JSON-escaped the PHP way (\\/)', JSON.stringify(secret).slice(1, -1).replace(/\//g, '\\/')],
		['JSON-escaped as ASCII (\\u00e9)', JSON.stringify(secret).slice(1, -1).replace('é', '\\u00e9')],
		['URL-encoded', encodeURIComponent(secret)],
		['URL-encoded, lower-case hex', encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase())],
		['form-encoded (+ for spaces)', encodeURIComponent(secret).replace(/%20/g, '+')],
		['URLSearchParams', new URLSearchParams({ k: secret }).toString().slice(2)],
		['base64', b64(secret)],
		['base64url', b64(secret).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')],
	])('%s', (_name, form) => {
		const stored = form === 'Sx7Qp2LmN9' ? 'Sx7Qp2LmN9 ' : secret;
		const text = `proxy saw: ${form}; bye`;
		const out = scrubText(text, [stored]);
		expect(out).not.toContain(form);
		expect(out).toContain(REDACTED);
		expect(out.startsWith('proxy saw: ')).toBe(true);
	});

	it('Basic authentication of user:password, with and without the "Basic" word', () => {
		const password = 'pw-9XkQ2mZ';
		const basic = b64(`pivotuser:${password}`);
		for (const text of [`Authorization: Basic ${basic}`, `seen ${basic} here`, `{"auth":"${basic}"}`]) {
			const out = scrubText(text, [password]);
			expect(out).not.toContain(basic);
			expect(out).toContain(REDACTED);
		}
	});

	it('keeps the header-shaped echoes of values it does not know', () => {
		expect(scrubText('Authorization: Bearer abcdefghij123', [])).toBe('Authorization: [redacted] [redacted]');
		expect(scrubText('X-MERCHANT-SECRET: s3cr3tvalue; next', [])).toBe('X-MERCHANT-SECRET: [redacted]; next');
		expect(scrubText('{"x-api-key":"k3y-value"}', [])).toBe('{"x-api-key":"[redacted]"}');
		expect(scrubText('http://u:pw@host/x', [])).toBe('http://u:[redacted]@host/x');
	});

	it('recognises a raw header array echoed as text, JSON-escaped or not', () => {
		expect(scrubText('["Host","pivot","X-MERCHANT-SECRET","unknown value "]', [])).toBe(
			'["Host","pivot","X-MERCHANT-SECRET","[redacted]"]',
		);
		expect(scrubText("[ 'x-api-key', 'abc def' ]", [])).toBe("[ 'x-api-key', '[redacted]' ]");
		const nested = JSON.stringify({ message: JSON.stringify(['X-MERCHANT-SECRET', 'unknownvalue']) });
		expect(scrubText(nested, [])).not.toContain('unknownvalue');
	});

	it(`ignores values shorter than ${MIN_SECRET_LENGTH} characters (trimmed), which would match ordinary words`, () => {
		expect(scrubText('the payout was paid', ['paid'])).toBe('the payout was paid');
		expect(scrubText('the payout was paid', ['  paid  '])).toBe('the payout was paid');
		expect(scrubText('status SUCCESS', ['SUCCESS'])).toBe(`status ${REDACTED}`);
	});

	it('never shows a marker that is itself the secret', () => {
		const out = scrubText('echo: redacted', ['redacted']);
		expect(out).not.toContain('redacted');
	});
});

describe('scrubDeep: header arrays and nested objects', () => {
	it('redacts the value after a secret header name in an array, whatever it is', () => {
		const body = { echo: { rawHeaders: ['Host', 'pivot', 'X-MERCHANT-SECRET', 'never-seen', 'Accept', '*/*'] } };
		expect(scrubDeep(body, [])).toEqual({
			echo: { rawHeaders: ['Host', 'pivot', 'X-MERCHANT-SECRET', REDACTED, 'Accept', '*/*'] },
		});
	});

	it('redacts { name, value } pairs and header-named keys', () => {
		const body = { headers: [{ name: 'X-API-Key', value: 'never-seen' }], seen: { authorization: 'Bearer x' } };
		expect(scrubDeep(body, [])).toEqual({ headers: [{ name: 'X-API-Key', value: REDACTED }], seen: { authorization: REDACTED } });
	});

	it('a client secret stored with a trailing space, echoed trimmed in a header array', () => {
		const secret = 'Qm9vbGVhbnNlY3JldA ';
		const body = { code: 'field_format_invalid', message: 'bad', details: [['x-merchant-secret', secret.trim()], [secret.trim()]] };
		expect(leaks(scrubDeep(body, [secret]), secret)).toEqual([]);
	});

	it('keeps a __proto__ key a plain property of the copy', () => {
		const body = JSON.parse('{"__proto__": {"polluted": "yes"}, "message": "ok"}') as Record<string, unknown>;
		const out = scrubDeep(body, ['secret-value']);
		expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
		expect((out as { polluted?: string }).polluted).toBeUndefined();
		expect(Object.keys(out)).toEqual(['__proto__', 'message']);
	});

	it('does not overflow on a deeply nested answer', () => {
		let deep: unknown = 'token-abcdef';
		for (let i = 0; i < 20_000; i++) deep = [deep];
		expect(() => scrubDeep(deep, ['token-abcdef'])).not.toThrow();
		expect(containsSecret(deep, ['token-abcdef'])).toBe(true);
	});
});

describe('scrubAnswer: a success answer', () => {
	const token = 'tok9f8e7d6c5b4a';
	const answer = {
		code: '00',
		message: 'Success',
		data: {
			referenceId: 'REF-1',
			amount: { value: '150000', currency: 'IDR' },
			channelInformation: { accountNumber: '999966660001', accountName: 'Basic Industries Tbk' },
			description: `paid; debug token=${token}`,
		},
	};

	it('takes the token out of its texts, and nothing else', () => {
		const out = scrubAnswer(answer, [token]);
		expect(JSON.stringify(out)).not.toContain(token);
		expect(out).toEqual({ ...answer, data: { ...answer.data, description: `paid; debug token=${REDACTED}` } });
	});

	it('returns an answer without secrets as is, the same object', () => {
		const clean = { ...answer, data: { ...answer.data, description: 'paid' } };
		expect(scrubAnswer(clean, [token, 'another-secret'])).toBe(clean);
	});

	it('never changes a number or a number-shaped text, even equal to a (numeric) secret', () => {
		const numeric = { code: '00', data: { amount: { value: '150000' }, total: 150000, accountNumber: '999966660001', note: 'x 150000' } };
		const out = scrubAnswer(numeric, ['150000']);
		expect(out.data.amount.value).toBe('150000');
		expect(out.data.total).toBe(150000);
		expect(out.data.accountNumber).toBe('999966660001');
		expect(out.data.note).toBe(`x ${REDACTED}`);
	});
});

describe('credentialSecrets and containsSecret', () => {
	it("gathers the credential's secrets, the Base URL's password decoded too", () => {
		expect(
			credentialSecrets({
				clientId: 'not-secret',
				clientSecret: 'cs',
				accessToken: '',
				callbackApiKey: ' key ',
				baseUrl: 'http://u:p%40ss@host',
				subMerchantId: 'not-secret',
			}),
		).toEqual(['cs', ' key ', 'p%40ss', 'p@ss']);
		expect(credentialSecrets(undefined)).toEqual([]);
	});

	it('finds a secret in any form in a header value or array, short ones too when asked', () => {
		expect(containsSecret(['a', 'x KEY12345'], ['  KEY12345\n'])).toBe(true);
		expect(containsSecret('KEY12345', [' KEY12345 '])).toBe(true);
		expect(containsSecret('xyz', ['abc'])).toBe(false);
		expect(containsSecret('abc', ['abc'])).toBe(false);
		expect(containsSecret('abc', ['abc'], 1)).toBe(true);
	});
});

// Properties.

/** Characters that change between forms: spaces, quotes, backslashes, unicode, +, /, =, %. */
const char = fc.oneof(
	{ weight: 4, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) },
	{ weight: 2, arbitrary: fc.constantFrom(' ', '"', "'", '\\', '+', '/', '=', '%', '&', ':', ',', '\n', '\t', '\u00a0') },
	{ weight: 1, arbitrary: fc.constantFrom('é', 'ß', '€', '漢', '😀', '\u2028', '\u0000', '\u007f', '\ud800') },
	{ weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);
const secretArb = fc
	.string({ unit: char, minLength: MIN_SECRET_LENGTH, maxLength: 40 })
	.filter((s) => s.trim().length >= MIN_SECRET_LENGTH);
const textArb = fc.string({ unit: char, maxLength: 20 });

/** encodeURIComponent, or the text itself when it cannot be encoded (a lone surrogate is never sent so). */
function uri(s: string): string {
	try {
		return encodeURIComponent(s);
	} catch {
		return s;
	}
}

type Form = (s: string) => string;
const FORMS: Record<string, Form> = {
	stored: (s) => s,
	trimmed: (s) => s.trim(),
	trimmedEnd: (s) => s.trimEnd(),
	json: (s) => JSON.stringify(s).slice(1, -1),
	jsonTrimmed: (s) => JSON.stringify(s.trim()).slice(1, -1),
	url: (s) => uri(s.trim()),
	form: (s) => uri(s).replace(/%20/g, '+'),
	base64: (s) => b64(s.trim()),
	basicAuth: (s) => `Basic ${b64(`merchant:${s}`)}`,
	basicRaw: (s) => b64(`ab:${s}`),
	basicPhpJson: (s) => b64(`merchant:${s}`).replace(/\//g, '\\/'),
	basicInUrl: (s) => encodeURIComponent(b64(`m:${s}`)),
};
const formArb = fc.constantFrom(...Object.keys(FORMS));

/** Where the form goes: the value built around it. */
type Place = (form: string, prefix: string, suffix: string) => unknown;
const PLACES: Record<string, Place> = {
	alone: (f) => f,
	inText: (f, p, s) => `${p}${f}${s}`,
	nested: (f, p, s) => ({ a: [{ b: { c: `${p}${f}${s}` } }, 1, null] }),
	jsonInJsonString: (f, p, s) => ({ message: JSON.stringify({ echoed: `${p}${f}${s}` }) }),
	jsonTwice: (f, p) => JSON.stringify({ message: JSON.stringify({ echoed: `${p}${f}` }) }),
	headerArray: (f) => ({ rawHeaders: ['Host', 'pivot', 'X-Forwarded-Thing', f, 'X-MERCHANT-SECRET', f] }),
	headerArrayText: (f) => `echo ${JSON.stringify(['X-MERCHANT-SECRET', f])}`,
	headerObject: (f) => ({ headers: { 'x-merchant-secret': f, 'x-other': [f] } }),
	key: (f, p) => ({ [`${p}${f}`]: 'value' }),
};
const placeArb = fc.constantFrom(...Object.keys(PLACES));

const plant = fc.record({ secret: secretArb, form: formArb, place: placeArb, prefix: textArb, suffix: textArb, others: fc.array(secretArb, { maxLength: 2 }) });

function planted(p: { secret: string; form: string; place: string; prefix: string; suffix: string }) {
	const form = FORMS[p.form](p.secret);
	return { form, value: PLACES[p.place](form, p.prefix, p.suffix) };
}

const NUMBER_SHAPED = /^[\d\s.,+-]*$/;

describe('properties', () => {
	it('after scrubDeep no form of a planted secret survives, wherever and however it was planted (property)', () => {
		fc.assert(
			fc.property(plant, (p) => {
				const { value } = planted(p);
				const secrets = [...p.others, p.secret];
				const out = scrubDeep(value, secrets);
				expect(leaks(out, p.secret)).toEqual([]);
				if (typeof value === 'string') expect(leaks(scrubText(value, secrets), p.secret)).toEqual([]);
			}),
		);
	});

	it('after scrubAnswer no form of a planted secret survives, outside number-shaped texts (property)', () => {
		fc.assert(
			fc.property(plant, (p) => {
				const { form, value } = planted(p);
				fc.pre(!texts(value).some((t) => NUMBER_SHAPED.test(t) && t.includes(form)));
				const out = scrubAnswer(value, [p.secret]);
				expect(leaks(out, p.secret)).toEqual([]);
			}),
		);
	});

	it('a secret changes nothing in a value that does not carry it (property)', () => {
		fc.assert(
			fc.property(fc.jsonValue(), secretArb, (value, secret) => {
				fc.pre(leaks(value, secret).length === 0 && !containsSecret(value, [secret]));
				expect(scrubAnswer(value, [secret])).toBe(value);
				expect(scrubDeep(value, [secret])).toEqual(scrubDeep(value, []));
			}),
		);
	});

	it('a Pivot answer without secrets is unchanged, amounts included (property)', () => {
		const word = fc.stringMatching(/^[A-Za-z0-9 ._-]{0,30}$/);
		const amount = fc.oneof(fc.nat().map(String), fc.tuple(fc.nat(), fc.integer({ min: 0, max: 99 })).map(([a, b]) => `${a}.${String(b).padStart(2, '0')}`));
		const envelope = fc.record({
			code: fc.constantFrom('00', 'field_format_invalid'),
			message: word,
			data: fc.record({
				referenceId: word,
				amount: fc.record({ value: amount, currency: fc.constant('IDR') }),
				total: fc.nat(),
				channelInformation: fc.record({ accountNumber: fc.stringMatching(/^\d{6,16}$/), accountName: word }),
				description: word,
			}),
		});
		fc.assert(
			fc.property(envelope, fc.array(secretArb, { maxLength: 4 }), (body, secrets) => {
				fc.pre(!containsSecret(body, secrets));
				expect(scrubAnswer(body, secrets)).toBe(body);
				expect(scrubDeep(body, secrets)).toEqual(body);
			}),
		);
	});

	it('never throws, whatever the value and the secrets (property)', () => {
		const anything = fc.anything({
			withBoxedValues: true,
			withMap: true,
			withSet: true,
			withDate: true,
			withTypedArray: true,
			withSparseArray: true,
			withNullPrototype: true,
			withBigInt: true,
			stringUnit: 'binary',
		});
		fc.assert(
			fc.property(anything, fc.array(fc.oneof(fc.anything(), secretArb), { maxLength: 4 }), (value, secrets) => {
				scrubDeep(value, secrets);
				scrubAnswer(value, secrets);
				containsSecret(value, secrets, 1);
				if (typeof value === 'string') scrubText(value, secrets);
				credentialSecrets(typeof value === 'object' ? value : undefined);
			}),
		);
	});
});
