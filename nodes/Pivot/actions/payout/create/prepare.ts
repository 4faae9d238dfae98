/**
 * Everything Payout → Create does before money moves: options parsed per item, fields read,
 * the whole batch validated, requests formed with their X-REQUEST-IDs. Any problem is returned
 * (never thrown) with the item it concerns, so that no row can slip through unmarked.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { Payer } from '../../../../lib/idempotency';
import { isValidRequestId, payoutRequestId } from '../../../../lib/idempotency';
import { reviewPayoutRows } from '../../../../lib/batchReview';
import type { BatchProblem, Destination, PayoutInput, PivotPayoutItem } from '../../../../lib/validation';
import { validatePayoutBatch } from '../../../../lib/validation';
import { readChannelCode } from '../../fields';
import type { CreateSettings } from './settings';
import { GROUPING_SETTING, readCreateSettings, requestSettingsClash } from './settings';
import { itemFieldName, readItemField } from './itemField';
import type { SubmitSettings } from './send';

export interface Chunk {
	indices: number[];
	items: PivotPayoutItem[];
	requestId: string;
	settings: SubmitSettings;
}

export type Prepared =
	| { ok: true; chunks: Chunk[]; concurrency: number }
	| {
			ok: false;
			index: number;
			field: string;
			problem: string;
			/** Reviewing (a preview): every invalid row, and per row what it would send when valid. */
			invalidRows?: BatchProblem[];
			rows?: Array<PivotPayoutItem | undefined>;
	  };

type Problem = Extract<Prepared, { ok: false }>;

const FIELD_LABELS: Record<string, string> = {
	amount: 'Amount',
	referenceId: 'Reference ID',
	description: 'Description',
	inquiryId: 'Inquiry ID',
	channelCode: 'Channel Code',
	accountNumber: 'Account Number',
	accountName: 'Account Name',
};

/** The parameters Create reads for each item, by Destination. */
export const PAYOUT_FIELDS: Record<Destination, readonly string[]> = {
	channel: ['channelCode', 'accountNumber', 'accountName', 'amount', 'referenceId', 'description'],
	inquiry: ['inquiryId', 'amount', 'referenceId', 'description'],
};

/** With `unreadable` (a review), a field that cannot be read is noted and the next row read. */
function readInputs(context: IExecuteFunctions, destination: Destination, unreadable?: BatchProblem[]): PayoutInput[] | Problem {
	const fields = PAYOUT_FIELDS[destination];
	// `={{ $json.x }}` fields are read from the item, skipping n8n's per-expression cost (itemField.ts).
	const direct = new Map(fields.map((name) => [name, itemFieldName(context, name)]));
	const items = context.getInputData();
	const inputs: PayoutInput[] = [];
	for (let i = 0; i < items.length; i++) {
		const input = { destination } as PayoutInput & Record<string, unknown>;
		for (const name of fields) {
			const field = direct.get(name);
			const fast = field === undefined ? undefined : readItemField(items[i]?.json, field);
			if (fast?.ok) {
				input[name] = fast.value;
				continue;
			}
			try {
				input[name] = name === 'channelCode' ? readChannelCode(context, i) : context.getNodeParameter(name, i, '');
			} catch (error) {
				const label = FIELD_LABELS[name];
				const problem = `could not be read (${(error as Error).message})`;
				if (!unreadable) return { ok: false, index: i, field: label, problem: `${label} ${problem}` };
				if (unreadable.at(-1)?.index !== i) unreadable.push({ index: i, field: label, problem });
			}
		}
		inputs.push(input);
	}
	return inputs;
}

function submitSettings(settings: CreateSettings, requestId: string): SubmitSettings {
	return {
		requestId,
		maxAttempts: settings.maxAttempts,
		retryDelayMs: settings.retryDelayMs,
		timeoutMs: settings.timeoutMs,
	};
}

