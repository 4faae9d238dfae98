/**
 * A top-up of the payout (DISBURSEMENT) balance by virtual account, as Pivot reports it: the
 * balance goes up, a VA_TOP_UP entry is written, and MERCHANT-TOP-UP.SUCCESS is POSTed with the
 * same X-API-Key as payout callbacks, to the top-up callback URL (a separate dashboard field at
 * Pivot; here it falls back to the payout callback URL).
 */
import { randomUUID } from 'crypto';

import type { SandboxContext } from './context';
import { formatCents } from './money';
import type { SandboxTopUpInput, SandboxTopUpResult } from './types';

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Pivot's top-up example writes whole rupiah ("100000"); cents only when there are some. */
const rupiahText = (cents: number) => (cents % 100 === 0 ? String(cents / 100) : formatCents(cents));

const text = (value: unknown, name: string, fallback: string, max: number): string => {
	if (value === undefined) return fallback;
	if (typeof value !== 'string' || value.length < 1 || value.length > max) throw new Error(`${name} must be text of 1 to ${max} characters`);
	return value;
};

export function topUp(ctx: SandboxContext, input: SandboxTopUpInput): SandboxTopUpResult {
	const clientId = input.clientId ?? [...ctx.state.merchants.keys()][0];
	const merchant = ctx.state.merchant(clientId);
	if (typeof input.amount !== 'string' || !/^[1-9]\d{0,12}$/.test(input.amount)) {
		throw new Error('amount must be a whole number of rupiah written with digits, e.g. "500000"');
	}
	const channel = text(input.channel, 'channel', 'BRI', 30);
	const merchantName = text(input.merchantName, 'merchantName', 'Pivot Sandbox Merchant', 100);
	const vaNumber = text(input.virtualAccountNumber, 'virtualAccountNumber', '8808000000000001', 60);
	const vaName = text(input.virtualAccountName, 'virtualAccountName', merchantName, 100);

	const amountCents = Number(input.amount) * 100;
	const before = merchant.balanceCents;
	merchant.balanceCents += amountCents;
	const now = new Date();
	const transactionId = randomUUID();
	const entry = ctx.state.ledger.add({
		merchantId: clientId,
		accountType: 'DISBURSEMENT',
		referenceId: `TOPUP-${transactionId.slice(0, 8).toUpperCase()}`,
		date: iso(now),
		settlementDate: iso(now),
		settlementStatus: 'SETTLED',
		channel,
		transactionType: 'VA_TOP_UP',
		amount: formatCents(amountCents),
		fee: '0.00',
		currency: 'IDR',
		createdBy: 'SYSTEM',
		transactionId,
	});
	const money = (cents: number) => ({ currency: 'IDR', value: rupiahText(cents) });
	const callback = {
		event: 'MERCHANT-TOP-UP.SUCCESS',
		data: {
			merchantId: clientId,
			merchantName,
			accountName: 'DISBURSEMENT',
			amount: money(amountCents),
			balanceBefore: money(before),
			balanceAfter: money(merchant.balanceCents),
			paymentMethod: { type: 'VIRTUAL_ACCOUNT' },
			paymentMethodOptions: {
				virtualAccount: { channel, virtualAccountNumber: vaNumber, virtualAccountName: vaName },
			},
			transactionTime: iso(now),
		},
	};
	const url = merchant.topUpCallbackUrl || merchant.callbackUrl;
	ctx.callbacks.send(merchant, callback, url);
	return { entry: { ...entry }, callback, url };
}
