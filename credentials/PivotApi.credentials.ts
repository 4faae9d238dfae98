import { createHash } from 'crypto';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import type { TokenEnvelope } from '../nodes/lib/transport/errors';
import { notHttpUrlText, subMerchantIdText, tokenFailureText, unreachableText, urlWithLoginText } from '../nodes/lib/transport/errors';
import { tokenExchanges } from '../nodes/lib/processMemory';
import { REFUSED_TOKEN_HEADER, tokenMark } from '../nodes/lib/transport/refusedToken';
import { credentialSecrets, redactUrl, scrubText } from '../nodes/lib/transport/scrub';

/** The one place that knows where Pivot lives. */
export const PIVOT_BASE_URLS = {
	sandbox: 'https://api-stg.pivot-payment.com',
	production: 'https://api.pivot-payment.com',
} as const;

export function pivotBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const environment = (credentials.environment as string) || 'sandbox';
	if (environment === 'custom') {
		return String(credentials.baseUrl ?? '')
			.trim()
			.replace(/\/+$/, '');
	}
	return environment === 'production' ? PIVOT_BASE_URLS.production : PIVOT_BASE_URLS.sandbox;
}

/**
 * Which base URL, Client ID and Secret a stored token was issued for. n8n keeps the token until
 * Pivot refuses it, even after the user edits the credential; comparing this fingerprint makes a
 * changed secret or environment take effect at once (and makes the credential Test check it).
 */