function buildChunks(items: PivotPayoutItem[], perItem: CreateSettings[], size: number, payer: Payer): Chunk[] | Problem {
	const chunks: Chunk[] = [];
	const keys = new Set<string>();
	for (let start = 0; start < items.length; start += size) {
		const indices = items.slice(start, start + size).map((_, k) => start + k);
		const clash = requestSettingsClash(perItem, indices);
		if (clash) return { ok: false, index: clash.index, field: 'options', problem: clash.problem };
		const chunkItems = indices.map((i) => items[i]);
		const settings = perItem[indices[0]];
		const requestId = settings.requestId || payoutRequestId(chunkItems, payer);
		const problem = !isValidRequestId(requestId)
			? `Option "Idempotency Key (X-REQUEST-ID)" "${requestId}" must be 16 to 36 letters or digits`
			: keys.has(requestId)
				? `Option "Idempotency Key (X-REQUEST-ID)" "${requestId}" is used by two requests; each request needs its own`
				: undefined;
		if (problem) return { ok: false, index: indices[0], field: 'Idempotency Key', problem };
		keys.add(requestId);
		chunks.push({ indices, items: chunkItems, requestId, settings: submitSettings(settings, requestId) });
	}
	return chunks;
}

/** Every row checked and every invalid one returned (a preview), or stop at the first (a payment). */
function validateRows(inputs: PayoutInput[], perItem: CreateSettings[], unreadable?: BatchProblem[]): { ok: true; items: PivotPayoutItem[] } | Problem {
	if (!unreadable) {
		const validation = validatePayoutBatch(inputs, (i) => perItem[i]);
		if (validation.ok) return validation;
		const { index, field, problem } = validation;
		return { ok: false, index, field, problem: `${field} ${problem}` };
	}
	const review = reviewPayoutRows(inputs, (i) => perItem[i]);
	const unread = new Set(unreadable.map((p) => p.index));
	const invalidRows = [...unreadable, ...review.problems.filter((p) => !unread.has(p.index))].sort((a, b) => a.index - b.index);
	if (invalidRows.length === 0) return { ok: true, items: review.items as PivotPayoutItem[] };
	const { index, field, problem } = invalidRows[0];
	const rows = review.items.map((item, i) => (unread.has(i) ? undefined : item));
	return { ok: false, index, field, problem: `${field} ${problem}`, invalidRows, rows };
}

export function prepareCreate(context: IExecuteFunctions, payer: Payer, reviewAll = false): Prepared {
	try {
		const sendAs = context.getNodeParameter('sendAs', 0) as string;
		const destination = context.getNodeParameter('destination', 0) as Destination;
		const read = readCreateSettings(context, destination, sendAs === 'bulk');
		if (!read.ok) return { ok: false, index: read.index, field: 'options', problem: read.problem };
		const { perItem } = read;
		const unreadable: BatchProblem[] | undefined = reviewAll ? [] : undefined;
		const inputs = readInputs(context, destination, unreadable);
		if (!Array.isArray(inputs)) return inputs;
		const validation = validateRows(inputs, perItem, unreadable);
		if (!validation.ok) return validation;
		const grouping = requestSettingsClash(perItem, inputs.map((_, i) => i), sendAs === 'bulk' ? GROUPING_SETTING : GROUPING_SETTING.slice(1));
		if (grouping) return { ok: false, index: grouping.index, field: 'options', problem: grouping.problem };
		const size = sendAs === 'bulk' ? perItem[0].chunkSize : 1;
		return wrap(buildChunks(validation.items, perItem, size, payer), perItem[0].concurrency);
	} catch (error) {
		// Anything unforeseen before sending still stops the run with every row marked "not sent".
		return { ok: false, index: 0, field: 'input', problem: `the input could not be prepared (${(error as Error).message})` };
	}
}

function wrap(chunks: Chunk[] | Problem, concurrency: number): Prepared {
	return Array.isArray(chunks) ? { ok: true, chunks, concurrency } : chunks;
}
