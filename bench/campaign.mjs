// Safety campaign R1–R5, in a real n8n 2.41.1 against the Pivot simulator (loopback).
//
//   npm run campaign                      # --size small (CI): 100 payouts in R1, a few minutes
//   npm run campaign -- --size full       # the issue's sizes: 1,000 payouts in R1
//   node bench/campaign.mjs [--size small|full] [--only R1,R3] [--keep-going]
//
// R1C is R1 again with Concurrent Requests = 8 (issue 14): same faults, same checks, its own references.
//
// Every figure comes from the simulator's inspection API (/_sandbox/payouts, requests, callbacks,
// stats, tokens) or from n8n's own records (executions over REST, its log, its database file),
// never from what the node says about itself. Exit code 1 when any check fails. Writes
// artifacts/campaign/campaign-<size>-<date>.json; a full-size run also bench/results/campaign-full.json.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';

import { n8nId } from '../scripts/lib/n8n.mjs';
import {
	allExecutions,
	artifactsDir,
	callWebhook,
	chain,
	createPayoutParameters,
	credentialRef,
	executionCount,
	issueToken,
	machineInfo,
	mixedCaseKey,
	payoutRows,
	pivotCredential,
	pivotItem,
	pivotNode,
	printed,
	printTable,
	REPO_ROOT,
	routeDelta,
	runAndRecord,
	say,
	simStats,
	sleep,
	splitOutNode,
	startStack,
	verdict,
	webhookNode,
	writeJson,
} from './lib.mjs';

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------------------
// Arguments and sizes
// ---------------------------------------------------------------------------------------
const argv = process.argv.slice(2);
const value = (name, fallback) => {
	const eq = argv.find((a) => a.startsWith(`--${name}=`));
	if (eq) return eq.slice(name.length + 3);
	const i = argv.indexOf(`--${name}`);
	return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const SIZE = value('size', 'small');
if (!['small', 'full'].includes(SIZE)) {
	console.error(`--size must be small or full, not "${SIZE}"`);
	process.exit(2);
}
const SECTIONS = ['R1', 'R1C', 'R2', 'R3', 'R4', 'R5'];
const ONLY = new Set(String(value('only', SECTIONS.join(','))).toUpperCase().split(','));
const SIZES = {
	small: { r1Payouts: 100, r1PerExecution: 50, r2Items: 150 },
	full: { r1Payouts: 1000, r1PerExecution: 50, r2Items: 600 },
}[SIZE];

/** Faults injected during R1 (rates are per request on the route; seeded, so reproducible). */
const R1_FAULTS = [
	{ route: 'createPayout', kind: 'dropAfterCommit', rate: 0.05, seed: 101 }, // commit, then drop
	{ route: 'createPayout', kind: 'dropBeforeCommit', rate: 0.04, seed: 102 }, // connection reset
	{ route: 'createPayout', kind: 'timeoutAfterCommit', latencyMs: 2500, rate: 0.02, seed: 103 }, // > node timeout
	{ route: 'createPayout', kind: 'status', status: 500, rate: 0.02, seed: 104 },
	{ route: 'createPayout', kind: 'status', status: 502, rate: 0.02, seed: 105 },
	{ route: 'createPayout', kind: 'status', status: 503, rate: 0.02, seed: 106 },
	{ route: 'createPayout', kind: 'status', status: 408, rate: 0.03, seed: 107 },
	{ route: 'getPayout', kind: 'status', status: 503, rate: 0.08, seed: 108 }, // the look-up fails too
	{ route: 'getPayout', kind: 'dropBeforeCommit', rate: 0.04, seed: 109 },
];
// One attempt per node run (Attempts on No Answer = 1), so node runs do fail and n8n's Retry On
// Fail and the re-run of failed executions are exercised, not only the node's own resend.
const R1_NODE_OPTIONS = { maxAttempts: 1, retryDelaySeconds: 0.2, timeoutSeconds: 2 };
const R1_RETRY_ON_FAIL = { retryOnFail: true, maxTries: 3, waitBetweenTries: 200 };
const R1C_CONCURRENCY = 8;

const tag = randomBytes(3).toString('hex');
const results = { issue: 7, kind: 'campaign', size: SIZE, machine: machineInfo(), checks: {} };
const ids = {};
const failures = [];

function check(section, name, ok, detail = {}) {
	results.checks[section] ??= [];
	results.checks[section].push({ check: name, pass: Boolean(ok), ...detail });
	if (!ok) failures.push(`${section}: ${name}`);
	return ok;
}

function printChecks(section, title) {
	printTable(
		title,
		[
			{ key: 'check', label: 'check' },
			{ key: 'value', label: 'measured' },
			{ key: 'target', label: 'target' },
			{ key: 'result', label: 'result' },
		],
		(results.checks[section] ?? []).map((c) => ({ ...c, result: verdict(c.pass) })),
	);
}

// ---------------------------------------------------------------------------------------
// R1: the exactly-once checker (pure, so it can be shown to fail on bad data)
// ---------------------------------------------------------------------------------------
/**
 * expected: Map referenceId → amount string; payouts: the simulator's payout records;
 * creates: the simulator's create-payout request records of the run.
 */
function exactlyOnce({ expected, payouts, creates }) {
	const byReference = new Map();
	for (const p of payouts) {
		if (!byReference.has(p.referenceId)) byReference.set(p.referenceId, []);
		byReference.get(p.referenceId).push(p);
	}
	const duplicates = [...byReference].filter(([, list]) => list.length > 1).map(([ref]) => ref);
	const missing = [...expected.keys()].filter((ref) => !byReference.has(ref));
	const extra = [...byReference.keys()].filter((ref) => !expected.has(ref));
	const wrongAmount = [...byReference].filter(([ref, list]) => expected.has(ref) && list.some((p) => p.amount !== expected.get(ref))).map(([ref]) => ref);
	// every create request must carry the key of the one payout it is about: a key that never
	// became a payout means a resend with another key (a possible second payment elsewhere)
	const payoutKeys = new Set(payouts.map((p) => p.xRequestId));
	const strayKeys = [...new Set(creates.map((r) => r.xRequestId))].filter((key) => !payoutKeys.has(key));
	const conflicts = creates.filter((r) => r.status === 409 || r.code === 'resource_already_exists' || r.code === 'request_id_exists').length;
	const perReference = byReference.size ? Math.max(...[...byReference.values()].map((l) => l.length)) : 0;
	return {
		payouts: payouts.length,
		references: byReference.size,
		maxPerReference: perReference,
		duplicates: duplicates.length,
		missing: missing.length,
		extra: extra.length,
		wrongAmount: wrongAmount.length,
		strayKeys: strayKeys.length,
		conflicts,
		pass: duplicates.length === 0 && missing.length === 0 && extra.length === 0 && wrongAmount.length === 0 && strayKeys.length === 0 && conflicts === 0,
		examples: { duplicates: duplicates.slice(0, 5), missing: missing.slice(0, 5), extra: extra.slice(0, 5), strayKeys: strayKeys.slice(0, 5) },
	};
}

function exactlyOnceSelfTest() {
	const expected = new Map([
		['A', '10000'],
		['B', '10001'],
	]);
	const p = (ref, key, amount = expected.get(ref)) => ({ referenceId: ref, xRequestId: key, amount });
	const clean = exactlyOnce({ expected, payouts: [p('A', 'k1'), p('B', 'k2')], creates: [{ xRequestId: 'k1' }, { xRequestId: 'k2' }] });
	const dup = exactlyOnce({ expected, payouts: [p('A', 'k1'), p('A', 'k3'), p('B', 'k2')], creates: [] });
	const miss = exactlyOnce({ expected, payouts: [p('A', 'k1')], creates: [] });
	const stray = exactlyOnce({ expected, payouts: [p('A', 'k1'), p('B', 'k2')], creates: [{ xRequestId: 'k9' }] });
	const conflict = exactlyOnce({ expected, payouts: [p('A', 'k1'), p('B', 'k2')], creates: [{ xRequestId: 'k1', status: 409 }] });
	return clean.pass && !dup.pass && !miss.pass && !stray.pass && !conflict.pass;
}

// ---------------------------------------------------------------------------------------
// Workflows
// ---------------------------------------------------------------------------------------
/** The same parameters with `$json.x` written `$json["x"]`: n8n's expression engine, no fast path. */
function viaEngine(parameters) {
	return JSON.parse(JSON.stringify(parameters).replace(/\$json\.([A-Za-z]+)/g, '$json[\\"$1\\"]'));
}

async function buildWorkflows({ sandbox }) {
	const main = pivotCredential(sandbox, { name: 'Pivot sandbox (campaign)' });
	// R2 gets its own credential, so its first token is issued under the 2-second lifetime
	const shortLived = pivotCredential(sandbox, { name: 'Pivot sandbox (R2, 2 s tokens)' });
	const workflows = [];
	const add = (key, wf) => {
		ids[key] = wf.id;
		workflows.push(wf);
		return wf;
	};

	add('r1', chain('R1 per-item payouts under faults', [
		webhookNode(`r1-${tag}`),
		splitOutNode(),
		pivotNode('Pivot', createPayoutParameters({ sendAs: 'perItem', options: R1_NODE_OPTIONS }), main, R1_RETRY_ON_FAIL),
	]));
	add('r1c', chain(`R1C per-item payouts under faults, ${R1C_CONCURRENCY} concurrent`, [
		webhookNode(`r1c-${tag}`),
		splitOutNode(),
		pivotNode('Pivot', createPayoutParameters({ sendAs: 'perItem', options: { ...R1_NODE_OPTIONS, concurrency: R1C_CONCURRENCY } }), main, R1_RETRY_ON_FAIL),
	]));
	add('r2', chain('R2 2-second tokens', [
		webhookNode(`r2-${tag}`),
		splitOutNode(),
		pivotNode('Pivot', createPayoutParameters({ sendAs: 'perItem', options: { retryDelaySeconds: 0.2 } }), shortLived, { onError: 'continueRegularOutput' }),
	]));
	const trigger = {
		id: 'c4a70000-0000-4000-8000-000000000001',
		name: 'Pivot Trigger',
		type: 'CUSTOM.pivotTrigger',
		typeVersion: 1,
		position: [0, 0],
		webhookId: `${randomBytes(4).toString('hex')}-2222-4000-8000-${randomBytes(6).toString('hex')}`,
		parameters: { options: {} },
		credentials: credentialRef(main),
	};
	ids.triggerPath = `${trigger.webhookId}/webhook`;
	add('r3', chain('R3 Pivot Trigger', [trigger]));
	for (const destination of ['channel', 'inquiry']) {
		for (const variant of ['bulk', 'perItem', 'engine']) {
			const params = createPayoutParameters({ sendAs: variant === 'perItem' ? 'perItem' : 'bulk', destination });
			add(`r4-${destination}-${variant}`, chain(`R4 ${destination} ${variant}`, [
				webhookNode(`r4-${destination}-${variant}-${tag}`),
				splitOutNode(),
				pivotNode('Pivot', variant === 'engine' ? viaEngine(params) : params, main),
			]));
		}
	}
	R4_OPTION_CASES.forEach((option, k) => {
		const params = createPayoutParameters({ sendAs: option.sendAs ?? 'bulk', options: option.options });
		add(`r4-option-${k}`, chain(`R4 option ${option.name}`, [webhookNode(`r4-option-${k}-${tag}`), splitOutNode(), pivotNode('Pivot', params, main)]));
	});
	return { credentials: [main, shortLived], workflows, publish: true };
}

// Bad options (literal and from expressions): each must stop the run naming item 0 and the option.
const R4_OPTION_CASES = [
	{ name: 'Maximum Amount "none"', options: { maxAmount: '={{ "none" }}' }, label: 'Maximum Amount' },
	{ name: 'Maximum Amount "250.000.000"', options: { maxAmount: '={{ "250.000.000" }}' }, label: 'Maximum Amount' },
	{ name: 'Maximum Amount empty', options: { maxAmount: '' }, label: 'Maximum Amount' },
	{ name: 'Minimum Amount NaN', options: { minAmount: '={{ NaN }}' }, label: 'Minimum Amount' },
	{ name: 'Minimum above Maximum', options: { minAmount: 500000, maxAmount: 100000 }, label: 'Minimum Amount' },
	{ name: 'Bulk Request Size 2.5', options: { chunkSize: 2.5 }, label: 'Bulk Request Size' },
	{ name: 'Bulk Request Size "all"', options: { chunkSize: '={{ "all" }}' }, label: 'Bulk Request Size' },
	{ name: 'Attempts on No Answer "x"', options: { maxAttempts: '={{ "x" }}' }, label: 'Attempts on No Answer', sendAs: 'perItem' },
	{ name: 'Retry Delay -1', options: { retryDelaySeconds: -1 }, label: 'Retry Delay (Seconds)' },
	{ name: 'Timeout 0', options: { timeoutSeconds: 0 }, label: 'Timeout (Seconds)', sendAs: 'perItem' },
];

// ---------------------------------------------------------------------------------------
// R1: duplicates under faults, Retry On Fail, one re-run of every failed execution
// ---------------------------------------------------------------------------------------
async function r1(stack, { section = 'R1', workflow = 'r1', concurrency = 1 } = {}) {
	const { sandbox, rest, n8n } = stack;
	const prefix = `${section}-${tag}`;
	const rows = payoutRows(SIZES.r1Payouts, prefix).map((row, i) => ({ ...row, amount: String(10000 + i) }));
	const expected = new Map(rows.map((r) => [r.referenceId, r.amount]));
	check(section, 'checker self-test: duplicate, missing, stray key and 409 are caught', exactlyOnceSelfTest(), { value: 'ok', target: 'catches all 4' });

	const requestsBefore = (await sandbox.control('requests')).length;
	await sandbox.control('faults', 'DELETE');
	for (const fault of R1_FAULTS) await sandbox.control('faults', 'POST', fault);
	const phaseA = [];
	const started = Date.now();
	for (let start = 0; start < rows.length; start += SIZES.r1PerExecution) {
		const batch = rows.slice(start, start + SIZES.r1PerExecution);
		const { result, execution } = await runAndRecord(rest, ids[workflow], () => callWebhook(n8n.baseUrl, `${workflow}-${tag}`, { items: batch }));
		phaseA.push({ id: execution.id, status: execution.status, http: result.status, error: execution.data?.resultData?.error?.message });
	}
	const phaseASeconds = (Date.now() - started) / 1000;
	const afterA = await sandbox.control('payouts');
	const failedA = phaseA.filter((e) => e.status !== 'success');
	const stateA = exactlyOnce({ expected, payouts: afterA.filter((p) => p.referenceId.startsWith(`${prefix}-`)), creates: [] });

	// Phase B: the operator re-runs every failed execution once (n8n's "Retry" of the execution),
	// after the incident: faults cleared.
	await sandbox.control('faults', 'DELETE');
	const phaseB = [];
	for (const failed of failedA) {
		let outcome;
		try {
			const retried = await rest.request('POST', `/rest/executions/${failed.id}/retry`, { loadWorkflow: false });
			outcome = { id: retried.id, status: retried.status, retryOf: failed.id };
		} catch (error) {
			outcome = { id: null, status: 'retry-call-failed', retryOf: failed.id, error: error.message.slice(0, 200) };
		}
		phaseB.push(outcome);
	}
	const retriedOk = phaseB.filter((r) => r.status === 'success').length;

	const requests = (await sandbox.control('requests')).slice(requestsBefore);
	const creates = requests.filter((r) => r.route === 'createPayout');
	const payouts = (await sandbox.control('payouts')).filter((p) => p.referenceId.startsWith(`${prefix}-`));
	const verdictR1 = exactlyOnce({ expected, payouts, creates });
	const faultsByKind = {};
	for (const r of requests) {
		if (!r.fault) continue;
		const key = `${r.route}:${r.fault}${r.fault === 'status' ? ` ${r.status}` : ''}`;
		faultsByKind[key] = (faultsByKind[key] ?? 0) + 1;
	}
	const injected = requests.filter((r) => r.fault).length;

	check(section, 'payouts at the simulator per reference', verdictR1.maxPerReference === 1 && verdictR1.duplicates === 0, { value: `max ${verdictR1.maxPerReference}, ${verdictR1.duplicates} duplicated`, target: 'exactly 1' });
	check(section, 'references missing after the re-run', verdictR1.missing === 0, { value: verdictR1.missing, target: '0' });
	check(section, 'payouts nobody asked for / wrong amount', verdictR1.extra === 0 && verdictR1.wrongAmount === 0, { value: `${verdictR1.extra} / ${verdictR1.wrongAmount}`, target: '0 / 0' });
	check(section, 'create requests whose X-REQUEST-ID is not its payout\'s', verdictR1.strayKeys === 0, { value: verdictR1.strayKeys, target: '0' });
	check(section, 'create requests refused as conflicts (409)', verdictR1.conflicts === 0, { value: verdictR1.conflicts, target: '0' });
	check(section, 'faults injected (create + look-up requests)', injected > 0, { value: `${injected} of ${requests.length} requests`, target: '> 0' });
	check(section, 'executions failed after Retry On Fail (re-run path exercised)', failedA.length > 0, { value: `${failedA.length} of ${phaseA.length}`, target: '> 0' });
	check(section, 'failed executions re-run once, now successful', retriedOk === failedA.length, { value: `${retriedOk} of ${failedA.length}`, target: 'all' });

	printChecks(section, `${section}  Duplicates: ${rows.length.toLocaleString('en-US')} payouts, per-item mode, ${concurrency} concurrent, Retry On Fail (${R1_RETRY_ON_FAIL.maxTries} tries), faults at set rates, then one re-run of every failed execution`);
	printTable(`${section}  requests seen by the simulator`, [
		{ key: 'what', label: 'what' },
		{ key: 'count', label: 'count' },
	], [
		{ what: 'create requests', count: creates.length },
		{ what: '… answered as an idempotent replay', count: creates.filter((r) => r.replay).length },
		{ what: '… dropped without an answer', count: creates.filter((r) => r.dropped).length },
		{ what: 'look-ups by Reference ID (GET)', count: requests.filter((r) => r.route === 'getPayout').length },
		{ what: 'token exchanges', count: requests.filter((r) => r.route === 'token').length },
		...Object.entries(faultsByKind).map(([kind, count]) => ({ what: `fault ${kind}`, count })),
		{ what: 'payouts after phase A (before the re-run)', count: stateA.payouts },
		{ what: 'payouts after the re-run', count: verdictR1.payouts },
	]);
	results[section.toLowerCase()] = {
		payouts: rows.length,
		concurrency,
		perExecution: SIZES.r1PerExecution,
		faults: R1_FAULTS,
		nodeOptions: R1_NODE_OPTIONS,
		retryOnFail: R1_RETRY_ON_FAIL,
		phaseASeconds,
		executions: phaseA.length,
		failedInPhaseA: failedA.length,
		retried: phaseB,
		requests: requests.length,
		creates: creates.length,
		replays: creates.filter((r) => r.replay).length,
		lookups: requests.filter((r) => r.route === 'getPayout').length,
		faultsByKind,
		afterPhaseA: stateA,
		final: verdictR1,
	};
}

// ---------------------------------------------------------------------------------------
// R2: 2-second tokens during a long run
// ---------------------------------------------------------------------------------------
async function r2(stack) {
	const { sandbox, rest, n8n } = stack;
	const prefix = `R2-${tag}`;
	const rows = payoutRows(SIZES.r2Items, prefix);
	const requestsBefore = (await sandbox.control('requests')).length;
	const tokensBefore = (await sandbox.control('tokens')).issued.length;
	await sandbox.control('faults', 'DELETE');
	await sandbox.control('config', 'POST', { tokenLifetimeSeconds: 2 });
	// each create takes ≥ 40 ms, so the run spans many token lifetimes
	await sandbox.control('faults', 'POST', { route: 'createPayout', kind: 'latency', latencyMs: 40, rate: 1, seed: 201 });
	let run;
	try {
		run = await runAndRecord(rest, ids.r2, () => callWebhook(n8n.baseUrl, `r2-${tag}`, { items: rows }));
	} finally {
		await sandbox.control('faults', 'DELETE');
		await sandbox.control('config', 'POST', { tokenLifetimeSeconds: 900 });
	}
	const { execution } = run;
	const seconds = (new Date(execution.stoppedAt) - new Date(execution.startedAt)) / 1000;
	const output = execution.data?.resultData?.runData?.Pivot?.[0]?.data?.main?.[0] ?? [];
	const failedItems = output.filter((item) => item.json?.error !== undefined).length;
	const requests = (await sandbox.control('requests')).slice(requestsBefore);
	const refused = requests.filter((r) => r.code === 'credentials_invalid').length;
	const tokens = (await sandbox.control('tokens')).issued.length - tokensBefore;
	const payouts = (await sandbox.control('payouts')).filter((p) => p.referenceId.startsWith(`${prefix}-`));
	const once = exactlyOnce({ expected: new Map(rows.map((r) => [r.referenceId, r.amount])), payouts, creates: requests.filter((r) => r.route === 'createPayout') });

	check('R2', 'failed items (n8n execution record)', execution.status === 'success' && failedItems === 0 && output.length === rows.length, { value: `${failedItems} of ${output.length} (execution ${execution.status})`, target: '0' });
	check('R2', 'payouts at the simulator, exactly once each', once.pass && once.payouts === rows.length, { value: `${once.payouts} of ${rows.length}`, target: `${rows.length}` });
	check('R2', 'run length ÷ token lifetime', seconds / 2 >= 3, { value: `${seconds.toFixed(1)} s ÷ 2 s`, target: '≥ 3 lifetimes' });
	check('R2', 'calls refused as expired (credentials_invalid), each refreshed', refused > 0, { value: refused, target: '> 0 (expiry hit)' });
	check('R2', 'token exchanges during the run', tokens >= 2, { value: tokens, target: '≥ 2' });
	printChecks('R2', `R2  Token expiry: token lifetime 2 s, ${rows.length} payouts in per-item mode (Continue On Fail on, so any failed item would show)`);
	results.r2 = { items: rows.length, seconds, failedItems, refusedAsExpired: refused, tokenExchanges: tokens, payouts: once.payouts };
}

// ---------------------------------------------------------------------------------------
// R3: forged callbacks, genuine callbacks, redeliveries
// ---------------------------------------------------------------------------------------
/** One HTTP/1.1 request written byte by byte (headers exactly as given); bounded by timeoutMs. */
function rawRequest(port, head, body, timeoutMs = 10_000) {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		const chunks = [];
		const timer = setTimeout(() => {
			socket.destroy();
			resolve({ status: 0, text: 'timeout' });
		}, timeoutMs);
		// write without half-closing: Node's HTTP server drops a half-closed request unanswered
		socket.on('connect', () => socket.write(Buffer.concat([head, body])));
		socket.on('data', (chunk) => chunks.push(chunk));
		socket.on('error', () => undefined);
		socket.on('close', () => {
			clearTimeout(timer);
			const text = Buffer.concat(chunks).toString('latin1');
			resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0), text });
		});
	});
}

