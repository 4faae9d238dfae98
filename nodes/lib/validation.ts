/**
 * Payout input checks, done for the whole batch before anything is sent (pure, no n8n imports).
 * Limits are Pivot's documented ones; where Pivot documents none (character sets), the rule
 * chosen here is written in the README.
 */
import { findChannel } from './channels';
import { DEFAULT_MAX_AMOUNT, DEFAULT_MIN_AMOUNT, formatRupiah, parseRupiah } from './money';
import { itemText } from './itemLabel';

export type Destination = 'inquiry' | 'channel';

export interface PayoutInput {
	destination: Destination;
	inquiryId?: unknown;
	channelCode?: unknown;
	accountNumber?: unknown;
	accountName?: unknown;
	amount: unknown;
	referenceId: unknown;
	description?: unknown;
}

export interface ValidationOptions {
	minAmount?: number;
	maxAmount?: number;
	allowUnlistedChannel?: boolean;
}

export interface PivotPayoutItem {
	referenceId: string;
	inquiryId?: string;
	channelCode?: string;
	channelInformation?: { accountNumber: string; accountName: string };
	amount: { value: string; currency: 'IDR' };
	description?: string;
}

export interface FieldProblem {
	field: string;
	problem: string;
}

type Failure = { ok: false } & FieldProblem;
type Checked<T> = { ok: true; value: T } | Failure;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Pivot documents only the length; the lookup-by-reference path puts it in a URL path segment.
const REFERENCE_ID = /^[A-Za-z0-9._-]{1,100}$/;
// "Alphanumeric only" per Pivot; its own example contains spaces, so spaces are allowed.
const DESCRIPTION = /^[A-Za-z0-9 ]{1,20}$/;
// At most 60 characters: 60 digits, or "+" and 59 (e-wallets).
const ACCOUNT_NUMBER = /^(?:\+[0-9]{1,59}|[0-9]{1,60})$/;
const CHANNEL_CODE = /^[A-Z0-9_]{1,30}$/;

function text(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string') return undefined;
	return value.trim();
}

function fail(field: string, problem: string): Failure {
	return { ok: false, field, problem };
}

export function checkReferenceId(value: unknown): Checked<string> {
	// A JSON number past 2^53 has already been rounded (two rows could share one reference), and a
	// decimal one has lost its trailing zeros: only a whole number that holds every digit is read.
	if (typeof value === 'number' && !Number.isSafeInteger(value)) {
		return fail('Reference ID', `${value} is a number that cannot hold every digit exactly; map Reference IDs as text`);
	}
	const ref = text(value);
	if (!ref) return fail('Reference ID', 'is required (1 to 100 characters)');
	if (ref.length > 100) return fail('Reference ID', `is ${ref.length} characters long; Pivot allows at most 100`);
	if (!REFERENCE_ID.test(ref)) {
		return fail('Reference ID', `"${ref}" may only contain letters, digits, ".", "_" and "-"`);
	}
	// Looked up as a URL path segment: "." and ".." would be normalised away and ask for another resource.
	if (/^\.+$/.test(ref)) return fail('Reference ID', `"${ref}" must contain a letter or digit (dots alone cannot be looked up)`);
	return { ok: true, value: ref };
}

export function checkChannelCode(value: unknown, allowUnlisted = false): Checked<string> {
	const code = text(value)?.toUpperCase();
	if (!code) return fail('Channel Code', 'is required');
	if (!CHANNEL_CODE.test(code)) {
		return fail('Channel Code', `"${code}" is not a channel code (capital letters, digits and "_", at most 30)`);
	}
	if (!allowUnlisted && !findChannel(code)) {
		return fail(
			'Channel Code',
			`"${code}" is not in Pivot's channel list; pick one from the list, or turn on "Allow Unlisted Channel Code" if Pivot added it recently`,
		);
	}
	return { ok: true, value: code };
}

export function checkAccountNumber(value: unknown): Checked<string> {
	// A JSON number this large has already lost digits (and any leading zero is gone): refuse it.
	if (typeof value === 'number' && !Number.isSafeInteger(value)) {
		return fail('Account Number', `${value} is a number that cannot hold every digit exactly; map account numbers as text`);
	}
	const number = text(value);
	if (!number) return fail('Account Number', 'is required (1 to 60 characters)');
	if (number.length > 60) return fail('Account Number', `is ${number.length} characters long; Pivot allows at most 60`);
	if (!ACCOUNT_NUMBER.test(number)) {
		return fail('Account Number', `"${number}" must contain digits only (an e-wallet number may start with "+")`);
	}
	return { ok: true, value: number };
}

