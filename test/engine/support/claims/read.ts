/**
 * Reading the claims: every money claim the node made in a run, from its output items (per On
 * Error setting) or from its Stop error (its title, and what it lists as paid, failed and not
 * sent). Problems of shape and placement (an item missing, twice, or on the wrong output) are
 * collected apart.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { RunResult } from '../harness';
import type { OnError } from './generator';

export type ClaimKind = 'paid' | 'recovered' | 'notPaid' | 'notSent' | 'atPivot' | 'unknown';
export const CLAIM_KINDS: ClaimKind[] = ['paid', 'recovered', 'notPaid', 'notSent', 'atPivot', 'unknown'];

export type Kind = Exclude<ClaimKind, 'notSent'>;

export interface Claim {
	item: number;
	kind: Kind;
	notSent: boolean;
	/** Where the claim was read (an output item, or a part of the Stop error). */
	source: string;
	requestUuid?: string;
	referenceId?: string;
	/** Several kinds, one of which holds (a Stop title "1 already paid, 1 not paid"). */
	anyOf?: Kind[];
	/** "Not sent by this try": only the last of n8n's tries (Retry On Fail) is meant. */
	lastTryOnly?: boolean;
}

const TITLES: Record<string, Kind> = {
	'not paid': 'notPaid',
	'already at Pivot': 'atPivot',
	'outcome unknown': 'unknown',
	'already paid': 'paid',
};

function pairedIndex(item: INodeExecutionData): number | undefined {
	const paired = item.pairedItem;
	if (typeof paired === 'number') return paired;
	if (Array.isArray(paired)) return paired.length === 1 ? paired[0].item : undefined;
	return paired?.item;
}

function indices(first: string, last: string | undefined): number[] {
	const a = Number(first);
	const b = last === undefined ? a : Number(last);
	return Array.from({ length: b - a + 1 }, (_, k) => a + k);
}

/** Every claim of an output item; problems of shape and placement go to `shape`. */
export function outputClaims(result: RunResult, onError: OnError, count: number, shape: string[]): Claim[] {
	const claims: Claim[] = [];
	const seen = new Map<number, number>();
	const read = (item: INodeExecutionData, output: 'main' | 'error') => {
		const index = pairedIndex(item);
		if (index === undefined || index < 0 || index >= count) {
			shape.push(`an item on the ${output} output is paired to ${JSON.stringify(item.pairedItem)}`);
			return;
		}
		seen.set(index, (seen.get(index) ?? 0) + 1);
		const json = item.json;
		const failure =
			typeof json.error === 'string' && json.error !== ''
				? { ...json, message: json.error }
				: json.error !== null && typeof json.error === 'object' && !Array.isArray(json.error)
					? (json.error as IDataObject)
					: undefined;
		if (!failure) {
			if (output === 'error') shape.push(`item ${index} is on the error output without an error`);
			claims.push({
				item: index,
				kind: json.recovered === true ? 'recovered' : 'paid',
				notSent: false,
				source: `${output} output`,
				requestUuid: typeof json.requestUuid === 'string' ? json.requestUuid : undefined,
				referenceId: String(json.referenceId),
			});
			return;
		}
		if (onError === 'stop') shape.push(`item ${index} failed but On Error is Stop`);
		if (onError === 'continue' && typeof json.error !== 'string') shape.push(`item ${index}: Continue needs a text error`);
		if (onError === 'errorOutput' && output === 'main') shape.push(`item ${index} failed but is on the success output`);
		const outcome = failure.paymentOutcome;
		if (outcome !== 'notPaid' && outcome !== 'atPivot' && outcome !== 'unknown') {
			shape.push(`item ${index} failed with paymentOutcome ${JSON.stringify(outcome)}`);
			return;
		}
		if (typeof failure.notSent !== 'boolean') shape.push(`item ${index} failed without notSent`);
		claims.push({ item: index, kind: outcome, notSent: failure.notSent === true, source: `${output} output: ${String(failure.message)}` });
	};
	result.items.forEach((item) => read(item, 'main'));
	result.errorItems.forEach((item) => read(item, 'error'));
	for (let i = 0; i < count; i++) {
		if ((seen.get(i) ?? 0) !== 1) shape.push(`input item ${i} came out ${seen.get(i) ?? 0} times`);
	}
	return claims;
}