/** The forgeries: [name, (key, body) → { path?, headers: [[name, value(Buffer|string)]], body }]. */
function forgeries(key, otherMerchantKey) {
	const mid = Math.floor(key.length / 2);
	// another character of the same class (digit, lower, upper), so the length and alphabet stay
	const flip = (c) =>
		/[0-9]/.test(c) ? String((Number(c) + 1) % 10) : /[a-z]/.test(c) ? (c === 'z' ? 'a' : String.fromCharCode(c.charCodeAt(0) + 1)) : c === 'Z' ? 'A' : String.fromCharCode(c.charCodeAt(0) + 1);
	const at = (i) => key.slice(0, i) + flip(key[i]) + key.slice(i + 1);
	const homoglyphAt = [...key].findIndex((c) => 'aeopcxAEOPCX'.includes(c));
	const homoglyph = homoglyphAt >= 0
		? Buffer.concat([Buffer.from(key.slice(0, homoglyphAt), 'latin1'), Buffer.from(String.fromCharCode(0x430 + 'aeopcx'.indexOf(key[homoglyphAt].toLowerCase())), 'utf8'), Buffer.from(key.slice(homoglyphAt + 1), 'latin1')])
		: Buffer.from(`${key}\u0430`, 'utf8');
	const h = (name, value) => [name, value];
	return [
		['no key at all', () => ({ headers: [] })],
		['wrong key (random, same length)', () => ({ headers: [h('X-API-Key', mixedCaseKey().slice(0, key.length))] })],
		["another merchant's key", () => ({ headers: [h('X-API-Key', otherMerchantKey)] })],
		['empty X-API-Key header', () => ({ headers: [h('X-API-Key', '')] })],
		['near miss, equal length, first character', () => ({ headers: [h('X-API-Key', at(0))] })],
		['near miss, equal length, middle character', () => ({ headers: [h('X-API-Key', at(mid))] })],
		['near miss, equal length, last character', () => ({ headers: [h('X-API-Key', at(key.length - 1))] })],
		['prefix of the key (last character cut)', () => ({ headers: [h('X-API-Key', key.slice(0, -1))] })],
		['first half of the key', () => ({ headers: [h('X-API-Key', key.slice(0, mid))] })],
		['key + suffix', () => ({ headers: [h('X-API-Key', `${key}x`)] })],
		['key lower-cased', () => ({ headers: [h('X-API-Key', key.toLowerCase())] })],
		['key upper-cased', () => ({ headers: [h('X-API-Key', key.toUpperCase())] })],
		['key with a space inside', () => ({ headers: [h('X-API-Key', `${key.slice(0, mid)} ${key.slice(mid)}`)] })],
		['key with a tab inside', () => ({ headers: [h('X-API-Key', `${key.slice(0, mid)}\t${key.slice(mid)}`)] })],
		['key + trailing no-break space (0xA0, not stripped by HTTP)', () => ({ headers: [h('X-API-Key', Buffer.concat([Buffer.from(key, 'latin1'), Buffer.from([0xa0])]))] })],
		['key with one Cyrillic look-alike letter', () => ({ headers: [h('X-API-Key', homoglyph)] })],
		['key in double quotes', () => ({ headers: [h('X-API-Key', `"${key}"`)] })],
		['key twice (duplicated header)', () => ({ headers: [h('X-API-Key', key), h('X-API-Key', key)] })],
		['wrong key, then the right key (two headers)', () => ({ headers: [h('X-API-Key', at(0)), h('X-API-Key', key)] })],
		['right key, then a wrong key (two headers)', () => ({ headers: [h('X-API-Key', key), h('X-API-Key', at(0))] })],
		['key split over two headers', () => ({ headers: [h('X-API-Key', key.slice(0, mid)), h('X-API-Key', key.slice(mid))] })],
		['key, comma-joined with itself in one header', () => ({ headers: [h('X-API-Key', `${key}, ${key}`)] })],
		['right key under another header name (X-Api-Token)', () => ({ headers: [h('X-Api-Token', key)] })],
		['right key under X_API_KEY (underscores)', () => ({ headers: [h('X_API_KEY', key)] })],
		['right key under X-API-Keys', () => ({ headers: [h('X-API-Keys', key)] })],
		['Authorization: Bearer <key>', () => ({ headers: [h('Authorization', `Bearer ${key}`)] })],
		['Authorization: <key>', () => ({ headers: [h('Authorization', key)] })],
		['X-API-Key: Bearer <key>', () => ({ headers: [h('X-API-Key', `Bearer ${key}`)] })],
		['key base64-encoded', () => ({ headers: [h('X-API-Key', Buffer.from(key).toString('base64'))] })],
		['right key in a cookie', () => ({ headers: [h('Cookie', `X-API-Key=${key}; apiKey=${key}`)] })],
		['right key in the query string only', () => ({ query: `?X-API-Key=${encodeURIComponent(key)}&apiKey=${encodeURIComponent(key)}`, headers: [] })],
		['right key in the body only', (body) => ({ headers: [], body: { ...body, apiKey: key, 'X-API-Key': key, headers: { 'X-API-Key': key } } })],
	];
}

