/**
 * Payout → Get's Wait Until Final. The first look-ups run as usual (a failure worth another try,
 * such as "still processing", is tried again within the wait); then, in rounds one Poll Interval
 * apart, every item whose payouts are not all final is looked up again, until all are final or the
 * Maximum Wait (for the whole run) is spent. A payout parked for a top-up is left alone at once:
 * only the Dashboard releases or cancels it. A failed poll (an empty or unreadable answer too)
 * keeps the last state read (it is never read as a status) and is tried again next round. A
 * cancelled execution stops waiting at once.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { NumberRule } from '../../../lib/options';
import { parseBooleanOption } from '../../../lib/options';
import { runPool, Throttle } from '../../../lib/transport/pool';
import { asNodeError, CONCURRENCY_RULE, readRunOption } from '../common';
import { isCancelled, pause } from './cancel';
import { isTransientFailure, requestParked } from './lookup';
import { itemLabel, itemText } from '../../../lib/itemLabel';

export const MAX_WAIT_RULE: NumberRule = { label: 'Maximum Wait (Seconds)', min: 1, max: 300, default: 30 };
export const POLL_INTERVAL_RULE: NumberRule = { label: 'Poll Interval (Seconds)', min: 0.1, max: 60, default: 2 };

/** The three options, named and bounded as the inquiry's waiting is. */
export const waitOptions: INodeProperties[] = [
	{
		displayName: 'Maximum Wait (Seconds)',
		name: 'maxWaitSeconds',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 300 },
		default: 30,
		description: 'With Wait Until Final: how long the run waits at most, for all its items together',
	},
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollIntervalSeconds',
		type: 'number',
		typeOptions: { minValue: 0.1, maxValue: 60, numberPrecision: 1 },
		default: 2,
		description: 'With Wait Until Final: the pause between two look-ups of a payout that is not final yet',
	},
	{
		displayName: 'Wait Until Final',
		name: 'waitUntilFinal',
		type: 'boolean',
		default: false,
		description:
			'Whether to look payouts up again until each is final (SUCCESS, FAILED, CANCELLED, REJECTED), up to the maximum wait. A payout parked for a top-up is not waited for: only the Pivot Dashboard releases or cancels it.',
	},
];

export interface WaitSettings {
	enabled: boolean;
	maxWaitMs: number;
	pollIntervalMs: number;
}

/** The run's wait settings, the same for every item (or an error naming the item and option). */
export function readWaitSettings(context: IExecuteFunctions): WaitSettings {
	const count = Math.max(1, context.getInputData().length);
	let enabled: boolean | undefined;
	for (let i = 0; i < count; i++) {
		const options = context.getNodeParameter('options', i, {}) as IDataObject;
		const parsed = parseBooleanOption(options.waitUntilFinal, 'Wait Until Final', false);
		if (!parsed.ok) throw new NodeOperationError(context.getNode(), `${itemLabel(i)}: ${parsed.problem}. Nothing was sent.`, { itemIndex: i });
		if (enabled !== undefined && parsed.value !== enabled) {
			throw new NodeOperationError(
				context.getNode(),
				`${itemLabel(i)}: Option "Wait Until Final" differs from ${itemText(0)}'s; it applies to the whole run, so make it the same for all items. Nothing was sent.`,
				{ itemIndex: i },
			);
		}
		enabled = parsed.value;
	}
	return {
		enabled: enabled === true,
		maxWaitMs: readRunOption(context, 'maxWaitSeconds', MAX_WAIT_RULE) * 1000,
		pollIntervalMs: readRunOption(context, 'pollIntervalSeconds', POLL_INTERVAL_RULE) * 1000,
	};
}

type LookUpItem = (itemIndex: number, throttle: Throttle) => Promise<IDataObject[]>;

/** The first look-up of an item; while waiting, a failure worth another try is tried again in time. */
export async function firstLookUp(
	context: IExecuteFunctions,
	itemIndex: number,
	throttle: Throttle,
	lookUp: LookUpItem,
	settings: WaitSettings,
	deadline: number,
): Promise<IDataObject[]> {
	for (;;) {
		try {
			return await lookUp(itemIndex, throttle);
		} catch (error) {
			const inTime = Date.now() + settings.pollIntervalMs <= deadline;
			if (!settings.enabled || !isTransientFailure(error) || !inTime) throw asNodeError(context, error, itemIndex);
			if (await pause(context, settings.pollIntervalMs)) throw asNodeError(context, error, itemIndex);
		}
	}
}

