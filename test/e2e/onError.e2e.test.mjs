// The Pivot node under Settings → On Error = "Continue (using error output)" inside a real n8n
// 2.41.1, against the Pivot simulator: the node's success output leads to the step that pays or
// books ("Pay", "Mark paid"), its error output to "Alert" (lib/errorOutput.mjs). A failed row on
// the success output is a row the workflow pays, so each test reads from n8n's own execution
// record which rows each branch got (paired back to the input rows), and from the simulator which
// payouts exist and which create requests arrived.
//
//   npm run build && node --test --test-concurrency=1 test/e2e/onError.e2e.test.mjs
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { assertRouted, branch, errorOutputWorkflows } from './lib/errorOutput.mjs';
import { noSecretsLeakedTest, payoutRow, pivotSuite } from './lib/suite.mjs';

const WORKFLOWS = errorOutputWorkflows('e2e');
const REFUSED = { channelCode: 'NEWBANK' };
// The simulator's magic account; its bank record holds the name "Dummy Simulation".
const VALID = { channelCode: 'BCA', accountNumber: '999966660001', accountName: 'Dummy Simulation' };

describe('Pivot node with On Error "Continue (using error output)" in a real n8n', () => {
	const suite = pivotSuite({ workflows: WORKFLOWS, activate: Object.keys(WORKFLOWS) });
	const { run, control, requests } = suite;
	const paidReferences = async () => (await control('payouts')).map((p) => p.referenceId).sort();

	it('Payout → Create, one request per item: the row Pivot refuses reaches Alert as notPaid, the others Mark paid', async () => {
		const rows = [payoutRow('ONERR-C0'), payoutRow('ONERR-C1', REFUSED), payoutRow('ONERR-C2', { amount: 20000 })];
		const { execution } = await run('createPerItem', rows);
		const claims = assertRouted(execution, rows, [1], { success: 'Mark paid', createsPayouts: true });
		const claim = claims.get(1);
		assert.equal(claim.paymentOutcome, 'notPaid');
		assert.equal(claim.referenceId, 'ONERR-C1');
		assert.equal(claim.notSent, false);
		assert.match(claim.message, /Pivot does not support this channel code \(not paid\)/);

		const creates = await requests('createPayout');
		assert.deepEqual(creates.map((r) => r.status).sort(), [200, 200, 400]);
		assert.equal(creates.find((r) => r.status === 400).xRequestId, claim.requestId, "the claim names its refused request's X-REQUEST-ID");
		assert.deepEqual(await paidReferences(), ['ONERR-C0', 'ONERR-C2']);
		const payouts = await control('payouts');
		for (const { json } of branch(execution, 'Mark paid')) {
			assert.equal(payouts.find((p) => p.referenceId === json.referenceId)?.requestUuid, json.requestUuid);
		}
	});

	it('Retry On Fail with the error output: a refused first row does not re-run the node (no extra create request)', async () => {
		const rows = [payoutRow('ONERR-R0', REFUSED), payoutRow('ONERR-R1'), payoutRow('ONERR-R2')];
		const { execution } = await run('createPerItemRetry', rows);
		const claims = assertRouted(execution, rows, [0], { success: 'Mark paid', createsPayouts: true });
		assert.equal(claims.get(0).paymentOutcome, 'notPaid');
		const creates = await requests('createPayout');
		assert.equal(creates.length, 3, 'one create request per row: n8n did not retry the node');
		assert.equal(new Set(creates.map((r) => r.xRequestId)).size, 3);
		assert.ok(creates.every((r) => !r.replay));
		assert.deepEqual(await paidReferences(), ['ONERR-R1', 'ONERR-R2']);

		// Every row refused: now n8n does retry (so the setting is live in this workflow), and the row still ends on Alert.
		await control('reset', 'POST');
		const alone = [payoutRow('ONERR-R3', REFUSED)];
		const retried = await run('createPerItemRetry', alone);
		assert.equal(assertRouted(retried.execution, alone, [0], { success: 'Mark paid', createsPayouts: true }).get(0).paymentOutcome, 'notPaid');
		const again = await requests('createPayout');
		assert.equal(again.length, 2, 'maxTries 2: the node ran twice');
		assert.equal(new Set(again.map((r) => r.xRequestId)).size, 1, 'the retry sent the same X-REQUEST-ID');
		assert.deepEqual(await paidReferences(), []);
	});

	it('Payout → Create in bulk: a bad row sends nothing and every row reaches Alert (notSent); a good bulk reaches Mark paid', async () => {
		const bad = [payoutRow('ONERR-B0'), payoutRow('ONERR-B1', { amount: '1.000' }), payoutRow('ONERR-B2')];
		const claims = assertRouted((await run('createBulk', bad)).execution, bad, [0, 1, 2], { success: 'Mark paid', createsPayouts: true });
		for (const [row, claim] of claims) {
			assert.equal(claim.paymentOutcome, 'notPaid', `row ${row}`);
			assert.equal(claim.notSent, true, `row ${row}`);
		}
		assert.equal((await requests('createPayout')).length, 0);
		assert.deepEqual(await paidReferences(), []);

		const good = [payoutRow('ONERR-P0'), payoutRow('ONERR-P1', { amount: 60000 })];
		const { execution } = await run('createBulk', good);
		assertRouted(execution, good, [], { success: 'Mark paid', createsPayouts: true });
		assert.equal((await requests('createPayout')).length, 1);
		assert.deepEqual(await paidReferences(), ['ONERR-P0', 'ONERR-P1']);
		const uuids = new Set((await control('payouts')).map((p) => p.requestUuid));
		assert.deepEqual([...uuids], [...new Set(branch(execution, 'Mark paid').map((item) => item.json.requestUuid))]);
	});

	it('Account Inquiry → Validate → Pay (Create by Inquiry ID): WARNING and INVALID rows reach Alert and are not paid', async () => {
		const rows = [
			payoutRow('ONERR-V0', VALID),
			payoutRow('ONERR-V1', { ...VALID, accountName: 'Reforza Pivot' }), // a name mismatch: WARNING
			payoutRow('ONERR-V2', { ...VALID, amount: 30000 }),
			payoutRow('ONERR-V3', { channelCode: 'BRI', accountNumber: '123456789012', accountName: 'Nobody Here' }), // INVALID
		];
		const { execution } = await run('validateThenPay', rows);
		const claims = assertRouted(execution, rows, [1, 3], { success: 'Pay' });
		assert.match(claims.get(1).message, /the name does not match the bank's record/);
		assert.match(claims.get(3).message, /is INVALID/);

		const validated = branch(execution, 'Pivot', 0).map((item) => item.json.inquiryId);
		const inquiryPosts = (await requests('inquiry')).filter((r) => r.method === 'POST');
		assert.equal(inquiryPosts.length, 4, 'one inquiry per row');
		assert.deepEqual(await paidReferences(), ['ONERR-V0', 'ONERR-V2']);
		assert.equal((await requests('createPayout')).length, 2, 'a create request for the WARNING or INVALID row');
		const payouts = await control('payouts');
		assert.deepEqual(payouts.map((p) => p.inquiryId).sort(), [...validated].sort(), 'a payout to an inquiry that did not pass');
		assert.deepEqual(branch(execution, 'Pay').map((item) => item.json.referenceId), ['ONERR-V0', 'ONERR-V2']);
	});

	it('Balance → Get with Require at Least → Pay: the rows short of balance reach Alert, no create request for them', async () => {
		const rows = [
			payoutRow('ONERR-BAL-0', { requireAtLeast: '5000000000' }),
			payoutRow('ONERR-BAL-1', { requireAtLeast: '1000' }),
			payoutRow('ONERR-BAL-2', { requireAtLeast: '5000000000' }),
		];
		const { execution } = await run('balanceThenPay', rows);
		const claims = assertRouted(execution, rows, [0, 2], { success: 'Pay' });
		assert.match(claims.get(0).message, /Insufficient Pivot balance/);
		assert.equal((await requests('balance')).length, 3);
		assert.equal((await requests('createPayout')).length, 1);
		assert.deepEqual(await paidReferences(), ['ONERR-BAL-1']);
	});

	it('Payout → Get by Reference ID: the reference Pivot does not know reaches Alert, the known one Mark paid', async () => {
		const made = [payoutRow('ONERR-G0')];
		assertRouted((await run('createPerItem', made)).execution, made, [], { success: 'Mark paid', createsPayouts: true });
		const rows = [{ referenceId: 'ONERR-G0' }, { referenceId: 'ONERR-G-MISSING' }];
		const { execution } = await run('getByReference', rows);
		const claims = assertRouted(execution, rows, [1], { success: 'Mark paid' });
		assert.match(claims.get(1).message, /Pivot holds no payout under "ONERR-G-MISSING"/);
		const [found] = branch(execution, 'Mark paid');
		assert.equal(found.json.referenceId, 'ONERR-G0');
		const gets = await requests('getPayout');
		assert.deepEqual(gets.map((r) => r.path).sort(), ['/v1/payouts/ONERR-G-MISSING', '/v1/payouts/ONERR-G0']);
		assert.deepEqual(await paidReferences(), ['ONERR-G0']);
	});

	noSecretsLeakedTest(suite);
});
