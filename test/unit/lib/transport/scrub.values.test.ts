/**
 * The scrubber over whole values: what containsSecret looks at (texts, keys, numbers, any depth),
 * how deep scrubDeep and scrubAnswer walk and what they do beyond, what a copy looks like, and
 * which of a credential's fields count as secrets.
 */
import { containsSecret, credentialSecrets, REDACTED, scrubAnswer, scrubDeep } from '../../../../nodes/lib/transport/scrub';
import { leaks } from './support/leaks';

const token = 'tok9f8e7d6c5b4a';

/** A value nested `depth` levels deep, in arrays and objects by turns. */
function nested(depth: number, leaf: unknown): unknown {
	let value = leaf;
	for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { next: value };
	return value;
}

describe('containsSecret', () => {
	it('finds a secret in a key, a number, a bigint and a boolean, as in a text', () => {
		expect(containsSecret({ [`x-${token}`]: 1 }, [token])).toBe(true);
		expect(containsSecret({ total: 99887766 }, ['99887766'])).toBe(true);
		expect(containsSecret([12345678901234567890n], ['12345678901234567890'])).toBe(true);
		expect(containsSecret({ flag: true }, ['true'], 1)).toBe(true);
		expect(containsSecret({ total: 99887766, flag: true, id: 5n }, ['99887765', 'false'], 1)).toBe(false);
	});

	it('with a lower minimum (a short callback key), finds a short value where it stands and nowhere else', () => {
		for (const short of ['k', 'ab', 'xyz1']) {
			expect(containsSecret(`a${short}b`, [short], 1)).toBe(true);
			expect(containsSecret(['text/plain', 'gzip, deflate', 'n8n'], [short], 1)).toBe(false);
		}
	});

	it('finds a secret at any depth the walk reaches, and as base64 inside an array', () => {
		expect(containsSecret(nested(40, { a: [null, `x ${token}`] }), [token])).toBe(true);
		expect(containsSecret(['Basic', Buffer.from(`u:${token}`).toString('base64')], [token])).toBe(true);
	});
});

/** The first depth at which scrubDeep replaces a value instead of walking it (computed in the tests: a failure there is theirs). */
function cutDepth(): number | undefined {
	for (let depth = 1; depth <= 500; depth++) {
		if (!JSON.stringify(scrubDeep(nested(depth, 'plain'), [token])).includes('plain')) return depth;
	}
	return undefined;
}

describe('depth: scrubDeep and scrubAnswer cut at the same depth', () => {
	it('a value deeper than the walk goes is replaced there, not walked (no stack overflow)', () => {
		expect(cutDepth()).toBeDefined();
		const deep = nested(200_000, `x ${token}`);
		expect(leaks(scrubDeep(deep, [token]), token)).toEqual([]);
		expect(leaks(scrubAnswer(deep, [token]), token)).toEqual([]);
	});

	it('an answer without secrets is returned as is down to that depth, and cut like scrubDeep below it', () => {
		const depth = cutDepth() as number;
		for (const d of [depth - 2, depth - 1]) {
			const answer = nested(d, 'plain');
			expect(scrubAnswer(answer, [token])).toBe(answer);
		}
		for (const d of [depth, depth + 1, depth + 50]) {
			const answer = nested(d, 'plain');
			expect(scrubAnswer(answer, [token])).toEqual(scrubDeep(answer, [token]));
			expect(JSON.stringify(scrubAnswer(answer, [token]))).toContain(REDACTED);
		}
	});
});

describe('copies', () => {
	it('scrubDeep and scrubAnswer give plain objects that later steps can change and delete from', () => {
		for (const out of [scrubDeep({ message: `x ${token}`, code: 'E1' }, [token]), scrubAnswer({ message: `x ${token}`, code: 'E1' }, [token])]) {
			const copy = out as Record<string, unknown>;
			copy.message = 'changed';
			delete copy.code;
			expect(copy).toEqual({ message: 'changed' });
		}
	});
});

describe('credentialSecrets', () => {
	it('a credential without an access token yet, or with empty fields, gives only the values it has', () => {
		expect(credentialSecrets({ clientSecret: 'cs-value', accessToken: undefined, callbackApiKey: null, baseUrl: 'https://api.host' })).toEqual(['cs-value']);
		expect(credentialSecrets({ clientSecret: 12345678, accessToken: '' })).toEqual([]);
	});

	it('the Base URL password whatever the user name, as written and decoded', () => {
		expect(credentialSecrets({ baseUrl: 'https://merchant.user:pw%2Fx-9@api.host/v1' })).toEqual(['pw%2Fx-9', 'pw/x-9']);
		expect(new Set(credentialSecrets({ baseUrl: 'https://:pw-9z@api.host' }))).toEqual(new Set(['pw-9z']));
	});

	it('a Base URL password that is not valid percent-encoding is taken as written', () => {
		expect(credentialSecrets({ baseUrl: 'https://u:pw%zz@api.host' })).toEqual(['pw%zz']);
	});

	it('never throws on a Base URL that is not a text', () => {
		for (const baseUrl of [42, null, {}, ['https://u:pw@h'], Symbol('https://u:pw@h')]) {
			expect(credentialSecrets({ clientSecret: 'cs-value', baseUrl })).toEqual(['cs-value']);
		}
	});
});
