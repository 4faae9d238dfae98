// P1: HTTP calls per job, counted at the simulator, against the floor of ⌈N/1000⌉ creates plus one
// token exchange per token lifetime.
import { callWebhook, payoutRows, printTable, routeDelta, runAndRecord, simStats, sleep, verdict } from '../lib.mjs';
import { TOKEN_SHARING_WINDOW_MS } from '../../test/support/pivot.mjs';
import { P1_CASES, results, runTag, TARGETS } from './context.mjs';

export async function p1(stack) {
	const rows = [];
	for (const c of P1_CASES) {
		if (!c.warm) await sleep(TOKEN_SHARING_WINDOW_MS);
		await stack.sandbox.control('reset', 'POST');
		const before = await simStats(stack.sandbox);
		const { result: call, execution } = await runAndRecord(stack.rest, c.workflowId, () =>
			callWebhook(stack.n8n.baseUrl, `p1-${c.mode}-${c.n}`, {
				rows: payoutRows(c.n, `P1-${runTag}-${c.mode}-${c.n}${c.warm ? '-warm' : ''}`),
			}),
		);
		const after = await simStats(stack.sandbox);
		const delta = routeDelta(before, after);
		const payouts = (await stack.sandbox.control('payouts')).length;
		const calls = delta.token + delta.createPayout;
		const tokenFloor = c.warm ? 0 : 1;
		const bulkFloor = Math.ceil(c.n / 1000) + tokenFloor;
		const floor = c.mode === 'bulk' ? bulkFloor : c.n + tokenFloor;
		const ratio = calls / floor;
		const ok = execution.status === 'success' && call.status === 200 && payouts === c.n && ratio === 1;
		rows.push({
			mode: `${c.mode === 'bulk' ? 'bulk' : 'per item'}${c.warm ? ' (2nd job, token held)' : ''}`,
			n: c.n,
			tokenExchanges: delta.token,
			creates: delta.createPayout,
			otherCalls: delta.total - delta.token - delta.createPayout,
			totalHttpCalls: delta.total,
			payoutsAtSimulator: payouts,
			floor,
			floorNote: `${c.mode === 'bulk' ? '⌈N/1000⌉' : 'N (per-item mode)'}${c.warm ? ' + 0' : ' + 1'}`,
			ratio,
			ratioToBulkFloor: calls / bulkFloor,
			target: '1.00',
			result: verdict(ok),
			executionStatus: execution.status,
		});
	}
	printTable(
		'P1  HTTP calls per job (counted at the simulator; floor = ⌈N/1000⌉ creates + 1 token exchange per 900 s)',
		[
			{ key: 'mode', label: 'mode' },
			{ key: 'n', label: 'N' },
			{ key: 'tokenExchanges', label: 'token' },
			{ key: 'creates', label: 'creates' },
			{ key: 'otherCalls', label: 'other' },
			{ key: 'totalHttpCalls', label: 'total HTTP' },
			{ key: 'payoutsAtSimulator', label: 'payouts' },
			{ key: 'floorNote', label: 'floor' },
			{ key: 'floor', label: '= calls' },
			{ key: 'ratio', label: 'calls ÷ floor', digits: 2 },
			{ key: 'ratioToBulkFloor', label: '÷ bulk floor', digits: 2 },
			{ key: 'target', label: 'target' },
			{ key: 'result', label: 'result' },
		],
		rows,
	);
	const pass = rows.every((r) => r.result === 'PASS');
	results.figures.P1 = { target: TARGETS.P1, pass, rows };
	return pass;
}
