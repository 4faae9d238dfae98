/**
 * An HTTP gateway in front of the simulator, as a load balancer or proxy would be. Create
 * requests (POST /v1/payouts) are held for `holdMs` and then passed on even when the client has
 * given up (Pivot's own limit is 60 s, so a request the node stopped waiting for may still be
 * processed), or answered by the gateway itself with `answer` without reaching Pivot.
 */
import Fastify from 'fastify';
import { sleep } from 'n8n-workflow';

export interface Gateway {
	url: string;
	close: () => Promise<void>;
}

export interface GatewayAnswer {
	status: number;
	type: string;
	body: string;
}

export async function startGateway(target: string, create: { holdMs?: number; answer?: GatewayAnswer }): Promise<Gateway> {
	const app = Fastify();
	app.removeAllContentTypeParsers();
	app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
	app.all('/*', async (request, reply) => {
		const isCreate = request.method === 'POST' && request.url === '/v1/payouts';
		if (isCreate && create.answer) return await reply.code(create.answer.status).type(create.answer.type).send(create.answer.body);
		if (isCreate && create.holdMs) await sleep(create.holdMs);
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries(request.headers)) {
			if (typeof value === 'string' && !['host', 'content-length', 'connection'].includes(name)) headers[name] = value;
		}
		const answer = await fetch(`${target}${request.url}`, {
			method: request.method,
			headers,
			body: request.method === 'GET' ? undefined : (request.body as string | undefined),
		});
		const body = await answer.text();
		return await reply.code(answer.status).type(answer.headers.get('content-type') ?? 'application/json').send(body);
	});
	const url = await app.listen({ port: 0, host: '127.0.0.1' });
	return { url, close: async () => await app.close() };
}
