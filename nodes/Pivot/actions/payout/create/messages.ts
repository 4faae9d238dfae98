/** Payout → Create's summaries of a run stopped midway: what was paid, what was not sent. */
import { itemText } from '../../../../lib/itemLabel';

export interface PaidRange {
	first: number;
	last: number;
	requestUuid: string | null;
}

const range = itemText;

/** "Paid in this run: items 1–1000 (index 0–999) in request UUID …" for errors that stop a run midway. */
export function paidSoFar(paid: PaidRange[]): string {
	if (paid.length === 0) return '';
	const shown = paid.slice(0, 10).map((p) => `${range(p.first, p.last)} in request UUID ${p.requestUuid ?? 'not returned'}`);
	const more = paid.length > 10 ? ` and ${paid.length - 10} more requests` : '';
	return `Paid in this run: ${shown.join(', ')}${more}.`;
}

/**
 * "Not sent: items 2001–2500 (index 2000–2499)." for the items a stopped run never sent. With Retry On Fail, n8n
 * shows only the last try's error, and an earlier try may have sent (and paid) those items.
 */
export function notSentFrom(first: number, count: number, retried = false): string {
	if (first >= count) return '';
	if (!retried) return `Not sent: ${range(first, count - 1)}.`;
	return `Not sent by this try: ${range(first, count - 1)}; with Retry On Fail an earlier try may have sent and paid them, so look their Reference IDs up before paying them another way.`;
}

export function chunkLabel(indices: number[]): string {
	const first = indices[0];
	const last = indices[indices.length - 1];
	return `${indices.length > 1 ? 'Create payouts' : 'Create payout'} for ${itemText(first, last)}`;
}