function callbackIdentity(item) {
	return [item.event, item.uuid, item.referenceId ?? '', item.status ?? '', item.reason ?? '', JSON.stringify(item.totals ?? null)].join('|');
}

async function triggerItems(rest) {
	const list = await allExecutions(rest, ids.r3);
	const out = [];
	for (const e of list) {
		const execution = await rest.getExecution(e.id);
		const items = execution.data?.resultData?.runData?.['Pivot Trigger']?.[0]?.data?.main?.[0] ?? [];
		for (const item of items) out.push({ executionId: e.id, status: execution.status, json: item.json });
	}
	return out;
}

async function waitForCount(rest, workflowId, count, timeoutMs = 60_000) {
	const deadline = Date.now() + timeoutMs;
	let n = await executionCount(rest, workflowId);
	while (n < count && Date.now() < deadline) {
		await sleep(200);
		n = await executionCount(rest, workflowId);
	}
	return n;
}

async function r3(stack) {
	const { sandbox, rest, n8n } = stack;
	const url = `${n8n.baseUrl}/webhook/${ids.triggerPath}`;
	const key = sandbox.callbackApiKey;

	// Genuine callbacks: the simulator pays and calls back with the key, as Pivot does. Earlier
	// payouts must have settled first, so that only this section's callbacks reach the trigger.
	for (let i = 0; i < 120 && !(await simStats(sandbox)).settled; i++) await sleep(250);
	await sandbox.control('config', 'POST', { callbackUrl: url, processingDelayMs: 200 });
	const token = await issueToken(sandbox);
	const create = async (rows) => {
		const response = await fetch(`${sandbox.url}/v1/payouts`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-request-id': randomBytes(16).toString('hex') },
			body: JSON.stringify({ payouts: rows.map(pivotItem) }),
		});
		if (!response.ok) throw new Error(`R3: creating a genuine payout failed: HTTP ${response.status}`);
	};
	const callbacksBefore = (await sandbox.control('callbacks')).length;
	for (const [i, account] of ['999966660001', '999966660002', '999966669998', '999966661001', '999966661004'].entries()) {
		await create(payoutRows(1, `R3-${tag}-single-${i}`, { accountNumber: account }));
	}
	await create([...payoutRows(2, `R3-${tag}-bulk-ok`), ...payoutRows(1, `R3-${tag}-bulk-bad`, { accountNumber: '999966660003' })]);
	// bounded wait until the simulator settled and its callbacks stopped coming
	let genuine = [];
	const deadline = Date.now() + 60_000;
	let stableSince = Date.now();
	while (Date.now() < deadline) {
		const stats = await simStats(sandbox);
		const list = (await sandbox.control('callbacks')).slice(callbacksBefore);
		if (list.length !== genuine.length) stableSince = Date.now();
		genuine = list;
		if (stats.settled && genuine.length > 0 && Date.now() - stableSince > 2000) break;
		await sleep(250);
	}
	await sandbox.control('config', 'POST', { callbackUrl: '' });
	const genuineExecutions = await waitForCount(rest, ids.r3, genuine.length);
	const accepted = genuine.filter((c) => c.status === 200).length;

	// Forgeries: each carries a real callback body (so only the key is wrong), marked FORGED-<n>.
	const before = await executionCount(rest, ids.r3);
	const template = genuine.find((c) => c.body?.data?.payouts?.referenceId)?.body ?? genuine[0].body;
	const otherMerchantKey = mixedCaseKey().slice(0, key.length);
	const forged = [];
	const port = Number(new URL(url).port);
	for (const [k, [name, make]] of forgeries(key, otherMerchantKey).entries()) {
		const marked = JSON.parse(JSON.stringify(template));
		if (marked.data.payouts && !Array.isArray(marked.data.payouts)) marked.data.payouts.referenceId = `FORGED-${tag}-${k}`;
		else marked.data.uuid = `FORGED-${tag}-${k}`;
		const spec = make(marked);
		const sentKey = spec.headers.filter(([n]) => n === 'X-API-Key').map(([, v]) => Buffer.from(v).toString('latin1'));
		if (sentKey.length === 1 && sentKey[0] === key) throw new Error(`R3: forgery "${name}" would send the real key unchanged`);
		const body = Buffer.from(JSON.stringify(spec.body ?? marked), 'utf8');
		const lines = [
			Buffer.from(`POST ${new URL(url).pathname}${spec.query ?? ''} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n`, 'latin1'),
			...spec.headers.map(([name, v]) => Buffer.concat([Buffer.from(`${name}: `, 'latin1'), Buffer.isBuffer(v) ? v : Buffer.from(v, 'latin1'), Buffer.from('\r\n', 'latin1')])),
			Buffer.from('\r\n', 'latin1'),
		];
		const answer = await rawRequest(port, Buffer.concat(lines), body);
		const echoed = answer.text.includes(key) || answer.text.includes(`FORGED-${tag}`);
		forged.push({ kind: name, status: answer.status, echoed });
	}
	await sleep(3000);
	const afterForged = await executionCount(rest, ids.r3);
	const itemsAfterForged = await triggerItems(rest);
	const forgedExecutions = itemsAfterForged.filter((i) => JSON.stringify(i.json).includes(`FORGED-${tag}`)).length;

	// Redeliveries: every genuine callback again, as sent and re-serialised (other key order, spaces).
	const reorder = (v) => (Array.isArray(v) ? v.map(reorder) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).reverse().map((k) => [k, reorder(v[k])])) : v);
	let redeliveries = 0;
	for (const c of genuine) {
		for (const text of [JSON.stringify(c.body), JSON.stringify(reorder(c.body), null, 2)]) {
			const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: text });
			await response.arrayBuffer();
			if (response.status === 200) redeliveries++;
		}
	}
	const total = await waitForCount(rest, ids.r3, afterForged + genuine.length * 2);
	const items = await triggerItems(rest);
	const groups = new Map();
	for (const item of items) {
		const id = callbackIdentity(item.json);
		if (!groups.has(id)) groups.set(id, { keys: new Set(), count: 0 });
		groups.get(id).keys.add(item.json.dedupeKey);
		groups.get(id).count++;
	}
	const sameKey = [...groups.values()].every((g) => g.keys.size === 1 && g.count === 3);
	const distinctKeys = new Set(items.map((i) => i.json.dedupeKey)).size;

	printTable(`R3  Forged callbacks to the Pivot Trigger's production URL (${forged.length} kinds, each with a real callback body)`, [
		{ key: 'kind', label: 'forgery' },
		{ key: 'status', label: 'HTTP answer' },
		{ key: 'started', label: 'execution started' },
		{ key: 'echoed', label: 'key or body echoed' },
	], forged.map((f, k) => ({ ...f, started: itemsAfterForged.some((i) => JSON.stringify(i.json).includes(`FORGED-${tag}-${k}"`)) ? 'YES' : 'no' })));
	const refusedAll = forged.every((f) => f.status >= 400 && f.status < 500);
	check('R3', 'kinds of forged callbacks', forged.length >= 20, { value: forged.length, target: '≥ 20' });
	check('R3', 'forged callbacks accepted (executions started, n8n records)', afterForged === before && forgedExecutions === 0, { value: `${afterForged - before} started, ${forgedExecutions} with a FORGED body`, target: '0' });
	check('R3', 'forged callbacks answered 4xx / answers echoing key or body', refusedAll && !forged.some((f) => f.echoed), { value: `${forged.filter((f) => f.status >= 400 && f.status < 500).length} of ${forged.length} / ${forged.filter((f) => f.echoed).length}`, target: `${forged.length} / 0` });
	check('R3', 'genuine callbacks accepted (simulator: HTTP 200; n8n: executions)', genuine.length > 0 && accepted === genuine.length && genuineExecutions === genuine.length, { value: `${accepted} of ${genuine.length}; ${genuineExecutions} executions`, target: '100 %' });
	check('R3', 'redeliveries (as sent + re-serialised) accepted', redeliveries === genuine.length * 2 && total === afterForged + genuine.length * 2, { value: `${redeliveries} of ${genuine.length * 2}`, target: '100 %' });
	check('R3', 'each event and its 2 redeliveries share one dedupeKey', sameKey && groups.size === genuine.length, { value: `${groups.size} events, ${[...groups.values()].filter((g) => g.keys.size === 1 && g.count === 3).length} consistent`, target: `${genuine.length} consistent` });
	check('R3', 'different events have different dedupeKeys', distinctKeys === groups.size, { value: `${distinctKeys} keys for ${groups.size} events`, target: 'equal' });
	printChecks('R3', 'R3  result');
	results.r3 = {
		forged,
		genuineCallbacks: genuine.length,
		genuineEvents: [...new Set(genuine.map((c) => c.event))],
		accepted,
		redeliveries,
		events: groups.size,
		distinctDedupeKeys: distinctKeys,
	};
}

