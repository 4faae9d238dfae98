/**
 * The recording proxy between the harness and the simulator: it keeps the Reference IDs of every
 * create request that went over the wire (for "not sent" claims), and it knows which requests
 * Pivot is still working on after the node gave up on them (a create held past the Timeout option
 * commits late), so the judge waits for those before it judges "not paid".
 */
import Fastify from 'fastify';

export interface RecordedCreate {
	xRequestId: string;
	refs: string[];
	sentAt: number;
}

export interface Recorder {
	url: string;
	creates: RecordedCreate[];
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

/**
 * A pass-through proxy in front of the simulator. Requests are passed on even when the client has
 * given up (as a load balancer does), and a connection the simulator drops is dropped to the client.
 */
export async function startRecorder(target: string): Promise<Recorder> {
	const creates: RecordedCreate[] = [];
	let inFlight = 0;
	let waiters: Array<() => void> = [];
	const app = Fastify({ logger: false, forceCloseConnections: true });
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
	const url = await app.listen({ port: 0, host: '127.0.0.1' });
	return {
		url,
		creates,
		idle: async () => {
			if (inFlight === 0) return;
			await new Promise<void>((resolve) => waiters.push(resolve));
		},
		close: async () => await app.close(),
	};
}
