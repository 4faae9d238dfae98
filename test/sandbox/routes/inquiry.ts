/** Balance and account inquiry. */
import { randomUUID } from 'crypto';
import type { FastifyInstance } from 'fastify';

import { INQUIRY_TEXT, PENDING_INQUIRY_ACCOUNT, bankRecord, compareNames } from '../accounts';
import { isKnownChannel } from '../channels';
import type { SandboxContext } from '../context';
import { pivotError, success } from '../errors';
import { guarded, merchantOf, send, single } from '../http';
import { formatCents } from '../money';
import { inquiryBodySchema, schemaError } from '../schemas';
import type { InquiryRecord } from '../state';
import { authenticate } from './auth';

type InquiryResult = { status: 'VALID' } | { status: 'WARNING' | 'INVALID' | 'PENDING'; detail: string };

/** Computed on read, so a PENDING inquiry resolves by itself once its delay has passed. */
export function inquiryResult(inq: InquiryRecord, pendingDelayMs: number): InquiryResult {
	if (inq.accountNumber === PENDING_INQUIRY_ACCOUNT && Date.now() - inq.createdMs < pendingDelayMs) {
		return { status: 'PENDING', detail: INQUIRY_TEXT.pending };
	}
	const record = bankRecord(inq.accountNumber);
	if (record === undefined) return { status: 'INVALID', detail: INQUIRY_TEXT.invalid };
	const match = compareNames(inq.accountName, record);
	if (match === 'exact') return { status: 'VALID' };
	return { status: 'WARNING', detail: INQUIRY_TEXT[match](record) };
}

const inquiryView = (inq: InquiryRecord, pendingDelayMs: number) => ({
	uuid: inq.uuid,
	merchantId: inq.merchantId,
	inquiryResult: inquiryResult(inq, pendingDelayMs),
});

interface InquiryBody {
	channelCode: string;
	channelInformation: { accountNumber: string; accountName: string };
}

export function inquiryRoutes(app: FastifyInstance, ctx: SandboxContext): void {
	const preHandler = authenticate(ctx);

	app.get('/v1/payouts/balance', { preHandler }, async (request, reply) =>
		guarded(ctx, request, reply, async () => {
			const currency = single((request.query as Record<string, unknown>).currency);
			if (!currency) throw pivotError('field_required', 'currency');
			if (currency !== 'IDR') throw pivotError('field_format_invalid', 'currency');
			const value = formatCents(merchantOf(request).balanceCents);
			return await send(ctx, request, reply, 200, success({ availableBalance: { currency: 'IDR', value } }));
		}),
	);

	app.post(
		'/v1/inquiry-account',
		{ preHandler, attachValidation: true, schema: { body: inquiryBodySchema } },
		async (request, reply) =>
			guarded(ctx, request, reply, async () => {
				if (request.validationError) {
					throw schemaError(request.validationError.validation, {
						rootRequired: ['channelCode', 'channelInformation'],
					});
				}
				const body = request.body as InquiryBody;
				if (!isKnownChannel(body.channelCode)) throw pivotError('unsupported_channel_code', 'channelCode');
				const inquiry: InquiryRecord = {
					uuid: randomUUID(),
					merchantId: merchantOf(request).clientId,
					channelCode: body.channelCode,
					accountNumber: body.channelInformation.accountNumber,
					accountName: body.channelInformation.accountName,
					createdMs: Date.now(),
				};
				ctx.state.inquiries.set(inquiry.uuid, inquiry);
				const fee = ctx.settings.inquiryFee;
				if (fee > 0) {
					// Pivot lists ACCOUNT_INQUIRY_FEE among the payout balance's entries; it may take the balance below 0.
					merchantOf(request).balanceCents -= fee * 100;
					ctx.state.ledger.inquiryFee(inquiry.merchantId, inquiry.uuid, inquiry.channelCode, fee, new Date());
				}
				// Pivot's inquiry examples answer message "OK" (other endpoints: "Success").
				const data = inquiryView(inquiry, ctx.settings.pendingInquiryDelayMs);
				return await send(ctx, request, reply, 200, success(data, 'OK'));
			}),
	);

	app.get('/v1/inquiry-account/:uuid', { preHandler }, async (request, reply) =>
		guarded(ctx, request, reply, async () => {
			const { uuid } = request.params as { uuid: string };
			const inquiry = ctx.state.inquiries.get(uuid);
			if (!inquiry || inquiry.merchantId !== merchantOf(request).clientId) throw pivotError('inquiry_missing');
			const data = inquiryView(inquiry, ctx.settings.pendingInquiryDelayMs);
			return await send(ctx, request, reply, 200, success(data, 'OK'));
		}),
	);
}
