/** What the Balance → Get History engine tests share: parameters and the simulator's settings. */
import type { IDataObject } from 'n8n-workflow';

import { DAY_MS } from '../../../nodes/lib/ledger/dates';
import type { Sandbox } from '../../sandbox';

export const iso = (ms: number): string => new Date(ms).toISOString();

/** Balance → Get History over the last 90 days, every entry, unless `extra` says otherwise. */
export function historyParams(extra: IDataObject = {}): IDataObject {
	const now = Date.now();
	return { resource: 'balance', operation: 'getHistory', start: iso(now - 90 * DAY_MS), end: iso(now), returnAll: true, ...extra };
}

/** POST /_sandbox/config: settings outlive reset(), so a test restores what it changed. */
export async function configure(sandbox: Sandbox, body: IDataObject): Promise<void> {
	const res = await fetch(`${sandbox.url}/_sandbox/config`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	if (res.status !== 200) throw new Error(`config ${JSON.stringify(body)}: ${res.status} ${await res.text()}`);
}
