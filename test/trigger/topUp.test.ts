/**
 * Reading Pivot's Top Up Callback (nodes/PivotTrigger/topUp.ts): the flat item, money values as
 * sent and as numbers only when they are numbers, and a dedupeKey that is the same for every
 * redelivery of one top-up and different for any other top-up.
 */
import type { IDataObject } from 'n8n-workflow';

import { moneyNumber, normaliseTopUp, topUpMoney } from '../../nodes/PivotTrigger/topUp';
import { MERCHANT, reordered, topUpBody } from './support/callbackBodies';

const item = (body: IDataObject) => normaliseTopUp(body.event as string, body.data as IDataObject);

describe('normaliseTopUp', () => {
	it('MERCHANT-TOP-UP.SUCCESS as documented', () => {
		expect(item(topUpBody())).toEqual({
			event: 'MERCHANT-TOP-UP.SUCCESS',
			scope: 'topUp',
			merchantId: MERCHANT,
			merchantName: 'PT Contoh Usaha',
			accountName: 'DISBURSEMENT',
			amount: { value: '100000', number: 100000, currency: 'IDR' },
			balanceBefore: { value: '400000', number: 400000, currency: 'IDR' },
			balanceAfter: { value: '500000', number: 500000, currency: 'IDR' },
			paymentMethod: 'VIRTUAL_ACCOUNT',
			channel: 'PERMATA',
			virtualAccountNumber: '8528001234567890',
			virtualAccountName: 'PT Contoh Usaha',
			transactionTime: '2024-05-13T08:21:46+07:00',
			dedupeKey: expect.stringMatching(/^[0-9a-f]{32}$/),
		});
	});

	it('an empty data object gives every field null, not a guess', () => {
		expect(item({ event: 'MERCHANT-TOP-UP.SUCCESS', data: {} })).toEqual({
			event: 'MERCHANT-TOP-UP.SUCCESS',
			scope: 'topUp',
			merchantId: null,
			merchantName: null,
			accountName: null,
			amount: null,
			balanceBefore: null,
			balanceAfter: null,
			paymentMethod: null,
			channel: null,
			virtualAccountNumber: null,
			virtualAccountName: null,
			transactionTime: null,
			dedupeKey: expect.stringMatching(/^[0-9a-f]{32}$/),
		});
	});

	it('fields of the wrong type become null (objects never turned into text)', () => {
		const top = item(
			topUpBody({
				merchantId: 42,
				accountName: { name: 'DISBURSEMENT' },
				amount: '100000',
				paymentMethod: 'VIRTUAL_ACCOUNT',
				paymentMethodOptions: { virtualAccount: ['PERMATA'] },
				transactionTime: 1715588506,
			}),
		);
		expect(top).toMatchObject({
			merchantId: null,
			accountName: null,
			amount: null,
			paymentMethod: null,
			channel: null,
			virtualAccountNumber: null,
			transactionTime: null,
		});
	});
});

describe('top-up money values', () => {
	it.each([
		['100000', 100000],
		[' 500000 ', 500000],
		['4440916697.16', 4440916697.16],
		['150000.00', 150000],
		['0', 0],
		['-25000', -25000],
		[100000, 100000],
		[4440916697.16, 4440916697.16],
		['9007199254740991', 9007199254740991],
	])('%p reads as %p', (value, number) => {
		expect(moneyNumber(value)).toBe(number);
	});

	it.each([
		['Indonesian thousands dots', '1.000.000'],
		['thousands commas', '1,000,000'],
		['Indonesian decimals', '1.500,00'],
		['a currency sign', 'Rp 500000'],
		['an exponent', '1e6'],
		['hex', '0x10'],
		['empty', ''],
		['blank', '   '],
		['an integer too large to be exact', '9007199254740993'],
		['NaN', Number.NaN],
		['Infinity', Number.POSITIVE_INFINITY],
		['null', null],
		['a boolean', true],
		['an object', { value: '1' }],
	])('%s (%p) has number null', (_what, value) => {
		expect(moneyNumber(value)).toBeNull();
	});

	it('keeps the value as sent next to its number, and the currency only when sent', () => {
		expect(topUpMoney({ currency: 'IDR', value: '1.000.000' })).toEqual({ value: '1.000.000', number: null, currency: 'IDR' });
		expect(topUpMoney({ value: 250000 })).toEqual({ value: '250000', number: 250000, currency: null });
		expect(topUpMoney({ currency: 'IDR', value: { n: 1 } })).toEqual({ value: null, number: null, currency: 'IDR' });
		expect(topUpMoney('100000')).toBeNull();
		expect(topUpMoney(null)).toBeNull();
	});
});

describe('top-up dedupeKey', () => {
	const base = item(topUpBody()).dedupeKey;

	it('is the same for a redelivery, re-serialised, reordered, or with numbers sent as numbers', () => {
		expect(item(JSON.parse(JSON.stringify(topUpBody(), null, 4)) as IDataObject).dedupeKey).toBe(base);
		expect(item(reordered(topUpBody()) as IDataObject).dedupeKey).toBe(base);
		const numeric = topUpBody({
			amount: { currency: 'IDR', value: 100000 },
			balanceBefore: { currency: 'IDR', value: '400000.00' },
		});
		expect(item(numeric).dedupeKey).toBe(base);
	});

	it('ignores display names and fields that do not identify a top-up', () => {
		expect(item(topUpBody({ merchantName: 'Renamed' })).dedupeKey).toBe(base);
		expect(item(topUpBody({ somethingNew: 'x' })).dedupeKey).toBe(base);
	});

	it.each([
		['the amount', { amount: { currency: 'IDR', value: '100001' } }],
		['the balance before', { balanceBefore: { currency: 'IDR', value: '400001' } }],
		['the balance after', { balanceAfter: { currency: 'IDR', value: '500001' } }],
		['the currency', { amount: { currency: 'USD', value: '100000' } }],
		['the transaction time', { transactionTime: '2024-05-13T08:21:47+07:00' }],
		['the merchant', { merchantId: 'another-merchant' }],
		['the account', { accountName: 'SUB-ACCOUNT' }],
		['the virtual account', { paymentMethodOptions: { virtualAccount: { channel: 'PERMATA', virtualAccountNumber: '8528000000000001' } } }],
		['the channel', { paymentMethodOptions: { virtualAccount: { channel: 'BRI', virtualAccountNumber: '8528001234567890' } } }],
	])('differs when %s differs', (_what, change) => {
		expect(item(topUpBody(change)).dedupeKey).not.toBe(base);
	});

	it('two top-ups of the same amount to the same account, one after the other, have different keys', () => {
		const second = topUpBody({
			balanceBefore: { currency: 'IDR', value: '500000' },
			balanceAfter: { currency: 'IDR', value: '600000' },
		});
		expect(item(second).dedupeKey).not.toBe(base);
	});

	it('differs when the event name differs', () => {
		expect(normaliseTopUp('OTHER', topUpBody().data as IDataObject).dedupeKey).not.toBe(base);
	});
});
