/**
 * The simulator's real callback sender (X-API-Key, Pivot's retry schedule on a compressed clock)
 * delivering over HTTP to the trigger's webhook(), hosted the way n8n hosts it; and "Expand bulk
 * results" reading the simulator's GET /v1/payouts/{uuid}.
 */
import axios from 'axios';
import { randomBytes } from 'crypto';
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { Sandbox, SandboxOptions } from '../sandbox';
import { DELAYED_PAYOUT_ACCOUNT, INSUFFICIENT_BALANCE_ACCOUNT, startSandbox } from '../sandbox';
import { sandboxCredentials } from '../engine/harness';
import type { Delivery, WebhookHost } from './host';
import { startWebhookHost } from './host';

const SUCCESS_ACCOUNT = '999966660001';
const INACTIVE_ACCOUNT = '999966660002';
/** Pivot's 5 min … 12 h schedule, as 5 ms … 720 ms. */
const FAST_RETRIES = 1 / 60_000;

interface Env {
	sandbox: Sandbox;
	host: WebhookHost;
	credentials: ICredentialDataDecryptedObject;
	close(): Promise<void>;
}

async function env(parameters: INodeParameters = {}, options: SandboxOptions = {}): Promise<Env> {
	const sandbox = await startSandbox({ processingDelayMs: 50, callbackTimeScale: FAST_RETRIES, ...options });
	const merchant = sandbox.merchants[0];
	const credentials: ICredentialDataDecryptedObject = sandboxCredentials(sandbox.url, merchant);
	const host = await startWebhookHost({ credentials, parameters });
	sandbox.setCallbackUrl(merchant.clientId, host.url);
	return {
		sandbox,
		host,
		credentials,
		close: async () => {
			await sandbox.close();
			await host.close();
		},
	};
}

let referenceCounter = 0;
const newReference = (): string => `TRG${Date.now()}${++referenceCounter}`;

interface Item {
	referenceId: string;
	accountNumber: string;
	value: string;
}

function item(accountNumber = SUCCESS_ACCOUNT, value = '150000'): Item {
	return { referenceId: newReference(), accountNumber, value };
}

/** Creates a payout request in the simulator as a merchant would (token, then POST /v1/payouts). */
async function createPayout(sandbox: Sandbox, items: Item[]): Promise<string> {
	const merchant = sandbox.merchants[0];
	const token = await axios.post(
		`${sandbox.url}/v1/access-token`,
		{ grantType: 'client_credentials' },
		{ headers: { 'X-MERCHANT-ID': merchant.clientId, 'X-MERCHANT-SECRET': merchant.clientSecret } },
	);
	const accessToken = (token.data as { data: { accessToken: string } }).data.accessToken;
	const created = await axios.post(
		`${sandbox.url}/v1/payouts`,
		{
			payouts: items.map((i) => ({
				referenceId: i.referenceId,
				channelCode: 'BRI',
				channelInformation: { accountNumber: i.accountNumber, accountName: 'Reforza Pivot' },
				amount: { value: i.value, currency: 'IDR' },
				description: 'Trigger test',
			})),
		},
		{
			headers: { Authorization: `Bearer ${accessToken}`, 'X-REQUEST-ID': randomBytes(16).toString('hex') },
			validateStatus: () => true,
		},
	);
	const body = created.data as { code: string; data: { uuid: string } };
	if (body.code !== '00') throw new Error(`create payout failed: ${JSON.stringify(body)}`);
	return body.data.uuid;
}

async function waitForDeliveries(host: WebhookHost, count: number, timeoutMs = 10_000): Promise<Delivery[]> {
	const deadline = Date.now() + timeoutMs;
	while (host.deliveries.length < count) {
		if (Date.now() > deadline) throw new Error(`${host.deliveries.length} of ${count} deliveries after ${timeoutMs} ms`);
		await sleep(10);
	}
	return host.deliveries;
}

