/**
 * The recording proxy between the harness and the simulator: it keeps the Reference IDs of every
 * create request that went over the wire (for "not sent" claims), and it knows which requests
 * Pivot is still working on after the node gave up on them (a create held past the Timeout option
 * commits late), so the judge waits for those before it judges "not paid". A run may have it
 * answer look-ups by Reference ID with a misread (generator.ts LookUpMisread).
 */
import Fastify from 'fastify';

import type { LookUpMisread } from './generator';

export interface RecordedCreate {
	xRequestId: string;
	refs: string[];
	sentAt: number;
}

export interface Recorder {
	url: string;
	creates: RecordedCreate[];
	/** Look-ups by Reference ID to answer with a misread (set per run), and how many were. */
	misread: { kind: LookUpMisread['kind']; remaining: number } | null;
	misreadsApplied: number;
	/** Resolves once the simulator has answered (or dropped) every request the proxy passed on. */
	idle(): Promise<void>;
	close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'host', 'content-length']);

function referencesOf(body: Buffer | undefined): string[] {
	try {
		const parsed = JSON.parse(body?.toString('utf8') ?? '') as { payouts?: Array<{ referenceId?: unknown }> };
		return (parsed.payouts ?? []).map((p) => String(p.referenceId));
	} catch {
		return [];
	}
}

function passOn(headers: Record<string, string | string[] | undefined>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (!HOP_BY_HOP.has(name) && value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
	}
	return out;
}

/** `GET /v1/payouts/{referenceId}?type=single`: the look-up by Reference ID. */
function lookedUpReference(method: string, url: string): string | null {
	const match = /^\/v1\/payouts\/([^/?]+)\?(.*)$/.exec(url);
	if (method !== 'GET' || !match || !new URLSearchParams(match[2]).has('type', 'single')) return null;
	return decodeURIComponent(match[1]);
}

/** The Reference ID in another letter case (or with a trailing space when it has no letters). */
function otherCase(referenceId: string): string {
	const lower = referenceId.toLowerCase();
	if (lower !== referenceId) return lower;
	const upper = referenceId.toUpperCase();
	return upper !== referenceId ? upper : `${referenceId} `;
}

/** What the proxy answers instead of Pivot's answer (`payload`) for a look-up of `referenceId`. */
function misreadAnswer(kind: LookUpMisread['kind'], referenceId: string, payload: Buffer): { status: number; type: string; body: string } {
	if (kind === 'noData') return { status: 200, type: 'application/json', body: JSON.stringify({ code: '00', message: 'Success' }) };
	if (kind === 'html404') return { status: 404, type: 'text/html', body: '<html><body><h1>404 Not Found</h1></body></html>' };
	let listed: Array<Record<string, unknown>> = [];
	try {
		const data = (JSON.parse(payload.toString('utf8')) as { data?: unknown }).data;
		if (Array.isArray(data)) listed = data as Array<Record<string, unknown>>;
	} catch {
		// Not JSON: a payout of its own is listed below.
	}
	if (listed.length === 0) listed = [{ referenceId, status: 'SUCCESS', amount: { value: '150000', currency: 'IDR' } }];
	const data = listed.map((p) => ({ ...p, referenceId: otherCase(referenceId) }));
	return { status: 200, type: 'application/json', body: JSON.stringify({ code: '00', message: 'Success', data }) };
}

/**
 * A pass-through proxy in front of the simulator. Requests are passed on even when the client has
 * given up (as a load balancer does), and a connection the simulator drops is dropped to the client.
 */
export async function startRecorder(target: string): Promise<Recorder> {
	const creates: RecordedCreate[] = [];
	let inFlight = 0;
	let waiters: Array<() => void> = [];
	const app = Fastify({ logger: false, forceCloseConnections: true });
	const recorder: Recorder = {
		url: '',
		creates,
		misread: null,
		misreadsApplied: 0,
		idle: async () => {
			if (inFlight === 0) return;
			await new Promise<void>((resolve) => waiters.push(resolve));
		},
		close: async () => await app.close(),
	};
	app.removeAllContentTypeParsers();
	app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
	app.all('/*', async (request, reply) => {
		const body = request.body as Buffer | undefined;
		const isCreate = request.method === 'POST' && request.url.split('?')[0] === '/v1/payouts';
		const record: RecordedCreate | undefined = isCreate
			? { xRequestId: String(request.headers['x-request-id'] ?? ''), refs: referencesOf(body), sentAt: Date.now() }
			: undefined;
		if (record) creates.push(record);
		inFlight++;
		try {
			const answer = await fetch(`${target}${request.url}`, {
				method: request.method,
				headers: passOn(request.headers),
				body: request.method === 'GET' || request.method === 'HEAD' || !body ? undefined : new Uint8Array(body),
			});
			const payload = Buffer.from(await answer.arrayBuffer());
			const referenceId = lookedUpReference(request.method, request.url);
			if (referenceId !== null && recorder.misread && recorder.misread.remaining > 0) {
				recorder.misread.remaining--;
				recorder.misreadsApplied++;
				const replaced = misreadAnswer(recorder.misread.kind, referenceId, payload);
				return await reply.code(replaced.status).type(replaced.type).send(replaced.body);
			}
			const headers: Record<string, string> = {};
			answer.headers.forEach((value, name) => {
				if (!HOP_BY_HOP.has(name)) headers[name] = value;
			});
			return await reply.code(answer.status).headers(headers).send(payload);
		} catch {
			// The simulator dropped the connection: so does the proxy.
			reply.hijack();
			request.raw.socket?.destroy();
			return undefined;
		} finally {
			inFlight--;
			if (inFlight === 0) {
				const ready = waiters;
				waiters = [];
				ready.forEach((resolve) => resolve());
			}
		}
	});
	recorder.url = await app.listen({ port: 0, host: '127.0.0.1' });
	return recorder;
}
