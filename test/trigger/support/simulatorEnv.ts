/**
 * The simulator's real callback sender (X-API-Key, Pivot's retry schedule on a compressed clock)
 * pointed at the Pivot Trigger hosted the way n8n hosts it (webhookHost.ts), and payouts created
 * at the simulator as a merchant would create them.
 */
import axios from 'axios';
import { randomBytes } from 'crypto';
import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { sandboxCredentials } from '../../engine/support/harness';
import type { Sandbox, SandboxOptions } from '../../sandbox';
import { startSandbox } from '../../sandbox';
import type { Delivery, WebhookHost } from './webhookHost';
import { startWebhookHost } from './webhookHost';

export const SUCCESS_ACCOUNT = '999966660001';
export const INACTIVE_ACCOUNT = '999966660002';
/** Pivot's 5 min … 12 h schedule, as 5 ms … 720 ms. */
export const FAST_RETRIES = 1 / 60_000;

export interface Env {
	sandbox: Sandbox;
	host: WebhookHost;
	credentials: ICredentialDataDecryptedObject;
	close(): Promise<void>;
}

export async function env(parameters: INodeParameters = {}, options: SandboxOptions = {}): Promise<Env> {
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

export interface Item {
	referenceId: string;
	accountNumber: string;
	value: string;
}

export function item(accountNumber = SUCCESS_ACCOUNT, value = '150000'): Item {
	return { referenceId: newReference(), accountNumber, value };
}

/** Creates a payout request in the simulator as a merchant would (token, then POST /v1/payouts). */
export async function createPayout(sandbox: Sandbox, items: Item[]): Promise<string> {
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

export async function waitForDeliveries(host: WebhookHost, count: number, timeoutMs = 10_000): Promise<Delivery[]> {
	const deadline = Date.now() + timeoutMs;
	while (host.deliveries.length < count) {
		if (Date.now() > deadline) throw new Error(`${host.deliveries.length} of ${count} deliveries after ${timeoutMs} ms`);
		await sleep(10);
	}
	return host.deliveries;
}

/** The simulator's GET /v1/payouts/{uuid} requests for one payout request (the trigger's expand fetches). */
export function fetchesOf(sandbox: Sandbox, uuid: string) {
	return sandbox.requests().filter((r) => r.route === 'getPayout' && r.path === `/v1/payouts/${uuid}`);
}
