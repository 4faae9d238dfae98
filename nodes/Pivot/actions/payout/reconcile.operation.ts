/**
 * Payout → Reconcile: each input item is one of your records (Reference ID, expected amount,
 * optionally account, channel and Request UUID); each comes out once, paired, with Pivot's payout
 * under that Reference ID and a verdict (nodes/lib/reconcile.ts).
 *
 * Failures, by On Error setting: a record that cannot be read (an amount such as "1.000.000")
 * fails its item under every setting, and with Stop the run stops before anything is looked up.
 * A look-up that fails stops the run with Stop (so Retry On Fail can run it again); under either
 * Continue setting it is the verdict `unknown` on the success output, so that every record is in
 * one list a finance team can filter on `verdict`.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Judgement, LookUp, PayoutAtPivot, RawRecord, ReconcileRecord, RecordCheck } from '../../../lib/reconcile';
import { judge, readRecord } from '../../../lib/reconcile';
import { pivotError } from '../../../lib/transport/request';
import type { Throttle } from '../../../lib/transport/pool';
import { concurrencyOption, forEachItemConcurrently } from '../common';
import { stopIfCancelled } from './cancel';
import { itemFieldName, readItemField } from './create/itemField';
import { asLookUp, payoutsByReference, requestParked } from './lookup';
import { itemLabel } from '../../../lib/itemLabel';

const show = { resource: ['payout'], operation: ['reconcile'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Reference ID',
		name: 'referenceId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'INV-2026-0001',
		description: "Your record's Reference ID, the one the payout was created with",
		displayOptions: { show },
	},
	{
		displayName: 'Expected Amount (IDR)',
		name: 'expectedAmount',
		type: 'string',
		required: true,
		default: '',
		placeholder: '150000',
		description: 'The whole-rupiah amount your record says was paid, read as Payout → Create reads Amount: digits only, so "1.000.000" is refused rather than guessed',
		displayOptions: { show },
	},
	{
		displayName: 'Expected Account Number',
		name: 'expectedAccountNumber',
		type: 'string',
		default: '',
		description: "Optional: compared with the payout's account number at Pivot (map it as text)",
		displayOptions: { show },
	},
	{
		displayName: 'Expected Channel',
		name: 'expectedChannel',
		type: 'string',
		default: '',
		placeholder: 'BCA',
		description: "Optional: the channel code (bank or e-wallet) compared with the payout's at Pivot",
		displayOptions: { show },
	},
	{
		displayName: 'Request UUID',
		name: 'requestUuid',
		type: 'string',
		default: '',
		description:
			'Optional: the requestUuid Payout → Create returned. Pivot shows a payout parked for a top-up as APPROVED, like one just accepted; with the Request UUID the node reads the request to tell them apart (awaitingTopUp).',
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [concurrencyOption()],
	},
];

const FIELDS: Array<keyof RawRecord> = ['referenceId', 'expectedAmount', 'expectedAccountNumber', 'expectedChannel', 'requestUuid'];

/** Every record, read before the first look-up; `={{ $json.x }}` fields straight from the item. */
function readRecords(context: IExecuteFunctions): RecordCheck[] {
	const direct = new Map(FIELDS.map((name) => [name, itemFieldName(context, name)]));
	return context.getInputData().map((item, i) => {
		const raw = {} as RawRecord;
		for (const name of FIELDS) {
			const field = direct.get(name);
			const fast = field === undefined ? undefined : readItemField(item.json, field);
			// A field the record does not have is what `{{ $json.x }}` gives for it: nothing.
			const absent = field !== undefined && !Object.prototype.hasOwnProperty.call(item.json ?? {}, field);
			try {
				raw[name] = fast?.ok ? fast.value : absent ? undefined : context.getNodeParameter(name, i, '');
			} catch (error) {
				return { ok: false, field: name, problem: `could not be read (${(error as Error).message})` };
			}
		}
		return readRecord(raw);
	});
}

