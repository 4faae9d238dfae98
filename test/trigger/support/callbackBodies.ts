/** Pivot payout callback bodies in the shapes Pivot documents (single payout and request level), built fresh per test. */
import type { IDataObject } from 'n8n-workflow';

export const UUID = 'd6a46a2c-1b26-40c5-9ca3-e063e69635a0';
export const MERCHANT = '922e39ab-7565-49f6-b84f-fb56122821ae';

export const SINGLE_EVENTS = ['PAYOUT.SUCCESS', 'PAYOUT.FAILED', 'PAYOUT.DELAYED'] as const;
export const BULK_EVENTS = ['PAYOUT.DONE', 'PAYOUT.PENDING', 'PAYOUT.DELAYED', 'PAYOUT.CANCELLED'] as const;

const ITEM_STATUS: Record<string, string> = {
	'PAYOUT.SUCCESS': 'SUCCESS',
	'PAYOUT.FAILED': 'FAILED',
	'PAYOUT.DELAYED': 'PENDING',
};

const REQUEST_STATUS: Record<string, string> = {
	'PAYOUT.DONE': 'DONE',
	'PAYOUT.PENDING': 'PENDING',
	'PAYOUT.DELAYED': 'IN_PROGRESS',
	'PAYOUT.CANCELLED': 'CANCELLED',
};

export function singleBody(
	event: string,
	payout: IDataObject = {},
	data: IDataObject = {},
): IDataObject {
	return {
		event,
		data: {
			uuid: UUID,
			merchantId: MERCHANT,
			payouts: {
				referenceId: 'TestReforzaPivot001',
				amount: { currency: 'IDR', value: '100000' },
				status: ITEM_STATUS[event] ?? 'SUCCESS',
				reason: event === 'PAYOUT.FAILED' ? 'Inactive account' : null,
				...payout,
			},
			...data,
		},
	};
}

export function totals(overrides: IDataObject = {}): IDataObject {
	return {
		totalPendingCount: 0,
		totalPendingAmount: 0,
		totalSuccessCount: 1,
		totalSuccessAmount: 100000,
		totalFailedCount: 0,
		totalFailedAmount: 0,
		totalCancelledCount: 0,
		totalCancelledAmount: 0,
		...overrides,
	};
}

export function bulkBody(event: string, data: IDataObject = {}): IDataObject {
	return {
		event,
		data: {
			uuid: UUID,
			merchantId: MERCHANT,
			payoutResults: totals(),
			status: REQUEST_STATUS[event] ?? 'DONE',
			...data,
		},
	};
}

/** The same JSON with every object's keys in reverse order, as another serialiser might send it. */
export function reordered(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(reordered);
	if (value && typeof value === 'object') {
		const out: IDataObject = {};
		for (const key of Object.keys(value).reverse()) out[key] = reordered((value as IDataObject)[key]) as IDataObject;
		return out;
	}
	return value;
}

/**
 * Pivot's Top Up Callback (MERCHANT-TOP-UP.SUCCESS) with the fields its reference documents: the
 * money values are strings, and there is no uuid.
 */
export function topUpBody(data: IDataObject = {}): IDataObject {
	return {
		event: 'MERCHANT-TOP-UP.SUCCESS',
		data: {
			merchantId: MERCHANT,
			merchantName: 'PT Contoh Usaha',
			accountName: 'DISBURSEMENT',
			amount: { currency: 'IDR', value: '100000' },
			balanceBefore: { currency: 'IDR', value: '400000' },
			balanceAfter: { currency: 'IDR', value: '500000' },
			paymentMethod: { type: 'VIRTUAL_ACCOUNT' },
			paymentMethodOptions: {
				virtualAccount: { channel: 'PERMATA', virtualAccountNumber: '8528001234567890', virtualAccountName: 'PT Contoh Usaha' },
			},
			transactionTime: '2024-05-13T08:21:46+07:00',
			...data,
		},
	};
}
