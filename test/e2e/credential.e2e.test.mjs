// The Pivot credential's Test inside a real n8n 2.41.1 (the editor's REST call), against the
// Pivot simulator: good secrets pass; a bad secret, a bad Client ID, a Base URL that is not Pivot
// and an unreachable one fail naming the problem; a saved credential whose Client Secret was then
// changed to a wrong one fails (the stored token is not reused for other settings).
//
//   npm run build && node --test test/e2e/credential.e2e.test.mjs
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { noSecretsLeakedTest, pivotSuite } from './lib/suite.mjs';

describe("the Pivot credential's Test in a real n8n against the simulator", () => {
	// No workflow and no imported credential: each test saves its own through the REST API.
	const suite = pivotSuite({ credentials: () => [] });
	const { requests } = suite;

	it("credential Test (n8n's REST API): passes with good secrets, fails naming the problem with bad ones", async () => {
		const base = {
			environment: 'custom',
			baseUrl: suite.tap.url,
			clientId: suite.sandbox.clientId,
			clientSecret: suite.sandbox.clientSecret,
			callbackApiKey: suite.sandbox.callbackApiKey,
		};
		const test = async (name, data) => {
			const stored = await suite.rest.createCredential({ name, type: 'pivotApi', data });
			return suite.rest.testCredential({ id: stored.id });
		};
		assert.deepEqual(await test('E2E good', base), { status: 'OK', message: 'Connection successful!' });

		const badSecret = await test('E2E bad secret', { ...base, clientSecret: 'definitely-not-the-secret' });
		assert.equal(badSecret.status, 'Error');
		assert.match(badSecret.message, /Pivot rejected the Client ID or Client Secret \(HTTP 401\)/);
		assert.ok(!badSecret.message.includes('definitely-not-the-secret'));

		const badId = await test('E2E bad client id', { ...base, clientId: '00000000-0000-4000-8000-000000000000' });
		assert.equal(badId.status, 'Error');
		assert.match(badId.message, /Client ID or Client Secret/);

		const notPivot = await test('E2E not Pivot', { ...base, baseUrl: suite.n8n.baseUrl });
		assert.equal(notPivot.status, 'Error');
		assert.match(notPivot.message, /did not answer like Pivot's API \(HTTP 404 to POST \/v1\/access-token\)/);

		const unreachable = await test('E2E unreachable', { ...base, baseUrl: 'http://127.0.0.1:9' });
		assert.equal(unreachable.status, 'Error');
		assert.match(unreachable.message, /Cannot reach Pivot at http:\/\/127\.0\.0\.1:9: the connection was refused/);

		const tokenCalls = await requests('token');
		assert.ok(tokenCalls.some((r) => r.status === 401 && r.code === 'credentials_invalid'));
	});

	it(
		'credential Test after the Client Secret of a saved credential was changed to a wrong one',
		async () => {
			const data = {
				environment: 'custom',
				baseUrl: suite.tap.url,
				clientId: suite.sandbox.clientId,
				clientSecret: suite.sandbox.clientSecret,
			};
			const stored = await suite.rest.createCredential({ name: 'E2E secret changed later', type: 'pivotApi', data });
			assert.equal((await suite.rest.testCredential({ id: stored.id })).status, 'OK');
			// what the editor sends after the user pasted a wrong secret: the stored fields come back
			// as placeholders (the access token among them) and the server swaps the stored values in
			const changed = await suite.rest.testCredential({ id: stored.id, data: { clientSecret: 'a-wrong-secret' } });
			assert.equal(changed.status, 'Error', `the Test said ${JSON.stringify(changed)} with a wrong Client Secret`);
		},
	);

	it(
		'credential Test with an unreachable Base URL keeps the message that names the URL',
		async () => {
			const stored = await suite.rest.createCredential({
				name: 'E2E unreachable, named',
				type: 'pivotApi',
				data: { environment: 'custom', baseUrl: 'http://127.0.0.1:9', clientId: suite.sandbox.clientId, clientSecret: 'x' },
			});
			const result = await suite.rest.testCredential({ id: stored.id });
			assert.equal(result.status, 'Error');
			assert.match(result.message, /Cannot reach Pivot at http:\/\/127\.0\.0\.1:9/);
		},
	);

	noSecretsLeakedTest(suite, { executions: false });
});
