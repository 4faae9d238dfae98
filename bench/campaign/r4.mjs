// R4: bad input and bad options through real n8n; nothing reaches the simulator.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { callWebhook, payoutRows, printTable, REPO_ROOT, routeDelta, runAndRecord, simStats } from '../lib.mjs';
import { require, tag, results, ids, check, printChecks } from './context.mjs';
import { R4_OPTION_CASES } from './workflows.mjs';

// ---------------------------------------------------------------------------------------
// R4: bad input through real n8n; nothing reaches the simulator
// ---------------------------------------------------------------------------------------
/** The bad-input table of the engine tests, compiled by tsc (test/fixtures/tsconfig.json) and loaded. */
export function loadBadInputs() {
	const project = path.join(REPO_ROOT, 'test', 'fixtures', 'tsconfig.json');
	const built = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', project], { stdio: 'inherit' });
	if (built.status !== 0) throw new Error('tsc could not compile test/fixtures/badInputs.ts');
	return require(path.join(REPO_ROOT, 'node_modules', '.cache', 'pivot-fixtures', 'badInputs.js'));
}

export async function r4(stack) {
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
				callWebhook(n8n.baseUrl, `r4-${destination}-${variant}-${tag}`, { rows: batchFor(bad) }),
			);
			const after = await simStats(sandbox);
			const creates = routeDelta(before, after).createPayout;
			createsTotal += creates;
			const message = execution.data?.resultData?.error?.message ?? '';
			messages[variant] = message;
			const clear =
				execution.status === 'error' &&
				result.status >= 400 &&
				message.startsWith(`Item 3 (index 2): ${bad.field} `) &&
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
			callWebhook(n8n.baseUrl, `r4-option-${k}-${tag}`, { rows: payoutRows(3, `R4-${tag}-opt${k}`) }),
		);
		const creates = routeDelta(before, await simStats(sandbox)).createPayout;
		createsTotal += creates;
		const message = execution.data?.resultData?.error?.message ?? '';
		const clear = execution.status === 'error' && result.status >= 400 && message.startsWith(`Item 1 (index 0): Option "${option.label}"`) && /Nothing was sent/.test(message);
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
		await runAndRecord(rest, ids[`r4-channel-${variant}`], () => callWebhook(n8n.baseUrl, `r4-channel-${variant}-${tag}`, { rows: good }));
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
