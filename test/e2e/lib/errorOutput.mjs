// Workflows and checks for a Pivot node under On Error = "Continue (using error output)", shared by
// test/e2e/onError.e2e.test.mjs (newest n8n) and test/compat/oldest.smoke.test.mjs (oldest n8n):
// the Pivot node's success output leads to the step that pays or books the payout ("Pay",
// "Mark paid"), its error output to "Alert". A failed row that reaches the success branch gets
// paid, so every check reads which rows each branch got from n8n's own execution record.
//
// No import of the harness (scripts/lib/n8n.mjs) here: the smoke suite chooses its n8n before
// the harness loads.
import assert from 'node:assert/strict';

import { channel, createFromRow, errorOutputWorkflow, noOpNode, pivotNode, validateFromRow } from '../../support/workflows.mjs';

const ERROR_OUTPUT = { onError: 'continueErrorOutput' };
export const RETRY_SETTINGS = { ...ERROR_OUTPUT, retryOnFail: true, maxTries: 2, waitBetweenTries: 10 };

// A node after a Pivot node no longer has the row in $json (it has the Pivot result), so the
// payout's fields are read from the Rows item the result is paired to; `keep` stay on $json.
const rowsItem = (name) => `={{ $('Rows').item.json.${name} }}`;
function payFromRows(destination, keep = []) {
	const parameters = createFromRow({ destination });
	for (const [key, value] of Object.entries(parameters)) {
		if (value === `={{ $json.${key} }}` && !keep.includes(key)) parameters[key] = rowsItem(key);
	}
	if (parameters.channelCode) parameters.channelCode = channel(rowsItem('channelCode'));
	return parameters;
}

/** The suite's workflows by key; webhook paths `<prefix>-onerr-<slug>`. */
export function errorOutputWorkflows(prefix) {
	const wf = (slug, pivot, success) =>
		errorOutputWorkflow(`${prefix}-onerr-${slug}`, pivot, { success: [success], failure: [noOpNode('Alert')] }, { name: `${prefix}: error output, ${slug}` });
	// Allow Unlisted Channel Code lets a code the node does not list (NEWBANK) reach Pivot, which refuses it (HTTP 400).
	const perItem = { ...createFromRow({ sendAs: 'perItem' }), allowUnlistedChannel: true };
	return {
		createPerItem: wf('create-per-item', pivotNode('Pivot', perItem, { settings: ERROR_OUTPUT }), noOpNode('Mark paid')),
		createPerItemRetry: wf('create-retry', pivotNode('Pivot', perItem, { settings: RETRY_SETTINGS }), noOpNode('Mark paid')),
		createBulk: wf('create-bulk', pivotNode('Pivot', createFromRow({ sendAs: 'bulk' }), { settings: ERROR_OUTPUT }), noOpNode('Mark paid')),
		validateThenPay: wf(
			'validate-then-pay',
			pivotNode('Pivot', validateFromRow({ pollIntervalSeconds: 0.2, maxWaitSeconds: 10 }), { settings: ERROR_OUTPUT }),
			pivotNode('Pay', payFromRows('inquiry', ['inquiryId'])),
		),
		balanceThenPay: wf(
			'balance-then-pay',
			pivotNode('Pivot', { resource: 'balance', operation: 'get', options: { requireAtLeast: '={{ $json.requireAtLeast }}' } }, { settings: ERROR_OUTPUT }),
			pivotNode('Pay', payFromRows('channel')),
		),
		getByReference: wf(
			'get-by-reference',
			pivotNode('Pivot', { resource: 'payout', operation: 'get', lookUpBy: 'reference', referenceId: '={{ $json.referenceId }}' }, { settings: ERROR_OUTPUT }),
			noOpNode('Mark paid'),
		),
	};
}

const link = (pairedItem) => {
	const first = Array.isArray(pairedItem) ? pairedItem[0] : pairedItem;
	return typeof first === 'number' ? { item: first } : first;
};

