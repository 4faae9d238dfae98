/**
 * The `={{ $json.x }}` fast path of Payout → Create (nodes/Pivot/actions/payout/create/itemField.ts) must behave
 * exactly like n8n's expression engine. Each case runs twice: with `$json.x` (read from the item)
 * and with `$json["x"]` (evaluated by n8n as before); the sent bodies (their body-derived
 * X-REQUEST-IDs) and the errors must be identical.
 */
import type { IDataObject } from 'n8n-workflow';

import { BAD_INPUTS, batchFor } from '../../fixtures/badInputs';
import { createByChannel, row, usePivotEnv } from '../support/pivotEnv';

/** The same parameters with every `$json.x` written as `$json["x"]`, which the fast path skips. */
function viaEngine(parameters: IDataObject): IDataObject {
	return JSON.parse(JSON.stringify(parameters).replace(/\$json\.([A-Za-z]+)/g, '$json[\\"$1\\"]')) as IDataObject;
}

function paramsFor(destination: 'channel' | 'inquiry', sendAs: string): IDataObject {
	const base = createByChannel({ sendAs });
	return destination === 'inquiry' ? { ...base, destination: 'inquiry', inquiryId: '={{ $json.inquiryId }}' } : base;
}

const env = usePivotEnv({ processingDelayMs: 60_000 });

describe('Payout → Create: `{{ $json.x }}` fast path', () => {
	it('the `$json["x"]` rewrite used below changes only how fields are read', () => {
		const engine = viaEngine(paramsFor('channel', 'bulk'));
		expect(engine.amount).toBe('={{ $json["amount"] }}');
		expect((engine.channelCode as IDataObject).value).toBe('={{ $json["channelCode"] }}');
	});

	it.each(BAD_INPUTS.map((c) => [c.name, c] as const))('same error as the engine: %s', async (_name, bad) => {
		const params = paramsFor(bad.destination ?? 'channel', 'bulk');
		const fast = await env.run(params, batchFor(bad));
		const slow = await env.run(viaEngine(params), batchFor(bad));
		expect(fast.error?.message).toContain(`Item 2: ${bad.field}`);
		expect(fast.error?.message).toBe(slow.error?.message);
		expect(fast.error?.description).toBe(slow.error?.description);
		expect(env.createRequests()).toBe(0);
	});

	it('falls back to the engine for missing fields, null and objects, with the same errors', async () => {
		const cases: IDataObject[] = [
			{ ...row('FB-1'), amount: null },
			{ ...row('FB-2'), amount: undefined },
			{ ...row('FB-3'), accountName: { first: 'A' } },
			{ ...row('FB-4'), channelCode: ['BRI'] },
			{ ...row('FB-5'), referenceId: null },
		];
		for (const bad of cases) {
			const input = [row('FB-OK'), bad];
			const fast = await env.run(paramsFor('channel', 'bulk'), input);
			const slow = await env.run(viaEngine(paramsFor('channel', 'bulk')), input);
			expect(fast.error?.message).toBeDefined();
			expect(fast.error?.message).toBe(slow.error?.message);
		}
		expect(env.createRequests()).toBe(0);
	});

	it.each(['bulk', 'perItem'])('sends byte-identical bodies (same X-REQUEST-IDs) in %s mode', async (sendAs) => {
		const rows = [
			row(`SAME-${sendAs}-1`, '999966660001', 150000),
			row(`SAME-${sendAs}-2`, '999966660001', '150000.00'),
			{ ...row(`SAME-${sendAs}-3`, '+6281234567890', ' 20000 '), channelCode: 'gopay', description: '' },
			{ ...row(`SAME-${sendAs}-4`), accountName: '  Padded Name  ', description: 'Bonus 2026' },
		];
		const fast = await env.run(paramsFor('channel', sendAs), rows);
		expect(fast.error).toBeUndefined();
		const fastKeys = fast.items.map((i) => i.json.requestId);
		// The engine run sends the same bodies: Pivot (the simulator) replays, nothing new is created.
		const before = env.sandbox.payouts().length;
		const slow = await env.run(viaEngine(paramsFor('channel', sendAs)), rows);
		expect(slow.error).toBeUndefined();
		expect(slow.items.map((i) => i.json.requestId)).toEqual(fastKeys);
		expect(slow.items.map((i) => i.json.requestUuid)).toEqual(fast.items.map((i) => i.json.requestUuid));
		expect(env.sandbox.payouts().length).toBe(before);
		const creates = env.sandbox.requests().filter((r) => r.route === 'createPayout' && r.xRequestId && fastKeys.includes(r.xRequestId));
		expect(creates.filter((r) => r.replay)).toHaveLength(creates.length / 2);
	});
});
