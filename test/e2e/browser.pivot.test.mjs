// The Pivot nodes in the n8n editor, in a real browser (playwright-core + Debian's chromium),
// against the Pivot simulator. Screenshots go to artifacts/screenshots/pivot-*.png (git-ignored).
//
//   npm run build && node --test test/e2e/browser.pivot.test.mjs
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';

import { createN8n, ensureN8n, stagePackage, startSandbox } from '../../scripts/lib/n8n.mjs';
import { openEditor } from './lib/browser.mjs';

const NOTICE = "Pivot has no API to register callback URLs. Copy this node's Production URL into Pivot Dashboard";

describe('the Pivot nodes in the n8n editor (chromium)', () => {
	let sandbox;
	let n8n;
	let editor;
	let page;

	/** Names of the parameters the open node shows, in order. */
	async function shownParameters() {
		const containers = page.locator('[data-test-id="node-parameters"] [data-test-id$="-parameter-input-options-container"]');
		const ids = await containers.evaluateAll((elements) =>
			elements.filter((e) => e.offsetParent !== null).map((e) => e.getAttribute('data-test-id')),
		);
		return ids.map((id) => id.replace(/-parameter-input-options-container$/, ''));
	}

	async function pickOption(parameter, optionText) {
		await page.locator(`[data-test-id="parameter-input-${parameter}"]`).click();
		await page.locator('.el-select-dropdown__item:visible', { hasText: optionText }).first().click();
	}

	async function shot(name) {
		const file = await editor.screenshot(`pivot-${name}`);
		assert.ok(fs.statSync(file).size > 10_000, `screenshot ${file} looks empty`);
		return file;
	}

	before(async () => {
		ensureN8n({ browser: true });
		sandbox = await startSandbox();
		n8n = await createN8n({ customExtensionsDir: await stagePackage() });
		await n8n.start();
		editor = await openEditor({ baseUrl: n8n.baseUrl });
		page = editor.page;
	});

	after(async () => {
		if (editor) {
			await editor.screenshot('pivot-last').catch(() => {});
			await editor.close();
		}
		await n8n?.stop();
		await sandbox?.stop();
	});

	it('finds "Pivot" in the node panel, with its trigger events and its actions', async () => {
		await editor.newWorkflow();
		const names = await editor.searchNode('Pivot');
		assert.equal(names[0], 'Pivot', `first result: ${names.join(', ')}`);
		await shot('01-node-panel-search');
		await editor.clickNodeItem('Pivot');
		await page.locator('[data-test-id="node-creator-category-item"]', { hasText: 'Actions' }).click();
		const entries = await page.locator('[data-test-id="node-creator-item-name"]').allInnerTexts();
		for (const expected of ['On payout success', 'On payout failed', 'Create a payout', 'Get a payout', 'Validate a beneficiary account', 'Get the payout balance']) {
			assert.ok(entries.includes(expected), `"${expected}" not listed; got ${entries.join(', ')}`);
		}
		await shot('02-pivot-triggers-and-actions');
	});

	it('Payout → Create: the By Inquiry ID and By Channel fields show and hide with Destination', async () => {
		await page.locator('[data-test-id="node-creator-item-name"]', { hasText: 'Create a payout' }).click();
		await page.locator('[data-test-id="ndv"]').waitFor({ state: 'visible' });
		assert.equal(await page.locator('[data-test-id="parameter-input-resource"] input').inputValue(), 'Payout');
		assert.equal(await page.locator('[data-test-id="parameter-input-operation"] input').inputValue(), 'Create');

		const byInquiry = await shownParameters();
		assert.equal(await page.locator('[data-test-id="parameter-input-destination"] input').inputValue(), 'By Inquiry ID');
		assert.ok(byInquiry.includes('inquiryId'), `Inquiry ID not shown: ${byInquiry}`);
		for (const hidden of ['channelCode', 'accountNumber', 'accountName']) {
			assert.ok(!byInquiry.includes(hidden), `${hidden} shown for By Inquiry ID: ${byInquiry}`);
		}
		for (const always of ['sendAs', 'destination', 'amount', 'referenceId', 'description']) {
			assert.ok(byInquiry.includes(always), `${always} not shown: ${byInquiry}`);
		}
		await shot('03-create-by-inquiry-id');

		await pickOption('destination', 'By Channel');
		await page.locator('[data-test-id="channelCode-parameter-input-options-container"]').waitFor({ state: 'visible' });
		const byChannel = await shownParameters();
		for (const shown of ['channelCode', 'accountNumber', 'accountName', 'amount', 'referenceId']) {
			assert.ok(byChannel.includes(shown), `${shown} not shown for By Channel: ${byChannel}`);
		}
		assert.ok(!byChannel.includes('inquiryId'), `Inquiry ID still shown for By Channel: ${byChannel}`);
		const labels = await page.locator('[data-test-id="node-parameters"] [data-test-id="input-label"]').allInnerTexts();
		for (const label of ['Channel Code', 'Account Number', 'Account Name']) {
			assert.ok(labels.some((text) => text.startsWith(label)), `label ${label} missing: ${labels}`);
		}
		await shot('04-create-by-channel');

		await pickOption('destination', 'By Inquiry ID');
		await page.locator('[data-test-id="inquiryId-parameter-input-options-container"]').waitFor({ state: 'visible' });
		const back = await shownParameters();
		assert.ok(back.includes('inquiryId') && !back.includes('channelCode') && !back.includes('accountNumber'), `${back}`);
	});

	it('creates a Pivot credential pointed at the simulator in the UI; Test → Connection tested successfully', async () => {
		await page.locator('[data-test-id="node-credentials-empty-state"]').click();
		const modal = page.locator('[data-test-id="editCredential-modal"]');
		await modal.waitFor({ state: 'visible' });
		await pickOption('environment', 'Custom');
		await modal.locator('[data-test-id="parameter-input-baseUrl"] input').fill(sandbox.url);
		await modal.locator('[data-test-id="parameter-input-clientId"] input').fill(sandbox.clientId);
		await modal.locator('[data-test-id="parameter-input-clientSecret"] input').fill(sandbox.clientSecret);
		await shot('05-credential-filled');
		// Save stores the credential and runs its test (n8n closes the modal when the test passes)
		await modal.locator('[data-test-id="credential-save-button"]').click();
		await modal.waitFor({ state: 'hidden', timeout: 20_000 });
		await page.locator('[data-test-id="node-credentials-select"]').waitFor({ state: 'visible' });
		assert.equal(await page.locator('[data-test-id="node-credentials-select"] input').inputValue(), 'Pivot account');

		// open it again and press the test button (labelled "Retry" once a test ran)
		await page.locator('[data-test-id="credential-edit-button"]').click();
		await modal.waitFor({ state: 'visible' });
		const before = (await sandbox.control('requests')).length;
		const retry = modal.getByRole('button', { name: 'Retry' });
		await retry.click();
		// the button turns into a spinner while the test runs, and comes back when it is done
		const deadline = Date.now() + 20_000;
		let log = [];
		while (Date.now() < deadline) {
			log = await sandbox.control('requests');
			if (log.slice(before).some((r) => r.route === 'balance')) break;
			await page.waitForTimeout(100);
		}
		assert.ok(
			log.slice(before).some((r) => r.route === 'balance' && r.status === 200),
			'pressing the test button sent nothing to the simulator',
		);
		assert.ok(log.some((r) => r.route === 'token' && r.status === 200), 'no token exchange at the simulator');
		const settled = Date.now() + 20_000;
		while (Date.now() < settled && (await retry.innerText()).trim() !== 'Retry') await page.waitForTimeout(100);
		assert.equal((await retry.innerText()).trim(), 'Retry', 'the test button still spins');
		const success = modal.locator('[data-test-id="credentials-config-container-test-success"]');
		await success.waitFor({ state: 'visible' });
		assert.match(await success.innerText(), /Connection tested successfully/);
		await page.waitForTimeout(500); // let the button fade back in for the screenshot
		await shot('06-credential-tested');
		await modal.locator('button[aria-label="Close this dialog"], .el-dialog__headerbtn').first().click();
		await modal.waitFor({ state: 'hidden' });
		await page.locator('[data-test-id="ndv-close-button"]').click();
		await page.locator('[data-test-id="ndv"]').waitFor({ state: 'hidden' });
	});

	it('adds the Pivot Trigger: its Production URL and the set-up notice are shown', async () => {
		await page.locator('[data-test-id="node-creator-plus-button"]').click();
		const names = await editor.searchNode('Pivot');
		assert.ok(names.includes('Pivot'), `${names}`);
		await editor.clickNodeItem('Pivot');
		// with a node on the canvas, the panel lists the actions first and folds the triggers
		const event = page.locator('[data-test-id="node-creator-item-name"]', { hasText: 'On payout success' });
		if (!(await event.isVisible())) {
			await page.locator('[data-test-id="node-creator-category-item"]', { hasText: 'Triggers' }).click();
		}
		await event.click();
		const ndv = page.locator('[data-test-id="ndv"]');
		await ndv.waitFor({ state: 'visible' });
		await ndv.getByText(NOTICE).waitFor({ state: 'visible' });
		await ndv.getByText('Webhook URLs').click();
		const url = ndv.locator('.webhook-url');
		await url.waitFor({ state: 'visible' });
		assert.match((await url.innerText()).trim(), new RegExp(`^${n8n.baseUrl}/webhook-test/[0-9a-f-]{36}/webhook$`));
		await ndv.locator('[data-test-id="radio-button-production"]').click();
		const production = (await url.innerText()).trim();
		assert.match(production, new RegExp(`^${n8n.baseUrl}/webhook/[0-9a-f-]{36}/webhook$`));
		assert.equal(
			await page.locator('[data-test-id="node-credentials-select"] input').inputValue(),
			'Pivot account',
			'the trigger did not pick up the Pivot credential',
		);
		assert.match(await ndv.locator('[data-test-id="parameter-input-events"]').innerText(), /Payout Success/);
		await shot('07-trigger-production-url');
	});

	it(
		'the credential Test after changing the Client Secret of the saved credential to a wrong one',
		async () => {
			const modal = page.locator('[data-test-id="editCredential-modal"]');
			await page.locator('[data-test-id="credential-edit-button"]').click();
			await modal.waitFor({ state: 'visible' });
			const before = (await sandbox.control('requests')).length;
			await modal.locator('[data-test-id="parameter-input-clientSecret"] input').fill('a-wrong-client-secret');
			await modal.locator('[data-test-id="credential-save-button"]').click();
			await page.waitForTimeout(3000);
			await shot('08-wrong-secret-saved');
			const tokenCalls = (await sandbox.control('requests')).slice(before).filter((r) => r.route === 'token');
			const banner = await modal.innerText().catch(() => '');
			assert.ok(
				!/Connection tested successfully/.test(banner) && tokenCalls.length > 0,
				`with a wrong Client Secret the UI says "${/Connection tested successfully/.exec(banner)?.[0]}" and sent ${tokenCalls.length} token request(s)`,
			);
		},
	);
});