describe('Pivot Trigger with the simulator: real callbacks over HTTP', () => {
	let e: Env;
	afterEach(async () => await e.close());

	it('a created single payout → PAYOUT.SUCCESS reaches the workflow, acknowledged 200', async () => {
		e = await env();
		const payout = item();
		const uuid = await createPayout(e.sandbox, [payout]);
		const [delivery] = await waitForDeliveries(e.host, 1);
		expect(delivery.status).toBe(200);
		expect(delivery.headers['x-api-key']).toBe(e.sandbox.merchants[0].callbackApiKey);
		expect(delivery.items).toHaveLength(1);
		expect(delivery.items[0]).toMatchObject({
			event: 'PAYOUT.SUCCESS',
			scope: 'single',
			uuid,
			merchantId: expect.any(String),
			status: 'SUCCESS',
			isFinal: true,
			referenceId: payout.referenceId,
			amount: { value: '150000', number: 150000, currency: 'IDR' },
			reason: null,
		});
		const records = await e.sandbox.waitForCallbacks(1);
		expect(records).toHaveLength(1);
		expect(records[0]).toMatchObject({ attempt: 1, status: 200, event: 'PAYOUT.SUCCESS' });
	});

	it('a failed payout → PAYOUT.FAILED with the reason and "do not retry"', async () => {
		e = await env();
		const payout = item(INACTIVE_ACCOUNT);
		await createPayout(e.sandbox, [payout]);
		const [delivery] = await waitForDeliveries(e.host, 1);
		expect(delivery.items[0]).toMatchObject({
			event: 'PAYOUT.FAILED',
			referenceId: payout.referenceId,
			status: 'FAILED',
			reason: 'Inactive account',
			retry: 'doNotRetry',
		});
	});

	it.each([null, ''] as const)('a successful payout whose callback says reason %p → reason null', async (reason) => {
		e = await env({}, { callbackSuccessReason: reason });
		await createPayout(e.sandbox, [item()]);
		const [delivery] = await waitForDeliveries(e.host, 1);
		const sent = (await e.sandbox.waitForCallbacks(1))[0].body as { data: { payouts: { reason: unknown } } };
		expect(sent.data.payouts.reason).toBe(reason);
		expect(delivery.items[0].reason).toBeNull();
	});

	it('a delayed payout → PAYOUT.DELAYED then PAYOUT.SUCCESS, with different dedupeKeys', async () => {
		e = await env();
		await createPayout(e.sandbox, [item(DELAYED_PAYOUT_ACCOUNT)]);
		const [delayed, done] = await waitForDeliveries(e.host, 2);
		expect(delayed.items[0]).toMatchObject({ event: 'PAYOUT.DELAYED', status: 'PENDING', isFinal: false });
		expect(done.items[0]).toMatchObject({ event: 'PAYOUT.SUCCESS', status: 'SUCCESS', isFinal: true });
		expect(done.items[0].dedupeKey).not.toBe(delayed.items[0].dedupeKey);
	});

	it('a bulk request → one PAYOUT.DONE with the totals', async () => {
		e = await env();
		const uuid = await createPayout(e.sandbox, [item(), item(), item(INACTIVE_ACCOUNT, '20000')]);
		const [delivery] = await waitForDeliveries(e.host, 1);
		expect(delivery.items).toEqual([
			expect.objectContaining({
				event: 'PAYOUT.DONE',
				scope: 'bulk',
				uuid,
				status: 'DONE',
				isFinal: true,
				totals: expect.objectContaining({
					totalSuccessCount: 2,
					totalSuccessAmount: 300000,
					totalFailedCount: 1,
					totalFailedAmount: 20000,
					totalPendingCount: 0,
				}),
			}),
		]);
	});

	it('a first answer of 500 → the simulator redelivers, and both deliveries carry the same dedupeKey', async () => {
		e = await env();
		e.host.failNext(1);
		await createPayout(e.sandbox, [item()]);
		const [first, second] = await waitForDeliveries(e.host, 2);
		expect(first.status).toBe(500);
		expect(second.status).toBe(200);
		expect(first.items).toHaveLength(1);
		expect(second.items).toEqual(first.items);
		expect(second.items[0].dedupeKey).toBe(first.items[0].dedupeKey);
		const records = await e.sandbox.waitForCallbacks(2);
		expect(records.map((r) => [r.attempt, r.status])).toEqual([
			[1, 500],
			[2, 200],
		]);
		expect(records[1].deliveryId).toBe(records[0].deliveryId);
		expect(records[1].scheduledDelayMs).toBeCloseTo(5 * 60_000 * FAST_RETRIES);
		await sleep(100);
		expect(e.host.deliveries).toHaveLength(2);
	});

	it('a callback with the wrong key is refused 401, starts nothing, and is not retried', async () => {
		e = await env();
		e.host.configure({ credentials: { ...e.credentials, callbackApiKey: randomBytes(24).toString('hex') } });
		await createPayout(e.sandbox, [item()]);
		const [delivery] = await waitForDeliveries(e.host, 1);
		expect(delivery).toMatchObject({ status: 401, items: [], startedExecution: false });
		// 401 is not among Pivot's retried answers (5xx, 408, 429).
		await sleep(1_500);
		expect(e.sandbox.callbacks()).toHaveLength(1);
		expect(e.host.deliveries).toHaveLength(1);
	});

	it('with no Callback API Key in the credential, callbacks fail (500) and Pivot retries until the key is set', async () => {
		e = await env();
		const withoutKey = { ...e.credentials };
		delete withoutKey.callbackApiKey;
		e.host.configure({ credentials: withoutKey });
		e.host.onDelivery = (_delivery, index) => {
			if (index === 1) e.host.configure({ credentials: e.credentials });
		};
		const payout = item();
		await createPayout(e.sandbox, [payout]);
		const deliveries = await waitForDeliveries(e.host, 3);
		expect(deliveries.map((d) => d.status)).toEqual([500, 500, 200]);
		expect(deliveries[0].error).toMatch(/no Callback API Key/);
		expect(deliveries[0].items).toEqual([]);
		expect(deliveries[2].items[0]).toMatchObject({ event: 'PAYOUT.SUCCESS', referenceId: payout.referenceId });
		const records = await e.sandbox.waitForCallbacks(3);
		expect(records.map((r) => r.attempt)).toEqual([1, 2, 3]);
	});

	it('a request parked for top-up → request-level PAYOUT.PENDING, not final', async () => {
		e = await env();
		const uuid = await createPayout(e.sandbox, [item(INSUFFICIENT_BALANCE_ACCOUNT)]);
		const [delivery] = await waitForDeliveries(e.host, 1);
		expect(delivery.items[0]).toMatchObject({ event: 'PAYOUT.PENDING', scope: 'bulk', uuid, status: 'PENDING', isFinal: false });
	});
});

