/**
 * PivotTrigger.webhook(): which authentic callbacks start the workflow: the Events selection and
 * the optional Merchant ID check. A callback that is filtered out is still acknowledged 200, so
 * Pivot does not redeliver it.
 */
import type { IDataObject } from 'n8n-workflow';

import { PAYOUT_EVENTS } from '../../nodes/PivotTrigger/normalise';
import { bulkBody, MERCHANT, singleBody, UUID } from './support/callbackBodies';
import { deliver, expectExecution, expectNoExecution, json } from './support/deliver';

describe('PivotTrigger.webhook(): event filter', () => {
	it('an authentic event that is not selected is acknowledged 200 without an execution', async () => {
		const call = await deliver(json(singleBody('PAYOUT.SUCCESS')), { parameters: { events: ['PAYOUT.FAILED'] } });
		expectNoExecution(call);
		expect(call.response.statusCode).toBe(200);
	});

	it('a selected event passes', async () => {
		const call = await deliver(json(singleBody('PAYOUT.FAILED')), {
			parameters: { events: ['PAYOUT.FAILED', 'PAYOUT.DONE'] },
		});
		expectExecution(call);
	});

	it('PAYOUT.DELAYED selected passes in both shapes', async () => {
		const parameters = { events: ['PAYOUT.DELAYED'] };
		expectExecution(await deliver(json(singleBody('PAYOUT.DELAYED')), { parameters }));
		expectExecution(await deliver(json(bulkBody('PAYOUT.DELAYED')), { parameters }));
		expectNoExecution(await deliver(json(bulkBody('PAYOUT.DONE')), { parameters }));
	});

	it('the default selects every event', async () => {
		for (const event of PAYOUT_EVENTS) {
			expectExecution(await deliver(json(bulkBody(event))));
		}
	});

	it('no event selected means every payout event', async () => {
		for (const event of PAYOUT_EVENTS) {
			expectExecution(await deliver(json(bulkBody(event)), { parameters: { events: [] } }));
		}
	});

	it('an event not selected is acknowledged 200 whatever its merchant (the Merchant ID check is for emitted events)', async () => {
		const call = await deliver(json(singleBody('PAYOUT.SUCCESS', {}, { merchantId: 'another-merchant' })), {
			parameters: { events: ['PAYOUT.FAILED'], options: { merchantId: MERCHANT } },
		});
		expectNoExecution(call);
		expect(call.response.statusCode).toBe(200);
	});

	it('an event Pivot may add later (or another product\'s) is acknowledged without an execution', async () => {
		const call = await deliver(json({ event: 'PAYMENT.SUCCESS', data: { uuid: UUID, merchantId: MERCHANT } }));
		expectNoExecution(call);
		expect(call.response.statusCode).toBe(200);
	});
});

describe('PivotTrigger.webhook(): merchant check', () => {
	it('a matching merchantId passes', async () => {
		const call = await deliver(json(singleBody('PAYOUT.SUCCESS')), { parameters: { options: { merchantId: MERCHANT } } });
		expectExecution(call);
	});

	it('surrounding spaces in the configured value are ignored', async () => {
		const call = await deliver(json(bulkBody('PAYOUT.DONE')), { parameters: { options: { merchantId: ` ${MERCHANT} ` } } });
		expectExecution(call);
	});

	it('another merchantId → 401, no execution', async () => {
		const call = await deliver(json(singleBody('PAYOUT.SUCCESS', {}, { merchantId: 'another-merchant' })), {
			parameters: { options: { merchantId: MERCHANT } },
		});
		expectNoExecution(call);
		expect(call.response.statusCode).toBe(401);
	});

	it('a callback without merchantId → 401 when a merchant is configured', async () => {
		const body = bulkBody('PAYOUT.DONE');
		delete (body.data as IDataObject).merchantId;
		const call = await deliver(json(body), { parameters: { options: { merchantId: MERCHANT } } });
		expect(call.response.statusCode).toBe(401);
		expectNoExecution(call);
	});

	it('empty means any merchant', async () => {
		const call = await deliver(json(singleBody('PAYOUT.SUCCESS', {}, { merchantId: 'another-merchant' })), {
			parameters: { options: { merchantId: '' } },
		});
		expectExecution(call);
	});
});
