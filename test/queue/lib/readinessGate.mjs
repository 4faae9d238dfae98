// What a load balancer in front of n8n's webhook processes does when its health check is
// /healthz/readiness: a request goes through only while the process says it is ready; otherwise
// the caller gets 503, which Pivot redelivers. Without it, a webhook process that is starting
// answers 404 (its webhook routes are not registered yet) or even 200 ("n8n is starting up")
// while migrations run, and Pivot redelivers neither.
import http from 'node:http';

export async function startReadinessGate(backendUrl) {
	const backend = new URL(backendUrl);
	const ready = async () => {
		try {
			const response = await fetch(new URL('/healthz/readiness', backend), { signal: AbortSignal.timeout(1000) });
			await response.arrayBuffer();
			return response.status === 200;
		} catch {
			return false;
		}
	};
	const counts = { forwarded: 0, refused: 0 };
	const server = http.createServer(async (request, response) => {
		if (!(await ready())) {
			counts.refused++;
			response.writeHead(503, { 'content-type': 'text/plain' }).end('backend not ready');
			return;
		}
		counts.forwarded++;
		const upstream = http.request(
			{ host: backend.hostname, port: backend.port, method: request.method, path: request.url, headers: request.headers },
			(answer) => {
				response.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(response);
			},
		);
		// the process went away between the check and the request: a 502, which Pivot redelivers
		upstream.on('error', () => {
			if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
			response.end('backend gone');
		});
		request.pipe(upstream);
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}`,
		counts,
		async stop() {
			server.closeAllConnections?.();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}
