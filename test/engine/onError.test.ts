/**
 * Every operation under every "On Error" setting, with and without Retry On Fail, through
 * n8n-core's own engine (which decides the outputs): each input item comes out exactly once, on the
 * right output; with the error output the success output holds only successes and each failed item
 * keeps its claim in the shape both n8n 1.x and 2.x leave intact; payouts are checked at the
 * simulator.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { NodeSettings } from './support/harness';
import type { PivotEnv } from './support/pivotEnv';
import { BALANCE_GET, createByChannel, payoutCounts, row, usePivotEnv, validateParams } from './support/pivotEnv';

interface Case {
	name: string;
	parameters: IDataObject;
	rows: IDataObject[];
	/** Indices of the input items that must fail. */
	failed: number[];
	setup?: (env: PivotEnv) => Promise<IDataObject>;
	createsPayouts?: boolean;
}

const RETRY: NodeSettings = { retryOnFail: true, maxTries: 2, waitBetweenTries: 1 };
const SETTINGS: Array<[string, NodeSettings]> = [
	['Stop', {}],
	['Stop, Retry On Fail', RETRY],
	['Continue', { onError: 'continueRegularOutput' }],
	['Continue, Retry On Fail', { onError: 'continueRegularOutput', ...RETRY }],
	['Continue (using error output)', { onError: 'continueErrorOutput' }],
	['Continue (using error output), Retry On Fail', { onError: 'continueErrorOutput', ...RETRY }],
];

const FAST = { retryDelaySeconds: 0.01, timeoutSeconds: 5 };

const CASES: Case[] = [
	{
		name: 'Balance → Get, Require at Least not met on item 1',
		parameters: { ...BALANCE_GET, options: { requireAtLeast: '={{ $json.need }}' } },
		rows: [{ need: 1 }, { need: 999_999_999_999 }, { need: 2 }],
		failed: [1],
	},
	{
		name: 'Balance → Get, a bad option on item 0 (the first item fails)',
		parameters: { ...BALANCE_GET, options: { requireAtLeast: '={{ $json.need }}' } },
		rows: [{ need: 'none' }, { need: 1 }],
		failed: [0],
	},
	{
		name: 'Balance → Get History, a Start more than 6 months back on item 1',
		parameters: { resource: 'balance', operation: 'getHistory', start: '={{ $json.start }}', end: '={{ $now.toISO() }}', returnAll: true },
		rows: [{ start: new Date(Date.now() - 5 * 86_400_000).toISOString() }, { start: new Date(Date.now() - 200 * 86_400_000).toISOString() }],
		failed: [1],
		setup: async (env) => {
			env.sandbox.addLedgerEntries([{ referenceId: 'ONERR-HIST' }]);
			return {};
		},
	},
	{
		name: 'Account Inquiry → Validate, a name mismatch (WARNING) on item 1',
		parameters: { ...validateParams('999966660001'), accountName: '={{ $json.name }}' },
		rows: [{ name: 'Dummy Simulation' }, { name: 'Reforza Pivot' }],
		failed: [1],
	},
	{
		name: 'Account Inquiry → Get, an unknown inquiry on item 0',
		parameters: { resource: 'inquiry', operation: 'get', inquiryId: '={{ $json.inquiryId }}', options: { pollIntervalSeconds: 0.1 } },
		rows: [{ inquiryId: '00000000-0000-4000-8000-000000000000' }, { inquiryId: 'KNOWN' }],
		failed: [0],
		setup: async (env) => {
			const known = await env.run(validateParams('999966660001'));
			return { KNOWN: known.items[0].json.inquiryId as string };
		},
	},
	{
		name: 'Payout → Get by Reference ID, one not at Pivot',
		parameters: { resource: 'payout', operation: 'get', lookUpBy: 'reference', referenceId: '={{ $json.referenceId }}' },
		rows: [{ referenceId: 'ONERR-GET-0' }, { referenceId: 'ONERR-GET-MISSING' }],
		failed: [1],
		setup: async (env) => {
			await env.run(createByChannel(), [row('ONERR-GET-0')]);
			return {};
		},
	},
	{
		name: 'Payout → Create one request per item, Pivot refuses item 1',
		parameters: createByChannel({ allowUnlistedChannel: true, options: FAST }),
		rows: [row('ONERR-C0'), { ...row('ONERR-C1'), channelCode: 'NEWBANK' }, row('ONERR-C2')],
		failed: [1],
		createsPayouts: true,
	},
	{
		name: 'Payout → Create one request per item, Pivot refuses item 0',
		parameters: createByChannel({ allowUnlistedChannel: true, options: FAST }),
		rows: [{ ...row('ONERR-D0'), channelCode: 'NEWBANK' }, row('ONERR-D1')],
		failed: [0],
		createsPayouts: true,
	},
	{
		name: 'Payout → Create in bulk, a bad row stops the batch',
		parameters: createByChannel({ sendAs: 'bulk', options: FAST }),
		rows: [row('ONERR-B0'), row('ONERR-B1', '999966660001', '1.000'), row('ONERR-B2')],
		failed: [0, 1, 2],
		createsPayouts: true,
	},
	{
		name: 'Payout → Create in bulk, every row paid',
		parameters: createByChannel({ sendAs: 'bulk', options: FAST }),
		rows: [row('ONERR-P0'), row('ONERR-P1')],
		failed: [],
		createsPayouts: true,
	},
	{
		name: 'an operation that does not exist (the error no operation attributes to an item)',
		parameters: { resource: 'payout', operation: 'cancel' },
		rows: [{}, {}],
		failed: [0, 1],
	},
];

