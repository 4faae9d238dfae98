// Two small HTTP proxies for the E2E suite, both on 127.0.0.1:
//
// - startTokenTap(target): sits between n8n and the simulator and passes everything through
//   unchanged, but remembers every access token the simulator issues (POST /v1/access-token),
//   so the suite can check that none of them ends up in execution data or logs. When the
//   simulator drops a connection (a fault), the tap drops n8n's connection too.
// - startGateway(target): sits between the simulator's callbacks and n8n, like a load balancer
//   in front of n8n. Normally it forwards; failNext('loseAnswer') forwards a request to n8n and
//   then answers 502 instead of n8n's answer (the answer is lost on the way back), and
//   failNext('down') resets the connection without forwarding (n8n unreachable).
//
// Neither logs anything: headers carry the client secret and tokens.
import http from 'node:http';

function listen(server) {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve(server.address().port));
	});
}

function closeServer(server) {
	return new Promise((resolve) => {
		server.closeAllConnections?.();
		server.close(() => resolve());
	});
}

/** Forwards one request to target (a base URL); resolves with { status, headers, body } or rejects. */
function forward(target, req, body) {
	const url = new URL(req.url, target);
	const headers = { ...req.headers, host: url.host };
	delete headers.connection;
	return new Promise((resolve, reject) => {
		const upstream = http.request(
			url,
			{ method: req.method, headers, agent: false },
			(res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
				res.on('error', reject);
			},
		);
		upstream.on('error', reject);
		upstream.end(body);
	});
}

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function reply(res, upstream) {
	const headers = { ...upstream.headers };
	delete headers['transfer-encoding'];
	delete headers.connection;
	headers['content-length'] = String(upstream.body.length);
	res.writeHead(upstream.status, headers);
	res.end(upstream.body);
}

/** Pass-through proxy in front of the simulator that records the access tokens it issues. */
export async function startTokenTap(target) {
	const tokens = new Set();
	let forwarded = 0;
	const server = http.createServer(async (req, res) => {
		try {
			const body = await readBody(req);
			const upstream = await forward(target, req, body);
			forwarded++;
			if (req.method === 'POST' && req.url.startsWith('/v1/access-token')) {
				try {
					const token = JSON.parse(upstream.body.toString('utf8'))?.data?.accessToken;
					if (typeof token === 'string' && token) tokens.add(token);
				} catch {
					// not JSON: nothing issued
				}
			}
			reply(res, upstream);
		} catch {
			// the simulator dropped the connection (fault) or is gone: so do we
			req.socket.destroy();
		}
	});
	const port = await listen(server);
	return {
		url: `http://127.0.0.1:${port}`,
		tokens,
		forwarded: () => forwarded,
		stop: () => closeServer(server),
	};
}

/** Gateway in front of n8n for the simulator's callbacks, with scripted failures. */
export async function startGateway(target) {
	const queue = []; // failure kinds for the next requests, in order
	const log = []; // { at, method, path, kind, upstreamStatus?, answered }
	const server = http.createServer(async (req, res) => {
		const kind = queue.shift() ?? 'pass';
		const entry = { at: new Date().toISOString(), method: req.method, path: req.url, kind };
		log.push(entry);
		try {
			const body = await readBody(req);
			if (kind === 'down') {
				entry.answered = 'connection reset';
				req.socket.destroy();
				return;
			}
			const upstream = await forward(target, req, body);
			entry.upstreamStatus = upstream.status;
			if (kind === 'loseAnswer') {
				entry.answered = 502;
				res.writeHead(502, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ message: 'Bad Gateway (answer lost on purpose by the E2E gateway)' }));
				return;
			}
			entry.answered = upstream.status;
			reply(res, upstream);
		} catch (error) {
			entry.answered = `error: ${error.code ?? error.message}`;
			req.socket.destroy();
		}
	});
	const port = await listen(server);
	return {
		url: `http://127.0.0.1:${port}`,
		log,
		/** The next `count` requests fail with `kind` ('loseAnswer' or 'down'). */
		failNext(kind, count = 1) {
			for (let i = 0; i < count; i++) queue.push(kind);
		},
		clear() {
			queue.length = 0;
			log.length = 0;
		},
		stop: () => closeServer(server),
	};
}
