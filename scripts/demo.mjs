// `npm run demo` (through scripts/demo.sh, which installs, builds and caches n8n first).
//
// Runs the payout guide's whole flow in a real n8n 2.41.1 with this package, against the local
// Pivot simulator: check balance → validate the beneficiary → create the payout → Pivot's
// callback reaches the Pivot Trigger workflow on n8n's production webhook → retrieve the payout.
// Prints what was sent and what came back at each step, and exits 0 when the payout ends SUCCESS.
//
//   node scripts/demo.mjs           run the flow, then stop n8n and the simulator
//   node scripts/demo.mjs --keep    keep both running, print the login and credential values (Ctrl+C stops)
//
// The simulator's Client Secret and Callback API Key show as [redacted] in every step; --keep prints
// them once, at the end, for a credential of your own (the simulator's values, new on every start).
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import {
	createN8n,
	N8N_VERSION,
	nodeOutput,
	REPO_ROOT,
	RestClient,
	stagePackage,
	startSandbox,
	toCustomTypes,
} from './lib/n8n.mjs';
import { simulatorCredential } from '../test/support/pivot.mjs';
import { PIVOT_TRIGGER_TYPE, triggerUrl } from '../test/support/workflows.mjs';

const args = new Set(process.argv.slice(2));
const KEEP = args.has('--keep');
if (args.has('--help') || args.has('-h')) {
	console.log('Usage: npm run demo [-- --keep]\n  --keep  keep n8n and the simulator running afterwards and print the editor login and the\n          values for a Pivot API credential of your own (Ctrl+C stops both)');
	process.exit(0);
}
const unknown = [...args].find((arg) => arg !== '--keep');
if (unknown) {
	console.error(`demo: unknown argument ${unknown} (try --keep)`);
	process.exit(2);
}

const OWNER = Object.freeze({
	email: 'demo@pivot-demo.test',
	firstName: 'Pivot',
	lastName: 'Demo',
	password: 'PivotDemo2026',
});
const CREDENTIAL_NAME = 'Pivot account';
const EXAMPLES = ['validate-and-pay-one', 'get-payout-status', 'bulk-payout-from-list', 'reconcile-callbacks'];

// ---------------------------------------------------------------------------------------
// Output: never a secret, whatever a step prints
// ---------------------------------------------------------------------------------------
const secrets = [];
const useColour = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code) => (text) => (useColour ? `\x1b[${code}m${text}\x1b[0m` : text);
const bold = paint('1');
const dim = paint('2');
const green = paint('32');
const red = paint('31');

function say(line = '', { redact = true } = {}) {
	let text = String(line);
	if (redact) for (const secret of secrets) if (secret) text = text.split(secret).join('[redacted]');
	process.stdout.write(`${text}\n`);
}

const started = Date.now();
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
let stepNo = 0;
const STEPS = 7;
function step(title) {
	stepNo++;
	say('');
	say(bold(`[${stepNo}/${STEPS}] ${title}`));
}
const detail = (label, value) => say(`      ${label.padEnd(12)} ${value}`);
const rupiah = (n) => `Rp ${Number(n).toLocaleString('en-US')}`;

class DemoError extends Error {}
function check(condition, message) {
	if (!condition) throw new DemoError(message);
}

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** `preferred` when it is free on 127.0.0.1, else undefined (the harness then picks one). */
function portIfFree(preferred) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(undefined));
		server.listen(preferred, '127.0.0.1', () => server.close(() => resolve(preferred)));
	});
}

function readExample(name) {
	return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples', `${name}.json`), 'utf8'));
}

/** What the simulator answered, as "METHOD path → status code". */
function describeRequest(r) {
	const query = Object.keys(r.query ?? {}).length ? `?${new URLSearchParams(r.query)}` : '';
	return `${r.method} ${r.path}${query} → HTTP ${r.status}${r.code ? ` (code ${r.code})` : ''}`;
}

async function waitFor(what, probe, timeoutMs = 20_000) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const value = await probe();
		if (value) return value;
		await sleep(150);
	}
	throw new DemoError(`timed out after ${seconds(timeoutMs)} waiting for ${what}`);
}

// ---------------------------------------------------------------------------------------
// The flow
// ---------------------------------------------------------------------------------------
let sandbox;
let n8n;

