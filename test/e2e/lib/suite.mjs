// What every Pivot E2E file starts once, in its before() hook: a real n8n with this package, the
// Pivot simulator behind a "token tap" (lib/proxy.mjs, which records every access token the
// simulator issues), optionally a gateway between the simulator's callbacks and n8n (to lose an
// answer or reset a connection), the suite's credentials and webhook workflows. Starting n8n is
// the expensive part, so each file starts one and shares it between its tests; the simulator is
// reset before each test.
//
// `pivotSuite()` registers the before/beforeEach/afterEach/after hooks of the calling describe()
// and returns the suite's handle; `noSecretsLeakedTest(suite)` adds the last test of a file: no
// client secret, access token or callback key in anything that n8n instance kept or logged.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, afterEach, before, beforeEach, it } from 'node:test';

import { createN8n, ensureN8n, nodeOutput, RestClient, stagePackage, startSandbox } from '../../../scripts/lib/n8n.mjs';
import { payoutRowMaker, simulatorCredentialData, waitFor } from '../../support/pivot.mjs';
import { startGateway, startTokenTap } from './proxy.mjs';

export const DEDUPE_KEY = /^[0-9a-f]{32}$/;

/** A payout row (by channel) for the suite's webhook workflows. */
export const payoutRow = payoutRowMaker('E2E payout');

/**
 * @param {object} options
 * @param {(data: object) => Array<{ name: string, type: string, data: object }>} [options.credentials]
 *   the credentials to import, given the simulator's credential data (Base URL: the token tap);
 *   default: one, "Pivot account"
 * @param {Record<string, object>} [options.workflows] workflows to import, by key
 * @param {string[]} [options.activate] keys of the workflows to activate once n8n runs
 * @param {boolean} [options.gateway] start the callback gateway in front of n8n
 */
