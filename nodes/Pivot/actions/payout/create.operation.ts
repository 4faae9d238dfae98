import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, NodeApiError } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { BatchAccount } from '../../../lib/batchDigest';
import { approvalMismatch, batchAccount } from '../../../lib/batchDigest';
import type { Payer } from '../../../lib/idempotency';
import { normalisePayoutItem, payoutList } from '../../../lib/shapes';
import { CREDENTIAL_NAME, pivotError } from '../../../lib/transport/request';
import { errorJson } from '../common';
import { agentLimits, agentRefusal, isAgentToolCall, recordAgentPayouts } from './agentGuard';
import { readApprovedBatch, readPreviewSwitch } from './create.approval';
import { createFields } from './create.fields';
import { previewBatch, previewInvalid, sealBatch } from './create.preview';
import type { PaidRange } from './create.messages';
import { runPool, Throttle } from '../../../lib/transport/pool';
import { CREATE_REASON_TEXT, MONEY_STATE_TITLE } from '../../../lib/transport/errors';
import { chunkLabel, notSentFrom, paidSoFar } from './create.messages';
import type { Chunk } from './create.prepare';
import { prepareCreate } from './create.prepare';
import type { ItemClaim } from './create.outcome';
import { claimNote } from './create.outcome';
import type { MoneyState, SubmitFailure, SubmitResult } from './submit';
import { submitPayouts } from './submit';

export const description: INodeProperties[] = createFields;

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
function notSentForAll(context: IExecuteFunctions, index: number, message: string, why: string): INodeExecutionData[] {
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

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const count = this.getInputData().length;
	if (count === 0) return [];
	const continueOnFail = this.continueOnFail();

	// Read as stored, never evaluated: an expression could turn one run into a payment.
	const mode = readPreviewSwitch(this);
	if (!mode.ok) return notSentForAll(this, 0, `${mode.problem}. Nothing was sent.`, 'the preview switch is an expression');
	const { preview } = mode.value;

	// An AI agent's call is refused on the node's own settings first, before its input is judged.
	// A preview sends nothing, so it is not an agent's payout.
	const byAgent = isAgentToolCall(this);
	const limits = byAgent && !preview ? agentLimits(this) : undefined;
	if (limits && 'refusal' in limits) return notSentForAll(this, 0, `${limits.refusal}. Nothing was sent.`, 'refused for AI agents');
	const approved = preview ? ({ ok: true, value: undefined } as const) : readApprovedBatch(this, byAgent);
	if (!approved.ok) return notSentForAll(this, 0, `${approved.problem}. Nothing was sent.`, 'the batch is not bound to an approval');

	// Options, fields and the whole batch are checked before the first request: one bad row stops everything.
	// Who pays is part of every X-REQUEST-ID, and of the batch digest.
	let payer: Payer;
	let account: BatchAccount;
	try {
		const credentials = await this.getCredentials(CREDENTIAL_NAME);
		payer = { clientId: String(credentials.clientId ?? ''), subMerchantId: String(credentials.subMerchantId ?? '') };
		account = batchAccount(credentials);
	} catch (error) {
		return notSentForAll(this, 0, `${(error as Error).message}. Nothing was sent.`, 'the Pivot credential could not be read');
	}
	const prepared = prepareCreate(this, payer, preview);
	if (!prepared.ok) {
		if (prepared.invalidRows) return previewInvalid(this, prepared.invalidRows, prepared.rows ?? []);
		const message = `Item ${prepared.index}: ${prepared.problem}. Nothing was sent: fix the item and run again.`;
		return notSentForAll(this, prepared.index, message, `item ${prepared.index} is invalid (${prepared.field})`);
	}
	if (preview) return await previewBatch(this, account, prepared.chunks, mode.value.checkBalance);
	if (approved.value) {
		// Recomputed from what is about to be sent: any difference stops the whole batch unsent.
		const mismatch = approvalMismatch(approved.value, sealBatch(account, prepared.chunks).approval);
		if (mismatch) return notSentForAll(this, 0, `${mismatch}. Nothing was sent.`, 'the batch is not the one approved');
	}
	if (limits) {
		const refusal = agentRefusal(this, prepared.chunks.flatMap((chunk) => chunk.items), limits);
		if (refusal) return notSentForAll(this, 0, `${refusal}. Nothing was sent.`, 'refused for AI agents');
		// Reserved before the first await, so a call running alongside sees it.
		recordAgentPayouts(this, count);
	}

	// Requests start in item order, at most Concurrent Requests at once, with one 429 brake for all.
	// Without Continue On Fail, a failure stops new requests; those under way finish first.
	const { chunks } = prepared;
	const throttle = new Throttle();
	let failed = false;
	const slots = await runPool(
		chunks.length,
		prepared.concurrency,
		async (n) =>
			await submitPayouts
				.call(this, chunks[n].items, { ...chunks[n].settings, throttle })
				.then((result) => {
					if (!result.ok) failed = true;
					return result;
				})
				.catch((error: unknown) => {
					failed = true;
					// Kept as it is: unexpectedFailure() turns it into an "outcome unknown" error below.
					return Promise.reject(error);
				}),
		() => failed && !continueOnFail,
	);

	const paid: PaidRange[] = [];
	const accepted = new Map<number, IDataObject[]>();
	slots.forEach((slot, n) => {
		if (!slot.started || !slot.ok || !slot.value.ok) return;
		const outputs = acceptedOutputs(chunks[n], slot.value);
		accepted.set(n, outputs);
		const indices = chunks[n].indices;
		paid.push({ first: indices[0], last: indices[indices.length - 1], requestUuid: (outputs[0]?.requestUuid as string | null) ?? null });
	});
	if (byAgent) {
		const provedNotPaid = slots.reduce(
			(sum, slot, n) =>
				sum + (!slot.started ? chunks[n].items.length : slot.ok && !slot.value.ok ? itemClaims(slot.value, chunks[n]).filter((c) => c === 'notPaid').length : 0),
			0,
		);
		recordAgentPayouts(this, -provedNotPaid);
	}

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
		firstUnstarted >= 0 ? notSentFrom(chunks[firstUnstarted].indices[0], count, this.getNode().retryOnFail === true) : '',
	].filter(Boolean).join(' ');
	for (const [n, slot] of slots.entries()) {
		const chunk = chunks[n];
		if (!slot.started) continue;
		if (slot.ok && slot.value.ok) {
			accepted.get(n)?.forEach((json, k) => out.push({ json, pairedItem: { item: chunk.indices[k] } }));
			continue;
		}
		const error = slot.ok
			? failureError(this, chunk, slot.value as SubmitFailure, stopNote)
			: unexpectedFailure(this, slot.error, chunk, stopNote);
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
