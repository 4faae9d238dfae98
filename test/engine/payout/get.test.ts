/** Payout → Get through n8n-core's engine against the simulator: its three look-ups, paging, errors. */
import { createByChannel, getByReference, row, usePivotEnv, visible } from '../support/pivotEnv';

const env = usePivotEnv();

describe('Payout → Get', () => {
	it('reads one request in all its shapes, paginated, with the same output shape', async () => {
		const input = Array.from({ length: 45 }, (_, i) => row(`GET-${i}`, i % 2 ? '999966660003' : '999966660001'));
		const created = await env.run(createByChannel({ sendAs: 'bulk' }), input);
		const uuid = created.items[0].json.requestUuid as string;
		await env.sandbox.waitForSettled();

		const all = await env.run({ resource: 'payout', operation: 'get', lookUpBy: 'uuid', uuid, returnAll: true });
		expect(all.items).toHaveLength(45);
		expect(all.items[1].json).toMatchObject({
			referenceId: 'GET-1',
			requestUuid: uuid,
			requestStatus: 'DONE',
			status: 'FAILED',
			isFinal: true,
			reason: 'Invalid account',
			retry: 'doNotRetry',
			totals: expect.objectContaining({ totalSuccessCount: 23, totalFailedCount: 22 }),
		});
		const pages = env.sandbox.requests().filter((r) => r.route === 'getPayout' && r.query.page);
		expect(pages.map((r) => r.query.page)).toEqual(['1']);

		const limited = await env.run({ resource: 'payout', operation: 'get', lookUpBy: 'uuid', uuid, returnAll: false, limit: 30 });
		expect(limited.items).toHaveLength(30);

		const one = await env.run({ resource: 'payout', operation: 'get', lookUpBy: 'uuidAndReference', uuid, referenceId: 'GET-2' });
		expect(one.items).toHaveLength(1);
		expect(one.items[0].json).toMatchObject({ referenceId: 'GET-2', status: 'SUCCESS', requestUuid: uuid });

		const byRef = await env.run(getByReference('GET-3'));
		expect(byRef.items[0].json).toMatchObject({ referenceId: 'GET-3', status: 'FAILED', reason: 'Invalid account' });
		expect(Object.keys(byRef.items[0].json).sort()).toEqual(Object.keys(one.items[0].json).sort());
	});

	it('maps an unknown request to a clear error with the trace id, and hides the token', async () => {
		const result = await env.run({ resource: 'payout', operation: 'get', lookUpBy: 'uuid', uuid: '00000000-0000-4000-8000-000000000000', returnAll: true });
		expect(result.error?.message).toBe('Get payout request: Pivot could not find it');
		expect(result.error?.description).toMatch(/Payout ID is not exist/);
		expect(result.error?.description).toMatch(/Trace ID: \w+/);
		const token = env.harness.credentialsHelper.stored().accessToken as string;
		expect(token).toBeTruthy();
		expect(visible(result)).not.toContain(token);
	});

	// A Reference ID of dots would be normalised away in the URL path and ask about another resource.
	it.each(['.', '..'])('by Reference ID %p is refused without a request', async (referenceId) => {
		const { error } = await env.run(getByReference(referenceId));
		expect(error?.message).toMatch(/^Item 1 \(index 0\): Reference ID/);
		expect(env.requestCount('getPayout')).toBe(0);
	});
});
