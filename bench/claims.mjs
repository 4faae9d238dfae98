#!/usr/bin/env node
// The claims oracle at size (test/engine/payout/create.claimsOracle.test.ts): runs N random
// cases in batches, counting every false claim instead of stopping at the first, and prints the
// figures (cases, claims checked by kind, false claims, duplicate payouts, time per case).
//
//   node bench/claims.mjs                      # 500 cases, random seed
//   node bench/claims.mjs --cases 10000 --parallel 2 --seed 42 --readme
//   node bench/claims.mjs --replay case.json   # the printed case(s) first (one case or a list)
//
// --batch N      cases per jest process (default 500; each batch gets seed + its number)
// --parallel N   jest processes at once (default 1; each has its own simulator)
// --readme       rewrite the "Claims oracle" figures in bench/README.md (between its markers)
// --out FILE     the JSON figures (default artifacts/claims/claims-<cases>-<seed>.json)
// --max-minutes  stop starting new batches after this long (the figures say how many ran)
//
// Exit code 1 when any false claim (known findings included), duplicate payout or error was found.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TEST = 'test/engine/payout/create.claimsOracle.test.ts';
const START = '<!-- claims-oracle:start -->';
const END = '<!-- claims-oracle:end -->';

function option(name, fallback) {
	const at = process.argv.indexOf(`--${name}`);
	if (at < 0) return fallback;
	const value = process.argv[at + 1];
	return value === undefined || value.startsWith('--') ? true : value;
}

const cases = Number(option('cases', 500));
const batch = Math.min(cases, Number(option('batch', 500)));
const parallel = Number(option('parallel', 1));
const seed = Number(option('seed', Math.floor(Math.random() * 2 ** 31)));
const maxMinutes = Number(option('max-minutes', Infinity));
const replay = option('replay', undefined);
const writeReadme = option('readme', false) === true;
const out = path.resolve(ROOT, option('out', `artifacts/claims/claims-${cases}-${seed}.json`));

/** Where each batch's test POSTs its figures (jest's console output is not for machines). */
async function startListener() {
	const received = new Map();
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (d) => (body += d));
		req.on('end', () => {
			received.set(req.url.slice(1), JSON.parse(body));
			res.end('{}');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { url: `http://127.0.0.1:${server.address().port}`, received, close: () => server.close() };
}
const listener = await startListener();

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pivot-claims-'));
const examples = replay ? [JSON.parse(fs.readFileSync(path.resolve(replay), 'utf8'))].flat() : undefined;

/** A jest config: the repository's "nodes" project, this one file, and the survey switch. */
function configFor(name, withExamples) {
	const file = path.join(work, `jest.${name}.config.cjs`);
	const figuresUrl = `${listener.url}/${name}`;
	const globals = { PIVOT_CLAIMS_SURVEY: { figuresUrl, ...(withExamples && examples ? { examples } : {}) } };
	fs.writeFileSync(
		file,
		`const base = require(${JSON.stringify(path.join(ROOT, 'jest.config.js'))});
const nodes = base.projects.find((p) => p.displayName === 'nodes');
module.exports = {
	rootDir: ${JSON.stringify(ROOT)},
	testTimeout: base.testTimeout,
	projects: [{ ...nodes, rootDir: ${JSON.stringify(ROOT)}, displayName: 'claims', roots: ['<rootDir>/test/engine/payout'],
		testMatch: ['**/create.claimsOracle.test.ts'], globals: ${JSON.stringify(globals)} }],
};
`,
	);
	return file;
}

function runBatch(index, size) {
	const config = configFor(`batch-${index}`, index === 0);
	const batchSeed = seed + index;
	const started = Date.now();
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/jest/bin/jest.js'), '--config', config, '--ci'], {
			cwd: ROOT,
			env: { ...process.env, PIVOT_PROPERTY_RUNS: String(size), PIVOT_SEED: String(batchSeed) },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let output = '';
		child.stdout.on('data', (d) => (output += d));
		child.stderr.on('data', (d) => (output += d));
		child.on('close', (code) => {
			const wallMs = Date.now() - started;
			const figures = listener.received.get(`batch-${index}`);
			if (!figures) {
				process.stderr.write(output);
				resolve({ index, seed: batchSeed, failed: `jest exited ${code} without figures`, wallMs });
				return;
			}
			resolve({ index, seed: batchSeed, wallMs, figures });
		});
	});
}

const KINDS = ['paid', 'recovered', 'notPaid', 'notSent', 'atPivot', 'unknown'];

function merge(results) {
	const total = {
		cases: 0,
		runs: 0,
		claims: Object.fromEntries(KINDS.map((k) => [k, 0])),
		falseClaims: 0,
		knownFalseClaims: {},
		duplicates: 0,
		faultsApplied: 0,
		tokenRefusals: 0,
		caseMs: 0,
		slowestCaseMs: 0,
		errors: 0,
		examples: [],
		slowest: [],
		msHistogram: [],
		batches: [],
	};
	for (const r of results) {
		total.batches.push({ seed: r.seed, wallMs: r.wallMs, cases: r.figures?.cases ?? 0, failed: r.failed });
		if (!r.figures) continue;
		const f = r.figures;
		total.cases += f.cases;
		total.runs += f.runs;
		for (const k of KINDS) total.claims[k] += f.claims[k];
		total.falseClaims += f.falseClaims;
		for (const [k, v] of Object.entries(f.knownFalseClaims)) total.knownFalseClaims[k] = (total.knownFalseClaims[k] ?? 0) + v;
		total.duplicates += f.duplicates;
		total.faultsApplied += f.faultsApplied;
		total.tokenRefusals += f.tokenRefusals;
		total.caseMs += f.ms;
		total.slowestCaseMs = Math.max(total.slowestCaseMs, f.slowestCaseMs);
		total.errors += f.errorCount;
		for (const e of f.examples) if (total.examples.length < 20) total.examples.push({ batchSeed: r.seed, ...e });
		total.msHistogram = f.msHistogram.map((n, k) => n + (total.msHistogram[k] ?? 0));
		total.slowest = [...total.slowest, ...f.slowest].sort((a, b) => b.ms - a.ms).slice(0, 5);
	}
	return total;
}

