/**
 * What a run of a case feeds the node: its rows (with the run's edits and bad row), the node's
 * parameters and its n8n settings (On Error, Retry On Fail). Inquiries are made once per account
 * and kept for the whole case.
 */
import type { IDataObject } from 'n8n-workflow';

import type { EngineHarness, NodeSettings } from '../harness';
import { createByChannel, PIVOT, validateParams } from '../pivotEnv';
import type { RunSpec, SlotSpec } from './generator';
import { CHANNEL, DESCRIPTION, EDITED_DESCRIPTION, hasLongFault, OK_ACCOUNT, OTHER_ACCOUNT } from './generator';

export interface Row {
	referenceId: string;
	amount: number;
	accountNumber: string;
	channelCode: string;
	inquiryId?: string;
	description: string;
	/** The row as the node reads it. */
	input: IDataObject;
}

const refOf = (slot: number) => `REF-${slot}`;

function editedAccount(account: string): string {
	return account === OK_ACCOUNT ? OTHER_ACCOUNT : OK_ACCOUNT;
}

/** Inquiries per account and per slot, kept for the whole case. */
export class Inquiries {
	private readonly bySlot = new Map<number, { account: string; id: string }>();

	constructor(private readonly harness: EngineHarness) {}

	/** Validates the accounts the run needs a new inquiry for, before the run's faults are set. */
	async prepare(run: RunSpec, slots: SlotSpec[]): Promise<void> {
		if (run.destination !== 'inquiry') return;
		const wanted: Array<{ slot: number; account: string }> = [];
		for (const row of run.rows) {
			const account = row.edit === 'account' ? editedAccount(slots[row.slot].account) : slots[row.slot].account;
			const current = this.bySlot.get(row.slot);
			if (!current || current.account !== account || row.edit === 'newInquiry') wanted.push({ slot: row.slot, account });
		}
		if (wanted.length === 0) return;
		const params = validateParams('={{ $json.accountNumber }}', 'Dummy Simulation', {}, CHANNEL);
		const result = await this.harness.run(PIVOT, params, wanted.map((w) => ({ accountNumber: w.account })));
		if (result.error || result.items.length !== wanted.length) {
			throw new Error(`oracle set-up: Account Inquiry → Validate failed: ${result.error?.message ?? JSON.stringify(result.items)}`);
		}
		wanted.forEach((w, k) => this.bySlot.set(w.slot, { account: w.account, id: String(result.items[k].json.inquiryId) }));
	}

	of(slot: number): { account: string; id: string } {
		const inquiry = this.bySlot.get(slot);
		if (!inquiry) throw new Error(`oracle: no inquiry for slot ${slot}`);
		return inquiry;
	}
}

export function rowsOf(run: RunSpec, slots: SlotSpec[], inquiries: Inquiries): Row[] {
	const rows = run.rows.map(({ slot, edit }): Row => {
		const base = slots[slot];
		const amount = edit === 'amount' ? base.amount + 500 : base.amount;
		const description = edit === 'description' ? EDITED_DESCRIPTION : DESCRIPTION;
		const referenceId = refOf(slot);
		if (run.destination === 'inquiry') {
			const inquiry = inquiries.of(slot);
			return {
				referenceId,
				amount,
				accountNumber: inquiry.account,
				channelCode: CHANNEL,
				inquiryId: inquiry.id,
				description,
				input: { inquiryId: inquiry.id, amount: String(amount), referenceId, description },
			};
		}
		const accountNumber = edit === 'account' ? editedAccount(base.account) : base.account;
		return {
			referenceId,
			amount,
			accountNumber,
			channelCode: CHANNEL,
			description,
			input: { channelCode: CHANNEL, accountNumber, accountName: 'Reforza Pivot', amount: String(amount), referenceId, description },
		};
	});
	if (run.badRow === 'amount') rows[rows.length - 1] = { ...rows[rows.length - 1], input: { ...rows[rows.length - 1].input, amount: '1,000' } };
	if (run.badRow === 'duplicate') rows.push({ ...rows[0] });
	return rows;
}

export function parametersOf(run: RunSpec): IDataObject {
	const options: IDataObject = {
		retryDelaySeconds: 0.01,
		// The node's minimum where a fault outlasts it; otherwise long enough that a busy machine is
		// never mistaken for a fault.
		timeoutSeconds: hasLongFault(run) ? 1 : 10,
		maxAttempts: run.maxAttempts,
		concurrency: run.concurrency,
		...(run.sendAs === 'bulk' ? { chunkSize: run.chunkSize } : {}),
	};
	if (run.destination === 'inquiry') {
		return { ...createByChannel({ destination: 'inquiry', sendAs: run.sendAs, options }), inquiryId: '={{ $json.inquiryId }}' };
	}
	return createByChannel({ sendAs: run.sendAs, options });
}

export function settingsOf(run: RunSpec): NodeSettings {
	const onError: NodeSettings['onError'] =
		run.onError === 'continue' ? 'continueRegularOutput' : run.onError === 'errorOutput' ? 'continueErrorOutput' : undefined;
	return {
		...(onError ? { onError } : {}),
		...(run.retryTries > 0 ? { retryOnFail: true, maxTries: run.retryTries, waitBetweenTries: 1 } : {}),
	};
}
