/**
 * Payout → Create as a preview: everything a payment does before sending (options, the whole
 * batch validated, requests formed, every body and X-REQUEST-ID computed the same way), then one
 * item out per item in, saying what would be sent, with the batch summary and the approval value
 * the payment can be bound to. Nothing is sent to the payout endpoint; at most one balance read.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Approval, BatchAccount, BatchTotals } from '../../../../lib/batchDigest';
import { approvalValue, batchDigest, batchTotals, formatRupiahText, shortDigest } from '../../../../lib/batchDigest';
import { repeatedPayoutWarnings } from '../../../../lib/batchReview';
import { pivotError, sendToPivot } from '../../../../lib/transport/request';
import type { BatchProblem, PivotPayoutItem } from '../../../../lib/validation';
import type { Chunk } from './prepare';
import { itemLabel } from '../../../../lib/itemLabel';

/** What the preview computed for a valid batch, and what a bound payment recomputes. */
export interface BatchSeal {
	totals: BatchTotals;
	digest: string;
	approval: Approval;
}

export function sealBatch(account: BatchAccount, chunks: Chunk[]): BatchSeal {
	const requests = chunks.map((chunk) => ({ requestId: chunk.requestId, payouts: chunk.items }));
	const totals = batchTotals(requests);
	const digest = batchDigest(account, requests);
	return { totals, digest, approval: { count: totals.count, total: totals.total, digest } };
}

/** The row as it would be sent, in the names a payment's output uses; never a requestUuid. */
function wouldSend(item: PivotPayoutItem): IDataObject {
	return {
		referenceId: item.referenceId,
		amount: { value: item.amount.value, number: Number(item.amount.value), currency: item.amount.currency },
		channelCode: item.channelCode ?? null,
		accountNumber: item.channelInformation?.accountNumber ?? null,
		accountName: item.channelInformation?.accountName ?? null,
		inquiryId: item.inquiryId ?? null,
		description: item.description ?? null,
	};
}

const MARKER = { preview: true, status: 'PREVIEW', sent: false };

interface BalanceCheck {
	available: string | null;
	enough: boolean | null;
	problem: string | null;
}

/** One balance read compared with the batch total. Pivot documents no fees, so none are added. */
async function checkBalance(context: IExecuteFunctions, total: string): Promise<BalanceCheck> {
	const outcome = await sendToPivot.call(context, { method: 'GET', path: '/v1/payouts/balance', qs: { currency: 'IDR' } });
	if (!outcome.ok) {
		const error = pivotError(context.getNode(), outcome, { action: 'Get balance' });
		return { available: null, enough: null, problem: error.message };
	}
	const data = (outcome.body.data ?? {}) as IDataObject;
	const value = String(((data.availableBalance ?? {}) as IDataObject).value ?? '').trim();
	const match = /^(\d+)(?:\.\d+)?$/.exec(value);
	if (!match) return { available: value || null, enough: null, problem: 'Pivot did not send a readable balance' };
	// Whole rupiah compared exactly: the balance's cents cannot make up a missing rupiah.
	return { available: value, enough: BigInt(match[1]) >= BigInt(total), problem: null };
}

function summary(seal: BatchSeal | undefined, invalid: number, warnings: number, balance?: BalanceCheck): IDataObject {
	const totals = seal?.totals;
	return {
		count: totals?.count ?? null,
		total: totals?.total ?? null,
		totalText: totals ? formatRupiahText(totals.total) : null,
		totalsByChannel: totals?.totalsByChannel ?? null,
		requests: totals?.requests ?? null,
		digest: seal?.digest ?? null,
		shortDigest: seal ? shortDigest(seal.digest) : null,
		approval: seal ? approvalValue(seal.approval) : null,
		invalidItems: invalid,
		repeatedAccountAndAmount: warnings,
		...(balance ? { balance: { ...balance, feesIncluded: false } } : {}),
	};
}

/** A valid batch: every item says what it would send, in which request, under which key. */
export async function previewBatch(
	context: IExecuteFunctions,
	account: BatchAccount,
	chunks: Chunk[],
	withBalance: boolean,
): Promise<INodeExecutionData[]> {
	const seal = sealBatch(account, chunks);
	const rows: PivotPayoutItem[] = [];
	for (const chunk of chunks) rows.push(...chunk.items);
	const warnings = repeatedPayoutWarnings(rows);
	const balance = withBalance ? await checkBalance(context, seal.totals.total) : undefined;
	const batch = summary(seal, 0, warnings.size, balance);
	const out: INodeExecutionData[] = [];
	chunks.forEach((chunk, n) => {
		chunk.items.forEach((item, k) => {
			const index = chunk.indices[k];
			const json: IDataObject = {
				...MARKER,
				...wouldSend(item),
				requestId: chunk.requestId,
				chunk: n + 1,
				warning: warnings.get(index) ?? null,
				// A copy per item: a later node that edits one item's summary must not edit them all.
				batch: { ...batch, totalsByChannel: { ...(batch.totalsByChannel as IDataObject) } },
			};
			out.push({ json, pairedItem: { item: index } });
		});
	});
	return out;
}

const LISTED = 50;

/**
 * A batch with invalid rows: every one is reported (a payment stops at the first). Without
 * Continue On Fail one error lists them; with it, each invalid item carries its own error and the
 * valid ones what they would send, with no approval value: this batch cannot be paid as it is.
 */
export function previewInvalid(
	context: IExecuteFunctions,
	problems: BatchProblem[],
	rows: Array<PivotPayoutItem | undefined>,
): INodeExecutionData[] {
	const count = context.getInputData().length;
	const lines = problems.map((p) => `${itemLabel(p.index)}: ${p.field} ${p.problem}`);
	const message = `Preview: ${problems.length} of ${count} item(s) are invalid. Nothing was sent: fix them and preview again.`;
	if (!context.continueOnFail()) {
		const more = lines.length > LISTED ? ` …and ${lines.length - LISTED} more.` : '';
		throw new NodeOperationError(context.getNode(), message, {
			itemIndex: problems[0].index,
			description: `${lines.slice(0, LISTED).join('. ')}.${more}`,
		});
	}
	const warnings = repeatedPayoutWarnings(rows);
	const batch = summary(undefined, problems.length, warnings.size);
	const byIndex = new Map(problems.map((p, n) => [p.index, lines[n]]));
	return context.getInputData().map((_, i) => {
		const line = byIndex.get(i);
		const item = rows[i];
		const json: IDataObject =
			line !== undefined || !item
				? { error: `${line ?? `${itemLabel(i)}: could not be read`}. Nothing was sent (preview).`, errorDescription: message, ...MARKER, notSent: true, paymentOutcome: 'notPaid' }
				: { ...MARKER, ...wouldSend(item), requestId: null, chunk: null, warning: warnings.get(i) ?? null, batch: { ...batch } };
		return { json, pairedItem: { item: i } };
	});
}