// ---------------------------------------------------------------------------------------
// R4: bad input through real n8n; nothing reaches the simulator
// ---------------------------------------------------------------------------------------
function loadBadInputs() {
	const ts = require('typescript');
	const file = path.join(REPO_ROOT, 'test', 'fixtures', 'badInputs.ts');
	const { outputText } = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
		fileName: file,
		compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
	});
	const mod = { exports: {} };
	new Function('exports', 'require', 'module', outputText)(mod.exports, require, mod);
	return mod.exports;
}

async function r4(stack) {
	const { sandbox, rest, n8n } = stack;
	const { BAD_INPUTS, batchFor } = loadBadInputs();
	const rows = [];
	let createsTotal = 0;
	for (const bad of BAD_INPUTS) {
		const destination = bad.destination ?? 'channel';
		const row = { name: bad.name, field: bad.field };
		const messages = {};
		for (const variant of ['bulk', 'perItem', 'engine']) {
			const before = await simStats(sandbox);
			const { result, execution } = await runAndRecord(rest, ids[`r4-${destination}-${variant}`], () =>
				callWebhook(n8n.baseUrl, `r4-${destination}-${variant}-${tag}`, { items: batchFor(bad) }),
			);
			const after = await simStats(sandbox);
			const creates = routeDelta(before, after).createPayout;
			createsTotal += creates;
			const message = execution.data?.resultData?.error?.message ?? '';
			messages[variant] = message;
			const clear =
				execution.status === 'error' &&
				result.status >= 400 &&
				message.startsWith(`Item 2: ${bad.field} `) &&
				new RegExp(bad.message.source, bad.message.flags).test(message) &&
				/Nothing was sent/.test(message);
			row[variant] = clear && creates === 0 ? 'PASS' : 'FAIL';
			if (!clear || creates !== 0) row.problem = `${variant}: ${message.slice(0, 120)} (creates ${creates})`;
		}
		row.sameAsEngine = messages.bulk === messages.engine ? 'yes' : 'NO';
		row.message = messages.bulk.length > 90 ? `${messages.bulk.slice(0, 87)}…` : messages.bulk;
		rows.push(row);
	}
	// Bad options: the same rule, with the option's label instead of a field.
	for (const [k, option] of R4_OPTION_CASES.entries()) {
		const before = await simStats(sandbox);
		const { result, execution } = await runAndRecord(rest, ids[`r4-option-${k}`], () =>
			callWebhook(n8n.baseUrl, `r4-option-${k}-${tag}`, { items: payoutRows(3, `R4-${tag}-opt${k}`) }),
		);
		const creates = routeDelta(before, await simStats(sandbox)).createPayout;
		createsTotal += creates;
		const message = execution.data?.resultData?.error?.message ?? '';
		const clear = execution.status === 'error' && result.status >= 400 && message.startsWith(`Item 0: Option "${option.label}"`) && /Nothing was sent/.test(message);
		const mark = clear && creates === 0 ? 'PASS' : 'FAIL';
		const shown = message.length > 90 ? `${message.slice(0, 87)}…` : message;
		rows.push({ name: `option: ${option.name}`, field: option.label, bulk: mark, perItem: mark, engine: mark, sameAsEngine: 'yes', message: shown, ...(mark === 'FAIL' ? { problem: `${message.slice(0, 120)} (creates ${creates})` } : {}) });
	}

	printTable(`R4  Bad input: ${BAD_INPUTS.length} kinds (test/fixtures/badInputs.ts), bad row = item 2 of 3, in bulk, per-item and via n8n's expression engine; then ${R4_OPTION_CASES.length} bad options`, [
		{ key: 'name', label: 'kind' },
		{ key: 'bulk', label: 'bulk' },
		{ key: 'perItem', label: 'per item' },
		{ key: 'engine', label: '$json["x"]' },
		{ key: 'sameAsEngine', label: '= engine' },
		{ key: 'message', label: 'error (n8n execution record)' },
	], rows);

	// The {{ $json.x }} fast path and n8n's engine send byte-identical bodies (same body-derived keys).
	const good = payoutRows(3, `R4-${tag}-same`).map((r, i) => ({ ...r, amount: [150000, '150000.00', ' 20000 '][i] }));
	const keysOf = async (variant) => {
		const before = (await sandbox.control('requests')).length;
		await runAndRecord(rest, ids[`r4-channel-${variant}`], () => callWebhook(n8n.baseUrl, `r4-channel-${variant}-${tag}`, { items: good }));
		return (await sandbox.control('requests')).slice(before).filter((r) => r.route === 'createPayout').map((r) => ({ key: r.xRequestId, replay: Boolean(r.replay) }));
	};
	const fast = await keysOf('bulk');
	const engine = await keysOf('engine');
	const identical = fast.length === 1 && engine.length === 1 && fast[0].key === engine[0].key && engine[0].replay;

	const clearAll = rows.every((r) => r.bulk === 'PASS' && r.perItem === 'PASS' && r.engine === 'PASS');
	check('R4', 'kinds of bad input', BAD_INPUTS.length >= 30, { value: BAD_INPUTS.length, target: '≥ 30' });
	check('R4', 'clear error naming item and field, per kind and mode', clearAll, { value: `${rows.filter((r) => r.bulk === 'PASS' && r.perItem === 'PASS' && r.engine === 'PASS').length} of ${rows.length}`, target: 'all' });
	check('R4', 'create requests seen by the simulator', createsTotal === 0, { value: createsTotal, target: '0' });
	check('R4', '{{ $json.x }} fast path = n8n expression engine (errors)', rows.every((r) => r.sameAsEngine === 'yes'), { value: `${rows.filter((r) => r.sameAsEngine === 'yes').length} of ${rows.length} identical`, target: 'all' });
	check('R4', '{{ $json.x }} fast path = n8n expression engine (body sent)', identical, { value: identical ? 'same X-REQUEST-ID, replayed' : JSON.stringify({ fast, engine }), target: 'identical' });
	printChecks('R4', 'R4  result');
	results.r4 = { kinds: BAD_INPUTS.length, executions: BAD_INPUTS.length * 3, createRequests: createsTotal, rows };
}

