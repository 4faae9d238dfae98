/**
 * Business checks of a create-payout body that passed the schema. All items are checked before
 * anything is stored (one bad item → nothing created); the first failing stage decides the code.
 */
import { TIMEOUT_ACCOUNT, bankRecord } from './accounts';
import { isKnownChannel } from './channels';
import type { Settings } from './context';
import { type ErrorKey, pivotError, pivotErrors } from './errors';
import type { PayoutItem, SandboxState } from './state';

export interface PayoutItemInput {
	referenceId: string;
	inquiryId?: string;
	channelCode?: string;
	channelInformation?: { accountNumber?: string; accountName?: string };
	amount: { value: string; currency: string };
	description?: string;
}

type NewItem = Omit<PayoutItem, 'status' | 'reason' | 'created' | 'updated'>;

function stage(key: ErrorKey, fields: string[]): void {
	if (fields.length > 0) throw pivotErrors(key, fields);
}

export function validatePayoutItems(
	inputs: PayoutItemInput[],
	merchantId: string,
	state: SandboxState,
	settings: Settings,
): NewItem[] {
	const at = (i: number, field: string) => `payouts[${i}].${field}`;

	// Shape: an item names either an inquiry or the channel + account + name.
	const missing: string[] = [];
	inputs.forEach((p, i) => {
		if (p.inquiryId) return;
		if (!p.channelCode) missing.push(at(i, 'channelCode'));
		if (!p.channelInformation?.accountNumber) missing.push(at(i, 'channelInformation.accountNumber'));
		if (!p.channelInformation?.accountName) missing.push(at(i, 'channelInformation.accountName'));
	});
	stage('field_required', missing);

	const inquiries = inputs.map((p) => (p.inquiryId ? state.inquiries.get(p.inquiryId) : undefined));
	const unknownInquiries = inputs.flatMap((p, i) =>
		p.inquiryId && inquiries[i]?.merchantId !== merchantId ? [at(i, 'inquiryId')] : [],
	);
	stage('inquiry_missing', unknownInquiries);

	const items: NewItem[] = inputs.map((p, i) => {
		const inq = inquiries[i];
		return {
			referenceId: p.referenceId,
			inquiryId: inq?.uuid ?? '',
			channelCode: inq?.channelCode ?? p.channelCode ?? '',
			accountNumber: inq?.accountNumber ?? p.channelInformation?.accountNumber ?? '',
			accountName: inq?.accountName ?? p.channelInformation?.accountName ?? '',
			// Digits only (schema), so Number is exact below 2^53; longer strings are above any limit.
			amount: p.amount.value.length > 15 ? Number.MAX_SAFE_INTEGER : Number(p.amount.value),
			currency: p.amount.currency,
			description: p.description ?? '',
			invalidInquiry: inq !== undefined && bankRecord(inq.accountNumber) === undefined,
		};
	});

	stage('unsupported_channel_code', items.flatMap((it, i) => (isKnownChannel(it.channelCode) ? [] : [at(i, 'channelCode')])));
	stage('field_format_invalid', items.flatMap((it, i) => (it.currency === 'IDR' ? [] : [at(i, 'amount.currency')])));
	stage('amount_below_limit', items.flatMap((it, i) => (it.amount < settings.minAmount ? [at(i, 'amount.value')] : [])));
	stage('amount_above_limit', items.flatMap((it, i) => (it.amount > settings.maxAmount ? [at(i, 'amount.value')] : [])));

	const seen = new Set<string>();
	const duplicates = items.flatMap((it, i) => {
		const dup = seen.has(it.referenceId) || state.findReference(merchantId, it.referenceId) !== undefined;
		seen.add(it.referenceId);
		return dup ? [at(i, 'referenceId')] : [];
	});
	stage('id_exists', duplicates);

	// Pivot's "timeout" sandbox account: the partner gateway does not answer, nothing is created.
	if (items.some((it) => it.accountNumber === TIMEOUT_ACCOUNT)) throw pivotError('service_unavailable', '');
	return items;
}
