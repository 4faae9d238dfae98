/** Account Inquiry → Get through n8n-core's engine against the simulator. */
import type { PivotEnv } from '../support/pivotEnv';
import { pivotEnv, validateParams } from '../support/pivotEnv';

let env: PivotEnv;
afterEach(async () => await env?.close());

describe('Account Inquiry → Get', () => {
	it('returns an inquiry that Validate left PENDING once it settled; Validate waits for it by default', async () => {
		env = await pivotEnv({ pendingInquiryDelayMs: 300 });
		const pendingAccount = '999966669999';
		const noWait = await env.run(validateParams(pendingAccount, 'Dummy Simulation', { waitWhilePending: false, onPending: 'pass' }));
		expect(noWait.items[0].json.status).toBe('PENDING');
		const waited = await env.run(validateParams(pendingAccount));
		expect(waited.items[0].json.status).toBe('VALID');
		const polls = env.sandbox.requests().filter((r) => r.method === 'GET' && r.route === 'inquiry');
		expect(polls.length).toBeGreaterThan(0);
		const got = await env.run(
			{ resource: 'inquiry', operation: 'get', inquiryId: noWait.items[0].json.inquiryId, options: { pollIntervalSeconds: 0.1 } },
		);
		expect(got.items[0].json).toMatchObject({ inquiryId: noWait.items[0].json.inquiryId, status: 'VALID' });
	});
});
