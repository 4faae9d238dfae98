/**
 * The one reading of a by-Reference-ID answer (nodes/lib/referenceLookUp.ts) that Payout → Create's
 * recovery, Reconcile and Get share: "none" (proof that Pivot holds nothing) only from Pivot's own
 * resource_missing or a success envelope whose data is an empty array; "found" only payouts under
 * this exact Reference ID; anything else proves nothing.
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import type { PivotOutcome } from '../../../nodes/lib/transport/request';
import { readReferenceAnswer, unreadableText } from '../../../nodes/lib/referenceLookUp';

const ok = (body: IDataObject): PivotOutcome => ({ ok: true, status: 200, body: body as never });
const failed = (status: number | undefined, body?: IDataObject): PivotOutcome => ({ ok: false, status, body: body as never });
const payout = (referenceId: unknown, status = 'SUCCESS'): IDataObject => ({ referenceId: referenceId as string, status, amount: { value: '150000', currency: 'IDR' } });

describe('readReferenceAnswer', () => {
	it("Pivot's resource_missing and a genuine empty list are none", () => {
		expect(readReferenceAnswer(failed(404, { code: 'resource_missing', message: 'Payout ID is not exist' }), 'INV-1')).toEqual({ kind: 'none' });
		expect(readReferenceAnswer(ok({ code: '00', data: [] }), 'INV-1')).toEqual({ kind: 'none' });
	});

	it.each([
		['a bare 404', failed(404)],
		['a 404 with JSON that is not Pivot\'s', failed(404, { error: 'not found' })],
		['no answer', failed(undefined)],
		['a 503', failed(503, { code: 'service_unavailable' })],
	])('%s is failed, never none', (_name, outcome) => {
		expect(readReferenceAnswer(outcome, 'INV-1').kind).toBe('failed');
	});

	it.each([
		['no data', {}],
		['data: null', { data: null }],
		['data as text', { data: 'Success' }],
		['data as a number', { data: 0 }],
	])('a success envelope with %s is noList, never none', (_name, extra) => {
		const reading = readReferenceAnswer(ok({ code: '00', message: 'Success', ...extra }), 'INV-1');
		expect(reading).toEqual({ kind: 'noList' });
		expect(unreadableText(reading as { kind: 'noList' })).toMatch(/without a list of payouts, which proves nothing/);
	});

	it('a list of other Reference IDs only (another case, a space) is foreign, naming them', () => {
		const reading = readReferenceAnswer(ok({ code: '00', data: [payout('inv-1'), payout('INV-1 ')] }), 'INV-1');
		expect(reading).toEqual({ kind: 'foreign', referenceIds: ['inv-1', 'INV-1 '] });
		expect(unreadableText(reading as { kind: 'foreign'; referenceIds: string[] })).toBe(
			'Pivot answered with payouts under other Reference IDs ("inv-1", "INV-1 "), none under this exact one',
		);
	});

	it('keeps only the exact Reference ID, also from a single payout sent as an object', () => {
		expect(readReferenceAnswer(ok({ code: '00', data: [payout('INV-1'), payout('inv-1'), payout('INV-1', 'FAILED')] }), 'INV-1')).toEqual({
			kind: 'found',
			payouts: [payout('INV-1'), payout('INV-1', 'FAILED')],
		});
		expect(readReferenceAnswer(ok({ code: '00', data: payout('INV-1') }), 'INV-1')).toEqual({ kind: 'found', payouts: [payout('INV-1')] });
		expect(readReferenceAnswer(ok({ code: '00', data: payout('inv-1') }), 'INV-1').kind).toBe('foreign');
	});

	it('property: none only from resource_missing or an empty array; found holds only the exact Reference ID', () => {
		const refs = fc.constantFrom('INV-1', 'inv-1', 'INV-1 ', 'OTHER', '', 1);
		const data = fc.oneof(
			fc.constant(undefined),
			fc.constant(null),
			fc.string(),
			fc.integer(),
			refs.map((ref) => payout(ref)),
			fc.array(fc.oneof(refs.map((ref) => payout(ref)), fc.constant(null), fc.string()), { maxLength: 4 }),
		);
		const outcome: fc.Arbitrary<PivotOutcome> = fc.oneof(
			data.map((d) => ok(d === undefined ? { code: '00' } : { code: '00', data: d as never })),
			fc.tuple(fc.constantFrom(undefined, 400, 404, 409, 500, 502, 503), fc.constantFrom('resource_missing', 'general_error', undefined)).map(([status, code]) =>
				failed(status, code ? { code } : undefined),
			),
		);
		fc.assert(
			fc.property(outcome, (answer) => {
				const reading = readReferenceAnswer(answer, 'INV-1');
				const proof = answer.ok
					? Array.isArray(answer.body.data) && answer.body.data.length === 0
					: answer.body?.code === 'resource_missing';
				expect(reading.kind === 'none').toBe(proof);
				if (reading.kind === 'found') {
					expect(reading.payouts.length).toBeGreaterThan(0);
					expect(reading.payouts.every((p) => p.referenceId === 'INV-1')).toBe(true);
				}
			}),
			{ numRuns: 300 },
		);
	});
});
