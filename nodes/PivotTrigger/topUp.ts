/**
 * Pivot's Top Up Callback: sent when the merchant's payout (DISBURSEMENT) balance, or a
 * sub-account's, is topped up through a virtual account. It has no `uuid` and no `payouts`, so it
 * is read here, apart from the payout events, into one flat item. Pure: no I/O, no n8n runtime.
 */
import type { IDataObject } from 'n8n-workflow';

import { isObject, textOrNull } from '../lib/shapes';
import { dedupeKeyOf } from './normalise';

export const TOP_UP_EVENTS = ['MERCHANT-TOP-UP.SUCCESS'] as const;

/** A sum of money as Pivot sent it: `value` its text, `number` the same as a number when it is one. */
export interface TopUpMoney extends IDataObject {
	value: string | null;
	number: number | null;
	currency: string | null;
}

export interface TopUpEventItem extends IDataObject {
	event: string;
	scope: 'topUp';
	merchantId: string | null;
	merchantName: string | null;
	accountName: string | null;
	amount: TopUpMoney | null;
	balanceBefore: TopUpMoney | null;
	balanceAfter: TopUpMoney | null;
	paymentMethod: string | null;
	channel: string | null;
	virtualAccountNumber: string | null;
	virtualAccountName: string | null;
	transactionTime: string | null;
	dedupeKey: string;
}

const str = textOrNull;
const DECIMAL = /^-?(\d+)(\.\d+)?$/;

/**
 * A money value as a number: a finite number as is, a string of digits (with an optional sign and
 * decimals, "500000" or "4440916697.16") as its number. Anything else is null, never a guess:
 * "1.000.000" (Indonesian thousands dots), "Rp 500.000", "1e6", "" and integers too large to be
 * exact in a JavaScript number are all null, and `value` keeps the text as sent.
 */
export function moneyNumber(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value !== 'string') return null;
	const text = value.trim();
	const match = DECIMAL.exec(text);
	if (!match || Number(match[1]) > Number.MAX_SAFE_INTEGER) return null;
	return Number(text);
}

/** `{ value, number, currency }` from Pivot's `{ currency, value }`, or null when it sent no object. */
export function topUpMoney(raw: unknown): TopUpMoney | null {
	if (!isObject(raw)) return null;
	const value = raw.value;
	return {
		value: typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : null,
		number: moneyNumber(value),
		currency: str(raw.currency),
	};
}

/** The number when there is one, else the text: "100000" and 100000 identify the same sum. */
function moneyIdentity(money: TopUpMoney | null): unknown[] | null {
	if (!money) return null;
	return [money.number ?? money.value, money.currency];
}

/**
 * One item per top-up callback. The dedupeKey hashes what identifies a top-up: the event, the
 * merchant, the account, the amount, the balance before and after, the payment method, the
 * virtual account's channel and number, and the transaction time. A redelivery carries the same
 * body, so the same key (whatever its key order or spacing); two top-ups differ at least in the
 * balances, since each one moves the balance. Display names (merchant, virtual account) are left
 * out: they do not tell two top-ups apart.
 */
export function normaliseTopUp(event: string, data: IDataObject): TopUpEventItem {
	const method = isObject(data.paymentMethod) ? data.paymentMethod : {};
	const methodOptions = isObject(data.paymentMethodOptions) ? data.paymentMethodOptions : {};
	const account = isObject(methodOptions.virtualAccount) ? methodOptions.virtualAccount : {};
	const amount = topUpMoney(data.amount);
	const balanceBefore = topUpMoney(data.balanceBefore);
	const balanceAfter = topUpMoney(data.balanceAfter);
	const item = {
		event,
		scope: 'topUp' as const,
		merchantId: str(data.merchantId),
		merchantName: str(data.merchantName),
		accountName: str(data.accountName),
		amount,
		balanceBefore,
		balanceAfter,
		paymentMethod: str(method.type),
		channel: str(account.channel),
		virtualAccountNumber: str(account.virtualAccountNumber),
		virtualAccountName: str(account.virtualAccountName),
		transactionTime: str(data.transactionTime),
	};
	return {
		...item,
		dedupeKey: dedupeKeyOf([
			'topUp',
			event,
			item.merchantId,
			item.accountName,
			moneyIdentity(amount),
			moneyIdentity(balanceBefore),
			moneyIdentity(balanceAfter),
			item.paymentMethod,
			item.channel,
			item.virtualAccountNumber,
			item.transactionTime,
		]),
	};
}