/**
 * The input row (index of the Rows node's item) an output item descends from, following n8n's
 * pairedItem links and each node's recorded source back to the Rows node.
 */
function rowOf(runData, nodeName, item) {
	let name = nodeName;
	let current = item;
	let run = 0;
	for (let hop = 0; hop < 10; hop++) {
		const paired = link(current.pairedItem);
		assert.ok(paired, `${name}: an output item without pairedItem: ${JSON.stringify(current.json).slice(0, 200)}`);
		const source = runData[name][run].source?.[paired.input ?? 0];
		assert.ok(source, `${name}: no recorded source for input ${paired.input ?? 0}`);
		if (source.previousNode === 'Rows') return paired.item;
		run = source.previousNodeRun ?? 0;
		current = runData[source.previousNode][run].data.main[source.previousNodeOutput ?? 0][paired.item];
		name = source.previousNode;
	}
	throw new Error(`${nodeName}: no path back to Rows`);
}

/** A node's items on `output` as n8n recorded them: { json, row }; [] when no item reached the node. */
export function branch(execution, nodeName, output = 0) {
	const runData = execution.data.resultData.runData;
	const runs = runData[nodeName];
	if (!runs) return [];
	assert.equal(runs.length, 1, `${nodeName} ran ${runs.length} times`);
	return (runs[0].data?.main?.[output] ?? []).map((item) => ({ json: item.json, row: rowOf(runData, nodeName, item) }));
}

/**
 * What every error-output run must show in n8n's record: the Pivot node's success output holds
 * exactly the rows not in `failed`, none with an `error`; its error output exactly the `failed`
 * rows, each `{ error: { message, … }, message }` plus its input row's fields (n8n adds them);
 * every row exactly once across the two; `success` (when given) and "Alert" got the same rows.
 * Returns the error items' `error` by row.
 */
export function assertRouted(execution, rows, failed, { success, createsPayouts = false } = {}) {
	assert.equal(execution.status, 'success', `execution ${execution.id} ${execution.status}: ${execution.data?.resultData?.error?.message}`);
	const all = rows.map((_, i) => i);
	const succeeded = all.filter((i) => !failed.includes(i));
	const ok = branch(execution, 'Pivot', 0);
	const bad = branch(execution, 'Pivot', 1);
	assert.deepEqual(ok.map((item) => item.row), succeeded, 'rows on the success output');
	assert.deepEqual(bad.map((item) => item.row), failed, 'rows on the error output');
	assert.deepEqual([...ok, ...bad].map((item) => item.row).sort((a, b) => a - b), all, 'every row exactly once');
	for (const item of ok) assert.equal(item.json.error, undefined, `a failed item on the success output: ${JSON.stringify(item.json).slice(0, 300)}`);
	for (const { json, row } of bad) {
		const input = rows[row];
		const keys = [...new Set(['error', 'message', ...Object.keys(input)])].sort();
		assert.deepEqual(Object.keys(json).sort(), keys, `error item of row ${row}`);
		for (const [key, value] of Object.entries(input)) assert.deepEqual(json[key], value, `row ${row}: ${key} is not the input row's`);
		assert.equal(typeof json.error?.message, 'string', `row ${row}: no error.message`);
		assert.ok(json.error.message.length > 0);
		assert.equal(json.message, json.error.message);
		if (createsPayouts) assert.ok(['notPaid', 'atPivot', 'unknown'].includes(json.error.paymentOutcome), `row ${row}: paymentOutcome ${json.error.paymentOutcome}`);
	}
	if (success) assert.deepEqual(branch(execution, success).map((item) => item.row), succeeded, `rows that reached ${success}`);
	const alerted = branch(execution, 'Alert');
	assert.deepEqual(alerted.map((item) => item.row), failed, 'rows that reached Alert');
	alerted.forEach((item, i) => assert.deepEqual(item.json, bad[i].json, 'Alert got the error item as the Pivot node left it'));
	return new Map(bad.map((item) => [item.row, item.json.error]));
}
