/**
 * The scrubber, form by form: each encoding a server or a proxy may echo a secret in is replaced
 * whole, by one marker, and the text around it is kept as it was. The expected texts are written
 * out: a form the scrubber only partly recognises leaves a tail, which a "does not contain" check
 * would miss.
 */
import { REDACTED, scrubText } from '../../../../nodes/lib/transport/scrub';
import { b64, b64url, leaks } from './support/leaks';

const lowerHex = (s: string) => s.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase());
const json = (s: string) => JSON.stringify(s).slice(1, -1);

describe('scrubText: every encoding of a secret replaced whole, the text around it kept', () => {
	// A space, a quote, a slash, a non-ASCII letter and characters that URL encoders treat apart
	// (encodeURIComponent keeps ~ and !, URLSearchParams encodes them): each encoding differs.
	const secret = 'Tok~en! "9"/é';

	it.each([
		['as stored', secret],
		['JSON-escaped', json(secret)],
		['JSON-escaped twice', json(json(secret))],
		['JSON-escaped the PHP way (\\/)', json(secret).replace(/\//g, '\\/')],
		['JSON-escaped as ASCII, lower-case hex (\\u00e9)', json(secret).replace('é', '\\u00e9')],
		['JSON-escaped as ASCII, upper-case hex (\\u00E9)', json(secret).replace('é', '\\u00E9')],
		['JSON-escaped as ASCII and the PHP way', json(secret).replace('é', '\\u00E9').replace(/\//g, '\\/')],
		['URL-encoded', encodeURIComponent(secret)],
		['URL-encoded, lower-case hex', lowerHex(encodeURIComponent(secret))],
		['form-encoded with encodeURIComponent (+ for spaces, ~ and ! as they are)', encodeURIComponent(secret).replace(/%20/g, '+')],
		['form-encoded, lower-case hex', lowerHex(encodeURIComponent(secret)).replace(/%20/g, '+')],
		['form-encoded by URLSearchParams (~ and ! encoded too)', new URLSearchParams({ k: secret }).toString().slice(2)],
	])('%s', (_name, form) => {
		expect(scrubText(`proxy saw: ${form}; bye`, [secret])).toBe(`proxy saw: ${REDACTED}; bye`);
	});

	it('the spaces stored around a secret go with it, whichever of them the echo kept', () => {
		const stored = ' Sx7Qp2LmN9 ';
		for (const echoed of [' Sx7Qp2LmN9 ', ' Sx7Qp2LmN9', 'Sx7Qp2LmN9 ', 'Sx7Qp2LmN9']) {
			expect(scrubText(`seen (${echoed}) here`, [stored])).toBe(`seen (${REDACTED}) here`);
		}
	});

	it('a secret with a lone surrogate (not valid UTF-16): as stored, and as URLSearchParams writes it', () => {
		const odd = 'abc\ud800defg';
		expect(scrubText(`seen ${odd} here`, [odd])).toBe(`seen ${REDACTED} here`);
		expect(scrubText(`seen ${new URLSearchParams({ k: odd }).toString().slice(2)} here`, [odd])).toBe(`seen ${REDACTED} here`);
	});
});

describe('scrubText: base64, where the secret is part of a longer encoded text', () => {
	// Its base64 holds + and / (- and _ in the URL alphabet) at every alignment.
	const secret = 'key~?>>?~ok';

	// `user:secret` puts the secret at each of the three byte alignments of base64.
	it.each(['m', 'me', 'mer'])('Basic credentials of user "%s", both alphabets, padded or not: the whole run goes', (user) => {
		const standard = b64(`${user}:${secret}`);
		for (const encoded of [standard, standard.replace(/=+$/, ''), b64url(`${user}:${secret}`)]) {
			expect(scrubText(`seen ${encoded} here`, [secret])).toBe(`seen ${REDACTED} here`);
			expect(scrubText(`{"auth":"${encoded}","next":1}`, [secret])).toBe(`{"auth":"${REDACTED}","next":1}`);
			expect(scrubText(encoded, [secret])).toBe(REDACTED);
		}
	});

	// Text whose own base64 holds + and /, escaped in turn, before and after the secret at each alignment.
	it.each(['???>>>', '???>>>?', '???>>>??'])('"%s:secret:…" in base64 written JSON-escaped the PHP way (\\/) or URL-encoded: the whole run goes', (user) => {
		const standard = b64(`${user}:${secret}:${user}`);
		const forms = [
			standard.replace(/\//g, '\\/'),
			encodeURIComponent(standard),
			lowerHex(encodeURIComponent(standard)),
			encodeURIComponent(standard.replace(/=+$/, '')),
		];
		for (const encoded of forms) {
			expect(scrubText(`seen ${encoded} here`, [secret])).toBe(`seen ${REDACTED} here`);
			expect(scrubText(`{"auth":"Basic ${encoded}"}`, [secret])).toBe(`{"auth":"Basic ${REDACTED}"}`);
			expect(scrubText(`https://host/cb?auth=${encoded}&next=1`, [secret])).toBe(`https://host/cb?auth=${REDACTED}&next=1`);
		}
	});

	it.each(['a', 'ab', 'abc'])('a secret of the shortest length, after user "%s": found at every alignment', (user) => {
		const short = 'x9~?>k';
		const encoded = b64(`${user}:${short}`);
		expect(scrubText(`seen ${encoded} here`, [short])).toBe(`seen ${REDACTED} here`);
	});

	it('the padding after a run goes with it; what follows the padding is kept', () => {
		const encoded = b64(`m:${secret}`);
		expect(encoded.endsWith('==')).toBe(true);
		expect(scrubText(`${encoded}; next`, [secret])).toBe(`${REDACTED}; next`);
		expect(scrubText(`(${encoded})`, [secret])).toBe(`(${REDACTED})`);
	});

	it('two base64 runs carrying the secret, apart: each replaced, the text between kept', () => {
		const text = `first ${b64(`me:${secret}`)} then ${b64url(`mer:${secret}`)} end`;
		expect(scrubText(text, [secret])).toBe(`first ${REDACTED} then ${REDACTED} end`);
	});

	it('a long base64 body repeating the secret thousands of times is one run, replaced whole', () => {
		const body = b64(`${secret}|`.repeat(40_000));
		const out = scrubText(`dump: ${body} end`, [secret]);
		expect(out).toBe(`dump: ${REDACTED} end`);
		expect(leaks(out, secret)).toEqual([]);
	});
});

describe('scrubText: the marker', () => {
	it('is visible, and never itself a form of a secret', () => {
		for (const secrets of [['redacted'], ['removed'], ['redacted', 'removed']]) {
			const out = scrubText(`a ${secrets.join(' b ')} c`, secrets);
			const marker = /^a (\S+) /.exec(out)?.[1];
			expect(marker).toBeDefined();
			expect(out).toBe(`a ${secrets.map(() => marker).join(' b ')} c`);
			for (const secret of secrets) expect(out).not.toContain(secret);
		}
	});
});
