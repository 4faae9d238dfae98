// The stack every benchmark and the campaign run on: the simulator and a real n8n with our built
// package, workflows imported and published before n8n starts; the bench's workflow shape and rows.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { createN8n, ensureN8n, n8nId, RestClient, stagePackage, startSandbox } from '../../scripts/lib/n8n.mjs';
import { payoutRows as supportRows, simulatorCredentialData } from '../../test/support/pivot.mjs';
import { webhookWorkflow } from '../../test/support/workflows.mjs';

/** A Callback API Key with upper- and lower-case letters, so case-changed forgeries differ from it. */
export function mixedCaseKey() {
	for (;;) {
		const key = randomBytes(30).toString('base64url').replace(/[-_]/g, 'Q');
		if (/[a-z]/.test(key) && /[A-Z]/.test(key) && /[0-9]/.test(key)) return key;
	}
}

export function pivotCredential(sandbox, { id = n8nId(), name = 'Pivot sandbox' } = {}) {
	return {
		id,
		name,
		type: 'pivotApi',
		data: simulatorCredentialData(sandbox, { subMerchantId: '', accessToken: '' }),
	};
}

/**
 * Starts the simulator and an n8n with our built package. `build({ sandbox, n8n })` returns
 * { credentials, workflows, publish } to import (and publish) before n8n starts.
 * Returns { sandbox, n8n, rest, credentials, workflows, stop() }.
 */
export async function startStack({ sandboxArgs = [], n8nEnv = {}, logLevel = 'info', build }) {
	ensureN8n();
	const sandbox = await startSandbox({ args: sandboxArgs });
	let n8n;
	try {
		const ext = await stagePackage();
		n8n = await createN8n({ customExtensionsDir: ext, env: n8nEnv, logLevel });
		const spec = (await build({ sandbox, n8n })) ?? {};
		const credentials = spec.credentials?.length ? await n8n.importCredentials(spec.credentials) : [];
		const workflows = spec.workflows?.length ? await n8n.importWorkflow(spec.workflows) : [];
		for (const wf of workflows) {
			if (spec.publish === true || spec.publish?.includes(wf.id)) await n8n.publishWorkflow(wf.id);
		}
		await n8n.start();
		const rest = await new RestClient(n8n.baseUrl).ownerSession();
		// "Editor is now accessible" can come before every published workflow's webhooks are live
		const published = workflows.filter((wf) => spec.publish === true || spec.publish?.includes(wf.id));
		await waitForPublished(rest, published.map((wf) => wf.id));
		return {
			sandbox,
			n8n,
			rest,
			credentials,
			workflows,
			async stop() {
				await n8n.stop();
				await sandbox.stop();
			},
		};
	} catch (error) {
		await n8n?.stop();
		await sandbox.stop();
		throw error;
	}
}

/** Waits (bounded) until n8n reports every given workflow's triggers as live. */
export async function waitForPublished(rest, workflowIds, { timeoutMs = 120_000 } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (const id of workflowIds) {
		let status;
		while (Date.now() < deadline) {
			status = await rest.request('GET', `/rest/workflows/${id}/publication-status`);
			if (status.status === 'published') break;
			if (status.status === 'failed' || status.status === 'partial') {
				throw new Error(`workflow ${id} failed to publish: ${JSON.stringify(status)}`);
			}
			await sleep(200);
		}
		if (status?.status !== 'published') throw new Error(`workflow ${id} not published after ${timeoutMs} ms`);
	}
}

/** The simulator's token exchange, done from the script (for HTTP Request / direct calls). */
export async function issueToken(sandbox) {
	const response = await fetch(`${sandbox.url}/v1/access-token`, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			'x-merchant-id': sandbox.clientId,
			'x-merchant-secret': sandbox.clientSecret,
		},
		body: JSON.stringify({ grantType: 'client_credentials' }),
	});
	const body = await response.json();
	if (!response.ok || !body?.data?.accessToken) throw new Error(`token exchange failed: HTTP ${response.status}`);
	return body.data.accessToken;
}

/**
 * Webhook (POST /webhook/<path> { rows }) → Rows → nodes, with an id known before import; the
 * answer is the last node's first item, so a large run is not timed serialising its answer.
 */
export function benchWorkflow(name, path, nodes, { settings } = {}) {
	return webhookWorkflow(path, nodes, { name, answer: 'firstEntryJson', id: n8nId(), settings });
}

/** The bench's payout rows: BRI, IDR 10,000, description "Bench" unless overridden. */
export function payoutRows(count, prefix, overrides = {}) {
	return supportRows(count, prefix, { channelCode: 'BRI', amount: '10000', description: 'Bench', ...overrides });
}

/** What the Pivot node sends for a row (bulk and per-item bodies are { payouts: [...] }). */
export function pivotItem(row) {
	return {
		referenceId: row.referenceId,
		channelCode: row.channelCode,
		channelInformation: { accountNumber: row.accountNumber, accountName: row.accountName },
		amount: { value: String(row.amount), currency: 'IDR' },
		description: row.description,
	};
}