const env = usePivotEnv();

/** Requests that reached Pivot since the last reset, token exchanges left out. */
const requestsToPivot = () => env.sandbox.requests().filter((r) => r.route !== 'token').length;
const pairedIndex = (item: INodeExecutionData) => (item.pairedItem as { item: number }).item;
const sorted = (list: number[]) => [...list].sort((a, b) => a - b);

/** Rows with placeholders (e.g. KNOWN) replaced by what the case's set-up made. */
function rowsFor(testCase: Case, made: IDataObject): IDataObject[] {
	return testCase.rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' && v in made ? made[v] : v])));
}

/** Every payout claimed paid is at the simulator once; every one claimed not paid is not. */
function checkClaims(success: INodeExecutionData[], failures: IDataObject[]) {
	const counts = payoutCounts(env.sandbox);
	for (const count of counts.values()) expect(count).toBe(1);
	for (const item of success) expect(counts.get(item.json.referenceId as string)).toBe(1);
	for (const failure of failures) {
		expect(['notPaid', 'unknown']).toContain(failure.paymentOutcome);
		if (failure.paymentOutcome === 'notPaid') expect(counts.get(failure.referenceId as string) ?? 0).toBe(0);
	}
}

describe.each(SETTINGS)('On Error: %s', (settingName, settings) => {
	it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
		const made = (await testCase.setup?.(env)) ?? {};
		const rows = rowsFor(testCase, made);
		const before = requestsToPivot();
		const result = await env.run(testCase.parameters, rows, settings);
		const requestsOfRun = requestsToPivot() - before;
		const all = rows.map((_, i) => i);
		const succeeded = all.filter((i) => !testCase.failed.includes(i));

		if (!settings.onError) {
			if (testCase.failed.length === 0) {
				expect(result.error).toBeUndefined();
				expect(sorted(result.items.map(pairedIndex))).toEqual(all);
			} else {
				expect(result.error?.message).toEqual(expect.any(String));
				expect(result.items).toHaveLength(0);
			}
			return;
		}
		expect(result.error).toBeUndefined();

		if (settings.onError === 'continueRegularOutput') {
			expect(result.errorItems).toHaveLength(0);
			expect(result.items.map(pairedIndex)).toEqual(all);
			const failedHere = result.items.filter((item) => typeof item.json.error === 'string').map(pairedIndex);
			expect(failedHere).toEqual(testCase.failed);
			if (testCase.createsPayouts) {
				checkClaims(
					result.items.filter((item) => item.json.error === undefined),
					result.items.filter((item) => item.json.error !== undefined).map((item) => item.json),
				);
			}
			return;
		}

		// Continue (using error output)
		expect(result.items.map(pairedIndex)).toEqual(succeeded);
		for (const item of result.items) expect(item.json).not.toHaveProperty('error');
		expect(result.errorItems.map(pairedIndex)).toEqual(testCase.failed);
		for (const item of result.errorItems) {
			// Only `error` and `message`: the keys n8n 1.x and 2.x both move to the error output intact.
			expect(Object.keys(item.json).sort()).toEqual(['error', 'message']);
			const claim = item.json.error as IDataObject;
			expect(claim.message).toEqual(expect.any(String));
			expect(item.json.message).toBe(claim.message);
			if (testCase.createsPayouts) expect(claim).toHaveProperty('paymentOutcome');
		}
		if (testCase.createsPayouts) checkClaims(result.items, result.errorItems.map((item) => item.json.error as IDataObject));
		if (settings.retryOnFail && succeeded.length > 0) {
			// Retry On Fail re-runs the node only when every item failed: the same requests as one run.
			env.sandbox.reset();
			const madeAgain = (await testCase.setup?.(env)) ?? {};
			const beforeAgain = requestsToPivot();
			await env.run(testCase.parameters, rowsFor(testCase, madeAgain), { onError: 'continueErrorOutput' });
			expect(requestsOfRun).toBe(requestsToPivot() - beforeAgain);
		}
		expect(settingName).toBeTruthy();
	});
});
