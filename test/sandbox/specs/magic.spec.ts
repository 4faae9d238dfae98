import type { AxiosInstance } from 'axios';
import { sleep } from 'n8n-workflow';

import { DELAYED_PAYOUT_ACCOUNT, type Sandbox } from '../index';
import { channelItem, createPayout, setup } from '../test-helpers';

/** Pivot's sandbox scenarios: results as seen by Retrieve Payout after processing. */
describe('sandbox: magic accounts', () => {
	let sb: Sandbox;
	let api: AxiosInstance;
	beforeAll(async () => ({ sb, api } = await setup({ processingDelayMs: 30 })));
	afterAll(async () => await sb.close());

	const settle = async (accountNumber: string, value = '100000') => {
		const created = await createPayout(api, [channelItem({ accountNumber, value })]);
		expect(created.status).toBe(200);
		await sb.waitForSettled();
		return (await api.get(`/v1/payouts/${created.data.data.uuid}`)).data;
	};

	it('999966660001 → DONE / SUCCESS, reason ""', async () => {
		const body = await settle('999966660001');
		expect(body.code).toBe('00');
		expect(body.data.status).toBe('DONE');
		expect(body.data.payouts[0]).toMatchObject({ status: 'SUCCESS', reason: '' });
		expect(body.data.payoutResults).toEqual({
			totalFailedAmount: 0,
			totalFailedCount: 0,
			totalPendingAmount: 0,
			totalPendingCount: 0,
			totalSuccessAmount: 100000,
			totalSuccessCount: 1,
			totalCancelledCount: 0,
			totalCancelledAmount: 0,
		});
		expect(body.pagination).toEqual({ page: 1, perPage: 20, totalItems: 1, totalPages: 1 });
	});

	it.each([
		['999966660002', 'Inactive account'],
		['999966660003', 'Invalid account'],
		['999966660006', 'Dormant account'],
	])('%s → DONE / FAILED "%s"', async (account, reason) => {
		const body = await settle(account, '10000');
		expect(body.data.status).toBe('DONE');
		expect(body.data.payouts[0]).toMatchObject({ status: 'FAILED', reason });
		expect(body.data.payoutResults).toMatchObject({ totalFailedCount: 1, totalFailedAmount: 10000, totalSuccessCount: 0 });
	});

	it('999966660007 → request PENDING, item APPROVED, totalPendingCount 1 (no processing)', async () => {
		const created = await createPayout(api, [channelItem({ accountNumber: '999966660007', value: '10000' })]);
		expect(created.status).toBe(200);
		expect(created.data.data.status).toBe('PENDING');
		const got = await api.get(`/v1/payouts/${created.data.data.uuid}`);
		expect(got.data.data.status).toBe('PENDING');
		expect(got.data.data.payouts[0]).toMatchObject({ status: 'APPROVED', reason: '' });
		expect(got.data.data.payoutResults).toMatchObject({ totalPendingCount: 1, totalPendingAmount: 10000 });
		await sb.waitForSettled();
		expect((await api.get(`/v1/payouts/${created.data.data.uuid}`)).data.data.status).toBe('PENDING');
	});

	it('999966660008 → service_unavailable with the documented error body; nothing created', async () => {
		const before = sb.payouts().length;
		const res = await createPayout(api, [channelItem(), channelItem({ accountNumber: '999966660008' })]);
		expect(res.status).toBe(503);
		expect(res.data).toEqual({
			code: 'service_unavailable',
			message: 'Gateway / Partner service is unavailable',
			error: {
				type: 'GATEWAY_ERROR',
				details: [{ field: '', message: 'Please hit periodically' }],
				trace_id: expect.stringMatching(/^[0-9a-f]{32}$/),
			},
		});
		expect(sb.payouts()).toHaveLength(before);
	});

	it('a bulk request mixes outcomes and keeps integer totals', async () => {
		const created = await createPayout(api, [
			channelItem({ accountNumber: '999966660001', value: '10000' }),
			channelItem({ accountNumber: '999966660002', value: '20000' }),
			channelItem({ accountNumber: '1234567', value: '30000' }),
		]);
		await sb.waitForSettled();
		const body = (await api.get(`/v1/payouts/${created.data.data.uuid}`)).data;
		expect(body.data.payouts.map((p: { status: string }) => p.status)).toEqual(['SUCCESS', 'FAILED', 'SUCCESS']);
		expect(body.data.payoutResults).toMatchObject({
			totalSuccessCount: 2,
			totalSuccessAmount: 40000,
			totalFailedCount: 1,
			totalFailedAmount: 20000,
		});
	});

	it('sandbox extra: an inquiry that found no account makes the payout fail as "Invalid account"', async () => {
		const inq = await api.post('/v1/inquiry-account', {
			channelCode: 'BRI',
			channelInformation: { accountNumber: '55501', accountName: 'Nobody' },
		});
		expect(inq.data.data.inquiryResult.status).toBe('INVALID');
		const created = await createPayout(api, [
			{ referenceId: `INQ-${Date.now()}`, inquiryId: inq.data.data.uuid, amount: { value: '10000', currency: 'IDR' } },
		]);
		await sb.waitForSettled();
		const got = await api.get(`/v1/payouts/${created.data.data.uuid}`);
		expect(got.data.data.payouts[0]).toMatchObject({ status: 'FAILED', reason: 'Invalid account' });
	});

	it(`sandbox extra: ${DELAYED_PAYOUT_ACCOUNT} stays PENDING under a DONE request, then succeeds`, async () => {
		const created = await createPayout(api, [channelItem({ accountNumber: DELAYED_PAYOUT_ACCOUNT })]);
		const uuid = created.data.data.uuid as string;
		let body = (await api.get(`/v1/payouts/${uuid}`)).data;
		for (let i = 0; i < 50 && body.data?.status !== 'DONE'; i++) {
			await sleep(10);
			body = (await api.get(`/v1/payouts/${uuid}`)).data;
		}
		expect(body.data.status).toBe('DONE');
		expect(body.data.payouts[0].status).toBe('PENDING');
		await sb.waitForSettled();
		expect((await api.get(`/v1/payouts/${uuid}`)).data.data.payouts[0].status).toBe('SUCCESS');
	});

	it.each([
		['999966661001', 'Failed to process by Bank Network'],
		['999966661004', 'Declined due to beneficiary limit'],
	])('sandbox extra: %s → FAILED "%s"', async (account, reason) => {
		const body = await settle(account);
		expect(body.data.payouts[0]).toMatchObject({ status: 'FAILED', reason });
	});
});

