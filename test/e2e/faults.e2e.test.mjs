// The Pivot node inside a real n8n 2.41.1 when things go wrong between n8n and Pivot: a create
// committed at the simulator whose answer is lost (the node's own look-up and resend, and n8n's
// Retry On Fail re-running the node), Concurrent Requests under faults and under a 429, access
// tokens that expire between nodes, and a server that echoes request headers into its errors.
// Every money claim is checked at the simulator: exactly one payout per Reference ID.
//
//   npm run build && node --test test/e2e/faults.e2e.test.mjs
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { nodeOutput } from '../../scripts/lib/n8n.mjs';
import { TOKEN_SHARING_WINDOW_MS } from '../support/pivot.mjs';
import { concurrentCreatesUnderFaults, rateLimitedInquiries } from './lib/concurrency.mjs';
import { assertSucceeded, noSecretsLeakedTest, payoutRow, payoutsPerReference, pick, pivotSuite } from './lib/suite.mjs';
import { suiteWorkflows } from './lib/workflows.mjs';

const WORKFLOWS = [
	'createSelfRecover',
	'createRetryOnFail',
	'createConcurrent',
	'validateConcurrent',
	'longRun',
	'balance',
	'validate',
	'createContinue',
	'getByReference',
];

describe('the Pivot node in a real n8n when answers are lost, late, refused or echoed', () => {
	const suite = pivotSuite({
		// The long run's nodes use a credential of their own, so its first token is issued under the short lifetime.
		credentials: (data) => [
			{ name: 'Pivot account', type: 'pivotApi', data },
			{ name: 'Pivot token test', type: 'pivotApi', data },
		],
		workflows: pick(suiteWorkflows({ tokenCredential: 'Pivot token test' }).workflows, WORKFLOWS),
		activate: WORKFLOWS,
	});
	const { run, control, requests } = suite;

	it('commit-then-drop on create (Retry On Fail on): the node finds the committed payout; exactly one payout per reference', async () => {
		await control('faults', 'POST', { route: 'createPayout', kind: 'dropAfterCommit', count: 1 });
		const rows = [payoutRow('E2E-DROP-1'), payoutRow('E2E-DROP-2'), payoutRow('E2E-DROP-3')];
		const output = assertSucceeded(await run('createSelfRecover', rows));
		assert.deepEqual(
			output.map((item) => [item.referenceId, item.recovered]),
			[
				['E2E-DROP-1', true],
				['E2E-DROP-2', false],
				['E2E-DROP-3', false],
			],
		);
		const payouts = await control('payouts');
		assert.deepEqual(payoutsPerReference(payouts), { 'E2E-DROP-1': 1, 'E2E-DROP-2': 1, 'E2E-DROP-3': 1 });
		assert.equal(output[0].requestUuid, payouts.find((p) => p.referenceId === 'E2E-DROP-1').requestUuid);

		const creates = await requests('createPayout');
		const dropped = creates.filter((r) => r.dropped);
		assert.equal(dropped.length, 1, 'the fault did not fire');
		assert.equal(dropped[0].fault, 'dropAfterCommit');
		const sameKey = creates.filter((r) => r.xRequestId === dropped[0].xRequestId);
		assert.equal(sameKey.length, 2, 'the dropped request was not resent with the same X-REQUEST-ID');
		assert.equal(sameKey[1].replay, true, 'the resend was not answered as a replay');
		assert.ok((await requests('getPayout')).some((r) => r.path === '/v1/payouts/E2E-DROP-1' && r.query.type === 'single'));
	});

	it("commit-then-drop while the look-up fails too: n8n's Retry On Fail re-runs the node, Pivot replays; exactly one payout per reference", async () => {
		await control('faults', 'POST', { route: 'createPayout', kind: 'dropAfterCommit', count: 1 });
		await control('faults', 'POST', { route: 'getPayout', kind: 'status', status: 503, count: 1 });
		const rows = [payoutRow('E2E-RETRY-1'), payoutRow('E2E-RETRY-2')];
		const output = assertSucceeded(await run('createRetryOnFail', rows));
		assert.deepEqual(
			output.map((item) => item.referenceId),
			['E2E-RETRY-1', 'E2E-RETRY-2'],
		);

		const payouts = await control('payouts');
		assert.deepEqual(payoutsPerReference(payouts), { 'E2E-RETRY-1': 1, 'E2E-RETRY-2': 1 });

		const log = await control('requests');
		const creates = log.filter((r) => r.route === 'createPayout');
		const dropped = creates.find((r) => r.dropped);
		assert.ok(dropped, 'the fault did not fire');
		const lookup = log.find((r) => r.route === 'getPayout' && r.status === 503);
		assert.ok(lookup, 'the look-up fault did not fire');
		const resend = creates.find((r) => r.id > dropped.id && r.xRequestId === dropped.xRequestId);
		assert.ok(resend, 'no resend with the same X-REQUEST-ID');
		assert.equal(resend.replay, true);
		// the resend came from n8n's Retry On Fail (Wait Between Tries 1000 ms), not from the node itself
		const gap = Date.parse(resend.at) - Date.parse(lookup.at);
		assert.ok(gap >= 900, `resend ${gap} ms after the failed look-up: not n8n's Retry On Fail`);
		assert.equal(output[0].requestUuid, payouts.find((p) => p.referenceId === 'E2E-RETRY-1').requestUuid);
	});

	it('Concurrent Requests 8: 50 per-item creates under faults (drop after commit, 500, failing look-up), Retry On Fail: one payout per reference, order and pairing kept', async () => {
		await concurrentCreatesUnderFaults({ run, control, payoutRow });
	});

	it('Concurrent Requests 8: a 429 with Retry-After pauses every request of the run; all inquiries succeed', async () => {
		await rateLimitedInquiries({ run, control });
	});

	it('access tokens that live 2 s, with 2.1 s waits between the Pivot nodes: refreshed when refused, no failed item', async () => {
		await control('config', 'POST', { tokenLifetimeSeconds: 2 });
		// so that this credential's first token is its own, issued under the 2 s lifetime
		await sleep(TOKEN_SHARING_WINDOW_MS);
		const rows = [payoutRow('E2E-TOKEN-1'), payoutRow('E2E-TOKEN-2'), payoutRow('E2E-TOKEN-3')];
		const started = Date.now();
		const result = await run('longRun', rows);
		const elapsed = Date.now() - started;
		assert.ok(elapsed > 6 * 1000, `the run took only ${elapsed} ms`);
		for (const name of ['Balance', 'Validate', 'Create']) assert.equal(assertSucceeded(result, name).length, 3, name);
		const got = assertSucceeded(result, 'Get');
		assert.deepEqual(
			got.map((item) => [item.referenceId, item.status]),
			rows.map((row) => [row.referenceId, 'SUCCESS']),
		);

		const stats = await control('stats');
		// one token per Pivot node: each one finds the previous token expired
		assert.ok(stats.tokensIssued >= 4, `only ${stats.tokensIssued} token(s) issued in a run of ${elapsed} ms`);
		const log = await control('requests');
		const refused = log.filter((r) => r.code === 'credentials_invalid');
		assert.ok(refused.length >= 3, `expired tokens were refused ${refused.length} time(s)`);
		for (const r of refused) {
			const next = log.find((x) => x.id > r.id && x.route === r.route && x.path === r.path);
			assert.ok(next && next.status === 200, `${r.method} ${r.path} refused for its token and not resent successfully`);
		}
		assert.ok(
			log.every((r) => r.status === 200 || r.code === 'credentials_invalid'),
			`unexpected answers: ${JSON.stringify(log.filter((r) => r.status !== 200))}`,
		);
		assert.equal((await control('payouts')).length, 3);
	});

	it('a server that echoes request headers into its errors: the answers reach n8n, the token does not (checked by the scan below)', async () => {
		for (const route of ['balance', 'inquiry', 'createPayout', 'getPayout']) {
			await control('faults', 'POST', { route, kind: 'echoHeaders', status: 400, count: 1 });
		}
		const balance = await run('balance', [{}]);
		const validate = await run('validate', [{ channelCode: 'BCA', accountNumber: '999966660001', accountName: 'Dummy Simulation' }]);
		const create = await run('createContinue', [payoutRow('E2E-ECHO-1')]);
		const get = await run('getByReference', [{ referenceId: 'E2E-ECHO-1' }]);
		const echoed = (await requests()).filter((r) => r.fault === 'echoHeaders');
		assert.deepEqual(echoed.map((r) => r.route).sort(), ['balance', 'createPayout', 'getPayout', 'inquiry']);
		assert.match(nodeOutput(balance.execution, 'Pivot')[0].error, /wrong format/);
		assert.equal(validate.execution.status, 'error');
		assert.equal(get.execution.status, 'error');
		const [failed] = nodeOutput(create.execution, 'Pivot');
		assert.equal(failed.paymentOutcome, 'notPaid');
		assert.match(failed.errorDescription, /Headers received: .*authorization: \[redacted\]/);
		assert.deepEqual(await control('payouts'), []);
	});

	noSecretsLeakedTest(suite);
});