async function main() {
	say(bold('Pivot payout demo') + dim(` · n8n ${N8N_VERSION} + n8n-nodes-pivot · the local Pivot simulator`));
	say(dim('No Pivot account needed: every call goes to the simulator on 127.0.0.1.'));

	// 1. Simulator and n8n ------------------------------------------------------------------
	step('Start the Pivot simulator and n8n');
	const n8nPort = await portIfFree(5678);
	n8n = await createN8n({ customExtensionsDir: await stagePackage(), port: n8nPort });
	const examples = Object.fromEntries(EXAMPLES.map((name) => [name, toCustomTypes(readExample(name))]));
	const trigger = examples['reconcile-callbacks'].nodes.find((node) => node.type === PIVOT_TRIGGER_TYPE);
	const productionUrl = triggerUrl(n8n.baseUrl, trigger.webhookId);

	sandbox = await startSandbox({ port: await portIfFree(4010), args: ['--callback-url', productionUrl] });
	secrets.push(sandbox.clientSecret, sandbox.callbackApiKey);
	detail('Simulator', `${sandbox.url}  (Pivot's Local Payout API; log ${path.relative(REPO_ROOT, sandbox.logPath)})`);
	detail('Callbacks', `the simulator will POST payout callbacks to ${productionUrl}`);

	await n8n.importCredentials([
		simulatorCredential(CREDENTIAL_NAME, sandbox),
	]);
	detail('Credential', `"${CREDENTIAL_NAME}" created (Pivot API, Environment Custom, Base URL ${sandbox.url})`);
	const imported = await n8n.importWorkflow(EXAMPLES.map((name) => examples[name]));
	const ids = Object.fromEntries(EXAMPLES.map((name, i) => [name, imported[i].id]));
	detail('Workflows', `imported from examples/: ${EXAMPLES.map((name) => `${name}.json`).join(', ')}`);

	const bootStarted = Date.now();
	await n8n.start();
	detail('n8n', `${n8n.baseUrl} ready in ${seconds(Date.now() - bootStarted)} (package loaded as CUSTOM.pivot, CUSTOM.pivotTrigger)`);
	const rest = await new RestClient(n8n.baseUrl).ownerSession(OWNER);
	await rest.activateWorkflow(ids['reconcile-callbacks']);
	detail('Published', `"${examples['reconcile-callbacks'].name}": its Pivot Trigger listens on the production URL above`);

	// 2–4. validate-and-pay-one --------------------------------------------------------------
	const payOne = examples['validate-and-pay-one'];
	const beneficiary = Object.fromEntries(
		payOne.nodes.find((node) => node.name === 'Beneficiary').parameters.assignments.assignments.map((a) => [a.name, a.value]),
	);
	const knownCallbackRuns = new Set((await rest.listExecutions({ workflowId: ids['reconcile-callbacks'] })).map((e) => e.id));
	say('');
	say(dim(`Running "${payOne.name}" (n8n execute): Beneficiary → Check Balance → Validate Beneficiary → Pay by Inquiry ID`));
	const run = await n8n.executeWorkflow(ids['validate-and-pay-one']);
	const log = await sandbox.control('requests');
	const answered = (route) => log.filter((r) => r.route === route);

	step('Check balance (Pivot → Balance → Get, Require at Least = amount)');
	const [balanceCall] = answered('balance');
	check(balanceCall, `no balance request reached the simulator${run.error ? `: ${run.error}` : ''}`);
	detail('Sent', describeRequest(balanceCall));
	const [balance] = nodeOutput(run.output, 'Check Balance') ?? [];
	check(balance && !balance.error, `Check Balance failed: ${run.error ?? balance?.error}`);
	detail('Came back', `available ${rupiah(balance.amount)} (Pivot's value "${balance.value}" ${balance.currency}); required ${rupiah(balance.requiredAtLeast)} → sufficient`);

	step('Validate the beneficiary (Pivot → Account Inquiry → Validate)');
	const [inquiryCall] = answered('inquiry');
	check(inquiryCall, `no inquiry reached the simulator: ${run.error}`);
	detail('Sent', `${describeRequest(inquiryCall)}`);
	detail('', `channelCode ${beneficiary.channel}, accountNumber ${beneficiary.accountNumber}, accountName "${beneficiary.accountName}"`);
	const [inquiry] = nodeOutput(run.output, 'Validate Beneficiary') ?? [];
	check(inquiry && inquiry.status === 'VALID', `the inquiry did not come back VALID: ${run.error ?? JSON.stringify(inquiry)}`);
	detail('Came back', `status ${inquiry.status}, name matches the bank's record: ${inquiry.nameMatches}, inquiryId ${inquiry.inquiryId}`);

	step('Create the payout (Pivot → Payout → Create, By Inquiry ID)');
	const [createCall] = answered('createPayout');
	check(createCall, `no create request reached the simulator: ${run.error}`);
	check(run.ok, `the workflow failed: ${run.error}`);
	const [payout] = nodeOutput(run.output, 'Pay by Inquiry ID');
	detail('Sent', `${describeRequest(createCall)}, X-REQUEST-ID ${createCall.xRequestId}`);
	detail('', `referenceId ${payout.referenceId}, amount ${payout.amount.value} ${payout.amount.currency}, inquiryId ${payout.inquiryId}, description "${payout.description}"`);
	detail('Came back', `requestUuid ${payout.requestUuid}, request status ${payout.requestStatus}`);
	detail('', `to ${payout.channelCode} ${payout.accountNumber} (${payout.accountName}); the result comes later, by callback`);

	// 5. The callback ---------------------------------------------------------------------
	step("Pivot's callback arrives at the Pivot Trigger (production webhook)");
	const callbacks = await waitFor('the simulator to deliver its callback', async () => {
		const list = await sandbox.control('callbacks');
		return list.length ? list : undefined;
	});
	const delivered = callbacks[0];
	detail('Sent', `POST ${delivered.url} with X-API-Key (the Callback API Key), event ${delivered.event}`);
	const afterCreate = Date.parse(delivered.at) - Date.parse(createCall.at);
	detail('Came back', `HTTP ${delivered.status ?? delivered.error} to the simulator, ${seconds(afterCreate)} after the payout was created`);
	check(delivered.status === 200, `n8n answered the callback with ${delivered.status ?? delivered.error}`);
	const [execution] = await waitFor('the Pivot Trigger workflow to run', async () => {
		const fresh = (await rest.listExecutions({ workflowId: ids['reconcile-callbacks'] })).filter(
			(e) => !knownCallbackRuns.has(e.id) && !['new', 'running', 'waiting'].includes(e.status),
		);
		return fresh.length ? Promise.all(fresh.map((e) => rest.getExecution(e.id))) : undefined;
	});
	const [event] = nodeOutput(execution, 'Pivot Trigger') ?? [];
	detail('Execution', `#${execution.id} of "${examples['reconcile-callbacks'].name}" (mode ${execution.mode}, ${execution.status})`);
	check(event, 'the Pivot Trigger produced no event');
	detail('Event', `${event.event} · scope ${event.scope} · status ${event.status} · isFinal ${event.isFinal}`);
	detail('', `referenceId ${event.referenceId} · amount ${event.amount?.value} ${event.amount?.currency} · uuid ${event.uuid}`);
	detail('', `reason ${event.reason ?? '(none)'} · dedupeKey ${event.dedupeKey}`);
	const route = nodeOutput(execution, 'Single Payout Result')?.length ? 'Single Payout Result' : 'Get Payouts of the Request';
	detail('Routed to', `"${route}" (Single or Bulk? → ${event.scope})`);
	check(execution.status === 'success', `the callback workflow ended ${execution.status}`);
	check(event.uuid === payout.requestUuid, `the callback is about ${event.uuid}, not ${payout.requestUuid}`);

	// 6. Retrieve ------------------------------------------------------------------------
	step("Retrieve the payout (Pivot → Payout → Get, By Reference ID)");
	const before = (await sandbox.control('requests')).length;
	const lookup = await n8n.executeWorkflow(ids['get-payout-status']);
	check(lookup.ok, `"get-payout-status" failed: ${lookup.error}`);
	const [getCall] = (await sandbox.control('requests')).slice(before).filter((r) => r.route === 'getPayout');
	check(getCall, 'no retrieve request reached the simulator');
	detail('Sent', describeRequest(getCall));
	const [final] = nodeOutput(lookup.output, 'Get Payout by Reference ID');
	detail('Came back', `status ${final.status} (final: ${final.isFinal}), ${final.amount.value} ${final.amount.currency} to ${final.channelCode} ${final.accountNumber} (${final.accountName})`);
	detail('', `created ${final.created}, updated ${final.updated}, reason ${final.reason ?? '(none)'}`);
	check(final.status === 'SUCCESS', `the payout ended ${final.status}${final.reason ? ` (${final.reason})` : ''}`);

	// 7. Summary --------------------------------------------------------------------------
	step('Summary');
	const [record] = (await sandbox.control('payouts')).filter((p) => p.referenceId === payout.referenceId);
	detail('Simulator', `1 payout ${record.referenceId}: ${record.status}, ${rupiah(record.amount)} to ${record.channelCode} ${record.accountNumber}`);
	const stats = await sandbox.control('stats');
	detail('Requests', `${stats.requests} API calls seen by the simulator, ${stats.tokensIssued} access token(s) issued, ${stats.callbacks} callback(s)`);
	say('');
	say(green(bold(`✓ ${rupiah(payout.amount.number)} paid to ${payout.accountName} (${payout.channelCode} ${payout.accountNumber}): final status SUCCESS`)));
	say(dim(`  ${seconds(Date.now() - started)} from the start of this script to here (n8n start-up included; build and install not)`));
	return { ids, examples };
}

