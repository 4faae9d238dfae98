// The workflows every section runs, imported once into the n8n under test.
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { chain, createPayoutParameters, credentialRef, pivotCredential, pivotNode, splitOutNode, webhookNode } from '../lib.mjs';
import { R1_NODE_OPTIONS, R1_RETRY_ON_FAIL, R1C_CONCURRENCY, tag, ids } from './context.mjs';

// ---------------------------------------------------------------------------------------
// Workflows
// ---------------------------------------------------------------------------------------
/** The same parameters with `$json.x` written `$json["x"]`: n8n's expression engine, no fast path. */
export function viaEngine(parameters) {
	return JSON.parse(JSON.stringify(parameters).replace(/\$json\.([A-Za-z]+)/g, '$json[\\"$1\\"]'));
}

export async function buildWorkflows({ sandbox }) {
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
export const R4_OPTION_CASES = [
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
