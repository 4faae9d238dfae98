/**
 * What the trigger does with an authentic callback body, decided before anything is emitted:
 * refuse it (400: not a callback at all, or a selected event in a shape Pivot never sends),
 * acknowledge it without running the workflow (200: an event not selected, or one this version
 * does not know), or emit it. Pivot does not resend a callback answered 4xx, so an event the
 * workflow does not listen to is never refused. Pure: no I/O, no n8n runtime.
 */
import type { IDataObject } from 'n8n-workflow';

import { isObject, textOrNull } from '../lib/shapes';
import type { PivotCallback } from './normalise';
import { asPivotCallback, dedupeKeyOf, PAYOUT_EVENTS } from './normalise';
import { TOP_UP_EVENTS } from './topUp';

/** Every event this version reads; the Events field offers exactly these. */
export const KNOWN_EVENTS: readonly string[] = [...PAYOUT_EVENTS, ...TOP_UP_EVENTS];

export type CallbackRoute =
	| { kind: 'refuse'; problem: string }
	| { kind: 'acknowledge'; message: string }
	| { kind: 'payout'; callback: PivotCallback }
	| { kind: 'topUp'; event: string; data: IDataObject }
	| { kind: 'unknown'; event: string; body: IDataObject };

export interface RouteSettings {
	/** The Events field as stored. Empty means every payout event (not top-ups). */
	events: readonly string[];
	/** Emit Unknown Events: an event this version does not know is emitted as received. */
	emitUnknown: boolean;
}

/**
 * The events that start the workflow. "None selected" has always meant every payout event, and
 * keeps meaning exactly that: a workflow saved before top-ups existed (with the old default, or
 * with none selected) must not start receiving them.
 */
export function selectedEvents(events: readonly string[]): Set<string> {
	return new Set(events.length === 0 ? PAYOUT_EVENTS : events);
}

export function routeCallback(body: unknown, settings: RouteSettings): CallbackRoute {
	if (!isObject(body)) return { kind: 'refuse', problem: 'the body is not a JSON object' };
	if (typeof body.event !== 'string' || body.event.trim() === '') {
		return { kind: 'refuse', problem: 'the body has no string "event"' };
	}
	const event = body.event;
	if (!KNOWN_EVENTS.includes(event)) {
		if (settings.emitUnknown) return { kind: 'unknown', event, body };
		return { kind: 'acknowledge', message: 'OK: event not handled' };
	}
	if (!selectedEvents(settings.events).has(event)) return { kind: 'acknowledge', message: 'OK: event not selected' };

	if ((TOP_UP_EVENTS as readonly string[]).includes(event)) {
		if (!isObject(body.data)) return { kind: 'refuse', problem: 'the body has no object "data"' };
		return { kind: 'topUp', event, data: body.data };
	}
	const parsed = asPivotCallback(body);
	if (!parsed.ok) return { kind: 'refuse', problem: parsed.problem };
	return { kind: 'payout', callback: parsed.callback };
}

/** JSON with every object's keys sorted, so the same body serialised another way reads the same. */
function canonical(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(canonical);
	if (isObject(value)) {
		return Object.keys(value)
			.sort()
			.map((key) => [key, canonical(value[key])]);
	}
	return value;
}

export interface UnknownEventItem extends IDataObject {
	event: string;
	scope: 'unknown';
	merchantId: string | null;
	body: IDataObject;
	dedupeKey: string;
}

/**
 * An event this version does not know, as received: nothing in it is interpreted (no status, no
 * amount), so a workflow has to read `body` itself. The dedupeKey hashes the whole body with its
 * keys sorted: a redelivery (the same body) has the same key, any other body another.
 */
export function unknownEventItem(event: string, body: IDataObject): UnknownEventItem {
	const data = isObject(body.data) ? body.data : {};
	return {
		event,
		scope: 'unknown',
		merchantId: textOrNull(data.merchantId),
		body,
		dedupeKey: dedupeKeyOf(['unknown', canonical(body)]),
	};
}

/** The merchantId an emitted callback is for (checked against the Merchant ID option). */
export function callbackMerchant(route: CallbackRoute): unknown {
	if (route.kind === 'payout') return route.callback.data.merchantId;
	if (route.kind === 'topUp') return route.data.merchantId;
	if (route.kind === 'unknown') return isObject(route.body.data) ? route.body.data.merchantId : undefined;
	return undefined;
}
