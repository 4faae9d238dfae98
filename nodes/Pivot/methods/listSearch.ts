import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { PIVOT_CHANNELS } from '../../lib/channels';

/** Channel list for the Channel Code picker, searchable by bank name or code. */
export async function searchChannels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const needle = (filter ?? '').trim().toLowerCase();
	const results = PIVOT_CHANNELS.filter(
		(c) => !needle || c.code.toLowerCase().includes(needle) || c.name.toLowerCase().includes(needle),
	).map((c) => ({
		name: `${c.name} (${c.code})${c.kind === 'ewallet' ? ' · e-wallet' : ''}`,
		value: c.code,
	}));
	return { results };
}
