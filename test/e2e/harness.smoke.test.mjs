// Smoke test of the real-n8n harness (scripts/lib/n8n.mjs) with built-in nodes only:
// CLI import + execute, a production webhook published before start, executions over REST.
// When dist/ is built, the package is loaded too and its node types must be registered.
//
//   node --test test/e2e/harness.smoke.test.mjs
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { createN8n, ensureN8n, nodeOutput, RestClient, stagePackage } from '../../scripts/lib/n8n.mjs';

const WEBHOOK_PATH = 'pivot-harness-smoke';

const manualWorkflow = {
	name: 'Harness smoke: manual',
	nodes: [
		{
			id: '0f5c2a8e-1b1a-4b0e-9c55-2a7d7f0b1001',
			name: 'Manual',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: '0f5c2a8e-1b1a-4b0e-9c55-2a7d7f0b1002',
			name: 'Set',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [220, 0],
			parameters: {
				assignments: {
					assignments: [
						{ id: 'a1', name: 'greeting', value: 'hello from n8n', type: 'string' },
						{ id: 'a2', name: 'answer', value: '={{ 6 * 7 }}', type: 'number' },
					],
				},
				options: {},
			},
		},
	],
	connections: { Manual: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
};

const webhookWorkflow = {
	name: 'Harness smoke: webhook',
	nodes: [
		{
			id: '0f5c2a8e-1b1a-4b0e-9c55-2a7d7f0b2001',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '6c1f3a52-8d4e-4f0a-b7a1-3e2d9c0f2001',
			parameters: { httpMethod: 'POST', path: WEBHOOK_PATH, responseMode: 'lastNode', options: {} },
		},
		{
			id: '0f5c2a8e-1b1a-4b0e-9c55-2a7d7f0b2002',
			name: 'Double',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [220, 0],
			parameters: {
				assignments: {
					assignments: [{ id: 'b1', name: 'doubled', value: '={{ $json.body.amount * 2 }}', type: 'number' }],
				},
				options: {},
			},
		},
	],
	connections: { Webhook: { main: [[{ node: 'Double', type: 'main', index: 0 }]] } },
};

describe('real n8n harness', () => {
	let n8n;
	let rest;
	let packageLoaded = false;
	const ids = {};

	before(async () => {
		ensureN8n();
		// our package when it is built, else nothing
		const ext = await stagePackage({ optional: true });
		packageLoaded = Boolean(ext);
		n8n = await createN8n({ customExtensionsDir: ext });
		// workflows to publish must be imported and published before `n8n start`
		const [manual, webhook] = await n8n.importWorkflow([manualWorkflow, webhookWorkflow]);
		ids.manual = manual.id;
		ids.webhook = webhook.id;
		await n8n.publishWorkflow(ids.webhook);
		await n8n.start();
		rest = await new RestClient(n8n.baseUrl).ownerSession();
	});

	after(async () => {
		await n8n?.stop();
	});

	it('executes an imported workflow with `n8n execute` (also while the server runs)', async () => {
		const result = await n8n.executeWorkflow(ids.manual);
		assert.equal(result.code, 0, result.stdout + result.stderr);
		assert.deepEqual(nodeOutput(result.output, 'Set'), [{ greeting: 'hello from n8n', answer: 42 }]);
		assert.equal(result.output.data.resultData.lastNodeExecuted, 'Set');
	});

	it('answers on a production webhook published before start, and the execution is readable over REST', async () => {
		const response = await fetch(`${n8n.baseUrl}/webhook/${WEBHOOK_PATH}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ amount: 21 }),
		});
		assert.equal(response.status, 200);
		assert.deepEqual(await response.json(), { doubled: 42 });

		const [execution] = await rest.waitForExecutions(ids.webhook);
		assert.equal(execution.status, 'success');
		assert.equal(execution.mode, 'webhook');
		assert.deepEqual(nodeOutput(execution, 'Webhook')[0].body, { amount: 21 });
		assert.deepEqual(nodeOutput(execution, 'Double'), [{ doubled: 42 }]);
	});

	it('loads our package as CUSTOM.* node types when dist/ is built', async (t) => {
		if (!packageLoaded) return t.skip('dist/ not built (npm run build)');
		const response = await fetch(`${n8n.baseUrl}/types/nodes.json`, { headers: { cookie: rest.cookieHeader() } });
		assert.equal(response.status, 200);
		const types = (await response.json()).map((node) => node.name);
		assert.ok(types.includes('CUSTOM.pivot'), `CUSTOM.pivot missing; custom types: ${types.filter((x) => x.startsWith('CUSTOM.'))}`);
		const credentials = await (
			await fetch(`${n8n.baseUrl}/types/credentials.json`, { headers: { cookie: rest.cookieHeader() } })
		).json();
		assert.ok(credentials.some((c) => c.name === 'pivotApi'), 'pivotApi credential type missing');
	});
});
