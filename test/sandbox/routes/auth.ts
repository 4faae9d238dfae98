/** POST /v1/access-token and the Bearer check in front of every other /v1 route. */
import { randomBytes, timingSafeEqual } from 'crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import type { SandboxContext } from '../context';
import { pivotError, pivotErrors, success } from '../errors';
import { fail, guarded, requestContext, send, single } from '../http';
import { schemaError, tokenBodySchema } from '../schemas';

const sameSecret = (a: string, b: string) => {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
};

export function authenticate(ctx: SandboxContext) {
	return async (request: FastifyRequest, reply: FastifyReply) => {
		const header = single(request.headers.authorization) ?? '';
		const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
		const token = match ? ctx.state.tokens.get(match[1]) : undefined;
		if (token && token.expiresAtMs <= Date.now()) ctx.state.tokens.delete(match?.[1] ?? '');
		const merchant = token && token.expiresAtMs > Date.now() ? ctx.state.merchants.get(token.merchantId) : undefined;
		if (!merchant) {
			await fail(ctx, request, reply, pivotError('credentials_invalid', '', ctx.settings.credentialsInvalidStatus));
			return reply;
		}
		const rc = requestContext(request);
		rc.merchant = merchant;
		if (rc.record) rc.record.merchantId = merchant.clientId;
		return undefined;
	};
}

/** Long benchmark runs exchange many tokens; forget expired ones now and then. */
function sweepExpiredTokens(ctx: SandboxContext): void {
	if (ctx.state.tokens.size < 1000) return;
	const now = Date.now();
	for (const [token, t] of ctx.state.tokens) if (t.expiresAtMs <= now) ctx.state.tokens.delete(token);
}

export function tokenRoutes(app: FastifyInstance, ctx: SandboxContext): void {
	app.post('/v1/access-token', { attachValidation: true, schema: { body: tokenBodySchema } }, async (request, reply) =>
		guarded(ctx, request, reply, async () => {
			const clientId = single(request.headers['x-merchant-id']);
			const secret = single(request.headers['x-merchant-secret']);
			const missing = [...(clientId ? [] : ['X-MERCHANT-ID']), ...(secret ? [] : ['X-MERCHANT-SECRET'])];
			if (missing.length > 0) throw pivotErrors('field_required', missing);
			const merchant = ctx.state.merchants.get(clientId ?? '');
			if (!merchant || !sameSecret(secret ?? '', merchant.clientSecret)) {
				throw pivotError('merchant_credentials_invalid', '', ctx.settings.credentialsInvalidStatus);
			}
			if (request.validationError) {
				throw schemaError(request.validationError.validation, { rootRequired: ['grantType'] });
			}
			sweepExpiredTokens(ctx);
			const accessToken = randomBytes(32).toString('base64url');
			const lifetime = ctx.settings.tokenLifetimeSeconds;
			if (ctx.settings.tokenPolicy === 'revokePrevious') {
				for (const [token, t] of ctx.state.tokens) if (t.merchantId === merchant.clientId) ctx.state.tokens.delete(token);
			}
			ctx.state.tokens.set(accessToken, { merchantId: merchant.clientId, expiresAtMs: Date.now() + lifetime * 1000 });
			ctx.state.tokensIssued++;
			ctx.state.issuedTokens.push(accessToken);
			const rc = requestContext(request);
			if (rc.record) rc.record.merchantId = merchant.clientId;
			return await send(ctx, request, reply, 200, success({ accessToken, expiresIn: String(lifetime), tokenType: 'Bearer' }));
		}),
	);
}
