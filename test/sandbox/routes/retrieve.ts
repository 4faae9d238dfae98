/** GET /v1/payouts/{uuid}[?page&perPage | ?referenceId=] and /v1/payouts/{referenceId}?type=single. */
import type { FastifyInstance } from 'fastify';

import type { SandboxContext } from '../context';
import { pivotError, success } from '../errors';
import { guarded, merchantOf, send, single } from '../http';
import { requestItemView, requestView, singleLookupView } from '../views';
import { authenticate } from './auth';

const MAX_PER_PAGE = 100;

/** A positive integer query parameter, or the default when absent; anything else is rejected. */
function positive(query: Record<string, unknown>, name: string, fallback: number, max = Infinity): number {
	const raw = single(query[name]);
	if (raw === undefined || raw === '') return fallback;
	const n = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
	if (!(n >= 1 && n <= max)) throw pivotError('field_format_invalid', name);
	return n;
}

export function retrieveRoutes(app: FastifyInstance, ctx: SandboxContext): void {
	app.get('/v1/payouts/:id', { preHandler: authenticate(ctx) }, async (request, reply) =>
		guarded(ctx, request, reply, async () => {
			const merchantId = merchantOf(request).clientId;
			const { id } = request.params as { id: string };
			const query = request.query as Record<string, unknown>;
			const type = single(query.type);

			// By referenceId alone: data is an array of bare items. Never "in process", so clients
			// can rely on it to find out whether a payout exists after an unknown outcome.
			if (type !== undefined) {
				if (type !== 'single') throw pivotError('field_format_invalid', 'type');
				const found = ctx.state.findReference(merchantId, id);
				const item = found?.items.find((i) => i.referenceId === id);
				if (!item) throw pivotError('payout_missing');
				return await send(ctx, request, reply, 200, success([singleLookupView(item)]));
			}

			const payout = ctx.state.payoutRequests.get(id);
			if (!payout || payout.merchantId !== merchantId) throw pivotError('payout_missing');
			const age = Date.now() - payout.created.getTime();
			if (payout.status === 'IN_PROGRESS' && age < ctx.settings.inProcessWindowMs) {
				throw pivotError('payouts_in_process');
			}

			const referenceId = single(query.referenceId);
			if (referenceId !== undefined) {
				const item = payout.items.find((i) => i.referenceId === referenceId);
				if (!item) throw pivotError('payout_missing', 'referenceId');
				return await send(ctx, request, reply, 200, success(requestItemView(payout, item)));
			}

			const page = positive(query, 'page', 1);
			const perPage = positive(query, 'perPage', 20, MAX_PER_PAGE);
			const totalItems = payout.items.length;
			const items = payout.items.slice((page - 1) * perPage, page * perPage);
			return await send(ctx, request, reply, 200, {
				...success(requestView(payout, items)),
				pagination: { page, perPage, totalItems, totalPages: Math.max(1, Math.ceil(totalItems / perPage)) },
			});
		}),
	);
}
