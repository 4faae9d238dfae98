import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { deriveRequestId, isValidRequestId } from '../../../shared/idempotency';
import { normalisePayoutItem, payoutList } from '../../../shared/shapes';
import type { Destination, PayoutInput, PivotPayoutItem } from '../../../shared/validation';
import { validatePayoutBatch } from '../../../shared/validation';
import { pivotError } from '../../../shared/transport/request';
import { errorJson } from '../common';
import { readChannelCode } from '../fields';
import { itemFieldName, readItemField } from './itemField';
import { createFields } from './create.fields';
import type { SubmitResult } from './submit';
import { submitPayouts } from './submit';

export const description: INodeProperties[] = createFields;

interface Chunk {
	indices: number[];
	items: PivotPayoutItem[];
	requestId: string;
}

const REASON_TEXT: Record<string, string> = {
	keyReused:
		'This X-REQUEST-ID was already used with a different payload, so Pivot refused it (HTTP 409). If you set the Idempotency Key option, make it unique per request; otherwise a field of this payout changed since it was first sent.',
	referenceTaken:
		'Nothing was paid by this request. Remove the rows already paid, give a new Reference ID to any new payout, and run again.',
	notCreated: 'Looked up by Reference ID after the failure: the payout was NOT created. It is safe to run again.',
	unknown:
		'Pivot did not answer and the payout could not be looked up, so its outcome is unknown. Do not pay it another way: run again (the same X-REQUEST-ID makes Pivot replay the first answer) or check the Reference ID in Pivot.',
	rejected: 'Nothing was paid by this request.',
};

const FIELD_LABELS: Record<string, string> = {
	amount: 'Amount',
	referenceId: 'Reference ID',
	description: 'Description',
	inquiryId: 'Inquiry ID',
	channelCode: 'Channel Code',
	accountNumber: 'Account Number',
	accountName: 'Account Name',
};

/** Reads one field of one item; an expression that fails names the item and the field. */
function readField(context: IExecuteFunctions, name: string, i: number): unknown {
	try {
		return name === 'channelCode' ? readChannelCode(context, i) : context.getNodeParameter(name, i, '');
	} catch (error) {
		throw new NodeOperationError(
			context.getNode(),
			`Item ${i}: ${FIELD_LABELS[name]} could not be read (${(error as Error).message}). Nothing was sent.`,
			{ itemIndex: i },
		);
	}
}

function readInputs(context: IExecuteFunctions, destination: Destination): PayoutInput[] {
	const count = context.getInputData().length;
	const fields =
		destination === 'inquiry'
			? ['inquiryId', 'amount', 'referenceId', 'description']
			: ['channelCode', 'accountNumber', 'accountName', 'amount', 'referenceId', 'description'];
	// `={{ $json.x }}` fields are read from the item, skipping n8n's per-expression cost (itemField.ts).
	const direct = new Map(fields.map((name) => [name, itemFieldName(context, name)]));
	const items = context.getInputData();
	const inputs: PayoutInput[] = [];
	for (let i = 0; i < count; i++) {
		const input = { destination } as PayoutInput & Record<string, unknown>;
		for (const name of fields) {
			const field = direct.get(name);
			const fast = field === undefined ? undefined : readItemField(items[i]?.json, field);
			input[name] = fast?.ok ? fast.value : readField(context, name, i);
		}
		inputs.push(input);
	}
	return inputs;
}

function buildChunks(context: IExecuteFunctions, items: PivotPayoutItem[], size: number): Chunk[] {
	const chunks: Chunk[] = [];
	const keys = new Set<string>();
	for (let start = 0; start < items.length; start += size) {
		const indices = items.slice(start, start + size).map((_, k) => start + k);
		const chunkItems = indices.map((i) => items[i]);
		const options = context.getNodeParameter('options', indices[0], {}) as IDataObject;
		const override = String(options.requestId ?? '').trim();
		const requestId = override || deriveRequestId({ payouts: chunkItems });
		if (!isValidRequestId(requestId)) {
			throw new NodeOperationError(
				context.getNode(),
				`Item ${indices[0]}: Idempotency Key "${requestId}" must be 16 to 36 letters or digits. Nothing was sent.`,
				{ itemIndex: indices[0] },
			);
		}
		if (keys.has(requestId)) {
			throw new NodeOperationError(
				context.getNode(),
				`Item ${indices[0]}: Idempotency Key "${requestId}" is used by two requests; each request needs its own. Nothing was sent.`,
				{ itemIndex: indices[0] },
			);
		}
		keys.add(requestId);
		chunks.push({ indices, items: chunkItems, requestId });
	}
	return chunks;
}

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

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const count = this.getInputData().length;
	if (count === 0) return [];
	const sendAs = this.getNodeParameter('sendAs', 0) as string;
	const destination = this.getNodeParameter('destination', 0) as Destination;
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;

	// The whole batch is checked before the first request: one bad row stops everything.
	const validation = validatePayoutBatch(readInputs(this, destination), {
		minAmount: options.minAmount as number | undefined,
		maxAmount: options.maxAmount as number | undefined,
		allowUnlistedChannel:
			destination === 'channel' && (this.getNodeParameter('allowUnlistedChannel', 0, false) as boolean),
	});
	if (!validation.ok) {
		const message = `Item ${validation.index}: ${validation.field} ${validation.problem}. Nothing was sent: fix the item and run again.`;
		if (!this.continueOnFail()) {
			throw new NodeOperationError(this.getNode(), message, { itemIndex: validation.index });
		}
		return Array.from({ length: count }, (_, i) => ({
			json: {
				error: i === validation.index ? message : `Not sent: item ${validation.index} is invalid (${validation.field}).`,
				notSent: true,
			},
			pairedItem: { item: i },
		}));
	}

	const size = sendAs === 'bulk' ? Math.min(1000, Math.max(1, Number(options.chunkSize ?? 1000))) : 1;
	const chunks = buildChunks(this, validation.items, size);
	const out: INodeExecutionData[] = [];
	for (const chunk of chunks) {
		const itemOptions = this.getNodeParameter('options', chunk.indices[0], {}) as IDataObject;
		const result = await submitPayouts.call(this, chunk.items, {
			requestId: chunk.requestId,
			maxAttempts: Number(itemOptions.maxAttempts ?? 3),
			retryDelayMs: Number(itemOptions.retryDelaySeconds ?? 2) * 1000,
			timeoutMs: Number(itemOptions.timeoutSeconds ?? 65) * 1000,
		});
		if (result.ok) {
			acceptedOutputs(chunk, result).forEach((json, k) => out.push({ json, pairedItem: { item: chunk.indices[k] } }));
			continue;
		}
		const first = chunk.indices[0];
		const last = chunk.indices[chunk.indices.length - 1];
		const error = pivotError(this.getNode(), result.outcome, {
			itemIndex: first,
			action: chunk.indices.length > 1 ? `Create payouts (items ${first}–${last})` : `Create payout (item ${first})`,
			extra: `${result.detail ? `${result.detail} ` : ''}${REASON_TEXT[result.reason]} X-REQUEST-ID: ${chunk.requestId}. Attempts: ${result.attempts}.`,
		});
		if (!this.continueOnFail()) throw error;
		for (const i of chunk.indices) {
			out.push({
				json: { ...errorJson(error), requestId: chunk.requestId, referenceId: validation.items[i].referenceId },
				pairedItem: { item: i },
			});
		}
	}
	return out;
}
