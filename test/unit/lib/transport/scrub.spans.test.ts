/**
 * The scrubber where occurrences meet: several secrets in one text, overlapping, touching, one
 * inside another, in any order, and a text that forms a secret again once one is replaced. No
 * part of a secret may be left, and nothing but the secrets may be taken.
 */
import { REDACTED, scrubText } from '../../../../nodes/lib/transport/scrub';

const first = 'first-secret';
const second = 'second-secret';

describe('scrubText: occurrences that meet', () => {
	it('two secrets apart: each replaced, the text between kept, whatever order they are given in', () => {
		for (const secrets of [
			[first, second],
			[second, first],
		]) {
			expect(scrubText(`x ${first} and ${second} y`, secrets)).toBe(`x ${REDACTED} and ${REDACTED} y`);
			expect(scrubText(`x ${second} and ${first} y`, secrets)).toBe(`x ${REDACTED} and ${REDACTED} y`);
		}
	});

	it('two secrets touching: one marker, so that no boundary between them shows', () => {
		expect(scrubText(`x ${first}${second} y`, [first, second])).toBe(`x ${REDACTED} y`);
		expect(scrubText(`x ${second}${first} y`, [first, second])).toBe(`x ${REDACTED} y`);
	});

	it('overlapping occurrences of one secret: one marker, no part of it left', () => {
		// "abcabc" occurs at 0 and 3 of "abcabcabc": replacing only the first would leave "abc".
		expect(scrubText('x abcabcabc y', ['abcabc'])).toBe(`x ${REDACTED} y`);
		expect(scrubText('x aaaaaaaaaa y', ['aaaaaaa'])).toBe(`x ${REDACTED} y`);
	});

	it('a secret inside another: the longer one replaced whole', () => {
		for (const secrets of [
			['abcdefghij', 'cdefgh'],
			['cdefgh', 'abcdefghij'],
		]) {
			expect(scrubText('x abcdefghij y', secrets)).toBe(`x ${REDACTED} y`);
			expect(scrubText('x abcdefgh y', secrets)).toBe(`x ab${REDACTED} y`);
		}
	});

	it('a secret inside a word or a URL: only the secret goes', () => {
		expect(scrubText(`prefix${first}suffix`, [first])).toBe(`prefix${REDACTED}suffix`);
		expect(scrubText(`https://host/cb?key=${first}&next=1`, [first])).toBe(`https://host/cb?key=${REDACTED}&next=1`);
	});

	it('two forms of one secret side by side (as stored, then URL-encoded): one marker', () => {
		const spaced = 'pass word 42';
		expect(scrubText(`x ${spaced}${encodeURIComponent(spaced)} y`, [spaced])).toBe(`x ${REDACTED} y`);
	});
});

describe('scrubText: a text that forms the secret again', () => {
	// A secret that ends with the marker's own text: replacing it joins what stood before it with
	// the marker into the secret again.
	const tricky = `ab${REDACTED}`;

	it('formed again once: replaced again, the rest of the text kept', () => {
		const out = scrubText(`abab${REDACTED} tail`, [tricky]);
		expect(out).not.toContain(tricky);
		expect(out.endsWith(' tail')).toBe(true);
	});

	it('formed again and again: the whole text given up, never shown', () => {
		const out = scrubText(`${'ab'.repeat(10)}${REDACTED} tail`, [tricky]);
		expect(out).not.toContain(tricky);
		expect(out).not.toContain('tail');
	});
});