function recordError(context: IExecuteFunctions, check: Extract<RecordCheck, { ok: false }>, i: number): NodeOperationError {
	return new NodeOperationError(context.getNode(), `${itemLabel(i)}: ${check.field} ${check.problem}. Nothing was looked up.`, { itemIndex: i });
}

/** What Pivot holds, flat; null fields where it holds nothing (or it is not known). */
function atPivot(payout: PayoutAtPivot | null): IDataObject {
	return {
		status: payout?.status ?? null,
		isFinal: payout?.isFinal ?? null,
		awaitingTopUp: payout?.parked ?? null,
		amount: payout ? payout.amount : null,
		requestUuid: payout?.requestUuid ?? null,
		channel: payout?.channelCode ?? null,
		accountNumber: payout?.accountNumber ?? null,
		accountName: payout?.accountName ?? null,
		reason: payout?.reason ?? null,
		retry: payout?.retry ?? null,
		advice: payout?.advice ?? null,
		created: payout?.created ?? null,
		updated: payout?.updated ?? null,
	};
}

function output(record: ReconcileRecord, lookUp: LookUp, judgement: Judgement): IDataObject {
	const { payout, others } = judgement;
	return {
		referenceId: record.referenceId,
		verdict: judgement.verdict,
		action: judgement.action,
		mismatches: judgement.mismatches as unknown as IDataObject[],
		expectedAmount: record.expectedAmount,
		expectedAccountNumber: record.expectedAccountNumber,
		expectedChannel: record.expectedChannel,
		...atPivot(payout),
		payoutsAtPivot: lookUp.kind === 'failed' ? null : lookUp.kind === 'none' ? 0 : lookUp.payouts.length,
		otherPayouts: others.map((other) => ({ referenceId: other.referenceId, ...atPivot(other) })),
		lookupError: lookUp.kind === 'failed' ? [lookUp.message, lookUp.description].filter(Boolean).join(' ') : null,
	};
}

/** A payout still open whose request the record names: parked for a top-up, or not. */
async function withParking(this: IExecuteFunctions, record: ReconcileRecord, lookUp: LookUp, throttle: Throttle): Promise<LookUp> {
	if (lookUp.kind !== 'found') return lookUp;
	const open = lookUp.payouts.filter((p) => p.status === 'APPROVED');
	// With several open payouts the request's state could belong to either one: left unknown.
	if (open.length !== 1 || !record.requestUuid) return lookUp;
	const parked = await requestParked.call(this, record.requestUuid, record.referenceId, throttle);
	const verified = parked === null ? {} : { requestUuid: open[0].requestUuid ?? record.requestUuid };
	return { kind: 'found', payouts: lookUp.payouts.map((p) => (p === open[0] ? { ...p, parked, ...verified } : p)) };
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const records = readRecords(this);
	const continueOnFail = this.continueOnFail();
	if (!continueOnFail) {
		// A record that cannot be read stops the run before the first look-up.
		const bad = records.findIndex((check) => !check.ok);
		if (bad >= 0) throw recordError(this, records[bad] as Extract<RecordCheck, { ok: false }>, bad);
	}
	return await forEachItemConcurrently(this, async (i, throttle) => {
		const check = records[i];
		if (!check.ok) throw recordError(this, check, i);
		stopIfCancelled(this, i);
		const record = check.record;
		const found = await payoutsByReference.call(this, record.referenceId, i, throttle);
		if (!continueOnFail) {
			if (found.kind === 'failed') throw pivotError(this.getNode(), found.outcome, { itemIndex: i, action: `${itemLabel(i)}: look-up of ${record.referenceId}` });
			if (found.kind === 'unreadable') throw new NodeOperationError(this.getNode(), `${itemLabel(i)}: look-up of ${record.referenceId}: ${found.message}`, { itemIndex: i });
		}
		const lookUp = await withParking.call(this, record, asLookUp(found), throttle);
		return output(record, lookUp, judge(record, lookUp));
	});
}
