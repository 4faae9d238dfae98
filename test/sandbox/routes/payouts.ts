/** POST /v1/payouts with X-REQUEST-ID idempotency. */
import { createHash, randomUUID } from 'crypto';
import type { FastifyInstance } from 'fastify';

import { INSUFFICIENT_BALANCE_ACCOUNT } from '../accounts';
import type { SandboxContext } from '../context';
import { pivotError, success } from '../errors';
import { guarded, merchantOf, requestContext, respond, single } from '../http';
import { createPayoutBodySchema, schemaError } from '../schemas';
import type { PayoutRequest } from '../state';
import { type PayoutItemInput, validatePayoutItems } from '../validate-payout';
import { createView } from '../views';
import { authenticate } from './auth';

/** JSON with object keys sorted at every level, so key order does not make bodies "different". */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const entries = Object.keys(value)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
		return `{${entries.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/** The sandbox's "insufficient balance" account parks a request whatever the balance. */
export const forcedInsufficient = (r: Pick<PayoutRequest, 'items'>) =>
	r.items.some((i) => i.accountNumber === INSUFFICIENT_BALANCE_ACCOUNT);

export function createPayoutRoutes(app: FastifyInstance, ctx: SandboxContext): void {
	app.post(
		'/v1/payouts',
		{ preHandler: authenticate(ctx), attachValidation: true, schema: { body: createPayoutBodySchema } },
		async (request, reply) =>
			guarded(ctx, request, reply, async () => {
				const merchant = merchantOf(request);
				const key = single(request.headers['x-request-id']);
				if (!key) throw pivotError('field_required', 'X-REQUEST-ID');
				if (!/^[A-Za-z0-9]{16,36}$/.test(key)) throw pivotError('field_format_invalid', 'X-REQUEST-ID');

				// Only accepted requests record their key, so a rejected request can be fixed and resent.
				const slot = `${merchant.clientId} ${key}`;
				const bodyHash = createHash('sha256').update(canonicalJson(request.body)).digest('hex');
				const prior = ctx.state.idempotency.get(slot);
				if (prior && Date.now() - prior.atMs < ctx.settings.idempotencyWindowMs) {
					if (prior.bodyHash !== bodyHash) throw pivotError('request_id_exists', 'X-REQUEST-ID');
					const rc = requestContext(request);
					if (rc.record) rc.record.replay = true;
					const original = JSON.stringify(success(createView(prior.request, prior.acceptedStatus)));
					return await respond(ctx, request, reply, 200, original, '00');
				}

				if (request.validationError) {
					throw schemaError(request.validationError.validation, { payouts: true });
				}
				const inputs = (request.body as { payouts: PayoutItemInput[] }).payouts;
				const items = validatePayoutItems(inputs, merchant.clientId, ctx.state, ctx.settings);

				const now = new Date();
				const payout: PayoutRequest = {
					uuid: randomUUID(),
					merchantId: merchant.clientId,
					submerchantId: single(request.headers['x-submerchant-id']),
					xRequestId: key,
					status: 'IN_PROGRESS',
					items: items.map((i) => ({ ...i, status: 'APPROVED', reason: '', created: now, updated: now })),
					created: now,
					updated: now,
					debited: false,
					fee: 0,
				};
				const park = forcedInsufficient(payout) || !ctx.processor.canAfford(merchant.clientId, payout);
				if (park) payout.status = 'PENDING';
				ctx.state.addPayoutRequest(payout);
				ctx.state.idempotency.set(slot, { bodyHash, request: payout, acceptedStatus: payout.status, atMs: Date.now() });
				const payload = JSON.stringify(success(createView(payout)));
				if (park) ctx.processor.park(payout);
				else ctx.processor.accept(payout);
				return await respond(ctx, request, reply, 200, payload, '00');
			}),
	);
}
