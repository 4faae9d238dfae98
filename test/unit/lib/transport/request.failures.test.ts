/**
 * How sendToPivot reads a failed call, for the error shapes each n8n version throws: an answer
 * Pivot gave is never mistaken for a failure inside n8n (n8n 1.x keeps the status and Pivot's body
 * but drops the response from its error).
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { sendToPivot } from '../../../../nodes/lib/transport/request';

const REFUSAL = { code: 'channel_not_supported', message: 'Channel is not supported', error: { trace_id: 't-1' } };

function contextThrowing(error: unknown): IExecuteFunctions {
	return {
		helpers: {
			httpRequestWithAuthentication: async () => {
				throw error;
			},
		},
		getCredentials: async () => ({}),
		getNode: () => ({ name: 'Pivot' }),
	} as unknown as IExecuteFunctions;
}

describe('sendToPivot reads a refusal whatever error shape n8n throws', () => {
	it.each([
		['n8n 2.x (the response kept as the cause)', Object.assign(new Error('Bad request'), { cause: { response: { status: 400, data: REFUSAL, headers: {} } } })],
		['n8n 1.x (status and body kept, response dropped)', Object.assign(new Error('Bad request - please check your parameters'), { httpCode: '400', context: { data: REFUSAL } })],
	])('%s → HTTP 400 with Pivot\'s body, not a failure inside n8n', async (_name, error) => {
		const outcome = await sendToPivot.call(contextThrowing(error), { method: 'POST', path: '/v1/payouts', body: {} });
		expect(outcome).toMatchObject({ ok: false, status: 400, body: { code: 'channel_not_supported' } });
		expect(outcome.ok === false && outcome.localError).toBeFalsy();
	});

	it('an error with no answer and no socket code is a failure inside n8n, with its message', async () => {
		const outcome = await sendToPivot.call(contextThrowing(new Error('The Pivot credential has no Client ID')), { method: 'GET', path: '/v1/payouts/balance' });
		expect(outcome).toMatchObject({ ok: false, localError: 'The Pivot credential has no Client ID' });
		expect(outcome.ok === false && outcome.status).toBeUndefined();
	});
});
