// R3: forged and genuine callbacks through the Pivot Trigger, and redeliveries.
import { randomBytes } from 'node:crypto';
import { allExecutions, executionCount, issueToken, mixedCaseKey, payoutRows, pivotItem, printTable, simStats, sleep } from '../lib.mjs';
import { tag, results, ids, check, printChecks } from './context.mjs';
import { rawRequest, forgeries } from './forgeries.mjs';

export function callbackIdentity(item) {
	return [item.event, item.uuid, item.referenceId ?? '', item.status ?? '', item.reason ?? '', JSON.stringify(item.totals ?? null)].join('|');
}

export async function triggerItems(rest) {
	const list = await allExecutions(rest, ids.r3);
	const out = [];
	for (const e of list) {
		const execution = await rest.getExecution(e.id);
		const items = execution.data?.resultData?.runData?.['Pivot Trigger']?.[0]?.data?.main?.[0] ?? [];
		for (const item of items) out.push({ executionId: e.id, status: execution.status, json: item.json });
	}
	return out;
}

export async function waitForCount(rest, workflowId, count, timeoutMs = 60_000) {
	const deadline = Date.now() + timeoutMs;
	let n = await executionCount(rest, workflowId);
	while (n < count && Date.now() < deadline) {
		await sleep(200);
		n = await executionCount(rest, workflowId);
	}
	return n;
}

export async function r3(stack) {
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
