// The path users take: n8n-nodes-pivot installed as a community package in a real n8n 2.41.1, and
// every workflow of examples/ imported byte for byte and run against the Pivot simulator.
//
//   npm run build && node --test --test-concurrency=1 test/package/
//
// How it is installed, and why this way. The package is packed (`npm pack`, the tarball a publish
// uploads) and served by a tiny npm registry on 127.0.0.1 (scripts/lib/community.mjs); n8n's own
// installer installs it through the editor's request, POST /rest/community-packages
// (modules/community-packages: CommunityPackagesLifecycleService.install →
// CommunityPackagesService.installOrUpdatePackage: `npm pack <name>@<version> --registry`, tar,
// devDependencies/peerDependencies stripped, `npm install` in the package folder, the package loaded,
// its rows written to installed_packages / installed_nodes). Offline there is no registry.npmjs.org
// copy of this package, and n8n reads any other registry (N8N_COMMUNITY_PACKAGES_REGISTRY, also
// behind N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV) only with the licence feature
// feat:communityNodes:customRegistry (getNpmRegistry → FeatureNotLicensedError; the first request
// below checks that). So the install runs on an n8n started with E2E_TESTS=true, n8n's switch for
// its own end-to-end tests, whose controller (controllers/e2e.controller.js, PATCH /rest/e2e/feature)
// turns that one feature on. Then n8n is restarted on the same user folder as users run it (no
// E2E_TESTS, no N8N_CUSTOM_EXTENSIONS): it loads the package from <user folder>/.n8n/nodes/node_modules
// (CommunityPackagesModule.nodeLoaders), and every later test runs on that instance.
//
// The examples are imported unmodified (POST /rest/workflows with the file's bytes: n8n matches each
// `{ id: null, name }` credential to the one credential of that name and type), executed as the
// editor executes them (POST /rest/workflows/:id/run; the AI example through its canvas chat), and
// checked in n8n's execution records and at the simulator; reconcile-callbacks is activated and runs
// on the simulator's own callbacks (sent with the credential's Callback API Key); top-up-alert and
// callback-exactly-once-postgres are activated and sent callbacks as Pivot sends them, the latter
// against a PostgreSQL started here as the user's own database.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
	createN8n,
	ensureN8n,
	freePort,
	makeTempDir,
	nodeOutput,
	removeTempDir,
	REPO_ROOT,
	RestClient,
} from '../../scripts/lib/n8n.mjs';
import { enableCustomRegistry, packPackage, startNpmRegistry } from '../../scripts/lib/community.mjs';
import { exampleTables } from '../support/exampleSql.mjs';
import { waitFor } from '../support/pivot.mjs';
import { triggerUrl } from '../support/workflows.mjs';
import { executeFromTrigger, executionIds, importWorkflowFile, nextExecution, waitForExecution } from './lib/editor.mjs';
import { runAssistantExample } from './lib/assistant.mjs';
import { runExactlyOnceExample, runTopUpAlertExample } from './lib/callbackExamples.mjs';
import { startUserServices } from './lib/userServices.mjs';
import { assertInstalledOnDisk } from './lib/installed.mjs';

const PACKAGE = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const TYPES = ['pivot', 'pivotTool', 'pivotTrigger'].map((node) => `${PACKAGE.name}.${node}`);
const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');
// The examples this file runs (approve-then-pay runs in test/e2e/approval.e2e.test.mjs, with its
// rows edited between approval and payment). A new example fails the import test until it gets a run.
const EXAMPLES = [
	'ai-agent-finance-assistant',
	'approve-then-pay',
	'bulk-payout-from-list',
	'callback-exactly-once-postgres',
	'daily-reconciliation',
	'get-payout-status',
	'reconcile-callbacks',
	'top-up-alert',
	'validate-and-pay-one',
];
// Published by the import test: the examples that start at a Pivot Trigger.
const TRIGGERED = ['reconcile-callbacks', 'top-up-alert', 'callback-exactly-once-postgres'];
const DEDUPE_KEY = /^[0-9a-f]{32}$/;

