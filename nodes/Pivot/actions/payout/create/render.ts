/**
 * Render: every input item comes out exactly once, paired with its input. An accepted request
 * gives its payouts; a failed one gives, per item, what is known about its money (the claims of
 * outcome.ts). Without Continue On Fail the first failure is thrown instead, naming what was paid
 * and what was not sent (messages.ts).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, NodeApiError } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { normalisePayoutItem, payoutList } from '../../../../lib/shapes';
import type { Slot } from '../../../../lib/transport/pool';
import { CREATE_REASON_TEXT, MONEY_STATE_TITLE } from '../../../../lib/transport/errors';
import { pivotError } from '../../../../lib/transport/request';
import { errorJson } from '../../common';
import type { PaidRange } from './messages';
import { chunkLabel, notSentFrom, paidSoFar } from './messages';
import type { ItemClaim } from './outcome';
import { claimNote } from './outcome';
import type { Chunk } from './prepare';
import type { MoneyState, SubmitFailure, SubmitResult } from './send';

/** The output items of a run whose requests were sent (`slots`, one per request, from send.ts). */
export function renderResults(
	context: IExecuteFunctions,
	chunks: Chunk[],
	slots: Array<Slot<SubmitResult>>,
	continueOnFail: boolean,
): INodeExecutionData[] {
	const count = context.getInputData().length;
	const paid: PaidRange[] = [];
	const accepted = new Map<number, IDataObject[]>();
	slots.forEach((slot, n) => {
		if (!slot.started || !slot.ok || !slot.value.ok) return;
		const outputs = acceptedOutputs(chunks[n], slot.value);
		accepted.set(n, outputs);
		const indices = chunks[n].indices;
		paid.push({ first: indices[0], last: indices[indices.length - 1], requestUuid: (outputs[0]?.requestUuid as string | null) ?? null });
	});
	const out: INodeExecutionData[] = [];
	const firstUnstarted = slots.findIndex((slot) => !slot.started);
	// Without Continue On Fail one error is thrown: it also names the other requests that failed.
	const failures = slots.flatMap((slot, n) => {
		if (!slot.started || (slot.ok && slot.value.ok)) return [];
		const failure = slot.ok ? (slot.value as SubmitFailure) : undefined;
		const note = failure ? (failure.claims ? claimNote(failure.claims) : MONEY_STATE_TITLE[failure.money]) : MONEY_STATE_TITLE.unknown;
		return [`${chunkLabel(chunks[n].indices).replace(/^Create payouts? \(|\)$/g, '')} (${note})`];
	});
	const stopNote = [
		paidSoFar(paid),
		!continueOnFail && failures.length > 1 ? `Failed in this run: ${failures.join(', ')}.` : '',
		firstUnstarted >= 0 ? notSentFrom(chunks[firstUnstarted].indices[0], count, context.getNode().retryOnFail === true) : '',
	].filter(Boolean).join(' ');
	for (const [n, slot] of slots.entries()) {
		const chunk = chunks[n];
		if (!slot.started) continue;
		if (slot.ok && slot.value.ok) {
			accepted.get(n)?.forEach((json, k) => out.push({ json, pairedItem: { item: chunk.indices[k] } }));
			continue;
		}
		const error = slot.ok
			? failureError(context, chunk, slot.value as SubmitFailure, stopNote)
			: unexpectedFailure(context, slot.error, chunk, stopNote);
		if (!continueOnFail) throw error;
		const failure = slot.ok ? (slot.value as SubmitFailure) : undefined;
		const claims = failure ? itemClaims(failure, chunk) : chunk.items.map((): ItemClaim => 'unknown');
		chunk.indices.forEach((i, k) => {
			const claim = claims[k];
			// Found paid under its Reference ID, while other items of the request were not: a success.
			const json = claim === 'paid' ? recoveredItem(chunk, failure?.existing?.[k] ?? null) : failedItem(error, chunk, k, claim);
			out.push({ json, pairedItem: { item: i } });
		});
	}
	return out;
}

