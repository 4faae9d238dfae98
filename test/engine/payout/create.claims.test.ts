/**
 * After Pivot says a Reference ID exists, the claim about each item's money follows from the
 * evidence alone, and the same evidence gives the same claim under every On Error setting and in
 * both send modes: paid (found with the same amount and destination), not paid (with proof),
 * already at Pivot (a payout the node cannot match), never "not paid" for a payout that was made.
 */
import type { IDataObject } from 'n8n-workflow';

import type { NodeSettings, RunResult } from '../support/harness';
import { SAYS_NOT_PAID } from '../support/moneyMessages';
import { createByChannel, payoutCounts, row, usePivotEnv, validateParams } from '../support/pivotEnv';

const env = usePivotEnv();
const FAST = { retryDelaySeconds: 0.01, timeoutSeconds: 5 };

const SETTINGS: Array<[string, NodeSettings]> = [
	['Stop', {}],
	['Continue', { onError: 'continueRegularOutput' }],
	['Continue (using error output)', { onError: 'continueErrorOutput' }],
];

type Claim = 'paid' | 'notPaid' | 'atPivot' | 'unknown';

/** Each input item's claim, read from whatever the setting outputs (for Stop: the error's title). */
function claims(result: RunResult, count: number): Claim[] | string {
	if (result.error) return result.error.message.match(/\(([^()]+)\)$/)?.[1] ?? result.error.message;
	const out: Claim[] = new Array(count);
	for (const item of result.items) {
		const json = item.json;
		const index = (item.pairedItem as { item: number }).item;
		out[index] = typeof json.error === 'string' ? (json.paymentOutcome as Claim) : 'paid';
	}
	for (const item of result.errorItems) {
		out[(item.pairedItem as { item: number }).item] = (item.json.error as IDataObject).paymentOutcome as Claim;
	}
	return out;
}

/** Stop shows one title for the request: the claims it names, in the order of claimNote(). */
function stopTitle(expected: Claim[]): string {
	const names: Record<Claim, string> = { paid: 'already paid', notPaid: 'not paid', atPivot: 'already at Pivot', unknown: 'outcome unknown' };
	const failed = expected.filter((c) => c !== 'paid');
	const kinds = (['paid', 'notPaid', 'atPivot', 'unknown'] as Claim[]).filter((k) => expected.includes(k));
	if (kinds.length === 1) return names[kinds[0]];
	return failed.length === 0 ? names.paid : kinds.map((k) => `${expected.filter((c) => c === k).length} ${names[k]}`).join(', ');
}

function expectClaims(result: RunResult, settings: NodeSettings, expected: Claim[]) {
	const got = claims(result, expected.length);
	if (!settings.onError && expected.some((c) => c !== 'paid')) expect(got).toBe(stopTitle(expected));
	else expect(got).toEqual(expected);
}

async function inquiry(): Promise<string> {
	const { items, error } = await env.run(validateParams('999966660001'));
	expect(error).toBeUndefined();
	return items[0].json.inquiryId as string;
}

const byInquiry = (inquiryId: string, referenceId: string) => ({
	...createByChannel({ destination: 'inquiry', options: FAST }),
	inquiryId,
	amount: '150000',
	referenceId,
	description: 'Test payout',
});

describe.each(SETTINGS)('On Error: %s', (_name, settings) => {
	it('a By Inquiry ID payout whose answer was lost, run again with a new inquiry → "already at Pivot", never "not paid"', async () => {
		// The first create commits, its answer is lost and the look-ups fail: outcome unknown.
		env.sandbox.setFault({ route: 'createPayout', kind: 'timeoutAfterCommit', latencyMs: 1500, count: 1 });
		env.sandbox.setFault({ route: 'getPayout', kind: 'status', status: 503, count: 3 });
		const lost = await env.run({ ...byInquiry(await inquiry(), 'FLOW-1'), options: { ...FAST, timeoutSeconds: 1, maxAttempts: 1 } }, [{}], settings);
		expect(claims(lost, 1)).toEqual(settings.onError ? ['unknown'] : 'outcome unknown');
		// The whole flow again, as advised: Validate gives a new inquiry ID, so a new X-REQUEST-ID.
		const again = await env.run(byInquiry(await inquiry(), 'FLOW-1'), [{}], settings);
		expectClaims(again, settings, ['atPivot']);
		expect(JSON.stringify(again.error?.message ?? again.items.concat(again.errorItems).map((i) => i.json.error))).not.toMatch(SAYS_NOT_PAID);
		expect(payoutCounts(env.sandbox).get('FLOW-1')).toBe(1);
	});

	it('one request per item run again with a new Description while look-ups fail → "already at Pivot"', async () => {
		expect((await env.run(createByChannel({ options: FAST }), [row('DESC-1')])).error).toBeUndefined();
		env.sandbox.setFault({ route: 'getPayout', kind: 'status', status: 503, count: 20 });
		const edited = await env.run(createByChannel({ options: FAST }), [{ ...row('DESC-1'), description: 'Edited' }], settings);
		expectClaims(edited, settings, ['atPivot']);
		expect(payoutCounts(env.sandbox).get('DESC-1')).toBe(1);
	});

	it.each(['perItem', 'bulk'] as const)('rows paid earlier plus a new row (%s) → the earlier rows paid, the new row per the evidence', async (sendAs) => {
		expect((await env.run(createByChannel({ options: FAST }), [row('MIXED-A'), row('MIXED-B')])).error).toBeUndefined();
		const rows = [row('MIXED-A'), row('MIXED-B'), row('MIXED-NEW')];
		// A new key for the same rows, as after Pivot's 24 h key window.
		const requestId = sendAs === 'bulk' ? 'MixedRerunKey00000000' : '={{ "MixedRerunKey" + $itemIndex + "0000000" }}';
		const result = await env.run(createByChannel({ sendAs, options: { ...FAST, requestId } }), rows, settings);
		if (sendAs === 'perItem') {
			// Each row is its own request: the new row is simply paid.
			expectClaims(result, settings, ['paid', 'paid', 'paid']);
			expect(payoutCounts(env.sandbox).get('MIXED-NEW')).toBe(1);
		} else {
			// Pivot refused the whole request: the new row was looked up and is not at Pivot.
			expectClaims(result, settings, ['paid', 'paid', 'notPaid']);
			expect(payoutCounts(env.sandbox).get('MIXED-NEW') ?? 0).toBe(0);
		}
		expect([payoutCounts(env.sandbox).get('MIXED-A'), payoutCounts(env.sandbox).get('MIXED-B')]).toEqual([1, 1]);
	});
});
