// Browser helpers for editor tests: playwright-core driving Debian's chromium
// (/usr/bin/chromium, installed by scripts/browser-env.sh). Never downloads a browser.
//
//   const editor = await openEditor({ baseUrl: n8n.baseUrl });
//   await editor.newWorkflow();
//   const names = await editor.searchNode('Pivot');
//   await editor.screenshot('pivot-search');
//   await editor.close();
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

import { DEFAULT_OWNER, REPO_ROOT } from '../../../scripts/lib/n8n.mjs';

export const CHROMIUM = process.env.PIVOT_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];

/** Folder for screenshots (git-ignored): artifacts/screenshots or $PIVOT_SCREENSHOT_DIR. */
export function screenshotDir() {
	const dir = process.env.PIVOT_SCREENSHOT_DIR ?? path.join(REPO_ROOT, 'artifacts', 'screenshots');
	fs.mkdirSync(dir, { recursive: true });
	return dir;
}

export async function launchBrowser({ headless = true } = {}) {
	if (!fs.existsSync(CHROMIUM)) {
		throw new Error(`${CHROMIUM} is missing; run scripts/browser-env.sh (installs Debian's chromium)`);
	}
	return chromium.launch({
		executablePath: CHROMIUM,
		headless,
		args: headless ? CHROMIUM_ARGS : CHROMIUM_ARGS.filter((a) => a !== '--headless'),
	});
}

/**
 * Opens the n8n editor logged in as the owner. Sets the owner up first unless
 * `ownerExists` (pass true when a RestClient already called setupOwner()).
 * Returns an Editor with page, context, browser and helpers; close() closes the browser.
 */
export async function openEditor({
	baseUrl,
	owner = DEFAULT_OWNER,
	ownerExists = false,
	browser,
	viewport = { width: 1440, height: 900 },
	defaultTimeoutMs = 15_000,
} = {}) {
	const ownBrowser = !browser;
	browser ??= await launchBrowser();
	const context = await browser.newContext({ baseURL: baseUrl, viewport });
	context.setDefaultTimeout(defaultTimeoutMs);
	const page = await context.newPage();
	const consoleErrors = [];
	page.on('console', (message) => {
		if (message.type() === 'error') consoleErrors.push(message.text());
	});
	page.on('pageerror', (error) => consoleErrors.push(String(error)));

	if (!ownerExists) {
		const setup = await page.request.post('/rest/owner/setup', { data: owner });
		if (!setup.ok()) throw new Error(`owner setup: ${setup.status()} ${await setup.text()}`);
	}
	// the browser context keeps the auth cookie from this call
	const login = await page.request.post('/rest/login', {
		data: { emailOrLdapLoginId: owner.email, password: owner.password },
	});
	if (!login.ok()) throw new Error(`login: ${login.status()} ${await login.text()}`);

	return new Editor({ browser, context, page, ownBrowser, consoleErrors });
}

export class Editor {
	constructor({ browser, context, page, ownBrowser, consoleErrors }) {
		this.browser = browser;
		this.context = context;
		this.page = page;
		this.ownBrowser = ownBrowser;
		this.consoleErrors = consoleErrors;
	}

	/** Opens /workflow/new and waits for the empty canvas. */
	async newWorkflow() {
		await this.page.goto('/workflow/new');
		await this.page.locator('[data-test-id="canvas-add-button"]').waitFor({ state: 'visible' });
	}

	/** Opens an existing workflow and waits for the canvas. */
	async openWorkflow(id) {
		await this.page.goto(`/workflow/${id}`);
		await this.page.locator('[data-test-id="canvas-node"]').first().waitFor({ state: 'visible' });
	}

	/**
	 * Opens the node panel (the canvas "+" button when the canvas is empty, else the
	 * panel's own open button) and types `name` into its search. Returns the names listed
	 * (`[data-test-id="node-creator-item-name"]`), after they settle.
	 */
	async searchNode(name) {
		const { page } = this;
		const search = page.locator('[data-test-id="node-creator-search-bar"] input, [data-test-id="node-creator-search-bar"]').first();
		if (!(await search.isVisible().catch(() => false))) {
			const addButton = page.locator('[data-test-id="canvas-add-button"]');
			if (await addButton.isVisible().catch(() => false)) await addButton.click();
			else await page.locator('[data-test-id="node-creator-plus-button"]').click();
		}
		await page.keyboard.type(name, { delay: 20 });
		const items = page.locator('[data-test-id="item-iterator-item"]');
		await items.first().waitFor({ state: 'visible' });
		await page.waitForTimeout(300); // the list filters as you type
		return page.locator('[data-test-id="node-creator-item-name"]').allInnerTexts();
	}

	/** Clicks the node panel row whose name is exactly `name`. */
	async clickNodeItem(name) {
		await this.page
			.locator('[data-test-id="item-iterator-item"]')
			.filter({ has: this.page.locator('[data-test-id="node-creator-item-name"]', { hasText: name }) })
			.first()
			.click();
	}

	/** Saves a full-page screenshot as <screenshotDir>/<name>.png and returns its path. */
	async screenshot(name) {
		const file = path.join(screenshotDir(), `${name.replace(/[^\w.-]+/g, '_')}.png`);
		await this.page.screenshot({ path: file, fullPage: true });
		return file;
	}

	async close() {
		await this.context.close().catch(() => {});
		if (this.ownBrowser) await this.browser.close().catch(() => {});
	}
}
