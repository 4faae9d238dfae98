/**
 * One callback delivered to the Pivot Trigger as n8n would hand it over: n8n's body pre-parsing,
 * webhook() through n8n-core's WebhookContext, then n8n's answer. The credential's Callback API
 * Key and Client Secret are fresh per run, so a test can look for them in what comes out.
 */
import { randomBytes } from 'crypto';
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import type { Invocation } from './n8nWebhook';
import { invokeTrigger, n8nAnswer, n8nPreParse, outputItems, RecordedResponse } from './n8nWebhook';

export const CALLBACK_KEY = randomBytes(24).toString('hex');
export const CLIENT_SECRET = randomBytes(16).toString('hex');

/** The Pivot credential of the trigger; by default nothing listens at its Base URL, so any call to Pivot fails fast. */
export function credentials(extra: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject {
	return {
		environment: 'custom',
		baseUrl: 'http://127.0.0.1:9',
		clientId: 'merchant-client-id',
		clientSecret: CLIENT_SECRET,
		callbackApiKey: CALLBACK_KEY,
		subMerchantId: '',
		...extra,
	};
}

export interface Call {
	invocation: Invocation;
	response: RecordedResponse;
	items: IDataObject[];
}

export interface DeliverOptions {
	headers?: Record<string, string | string[]>;
	/** The X-API-Key header sent; null sends none. Default: the credential's key. */
	key?: string | null;
	parameters?: INodeParameters;
	credentials?: ICredentialDataDecryptedObject;
	mode?: 'webhook' | 'manual';
}

/** Sends `raw` with Pivot's headers (content type "application/JSON") plus `options.headers`. */
export async function deliver(raw: string | Buffer, options: DeliverOptions = {}): Promise<Call> {
	const headers: Record<string, string | string[]> = {
		'content-type': 'application/JSON',
		accept: 'application/JSON',
		...(options.key === null ? {} : { 'x-api-key': options.key ?? CALLBACK_KEY }),
		...(options.headers ?? {}),
	};
	const pre = n8nPreParse({ headers, raw });
	if (!pre.ok) throw new Error(`n8n itself answers ${pre.status} before the node runs`);
	const response = new RecordedResponse();
	const invocation = await invokeTrigger(
		{ credentials: options.credentials ?? credentials(), parameters: options.parameters, mode: options.mode },
		pre.request,
		response,
	);
	n8nAnswer(invocation, response);
	return { invocation, response, items: outputItems(invocation) };
}

export const json = (body: unknown): string => JSON.stringify(body);

/** Answered without starting the workflow. */
export function expectNoExecution(call: Call): void {
	expect(call.invocation.error).toBeUndefined();
	expect(call.invocation.result?.workflowData).toBeUndefined();
	expect(call.items).toEqual([]);
}

/** Answered 200, starting the workflow with `count` items. */
export function expectExecution(call: Call, count = 1): void {
	expect(call.invocation.error).toBeUndefined();
	expect(call.response.statusCode).toBe(200);
	expect(call.items).toHaveLength(count);
}
