/** Shared helpers for the sandbox's own jest suites. */
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { randomBytes } from 'crypto';

import { type Sandbox, type SandboxMerchant, type SandboxOptions, startSandbox } from './index';

/** Never throws on HTTP status: tests assert on status and body. */
export const http = axios.create({ validateStatus: () => true });

export async function issueToken(sb: Sandbox, merchant: SandboxMerchant = sb.merchants[0]): Promise<string> {
	const res = await http.post(
		`${sb.url}/v1/access-token`,
		{ grantType: 'client_credentials' },
		{ headers: { 'X-MERCHANT-ID': merchant.clientId, 'X-MERCHANT-SECRET': merchant.clientSecret } },
	);
	if (res.status !== 200) throw new Error(`token exchange failed: ${res.status} ${JSON.stringify(res.data)}`);
	return (res.data as { data: { accessToken: string } }).data.accessToken;
}

/** An axios client for one merchant, with a fresh Bearer token. */
export async function apiFor(sb: Sandbox, merchant: SandboxMerchant = sb.merchants[0]): Promise<AxiosInstance> {
	const bearer = await issueToken(sb, merchant);
	return axios.create({
		baseURL: sb.url,
		validateStatus: () => true,
		headers: { Authorization: `Bearer ${bearer}` },
	});
}

export interface Setup {
	sb: Sandbox;
	api: AxiosInstance;
}

export async function setup(options: SandboxOptions = {}): Promise<Setup> {
	const sb = await startSandbox({ processingDelayMs: 50, ...options });
	return { sb, api: await apiFor(sb) };
}

/** A fresh valid X-REQUEST-ID (32 hex characters). */
export const newRequestId = (): string => randomBytes(16).toString('hex');

let refCounter = 0;
export const newReference = (prefix = 'REF'): string => `${prefix}-${Date.now()}-${++refCounter}`;

export interface ItemOverrides {
	referenceId?: string;
	accountNumber?: string;
	accountName?: string;
	channelCode?: string;
	value?: string;
	currency?: string;
	description?: string;
}

/** A by-channel payout item as in Pivot's create example. */
export function channelItem(o: ItemOverrides = {}): Record<string, unknown> {
	return {
		referenceId: o.referenceId ?? newReference(),
		channelCode: o.channelCode ?? 'BRI',
		channelInformation: {
			accountNumber: o.accountNumber ?? '999966660001',
			accountName: o.accountName ?? 'Reforza Pivot',
		},
		amount: { value: o.value ?? '100000', currency: o.currency ?? 'IDR' },
		description: o.description ?? 'test Reforza Pivot',
	};
}

export async function createPayout(
	api: AxiosInstance,
	payouts: unknown[],
	requestId: string = newRequestId(),
): Promise<AxiosResponse> {
	return await api.post('/v1/payouts', { payouts }, { headers: { 'X-REQUEST-ID': requestId } });
}

/** The envelope's first error detail, for compact assertions. */
export function errorOf(res: AxiosResponse): { status: number; code: string; message: string; field: string; detail: string } {
	const body = res.data as { code: string; message: string; error?: { details: { field: string; message: string }[] } };
	const d = body.error?.details[0];
	return { status: res.status, code: body.code, message: body.message, field: d?.field ?? '', detail: d?.message ?? '' };
}
