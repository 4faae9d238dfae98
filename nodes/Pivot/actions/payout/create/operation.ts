/**
 * Payout → Create, read top-down: execute() below runs the steps in order, one file each.
 *
 *   0. approval.ts    the preview switch, and the Approved Batch a payment is bound to
 *   1. agentGuard.ts  an AI agent's call: refused on the node's own settings, or held to its limits
 *   2. prepare.ts     options (settings.ts), fields (itemField.ts) and the whole batch checked and
 *                     the requests formed with their X-REQUEST-IDs, before any money moves
 *   3. send.ts        the requests sent, at most Concurrent Requests at once; an unknown outcome is
 *                     looked up by Reference ID before the same request is sent again
 *   4. settle.ts      a refused or unclear request: what Pivot holds under its Reference IDs
 *   5. outcome.ts     each item's money claim from that evidence: paid, not paid, at Pivot, unknown
 *   6. render.ts      every input item out once: its payout, or what is known about its money
 *                     (messages.ts words what was paid and what was not sent)
 *
 * A preview (preview.ts) stops after step 2: it describes what would be sent and seals it with the
 * batch digest. A bound payment recomputes that digest after step 2 and sends nothing if it differs.
 * Steps 4 and 5 run inside step 3, per request. fields.ts is the parameters n8n shows.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { BatchAccount } from '../../../../lib/batchDigest';
import { approvalMismatch, batchAccount } from '../../../../lib/batchDigest';
import type { Payer } from '../../../../lib/idempotency';
import { itemLabel, itemText } from '../../../../lib/itemLabel';
import { CREDENTIAL_NAME } from '../../../../lib/transport/request';
import { agentLimits, agentRefusal, isAgentToolCall, recordAgentPayouts } from './agentGuard';
import { readApprovedBatch, readPreviewSwitch } from './approval';
import { createFields } from './fields';
import { prepareCreate } from './prepare';
import { previewBatch, previewInvalid, sealBatch } from './preview';
import { itemsProvedNotPaid, notSentForAll, renderResults } from './render';
import { sendAll } from './send';

export const description: INodeProperties[] = createFields;

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const count = this.getInputData().length;
	if (count === 0) return [];
	const continueOnFail = this.continueOnFail();

	// 0. Read as stored, never evaluated: an expression could turn one run into a payment.
	const mode = readPreviewSwitch(this);
	if (!mode.ok) return notSentForAll(this, 0, `${mode.problem}. Nothing was sent.`, 'the preview switch is an expression');
	const { preview } = mode.value;

	// 1. An AI agent's call is refused on the node's own settings first, before its input is judged.
	// A preview sends nothing, so it is not an agent's payout.
	const byAgent = isAgentToolCall(this);
	const limits = byAgent && !preview ? agentLimits(this) : undefined;
	if (limits && 'refusal' in limits) return notSentForAll(this, 0, `${limits.refusal}. Nothing was sent.`, 'refused for AI agents');
	const approved = preview ? ({ ok: true, value: undefined } as const) : readApprovedBatch(this, byAgent);
	if (!approved.ok) return notSentForAll(this, 0, `${approved.problem}. Nothing was sent.`, 'the batch is not bound to an approval');

	// 2. Options, fields and the whole batch are checked before the first request: one bad row stops
	// everything (a preview reports every bad row). Who pays is part of every X-REQUEST-ID, and of the digest.
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
		const message = `${itemLabel(prepared.index)}: ${prepared.problem}. Nothing was sent: fix the item and run again.`;
		return notSentForAll(this, prepared.index, message, `${itemText(prepared.index)} is invalid (${prepared.field})`);
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

	// 3–5. Sent in item order; a request whose answer is refused, lost or unclear is settled from
	// what Pivot holds, and each item gets its claim.
	const { chunks } = prepared;
	const slots = await sendAll.call(this, chunks, prepared.concurrency, continueOnFail);
	// An agent's reservation is given back for the items proved not paid.
	if (byAgent) recordAgentPayouts(this, -itemsProvedNotPaid(chunks, slots));

	// 6. One output per input item, or (without Continue On Fail) the first failure thrown.
	return renderResults(this, chunks, slots, continueOnFail);
}
