import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseBooleanOption, parseNumberOption } from '../../../lib/options';
import { normalisePayoutItem, payoutList, requestSummary } from '../../../lib/shapes';
import { checkReferenceId } from '../../../lib/validation';
import { asNodeError, concurrencyOption, errorJson, forEachItemConcurrently } from '../common';
import type { Throttle } from '../../../lib/transport/pool';
import { stopIfCancelled } from './cancel';
import { askPivot, failureError, payoutsByReference } from './lookup';
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
	// An empty list would leave the input item without an output item; a request holds payouts.
	if (out.length === 0) {
		throw noPayoutError(this, i, 'Get payout request', `Pivot answered without any payout in request ${uuid}`,
			'Check the Request UUID, and that the credential is for the account and environment it was created in.');
	}
	return out;
}

/** An answer that names no payout for the item: the item fails, never comes out without an item. */
function noPayoutError(context: IExecuteFunctions, i: number, action: string, problem: string, description: string): NodeOperationError {
	return new NodeOperationError(context.getNode(), `${itemLabel(i)}: ${action}: ${problem}`, { itemIndex: i, description });
}

async function byReference(this: IExecuteFunctions, i: number, throttle: Throttle): Promise<IDataObject[]> {
	const referenceId = requireReference(this, i);
	const action = 'Get payout by Reference ID';
	// Read as Reconcile and Create's recovery read it: only payouts under this exact Reference ID.
	const found = await payoutsByReference.call(this, referenceId, i, throttle);
	if (found.kind === 'failed') throw failureError(this, found.outcome, { itemIndex: i, action });
	if (found.kind === 'none') {
		throw noPayoutError(this, i, action, `Pivot holds no payout under "${referenceId}"`,
			'Pivot answered that it has none. Check the Reference ID, and that the credential is for the account and environment it was paid from.');
	}
	if (found.kind === 'unreadable') {
		throw noPayoutError(this, i, action, `${found.message} (outcome unknown)`,
			`Pivot's answer does not say what it holds under "${referenceId}", so no payout is reported for it. Check the Reference ID in the Pivot Dashboard (Domestic Payout).`);
	}
	return found.payouts.map((payout) => ({ ...payout, requestStatus: null, merchantId: null, totals: null }));
}

async function byUuidAndReference(this: IExecuteFunctions, i: number, throttle: Throttle): Promise<IDataObject[]> {
	const uuid = requireUuid(this, i);
	const referenceId = requireReference(this, i);
	const body = await askPivot.call(
		this,
		{ method: 'GET', path: `/v1/payouts/${encodeURIComponent(uuid)}`, qs: { referenceId }, throttle, retryRateLimited: true },
		{ itemIndex: i, action: 'Get payout' },
	);
	const data = (body.data ?? {}) as IDataObject;
	const summary = requestSummary(data);
	const listed = payoutList(data.payouts);
	const mine = listed.filter((raw) => raw.referenceId === referenceId);
	if (mine.length === 0) {
		const problem = listed.length
			? `Pivot answered with payouts under other Reference IDs only, none under "${referenceId}" (outcome unknown)`
			: `Pivot answered without any payout under "${referenceId}" in request ${uuid}`;
		throw noPayoutError(this, i, 'Get payout', problem, 'Check the Request UUID and Reference ID in the Pivot Dashboard (Domestic Payout).');
	}
	return mine.map((raw) => ({ ...normalisePayoutItem(raw, summary.requestUuid), ...summary }));
}

async function lookUpItem(this: IExecuteFunctions, i: number, throttle: Throttle): Promise<IDataObject[]> {
	const lookUpBy = this.getNodeParameter('lookUpBy', i) as string;
	if (lookUpBy === 'uuid') return await byUuid.call(this, i, throttle);
	if (lookUpBy === 'reference') return await byReference.call(this, i, throttle);
	return await byUuidAndReference.call(this, i, throttle);
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
