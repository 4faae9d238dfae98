/**
 * README's "Your first payout" as the engine runs it: Validate → Create by Inquiry ID with the
 * Inquiry ID left at its default ($json.inquiryId), the item a finance person reads (the request's
 * state and Pivot's time first, no nulls), a re-run that Pivot answers with the same record, and a
 * Bulk Request Size an older workflow kept in one-request-per-item mode.
 */
import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { createByChannel, payoutsOf, requestsTo, row, usePivotEnv, validateParams } from '../support/pivotEnv';

const env = usePivotEnv();

/** Create by Inquiry ID as README's step 2 fills it: Inquiry ID not touched (its default applies). */
const createAsReadme = (referenceId: string): IDataObject => ({
	resource: 'payout',
	operation: 'create',
	destination: 'inquiry',
	amount: '150000',
	referenceId,
	options: { retryDelaySeconds: 0.01, timeoutSeconds: 5 },
});

async function validated(): Promise<IDataObject> {
	const { items, error } = await env.run(validateParams('999966660001'));
	expect(error).toBeUndefined();
	return items[0].json;
}

describe('Payout → Create as in "Your first payout"', () => {
	it('Inquiry ID defaults to the input item\'s inquiryId: the payout goes to the validated account', async () => {
		const inquiry = await validated();
		const { items, error } = await env.run(createAsReadme('FIRST-DEFAULT-1'), [inquiry]);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ referenceId: 'FIRST-DEFAULT-1', requestStatus: 'IN_PROGRESS' });
		expect(payoutsOf(env.sandbox, 'FIRST-DEFAULT-1').map((p) => p.inquiryId)).toEqual([inquiry.inquiryId]);
	});

	it('an input item without inquiryId is refused clearly, naming item 1 and the field; nothing is sent', async () => {
		const { error, items } = await env.run(createAsReadme('FIRST-NO-INQUIRY'), [{ amount: 150000 }]);
		expect(items).toHaveLength(0);
		expect(error?.message).toBe(
			"Item 1 (index 0): Inquiry ID is required and is empty (by default it is the input item's inquiryId: put Account Inquiry → Validate before this node, or map the ID). Nothing was sent: fix the item and run again.",
		);
		expect(env.createRequests()).toBe(0);
	});

	it('the item leads with the request\'s state and Pivot\'s created time, and has no null status fields', async () => {
		const { items } = await env.run(createByChannel(), [row('FIRST-SHAPE-1')]);
		const json = items[0].json;
		expect(Object.keys(json).slice(0, 3)).toEqual(['requestStatus', 'created', 'referenceId']);
		const [request] = env.sandbox.payouts().filter((p) => p.referenceId === 'FIRST-SHAPE-1');
		const answer = requestsTo(env.sandbox, 'createPayout')[0];
		expect(json.requestUuid).toBe(request.requestUuid);
		// Pivot's time for the request, as the simulator recorded it
		expect(Math.abs(Date.parse(json.created as string) - Date.parse(request.createdAt))).toBeLessThan(1000);
		expect(answer.status).toBe(200);
		for (const unknown of ['status', 'isFinal', 'reason', 'retry', 'advice', 'updated', 'inquiryId']) expect(json).not.toHaveProperty(unknown);
		expect(Object.entries(json).filter(([, value]) => value === null)).toEqual([]);
		// the money claim fields stay
		expect(json).toMatchObject({ referenceId: 'FIRST-SHAPE-1', recovered: false, awaitingTopUp: false });
		expect(json.requestId).toMatch(/^[a-f0-9]{32}$/);
	});

	it('running the same rows again: Pivot replays its record (same created time, same request), one payout', async () => {
		const first = await env.run(createByChannel(), [row('FIRST-AGAIN-1')]);
		await sleep(20);
		const second = await env.run(createByChannel(), [row('FIRST-AGAIN-1')]);
		expect(second.error).toBeUndefined();
		expect(second.items[0].json).toEqual(first.items[0].json);
		expect(second.items[0].json.created).toBe(first.items[0].json.created);
		expect(payoutsOf(env.sandbox, 'FIRST-AGAIN-1')).toHaveLength(1);
		const creates = requestsTo(env.sandbox, 'createPayout');
		expect(creates.map((r) => Boolean(r.replay))).toEqual([false, true]);
		expect(new Set(creates.map((r) => r.xRequestId)).size).toBe(1);
	});

	it('Bulk Request Size kept by an older workflow in one-request-per-item mode is ignored, not refused', async () => {
		const options = { retryDelaySeconds: 0.01, timeoutSeconds: 5, chunkSize: 'all' };
		const { error, items } = await env.run(createByChannel({ options }), [row('FIRST-OLD-1'), row('FIRST-OLD-2')]);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.referenceId)).toEqual(['FIRST-OLD-1', 'FIRST-OLD-2']);
		expect(env.createRequests()).toBe(2);
		// in bulk mode the same value is still refused before anything is sent
		const bulk = await env.run(createByChannel({ sendAs: 'bulk', options }), [row('FIRST-OLD-3')]);
		expect(bulk.error?.message).toMatch(/^Item 1 \(index 0\): .*Bulk Request Size/);
		expect(env.createRequests()).toBe(2);
	});
});
