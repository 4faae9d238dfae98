/** Payout → Get by Request UUID with a Limit: exactly that many distinct payouts, in Pivot's order. */
import fc from 'fast-check';

import type { PivotEnv } from '../support/pivotEnv';
import { createByChannel, pivotEnv, row } from '../support/pivotEnv';

const PAYOUTS = 260;
let env: PivotEnv;
let uuid: string;
let order: string[];

beforeAll(async () => {
	env = await pivotEnv({ processingDelayMs: 0 });
	const rows = Array.from({ length: PAYOUTS }, (_, i) => row(`LIMIT-${String(i).padStart(3, '0')}`));
	const created = await env.run(createByChannel({ sendAs: 'bulk' }), rows);
	uuid = created.items[0].json.requestUuid as string;
	await env.sandbox.waitForSettled();
	// Pivot's own order of the request's payouts, read at the simulator.
	order = env.sandbox.payouts().filter((p) => p.requestUuid === uuid).map((p) => p.referenceId);
	expect(order).toHaveLength(PAYOUTS);
});
afterAll(async () => await env?.close());

async function getWithLimit(limit: number): Promise<string[]> {
	const result = await env.run({ resource: 'payout', operation: 'get', lookUpBy: 'uuid', uuid, returnAll: false, limit });
	expect(result.error).toBeUndefined();
	return result.items.map((item) => item.json.referenceId as string);
}

describe('Payout → Get by Request UUID with a Limit', () => {
	it('returns the first Limit payouts of the request, each once, for any Limit (random Limits, seed printed on failure)', async () => {
		await fc.assert(
			fc.asyncProperty(fc.integer({ min: 1, max: 1000 }), async (limit) => {
				const got = await getWithLimit(limit);
				expect(got).toEqual(order.slice(0, Math.min(limit, PAYOUTS)));
			}),
			{ numRuns: 12, examples: [[150], [101], [199], [250], [100], [260], [1]] },
		);
	});

	it('asks Pivot for pages of one size, so no page starts inside another', async () => {
		const before = env.sandbox.requests().length;
		await getWithLimit(150);
		const pages = env.sandbox.requests().slice(before).filter((r) => r.route === 'getPayout');
		expect(pages.map((r) => [r.query.page, r.query.perPage])).toEqual([
			['1', '100'],
			['2', '100'],
		]);
	});
});
