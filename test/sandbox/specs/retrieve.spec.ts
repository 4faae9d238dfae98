import type { AxiosInstance } from 'axios';
import { sleep } from 'n8n-workflow';

import type { Sandbox } from '../index';
import { apiFor, channelItem, createPayout, errorOf, newReference, setup } from '../test-helpers';

const ISO_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

describe('sandbox: retrieve payouts', () => {
	let sb: Sandbox;
	let api: AxiosInstance;
	beforeAll(async () => ({ sb, api } = await setup({ processingDelayMs: 30, inProcessWindowMs: 20 })));
	afterAll(async () => await sb.close());

	const created = async (payouts: unknown[]) => {
		const res = await createPayout(api, payouts);
		expect(res.status).toBe(200);
		return res.data.data.uuid as string;
	};

	it('answers payouts_in_process right after creation, then normally', async () => {
		const slow = await setup({ processingDelayMs: 800, inProcessWindowMs: 100 });
		try {
			const res = await createPayout(slow.api, [channelItem()]);
			const uuid = res.data.data.uuid as string;
			expect(errorOf(await slow.api.get(`/v1/payouts/${uuid}`))).toEqual({
				status: 400,
				code: 'payouts_in_process',
				message: 'Payouts are being process',
				field: '',
				detail: 'Wait a moment to retrieve the Payout',
			});
			// The by-referenceId lookup is never "in process".
			const ref = res.data.data.payouts[0].referenceId as string;
			expect((await slow.api.get(`/v1/payouts/${ref}?type=single`)).status).toBe(200);
			await sleep(150);
			const later = await slow.api.get(`/v1/payouts/${uuid}`);
			expect(later.status).toBe(200);
			expect(later.data.data.status).toBe('IN_PROGRESS');
			expect(later.data.data.payouts[0].status).toBe('APPROVED');
			expect(later.data.data.payoutResults.totalPendingCount).toBe(1);
		} finally {
			await slow.sb.close();
		}
	});

	it('by uuid: the documented shape with payoutResults and pagination', async () => {
		const ref = newReference();
		const uuid = await created([channelItem({ referenceId: ref, accountNumber: '888801000157508' })]);
		await sb.waitForSettled();
		const res = await api.get(`/v1/payouts/${uuid}`);
		expect(res.status).toBe(200);
		expect(res.data).toEqual({
			code: '00',
			message: 'Success',
			data: {
				created: expect.stringMatching(ISO_SECONDS),
				merchantId: sb.merchants[0].clientId,
				payoutResults: {
					totalFailedAmount: 0,
					totalFailedCount: 0,
					totalPendingAmount: 0,
					totalPendingCount: 0,
					totalSuccessAmount: 100000,
					totalSuccessCount: 1,
					totalCancelledCount: 0,
					totalCancelledAmount: 0,
				},
				payouts: [
					{
						amount: { currency: 'IDR', value: '100000' },
						channelCode: 'BRI',
						channelInformation: { accountName: 'Reforza Pivot', accountNumber: '888801000157508' },
						created: expect.stringMatching(ISO_SECONDS),
						inquiryId: '',
						description: 'test Reforza Pivot',
						referenceId: ref,
						status: 'SUCCESS',
						reason: '',
						updated: expect.stringMatching(ISO_SECONDS),
					},
				],
				status: 'DONE',
				updated: expect.stringMatching(ISO_SECONDS),
				uuid,
			},
			pagination: { page: 1, perPage: 20, totalItems: 1, totalPages: 1 },
		});
	});

	it('by uuid + referenceId: payouts is an object, no pagination, no request timestamps', async () => {
		const refs = [newReference(), newReference()];
		const uuid = await created(refs.map((referenceId) => channelItem({ referenceId })));
		await sb.waitForSettled();
		const res = await api.get(`/v1/payouts/${uuid}`, { params: { referenceId: refs[1] } });
		expect(res.status).toBe(200);
		expect(Object.keys(res.data)).toEqual(['code', 'message', 'data']);
		expect(Object.keys(res.data.data)).toEqual(['merchantId', 'payoutResults', 'payouts', 'uuid']);
		expect(Array.isArray(res.data.data.payouts)).toBe(false);
		expect(res.data.data.payouts).toMatchObject({ referenceId: refs[1], status: 'SUCCESS', reason: '' });
		expect(res.data.data.payoutResults.totalSuccessCount).toBe(2);
		const missing = await api.get(`/v1/payouts/${uuid}`, { params: { referenceId: 'nope' } });
		expect(errorOf(missing)).toMatchObject({ status: 404, code: 'resource_missing', message: 'Payout ID is not exist' });
	});

	it('by referenceId (?type=single): data is an array of bare items', async () => {
		const ref = newReference();
		await created([channelItem({ referenceId: ref })]);
		const res = await api.get(`/v1/payouts/${encodeURIComponent(ref)}`, { params: { type: 'single' } });
		expect(res.status).toBe(200);
		expect(Object.keys(res.data)).toEqual(['code', 'message', 'data']);
		expect(res.data.data).toEqual([
			{
				referenceId: ref,
				inquiryId: '',
				channelCode: 'BRI',
				channelInformation: { accountNumber: '999966660001', accountName: 'Reforza Pivot' },
				amount: { currency: 'IDR', value: '100000' },
				description: 'test Reforza Pivot',
				status: expect.stringMatching(/^(APPROVED|SUCCESS)$/),
				reason: '',
				created: expect.stringMatching(ISO_SECONDS),
				updated: expect.stringMatching(ISO_SECONDS),
			},
		]);
	});

	it('answers 404 resource_missing for unknown ids and references', async () => {
		const expected = { status: 404, code: 'resource_missing', message: 'Payout ID is not exist', detail: 'Make sure payout id is correct' };
		expect(errorOf(await api.get('/v1/payouts/d6a46a2c-1b26-40c5-9ca3-e063e69635a0'))).toMatchObject(expected);
		expect(errorOf(await api.get('/v1/payouts/not-a-uuid'))).toMatchObject(expected);
		expect(errorOf(await api.get('/v1/payouts/UNKNOWN-REF?type=single'))).toMatchObject(expected);
	});

	it('paginates 45 items: perPage 20 → 3 pages', async () => {
		const refs = Array.from({ length: 45 }, () => newReference('PG'));
		const uuid = await created(refs.map((referenceId) => channelItem({ referenceId, value: '10000' })));
		await sb.waitForSettled();
		const pages = [];
		for (const page of [1, 2, 3]) {
			const res = await api.get(`/v1/payouts/${uuid}`, { params: { page, perPage: 20 } });
			expect(res.data.pagination).toEqual({ page, perPage: 20, totalItems: 45, totalPages: 3 });
			pages.push(...res.data.data.payouts.map((p: { referenceId: string }) => p.referenceId));
			expect(res.data.data.payoutResults.totalSuccessCount).toBe(45);
		}
		expect(pages).toEqual(refs);
		const beyond = await api.get(`/v1/payouts/${uuid}?page=4`);
		expect(beyond.data.data.payouts).toEqual([]);
		expect(beyond.data.pagination).toEqual({ page: 4, perPage: 20, totalItems: 45, totalPages: 3 });
		const all = await api.get(`/v1/payouts/${uuid}?perPage=100`);
		expect(all.data.data.payouts).toHaveLength(45);
		expect(all.data.pagination).toEqual({ page: 1, perPage: 100, totalItems: 45, totalPages: 1 });
	});

	it.each(['perPage=101', 'perPage=0', 'page=0', 'page=x', 'perPage=-1'])('rejects %s with field_format_invalid', async (q) => {
		const uuid = await created([channelItem()]);
		await sb.waitForSettled();
		const field = q.split('=')[0];
		expect(errorOf(await api.get(`/v1/payouts/${uuid}?${q}`))).toMatchObject({ status: 400, code: 'field_format_invalid', field });
	});

	it("never shows one merchant's payouts to another", async () => {
		const two = await setup({
			merchants: [
				{ clientId: 'm1', clientSecret: 's1', callbackApiKey: 'k1' },
				{ clientId: 'm2', clientSecret: 's2', callbackApiKey: 'k2' },
			],
		});
		try {
			const ref = newReference();
			const res = await createPayout(two.api, [channelItem({ referenceId: ref })]);
			await two.sb.waitForSettled();
			const other = await apiFor(two.sb, two.sb.merchants[1]);
			expect((await other.get(`/v1/payouts/${res.data.data.uuid}`)).status).toBe(404);
			expect((await other.get(`/v1/payouts/${ref}?type=single`)).status).toBe(404);
			// …and the other merchant may use the same referenceId.
			expect((await createPayout(other, [channelItem({ referenceId: ref })])).status).toBe(200);
		} finally {
			await two.sb.close();
		}
	});
});
