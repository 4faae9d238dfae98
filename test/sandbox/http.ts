/** Per-request bookkeeping and the one place that writes (or deliberately drops) an answer. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sleep } from 'n8n-workflow';

import type { SandboxContext } from './context';
import { type Envelope, PivotError } from './errors';
import type { MerchantState } from './state';
import type { SandboxFault, SandboxRequestRecord, SandboxRoute } from './types';

export interface RequestContext {
	record?: SandboxRequestRecord;
	route: SandboxRoute | 'other';
	fault?: SandboxFault;
	merchant?: MerchantState;
}

const contexts = new WeakMap<FastifyRequest, RequestContext>();

export function requestContext(request: FastifyRequest): RequestContext {
	let rc = contexts.get(request);
	if (!rc) contexts.set(request, (rc = { route: 'other' }));
	return rc;
}

/** The authenticated merchant; routes behind authenticate() always have one. */
export function merchantOf(request: FastifyRequest): MerchantState {
	const m = requestContext(request).merchant;
	if (!m) throw new Error('route used without authentication');
	return m;
}

/** First value of a header or query parameter (repeated ones arrive as arrays). */
export function single(value: unknown): string | undefined {
	if (Array.isArray(value)) return single(value[0]);
	return typeof value === 'string' ? value : undefined;
}

/** Closes the TCP connection without an answer: the client sees ECONNRESET / socket hang up. */
export function dropConnection(request: FastifyRequest, reply: FastifyReply): void {
	const rc = requestContext(request);
	if (rc.record) rc.record.dropped = true;
	reply.hijack();
	request.raw.socket?.destroy();
}

/**
 * Sends `payload` unless an after-commit fault applies: then the work is already stored and the
 * connection is destroyed (at once, or after latencyMs for timeoutAfterCommit).
 */
export async function respond(
	ctx: SandboxContext,
	request: FastifyRequest,
	reply: FastifyReply,
	status: number,
	payload: string,
	code?: string,
): Promise<FastifyReply | undefined> {
	const rc = requestContext(request);
	if (rc.record && code !== undefined) rc.record.code = code;
	const kind = rc.fault?.kind;
	if (kind === 'dropAfterCommit' || kind === 'timeoutAfterCommit') {
		if (kind === 'timeoutAfterCommit') {
			reply.hijack();
			await sleep(rc.fault?.latencyMs ?? 1000, ctx.lifecycle.signal).catch(() => undefined);
		}
		dropConnection(request, reply);
		return undefined;
	}
	return reply.code(status).type('application/json; charset=utf-8').send(payload);
}

export async function send(
	ctx: SandboxContext,
	request: FastifyRequest,
	reply: FastifyReply,
	status: number,
	body: Envelope,
): Promise<FastifyReply | undefined> {
	return await respond(ctx, request, reply, status, JSON.stringify(body), body.code);
}

export async function fail(
	ctx: SandboxContext,
	request: FastifyRequest,
	reply: FastifyReply,
	error: PivotError,
): Promise<FastifyReply | undefined> {
	return await send(ctx, request, reply, error.status, error.envelope());
}

/** Runs `work`; a thrown PivotError becomes its error answer. */
export async function guarded(
	ctx: SandboxContext,
	request: FastifyRequest,
	reply: FastifyReply,
	work: () => Promise<FastifyReply | undefined>,
): Promise<FastifyReply | undefined> {
	return await work().catch(async (e: unknown) => {
		if (e instanceof PivotError) return await fail(ctx, request, reply, e);
		throw e;
	});
}
