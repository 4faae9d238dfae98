import type { AxiosInstance } from 'axios';

import type { Sandbox } from '../index';
import { channelItem, createPayout, errorOf, newReference, newRequestId, setup } from '../test-helpers';

describe('sandbox: create payout', () => {
	let sb: Sandbox;
	let api: AxiosInstance;
	beforeAll(async () => ({ sb, api } = await setup()));
	afterAll(async () => await sb.close());

	it('answers the documented create shape (by channel: inquiryId "")', async () => {
		const res = await createPayout(api, [channelItem({ referenceId: 'DOC-999', accountNumber: '888801000157508' })]);
		expect(res.status).toBe(200);
		expect(res.data).toEqual({
			code: '00',
			message: 'Success',
			data: {
				created: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/),
				merchantId: '922e39ab-7565-49f6-b84f-fb56122821ae',
				payouts: [
					{
						amount: { currency: 'IDR', value: '100000' },
						inquiryId: '',
						channelCode: 'BRI',
						channelInformation: { accountName: 'Reforza Pivot', accountNumber: '888801000157508' },
						description: 'test Reforza Pivot',
						referenceId: 'DOC-999',
					},
				],
				status: 'IN_PROGRESS',
				updated: expect.any(String),
				uuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
			},
		});
		expect(sb.payouts().find((p) => p.referenceId === 'DOC-999')).toMatchObject({
			requestUuid: res.data.data.uuid,
			status: 'APPROVED',
			amount: '100000',
		});
	});

	it('creates by inquiryId, taking channel and account from the inquiry', async () => {
		const inq = await api.post('/v1/inquiry-account', {
			channelCode: 'BCA',
			channelInformation: { accountNumber: '999966660001', accountName: 'Dummy Simulation' },
		});
		const inquiryId = inq.data.data.uuid as string;
		const res = await createPayout(api, [
			{ referenceId: newReference(), inquiryId, amount: { value: '100000', currency: 'IDR' }, description: 'by inquiry' },
		]);
		expect(res.status).toBe(200);
		expect(res.data.data.payouts[0]).toMatchObject({
			inquiryId,
			channelCode: 'BCA',
			channelInformation: { accountName: 'Dummy Simulation', accountNumber: '999966660001' },
		});
	});

	it('rejects an unknown inquiryId with 404 resource_missing', async () => {
		const res = await createPayout(api, [
			{ referenceId: newReference(), inquiryId: 'd6a46a2c-1b26-40c5-9ca3-e063e69635a0', amount: { value: '100000', currency: 'IDR' } },
		]);
		expect(errorOf(res)).toEqual({
			status: 404,
			code: 'resource_missing',
			message: 'Inquiry ID is not exist',
			field: 'payouts[0].inquiryId',
			detail: 'Make sure inquiry id is correct',
		});
		const bad = await createPayout(api, [{ referenceId: newReference(), inquiryId: 'nope', amount: { value: '100000', currency: 'IDR' } }]);
		expect(errorOf(bad)).toMatchObject({ status: 400, code: 'field_format_invalid', field: 'payouts[0].inquiryId' });
	});

	describe('X-REQUEST-ID', () => {
		const send = async (headers: Record<string, string>) => await api.post('/v1/payouts', { payouts: [channelItem()] }, { headers });

		it('is required', async () => {
			expect(errorOf(await send({}))).toEqual({
				status: 400,
				code: 'field_required',
				message: 'Mandatory Field is Missing',
				field: 'X-REQUEST-ID',
				detail: 'Make sure X-REQUEST-ID value is fulfilled',
			});
		});

		it.each([
			['15 characters', 'a'.repeat(15)],
			['37 characters', 'a'.repeat(37)],
			['hyphens (a UUID)', '6f7c2c57-1b8e-4a1e-9d0e-2a3b4c5d6e7f'],
			['underscore', 'abcdefghij_klmnop'],
		])('rejects %s with field_format_invalid', async (_label, id) => {
			expect(errorOf(await send({ 'X-REQUEST-ID': id }))).toMatchObject({
				status: 400,
				code: 'field_format_invalid',
				field: 'X-REQUEST-ID',
				detail: 'Make sure X-REQUEST-ID format is correct',
			});
		});

		it.each([16, 36])('accepts %i alphanumeric characters', async (n) => {
			const id = newRequestId().repeat(2).slice(0, n).toUpperCase();
			expect((await send({ 'X-REQUEST-ID': id })).status).toBe(200);
		});
	});

	describe('payouts[] count and shape', () => {
		it('rejects more than 1000 items with format_invalid', async () => {
			const items = Array.from({ length: 1001 }, () => channelItem());
			expect(errorOf(await createPayout(api, items))).toEqual({
				status: 400,
				code: 'format_invalid',
				message: 'Payout format is invalid',
				field: 'payouts',
				detail: 'Make sure payout object no more than 1000 items',
			});
		});

		it('accepts exactly 1000 items', async () => {
			sb.setBalance(sb.merchants[0].clientId, '1000000000.00');
			const items = Array.from({ length: 1000 }, () => channelItem({ value: '10000' }));
			const res = await createPayout(api, items);
			expect(res.status).toBe(200);
			expect(res.data.data.payouts).toHaveLength(1000);
		});

		it.each([
			['an empty array', { payouts: [] }],
			['payouts not an array', { payouts: {} }],
			['an item that is not an object', { payouts: ['x'] }],
		])('rejects %s with "Payouts format is invalid"', async (_label, body) => {
			const res = await api.post('/v1/payouts', body, { headers: { 'X-REQUEST-ID': newRequestId() } });
			expect(errorOf(res)).toMatchObject({ status: 400, code: 'format_invalid', message: 'Payouts format is invalid' });
		});

		it('rejects malformed JSON with format_invalid', async () => {
			const res = await api.post('/v1/payouts', '{"payouts": [', {
				headers: { 'X-REQUEST-ID': newRequestId(), 'Content-Type': 'application/json' },
				transformRequest: [(d: unknown) => d],
			});
			expect(errorOf(res)).toMatchObject({ status: 400, code: 'format_invalid', detail: 'Make sure Payout request format is correct' });
		});

		it('requires payouts', async () => {
			const res = await api.post('/v1/payouts', {}, { headers: { 'X-REQUEST-ID': newRequestId() } });
			expect(errorOf(res)).toMatchObject({ status: 400, code: 'field_required', field: 'payouts' });
		});

		it('requires channel fields when there is no inquiryId', async () => {
			const res = await createPayout(api, [{ referenceId: newReference(), amount: { value: '100000', currency: 'IDR' } }]);
			expect(res.data.code).toBe('field_required');
			expect(res.data.error.details.map((d: { field: string }) => d.field)).toEqual([
				'payouts[0].channelCode',
				'payouts[0].channelInformation.accountNumber',
				'payouts[0].channelInformation.accountName',
			]);
		});
	});

	describe('field limits', () => {
		it.each([
			['empty referenceId', { referenceId: '' }, 'field_required', 'payouts[0].referenceId'],
			['referenceId of 101 chars', { referenceId: 'r'.repeat(101) }, 'field_format_invalid', 'payouts[0].referenceId'],
			['channelCode of 31 chars', { channelCode: 'C'.repeat(31) }, 'field_format_invalid', 'payouts[0].channelCode'],
			['accountNumber of 61 chars', { accountNumber: '1'.repeat(61) }, 'field_format_invalid', 'payouts[0].channelInformation.accountNumber'],
			['accountName of 61 chars', { accountName: 'n'.repeat(61) }, 'field_format_invalid', 'payouts[0].channelInformation.accountName'],
			['empty accountName', { accountName: '' }, 'field_required', 'payouts[0].channelInformation.accountName'],
			['description of 21 chars', { description: 'd'.repeat(21) }, 'field_format_invalid', 'payouts[0].description'],
			['non-alphanumeric description', { description: 'not-alnum!' }, 'field_format_invalid', 'payouts[0].description'],
			['decimal amount.value', { value: '100000.50' }, 'field_format_invalid', 'payouts[0].amount.value'],
			['negative amount.value', { value: '-5' }, 'field_format_invalid', 'payouts[0].amount.value'],
			['empty amount.value', { value: '' }, 'field_required', 'payouts[0].amount.value'],
			['currency of 11 chars', { currency: 'C'.repeat(11) }, 'field_format_invalid', 'payouts[0].amount.currency'],
			['currency USD', { currency: 'USD' }, 'field_format_invalid', 'payouts[0].amount.currency'],
		])('%s → %s', async (_label, overrides, code, field) => {
			const res = await createPayout(api, [channelItem(overrides)]);
			expect(errorOf(res)).toMatchObject({ status: 400, code, field });
		});

		it('rejects a number amount (amounts are strings)', async () => {
			const item = { ...channelItem(), amount: { value: 100000, currency: 'IDR' } };
			expect(errorOf(await createPayout(api, [item]))).toMatchObject({ code: 'field_format_invalid', field: 'payouts[0].amount.value' });
		});

		it('accepts the limits themselves and no description', async () => {
			const item = channelItem({
				referenceId: `${newReference()}`.padEnd(100, 'x'),
				channelCode: 'BRI',
				accountNumber: '9'.repeat(60),
				accountName: 'n'.repeat(60),
				description: 'a'.repeat(20),
			});
			expect((await createPayout(api, [item])).status).toBe(200);
			const bare = channelItem();
			delete bare.description;
			const res = await createPayout(api, [bare]);
			expect(res.status).toBe(200);
			expect(res.data.data.payouts[0].description).toBe('');
		});

		it('names the offending item in bulk requests', async () => {
			const res = await createPayout(api, [channelItem(), channelItem(), channelItem({ value: 'abc' })]);
			expect(errorOf(res)).toMatchObject({
				code: 'field_format_invalid',
				field: 'payouts[2].amount.value',
				detail: 'Make sure amount.value format is correct',
			});
		});
	});

	describe('business rules', () => {
		it('rejects an unknown channel code', async () => {
			expect(errorOf(await createPayout(api, [channelItem({ channelCode: 'NOPE' })]))).toEqual({
				status: 400,
				code: 'unsupported_channel_code',
				message: 'Channel Code is currently not supported',
				field: 'payouts[0].channelCode',
				detail: 'Make sure channel code following on the API Document',
			});
		});

		it('enforces the amount limits (10,000 and 250,000,000 by default)', async () => {
			expect(errorOf(await createPayout(api, [channelItem({ value: '9999' })]))).toEqual({
				status: 400,
				code: 'amount_below_limit',
				message: 'Amount Value below the minimum',
				field: 'payouts[0].amount.value',
				detail: 'Make sure amount.value amount is above minimum',
			});
			expect(errorOf(await createPayout(api, [channelItem({ value: '250000001' })]))).toMatchObject({
				status: 400,
				code: 'amount_above_limit',
				message: 'Amount value above the maximum',
			});
			expect(errorOf(await createPayout(api, [channelItem({ value: '9'.repeat(30) })]))).toMatchObject({ code: 'amount_above_limit' });
			expect((await createPayout(api, [channelItem({ value: '10000' })])).status).toBe(200);
			expect((await createPayout(api, [channelItem({ value: '250000000' })])).status).toBe(200);
		});

		it('rejects a duplicate referenceId within the batch', async () => {
			const ref = newReference();
			const res = await createPayout(api, [channelItem({ referenceId: ref }), channelItem({ referenceId: ref })]);
			expect(errorOf(res)).toEqual({
				status: 409,
				code: 'resource_already_exists',
				message: 'ID is already exists',
				field: 'payouts[1].referenceId',
				detail: 'Use unique referenceId',
			});
		});

		it('rejects a referenceId used by an earlier request (even a different X-REQUEST-ID)', async () => {
			const ref = newReference();
			expect((await createPayout(api, [channelItem({ referenceId: ref })])).status).toBe(200);
			const res = await createPayout(api, [channelItem(), channelItem({ referenceId: ref })]);
			expect(errorOf(res)).toMatchObject({ status: 409, code: 'resource_already_exists', field: 'payouts[1].referenceId' });
		});

		it('is atomic: one bad item and nothing is created', async () => {
			const before = sb.payouts().length;
			const refs = [newReference(), newReference()];
			const res = await createPayout(api, [
				channelItem({ referenceId: refs[0] }),
				channelItem({ referenceId: refs[1], channelCode: 'NOPE' }),
			]);
			expect(res.status).toBe(400);
			expect(sb.payouts()).toHaveLength(before);
			// The good referenceId is still free.
			expect((await createPayout(api, [channelItem({ referenceId: refs[0] })])).status).toBe(200);
		});
	});
});
