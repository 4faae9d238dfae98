/**
 * How the by-Reference-ID look-up (nodes/Pivot/actions/payout/lookup.ts) reads each answer: only
 * Pivot's own "not found" (its envelope with resource_missing) or an empty list is "none"; a bare
 * 404, a page that is not Pivot's, a success envelope without a list, or payouts under other
 * Reference IDs are never read as "none".
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { asLookUp, payoutsByReference } from '../../../nodes/Pivot/actions/payout/lookup';

function contextAnswering(answer: () => unknown): IExecuteFunctions {
	return {
		helpers: { httpRequestWithAuthentication: async () => answer() },
		getCredentials: async () => ({}),
		getNode: () => ({ name: 'Pivot', type: 'CUSTOM.pivot', typeVersion: 1, parameters: {}, id: 'x', position: [0, 0] }),
	} as unknown as IExecuteFunctions;
}

const failing = (status: number, data: unknown) => () => {
	throw Object.assign(new Error(`HTTP ${status}`), { cause: { response: { status, data, headers: {} } } });
};

const item = (referenceId: string, status = 'SUCCESS'): IDataObject => ({
	referenceId,
	channelCode: 'BRI',
	channelInformation: { accountNumber: '999966660001', accountName: 'X' },
	amount: { value: '150000', currency: 'IDR' },
	status,
	reason: '',
});

const look = async (answer: () => unknown) => await payoutsByReference.call(contextAnswering(answer), 'INV-1', 0);

describe('payoutsByReference', () => {
	it("Pivot's resource_missing is none (a successful look-up that found nothing)", async () => {
		expect(await look(failing(404, { code: 'resource_missing', message: 'Payout ID is not exist' }))).toEqual({ kind: 'none' });
	});

	it('an empty list in a success envelope is none', async () => {
		expect(await look(() => ({ code: '00', message: 'Success', data: [] }))).toEqual({ kind: 'none' });
	});

	it.each([
		['a bare 404 (a proxy, a wrong Base URL)', failing(404, '<html>Not Found</html>')],
		['a 404 with JSON that is not Pivot\'s', failing(404, { error: 'not found' })],
		['a 200 that is not Pivot\'s envelope', () => '<html>maintenance</html>'],
		['a 503', failing(503, { code: 'service_unavailable', message: 'Gateway / Partner service is unavailable' })],
		['another Pivot error', failing(400, { code: 'field_format_invalid', message: 'Format Field is Invalid' })],
	])('%s is a failed look-up, never none', async (_name, answer) => {
		const result = await look(answer);
		expect(result.kind).toBe('failed');
		expect(asLookUp(result).kind).toBe('failed');
	});

	it('payouts under other Reference IDs only are never none: unknown, naming them', async () => {
		const result = await look(() => ({ code: '00', data: [item('inv-1'), item('INV-1 ')] }));
		expect(result.kind).toBe('unreadable');
		const lookUp = asLookUp(result);
		expect(lookUp.kind === 'failed' && lookUp.message).toMatch(/other Reference IDs \("inv-1", "INV-1 "\), none under this exact one/);
	});

	it.each([
		['no data', {}],
		['data: null', { data: null }],
		['data as text', { data: 'Success' }],
	])('a success envelope with %s is never none: unknown', async (_name, extra) => {
		const result = await look(() => ({ code: '00', message: 'Success', ...extra }));
		expect(result.kind).toBe('unreadable');
		const lookUp = asLookUp(result);
		expect(lookUp.kind === 'failed' && lookUp.message).toMatch(/success but without a list of payouts/);
	});

	it('keeps only the payouts under this exact Reference ID, in the output shape', async () => {
		const result = await look(() => ({ code: '00', data: [item('INV-1'), item('OTHER'), item('INV-1', 'FAILED')] }));
		expect(result.kind).toBe('found');
		if (result.kind !== 'found') return;
		expect(result.payouts.map((p) => [p.referenceId, p.status, p.amount.number, p.requestUuid])).toEqual([
			['INV-1', 'SUCCESS', 150000, null],
			['INV-1', 'FAILED', 150000, null],
		]);
	});
});
