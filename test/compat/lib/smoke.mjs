// Helpers of the smoke suite (test/compat/oldest.smoke.test.mjs). No import of the harness here:
// the suite chooses the n8n target before the harness loads.
import assert from 'node:assert/strict';
import { payoutRowMaker, waitFor } from '../../support/pivot.mjs';
import { pivotTriggerNode, workflow } from '../../support/workflows.mjs';

export { waitFor };

export const payoutRow = payoutRowMaker('Smoke payout');

/** A workflow with only a Pivot Trigger (fixed webhookId, so its URL is known before start). */
export function triggerOnly(webhookId, credential) {
	return workflow('Smoke: Pivot Trigger', [pivotTriggerNode(webhookId, { credential })]);
}

const finished = (e) => !['new', 'running', 'waiting'].includes(e.status);

/**
 * Runs a webhook workflow of test/e2e/lib/workflows.mjs (POST { rows }), waits for its new
 * execution and checks that it succeeded with no failed item in the node named `node`.
 * Returns { status, items, execution, output } (output: that node's items).
 */
export async function runWorkflow({ rest, baseUrl, workflowId, slug, rows, node = 'Pivot', timeoutMs = 120_000 }) {
	const known = new Set((await rest.listExecutions({ workflowId })).map((e) => e.id));
	const response = await fetch(`${baseUrl}/webhook/${slug}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ rows }),
	});
	const text = await response.text();
	const fresh = await waitFor(
		`a new execution of ${workflowId}`,
		async () => (await rest.listExecutions({ workflowId })).find((e) => !known.has(e.id) && finished(e)),
		{ timeoutMs },
	);
	const execution = await rest.getExecution(fresh.id);
	const message = execution.data?.resultData?.error?.message;
	assert.equal(execution.status, 'success', `execution ${fresh.id} ${execution.status}: ${message}`);
	assert.equal(response.status, 200, text.slice(0, 500));
	const output = execution.data.resultData.runData[node]?.[0]?.data?.main?.[0]?.map((item) => item.json);
	assert.ok(Array.isArray(output), `${node} has no output`);
	for (const item of output) assert.equal(item.error, undefined, `failed item: ${JSON.stringify(item)}`);
	return { status: response.status, items: text, execution, output };
}

/**
 * A pass-through proxy in front of the simulator that answers its token refusals (HTTP 401 with
 * code credentials_invalid, outside the token exchange) with `status` instead: a Pivot that
 * refuses an expired token with another status, which n8n itself does not refresh on. Counts
 * what it rewrote.
 */
export async function startRefusalRewriter(target, status = 403) {
	const http = await import('node:http');
	let rewritten = 0;
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const url = new URL(req.url, target);
			const upstream = http.request(url, { method: req.method, headers: { ...req.headers, host: url.host }, agent: false }, (up) => {
				const body = [];
				up.on('data', (c) => body.push(c));
				up.on('end', () => {
					const text = Buffer.concat(body);
					let answer = up.statusCode;
					if (up.statusCode === 401 && !req.url.startsWith('/v1/access-token') && /"credentials_invalid"/.test(text.toString('utf8'))) {
						answer = status;
						rewritten++;
					}
					const headers = { ...up.headers, 'content-length': String(text.length) };
					delete headers['transfer-encoding'];
					delete headers.connection;
					res.writeHead(answer, headers);
					res.end(text);
				});
			});
			upstream.on('error', () => req.socket.destroy());
			upstream.end(Buffer.concat(chunks));
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}`,
		rewritten: () => rewritten,
		stop: () => new Promise((resolve) => server.close(resolve)),
	};
}