async function stopAll() {
	await n8n?.stop().catch(() => {});
	await sandbox?.stop().catch(() => {});
}

function printKeep(ids) {
	say('');
	say(bold('n8n and the simulator keep running (Ctrl+C stops both):'));
	detail('Editor', `${n8n.baseUrl}  (log in as ${OWNER.email} / ${OWNER.password})`);
	detail('Workflows', `Overview → Workflows: the 4 examples; to pay again, open ${n8n.baseUrl}/workflow/${ids['validate-and-pay-one']},`);
	detail('', 'give Beneficiary a new referenceId (INV-2026-0001 is paid; Pivot refuses it twice), press Execute workflow');
	detail('Credential', `"${CREDENTIAL_NAME}" already exists (Overview → Credentials); the examples use it`);
	detail('Simulator', `${sandbox.url}/_sandbox/payouts · /_sandbox/callbacks · /_sandbox/requests (what Pivot saw)`);
	detail('Logs', `${path.relative(REPO_ROOT, n8n.logPath)} · ${path.relative(REPO_ROOT, sandbox.logPath)}`);
	detail('', dim(`n8n's data lives in a temporary folder (${n8n.userFolder}), removed when you stop`));
	say('');
	say(bold('For a Pivot API credential of your own against the simulator, enter:'));
	const fields = [['Environment', 'Custom'], ['Base URL', sandbox.url], ['Client ID', sandbox.clientId],
		['Client Secret', sandbox.clientSecret], ['Callback API Key', sandbox.callbackApiKey]];
	for (const [label, value] of fields) say(`      ${label.padEnd(17)} ${value}`, { redact: false });
	say(dim("      then Save (n8n tests it). These are the simulator's values, new on every start, not secrets."));
}

process.prependListener('SIGINT', () => say('\nStopping n8n and the simulator…'));

try {
	const { ids } = await main();
	if (KEEP) {
		printKeep(ids);
		// From here Ctrl+C is the normal way out: stop both gracefully and exit 0.
		for (const signal of ['SIGINT', 'SIGTERM']) {
			process.removeAllListeners(signal);
			process.once(signal, () => {
				say('\nStopping n8n and the simulator…');
				stopAll().then(() => {
					say('Stopped.');
					process.exit(0);
				});
			});
		}
		await new Promise(() => setInterval(() => {}, 1 << 30));
	}
	await stopAll();
	process.exit(0);
} catch (error) {
	say('');
	say(red(bold(`✗ demo failed at step ${stepNo}: ${error.message}`)));
	if (!(error instanceof DemoError) && error.stack) say(dim(error.stack.split('\n').slice(1, 6).join('\n')));
	if (n8n) say(`  n8n log: ${path.relative(REPO_ROOT, n8n.logPath)}`);
	if (sandbox) say(`  simulator log: ${path.relative(REPO_ROOT, sandbox.logPath)}`);
	await stopAll();
	process.exit(1);
}
