// One builder for the n8n workflows that the demo, the E2E, compatibility and queue suites, the
// campaign and the benchmarks import: nodes, credential references, Webhook → Rows → … chains, and
// Pivot parameters that read every field from the row.
//
// A row carries the Pivot node's own parameter names (channelCode, accountNumber, accountName,
// amount, referenceId, description, inquiryId), so a row and the parameter it feeds read alike.
// Every mapping is written `={{ $json.<name> }}`, the form Payout → Create reads from the item
// without n8n's expression isolate, which is what users who map a column get.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';

// The fields Payout → Create reads per item, by Destination (a unit test keeps this file equal to
// the node's own list).
const PAYOUT_FIELDS = JSON.parse(fs.readFileSync(new URL('./payoutFields.json', import.meta.url), 'utf8'));

export const PIVOT_NODE_TYPE = 'CUSTOM.pivot';
export const PIVOT_TRIGGER_TYPE = 'CUSTOM.pivotTrigger';
export const PIVOT_CREDENTIAL_NAME = 'Pivot account';

/**
 * A node's credentials: from a credential object ({ type, id?, name }) or, by name, a Pivot
 * credential (n8n resolves a null id by name when the workflow is imported).
 */
export function credentialRef(credential = PIVOT_CREDENTIAL_NAME) {
	if (typeof credential === 'string') return { pivotApi: { id: null, name: credential } };
	return { [credential.type]: { id: credential.id ?? null, name: credential.name } };
}

/** Any node; `extra` adds fields such as webhookId, credentials or node settings. */
export function node(name, type, typeVersion, parameters, extra = {}) {
	return { id: randomUUID(), name, type, typeVersion, position: [0, 0], parameters, ...extra };
}

const ANSWERS = {
	allEntries: { responseMode: 'lastNode', responseData: 'allEntries' },
	firstEntryJson: { responseMode: 'lastNode', responseData: 'firstEntryJson' },
	onReceived: { responseMode: 'onReceived' },
};

/**
 * n8n's Webhook node on POST /webhook/<path>. `answer`: every item of the last node (allEntries),
 * its first item (firstEntryJson), or "Workflow was started" at once (onReceived).
 */
export function webhookNode(path, { name = 'Webhook', answer = 'allEntries', parameters = {}, credentials } = {}) {
	if (!ANSWERS[answer]) throw new Error(`webhookNode: unknown answer "${answer}"`);
	return node(
		name,
		'n8n-nodes-base.webhook',
		2,
		{ httpMethod: 'POST', path, ...ANSWERS[answer], options: {}, ...parameters },
		{ webhookId: randomUUID(), ...(credentials ? { credentials } : {}) },
	);
}

/** Split Out of body.rows: one n8n item per row the webhook's caller sent. */
export function rowsNode(name = 'Rows') {
	return node(name, 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'body.rows', options: {} });
}

/** A Pivot node; `settings` are node settings (onError, retryOnFail, maxTries…). */
export function pivotNode(name, parameters, { credential, settings = {} } = {}) {
	return node(name, PIVOT_NODE_TYPE, 1, parameters, { credentials: credentialRef(credential), ...settings });
}

/** A Pivot Trigger with a fixed webhookId, so its production URL is known before n8n starts. */
export function pivotTriggerNode(webhookId, { credential, name = 'Pivot Trigger' } = {}) {
	return node(name, PIVOT_TRIGGER_TYPE, 1, { options: {} }, { webhookId, credentials: credentialRef(credential) });
}

/** The production URL of a Pivot Trigger (its webhook path is "webhook"). */
export const triggerUrl = (baseUrl, webhookId) => `${baseUrl}/webhook/${webhookId}/webhook`;

export function waitNode(name, seconds) {
	return node(name, 'n8n-nodes-base.wait', 1.1, { amount: seconds, unit: 'seconds' }, { webhookId: randomUUID() });
}

export const noOpNode = (name = 'Done') => node(name, 'n8n-nodes-base.noOp', 1, {});

export function httpRequestNode(name, parameters, { credentials } = {}) {
	return node(name, 'n8n-nodes-base.httpRequest', 4.2, { options: {}, ...parameters }, credentials ? { credentials } : {});
}

/** Nodes in a straight line, as one workflow (positions spread out). `id` when the caller needs it before import. */
export function workflow(name, nodes, { id, settings = {} } = {}) {
	const connections = {};
	nodes.forEach((n, i) => {
		n.position = [i * 220, 0];
		if (i > 0) connections[nodes[i - 1].name] = { main: [[{ node: n.name, type: 'main', index: 0 }]] };
	});
	return { ...(id ? { id } : {}), name, nodes, connections, settings: { executionOrder: 'v1', ...settings } };
}

/** Webhook (POST { rows }) → Rows → the given nodes; by default the answer is the last node's items. */
export function webhookWorkflow(path, nodes, { name = path, answer, id, settings } = {}) {
	return workflow(name, [webhookNode(path, { answer }), rowsNode(), ...nodes], { id, settings });
}

/** A resource locator value for Channel Code, from an expression or a fixed code. */
export const channel = (value) => ({ __rl: true, mode: 'id', value });

const fromRow = (name) => `={{ $json.${name} }}`;

/** Payout → Create with every field from the row; `destination` 'channel' or 'inquiry'. */
export function createFromRow({ sendAs = 'perItem', destination = 'channel', options = {} } = {}) {
	const fields = PAYOUT_FIELDS[destination];
	if (!fields) throw new Error(`createFromRow: unknown destination "${destination}"`);
	const mapped = Object.fromEntries(fields.map((name) => [name, name === 'channelCode' ? channel(fromRow(name)) : fromRow(name)]));
	return { resource: 'payout', operation: 'create', sendAs, destination, ...mapped, options };
}

/** Inquiry → Validate with the beneficiary from the row. */
export function validateFromRow(options = {}) {
	return {
		resource: 'inquiry',
		operation: 'validate',
		channelCode: channel(fromRow('channelCode')),
		accountNumber: fromRow('accountNumber'),
		accountName: fromRow('accountName'),
		options,
	};
}

/**
 * Webhook (POST { rows }) → Rows → `pivot`, whose success output (main[0]) feeds the `success`
 * chain and whose error output (main[1]) feeds the `failure` chain. n8n gives a node the error
 * output only under the setting onError 'continueErrorOutput', so `pivot` must carry it. The
 * webhook answers on receipt: with two branches no single node is the last.
 */
export function errorOutputWorkflow(path, pivot, { success = [], failure = [] } = {}, { name = path, id, settings } = {}) {
	if (pivot.onError !== 'continueErrorOutput') throw new Error(`errorOutputWorkflow: ${pivot.name} needs onError 'continueErrorOutput'`);
	const wf = workflow(name, [webhookNode(path, { answer: 'onReceived' }), rowsNode(), pivot, ...success], { id, settings });
	const link = (target) => [{ node: target.name, type: 'main', index: 0 }];
	wf.connections[pivot.name] = { main: [success.length > 0 ? link(success[0]) : [], failure.length > 0 ? link(failure[0]) : []] };
	failure.forEach((n, i) => {
		n.position = [(i + 3) * 220, 200];
		if (i > 0) wf.connections[failure[i - 1].name] = { main: [link(n)] };
	});
	wf.nodes.push(...failure);
	return wf;
}
