/**
 * The X-REQUEST-ID Payout → Create derives covers who pays (Client ID, Sub-Merchant ID) as well as
 * the payouts: the same rows for another sub-account are never answered with the other one's
 * replay, and a re-run whose key changed (an earlier version's key, or the option) pays nothing twice.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { Pivot } from '../../../nodes/Pivot/Pivot.node';
import { EngineHarness, sandboxCredentials } from '../support/harness';
import { createByChannel, payoutCounts, PIVOT, row, usePivotEnv } from '../support/pivotEnv';

const env = usePivotEnv();
const SUB_A = '5d2f4d6e-9b8a-4c3e-8f1a-2b7c6d5e4f3a';
const SUB_B = '7e3a5c1d-2b4f-4a6e-9c8d-1f2e3d4c5b6a';

const harnessWith = (settings: ICredentialDataDecryptedObject) =>
	new EngineHarness({ ...sandboxCredentials(env.sandbox.url, env.sandbox.merchants[0]), ...settings }, { [PIVOT]: new Pivot() });
const creates = () => env.sandbox.requests().filter((r) => r.route === 'createPayout');

describe('Payout → Create: the X-REQUEST-ID covers who pays', () => {
	it('the same rows for another Sub-Merchant ID are sent under another key, never answered with a replay', async () => {
		const first = await harnessWith({ subMerchantId: SUB_A }).run(PIVOT, createByChannel(), [row('PAYER-1')]);
		expect(first.error).toBeUndefined();
		await harnessWith({ subMerchantId: SUB_B }).run(PIVOT, createByChannel(), [row('PAYER-1')]);
		const [a, b] = creates();
		expect([a.submerchantId, b.submerchantId]).toEqual([SUB_A, SUB_B]);
		expect(b.xRequestId).not.toBe(a.xRequestId);
		expect(creates().some((r) => r.replay)).toBe(false);
	});

	it('a re-run of the same rows for the same payer sends the same key and Pivot replays its answer', async () => {
		const harness = harnessWith({ subMerchantId: SUB_A });
		const first = await harness.run(PIVOT, createByChannel(), [row('PAYER-2')]);
		const again = await harness.run(PIVOT, createByChannel(), [row('PAYER-2')]);
		expect(again.items[0].json.requestUuid).toBe(first.items[0].json.requestUuid);
		expect(creates().map((r) => r.xRequestId)).toEqual([creates()[0].xRequestId, creates()[0].xRequestId]);
		expect(payoutCounts(env.sandbox).get('PAYER-2')).toBe(1);
	});

	it('a re-run whose key changed (as across an upgrade of the key) is reported as already paid and pays nothing twice', async () => {
		const earlierRequestId = ['Earlier', 'Version', 'Request', '0000000001'].join('');
		const first = await env.run(createByChannel({ options: { requestId: earlierRequestId, retryDelaySeconds: 0.01 } }), [row('PAYER-3')]);
		expect(first.error).toBeUndefined();
		const rerun = await env.run(createByChannel(), [row('PAYER-3')]);
		expect(rerun.error).toBeUndefined();
		// Pivot's look-up by Reference ID does not name the request, so its UUID is not claimed.
		expect(rerun.items[0].json).toMatchObject({ referenceId: 'PAYER-3', recovered: true });
		expect(creates().map((r) => r.xRequestId)[1]).not.toBe(earlierRequestId);
		expect(payoutCounts(env.sandbox).get('PAYER-3')).toBe(1);
	});
});