// ---------------------------------------------------------------------------------------
// R5: secrets in everything the campaign produced
// ---------------------------------------------------------------------------------------
function listFiles(dir) {
	const out = [];
	if (!fs.existsSync(dir)) return out;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) out.push(...listFiles(full));
		else if (entry.isFile()) out.push(full);
	}
	return out;
}

async function r5(stack) {
	const { sandbox, rest, n8n } = stack;
	const tokens = (await sandbox.control('tokens')).issued;
	const secrets = [
		{ what: 'client secret', values: [sandbox.clientSecret] },
		{ what: `access tokens issued (${tokens.length})`, values: tokens },
		{ what: 'callback API key', values: [sandbox.callbackApiKey] },
	];
	// a non-secret that must be found, so a scan that reads nothing cannot pass
	const control = `R1-${tag}-0`;
	const sources = [];
	const addSource = (name, text) => sources.push({ name, text });

	const workflows = await rest.request('GET', '/rest/workflows?limit=250');
	let executions = 0;
	for (const wf of workflows.data ?? workflows) {
		for (const e of await allExecutions(rest, wf.id)) {
			const response = await rest.request('GET', `/rest/executions/${e.id}`, undefined, { raw: true });
			addSource(`execution ${e.id} (${wf.name})`, await response.text());
			executions++;
		}
	}
	const publicExecutions = await rest.publicApi('GET', '/executions?includeData=true&limit=250');
	addSource('public API executions (includeData)', JSON.stringify(publicExecutions));
	addSource('n8n log', fs.readFileSync(n8n.logPath, 'latin1'));
	addSource('simulator log', fs.readFileSync(sandbox.logPath, 'latin1'));
	const userFiles = listFiles(n8n.userFolder);
	for (const file of userFiles) addSource(`n8n user folder: ${path.relative(n8n.userFolder, file)}`, fs.readFileSync(file).toString('latin1'));
	for (const view of ['requests', 'callbacks', 'payouts', 'stats']) addSource(`simulator /_sandbox/${view}`, JSON.stringify(await sandbox.control(view)));
	addSource('campaign output (stdout)', printed.join('\n'));
	addSource('campaign JSON', JSON.stringify(results));

	const rows = [];
	let hits = 0;
	for (const secret of secrets) {
		const where = [];
		for (const source of sources) {
			const n = secret.values.filter((v) => v && source.text.includes(v)).length;
			if (n) where.push(`${source.name} (${n})`);
		}
		hits += where.length;
		rows.push({ secret: secret.what, hits: where.length, where: where.slice(0, 3).join('; ') || '—' });
	}
	const controlHits = sources.filter((s) => s.text.includes(control)).length;
	const bytes = sources.reduce((sum, s) => sum + s.text.length, 0);
	printTable(`R5  Secrets: ${sources.length} sources, ${(bytes / 2 ** 20).toFixed(1)} MB: ${executions} execution records with data (REST), the public API's executions, n8n's log, all ${userFiles.length} files of n8n's user folder (database, WAL, event log, caches), the simulator's log and views, this campaign's output and JSON`, [
		{ key: 'secret', label: 'searched for' },
		{ key: 'hits', label: 'sources with a hit' },
		{ key: 'where', label: 'where' },
	], rows);
	check('R5', 'hits for the client secret, every token issued, the callback key', hits === 0, { value: hits, target: '0' });
	check('R5', 'tokens the simulator issued (searched for)', tokens.length > 0, { value: tokens.length, target: '> 0' });
	check('R5', 'control: a reference ID is found by the same scan', controlHits > 0, { value: `${controlHits} sources`, target: '> 0' });
	printChecks('R5', 'R5  result');
	const byFolder = {};
	for (const file of userFiles) {
		const top = path.relative(n8n.userFolder, file).split(path.sep).slice(0, 2).join('/');
		byFolder[top] = (byFolder[top] ?? 0) + 1;
	}
	results.r5 = { sources: sources.length, executions, userFiles: userFiles.length, userFilesByFolder: byFolder, megabytes: bytes / 2 ** 20, tokens: tokens.length, hits, rows };
}