/** The claims of a Stop error: its title (for its request), what it lists as paid, failed and not sent. */
export function stopClaims(error: NonNullable<RunResult['error']>, count: number, shape: string[]): Claim[] {
	const message = error.message ?? '';
	const description = String(error.description ?? '');
	const claims: Claim[] = [];
	if (/Nothing was sent/.test(message)) {
		for (let i = 0; i < count; i++) claims.push({ item: i, kind: 'notPaid', notSent: true, source: `Stop: ${message}` });
		return claims;
	}
	const title = /^Create payouts? \(items? (\d+)(?:–(\d+))?\): .*\(([^()]+)\)$/.exec(message);
	if (!title) {
		shape.push(`Stop error without a money title: ${message}`);
		return claims;
	}
	claims.push(...noteClaims(indices(title[1], title[2]), title[3], `Stop title: ${message}`, shape));
	const paid = /Paid in this run: ([^.]*)\./.exec(description);
	for (const entry of paid?.[1].split(/, (?=items? \d)/) ?? []) {
		const m = /^items? (\d+)(?:–(\d+))? \(request UUID ([^)]+)\)/.exec(entry);
		if (!m) {
			shape.push(`unreadable "Paid in this run" entry: ${entry}`);
			continue;
		}
		const uuid = m[3] === 'not returned' ? undefined : m[3];
		for (const i of indices(m[1], m[2])) claims.push({ item: i, kind: 'paid', notSent: false, requestUuid: uuid, source: `Stop: Paid in this run: ${entry}` });
	}
	const failed = /Failed in this run: ([^.]*)\./.exec(description);
	for (const entry of failed?.[1].split(/, (?=items? \d)/) ?? []) {
		const m = /^items? (\d+)(?:–(\d+))? \(([^()]+)\)$/.exec(entry);
		if (!m) shape.push(`unreadable "Failed in this run" entry: ${entry}`);
		else claims.push(...noteClaims(indices(m[1], m[2]), m[3], `Stop: Failed in this run: ${entry}`, shape));
	}
	// "Not sent: items …" (the run), or with Retry On Fail "Not sent by this try: items …; …".
	const notSent = /Not sent( by this try)?: items? (\d+)(?:–(\d+))?[.;]/.exec(description);
	for (const i of notSent ? indices(notSent[2], notSent[3]) : []) {
		claims.push({ item: i, kind: 'notPaid', notSent: true, lastTryOnly: notSent?.[1] !== undefined, source: `Stop: ${notSent?.[0]}` });
	}
	return claims;
}

/** The claims of a note naming a request's items: one claim ("not paid") or counts ("1 already paid, 1 not paid"). */
function noteClaims(items: number[], note: string, source: string, shape: string[]): Claim[] {
	if (TITLES[note]) return items.map((item) => ({ item, kind: TITLES[note], notSent: false, source }));
	const parts = note.split(', ').map((part) => /^(\d+) (.+)$/.exec(part));
	const kinds = parts.map((p) => (p ? TITLES[p[2]] : undefined));
	if (parts.some((p) => !p) || kinds.some((k) => !k)) {
		shape.push(`a note naming no known claim: ${source}`);
		return [];
	}
	const total = parts.reduce((sum, p) => sum + Number(p?.[1]), 0);
	if (total !== items.length) shape.push(`the note counts ${total} items for a request of ${items.length}: ${source}`);
	return items.map((item) => ({ item, kind: kinds[0] as Kind, anyOf: kinds as Kind[], notSent: false, source }));
}
