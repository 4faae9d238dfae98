import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseBooleanOption, parseNumberOption } from '../../../lib/options';
import { normalisePayoutItem, payoutList, requestSummary } from '../../../lib/shapes';
import { checkReferenceId } from '../../../lib/validation';
import { asNodeError, concurrencyOption, errorJson, forEachItemConcurrently } from '../common';
import type { Throttle } from '../../../lib/transport/pool';
import { stopIfCancelled } from './cancel';
import { askPivot } from './lookup';
import { firstLookUp, readWaitSettings, waitOptions, waitUntilFinal } from './wait';
import type { WaitSettings } from './wait';
import { itemLabel } from '../../../lib/itemLabel';

const show = { resource: ['payout'], operation: ['get'] };
const PAGE_SIZE = 100;
// A request holds at most 1000 payouts; the bound keeps a misbehaving answer from looping forever.
const MAX_PAGES = 20;

export const description: INodeProperties[] = [
	{
		displayName: 'Look Up By',
		name: 'lookUpBy',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Request UUID', value: 'uuid', description: 'All payouts of one (bulk) payout request' },
			{
				name: 'Request UUID and Reference ID',
				value: 'uuidAndReference',
				description: 'One payout of a request',
			},
			{ name: 'Reference ID', value: 'reference', description: 'A payout by your own Reference ID' },
		],
		default: 'uuid',
		displayOptions: { show },
	},
	{
		displayName: 'Request UUID',
		name: 'uuid',
		type: 'string',
		required: true,
		default: '',
		hint: 'Required.',
		description: 'The payout request UUID returned by Payout → Create (requestUuid)',
		displayOptions: { show: { ...show, lookUpBy: ['uuid', 'uuidAndReference'] } },
	},
	{
		displayName: 'Reference ID',
		name: 'referenceId',
		type: 'string',
		required: true,
		default: '',
		hint: 'Required. The Reference ID the payout was created with.',
		displayOptions: { show: { ...show, lookUpBy: ['uuidAndReference', 'reference'] } },
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: { show: { ...show, lookUpBy: ['uuid'] } },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 1000 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { ...show, lookUpBy: ['uuid'], returnAll: [false] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [concurrencyOption(), ...waitOptions],
	},
];

function requireUuid(context: IExecuteFunctions, i: number): string {
	const uuid = String(context.getNodeParameter('uuid', i) ?? '').trim();
	if (!/^[0-9a-f-]{36}$/i.test(uuid)) {
		throw new NodeOperationError(context.getNode(), `${itemLabel(i)}: Request UUID "${uuid}" is not a UUID`, { itemIndex: i });
	}
	return uuid;
}

function requireReference(context: IExecuteFunctions, i: number): string {
	const check = checkReferenceId(context.getNodeParameter('referenceId', i));
	if (!check.ok) throw new NodeOperationError(context.getNode(), `${itemLabel(i)}: ${check.field} ${check.problem}`, { itemIndex: i });
	return check.value;
}

async function byUuid(this: IExecuteFunctions, i: number, throttle: Throttle): Promise<IDataObject[]> {
	const uuid = requireUuid(this, i);
	const returnAll = parseBooleanOption(this.getNodeParameter('returnAll', i, false), 'Return All', false);
	if (!returnAll.ok) throw new NodeOperationError(this.getNode(), `${itemLabel(i)}: ${returnAll.problem}`, { itemIndex: i });
	const parsedLimit = returnAll.value
		? { ok: true as const, value: Infinity }
		: parseNumberOption(this.getNodeParameter('limit', i, 50), { label: 'Limit', min: 1, max: 1000, integer: true, default: 50 });
	if (!parsedLimit.ok) throw new NodeOperationError(this.getNode(), `${itemLabel(i)}: ${parsedLimit.problem}`, { itemIndex: i });
	const limit = parsedLimit.value;
	const out: IDataObject[] = [];
	// One page size for every page: Pivot numbers pages by their size, so a smaller last page
	// would start in the middle of a page already read (page 2 of 50 is items 50–99).
	const perPage = Math.min(PAGE_SIZE, limit);
	for (let page = 1; out.length < limit && page <= MAX_PAGES; page++) {
		const body = await askPivot.call(
			this,
			{ method: 'GET', path: `/v1/payouts/${encodeURIComponent(uuid)}`, qs: { page, perPage }, throttle, retryRateLimited: true },
			{ itemIndex: i, action: 'Get payout request' },
		);
		const data = (body.data ?? {}) as IDataObject;
		const summary = requestSummary(data);
		const items = payoutList(data.payouts);
		for (const raw of items.slice(0, limit - out.length)) out.push({ ...normalisePayoutItem(raw, summary.requestUuid), ...summary });
		const totalPages = Number((body.pagination as IDataObject | undefined)?.totalPages ?? 1);
		if (items.length === 0 || page >= totalPages) break;
	}
	return out;
}

async function byReference(this: IExecuteFunctions, i: number, throttle: Throttle): Promise<IDataObject[]> {
	const referenceId = requireReference(this, i);
	const body = await askPivot.call(
		this,
		{ method: 'GET', path: `/v1/payouts/${encodeURIComponent(referenceId)}`, qs: { type: 'single' }, throttle, retryRateLimited: true },
		{ itemIndex: i, action: 'Get payout by Reference ID' },
	);
	const payouts = payoutList(body.data);
	// An empty list would leave the input item without an output item.
	if (payouts.length === 0) {
		throw new NodeOperationError(this.getNode(), `${itemLabel(i)}: Get payout by Reference ID: Pivot holds no payout under "${referenceId}"`, {
			itemIndex: i,
			description: 'Pivot answered with an empty list. Check the Reference ID, and that the credential is for the account and environment it was paid from.',
		});
	}
	return payouts.map((raw) => ({ ...normalisePayoutItem(raw, null), requestStatus: null, merchantId: null, totals: null }));
}

async function lookUpItem(this: IExecuteFunctions, i: number, throttle: Throttle): Promise<IDataObject[]> {
	const lookUpBy = this.getNodeParameter('lookUpBy', i) as string;
	if (lookUpBy === 'uuid') return await byUuid.call(this, i, throttle);
	if (lookUpBy === 'reference') return await byReference.call(this, i, throttle);
	const uuid = requireUuid(this, i);
	const referenceId = requireReference(this, i);
	const body = await askPivot.call(
		this,
		{ method: 'GET', path: `/v1/payouts/${encodeURIComponent(uuid)}`, qs: { referenceId }, throttle, retryRateLimited: true },
		{ itemIndex: i, action: 'Get payout' },
	);
	const data = (body.data ?? {}) as IDataObject;
	const summary = requestSummary(data);
	return payoutList(data.payouts).map((raw) => ({ ...normalisePayoutItem(raw, summary.requestUuid), ...summary }));
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	let settings: WaitSettings;
	try {
		settings = readWaitSettings(this);
	} catch (error) {
		// A bad wait option stops every item, marked, before any request.
		if (!this.continueOnFail()) throw asNodeError(this, error, 0);
		return this.getInputData().map((_, i) => ({ json: { ...errorJson(error), notSent: true }, pairedItem: { item: i } }));
	}
	const deadline = Date.now() + settings.maxWaitMs;
	const lookUp = async (i: number, throttle: Throttle) => await lookUpItem.call(this, i, throttle);
	const items = await forEachItemConcurrently(this, async (i, throttle) => {
		stopIfCancelled(this, i);
		return await firstLookUp(this, i, throttle, lookUp, settings, deadline);
	});
	return settings.enabled ? await waitUntilFinal(this, items, lookUp, settings, deadline) : items;
}