/** How many items of the run are proved not paid: an AI agent's limits count only the others. */
export function itemsProvedNotPaid(chunks: Chunk[], slots: Array<Slot<SubmitResult>>): number {
	return slots.reduce(
		(sum, slot, n) =>
			sum + (!slot.started ? chunks[n].items.length : slot.ok && !slot.value.ok ? itemClaims(slot.value, chunks[n]).filter((c) => c === 'notPaid').length : 0),
		0,
	);
}

/** An accepted request's outputs: Pivot's record of each payout, matched to its item by Reference ID. */
function acceptedOutputs(chunk: Chunk, result: Extract<SubmitResult, { ok: true }>): IDataObject[] {
	const common = { requestId: chunk.requestId, recovered: result.recovered };
	if ('existing' in result) {
		return result.existing.map((raw) => ({ ...normalisePayoutItem(raw, null), requestStatus: null, ...common }));
	}
	const data = (result.body.data ?? {}) as IDataObject;
	const byReference = new Map(payoutList(data.payouts).map((p) => [String(p.referenceId), p]));
	return chunk.items.map((sent) => {
		const raw = byReference.get(sent.referenceId) ?? (sent as unknown as IDataObject);
		const json = normalisePayoutItem(raw, (data.uuid as string) ?? null);
		return {
			...json,
			requestStatus: data.status ?? null,
			awaitingTopUp: data.status === 'PENDING',
			merchantId: data.merchantId ?? null,
			...common,
		};
	});
}

/** Each item's claim in a failed request: per item where Pivot's records were compared. */
function itemClaims(failure: SubmitFailure, chunk: Chunk): ItemClaim[] {
	return failure.claims ?? chunk.items.map(() => failure.money);
}

/** An item Pivot already holds with the same amount and destination: reported as paid. */
function recoveredItem(chunk: Chunk, existing: IDataObject | null): IDataObject {
	return { ...normalisePayoutItem(existing ?? {}, null), requestStatus: null, requestId: chunk.requestId, recovered: true };
}

/** What Continue On Fail puts on an item that was not paid or whose outcome is unknown. */
function failedItem(error: unknown, chunk: Chunk, k: number, money: MoneyState): IDataObject {
	return {
		...errorJson(error),
		requestId: chunk.requestId,
		referenceId: chunk.items[k].referenceId,
		paymentOutcome: money,
		notSent: false,
	};
}

/** A failure of our own while a request was under way: nothing proves it was not paid. */
function unexpectedFailure(context: IExecuteFunctions, error: unknown, chunk: Chunk, note: string): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		`${chunkLabel(chunk.indices)}: ${(error as Error)?.message ?? String(error)} (${MONEY_STATE_TITLE.unknown})`,
		{
			itemIndex: chunk.indices[0],
			description: `${CREATE_REASON_TEXT.unknown} X-REQUEST-ID: ${chunk.requestId}. ${note}`.trim(),
		},
	);
}

/** Stops before any request: throws, or with Continue On Fail marks every item "not sent". */
export function notSentForAll(context: IExecuteFunctions, index: number, message: string, why: string): INodeExecutionData[] {
	if (!context.continueOnFail()) throw new NodeOperationError(context.getNode(), message, { itemIndex: index });
	return context.getInputData().map((_, i) => ({
		json: { error: i === index ? message : `Not sent: ${why}.`, notSent: true, paymentOutcome: 'notPaid' },
		pairedItem: { item: i },
	}));
}

function failureError(context: IExecuteFunctions, chunk: Chunk, result: SubmitFailure, note: string): NodeApiError {
	const extra = [
		result.detail,
		CREATE_REASON_TEXT[result.reason],
		`X-REQUEST-ID: ${chunk.requestId}. Attempts: ${result.attempts}.`,
		note,
	];
	return pivotError(context.getNode(), result.outcome, {
		itemIndex: chunk.indices[0],
		action: chunkLabel(chunk.indices),
		note: result.claims ? claimNote(result.claims) : MONEY_STATE_TITLE[result.money],
		extra: extra.filter(Boolean).join(' '),
	});
}
