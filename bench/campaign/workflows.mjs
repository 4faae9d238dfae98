// The workflows every section runs, imported once into the n8n under test.
import { randomBytes } from 'node:crypto';

import { n8nId } from '../../scripts/lib/n8n.mjs';
import { createFromRow, pivotNode, pivotTriggerNode, workflow } from '../../test/support/workflows.mjs';
import { benchWorkflow, pivotCredential } from '../lib.mjs';
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

	const payouts = (name, path, parameters, { credential = main, settings } = {}) =>
		benchWorkflow(name, path, [pivotNode('Pivot', parameters, { credential, settings })]);

	add('r1', payouts('R1 per-item payouts under faults', `r1-${tag}`, createFromRow({ options: R1_NODE_OPTIONS }), { settings: R1_RETRY_ON_FAIL }));
	add('r1c', payouts(
		`R1C per-item payouts under faults, ${R1C_CONCURRENCY} concurrent`,
		`r1c-${tag}`,
		createFromRow({ options: { ...R1_NODE_OPTIONS, concurrency: R1C_CONCURRENCY } }),
		{ settings: R1_RETRY_ON_FAIL },
	));
	add('r2', payouts('R2 2-second tokens', `r2-${tag}`, createFromRow({ options: { retryDelaySeconds: 0.2 } }), {
		credential: shortLived,
		settings: { onError: 'continueRegularOutput' },
	}));
	const trigger = pivotTriggerNode(`${randomBytes(4).toString('hex')}-2222-4000-8000-${randomBytes(6).toString('hex')}`, { credential: main });
	ids.triggerPath = `${trigger.webhookId}/webhook`;
	add('r3', workflow('R3 Pivot Trigger', [trigger], { id: n8nId() }));
	for (const destination of ['channel', 'inquiry']) {
		for (const variant of ['bulk', 'perItem', 'engine']) {
			const params = createFromRow({ sendAs: variant === 'perItem' ? 'perItem' : 'bulk', destination });
			add(`r4-${destination}-${variant}`, payouts(`R4 ${destination} ${variant}`, `r4-${destination}-${variant}-${tag}`, variant === 'engine' ? viaEngine(params) : params));
		}
	}
	R4_OPTION_CASES.forEach((option, k) => {
		const params = createFromRow({ sendAs: option.sendAs ?? 'bulk', options: option.options });
		add(`r4-option-${k}`, payouts(`R4 option ${option.name}`, `r4-option-${k}-${tag}`, params));
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
