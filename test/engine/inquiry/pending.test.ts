/**
 * Account Inquiry → On Pending: an inquiry Pivot has not finished checking fails the item by
 * default, after the wait or at once when Wait While Pending is off, so it never reaches a payout.
 */
import { usePivotEnv, validateParams } from '../support/pivotEnv';

// The simulator answers PENDING for this account until pendingInquiryDelayMs has passed.
const PENDING_ACCOUNT = '999966669999';
const env = usePivotEnv({ pendingInquiryDelayMs: 2000 });

describe('Account Inquiry → Validate / Get: On Pending', () => {
	it('fails the item when the inquiry is still PENDING at Maximum Wait, naming the inquiry ID', async () => {
		const result = await env.run(validateParams(PENDING_ACCOUNT, 'Dummy Simulation', { maxWaitSeconds: 1, pollIntervalSeconds: 0.2 }));
		expect(result.error?.message).toBe(`Account ${PENDING_ACCOUNT}: Pivot has not finished checking it (PENDING) after waiting up to 1 s`);
		const inquiryId = env.sandbox.requests().find((r) => r.method === 'GET' && r.route === 'inquiry')?.path.split('/').pop();
		expect(result.error?.description).toContain(`inquiry ID ${inquiryId}`);
	});

	it('fails the item at once when Wait While Pending is off', async () => {
		const result = await env.run(validateParams(PENDING_ACCOUNT, 'Dummy Simulation', { waitWhilePending: false }));
		expect(result.error?.message).toMatch(/Pivot has not finished checking it \(PENDING\) \("Wait While Pending" is off\)/);
		expect(env.sandbox.requests().filter((r) => r.method === 'GET' && r.route === 'inquiry')).toHaveLength(0);
	});

	it('passes a PENDING inquiry on when On Pending is "Pass It On"', async () => {
		const result = await env.run(validateParams(PENDING_ACCOUNT, 'Dummy Simulation', { waitWhilePending: false, onPending: 'pass' }));
		expect(result.items[0].json).toMatchObject({ status: 'PENDING', nameMatches: null });
	});

	it('with Continue (using error output) the PENDING item takes the error output, with its inquiry ID', async () => {
		const result = await env.run(
			validateParams(PENDING_ACCOUNT, 'Dummy Simulation', { waitWhilePending: false }),
			[{}],
			{ onError: 'continueErrorOutput' },
		);
		expect(result.items).toHaveLength(0);
		expect(result.errorItems).toHaveLength(1);
		expect(String((result.errorItems[0].json.error as { description: string }).description)).toMatch(/inquiry ID [0-9a-f-]{36}/);
	});

	it('refuses an On Pending value that is not listed, before any request', async () => {
		const result = await env.run(validateParams(PENDING_ACCOUNT, 'Dummy Simulation', { onPending: 'wait' }));
		expect(result.error?.message).toBe('Item 1 (index 0): Option "On Pending" must be one of fail, pass, got "wait". Nothing was sent.');
		expect(env.sandbox.requests()).toHaveLength(0);
	});
});
