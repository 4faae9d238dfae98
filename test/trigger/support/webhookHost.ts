/**
 * The Pivot Trigger behind a real HTTP server (fastify) at n8n's production webhook path, so the
 * simulator's own callback sender can deliver to it: each request goes through n8n's body
 * pre-parsing, webhook() in n8n-core's WebhookContext and n8n's answer (n8nWebhook.ts).
 */
import Fastify from 'fastify';
import type { FastifyReply } from 'fastify';
import type { IDataObject } from 'n8n-workflow';

import { CREDENTIAL_TYPE, TestCredentialsHelper } from '../../engine/support/harness';
import type { N8nRequest, N8nResponse, TriggerSetup } from './n8nWebhook';
import { invokeTrigger, n8nAnswer, n8nPreParse, outputItems } from './n8nWebhook';

export interface Delivery {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	items: IDataObject[];
	error?: string;
	startedExecution: boolean;
}

export interface WebhookHost {
	/** The production URL n8n would show: /webhook/<webhookId>/webhook. */
	url: string;
	deliveries: Delivery[];
	/** Answer the next `count` deliveries with 500 after the node ran, as if the execution could not be saved. */
	failNext(count: number): void;
	configure(setup: TriggerSetup): void;
	/** Called after each delivery was answered, e.g. to change the set-up between Pivot's retries. */
	onDelivery?: (delivery: Delivery, index: number) => void;
	credentialsHelper: TestCredentialsHelper;
	close(): Promise<void>;
}

/** Wraps Node's ServerResponse in the express methods a node uses. */
function expressResponse(raw: FastifyReply['raw']): N8nResponse {
	const res: N8nResponse = {
		get headersSent() {
			return raw.headersSent || raw.writableEnded;
		},
		status(code) {
			raw.statusCode = code;
			return res;
		},
		json(body) {
			if (!raw.headersSent) raw.setHeader('content-type', 'application/json; charset=utf-8');
			return res.end(JSON.stringify(body));
		},
		send(body) {
			if (body !== null && typeof body === 'object' && !Buffer.isBuffer(body)) return res.json(body);
			return res.end(body);
		},
		end(body) {
			if (raw.writableEnded) return res;
			if (body === undefined) raw.end();
			else raw.end(Buffer.isBuffer(body) ? body : String(body));
			return res;
		},
		setHeader(name, value) {
			raw.setHeader(name, value);
			return res;
		},
	};
	return res;
}

export async function startWebhookHost(setup: TriggerSetup): Promise<WebhookHost> {
	let current = setup;
	let failures = 0;
	const deliveries: Delivery[] = [];
	// One credentials helper for the host's life, so a fetched access token is reused as in n8n.
	const credentialsHelper = new TestCredentialsHelper({ [CREDENTIAL_TYPE]: { accessToken: '', ...setup.credentials } });
	const app = Fastify();
	const host: WebhookHost = {
		url: '',
		deliveries,
		failNext: (count) => {
			failures = count;
		},
		configure: (next) => {
			current = next;
			void credentialsHelper.updateCredentials({ id: '1', name: 'Pivot account' }, CREDENTIAL_TYPE, {
				accessToken: '',
				...next.credentials,
			});
		},
		credentialsHelper,
		close: async () => {
			await app.close();
		},
	};

	// n8n reads the bytes itself; keep fastify from parsing (or refusing) any content type.
	app.removeAllContentTypeParsers();
	app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

	app.post('/webhook/pivot-test/webhook', async (request, reply) => {
		reply.hijack();
		const raw = reply.raw;
		const response = expressResponse(raw);
		const headers = request.headers as Record<string, string | string[] | undefined>;
		const pre = n8nPreParse({
			headers,
			raw: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
			url: request.url,
		});
		if (!pre.ok) {
			response.status(pre.status).json({ code: pre.status, message: pre.message });
			deliveries.push({ status: pre.status, headers, items: [], startedExecution: false });
			return;
		}
		// The real IncomingMessage, with what n8n's middleware adds to it.
		const n8nRequest = Object.assign(request.raw, {
			body: pre.request.body,
			rawBody: pre.request.rawBody,
			readRawBody: pre.request.readRawBody,
			contentType: pre.request.contentType,
			encoding: pre.request.encoding,
			query: {},
			params: {},
		}) as unknown as N8nRequest;
		const invocation = await invokeTrigger(current, n8nRequest, response, credentialsHelper);
		const items = outputItems(invocation);
		const startedExecution = invocation.result?.workflowData !== undefined || invocation.error !== undefined;
		if (failures > 0 && !response.headersSent) {
			failures--;
			response.status(500).json({ code: 0, message: 'There was a problem executing the workflow' });
		} else {
			n8nAnswer(invocation, response);
		}
		const delivery: Delivery = {
			status: raw.statusCode,
			headers,
			items,
			error: invocation.error?.message,
			startedExecution,
		};
		deliveries.push(delivery);
		host.onDelivery?.(delivery, deliveries.length - 1);
	});

	await app.listen({ port: 0, host: '127.0.0.1' });
	const address = app.server.address();
	const port = typeof address === 'object' && address !== null ? address.port : 0;
	host.url = `http://127.0.0.1:${port}/webhook/pivot-test/webhook`;
	return host;
}
