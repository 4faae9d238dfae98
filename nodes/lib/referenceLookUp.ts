/**
 * What an answer to `GET /v1/payouts/{referenceId}?type=single` means. Payout → Create's recovery,
 * Payout → Reconcile and Payout → Get all read it here, so the same answer gives the same claim
 * everywhere. "None" (proof that Pivot holds no payout under this Reference ID) needs Pivot's own
 * `resource_missing` answer or a success envelope whose `data` is a genuine empty array. Anything
 * else that names no payout under this exact Reference ID is unreadable: a bare 404 (a proxy, a
 * wrong Base URL), a success envelope without a list (`data` missing, null or text), or a list
 * holding only other Reference IDs (another letter case, a trimmed copy), which a Pivot that
 * matches loosely could send while the payout asked for exists.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { Throttle } from './transport/pool';
import type { PivotOutcome } from './transport/request';
import { sendToPivot } from './transport/request';

type Failure = Extract<PivotOutcome, { ok: false }>;

export type ReferenceReading =
	/** Pivot's payouts under exactly this Reference ID, as Pivot sent them. */
	| { kind: 'found'; payouts: IDataObject[] }
	/** Proved: Pivot holds no payout under this Reference ID. */
	| { kind: 'none' }
	/** No answer Pivot finished with success (network, timeout, HTTP error other than resource_missing). */
	| { kind: 'failed'; outcome: Failure }
	/** A success envelope listing payouts, none under this exact Reference ID. */
	| { kind: 'foreign'; referenceIds: string[] }
	/** A success envelope whose `data` is neither a list nor a payout. */
	| { kind: 'noList' };

/** Pivot's own "not found": its envelope with `resource_missing`, never a bare 404. */
export function isPivotNotFound(outcome: Failure): boolean {
	return outcome.body?.code === 'resource_missing';
}

/** Reads one answer for `referenceId` (compared exactly, letter case included). */
export function readReferenceAnswer(outcome: PivotOutcome, referenceId: string): ReferenceReading {
	if (!outcome.ok) return isPivotNotFound(outcome) ? { kind: 'none' } : { kind: 'failed', outcome };
	const data: unknown = outcome.body.data;
	let list: IDataObject[];
	if (Array.isArray(data)) {
		if (data.length === 0) return { kind: 'none' };
		list = data.filter((p): p is IDataObject => typeof p === 'object' && p !== null);
	} else if (typeof data === 'object' && data !== null) {
		// One payout sent as an object rather than a list of one.
		list = [data as IDataObject];
	} else {
		return { kind: 'noList' };
	}
	const mine = list.filter((p) => typeof p.referenceId === 'string' && p.referenceId === referenceId);
	if (mine.length === 0) return { kind: 'foreign', referenceIds: list.map((p) => String(p.referenceId ?? '')) };
	return { kind: 'found', payouts: mine };
}

/** Why a reading other than found, none or failed proves nothing, for a message (what to check). */
export function unreadableText(reading: Extract<ReferenceReading, { kind: 'foreign' | 'noList' }>): string {
	if (reading.kind === 'noList') return 'Pivot answered with success but without a list of payouts, which proves nothing';
	const shown = reading.referenceIds.slice(0, 3).map((ref) => (ref ? `"${ref}"` : '(none)'));
	const more = reading.referenceIds.length > 3 ? ` and ${reading.referenceIds.length - 3} more` : '';
	return `Pivot answered with payouts under other Reference IDs (${shown.join(', ')}${more}), none under this exact one`;
}

/** Asks Pivot for the payouts under `referenceId` and reads the answer; never throws. */
export async function lookUpReference(this: IExecuteFunctions, referenceId: string, throttle?: Throttle): Promise<ReferenceReading> {
	const outcome = await sendToPivot.call(this, {
		method: 'GET',
		path: `/v1/payouts/${encodeURIComponent(referenceId)}`,
		qs: { type: 'single' },
		throttle,
		retryRateLimited: true,
	});
	return readReferenceAnswer(outcome, referenceId);
}