describe('Pivot Trigger with the simulator: Expand bulk results', () => {
	let e: Env;
	afterEach(async () => await e.close());

	const expand = { options: { expandBulkResults: true } };

	function pageQueries(sandbox: Sandbox, uuid: string): IDataObject[] {
		return sandbox
			.requests()
			.filter((r) => r.route === 'getPayout' && r.path === `/v1/payouts/${uuid}`)
			.map((r) => r.query);
	}

	it('45 payouts → PAYOUT.DONE → 45 items, one per payout, matching the simulator', async () => {
		e = await env(expand);
		const items = Array.from({ length: 45 }, (_, i) => item(i % 10 === 3 ? INACTIVE_ACCOUNT : SUCCESS_ACCOUNT, String(10_000 + i)));
		const uuid = await createPayout(e.sandbox, items);
		const [delivery] = await waitForDeliveries(e.host, 1);
		expect(delivery.status).toBe(200);
		expect(delivery.items).toHaveLength(45);
		expect(delivery.items.map((i) => i.referenceId)).toEqual(items.map((i) => i.referenceId));
		const truth = new Map(e.sandbox.payouts().map((p) => [p.referenceId, p]));
		for (const out of delivery.items) {
			const sim = truth.get(out.referenceId as string)!;
			expect(out).toMatchObject({
				event: 'PAYOUT.DONE',
				scope: 'bulk',
				uuid,
				expanded: true,
				status: sim.status,
				isFinal: true,
				requestStatus: 'DONE',
				amount: { value: sim.amount, number: Number(sim.amount), currency: 'IDR' },
				accountNumber: sim.accountNumber,
			});
			expect(out.reason).toBe(sim.status === 'FAILED' ? 'Inactive account' : null);
			expect(out.totals).toMatchObject({ totalSuccessCount: 40, totalFailedCount: 5 });
		}
		expect(new Set(delivery.items.map((i) => i.dedupeKey)).size).toBe(45);
		expect(pageQueries(e.sandbox, uuid)).toEqual([{ page: '1', perPage: '100' }]);
	});

	it('250 payouts → every page is fetched (100 per page) → 250 items', async () => {
		e = await env(expand);
		const items = Array.from({ length: 250 }, () => item());
		const uuid = await createPayout(e.sandbox, items);
		const [delivery] = await waitForDeliveries(e.host, 1);
		expect(delivery.items).toHaveLength(250);
		expect(delivery.items.map((i) => i.referenceId)).toEqual(items.map((i) => i.referenceId));
		expect(pageQueries(e.sandbox, uuid)).toEqual([
			{ page: '1', perPage: '100' },
			{ page: '2', perPage: '100' },
			{ page: '3', perPage: '100' },
		]);
	});

	it('a redelivered bulk event expands to the same items with the same dedupeKeys', async () => {
		e = await env(expand);
		e.host.failNext(1);
		await createPayout(e.sandbox, [item(), item(INACTIVE_ACCOUNT)]);
		const [first, second] = await waitForDeliveries(e.host, 2);
		expect([first.status, second.status]).toEqual([500, 200]);
		expect(second.items.map((i) => i.dedupeKey)).toEqual(first.items.map((i) => i.dedupeKey));
	});

	it('retries a transient failure of the fetch (one 503) and then expands', async () => {
		e = await env(expand);
		e.sandbox.setFault({ route: 'getPayout', kind: 'status', status: 503, count: 1 });
		const uuid = await createPayout(e.sandbox, [item(), item()]);
		const [delivery] = await waitForDeliveries(e.host, 1, 15_000);
		expect(delivery.items).toHaveLength(2);
		expect(delivery.items.every((i) => i.expanded === true)).toBe(true);
		const statuses = e.sandbox
			.requests()
			.filter((r) => r.route === 'getPayout' && r.path === `/v1/payouts/${uuid}`)
			.map((r) => r.status);
		expect(statuses).toEqual([503, 200]);
	});

	it('waits out "payouts_in_process" (a callback that overtakes processing) before expanding', async () => {
		e = await env(expand, { processingDelayMs: 1_500, inProcessWindowMs: 60_000 });
		e.sandbox.setCallbackUrl(e.sandbox.merchants[0].clientId, '');
		const uuid = await createPayout(e.sandbox, [item(), item()]);
		// Sent at once, while the simulator still answers "payouts_in_process" for this request.
		const answer = await axios.post(
			e.host.url,
			{ event: 'PAYOUT.DONE', data: { uuid, merchantId: e.sandbox.merchants[0].clientId, status: 'DONE' } },
			{ headers: { 'X-API-Key': e.sandbox.merchants[0].callbackApiKey }, validateStatus: () => true },
		);
		expect(answer.status).toBe(200);
		const [delivery] = await waitForDeliveries(e.host, 1);
		expect(delivery.items).toHaveLength(2);
		expect(delivery.items.every((i) => i.expanded === true && i.status === 'SUCCESS')).toBe(true);
		const codes = e.sandbox
			.requests()
			.filter((r) => r.route === 'getPayout' && r.path === `/v1/payouts/${uuid}`)
			.map((r) => r.code);
		expect(codes[0]).toBe('payouts_in_process');
		expect(codes.at(-1)).toBe('00');
	});

	it('a failing fetch still delivers the bulk event with expandError, acknowledged 200 (no redelivery)', async () => {
		e = await env(expand);
		e.sandbox.setFault({ route: 'getPayout', kind: 'status', status: 503, count: 10 });
		const uuid = await createPayout(e.sandbox, [item(), item()]);
		const [delivery] = await waitForDeliveries(e.host, 1, 15_000);
		expect(delivery.status).toBe(200);
		expect(delivery.items).toHaveLength(1);
		expect(delivery.items[0]).toMatchObject({ event: 'PAYOUT.DONE', scope: 'bulk', uuid, status: 'DONE' });
		expect(delivery.items[0].expandError).toMatchObject({ httpCode: 503, pagesFetched: 0 });
		expect(JSON.stringify(delivery.items)).not.toContain(e.sandbox.merchants[0].clientSecret);
		// The GET was retried (transient), then given up.
		expect(pageQueries(e.sandbox, uuid)).toHaveLength(3);
		await sleep(200);
		expect(e.sandbox.callbacks()).toHaveLength(1);
	});

	it('a parked request (PAYOUT.PENDING) expands to its APPROVED item', async () => {
		e = await env(expand);
		const payout = item(INSUFFICIENT_BALANCE_ACCOUNT);
		await createPayout(e.sandbox, [payout]);
		const [delivery] = await waitForDeliveries(e.host, 1);
		expect(delivery.items).toEqual([
			expect.objectContaining({
				event: 'PAYOUT.PENDING',
				referenceId: payout.referenceId,
				status: 'APPROVED',
				isFinal: false,
				requestStatus: 'PENDING',
				requestIsFinal: false,
			}),
		]);
	});
});
