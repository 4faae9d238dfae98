/**
 * Runs the Pivot Trigger's webhook() the way n8n does (packages/cli webhook-helpers.ts →
 * WebhookService.runWebhook): n8n-core's real WebhookContext over a real Workflow and node, the
 * engine harness's credentials helper, n8n's body pre-parsing, and n8n's mapping of the result
 * to an HTTP answer. webhookHost.ts puts that behind a real HTTP server.
 */
import { WebhookContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeParameters,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
	IWebhookData,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { PivotTrigger } from '../../../nodes/PivotTrigger/PivotTrigger.node';
import { baseAdditionalData, CREDENTIAL_TYPE, TestCredentialsHelper } from '../../engine/support/harness';

export const TRIGGER_TYPE = 'CUSTOM.pivotTrigger';

class TriggerNodeTypes implements INodeTypes {
	constructor(private readonly type: INodeType) {}

	getByName(): INodeType | IVersionedNodeType {
		return this.type;
	}

	getByNameAndVersion(): INodeType {
		return this.type;
	}

	getKnownTypes() {
		return {};
	}
}

/** The request as n8n hands it to a node: an IncomingMessage with n8n's additions. */
export interface N8nRequest {
	method: string;
	url: string;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
	rawBody: Buffer;
	readRawBody(): Promise<void>;
	contentType?: string;
	encoding: BufferEncoding;
	query: IDataObject;
	params: IDataObject;
}

/** What a node may call on n8n's (express) response. */
export interface N8nResponse {
	readonly headersSent: boolean;
	status(code: number): N8nResponse;
	json(body: unknown): N8nResponse;
	send(body?: unknown): N8nResponse;
	end(body?: unknown): N8nResponse;
	setHeader(name: string, value: string): N8nResponse;
}

/** An in-memory express-like response for calling webhook() without a socket. */
export class RecordedResponse implements N8nResponse {
	statusCode = 200;
	headers: Record<string, string> = {};
	body: unknown = undefined;
	ended = false;

	get headersSent(): boolean {
		return this.ended;
	}

	status(code: number): this {
		this.statusCode = code;
		return this;
	}

	json(body: unknown): this {
		this.headers['content-type'] = 'application/json; charset=utf-8';
		return this.end(JSON.stringify(body));
	}

	send(body?: unknown): this {
		if (body !== null && typeof body === 'object' && !Buffer.isBuffer(body)) return this.json(body);
		return this.end(body);
	}

	end(body?: unknown): this {
		if (this.ended) return this;
		if (body !== undefined) this.body = Buffer.isBuffer(body) ? body.toString('utf8') : body;
		this.ended = true;
		return this;
	}

	setHeader(name: string, value: string): this {
		this.headers[name.toLowerCase()] = value;
		return this;
	}

	/** The answer's body as JSON (when it was JSON). */
	get jsonBody(): IDataObject | undefined {
		return typeof this.body === 'string' && this.body.startsWith('{') ? (JSON.parse(this.body) as IDataObject) : undefined;
	}
}

/** `application/JSON; charset=UTF-8` → `application/json`, as n8n's parseIncomingMessage does. */
export function mediaType(header: string | string[] | undefined): string | undefined {
	if (typeof header !== 'string' || header.trim() === '') return undefined;
	return header.split(';')[0].trim().toLowerCase();
}

export type PreParse = { ok: true; request: N8nRequest } | { ok: false; status: 422; message: string };

/**
 * n8n's body handling before any node runs (body-parser.ts parseBody, for a typeVersion-1 start
 * node): JSON, form and text are parsed by content type; JSON that does not parse is answered 422
 * by n8n itself; other types are left unparsed with the bytes in rawBody.
 */
export function n8nPreParse(input: {
	headers: Record<string, string | string[] | undefined>;
	raw: Buffer | string;
	method?: string;
	url?: string;
}): PreParse {
	const headers: Record<string, string | string[] | undefined> = {};
	// Node lower-cases incoming header names; do the same for hand-built requests.
	for (const [name, value] of Object.entries(input.headers)) headers[name.toLowerCase()] = value;
	const rawBody = Buffer.isBuffer(input.raw) ? input.raw : Buffer.from(input.raw, 'utf8');
	const contentType = mediaType(headers['content-type']);
	let body: unknown = undefined;
	if (rawBody.length > 0) {
		const text = rawBody.toString('utf8');
		if (contentType === 'application/json') {
			try {
				body = JSON.parse(text) as unknown;
			} catch (error) {
				return { ok: false, status: 422, message: `Failed to parse request body: ${(error as Error).message}` };
			}
		} else if (contentType === 'application/x-www-form-urlencoded') {
			body = Object.fromEntries(new URLSearchParams(text));
		} else if (contentType === 'text/plain') {
			body = text;
		}
	}
	return {
		ok: true,
		request: {
			method: input.method ?? 'POST',
			url: input.url ?? '/webhook/pivot-test/webhook',
			headers,
			// n8n's bodyParser leaves `{}` when nothing was parsed.
			body: body ?? {},
			rawBody,
			readRawBody: async () => {},
			contentType,
			encoding: 'utf-8',
			query: {},
			params: {},
		},
	};
}

export interface TriggerSetup {
	credentials: ICredentialDataDecryptedObject;
	parameters?: INodeParameters;
	mode?: WorkflowExecuteMode;
}

export interface Invocation {
	result?: IWebhookResponseData;
	error?: Error & { description?: string | null };
	credentialsHelper: TestCredentialsHelper;
}

/** Calls webhook() on a fresh PivotTrigger through n8n-core's WebhookContext. */
export async function invokeTrigger(
	setup: TriggerSetup,
	request: N8nRequest,
	response: N8nResponse,
	credentialsHelper = new TestCredentialsHelper({ [CREDENTIAL_TYPE]: { accessToken: '', ...setup.credentials } }),
): Promise<Invocation> {
	const trigger = new PivotTrigger();
	const parameters = NodeHelpers.getNodeParameters(
		trigger.description.properties,
		setup.parameters ?? {},
		true,
		false,
		{ typeVersion: 1 },
		trigger.description,
	) as INodeParameters;
	const node: INode = {
		id: 'pivot-trigger',
		name: 'Pivot Trigger',
		type: TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { [CREDENTIAL_TYPE]: { id: '1', name: 'Pivot account' } },
		webhookId: 'pivot-test',
	};
	const workflow = new Workflow({
		id: 'trigger-test',
		nodes: [node],
		connections: {},
		nodeTypes: new TriggerNodeTypes(trigger),
		active: true,
		settings: {},
	});
	const additionalData = {
		...baseAdditionalData(credentialsHelper),
		executionId: undefined,
		httpRequest: request,
		httpResponse: response,
	} as unknown as IWorkflowExecuteAdditionalData;
	const webhookData: IWebhookData = {
		httpMethod: 'POST',
		node: node.name,
		path: 'pivot-test/webhook',
		webhookDescription: trigger.description.webhooks![0],
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
		webhookId: 'pivot-test',
	};
	const context = new WebhookContext(workflow, node, additionalData, setup.mode ?? 'webhook', webhookData, [], null);
	try {
		const result = await trigger.webhook.call(context);
		return { result, credentialsHelper };
	} catch (error) {
		return { error: error as Invocation['error'], credentialsHelper };
	}
}

/**
 * n8n's answer for a webhook() outcome with responseMode onReceived (webhook-helpers.ts): a
 * throw → 500 with a generic message (and a failed execution); noWebhookResponse → whatever the
 * node wrote; workflowData → 200 and an execution; otherwise 200 with webhookResponse.
 */
export function n8nAnswer(invocation: Invocation, response: N8nResponse): void {
	if (response.headersSent) return;
	if (invocation.error) {
		response.status(500).json({ code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
		return;
	}
	const result = invocation.result ?? {};
	if (result.noWebhookResponse === true) return;
	if (result.workflowData !== undefined) {
		response.status(200).json({ message: 'Workflow was started' });
		return;
	}
	response.status(200).json((result.webhookResponse as IDataObject | undefined) ?? { message: 'Webhook call received' });
}

/** What the workflow would start with: the json of the first output's items. */
export function outputItems(invocation: Invocation): IDataObject[] {
	return (invocation.result?.workflowData?.[0] ?? []).map((item) => item.json);
}
