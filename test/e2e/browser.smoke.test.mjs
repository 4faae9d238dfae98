// Smoke test of the editor in a real browser (playwright-core + Debian's chromium):
// owner set-up, login, a new workflow, the node panel search, a screenshot.
//
//   node --test test/e2e/browser.smoke.test.mjs
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';

import { createN8n, ensureN8n, stagePackage } from '../../scripts/lib/n8n.mjs';
import { openEditor } from './lib/browser.mjs';

describe('n8n editor in chromium', () => {
	let n8n;
	let editor;

	before(async () => {
		ensureN8n({ browser: true });
		n8n = await createN8n({ customExtensionsDir: await stagePackage({ optional: true }) });
		await n8n.start();
		editor = await openEditor({ baseUrl: n8n.baseUrl });
	});

	after(async () => {
		if (editor) {
			await editor.screenshot('browser-smoke-last').catch(() => {});
			await editor.close();
		}
		await n8n?.stop();
	});

	it('opens a new workflow and finds a built-in node in the node panel', async () => {
		await editor.newWorkflow();
		const names = await editor.searchNode('Schedule');
		assert.ok(
			names.some((name) => name.includes('Schedule Trigger')),
			`Schedule Trigger not listed; got: ${names.join(', ')}`,
		);
		const file = await editor.screenshot('browser-smoke-node-search');
		assert.ok(fs.statSync(file).size > 10_000, 'screenshot looks empty');
	});
});
