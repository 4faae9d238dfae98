/** The fastify server: request recording, fault injection, Pivot routes and the control API. */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { sleep } from 'n8n-workflow';

import type { SandboxContext } from './context';
import type { SandboxController } from './controller';
import { type Envelope, type ErrorKey, pivotError } from './errors';
import { dropConnection, fail, requestContext, send, single } from './http';
import { tokenRoutes } from './routes/auth';
import { controlRoutes } from './routes/control';
import { inquiryRoutes } from './routes/inquiry';
import { ledgerControlRoutes, ledgerRoutes } from './routes/ledger';
import { createPayoutRoutes } from './routes/payouts';
import { retrieveRoutes } from './routes/retrieve';
import type { SandboxRequestRecord, SandboxRoute } from './types';

const ROUTES: Record<string, SandboxRoute> = {
	'POST /v1/access-token': 'token',
	'GET /v1/payouts/balance': 'balance',
	'POST /v1/inquiry-account': 'inquiry',
	'GET /v1/inquiry-account/:uuid': 'inquiry',
	'POST /v1/payouts': 'createPayout',
	'GET /v1/payouts/:id': 'getPayout',
	'GET /v1/balance-histories': 'balanceHistory',
};

/** Never store credentials, even in memory: the logs are served by the control API. */
const SENSITIVE_HEADER = /^(authorization|x-merchant-secret|x-api-key|cookie)$/;

function recordRequest(request: FastifyRequest, route: SandboxRoute | 'other', id: number): SandboxRequestRecord {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(request.headers)) {
		if (value === undefined) continue;
		headers[name] = SENSITIVE_HEADER.test(name) ? '[redacted]' : Array.isArray(value) ? value.join(', ') : value;
	}
	const query: Record<string, string> = {};
	for (const [name, value] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
		const v = single(value);
		if (v !== undefined) query[name] = v;
	}
	const xRequestId = single(request.headers['x-request-id']);
	const submerchantId = single(request.headers['x-submerchant-id']);
	return {
		id,
		method: request.method,
		path: request.url.split('?')[0],
		query,
		headers,
		route,
		...(xRequestId !== undefined ? { xRequestId } : {}),
		...(submerchantId !== undefined ? { submerchantId } : {}),
		status: 0,
		at: new Date().toISOString(),
	};
}

const FAULT_STATUS_ERROR: Record<number, ErrorKey> = {
	408: 'request_timeout',
	429: 'rate_limited',
};

/** An error that repeats every request header in its message, details and trace: secrets included. */
function echoEnvelope(headers: FastifyRequest['headers']): Envelope {
	const echoed = Object.entries(headers).map(([name, value]) => `${name}: ${String(value)}`);
	return {
		code: 'field_format_invalid',
		message: `Request rejected. Headers received: ${echoed.join('; ')}`,
		error: {
			type: 'API_ERROR',
			details: Object.entries(headers).map(([field, value]) => ({ field, message: String(value) })),
			trace_id: String(headers.authorization ?? headers['x-merchant-secret'] ?? 'no-trace'),
		},
	};
}

export function buildApp(ctx: SandboxContext, control: SandboxController): FastifyInstance {
	const app = Fastify({
		logger: false,
		forceCloseConnections: true,
		bodyLimit: 10 * 1024 * 1024,
		// Pivot rejects a number where a string is expected: no coercion, no silent changes to bodies.
		ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: true } },
	});
	let nextRequestId = 1;

	app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
		if (request.url.startsWith('/_sandbox/')) return undefined;
		const rc = requestContext(request);
		const route = ROUTES[`${request.method} ${request.routeOptions.url ?? ''}`] as SandboxRoute | undefined;
		rc.route = route ?? 'other';
		rc.record = recordRequest(request, rc.route, nextRequestId++);
		ctx.state.requestLog.push(rc.record);
		if (route === undefined) return undefined;

		const fault = ctx.faults.take(route);
		if (!fault) return undefined;
		rc.fault = fault;
		rc.record.fault = fault.kind;
		if (fault.kind === 'dropBeforeCommit') {
			dropConnection(request, reply);
			return reply;
		}
		if (fault.kind === 'latency') await sleep(fault.latencyMs ?? 0, ctx.lifecycle.signal);
		if (fault.kind === 'echoHeaders') {
			await send(ctx, request, reply, fault.status ?? 400, echoEnvelope(request.headers));
			return reply;
		}
		if (fault.kind === 'status') {
			const status = fault.status ?? 503;
			if (fault.retryAfterSeconds !== undefined) void reply.header('retry-after', String(fault.retryAfterSeconds));
			await fail(ctx, request, reply, pivotError(FAULT_STATUS_ERROR[status] ?? 'service_unavailable', '', status));
			return reply;
		}
		return undefined;
	});

	app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
		const record = requestContext(request).record;
		if (record) record.status = reply.statusCode;
	});

	// Body parser failures (malformed JSON, wrong content type, too large) in Pivot's envelope.
	app.setErrorHandler(async (error: { statusCode?: number }, request, reply) => {
		const status = error.statusCode ?? 500;
		if (status >= 500) return await fail(ctx, request, reply, pivotError('general_error'));
		const route = requestContext(request).route;
		const e = route === 'createPayout' ? pivotError('payouts_malformed', 'payouts') : pivotError('field_format_invalid', 'body');
		return await fail(ctx, request, reply, e);
	});
	app.setNotFoundHandler(async (request, reply) => await fail(ctx, request, reply, pivotError('route_not_found')));

	tokenRoutes(app, ctx);
	inquiryRoutes(app, ctx);
	createPayoutRoutes(app, ctx);
	retrieveRoutes(app, ctx);
	ledgerRoutes(app, ctx);
	void app.register(async (scope) => {
		await controlRoutes(scope, control);
		ledgerControlRoutes(scope, control);
	});
	return app;
}
