/** Payout → Create's summaries of a run stopped midway: what was paid, what was not sent. */

export interface PaidRange {
	first: number;
	last: number;
	requestUuid: string | null;
}

function range(first: number, last: number): string {
	return first === last ? `item ${first}` : `items ${first}–${last}`;
}

/** "Paid in this run: items 0–999 (request UUID …)" for errors that stop a run midway. */
export function paidSoFar(paid: PaidRange[]): string {
	if (paid.length === 0) return '';
	const shown = paid.slice(0, 10).map((p) => `${range(p.first, p.last)} (request UUID ${p.requestUuid ?? 'not returned'})`);
	const more = paid.length > 10 ? ` and ${paid.length - 10} more requests` : '';
	return `Paid in this run: ${shown.join(', ')}${more}.`;
}

/**
 * "Not sent: items 2000–2499." for the items a stopped run never sent. With Retry On Fail, n8n
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
	return indices.length > 1 ? `Create payouts (items ${first}–${last})` : `Create payout (item ${first})`;
}
