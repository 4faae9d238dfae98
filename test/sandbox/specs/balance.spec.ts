import type { AxiosInstance } from 'axios';

import type { Sandbox } from '../index';
import { channelItem, createPayout, errorOf, setup } from '../test-helpers';

describe('sandbox: payout balance', () => {
	let sb: Sandbox;
	let api: AxiosInstance;
	beforeEach(async () => ({ sb, api } = await setup({ processingDelayMs: 30 })));
	afterEach(async () => await sb.close());

	const balance = async () => (await api.get('/v1/payouts/balance?currency=IDR')).data.data.availableBalance.value as string;

	it('answers the documented shape with a 2-decimal string', async () => {
		const res = await api.get('/v1/payouts/balance', { params: { currency: 'IDR' } });
		expect(res.status).toBe(200);
		expect(res.data).toEqual({
			code: '00',
			message: 'Success',
			data: { availableBalance: { currency: 'IDR', value: '1000000000.00' } },
		});
	});

	it('requires currency=IDR', async () => {
		expect(errorOf(await api.get('/v1/payouts/balance'))).toMatchObject({ status: 400, code: 'field_required', field: 'currency' });
		expect(errorOf(await api.get('/v1/payouts/balance?currency=USD'))).toMatchObject({
			status: 400,
			code: 'field_format_invalid',
			field: 'currency',
		});
	});

	it('keeps cents exact (setBalance)', async () => {
		sb.setBalance(sb.merchants[0].clientId, '4440916697.16');
		expect(await balance()).toBe('4440916697.16');
		sb.setBalance(sb.merchants[0].clientId, '0.1');
		expect(await balance()).toBe('0.10');
		expect(sb.merchants[0].balance).toBe('0.10');
		expect(() => sb.setBalance(sb.merchants[0].clientId, '1.234')).toThrow();
	});

	it('goes down on acceptance and back up when an item fails', async () => {
		sb.setBalance(sb.merchants[0].clientId, '1000000.50');
		const res = await createPayout(api, [
			channelItem({ accountNumber: '999966660001', value: '100000' }),
			channelItem({ accountNumber: '999966660002', value: '250000' }),
		]);
		expect(res.status).toBe(200);
		expect(await balance()).toBe('650000.50');
		await sb.waitForSettled();
		expect(await balance()).toBe('900000.50');
	});

	it('does not move when the request is parked for top-up', async () => {
		sb.setBalance(sb.merchants[0].clientId, '50000.00');
		const res = await createPayout(api, [channelItem({ value: '100000' })]);
		expect(res.data.data.status).toBe('PENDING');
		expect(await balance()).toBe('50000.00');
	});
});
