import { sleep } from 'n8n-workflow';

import { apiFor, channelItem, createPayout, errorOf, newReference, newRequestId, setup } from '../test-helpers';

describe('sandbox: X-REQUEST-ID idempotency', () => {
	it('replays the original response for the same key and body, creating nothing', async () => {
		const { sb, api } = await setup();
		try {
			const requestId = newRequestId();
			const payouts = [channelItem(), channelItem()];
			const first = await createPayout(api, payouts, requestId);
			expect(first.status).toBe(200);
			await sb.waitForSettled();
			const again = await createPayout(api, payouts, requestId);
			expect(again.status).toBe(200);
			// Byte-identical: same uuid, timestamps and status as at first acceptance.
			expect(JSON.stringify(again.data)).toBe(JSON.stringify(first.data));
			expect(sb.payouts()).toHaveLength(2);
			const creates = sb.requests().filter((r) => r.route === 'createPayout');
			expect(creates.map((r) => [r.xRequestId, r.status, r.replay ?? false])).toEqual([
				[requestId, 200, false],
				[requestId, 200, true],
			]);
		} finally {
			await sb.close();
		}
	});

	it('replays a parked request as it was answered (PENDING), even after it was cancelled', async () => {
		const { sb, api } = await setup();
		try {
			const requestId = newRequestId();
			const payouts = [channelItem({ accountNumber: '999966660007' })];
			const first = await createPayout(api, payouts, requestId);
			expect(first.data.data.status).toBe('PENDING');
			expect(sb.cancelPending(first.data.data.uuid)).toBe(true);
			const again = await createPayout(api, payouts, requestId);
			expect(JSON.stringify(again.data)).toBe(JSON.stringify(first.data));
		} finally {
			await sb.close();
		}
	});

	it('compares bodies canonically (key order does not matter)', async () => {
		const { sb, api } = await setup();
		try {
			const requestId = newRequestId();
			const ref = newReference();
			const a = { referenceId: ref, channelCode: 'BRI', channelInformation: { accountNumber: '999966660001', accountName: 'A B' }, amount: { value: '10000', currency: 'IDR' } };
			const b = { amount: { currency: 'IDR', value: '10000' }, channelInformation: { accountName: 'A B', accountNumber: '999966660001' }, channelCode: 'BRI', referenceId: ref };
			expect((await createPayout(api, [a], requestId)).status).toBe(200);
			const replay = await createPayout(api, [b], requestId);
			expect(replay.status).toBe(200);
			expect(sb.payouts()).toHaveLength(1);
		} finally {
			await sb.close();
		}
	});

	it('answers 409 resource_already_exists for the same key with a different body', async () => {
		const { sb, api } = await setup();
		try {
			const requestId = newRequestId();
			const ref = newReference();
			expect((await createPayout(api, [channelItem({ referenceId: ref })], requestId)).status).toBe(200);
			const res = await createPayout(api, [channelItem({ referenceId: ref, value: '200000' })], requestId);
			expect(errorOf(res)).toEqual({
				status: 409,
				code: 'resource_already_exists',
				message: 'X-REQUEST-ID is already exists',
				field: 'X-REQUEST-ID',
				detail: 'Use unique X-EXTERNAL-ID',
			});
			expect(sb.payouts()).toHaveLength(1);
		} finally {
			await sb.close();
		}
	});

	it('does not remember keys of rejected requests (fix and resend with the same key)', async () => {
		const { sb, api } = await setup();
		try {
			const requestId = newRequestId();
			expect((await createPayout(api, [channelItem({ channelCode: 'NOPE' })], requestId)).status).toBe(400);
			expect((await createPayout(api, [channelItem()], requestId)).status).toBe(200);
			expect(sb.payouts()).toHaveLength(1);
		} finally {
			await sb.close();
		}
	});

	it('scopes keys per merchant', async () => {
		const { sb, api } = await setup({
			merchants: [
				{ clientId: 'mA', clientSecret: 'sA', callbackApiKey: 'kA' },
				{ clientId: 'mB', clientSecret: 'sB', callbackApiKey: 'kB' },
			],
		});
		try {
			const other = await apiFor(sb, sb.merchants[1]);
			const requestId = newRequestId();
			expect((await createPayout(api, [channelItem()], requestId)).status).toBe(200);
			const res = await createPayout(other, [channelItem()], requestId);
			expect(res.status).toBe(200);
			expect(res.data.data.merchantId).toBe('mB');
		} finally {
			await sb.close();
		}
	});

	it('forgets a key after idempotencyWindowMs', async () => {
		const { sb, api } = await setup({ idempotencyWindowMs: 100 });
		try {
			const requestId = newRequestId();
			expect((await createPayout(api, [channelItem()], requestId)).status).toBe(200);
			await sleep(150);
			const res = await createPayout(api, [channelItem()], requestId);
			expect(res.status).toBe(200);
			expect(sb.payouts()).toHaveLength(2);
		} finally {
			await sb.close();
		}
	});
});