// ---------------------------------------------------------------------------------------
async function main() {
	const started = Date.now();
	say(`n8n-nodes-pivot safety campaign, size ${SIZE}: ${results.machine.date}`);
	say(`machine: ${results.machine.cores} cores, ${results.machine.memoryGiB} GiB; n8n ${results.machine.n8nVersion} on Node ${results.machine.nodeForN8n}; scripts on Node ${results.machine.nodeForScripts}`);
	const stack = await startStack({
		sandboxArgs: ['--processing-delay-ms', '200', '--balance', '100000000000.00', '--callback-api-key', mixedCaseKey()],
		build: buildWorkflows,
	});
	const timings = {};
	try {
		for (const [name, fn] of [
			['R1', r1],
			['R1C', (s) => r1(s, { section: 'R1C', workflow: 'r1c', concurrency: R1C_CONCURRENCY })],
			['R2', r2],
			['R3', r3],
			['R4', r4],
			['R5', r5],
		]) {
			if (!ONLY.has(name)) continue;
			if (name === 'R5' && ONLY.size < SECTIONS.length) say('\n(R5 after a partial campaign: it searches what this run produced)');
			say(`\n== ${name}`);
			const t0 = Date.now();
			try {
				await fn(stack);
			} catch (error) {
				check(name, 'ran to the end', false, { value: error.message.slice(0, 200), target: 'no error' });
				say(`${name} FAILED to run: ${error.stack}`);
			}
			timings[name] = Math.round((Date.now() - t0) / 1000);
		}
	} finally {
		await stack.stop();
	}
	results.seconds = Math.round((Date.now() - started) / 1000);
	results.sectionSeconds = timings;
	results.pass = failures.length === 0;
	printTable('Summary', [
		{ key: 'section', label: 'section' },
		{ key: 'checks', label: 'checks' },
		{ key: 'seconds', label: 's' },
		{ key: 'result', label: 'result' },
	], Object.entries(results.checks).map(([section, list]) => ({
		section,
		checks: `${list.filter((c) => c.pass).length}/${list.length}`,
		seconds: timings[section],
		result: verdict(list.every((c) => c.pass)),
	})));
	if (failures.length) say(`\nFAILED: ${failures.join('; ')}`);
	const stampName = results.machine.date.replace(/[:.]/g, '-');
	const file = writeJson(path.join(artifactsDir('campaign'), `campaign-${SIZE}-${stampName}.json`), results);
	say(`\nJSON: ${path.relative(REPO_ROOT, file)}`);
	// only a whole full-size campaign updates the committed figures (CI runs the small one)
	if (SECTIONS.every((name) => ONLY.has(name)) && SIZE === 'full') {
		const latest = writeJson(path.join(REPO_ROOT, 'bench', 'results', 'campaign-full.json'), results);
		say(`      ${path.relative(REPO_ROOT, latest)}`);
	}
	say(`(${results.seconds} s)`);
	return results.pass;
}

main().then(
	(ok) => process.exit(ok ? 0 : 1),
	(error) => {
		console.error(error);
		process.exit(2);
	},
);
