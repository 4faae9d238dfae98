/**
 * What a Payout → Create preview tells a person before approval: every invalid row at once (a
 * payment stops at the first), and rows that would pay the same account the same amount under
 * different Reference IDs, which idempotency cannot catch. Pure: no n8n imports.
 */
import type { BatchProblem, PayoutInput, PivotPayoutItem, ValidationOptions } from './validation';
import { validatePayoutItem } from './validation';
import { itemText } from './itemLabel';

export interface BatchReview {
	/** Per input row, the payout it would send, or undefined when the row is invalid. */
	items: Array<PivotPayoutItem | undefined>;
	/** Every invalid row, in row order. */
	problems: BatchProblem[];
}

/** Checks every row, and the Reference IDs across rows, without stopping at the first problem. */
export function reviewPayoutRows(inputs: PayoutInput[], optionsFor: (index: number) => ValidationOptions): BatchReview {
	const items: Array<PivotPayoutItem | undefined> = [];
	const problems: BatchProblem[] = [];
	const seen = new Map<string, number>();
	for (let index = 0; index < inputs.length; index++) {
		const result = validatePayoutItem(inputs[index], optionsFor(index));
		if (!result.ok) {
			problems.push({ index, field: result.field, problem: result.problem });
			items.push(undefined);
			continue;
		}
		const first = seen.get(result.item.referenceId);
		if (first !== undefined) {
			const problem = `"${result.item.referenceId}" is also used by ${itemText(first)}; each payout needs its own Reference ID`;
			problems.push({ index, field: 'Reference ID', problem });
			items.push(undefined);
			continue;
		}
		seen.set(result.item.referenceId, index);
		items.push(result.item);
	}
	return { items, problems };
}

function destinationKey(item: PivotPayoutItem): string {
	if (item.inquiryId) return `inquiry:${item.inquiryId.toLowerCase()}`;
	return `channel:${item.channelCode ?? ''}:${item.channelInformation?.accountNumber ?? ''}`;
}

/**
 * Per row, a warning when an earlier or later row pays the same destination the same amount
 * under another Reference ID: maybe two invoices, maybe one row entered twice.
 */
export function repeatedPayoutWarnings(items: ReadonlyArray<PivotPayoutItem | undefined>): Map<number, string> {
	const groups = new Map<string, number[]>();
	items.forEach((item, index) => {
		if (!item) return;
		const key = `${destinationKey(item)}\n${item.amount.value}`;
		const group = groups.get(key);
		if (group) group.push(index);
		else groups.set(key, [index]);
	});
	const warnings = new Map<number, string>();
	for (const group of groups.values()) {
		if (group.length < 2) continue;
		// Linear in the group: a batch of one account and amount (a test batch, a payroll of
		// equal amounts to one e-wallet) must not take quadratic time to describe.
		const named = group.slice(0, 6);
		for (const index of group) {
			const shown = named.filter((i) => i !== index).slice(0, 5);
			const more = group.length - 1 - shown.length;
			const list = shown.map((i) => `${itemText(i)} (Reference ID ${items[i]?.referenceId})`).join(', ');
			warnings.set(
				index,
				`Same account and amount as ${list}${more > 0 ? ` and ${more} more` : ''}: Pivot would pay each of them, as their Reference IDs differ. Check it is not one payout entered twice.`,
			);
		}
	}
	return warnings;
}
