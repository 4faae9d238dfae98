/**
 * A proxy in front of the simulator that passes every request on and may replace the answer a
 * client sees, as a load balancer, a cache or a misbehaving Pivot release would. The simulator
 * still records the request, so what Pivot holds and what was asked stay checkable.
 */
import Fastify from 'fastify';

export interface Seen {
	method: string;
	/** Path with its query, as sent. */
	url: string;
	status: number;
	body: string;
}

export interface Replacement {
	status: number;
	body: string;
	type?: string;
}

export type Rewrite = (seen: Seen) => Replacement | undefined;

export interface RewritingGateway {
	url: string;
	/** How many answers were replaced. */
	replaced(): number;
	close(): Promise<void>;
}

export async function startRewritingGateway(target: string, rewrite: Rewrite): Promise<RewritingGateway> {
	let replaced = 0;
	const app = Fastify();
	app.removeAllContentTypeParsers();
	app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
	app.all('/*', async (request, reply) => {
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries(request.headers)) {
			if (typeof value === 'string' && !['host', 'content-length', 'connection'].includes(name)) headers[name] = value;
		}
		const answer = await fetch(`${target}${request.url}`, {
			method: request.method,
			headers,
			body: request.method === 'GET' ? undefined : (request.body as string | undefined),
		});
		const seen: Seen = { method: request.method, url: request.url, status: answer.status, body: await answer.text() };
		const replacement = rewrite(seen);
		if (replacement) replaced++;
		const out = replacement ?? { status: seen.status, body: seen.body, type: answer.headers.get('content-type') ?? 'application/json' };
		return await reply
			.code(out.status)
			.type(out.type ?? 'application/json')
			.send(out.body);
	});
	const url = await app.listen({ port: 0, host: '127.0.0.1' });
	return { url, replaced: () => replaced, close: async () => await app.close() };
}
