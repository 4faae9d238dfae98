import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { normalisePayoutItem, payoutList } from '../../../shared/shapes';
import { pivotError } from '../../../shared/transport/request';
import { errorJson } from '../common';
import { agentRefusal, isAgentToolCall, recordAgentPayouts } from './agentGuard';
import { createFields } from './create.fields';
import type { PaidRange } from './create.messages';
import { chunkLabel, CREATE_REASON_TEXT, MONEY_STATE_TITLE, notSentAfter, paidSoFar } from './create.messages';
import type { Chunk } from './create.prepare';
import { prepareCreate } from './create.prepare';
import type { MoneyState, SubmitResult } from './submit';
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

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const count = this.getInputData().length;
	if (count === 0) return [];
	const continueOnFail = this.continueOnFail();

	// Options, fields and the whole batch are checked before the first request: one bad row stops everything.
	const prepared = prepareCreate(this);
	if (!prepared.ok) {
		const message = `Item ${prepared.index}: ${prepared.problem}. Nothing was sent: fix the item and run again.`;
		return notSentForAll(this, prepared.index, message, `item ${prepared.index} is invalid (${prepared.field})`);
	}
	const byAgent = isAgentToolCall(this);
	if (byAgent) {
		const refusal = agentRefusal(this, prepared.chunks.flatMap((chunk) => chunk.items));
		if (refusal) return notSentForAll(this, 0, `${refusal}. Nothing was sent.`, 'refused for AI agents');
	}

	const out: INodeExecutionData[] = [];
	const paid: PaidRange[] = [];
	for (const chunk of prepared.chunks) {
		const first = chunk.indices[0];
		const last = chunk.indices[chunk.indices.length - 1];
		const stopNote = [paidSoFar(paid), continueOnFail ? '' : notSentAfter(last, count)].filter(Boolean).join(' ');
		let result: SubmitResult;
		try {
			result = await submitPayouts.call(this, chunk.items, chunk.settings);
		} catch (caught) {
			const error = unexpectedFailure(this, caught, chunk, stopNote);
			if (!continueOnFail) throw error;
			chunk.indices.forEach((i, k) => out.push({ json: failedItem(error, chunk, k, 'unknown'), pairedItem: { item: i } }));
			continue;
		}
		if (result.ok) {
			const outputs = acceptedOutputs(chunk, result);
			outputs.forEach((json, k) => out.push({ json, pairedItem: { item: chunk.indices[k] } }));
			paid.push({ first, last, requestUuid: (outputs[0]?.requestUuid as string | null) ?? null });
			if (byAgent) recordAgentPayouts(this, outputs.length);
			continue;
		}
		const extra = [
			result.detail,
			CREATE_REASON_TEXT[result.reason],
			`X-REQUEST-ID: ${chunk.requestId}. Attempts: ${result.attempts}.`,
			stopNote,
		];
		const error = pivotError(this.getNode(), result.outcome, {
			itemIndex: first,
			action: chunkLabel(chunk.indices),
			note: MONEY_STATE_TITLE[result.money],
			extra: extra.filter(Boolean).join(' '),
		});
		if (!continueOnFail) throw error;
		chunk.indices.forEach((i, k) => out.push({ json: failedItem(error, chunk, k, result.money), pairedItem: { item: i } }));
	}
	return out;
}