describe('sandbox: parked requests (dashboard retry / cancel)', () => {
	it('retries after a top-up, or cancels', async () => {
		const { sb, api } = await setup({ processingDelayMs: 20 });
		try {
			const id = sb.merchants[0].clientId;
			sb.setBalance(id, '15000.00');
			const a = await createPayout(api, [channelItem({ value: '20000' })]);
			const b = await createPayout(api, [channelItem({ value: '20000' }), channelItem({ value: '20000' })]);
			expect([a.data.data.status, b.data.data.status]).toEqual(['PENDING', 'PENDING']);
			expect(sb.retryPending(a.data.data.uuid)).toBe(false);
			sb.setBalance(id, '25000.00');
			expect(sb.retryPending(a.data.data.uuid)).toBe(true);
			await sb.waitForSettled();
			expect((await api.get(`/v1/payouts/${a.data.data.uuid}`)).data.data.payouts[0].status).toBe('SUCCESS');
			expect(sb.merchants[0].balance).toBe('5000.00');

			expect(sb.cancelPending(b.data.data.uuid)).toBe(true);
			const cancelled = (await api.get(`/v1/payouts/${b.data.data.uuid}`)).data.data;
			expect(cancelled.status).toBe('CANCELLED');
			expect(cancelled.payoutResults).toMatchObject({ totalCancelledCount: 2, totalCancelledAmount: 40000, totalPendingCount: 0 });
			expect(sb.merchants[0].balance).toBe('5000.00');
		} finally {
			await sb.close();
		}
	});
});
