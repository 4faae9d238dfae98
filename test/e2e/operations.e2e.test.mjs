// Every operation of the Pivot node inside a real n8n 2.41.1, against the Pivot simulator:
// Balance → Get, Account Inquiry → Validate and → Get, Payout → Create (per item, by Inquiry ID,
// in bulk, 2,500 rows) and Payout → Get (its three look-ups, with paging), and Create refusing an
// amount above its cap before anything is sent.
//
//   npm run build && node --test test/e2e/operations.e2e.test.mjs
//
// Each operation runs through a small webhook workflow on the running server (one HTTP call each,
// see lib/workflows.mjs). What each test asserts is checked at the simulator (its inspection API:
// requests, payouts) and in n8n's own execution data (REST), never only in what a node says.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { nodeOutput } from '../../scripts/lib/n8n.mjs';
import { waitFor } from '../support/pivot.mjs';
import { assertSucceeded, noSecretsLeakedTest, payoutRow, pick, pivotSuite } from './lib/suite.mjs';
import { suiteWorkflows } from './lib/workflows.mjs';

const WORKFLOWS = [
	'balance',
	'validate',
	'inquiryGet',
	'createByInquiry',
	'createPerItem',
	'createBulk',
	'createCapped',
	'getByUuid',
	'getByUuidLimit',
	'getByUuidAndReference',
	'getByReference',
];