describe(`${PACKAGE.name} installed as a community package, the examples as users import them`, () => {
	let packed, registry, services, sandbox, ai, smtp, db; // the package and the services n8n talks to
	let userFolder, port, commonEnv; // shared by the installing run and the restarted one
	let n8n, rest; // the restarted n8n, as users run it
	const ids = {}; // workflow id by example name
	const credentialIds = {}; // credential id by name
	let reconcileUrl;
	const triggerUrls = {}; // production URL by example name

	const control = (...args) => sandbox.control(...args);
	const requests = async (route) => (await control('requests')).filter((r) => !route || r.route === route);

	/** The example's workflow id; fails at once when the import test did not get that far. */
	function imported(name) {
		assert.ok(ids[name], `${name} was not imported (see the import test)`);
		return ids[name];
	}

	/** Runs a manual example as the editor's "Execute workflow" does; the finished execution record. */
	async function executeExample(name) {
		const started = await executeFromTrigger(rest, imported(name), 'Run');
		assert.ok(started?.executionId, `no execution started: ${JSON.stringify(started)}`);
		const execution = await waitForExecution(rest, started.executionId);
		assert.equal(execution.workflowId, ids[name]);
		assert.equal(execution.mode, 'manual');
		assert.equal(execution.status, 'success', `${name}: ${execution.data?.resultData?.error?.message}`);
		return execution;
	}

	before(async () => {
		if (!fs.existsSync(path.join(REPO_ROOT, 'dist'))) {
			throw new Error('dist/ is missing: run `npm run build` first (this suite packs the built package)');
		}
		ensureN8n();
		packed = await packPackage();
		[registry, services] = await Promise.all([startNpmRegistry([packed]), startUserServices()]);
		({ sandbox, ai, smtp, db } = services);
		userFolder = await makeTempDir('pivot-community-');
		port = await freePort();
		commonEnv = {
			// both runs share the user folder, hence the key
			N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
			// npm as n8n runs it (`npm outdated` for the installed-packages list too) asks only this registry
			npm_config_registry: registry.url,
			npm_config_cache: path.join(userFolder, '.npm-cache'),
			npm_config_update_notifier: 'false',
		};
	});

	after(async () => {
		await n8n?.stop();
		await Promise.all([registry?.stop(), services?.stop()]);
		if (userFolder) await removeTempDir(userFolder);
	});

	it("n8n's installer installs the packed tarball from a registry (POST /rest/community-packages, as the editor)", async () => {
		const installer = await createN8n({
			port,
			userFolder,
			env: { ...commonEnv, E2E_TESTS: 'true', N8N_COMMUNITY_PACKAGES_REGISTRY: registry.url },
		});
		assert.equal(installer.env.N8N_CUSTOM_EXTENSIONS, undefined, 'the package must not be loaded as a custom extension');
		await installer.start();
		try {
			const editor = await new RestClient(installer.baseUrl).ownerSession();
			await assert.rejects(
				editor.request('POST', '/rest/community-packages', { name: PACKAGE.name }),
				/does not allow for feat:communityNodes:customRegistry/,
				'n8n installed from a custom registry without the licence feature: drop E2E_TESTS from this suite',
			);
			assert.deepEqual(registry.requests(), [], 'nothing may be fetched before the feature is on');
			await enableCustomRegistry(installer.baseUrl);

			const installed = await editor.request('POST', '/rest/community-packages', { name: PACKAGE.name });
			assert.equal(installed.packageName, PACKAGE.name);
			assert.equal(installed.installedVersion, PACKAGE.version);
			assert.equal(installed.authorName, PACKAGE.author.name);
			assert.deepEqual(installed.installedNodes.map((node) => `${node.type} "${node.name}" v${node.latestVersion}`).sort(), [
				`${PACKAGE.name}.pivot "Pivot" v1`,
				`${PACKAGE.name}.pivotTrigger "Pivot Trigger" v1`,
			]);
			const fetched = registry.requests().map((r) => `${r.status} ${r.path}`);
			assert.ok(fetched.includes(`200 /${PACKAGE.name}/-/${path.basename(packed.tarballPath)}`), fetched.join(', '));

			assertInstalledOnDisk(userFolder, packed);
		} finally {
			await installer.stop(); // the user folder is ours: stop() leaves it
		}
	});

	it('restarted as users run n8n, it loads the nodes under the package name and lists the package', async () => {
		n8n = await createN8n({ port, userFolder, env: commonEnv });
		assert.equal(n8n.env.N8N_CUSTOM_EXTENSIONS, undefined);
		assert.equal(n8n.env.E2E_TESTS, undefined);
		await n8n.start();
		rest = new RestClient(n8n.baseUrl);
		await rest.login();

		const get = async (urlPath) =>
			(await fetch(`${n8n.baseUrl}${urlPath}`, { headers: { cookie: rest.cookieHeader() } })).json();
		const nodeTypes = (await get('/types/nodes.json')).map((type) => type.name);
		assert.deepEqual(nodeTypes.filter((name) => name.startsWith(`${PACKAGE.name}.`)).sort(), TYPES);
		assert.deepEqual(nodeTypes.filter((name) => name.startsWith('CUSTOM.')), []);
		const credentialTypes = (await get('/types/credentials.json')).map((type) => type.name);
		assert.ok(credentialTypes.includes('pivotApi'), 'the pivotApi credential type is missing');

		const [listed, ...others] = await rest.request('GET', '/rest/community-packages');
		assert.deepEqual(others, []);
		assert.deepEqual(
			[listed.packageName, listed.installedVersion, listed.failedLoading, listed.updateAvailable],
			[PACKAGE.name, PACKAGE.version, false, undefined],
		);
		assert.deepEqual(listed.installedNodes.map((node) => node.type).sort(), [`${PACKAGE.name}.pivot`, `${PACKAGE.name}.pivotTrigger`]);
		const e2eSwitch = await fetch(`${n8n.baseUrl}/rest/e2e/feature`, { method: 'PATCH' });
		assert.equal(e2eSwitch.status, 404, 'this n8n must run without E2E_TESTS');
	});

	it('every example imports byte for byte; n8n matches its credentials by name', async () => {
		assert.ok(rest, 'n8n did not start with the package (see the tests above)');
		const credentials = services.credentials();
		for (const credential of credentials) credentialIds[credential.name] = (await rest.createCredential(credential)).id;

		const files = fs.readdirSync(EXAMPLES_DIR).filter((file) => file.endsWith('.json')).sort();
		assert.deepEqual(files.map((file) => file.replace(/\.json$/, '')), EXAMPLES, 'examples/ changed: give each example a run in this file');
		for (const file of files) {
			const name = file.replace(/\.json$/, '');
			const original = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
			const created = await importWorkflowFile(rest, path.join(EXAMPLES_DIR, file));
			const stored = await rest.request('GET', `/rest/workflows/${created.id}`);
			assert.equal(stored.name, original.name);
			// n8n gives a webhookId to nodes that need one and have none; it keeps those the file sets
			assert.deepEqual(
				stored.nodes.map((node, i) => [node.name, node.type, node.typeVersion, original.nodes[i].webhookId && node.webhookId]),
				original.nodes.map((node) => [node.name, node.type, node.typeVersion, node.webhookId]),
				`${name}: n8n changed the nodes on import`,
			);
			for (const node of original.nodes.filter((n) => n.credentials)) {
				const storedNode = stored.nodes.find((n) => n.name === node.name);
				for (const [type, reference] of Object.entries(node.credentials)) {
					assert.ok(credentialIds[reference.name], `${name} / ${node.name}: no credential "${reference.name}" was created`);
					assert.deepEqual(storedNode.credentials[type], { id: credentialIds[reference.name], name: reference.name }, `${name} / ${node.name}`);
				}
			}
			ids[name] = created.id;
		}

		// the tables the exactly-once example documents, in the user's database
		await db.query(exampleTables(JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, 'callback-exactly-once-postgres.json'), 'utf8'))));
		for (const name of TRIGGERED) {
			await rest.activateWorkflow(ids[name]);
			const trigger = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${name}.json`), 'utf8')).nodes.find(
				(node) => node.type === `${PACKAGE.name}.pivotTrigger`,
			);
			triggerUrls[name] = triggerUrl(n8n.baseUrl, trigger.webhookId);
		}
		reconcileUrl = triggerUrls['reconcile-callbacks'];
	});

	it("validate-and-pay-one and get-payout-status, executed from the editor; Pivot's callback runs reconcile-callbacks", async () => {
		await control('reset', 'POST');
		await control('config', 'POST', { callbackUrl: reconcileUrl });
		const known = await executionIds(rest, imported('reconcile-callbacks'));

		const paid = await executeExample('validate-and-pay-one');
		assert.equal(nodeOutput(paid, 'Check Balance')[0].sufficient, true);
		const [inquiry] = nodeOutput(paid, 'Validate Beneficiary');
		assert.equal(inquiry.status, 'VALID');
		const [payout] = nodeOutput(paid, 'Pay by Inquiry ID');
		assert.deepEqual(
			(await requests()).filter((r) => r.route !== 'token').map((r) => [r.route, r.status]),
			[['balance', 200], ['inquiry', 200], ['createPayout', 200]],
		);
		const payouts = await control('payouts');
		assert.deepEqual(
			payouts.map((p) => [p.referenceId, p.inquiryId, p.amount, p.requestUuid]),
			[['INV-2026-0001', inquiry.inquiryId, '150000', payout.requestUuid]],
		);

		const reconciled = await nextExecution(rest, ids['reconcile-callbacks'], known);
		assert.deepEqual([reconciled.status, reconciled.mode], ['success', 'webhook']);
		const [event] = nodeOutput(reconciled, 'Pivot Trigger');
		assert.deepEqual(
			[event.event, event.scope, event.uuid, event.referenceId, event.status, event.isFinal],
			['PAYOUT.SUCCESS', 'single', payout.requestUuid, 'INV-2026-0001', 'SUCCESS', true],
		);
		assert.match(event.dedupeKey, DEDUPE_KEY);
		assert.deepEqual(nodeOutput(reconciled, 'Single Payout Result'), [event]);
		assert.equal(nodeOutput(reconciled, 'Get Payouts of the Request'), undefined);
		assert.deepEqual((await control('callbacks')).map((c) => [c.event, c.status, c.url]), [['PAYOUT.SUCCESS', 200, reconcileUrl]]);

		const lookup = await executeExample('get-payout-status');
		const [status] = nodeOutput(lookup, 'Get Payout by Reference ID');
		assert.deepEqual(
			[status.referenceId, status.status, status.isFinal, status.amount.value, status.inquiryId],
			['INV-2026-0001', 'SUCCESS', true, '150000', inquiry.inquiryId],
		);
		assert.ok((await requests('getPayout')).some((r) => r.path === '/v1/payouts/INV-2026-0001' && r.query.type === 'single'));
	});

	it('bulk-payout-from-list: one bulk request; its PAYOUT.DONE callback makes reconcile-callbacks fetch every payout', async () => {
		await control('reset', 'POST');
		await control('config', 'POST', { callbackUrl: reconcileUrl });
		const known = await executionIds(rest, imported('reconcile-callbacks'));

		const bulk = await executeExample('bulk-payout-from-list');
		const created = nodeOutput(bulk, 'Pay All Rows in One Bulk Request');
		const references = ['PAYROLL-2026-11-001', 'PAYROLL-2026-11-002', 'PAYROLL-2026-11-003'];
		assert.deepEqual(created.map((item) => item.referenceId), references);
		assert.equal((await requests('createPayout')).length, 1);
		const payouts = await control('payouts');
		assert.deepEqual(payouts.map((p) => p.referenceId).sort(), references);
		assert.ok(payouts.every((p) => p.requestUuid === created[0].requestUuid));

		const reconciled = await nextExecution(rest, ids['reconcile-callbacks'], known);
		assert.equal(reconciled.status, 'success', reconciled.data?.resultData?.error?.message);
		const [event] = nodeOutput(reconciled, 'Pivot Trigger');
		assert.deepEqual([event.event, event.scope, event.uuid], ['PAYOUT.DONE', 'bulk', created[0].requestUuid]);
		assert.deepEqual([event.totals.totalSuccessCount, event.totals.totalFailedCount], [2, 1]);
		assert.deepEqual(
			nodeOutput(reconciled, 'Get Payouts of the Request').map((item) => [item.referenceId, item.status, item.retry]).sort(),
			[
				['PAYROLL-2026-11-001', 'SUCCESS', null],
				['PAYROLL-2026-11-002', 'SUCCESS', null],
				['PAYROLL-2026-11-003', 'FAILED', 'doNotRetry'],
			],
		);
		assert.ok((await requests('getPayout')).some((r) => r.path === `/v1/payouts/${created[0].requestUuid}`));
		assert.deepEqual((await control('callbacks')).map((c) => [c.event, c.status]), [['PAYOUT.DONE', 200]]);
	});

	it("top-up-alert: Pivot's Top Up Callback runs it; a payout callback sent to it runs nothing", async () => {
		await runTopUpAlertExample({ rest, sandbox, workflowId: imported('top-up-alert'), url: triggerUrls['top-up-alert'] });
	});

	it('callback-exactly-once-postgres: two events and a redelivery, each event claimed and updated once in PostgreSQL', async () => {
		await runExactlyOnceExample({
			rest,
			sandbox,
			db,
			workflowId: imported('callback-exactly-once-postgres'),
			url: triggerUrls['callback-exactly-once-postgres'],
		});
	});

	it('daily-reconciliation from its Schedule Trigger: the records of the other examples get their verdicts; the e-mail stays off', async () => {
		await control('reset', 'POST');
		await control('config', 'POST', { callbackUrl: '' });
		await executeExample('validate-and-pay-one');
		await executeExample('bulk-payout-from-list');
		await waitFor('payouts settled', async () => (await control('stats')).settled, { timeoutMs: 10_000 });
		const creates = (await requests('createPayout')).length;
		const mails = smtp.messages().length;

		const started = await executeFromTrigger(rest, imported('daily-reconciliation'), 'Every Morning');
		const execution = await waitForExecution(rest, started.executionId);
		assert.equal(execution.status, 'success', execution.data?.resultData?.error?.message);
		assert.deepEqual(
			nodeOutput(execution, 'Reconcile with Pivot').map((item) => [item.referenceId, item.verdict]),
			[
				['INV-2026-0001', 'matched'],
				['PAYROLL-2026-11-001', 'matched'],
				['PAYROLL-2026-11-003', 'failed'],
				['INV-2026-0099', 'notAtPivot'],
			],
		);
		assert.deepEqual(nodeOutput(execution, 'Exceptions: Your Records').map((item) => item.verdict), ['failed', 'notAtPivot']);
		assert.equal(nodeOutput(execution, 'Records to Fix'), undefined);
		assert.ok(Array.isArray(nodeOutput(execution, "Yesterday's Ledger")), 'the ledger was not read');
		assert.ok((await requests()).some((r) => r.path === '/v1/balance-histories'), 'no request for the balance history');
		assert.equal((await requests('createPayout')).length, creates, 'the reconciliation created a payout');
		assert.equal(smtp.messages().length, mails, 'the disabled e-mail node sent a message');
	});

	it('ai-agent-finance-assistant in the canvas chat: the tools read, a payout waits for Approve by e-mail, then runs once', async () => {
		await control('reset', 'POST');
		await control('config', 'POST', { callbackUrl: '' });
		await runAssistantExample({ rest, n8n, sandbox, ai, smtp, workflowId: imported('ai-agent-finance-assistant'), sessionId: randomUUID() });
	});
});