interface Group {
	index: number;
	payouts: IDataObject[];
	failed: boolean;
	/** Parked for a top-up, by Reference ID, once known. */
	parked: Map<string, boolean | null>;
	pollError: string | null;
}

const isOpen = (payout: IDataObject) => payout.isFinal !== true;

/**
 * Parked: its request waits for a top-up (status PENDING). Read again from every answer that
 * carries the request's status (a request can be parked while the node waits); otherwise asked
 * once per payout that is not final.
 */
async function markParked(context: IExecuteFunctions, group: Group, throttle: Throttle): Promise<void> {
	for (const payout of group.payouts.filter(isOpen)) {
		const ref = String(payout.referenceId ?? '');
		if (typeof payout.requestStatus === 'string') group.parked.set(ref, payout.requestStatus === 'PENDING');
		else if (group.parked.get(ref) === true || group.parked.get(ref) === false) continue;
		else if (typeof payout.requestUuid === 'string') group.parked.set(ref, await requestParked.call(context, payout.requestUuid, ref, throttle));
		else group.parked.set(ref, null);
	}
}

const waiting = (group: Group) => !group.failed && group.payouts.some((p) => isOpen(p) && group.parked.get(String(p.referenceId ?? '')) !== true);

function groupsOf(items: INodeExecutionData[]): Group[] {
	const groups: Group[] = [];
	for (const item of items) {
		const index = (item.pairedItem as { item: number }).item;
		let group = groups.at(-1);
		if (!group || group.index !== index) groups.push((group = { index, payouts: [], failed: false, parked: new Map(), pollError: null }));
		if (typeof item.json.error === 'string') group.failed = true;
		group.payouts.push(item.json);
	}
	return groups;
}

function annotate(payout: IDataObject, group: Group, settings: WaitSettings, cancelled: boolean): IDataObject {
	const parked = isOpen(payout) ? (group.parked.get(String(payout.referenceId ?? '')) ?? null) : false;
	const seconds = settings.maxWaitMs / 1000;
	let outcome = 'final';
	let note: string | null = null;
	if (parked === true) {
		outcome = 'awaitingTopUp';
		note = 'Parked until the payout balance is topped up, so it was not waited for: top up, then release it in the Pivot Dashboard (Local Payout → Need Action → Waiting for Top Up), or cancel it there.';
	} else if (isOpen(payout)) {
		outcome = cancelled ? 'cancelled' : 'maximumWait';
		note = cancelled
			? 'The execution was cancelled while waiting; this is the last state read.'
			: `Not final after waiting up to ${seconds} s (status ${String(payout.status ?? 'unknown')}); look it up again later.`;
		if (parked === null && payout.status === 'APPROVED') {
			note += ' APPROVED can also mean parked for a top-up, which a look-up by Reference ID cannot tell: look it up by Request UUID to know.';
		}
		if (group.pollError) note += ` The last look-up failed (${group.pollError}), so this is the state read before it.`;
	}
	return { ...payout, awaitingTopUp: parked, waitOutcome: outcome, waitNote: note };
}

/** Looks the items up again until every payout is final, parked, or the wait is spent. */
export async function waitUntilFinal(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	lookUp: LookUpItem,
	settings: WaitSettings,
	deadline: number,
): Promise<INodeExecutionData[]> {
	const groups = groupsOf(items);
	const throttle = new Throttle();
	const concurrency = readRunOption(context, 'concurrency', CONCURRENCY_RULE);
	let cancelled = isCancelled(context);
	for (;;) {
		for (const group of groups.filter((g) => !g.failed)) await markParked(context, group, throttle);
		const due = groups.filter(waiting);
		if (cancelled || due.length === 0 || Date.now() + settings.pollIntervalMs > deadline) break;
		if ((cancelled = await pause(context, settings.pollIntervalMs))) break;
		await runPool(
			due.length,
			concurrency,
			async (k) => {
				try {
					const payouts = await lookUp(due[k].index, throttle);
					// No payout is no status: a failed poll, so the last state read stays.
					if (payouts.length === 0) throw new Error("Pivot's answer listed no payout");
					due[k].payouts = payouts;
					due[k].pollError = null;
				} catch (error) {
					due[k].pollError = (error as Error).message;
				}
			},
			() => isCancelled(context),
		);
		cancelled = isCancelled(context);
	}
	return groups.flatMap((group) =>
		group.payouts.map((json) => ({
			json: group.failed ? json : annotate(json, group, settings, cancelled),
			pairedItem: { item: group.index },
		})),
	);
}