describe('every operation of the Pivot node in a real n8n against the simulator', () => {
	const suite = pivotSuite({ workflows: pick(suiteWorkflows().workflows, WORKFLOWS), activate: WORKFLOWS });
	const { run, control, requests } = suite;

	it('Balance → Get returns the balance; Require at Least fails the item that asks for more', async () => {
		const result = await run('balance', [{ requireAtLeast: '150000' }, { requireAtLeast: '5000000000' }]);
		assert.equal(result.execution.status, 'success');
		const [enough, short] = nodeOutput(result.execution, 'Pivot');
		assert.deepEqual(enough, {
			currency: 'IDR',
			value: '1000000000.00',
			amount: 1_000_000_000,
			requiredAtLeast: 150000,
			sufficient: true,
		});
		assert.match(short.error, /Insufficient Pivot balance: Rp 1,000,000,000 available, Rp 5,000,000,000 required/);
		const balanceCalls = await requests('balance');
		assert.equal(balanceCalls.length, 2);
		assert.ok(balanceCalls.every((r) => r.status === 200 && r.query.currency === 'IDR'));
	});

	it('Account Inquiry → Validate (VALID, WARNING, INVALID passed on, PENDING waited for) and → Get', async () => {
		const rows = [
			{ channelCode: 'BCA', accountNumber: '999966660001', accountName: 'Dummy Simulation' },
			{ channelCode: 'BNI', accountNumber: '90016666001', accountName: 'Budi Santoso' },
			{ channelCode: 'BRI', accountNumber: '123456789012', accountName: 'Nobody Here' },
			{ channelCode: 'MANDIRI', accountNumber: '999966669999', accountName: 'Dummy Simulation' },
		];
		const result = await run('validate', rows);
		const [valid, warning, invalid, pending] = assertSucceeded(result);
		assert.equal(valid.status, 'VALID');
		assert.equal(valid.nameMatches, true);
		assert.match(valid.inquiryId, /^[0-9a-f-]{36}$/);
		assert.deepEqual([valid.channelCode, valid.accountNumber, valid.accountName], ['BCA', '999966660001', 'Dummy Simulation']);
		assert.equal(warning.status, 'WARNING');
		assert.equal(warning.nameMatches, false);
		assert.equal(warning.bankRecordName, 'Sdr. Dummy Account Success');
		assert.equal(invalid.status, 'INVALID');
		assert.equal(pending.status, 'VALID', 'the PENDING inquiry was not waited for');

		const inquiryCalls = await requests('inquiry');
		assert.equal(inquiryCalls.filter((r) => r.method === 'POST').length, 4);
		const polls = inquiryCalls.filter((r) => r.method === 'GET');
		assert.ok(polls.length >= 1, 'no GET /v1/inquiry-account/{id} while PENDING');
		assert.ok(polls.every((r) => r.path === `/v1/inquiry-account/${pending.inquiryId}`));

		const got = await run('inquiryGet', [{ inquiryId: valid.inquiryId }, { inquiryId: warning.inquiryId }]);
		const [validAgain, warningAgain] = assertSucceeded(got);
		assert.deepEqual([validAgain.inquiryId, validAgain.status], [valid.inquiryId, 'VALID']);
		assert.deepEqual([warningAgain.inquiryId, warningAgain.status], [warning.inquiryId, 'WARNING']);
		assert.equal(warningAgain.bankRecordName, 'Sdr. Dummy Account Success');
	});

	it('Payout → Create, one request per item: by Inquiry ID and by Channel', async () => {
		const validated = assertSucceeded(
			await run('validate', [{ channelCode: 'BCA', accountNumber: '999966660001', accountName: 'Dummy Simulation' }]),
		);
		const inquiryId = validated[0].inquiryId;
		const [byInquiry] = assertSucceeded(
			await run('createByInquiry', [{ inquiryId, amount: 150000, referenceId: 'E2E-INQ-1', description: 'By inquiry' }]),
		);
		assert.equal(byInquiry.referenceId, 'E2E-INQ-1');
		assert.equal(byInquiry.inquiryId, inquiryId);
		assert.equal(byInquiry.requestStatus, 'IN_PROGRESS');
		assert.deepEqual(byInquiry.amount, { value: '150000', number: 150000, currency: 'IDR' });
		assert.match(byInquiry.requestId, /^[0-9a-f]{32}$/);

		const byChannel = assertSucceeded(
			await run('createPerItem', [
				payoutRow('E2E-CH-1'),
				payoutRow('E2E-CH-2', { channelCode: 'GOPAY', accountNumber: '+6281299990001', accountName: 'Siti Rahma', amount: 20000 }),
			]),
		);
		assert.deepEqual(
			byChannel.map((item) => item.referenceId),
			['E2E-CH-1', 'E2E-CH-2'],
		);
		assert.notEqual(byChannel[0].requestUuid, byChannel[1].requestUuid, 'per item means one request each');

		const creates = await requests('createPayout');
		assert.equal(creates.length, 3);
		assert.ok(creates.every((r) => r.status === 200 && !r.replay));
		assert.equal(new Set(creates.map((r) => r.xRequestId)).size, 3);
		const payouts = await control('payouts');
		const byRef = Object.fromEntries(payouts.map((p) => [p.referenceId, p]));
		assert.deepEqual(Object.keys(byRef).sort(), ['E2E-CH-1', 'E2E-CH-2', 'E2E-INQ-1']);
		assert.equal(byRef['E2E-INQ-1'].inquiryId, inquiryId);
		assert.equal(byRef['E2E-INQ-1'].amount, '150000');
		assert.equal(byRef['E2E-INQ-1'].requestUuid, byInquiry.requestUuid);
		assert.deepEqual(
			[byRef['E2E-CH-2'].channelCode, byRef['E2E-CH-2'].accountNumber, byRef['E2E-CH-2'].accountName, byRef['E2E-CH-2'].amount],
			['GOPAY', '+6281299990001', 'Siti Rahma', '20000'],
		);
	});

	it('Payout → Create in bulk, then Payout → Get by Request UUID (Return All / Limit), by UUID and Reference ID, by Reference ID', async () => {
		const rows = [
			payoutRow('E2E-GET-1'),
			payoutRow('E2E-GET-2', { channelCode: 'MANDIRI', accountNumber: '999966660004', amount: 60000 }),
			payoutRow('E2E-GET-3', { channelCode: 'BRI', accountNumber: '999966660002', amount: 70000 }), // inactive: FAILED later
		];
		const created = assertSucceeded(await run('createBulk', rows));
		assert.deepEqual(
			created.map((item) => item.referenceId),
			rows.map((row) => row.referenceId),
		);
		const uuid = created[0].requestUuid;
		assert.ok(created.every((item) => item.requestUuid === uuid), 'bulk means one request');
		assert.equal((await requests('createPayout')).length, 1);
		await waitFor('the payouts to settle', async () => (await control('stats')).settled);

		const all = assertSucceeded(await run('getByUuid', [{ uuid }]));
		assert.deepEqual(
			all.map((item) => [item.referenceId, item.status, item.isFinal]).sort(),
			[
				['E2E-GET-1', 'SUCCESS', true],
				['E2E-GET-2', 'SUCCESS', true],
				['E2E-GET-3', 'FAILED', true],
			],
		);
		const failed = all.find((item) => item.status === 'FAILED');
		assert.equal(failed.reason, 'Inactive account');
		assert.equal(failed.retry, 'doNotRetry');
		assert.ok(all.every((item) => item.requestUuid === uuid && item.requestStatus === 'DONE'));
		assert.equal(all[0].totals.totalSuccessCount, 2);
		assert.equal(all[0].totals.totalFailedCount, 1);

		const limited = assertSucceeded(await run('getByUuidLimit', [{ uuid }]));
		assert.equal(limited.length, 2);

		const [one] = assertSucceeded(await run('getByUuidAndReference', [{ uuid, referenceId: 'E2E-GET-2' }]));
		assert.deepEqual(
			[one.referenceId, one.status, one.channelCode, one.accountNumber, one.amount.value],
			['E2E-GET-2', 'SUCCESS', 'MANDIRI', '999966660004', '60000'],
		);

		const byRef = assertSucceeded(await run('getByReference', [{ referenceId: 'E2E-GET-3' }]));
		assert.equal(byRef.length, 1);
		assert.deepEqual([byRef[0].referenceId, byRef[0].status, byRef[0].reason], ['E2E-GET-3', 'FAILED', 'Inactive account']);

		const gets = await requests('getPayout');
		assert.ok(gets.some((r) => r.path === `/v1/payouts/${uuid}` && r.query.referenceId === 'E2E-GET-2'));
		assert.ok(gets.some((r) => r.path === '/v1/payouts/E2E-GET-3' && r.query.type === 'single'));
	});

	it('bulk of 2,500 items: 3 create requests (1000 + 1000 + 500), 2,500 payouts, results paired to their items', async () => {
		const rows = Array.from({ length: 2500 }, (_, i) =>
			payoutRow(`E2E-BULK-${String(i).padStart(4, '0')}`, { amount: 10000 + i, description: `Row ${i}` }),
		);
		const result = await run('createBulk', rows);
		const output = assertSucceeded(result);
		assert.equal(output.length, 2500);
		output.forEach((item, i) => {
			assert.equal(item.referenceId, rows[i].referenceId, `item ${i} is not paired to its row`);
			assert.equal(item.amount.value, String(rows[i].amount));
		});

		const creates = await requests('createPayout');
		assert.equal(creates.length, 3);
		assert.ok(creates.every((r) => r.status === 200));
		const payouts = await control('payouts');
		assert.equal(payouts.length, 2500);
		assert.equal(new Set(payouts.map((p) => p.referenceId)).size, 2500);
		const sizes = {};
		for (const p of payouts) sizes[p.requestUuid] = (sizes[p.requestUuid] ?? 0) + 1;
		assert.deepEqual(Object.values(sizes).sort((a, b) => a - b), [500, 1000, 1000]);
		for (const item of output) {
			const stored = payouts.find((p) => p.referenceId === item.referenceId);
			assert.equal(stored.requestUuid, item.requestUuid);
		}

		// Return All pages through a 1000-payout request, 100 per page
		await waitFor('the payouts to settle', async () => (await control('stats')).settled, { timeoutMs: 30_000 });
		const firstUuid = output[0].requestUuid;
		const all = assertSucceeded(await run('getByUuid', [{ uuid: firstUuid }]));
		assert.equal(all.length, 1000);
		assert.equal(new Set(all.map((item) => item.referenceId)).size, 1000);
		assert.ok(all.every((item) => item.status === 'SUCCESS'));
		const pages = (await requests('getPayout')).filter((r) => r.path === `/v1/payouts/${firstUuid}`);
		assert.deepEqual(
			pages.map((r) => Number(r.query.page)),
			[1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
		);
	});

	it('a Maximum Amount expression that gives text, and an amount above the default cap: no create request', async () => {
		const capped = await run('createCapped', [payoutRow('E2E-CAP-1', { amount: 900_000_000, cap: 'none' })]);
		assert.equal(capped.execution.status, 'error');
		const message = capped.execution.data.resultData.error.message;
		assert.match(message, /^Item 1 \(index 0\): Option "Maximum Amount" must be a number, got "none"\. Nothing was sent/);
		const over = await run('createPerItem', [payoutRow('E2E-CAP-2', { amount: 250_000_001 })]);
		assert.equal(over.execution.status, 'error');
		assert.match(over.execution.data.resultData.error.message, /Item 1 \(index 0\): Amount Rp 250,000,001 is above the maximum of Rp 250,000,000/);
		assert.equal((await requests('createPayout')).length, 0);
		assert.deepEqual(await control('payouts'), []);
	});

	noSecretsLeakedTest(suite);
});
