// Safety campaign R1–R5, in a real n8n 2.41.1 against the Pivot simulator (loopback).
//
//   npm run campaign                      # --size small (CI): 100 payouts in R1
//   npm run campaign -- --size full       # the full sizes: 1,000 payouts in R1
//   node bench/campaign.mjs [--size small|full] [--only R1,R3] [--keep-going]
//
// R1C is R1 again with Concurrent Requests = 8: same faults, same checks, its own references.
//
// Every figure comes from the simulator's inspection API (/_sandbox/payouts, requests, callbacks,
// stats, tokens) or from n8n's own records (executions over REST, its log, its database file),
// never from what the node says about itself. Exit code 1 when any check fails. Writes
// artifacts/campaign/campaign-<size>-<date>.json; a full-size run also bench/results/campaign-full.json.
//
// One module per section under bench/campaign/ (context, exactlyOnce, workflows, r1 … r5, forgeries).
import path from 'node:path';
import { artifactsDir, mixedCaseKey, printTable, REPO_ROOT, say, startStack, verdict, writeJson } from './lib.mjs';
import { SIZE, SECTIONS, ONLY, R1C_CONCURRENCY, results, failures, check } from './campaign/context.mjs';
import { buildWorkflows } from './campaign/workflows.mjs';
import { r1 } from './campaign/r1.mjs';
import { r2 } from './campaign/r2.mjs';
import { r3 } from './campaign/r3.mjs';
import { r4 } from './campaign/r4.mjs';
import { r5 } from './campaign/r5.mjs';

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