export function pivotSuite({ credentials, workflows = {}, activate = [], gateway: withGateway = false } = {}) {
	const suite = {
		sandbox: undefined,
		tap: undefined,
		gateway: undefined,
		n8n: undefined,
		rest: undefined,
		/** Workflow ids by key. */
		ids: {},
		/** Webhook path of each workflow that starts with a Webhook node, by key. */
		slugs: {},
		/** The simulator's tokens issued before the current test, and what it recorded in each test (it is reset before the next). */
		tokensIssuedBefore: 0,
		simulatorRecords: [],

		control: (...args) => suite.sandbox.control(...args),
		requests: async (route) => (await suite.control('requests')).filter((r) => !route || r.route === route),

		/** Executions of a workflow that finished, newest first (without data). */
		async finishedExecutions(workflowId) {
			return (await suite.rest.listExecutions({ workflowId })).filter((e) => !['new', 'running', 'waiting'].includes(e.status));
		},

		knownIds: async (workflowId) => new Set((await suite.rest.listExecutions({ workflowId })).map((e) => e.id)),

		/** Waits until the workflow has `count` more finished executions than `known`; returns the new ones with data, oldest first. */
		async newExecutions(workflowId, known, count = 1, timeoutMs = 15_000) {
			const fresh = await waitFor(
				`${count} new execution(s) of ${workflowId}`,
				async () => {
					const list = (await suite.finishedExecutions(workflowId)).filter((e) => !known.has(e.id));
					return list.length >= count ? list : undefined;
				},
				{ timeoutMs },
			);
			const withData = await Promise.all(fresh.map((e) => suite.rest.getExecution(e.id)));
			return withData.sort((a, b) => Number(a.id) - Number(b.id));
		},

		/** Runs a webhook workflow: POST { rows }; returns { status, items (the answer), execution }. */
		async run(key, rows) {
			const known = await suite.knownIds(suite.ids[key]);
			const response = await fetch(`${suite.n8n.baseUrl}/webhook/${suite.slugs[key]}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ rows }),
			});
			const text = await response.text();
			let items;
			try {
				items = JSON.parse(text);
			} catch {
				items = text;
			}
			const [execution] = await suite.newExecutions(suite.ids[key], known, 1, 60_000);
			return { status: response.status, items, execution };
		},
	};

	before(async () => {
		ensureN8n();
		const ext = await stagePackage();
		suite.n8n = await createN8n({ customExtensionsDir: ext });
		suite.sandbox = await startSandbox();
		suite.tap = await startTokenTap(suite.sandbox.url);
		if (withGateway) suite.gateway = await startGateway(suite.n8n.baseUrl);

		const data = simulatorCredentialData(suite.sandbox, { baseUrl: suite.tap.url });
		const toImport = credentials ? credentials(data) : [{ name: 'Pivot account', type: 'pivotApi', data }];
		if (toImport.length > 0) await suite.n8n.importCredentials(toImport);
		const entries = Object.entries(workflows);
		if (entries.length > 0) {
			const imported = await suite.n8n.importWorkflow(entries.map(([, wf]) => wf));
			entries.forEach(([key, wf], i) => {
				suite.ids[key] = imported[i].id;
				const hook = wf.nodes.find((node) => node.type === 'n8n-nodes-base.webhook');
				if (hook) suite.slugs[key] = hook.parameters.path;
			});
		}
		await suite.n8n.start();
		suite.rest = await new RestClient(suite.n8n.baseUrl).ownerSession();
		await Promise.all(activate.map((key) => suite.rest.activateWorkflow(suite.ids[key])));
	});

	beforeEach(async () => {
		await suite.control('reset', 'POST');
		await suite.control('config', 'POST', { callbackUrl: '', tokenLifetimeSeconds: 900, processingDelayMs: 300, callbackTimeScale: 1 });
		suite.gateway?.clear();
	});

	afterEach(async () => {
		if (!suite.sandbox) return;
		const stats = await suite.control('stats');
		suite.tokensIssuedBefore += stats.tokensIssued;
		suite.simulatorRecords.push(JSON.stringify({ requests: await suite.control('requests'), callbacks: await suite.control('callbacks') }));
	});

	after(async () => {
		await suite.n8n?.stop();
		await suite.gateway?.stop();
		await suite.tap?.stop();
		await suite.sandbox?.stop();
	});

	return suite;
}

/** The execution succeeded, answered 200, and no item of `nodeName` carries an error; returns its items. */
export function assertSucceeded(result, nodeName = 'Pivot') {
	assert.equal(
		result.execution.status,
		'success',
		`execution ${result.execution.id} ${result.execution.status}: ${JSON.stringify(result.execution.data?.resultData?.error?.message)}`,
	);
	assert.equal(result.status, 200, JSON.stringify(result.items).slice(0, 500));
	const output = nodeOutput(result.execution, nodeName);
	assert.ok(Array.isArray(output), `${nodeName} has no output`);
	for (const item of output) assert.equal(item.error, undefined, `failed item: ${JSON.stringify(item)}`);
	return output;
}

/** The entries of `object` named in `keys` (e.g. the workflows a file needs of suiteWorkflows()). */
export function pick(object, keys) {
	return Object.fromEntries(keys.map((key) => {
		if (!(key in object)) throw new Error(`no ${key}`);
		return [key, object[key]];
	}));
}

/** How many payouts the simulator holds per Reference ID. */
export function payoutsPerReference(payouts) {
	const perReference = {};
	for (const p of payouts) perReference[p.referenceId] = (perReference[p.referenceId] ?? 0) + 1;
	return perReference;
}

/**
 * The file's last test: no client secret, access token or callback key in any execution's data
 * (REST and public API), the n8n log, the simulator's log or what the simulator recorded.
 */
export function noSecretsLeakedTest(suite, { executions = true } = {}) {
	it('no client secret, access token or callback key in any execution data, the n8n log or the simulator log', async () => {
		const { sandbox, tap, n8n, rest } = suite;
		const issued = suite.tokensIssuedBefore + (await suite.control('stats')).tokensIssued;
		assert.ok(issued >= 1, 'no token issued in the whole run');
		assert.equal(tap.tokens.size, issued, 'the tap did not see every token the simulator issued');
		const secrets = [
			['client secret', sandbox.clientSecret],
			['callback API key', sandbox.callbackApiKey],
			...[...tap.tokens].map((token, i) => [`access token #${i + 1}`, token]),
		];
		for (const [, value] of secrets) assert.ok(value.length >= 16);

		const places = [];
		const list = await rest.listAllExecutions();
		if (executions) assert.ok(list.length >= 1, 'no execution to check');
		for (const summary of list) {
			const full = await rest.getExecution(summary.id);
			places.push([`execution ${summary.id} (${summary.workflowId})`, JSON.stringify(full)]);
		}
		const publicExecutions = await rest.publicApi('GET', '/executions?includeData=true&limit=250');
		places.push(['public API executions?includeData=true', JSON.stringify(publicExecutions)]);
		places.push(['n8n log', n8n.readLog()]);
		places.push(['simulator log', fs.readFileSync(sandbox.logPath, 'utf8')]);
		places.push(['simulator requests and callbacks', [...suite.simulatorRecords, JSON.stringify(await suite.control('requests'))].join('\n')]);
		assert.ok(places.find(([name]) => name === 'n8n log')[1].includes('Editor is now accessible'));

		const leaks = [];
		for (const [where, text] of places) {
			for (const [what, value] of secrets) if (text.includes(value)) leaks.push(`${what} in ${where}`);
		}
		assert.deepEqual(leaks, []);
	});
}