export function checkAccountName(value: unknown): Checked<string> {
	const name = text(value)?.replace(/\s+/g, ' ');
	if (!name) return fail('Account Name', 'is required (1 to 60 characters)');
	if (name.length > 60) return fail('Account Name', `is ${name.length} characters long; Pivot allows at most 60`);
	return { ok: true, value: name };
}

function checkAmount(value: unknown, options: ValidationOptions): Checked<string> {
	const min = options.minAmount ?? DEFAULT_MIN_AMOUNT;
	const max = options.maxAmount ?? DEFAULT_MAX_AMOUNT;
	// A limit that is not a number would compare false and so let every amount through.
	if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max)) {
		return fail('Amount', 'cannot be checked: the Minimum/Maximum Amount options are not whole numbers');
	}
	const parsed = parseRupiah(value);
	if (!parsed.ok) return fail('Amount', parsed.problem);
	if (parsed.value < min) return fail('Amount', `${formatRupiah(parsed.value)} is below the minimum of ${formatRupiah(min)}`);
	if (parsed.value > max) return fail('Amount', `${formatRupiah(parsed.value)} is above the maximum of ${formatRupiah(max)}`);
	return { ok: true, value: String(parsed.value) };
}

export function validatePayoutItem(
	input: PayoutInput,
	options: ValidationOptions = {},
): { ok: true; item: PivotPayoutItem } | Failure {
	const reference = checkReferenceId(input.referenceId);
	if (!reference.ok) return reference;
	const item: PivotPayoutItem = { referenceId: reference.value, amount: { value: '', currency: 'IDR' } };

	if (input.destination === 'inquiry') {
		const inquiryId = text(input.inquiryId);
		if (!inquiryId) {
			// The field defaults to the input item's inquiryId: an empty value usually means the item has none.
			return fail('Inquiry ID', "is required and is empty (by default it is the input item's inquiryId: put Account Inquiry → Validate before this node, or map the ID)");
		}
		if (!UUID.test(inquiryId)) return fail('Inquiry ID', `"${inquiryId}" is not an inquiry ID (a UUID from Account Inquiry)`);
		item.inquiryId = inquiryId.toLowerCase();
	} else {
		const code = checkChannelCode(input.channelCode, options.allowUnlistedChannel);
		if (!code.ok) return code;
		const number = checkAccountNumber(input.accountNumber);
		if (!number.ok) return number;
		const name = checkAccountName(input.accountName);
		if (!name.ok) return name;
		item.channelCode = code.value;
		item.channelInformation = { accountNumber: number.value, accountName: name.value };
	}

	const amount = checkAmount(input.amount, options);
	if (!amount.ok) return amount;
	item.amount = { value: amount.value, currency: 'IDR' };

	const description = text(input.description);
	if (input.description !== undefined && input.description !== null && description === undefined) {
		return fail('Description', 'must be text');
	}
	if (description) {
		if (!DESCRIPTION.test(description)) {
			return fail('Description', `"${description}" must be at most 20 letters, digits or spaces`);
		}
		item.description = description;
	}
	return { ok: true, item };
}

export interface BatchProblem extends FieldProblem {
	index: number;
}

/** Checks every item, then cross-item rules; returns the first problem in item order. */
export function validatePayoutBatch(
	inputs: PayoutInput[],
	options: ValidationOptions | ((index: number) => ValidationOptions) = {},
): { ok: true; items: PivotPayoutItem[] } | ({ ok: false } & BatchProblem) {
	const items: PivotPayoutItem[] = [];
	const seen = new Map<string, number>();
	const optionsFor = typeof options === 'function' ? options : () => options;
	for (let index = 0; index < inputs.length; index++) {
		const result = validatePayoutItem(inputs[index], optionsFor(index));
		if (!result.ok) return { ok: false, index, field: result.field, problem: result.problem };
		const first = seen.get(result.item.referenceId);
		if (first !== undefined) {
			return {
				ok: false,
				index,
				field: 'Reference ID',
				problem: `"${result.item.referenceId}" is also used by ${itemText(first)}; each payout needs its own Reference ID`,
			};
		}
		seen.set(result.item.referenceId, index);
		items.push(result.item);
	}
	return { ok: true, items };
}
