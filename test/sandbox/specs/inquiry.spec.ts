import { sleep } from 'n8n-workflow';

import { PENDING_INQUIRY_ACCOUNT, type Sandbox } from '../index';
import { apiFor, errorOf, setup } from '../test-helpers';
import type { AxiosInstance } from 'axios';

const NOT_SIMILAR =
	"The account name entered does not match the bank's records. Please check the account information and try again. Bank record: Dummy Simulation";
const SIMILAR =
	"The account name entered is not an exact match with the bank's records. Please check the account information and try again. Bank record: Dummy Simulation";

describe('sandbox: account inquiry', () => {
	let sb: Sandbox;
	let api: AxiosInstance;
	beforeAll(async () => ({ sb, api } = await setup({ pendingInquiryDelayMs: 200 })));
	afterAll(async () => await sb.close());

	const inquire = async (accountNumber: string, accountName: string, channelCode = 'BCA') =>
		await api.post('/v1/inquiry-account', { channelCode, channelInformation: { accountNumber, accountName } });

	it('answers the documented example (WARNING, not similar) with message OK', async () => {
		const res = await inquire('999966660001', 'Reforza Pivot');
		expect(res.status).toBe(200);
		expect(res.data).toEqual({
			code: '00',
			message: 'OK',
			data: {
				uuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
				merchantId: sb.merchants[0].clientId,
				inquiryResult: { status: 'WARNING', detail: NOT_SIMILAR },
			},
		});
	});

	it('is VALID for the exact bank-record name (case and spaces ignored), without detail', async () => {
		for (const name of ['Dummy Simulation', '  dummy   SIMULATION ']) {
			const res = await inquire('999966660002', name);
			expect(res.data.data.inquiryResult).toEqual({ status: 'VALID' });
		}
	});

	it('is WARNING with the "not an exact match" text for a similar name', async () => {
		for (const name of ['Dummy Simulasi', 'Dummy', 'Dumy Simulation']) {
			const res = await inquire('999966660001', name);
			expect(res.data.data.inquiryResult).toEqual({ status: 'WARNING', detail: SIMILAR });
		}
	});

	it('is INVALID for an unknown account', async () => {
		const res = await inquire('1234567890', 'Someone');
		expect(res.data.data.inquiryResult).toEqual({ status: 'INVALID', detail: 'Account number not found.' });
	});

	it('works with e-wallet channel codes', async () => {
		const res = await inquire('999966660001', 'Dummy Simulation', 'GOPAY');
		expect(res.data.data.inquiryResult.status).toBe('VALID');
	});

	it('is PENDING for the pending account and resolves on retrieve after the delay', async () => {
		const res = await inquire(PENDING_INQUIRY_ACCOUNT, 'Dummy Simulation');
		expect(res.data.data.inquiryResult).toEqual({ status: 'PENDING', detail: 'Inquiry in progress' });
		const uuid = res.data.data.uuid as string;
		const early = await api.get(`/v1/inquiry-account/${uuid}`);
		expect(early.data.data.inquiryResult.status).toBe('PENDING');
		await sleep(250);
		const later = await api.get(`/v1/inquiry-account/${uuid}`);
		expect(later.status).toBe(200);
		expect(later.data).toEqual({
			code: '00',
			message: 'OK',
			data: { uuid, merchantId: sb.merchants[0].clientId, inquiryResult: { status: 'VALID' } },
		});
	});

	it('retrieves an inquiry by uuid with the same shape', async () => {
		const created = await inquire('999966660003', 'Dummy Simulation');
		const got = await api.get(`/v1/inquiry-account/${created.data.data.uuid}`);
		expect(got.data).toEqual(created.data);
	});

	it('answers 404 resource_missing for an unknown inquiry id', async () => {
		const res = await api.get('/v1/inquiry-account/6f7c2c57-1b8e-4a1e-9d0e-000000000000');
		expect(errorOf(res)).toEqual({
			status: 404,
			code: 'resource_missing',
			message: 'Inquiry ID is not exist',
			field: '',
			detail: 'Make sure inquiry id is correct',
		});
	});

	it('validates the body: missing, empty and too long fields', async () => {
		expect(errorOf(await api.post('/v1/inquiry-account', {}))).toMatchObject({
			status: 400,
			code: 'field_required',
			field: 'channelCode',
		});
		const noName = await api.post('/v1/inquiry-account', { channelCode: 'BCA', channelInformation: { accountNumber: '1' } });
		expect(errorOf(noName)).toMatchObject({
			code: 'field_required',
			field: 'channelInformation.accountName',
			detail: 'Make sure channelInformation.accountName value is fulfilled',
		});
		const empty = await inquire('', 'Name');
		expect(errorOf(empty)).toMatchObject({ code: 'field_required', field: 'channelInformation.accountNumber' });
		const long = await inquire('1'.repeat(61), 'Name');
		expect(errorOf(long)).toMatchObject({ status: 400, code: 'field_format_invalid', field: 'channelInformation.accountNumber' });
		const longName = await inquire('999966660001', 'n'.repeat(61));
		expect(errorOf(longName)).toMatchObject({ code: 'field_format_invalid', field: 'channelInformation.accountName' });
		const longCode = await inquire('999966660001', 'Name', 'C'.repeat(31));
		expect(errorOf(longCode)).toMatchObject({ code: 'field_format_invalid', field: 'channelCode' });
		const numeric = await api.post('/v1/inquiry-account', {
			channelCode: 'BCA',
			channelInformation: { accountNumber: 999966660001, accountName: 'Dummy Simulation' },
		});
		expect(errorOf(numeric)).toMatchObject({ code: 'field_format_invalid', field: 'channelInformation.accountNumber' });
	});

	it('rejects an unknown channel code with unsupported_channel_code', async () => {
		expect(errorOf(await inquire('999966660001', 'Dummy Simulation', 'NOPE'))).toEqual({
			status: 400,
			code: 'unsupported_channel_code',
			message: 'Channel Code is currently not supported',
			field: 'channelCode',
			detail: 'Make sure channel code following on the API Document',
		});
	});
});

describe('sandbox: inquiry isolation between merchants', () => {
	it('answers 404 for an inquiry made by another merchant', async () => {
		const { sb, api } = await setup({
			merchants: [
				{ clientId: 'm-one', clientSecret: 's-one', callbackApiKey: 'k-one' },
				{ clientId: 'm-two', clientSecret: 's-two', callbackApiKey: 'k-two' },
			],
		});
		try {
			const created = await api.post('/v1/inquiry-account', {
				channelCode: 'BRI',
				channelInformation: { accountNumber: '999966660001', accountName: 'Dummy Simulation' },
			});
			const other = await apiFor(sb, sb.merchants[1]);
			expect((await other.get(`/v1/inquiry-account/${created.data.data.uuid}`)).status).toBe(404);
		} finally {
			await sb.close();
		}
	});
});