const loadAverage = () => (fs.existsSync('/proc/loadavg') ? Number(fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]) : null);
const loadAtStart = loadAverage();
const started = Date.now();
const sizes = [];
for (let left = cases; left > 0; left -= batch) sizes.push(Math.min(batch, left));
const results = [];
let next = 0;
async function worker() {
	while (next < sizes.length && Date.now() - started < maxMinutes * 60_000) {
		const index = next++;
		const result = await runBatch(index, sizes[index]);
		results.push(result);
		const f = result.figures;
		process.stdout.write(
			`batch ${index + 1}/${sizes.length} (seed ${result.seed}): ${f ? `${f.cases} cases, ${f.falseClaims} false claims, ${JSON.stringify(f.knownFalseClaims)} known, ${f.duplicates} duplicates, ${f.errorCount} errors` : result.failed}, ${(result.wallMs / 1000).toFixed(1)} s\n`,
		);
	}
}
await Promise.all(Array.from({ length: Math.max(1, parallel) }, worker));
results.sort((a, b) => a.index - b.index);
const total = merge(results);
const wallMs = Date.now() - started;
const claimsChecked = KINDS.reduce((sum, k) => sum + total.claims[k], 0);
const summary = {
	date: new Date().toISOString().slice(0, 10),
	seed,
	casesAsked: cases,
	parallel,
	wallSeconds: Math.round(wallMs / 1000),
	casesPerMinute: Number(((total.cases / wallMs) * 60_000).toFixed(1)),
	meanCaseMs: total.cases ? Math.round(total.caseMs / total.cases) : 0,
	claimsChecked,
	machine: `${os.cpus().length} cores, Node ${process.version}`,
	loadAverage: { start: loadAtStart, end: loadAverage() },
	...total,
};
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(summary, null, 1));

const n = (value) => value.toLocaleString('en-US');
const known = Object.entries(total.knownFalseClaims).map(([label, count]) => `${count} ${label}`).join(', ') || '0';
const lines = [
	'| Cases | Runs of the node | Faults injected | Token refusals | Claims checked | paid | recovered | notPaid | notSent | atPivot | unknown | False claims | Known findings | Duplicate payouts | Errors | Wall time | Cases/min | Mean case |',
	'|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
	`| ${n(total.cases)} | ${n(total.runs)} | ${n(total.faultsApplied)} | ${n(total.tokenRefusals)} | ${n(claimsChecked)} | ${KINDS.map((k) => n(total.claims[k])).join(' | ')} | ${total.falseClaims} | ${known} | ${total.duplicates} | ${total.errors} | ${(wallMs / 60_000).toFixed(1)} min (${parallel} process${parallel > 1 ? 'es' : ''}) | ${summary.casesPerMinute} | ${summary.meanCaseMs} ms |`,
];
process.stdout.write(`\n${lines.join('\n')}\n\nseed ${seed}; figures: ${path.relative(ROOT, out)}\n`);
for (const e of total.examples.slice(0, 3)) {
	process.stdout.write(`\nbatch seed ${e.batchSeed}: ${JSON.stringify(e.violations.slice(0, 3), null, 1)}\ncase: ${JSON.stringify(e.case)}\n`);
}

if (writeReadme) {
	const readme = path.join(ROOT, 'bench/README.md');
	const text = fs.readFileSync(readme, 'utf8');
	const firsts = total.examples.slice(0, 5).map(
		(e) => `- batch seed ${e.batchSeed}: ${e.violations.map((v) => `run ${v.run}, item ${v.item}${v.known ? ` (known: ${v.known})` : ""}: ${v.claim}; the simulator holds ${v.holds || "—"}`).join(' / ')}. Case: \`${JSON.stringify(e.case)}\``,
	);
	const block = [
		START,
		`Last run ${summary.date}: \`node bench/claims.mjs --cases ${cases} --batch ${batch} --parallel ${parallel} --seed ${seed}${Number.isFinite(maxMinutes) ? ` --max-minutes ${maxMinutes}` : ''}\` on ${summary.machine}, 1-minute load average ${summary.loadAverage.start} at the start and ${summary.loadAverage.end} at the end` +
			(total.cases < cases ? `, stopped by --max-minutes after ${n(total.cases)} of ${n(cases)} cases` : '') +
			` (batches of ${batch}, batch *k* with seed ${seed} + *k*). Case durations (ms) < 100 / 250 / 500 / 1,000 / 2,000 / 4,000 / more: ${total.msHistogram.join(' / ')}; slowest ${n(total.slowestCaseMs)} ms.`,
		'',
		...lines,
		'',
		...(firsts.length ? ['The first cases with a violation:', '', ...firsts] : ['No false claim, duplicate payout or error in this run.']),
		END,
	].join('\n');
	const updated = text.includes(START) && text.includes(END)
		? text.replace(new RegExp(`${START}[\\s\\S]*?${END}`), block)
		: `${text.trimEnd()}\n\n${block}\n`;
	fs.writeFileSync(readme, updated);
	process.stdout.write('bench/README.md updated\n');
}
fs.rmSync(work, { recursive: true, force: true });
listener.close();
const knownCount = Object.values(total.knownFalseClaims).reduce((a, b) => a + b, 0);
process.exitCode = total.falseClaims + knownCount + total.duplicates + total.errors > 0 ? 1 : 0;
