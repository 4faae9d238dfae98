import { randomBytes } from 'crypto';

import { verifyCallbackKey } from '../../nodes/PivotTrigger/verify';

/** A fresh key per run, alphanumeric like the dashboard's. */
function newKey(length = 32): string {
	return randomBytes(length).toString('base64').replace(/[^A-Za-z0-9]/g, 'x').slice(0, length);
}

/** The same string with the character at `index` swapped for another one. */
function oneOff(value: string, index: number): string {
	const swapped = value[index] === 'a' ? 'b' : 'a';
	return value.slice(0, index) + swapped + value.slice(index + 1);
}

describe("verifyCallbackKey: the X-API-Key header against the credential's Callback API Key", () => {
	const configured = newKey();

	it('accepts the configured key', () => {
		expect(verifyCallbackKey({ 'x-api-key': configured }, configured)).toBe('valid');
	});

	it('refuses a wrong key', () => {
		expect(verifyCallbackKey({ 'x-api-key': newKey() }, configured)).toBe('invalid');
	});

	it('refuses a missing or empty header', () => {
		expect(verifyCallbackKey({}, configured)).toBe('missing');
		expect(verifyCallbackKey({ 'content-type': 'application/json' }, configured)).toBe('missing');
		expect(verifyCallbackKey({ 'x-api-key': '' }, configured)).toBe('missing');
		expect(verifyCallbackKey({ 'x-api-key': '   ' }, configured)).toBe('missing');
		expect(verifyCallbackKey({ 'x-api-key': undefined }, configured)).toBe('missing');
		expect(verifyCallbackKey(undefined, configured)).toBe('missing');
		expect(verifyCallbackKey(null, configured)).toBe('missing');
	});

	it.each(['x-api-key', 'X-API-Key', 'X-API-KEY', 'x-Api-kEy'])('finds the header spelt %s', (name) => {
		expect(verifyCallbackKey({ [name]: configured }, configured)).toBe('valid');
		expect(verifyCallbackKey({ [name]: newKey() }, configured)).toBe('invalid');
	});

	it('refuses two spellings of the header at once, even if one is right', () => {
		expect(verifyCallbackKey({ 'x-api-key': configured, 'X-API-Key': newKey() }, configured)).toBe('invalid');
		expect(verifyCallbackKey({ 'x-api-key': configured, 'X-API-Key': configured }, configured)).toBe('invalid');
	});

	it.each([
		['first', 0],
		['middle', 16],
		['last', 31],
	])('refuses a same-length near miss (%s character off)', (_where, index) => {
		const nearMiss = oneOff(configured, index);
		expect(nearMiss).toHaveLength(configured.length);
		expect(nearMiss).not.toBe(configured);
		expect(verifyCallbackKey({ 'x-api-key': nearMiss }, configured)).toBe('invalid');
	});

	it('refuses a prefix, an extension and a different case of the key', () => {
		expect(verifyCallbackKey({ 'x-api-key': configured.slice(0, -1) }, configured)).toBe('invalid');
		expect(verifyCallbackKey({ 'x-api-key': `${configured}0` }, configured)).toBe('invalid');
		expect(verifyCallbackKey({ 'x-api-key': configured.toUpperCase() }, configured.toLowerCase())).toBe('invalid');
	});

	it('refuses whitespace added to the key (Node already drops HTTP optional whitespace), trims the configured key', () => {
		expect(verifyCallbackKey({ 'x-api-key': ` ${configured}\t` }, configured)).toBe('invalid');
		expect(verifyCallbackKey({ 'x-api-key': `${configured} ` }, configured)).toBe('invalid');
		expect(verifyCallbackKey({ 'x-api-key': configured }, `  ${configured}\n`)).toBe('valid');
		const inner = `${configured.slice(0, 10)} ${configured.slice(10)}`;
		expect(verifyCallbackKey({ 'x-api-key': inner }, configured)).toBe('invalid');
	});

	it('refuses an array or non-string header value', () => {
		expect(verifyCallbackKey({ 'x-api-key': [configured] }, configured)).toBe('invalid');
		expect(verifyCallbackKey({ 'x-api-key': [configured, configured] }, configured)).toBe('invalid');
		expect(verifyCallbackKey({ 'x-api-key': 12345 }, configured)).toBe('invalid');
		expect(verifyCallbackKey({ 'x-api-key': { value: configured } }, configured)).toBe('invalid');
	});

	it('never accepts when the credential has no key, whatever the request sends', () => {
		for (const empty of ['', '   ', undefined, null, 0]) {
			expect(verifyCallbackKey({ 'x-api-key': configured }, empty)).toBe('notConfigured');
			expect(verifyCallbackKey({ 'x-api-key': '' }, empty)).toBe('notConfigured');
			expect(verifyCallbackKey({}, empty)).toBe('notConfigured');
		}
	});

	it('handles keys of any length, including non-ASCII ones', () => {
		const long = newKey(200);
		expect(verifyCallbackKey({ 'x-api-key': long }, long)).toBe('valid');
		expect(verifyCallbackKey({ 'x-api-key': 'ключ' + configured }, 'ключ' + configured)).toBe('valid');
		expect(verifyCallbackKey({ 'x-api-key': 'k' }, long)).toBe('invalid');
	});
});

describe('verifyCallbackKey: the answer depends only on the key', () => {
	it('refuses a shorter, a same-length and a much longer wrong key alike, and accepts the key itself', () => {
		const configured = newKey();
		expect(verifyCallbackKey({ 'x-api-key': 'short' }, configured)).toBe('invalid');
		expect(verifyCallbackKey({ 'x-api-key': newKey(configured.length) }, configured)).toBe('invalid');
		expect(verifyCallbackKey({ 'x-api-key': newKey(100) }, configured)).toBe('invalid');
		expect(verifyCallbackKey({ 'x-api-key': `${configured}${configured}` }, configured)).toBe('invalid');
		expect(verifyCallbackKey({ 'x-api-key': configured }, configured)).toBe('valid');
	});
});
