// R5: no secret in anything the campaign produced.
import fs from 'node:fs';
import path from 'node:path';
import { allExecutions, printed, printTable } from '../lib.mjs';
import { tag, results, check, printChecks } from './context.mjs';

// ---------------------------------------------------------------------------------------
// R5: secrets in everything the campaign produced
// ---------------------------------------------------------------------------------------
export function listFiles(dir) {
	const out = [];
	if (!fs.existsSync(dir)) return out;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) out.push(...listFiles(full));
		else if (entry.isFile()) out.push(full);
	}
	return out;
}

export async function r5(stack) {
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
