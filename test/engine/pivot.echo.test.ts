/**
 * A server (or a proxy in front of Pivot) that echoes the request's headers into its error
 * answers: the bearer token and X-MERCHANT-SECRET must not reach any message, run data or
 * Continue On Fail item. Driven by the simulator's echoHeaders fault on every route.
 */
import type { IDataObject } from 'n8n-workflow';

import type { SandboxRoute } from '../sandbox/types';
import type { PivotEnv } from './pivotEnv';
import { createByChannel, pivotEnv, row, visible } from './pivotEnv';

let env: PivotEnv;
afterEach(async () => await env?.close());

const validate = {
	resource: 'inquiry',
	operation: 'validate',
	channelCode: { __rl: true, mode: 'list', value: 'BCA' },
	accountNumber: '999966660001',
	accountName: 'Dummy Simulation',
};

const CASES: Array<{ route: SandboxRoute; parameters: IDataObject; items?: IDataObject[] }> = [
	{ route: 'token', parameters: { resource: 'balance', operation: 'get' } },
	{ route: 'balance', parameters: { resource: 'balance', operation: 'get' } },
	{ route: 'inquiry', parameters: validate },
	{ route: 'createPayout', parameters: createByChannel({ options: { maxAttempts: 1, retryDelaySeconds: 0 } }), items: [row('ECHO-1')] },
	{ route: 'getPayout', parameters: { resource: 'payout', operation: 'get', lookUpBy: 'reference', referenceId: 'ECHO-404' } },
];

describe.each([false, true])('headers echoed in error answers (Continue On Fail: %s)', (continueOnFail) => {
	it.each(CASES)('$route: no token or client secret in anything the run shows', async ({ route, parameters, items }) => {
		env = await pivotEnv();
		// A first call issues the token, so the echo carries a real one (except on the token route itself).
		if (route !== 'token') expect((await env.run({ resource: 'balance', operation: 'get' })).error).toBeUndefined();
		env.sandbox.setFault({ route, kind: 'echoHeaders', status: 400, count: 5 });
		const result = await env.run(parameters, items ?? [{}], continueOnFail ? { onError: 'continueRegularOutput' } : {});
		const echoed = env.sandbox.requests().filter((r) => r.fault === 'echoHeaders');
		expect(echoed.length).toBeGreaterThan(0);

		const shown = visible(result);
		const secret = env.sandbox.merchants[0].clientSecret;
		const tokens = (await (await fetch(`${env.sandbox.url}/_sandbox/tokens`)).json()) as { issued: string[] };
		for (const value of [secret, ...tokens.issued]) expect(shown).not.toContain(value);
		if (continueOnFail) {
			expect(result.items).toHaveLength((items ?? [{}]).length);
			expect(result.items[0].json.error).toEqual(expect.any(String));
		} else {
			expect(result.error?.message).toEqual(expect.any(String));
		}
		// The echo itself reached the node: what it said is still shown, minus the secrets.
		expect(shown).toMatch(/\[redacted\]/);
	});
});