export function tokenFingerprint(credentials: ICredentialDataDecryptedObject): string {
	return createHash('sha256')
		.update([pivotBaseUrl(credentials), String(credentials.clientId ?? '').trim(), String(credentials.clientSecret ?? '')].join('\n'))
		.digest('hex');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Why these credential settings cannot be used, before anything is sent: a Base URL with a login
 * (n8n turns it into Basic authentication in place of the token) or a Sub-Merchant ID that is not
 * a UUID (a header value n8n would silently alter, paying from another account).
 */
export function credentialProblem(credentials: ICredentialDataDecryptedObject): string | undefined {
	const base = pivotBaseUrl(credentials);
	if (/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(base)) {
		return urlWithLoginText(base.replace(/\/\/[^/?#]*@/, '//'));
	}
	const subMerchantId = String(credentials.subMerchantId ?? '').trim();
	if (subMerchantId && !UUID.test(subMerchantId)) return subMerchantIdText(JSON.stringify(subMerchantId));
	return undefined;
}

/** The token exchange itself: Client ID and Secret for a bearer token, with clear errors. */
async function exchangeToken(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<IDataObject> {
	const base = pivotBaseUrl(credentials);
	const environment = (credentials.environment as string) || 'sandbox';
	const shown = redactUrl(base);
	const problem = credentialProblem(credentials);
	if (problem) throw new Error(problem);
	if (!/^https?:\/\//i.test(base)) {
		throw new Error(notHttpUrlText(shown));
	}
	let response: { statusCode: number; body: TokenEnvelope | string | undefined };
	try {
		response = (await this.helpers.httpRequest({
			method: 'POST',
			url: `${base}/v1/access-token`,
			headers: {
				'X-MERCHANT-ID': String(credentials.clientId ?? '').trim(),
				'X-MERCHANT-SECRET': String(credentials.clientSecret ?? ''),
				'Content-Type': 'application/json',
				Accept: 'application/json',
			},
			body: { grantType: 'client_credentials' },
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: 30000,
		})) as { statusCode: number; body: TokenEnvelope | string | undefined };
	} catch (error) {
		// Rebuilt from scratch: the transport error carries the request headers, secret included.
		const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
		throw new Error(unreachableText(shown, code));
	}
	const body = response.body;
	const envelope = typeof body === 'object' && body !== null ? body : undefined;
	const token = envelope?.data?.accessToken;
	if (response.statusCode >= 200 && response.statusCode < 300 && envelope?.code === '00' && token) {
		return { accessToken: token, accessTokenIssuedFor: tokenFingerprint(credentials) };
	}
	// A token endpoint (or a proxy) may echo the request headers, X-MERCHANT-SECRET included.
	// Every form of it (a secret stored with a stray space is seen trimmed, a proxy may echo a header array).
	const secrets = credentialSecrets({ ...credentials, baseUrl: base });
	throw new Error(scrubText(tokenFailureText(shown, environment, response.statusCode, body), secrets));
}

// How long another execution's exchange is handed out instead of a new one (see tokenExchanges).
const REUSE_MS = 5_000;

async function sharedExchange(
	credentials: ICredentialDataDecryptedObject,
	exchange: () => Promise<IDataObject>,
): Promise<IDataObject> {
	const key = tokenFingerprint(credentials);
	const callerToken = String(credentials.accessToken ?? '');
	const recent = tokenExchanges.get(key);
	if (recent && Date.now() - recent.at < REUSE_MS && recent.replaced === callerToken) {
		const result = await recent.result.catch(() => undefined);
		if (result) return result;
	}
	const entry = { at: Date.now(), replaced: callerToken, result: exchange() };
	tokenExchanges.set(key, entry);
	try {
		return await entry.result;
	} catch (error) {
		if (tokenExchanges.get(key) === entry) tokenExchanges.delete(key);
		throw error;
	}
}

export class PivotApi implements ICredentialType {
	name = 'pivotApi';

	displayName = 'Pivot API';

	icon: Icon = { light: 'file:../icons/pivot.svg', dark: 'file:../icons/pivot.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-pivot/n8n-nodes-pivot#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Sandbox', value: 'sandbox', description: PIVOT_BASE_URLS.sandbox },
				{ name: 'Production', value: 'production', description: PIVOT_BASE_URLS.production },
				{
					name: 'Custom',
					value: 'custom',
					description: 'A base URL of your own: the local Pivot simulator or a proxy',
				},
			],
			default: 'sandbox',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4010',
			required: true,
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description:
				"Sent as X-MERCHANT-ID. Pivot Dashboard → Settings → Developer Setting → Credentials.",
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Sent as X-MERCHANT-SECRET, only to obtain an access token. Same dashboard page as the Client ID.',
		},
		{
			displayName: 'Callback API Key',
			name: 'callbackApiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Pivot sends it in the X-API-Key header of every callback; the Pivot Trigger refuses callbacks without it. Pivot Dashboard → Settings → Developer Settings → Callbacks.',
		},
		{
			displayName: 'Sub-Merchant ID',
			name: 'subMerchantId',
			type: 'string',
			default: '',
			description:
				'Optional. A sub-account UUID: every call is then made on behalf of that sub-account (x-submerchant-id header).',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Access Token Issued For',
			name: 'accessTokenIssuedFor',
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
		},
	];

	// n8n calls this only when accessToken is empty, when a request answered with an expired-token
	// status (401 by default; the Pivot node widens it when Pivot says credentials_invalid), or
	// during a credential test. We keep no TTL: Pivot's 900 s token is reused until it is refused.
	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<IDataObject> {
		return await sharedExchange(credentials, async () => await exchangeToken.call(this, credentials));
	}

	// A function rather than the generic form so that the base URL comes from one place and the
	// optional sub-merchant header is only sent when set.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const problem = credentialProblem(credentials);
		if (problem) throw new Error(problem);
		const headers: IDataObject = { ...(requestOptions.headers ?? {}) };
		const refused = headers[REFUSED_TOKEN_HEADER];
		delete headers[REFUSED_TOKEN_HEADER];
		if (refused !== undefined && refused === tokenMark(credentials.accessToken)) {
			// Pivot refused this very token with a status n8n does not refresh on: fail as a 401
			// before sending, so that n8n runs preAuthentication and calls this again.
			throw Object.assign(new Error('Pivot refused the access token'), { response: { status: 401 } });
		}
		// A token issued for other settings is not sent: Pivot refuses the call, and n8n then runs
		// the exchange with the current Client ID and Secret.
		const current = credentials.accessTokenIssuedFor === tokenFingerprint(credentials);
		headers.Authorization = `Bearer ${current ? (credentials.accessToken as string) : 'stale'}`;
		const subMerchantId = String(credentials.subMerchantId ?? '').trim();
		if (subMerchantId) headers['x-submerchant-id'] = subMerchantId;
		const options: IHttpRequestOptions = { ...requestOptions, headers };
		if (!options.baseURL && !/^https?:\/\//i.test(options.url)) {
			options.baseURL = pivotBaseUrl(credentials);
		}
		return options;
	}

	test: ICredentialTestRequest = {
		request: {
			// Same rule as pivotBaseUrl(), as an expression: the tester resolves it before authenticate runs.
			baseURL: `={{ $credentials.environment === 'custom' ? String($credentials.baseUrl).trim().replace(/\\/+$/, '') : $credentials.environment === 'production' ? '${PIVOT_BASE_URLS.production}' : '${PIVOT_BASE_URLS.sandbox}' }}`,
			method: 'GET',
			url: '/v1/payouts/balance',
			qs: { currency: 'IDR' },
		},
	};
}
