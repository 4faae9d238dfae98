// The forged callbacks R3 sends, and the raw HTTP they need.
import net from 'node:net';
import { mixedCaseKey } from '../lib.mjs';

// ---------------------------------------------------------------------------------------
// R3: forged callbacks, genuine callbacks, redeliveries
// ---------------------------------------------------------------------------------------
/** One HTTP/1.1 request written byte by byte (headers exactly as given); bounded by timeoutMs. */
export function rawRequest(port, head, body, timeoutMs = 10_000) {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		const chunks = [];
		const timer = setTimeout(() => {
			socket.destroy();
			resolve({ status: 0, text: 'timeout' });
		}, timeoutMs);
		// write without half-closing: Node's HTTP server drops a half-closed request unanswered
		socket.on('connect', () => socket.write(Buffer.concat([head, body])));
		socket.on('data', (chunk) => chunks.push(chunk));
		socket.on('error', () => undefined);
		socket.on('close', () => {
			clearTimeout(timer);
			const text = Buffer.concat(chunks).toString('latin1');
			resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0), text });
		});
	});
}

/** The forgeries: [name, (key, body) → { path?, headers: [[name, value(Buffer|string)]], body }]. */
export function forgeries(key, otherMerchantKey) {
	const mid = Math.floor(key.length / 2);
	// another character of the same class (digit, lower, upper), so the length and alphabet stay
	const flip = (c) =>
		/[0-9]/.test(c) ? String((Number(c) + 1) % 10) : /[a-z]/.test(c) ? (c === 'z' ? 'a' : String.fromCharCode(c.charCodeAt(0) + 1)) : c === 'Z' ? 'A' : String.fromCharCode(c.charCodeAt(0) + 1);
	const at = (i) => key.slice(0, i) + flip(key[i]) + key.slice(i + 1);
	const homoglyphAt = [...key].findIndex((c) => 'aeopcxAEOPCX'.includes(c));
	const homoglyph = homoglyphAt >= 0
		? Buffer.concat([Buffer.from(key.slice(0, homoglyphAt), 'latin1'), Buffer.from(String.fromCharCode(0x430 + 'aeopcx'.indexOf(key[homoglyphAt].toLowerCase())), 'utf8'), Buffer.from(key.slice(homoglyphAt + 1), 'latin1')])
		: Buffer.from(`${key}\u0430`, 'utf8');
	const h = (name, value) => [name, value];
	return [
		['no key at all', () => ({ headers: [] })],
		['wrong key (random, same length)', () => ({ headers: [h('X-API-Key', mixedCaseKey().slice(0, key.length))] })],
		["another merchant's key", () => ({ headers: [h('X-API-Key', otherMerchantKey)] })],
		['empty X-API-Key header', () => ({ headers: [h('X-API-Key', '')] })],
		['near miss, equal length, first character', () => ({ headers: [h('X-API-Key', at(0))] })],
		['near miss, equal length, middle character', () => ({ headers: [h('X-API-Key', at(mid))] })],
		['near miss, equal length, last character', () => ({ headers: [h('X-API-Key', at(key.length - 1))] })],
		['prefix of the key (last character cut)', () => ({ headers: [h('X-API-Key', key.slice(0, -1))] })],
		['first half of the key', () => ({ headers: [h('X-API-Key', key.slice(0, mid))] })],
		['key + suffix', () => ({ headers: [h('X-API-Key', `${key}x`)] })],
		['key lower-cased', () => ({ headers: [h('X-API-Key', key.toLowerCase())] })],
		['key upper-cased', () => ({ headers: [h('X-API-Key', key.toUpperCase())] })],
		['key with a space inside', () => ({ headers: [h('X-API-Key', `${key.slice(0, mid)} ${key.slice(mid)}`)] })],
		['key with a tab inside', () => ({ headers: [h('X-API-Key', `${key.slice(0, mid)}\t${key.slice(mid)}`)] })],
		['key + trailing no-break space (0xA0, not stripped by HTTP)', () => ({ headers: [h('X-API-Key', Buffer.concat([Buffer.from(key, 'latin1'), Buffer.from([0xa0])]))] })],
		['key with one Cyrillic look-alike letter', () => ({ headers: [h('X-API-Key', homoglyph)] })],
		['key in double quotes', () => ({ headers: [h('X-API-Key', `"${key}"`)] })],
		['key twice (duplicated header)', () => ({ headers: [h('X-API-Key', key), h('X-API-Key', key)] })],
		['wrong key, then the right key (two headers)', () => ({ headers: [h('X-API-Key', at(0)), h('X-API-Key', key)] })],
		['right key, then a wrong key (two headers)', () => ({ headers: [h('X-API-Key', key), h('X-API-Key', at(0))] })],
		['key split over two headers', () => ({ headers: [h('X-API-Key', key.slice(0, mid)), h('X-API-Key', key.slice(mid))] })],
		['key, comma-joined with itself in one header', () => ({ headers: [h('X-API-Key', `${key}, ${key}`)] })],
		['right key under another header name (X-Api-Token)', () => ({ headers: [h('X-Api-Token', key)] })],
		['right key under X_API_KEY (underscores)', () => ({ headers: [h('X_API_KEY', key)] })],
		['right key under X-API-Keys', () => ({ headers: [h('X-API-Keys', key)] })],
		['Authorization: Bearer <key>', () => ({ headers: [h('Authorization', `Bearer ${key}`)] })],
		['Authorization: <key>', () => ({ headers: [h('Authorization', key)] })],
		['X-API-Key: Bearer <key>', () => ({ headers: [h('X-API-Key', `Bearer ${key}`)] })],
		['key base64-encoded', () => ({ headers: [h('X-API-Key', Buffer.from(key).toString('base64'))] })],
		['right key in a cookie', () => ({ headers: [h('Cookie', `X-API-Key=${key}; apiKey=${key}`)] })],
		['right key in the query string only', () => ({ query: `?X-API-Key=${encodeURIComponent(key)}&apiKey=${encodeURIComponent(key)}`, headers: [] })],
		['right key in the body only', (body) => ({ headers: [], body: { ...body, apiKey: key, 'X-API-Key': key, headers: { 'X-API-Key': key } } })],
	];
}
