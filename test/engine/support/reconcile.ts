/** What the Payout → Reconcile and Payout → Get (Wait Until Final) engine tests share. */
import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../../sandbox';

/** Payout → Reconcile reading every field of the record from the input item. */
export function reconcileParams(options: IDataObject = {}): IDataObject {
	return {
		resource: 'payout',
		operation: 'reconcile',
		referenceId: '={{ $json.referenceId }}',
		expectedAmount: '={{ $json.amount }}',
		expectedAccountNumber: '={{ $json.accountNumber }}',
		expectedChannel: '={{ $json.channel }}',
		requestUuid: '={{ $json.requestUuid }}',
		options,
	};
}

/** A record of yours: Reference ID and amount, and the optional fields. */
export function record(referenceId: string, amount: string | number = 150000, extra: IDataObject = {}): IDataObject {
	return { referenceId, amount, ...extra };
}

/** The simulator's own settings (processing delay…), through its control API. */
export async function configureSandbox(sandbox: Sandbox, config: IDataObject): Promise<void> {
	const response = await fetch(`${sandbox.url}/_sandbox/config`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(config),
	});
	if (!response.ok) throw new Error(`sandbox config: ${response.status} ${await response.text()}`);
}

/** The look-ups by Reference ID the simulator answered, by Reference ID. */
export function referenceLookUps(sandbox: Sandbox): string[] {
	return sandbox
		.requests()
		.filter((r) => r.route === 'getPayout' && r.query.type === 'single')
		.map((r) => decodeURIComponent(r.path.replace('/v1/payouts/', '')));
}
