/** The /_sandbox control API (plain JSON, not Pivot's envelope); never recorded in requests(). */
import type { FastifyInstance, FastifyReply } from 'fastify';

import type { SandboxConfig, SandboxController } from '../controller';
import type { SandboxFault } from '../types';
import { LEDGER_CONFIG_KEYS } from './ledger';

const CONFIG_KEYS: Partial<Record<keyof SandboxConfig, 'number' | 'string'>> = {
	tokenLifetimeSeconds: 'number',
	tokenPolicy: 'string',
	processingDelayMs: 'number',
	callbackTimeScale: 'number',
	clientId: 'string',
	callbackUrl: 'string',
	balance: 'string',
	...LEDGER_CONFIG_KEYS,
};

const configSchema = {
	type: 'object',
	additionalProperties: false,
	properties: Object.fromEntries(Object.entries(CONFIG_KEYS).map(([k, type]) => [k, { type }])),
};

async function badRequest(reply: FastifyReply, e: unknown) {
	return await reply.code(400).send({ ok: false, error: e instanceof Error ? e.message : String(e) });
}

/** Registered in its own plugin scope: any content type is accepted and errors stay plain JSON. */
export async function controlRoutes(app: FastifyInstance, control: SandboxController): Promise<void> {
	app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
	app.setErrorHandler(async (error, _request, reply) => await badRequest(reply, error));

	app.get('/_sandbox/health', async () => ({ ok: true }));
	app.get('/_sandbox/payouts', async () => control.payouts());
	app.get('/_sandbox/requests', async () => control.requests());
	app.get('/_sandbox/callbacks', async () => control.callbacks());
	app.get('/_sandbox/stats', async () => control.stats());
	app.get('/_sandbox/tokens', async () => ({ issued: control.issuedTokens() }));

	app.post('/_sandbox/faults', async (request, reply) => {
		try {
			control.setFault(request.body as SandboxFault);
		} catch (e) {
			return await badRequest(reply, e);
		}
		return { ok: true, faults: control.stats().faults };
	});
	app.delete('/_sandbox/faults', async () => {
		control.clearFaults();
		return { ok: true };
	});

	app.post('/_sandbox/config', { schema: { body: configSchema }, attachValidation: true }, async (request, reply) => {
		if (request.validationError) return await badRequest(reply, request.validationError);
		try {
			control.configure((request.body ?? {}) as SandboxConfig);
		} catch (e) {
			return await badRequest(reply, e);
		}
		return { ok: true };
	});

	app.post('/_sandbox/reset', async () => {
		control.reset();
		return { ok: true };
	});

	// Dashboard actions for a request parked for top-up.
	app.post('/_sandbox/payouts/:uuid/retry', async (request, reply) => {
		const ok = control.retryPending((request.params as { uuid: string }).uuid);
		return ok ? { ok } : await reply.code(409).send({ ok, error: 'not parked, or balance still insufficient' });
	});
	app.post('/_sandbox/payouts/:uuid/cancel', async (request, reply) => {
		const ok = control.cancelPending((request.params as { uuid: string }).uuid);
		return ok ? { ok } : await reply.code(409).send({ ok, error: 'not parked for top-up' });
	});
}
