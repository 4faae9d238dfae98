/**
 * The scrubber and echoed request headers: in a failure's texts (scrubText, scrubDeep) the value
 * of a secret header goes whatever it is, in every shape a server or a proxy echoes headers in; in
 * a success answer (scrubAnswer) only the known secrets go, and header-shaped content is kept.
 */
import { REDACTED, redactUrl, scrubAnswer, scrubDeep, scrubText } from '../../../../nodes/lib/transport/scrub';

const SECRET_HEADERS = ['X-MERCHANT-SECRET', 'x-api-key', 'Authorization', 'Proxy-Authorization', 'Cookie'];
const unknown = 'never-seen-value';

describe('scrubText: header-shaped echoes of values it does not know', () => {
	it.each(SECRET_HEADERS)('%s: as a "name: value" line, JSON, "name=value" and a raw header array', (name) => {
		expect(scrubText(`${name}: ${unknown}\nAccept: */*`, [])).toBe(`${name}: ${REDACTED}\nAccept: */*`);
		expect(scrubText(`{"${name.toLowerCase()}":"${unknown}","next":1}`, [])).toBe(`{"${name.toLowerCase()}":"${REDACTED}","next":1}`);
		expect(scrubText(`${name}=${unknown}; next=1`, [])).toBe(`${name}=${REDACTED}; next=1`);
		expect(scrubText(`["Host","pivot","${name}","${unknown}","Accept","*/*"]`, [])).toBe(
			`["Host","pivot","${name}","${REDACTED}","Accept","*/*"]`,
		);
	});

	it('Bearer and Basic values after any white space, up to their last character', () => {
		expect(scrubText('sent Bearer \t abcdefghij.klm~n+o/p=q, then', [])).toBe(`sent Bearer ${REDACTED}, then`);
		expect(scrubText('sent basic\nYWJjZGVmZ2hpams=; then', [])).toBe(`sent basic ${REDACTED}; then`);
	});

	it('keeps words that only end in "bearer" or "basic", and short words after them', () => {
		expect(scrubText('the cardbearer abcdefghijkl and nonbasic abcdefghijkl', [])).toBe('the cardbearer abcdefghijkl and nonbasic abcdefghijkl');
		expect(scrubText('Basic Info', [])).toBe('Basic Info');
	});

	it('the password of a URL, whatever the user name, empty too', () => {
		for (const user of ['u', 'merchant.user', '']) {
			expect(scrubText(`GET https://${user}:pw-123@api.host/x failed`, [])).toBe(`GET https://${user}:${REDACTED}@api.host/x failed`);
			expect(redactUrl(`https://${user}:pw-123@api.host/x`)).toBe(`https://${user}:${REDACTED}@api.host/x`);
		}
		expect(redactUrl('https://api.host/x?at=a@b')).toBe('https://api.host/x?at=a@b');
	});
});

describe('scrubDeep: secret headers in arrays and objects', () => {
	it.each(SECRET_HEADERS)('%s: its value goes in a raw header array, a header object and a { name, value } pair', (name) => {
		const body = {
			rawHeaders: ['Host', 'pivot', name, unknown, 'Accept', '*/*'],
			headers: { [name]: unknown, accept: '*/*' },
			har: [{ name, value: unknown, comment: 'kept' }],
			proxy: [{ key: name, value: unknown }],
		};
		expect(scrubDeep(body, [])).toEqual({
			rawHeaders: ['Host', 'pivot', name, REDACTED, 'Accept', '*/*'],
			headers: { [name]: REDACTED, accept: '*/*' },
			har: [{ name, value: REDACTED, comment: 'kept' }],
			proxy: [{ key: name, value: REDACTED }],
		});
	});

	it('a header name with spaces around it, in an array', () => {
		expect(scrubDeep([' X-API-Key ', unknown], [])).toEqual([' X-API-Key ', REDACTED]);
	});

	it('a secret header without a value (null, undefined) keeps it: there is nothing to hide', () => {
		const body = { rawHeaders: ['authorization', null, 'cookie', undefined], headers: { authorization: null, cookie: undefined } };
		expect(scrubDeep(body, [])).toStrictEqual(body);
	});

	it('other headers and plain fields named "value" are kept', () => {
		const body = { rawHeaders: ['Accept', 'text/plain', 'X-Trace', 'abc-123'], pair: { name: 'X-Trace', value: 'abc-123' }, value: 'kept' };
		expect(scrubDeep(body, [])).toEqual(body);
	});
});

describe('scrubAnswer: header-shaped content in a success answer', () => {
	const token = 'tok9f8e7d6c5b4a';

	it('keeps it: only the known secrets go', () => {
		const answer = {
			note: `debug ${token}`,
			echo: ['Authorization', 'Basic Industries Tbk', 'cookie', 'chocolate chip'],
			headers: { 'x-api-key': 'public-key-shown', cookie: 'chocolate' },
			pair: { name: 'X-API-Key', value: 'shown' },
			text: 'Authorization: Bearer abcdefghijkl',
		};
		expect(scrubAnswer(answer, [token])).toEqual({ ...answer, note: `debug ${REDACTED}` });
	});
});
