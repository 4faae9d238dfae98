/**
 * routeCallback (nodes/PivotTrigger/route.ts): what the trigger does with an authentic body before
 * anything is emitted. Refused (400) only when it is no callback at all or a selected event in a
 * shape Pivot never sends; acknowledged (200, nothing run) when the workflow does not listen to
 * the event; emitted otherwise.
 */
import { PAYOUT_EVENTS } from '../../nodes/PivotTrigger/normalise';
import { KNOWN_EVENTS, routeCallback, selectedEvents, unknownEventItem } from '../../nodes/PivotTrigger/route';
import { TOP_UP_EVENTS } from '../../nodes/PivotTrigger/topUp';
import { MERCHANT, reordered, singleBody, topUpBody } from './support/callbackBodies';

const OLD_DEFAULT = [...PAYOUT_EVENTS];
const ALL = [...KNOWN_EVENTS];
const route = (body: unknown, events: string[] = OLD_DEFAULT, emitUnknown = false) => routeCallback(body, { events, emitUnknown });

describe('routeCallback', () => {
	it('knows the six payout events and the top-up, nothing else', () => {
		expect(KNOWN_EVENTS).toEqual([...PAYOUT_EVENTS, 'MERCHANT-TOP-UP.SUCCESS']);
		expect([...TOP_UP_EVENTS]).toEqual(['MERCHANT-TOP-UP.SUCCESS']);
	});

	it('none selected means the six payout events, never top-ups', () => {
		expect(selectedEvents([])).toEqual(new Set(PAYOUT_EVENTS));
		expect(route(topUpBody(), [])).toEqual({ kind: 'acknowledge', message: 'OK: event not selected' });
		expect(route(singleBody('PAYOUT.SUCCESS'), []).kind).toBe('payout');
	});

	it('a top-up is acknowledged under the old default (every payout event) and emitted once selected', () => {
		expect(route(topUpBody(), OLD_DEFAULT).kind).toBe('acknowledge');
		expect(route(topUpBody(), ['PAYOUT.FAILED']).kind).toBe('acknowledge');
		expect(route(topUpBody(), ['MERCHANT-TOP-UP.SUCCESS'])).toEqual({ kind: 'topUp', event: 'MERCHANT-TOP-UP.SUCCESS', data: topUpBody().data });
		expect(route(topUpBody(), ALL).kind).toBe('topUp');
	});

	it('a selected top-up without a data object is refused 400; an unselected one is acknowledged', () => {
		expect(route({ event: 'MERCHANT-TOP-UP.SUCCESS' }, ALL)).toEqual({ kind: 'refuse', problem: 'the body has no object "data"' });
		expect(route({ event: 'MERCHANT-TOP-UP.SUCCESS', data: [] }, ALL).kind).toBe('refuse');
		expect(route({ event: 'MERCHANT-TOP-UP.SUCCESS' }, OLD_DEFAULT).kind).toBe('acknowledge');
	});

	it('a top-up needs no uuid (Pivot sends none); a payout event still does', () => {
		expect(route(topUpBody(), ALL).kind).toBe('topUp');
		expect(route({ event: 'PAYOUT.SUCCESS', data: { merchantId: MERCHANT } }, ALL)).toEqual({
			kind: 'refuse',
			problem: 'the body has no string "data.uuid"',
		});
	});

	it.each([
		['PAYMENT.SUCCESS', { id: 'pay-1', merchantId: MERCHANT }],
		['INTERNATIONAL_PAYOUT.SUCCESS', undefined],
		['payout.success', { uuid: 'x' }],
		['MERCHANT-TOP-UP.FAILED', 'not an object'],
	])('an unknown event (%s), whatever its data, is acknowledged 200, never refused', (event, data) => {
		for (const events of [OLD_DEFAULT, ALL, []]) {
			expect(route({ event, data }, events)).toEqual({ kind: 'acknowledge', message: 'OK: event not handled' });
		}
	});

	it('an unknown event is emitted as received with Emit Unknown Events, whatever is selected', () => {
		const body = { event: 'PAYMENT.SUCCESS', data: { id: 'pay-1' } };
		expect(route(body, ['PAYOUT.FAILED'], true)).toEqual({ kind: 'unknown', event: 'PAYMENT.SUCCESS', body });
		// a known event keeps following Events
		expect(route(topUpBody(), OLD_DEFAULT, true).kind).toBe('acknowledge');
	});

	it.each([
		['not an object', 'PAYOUT.SUCCESS'],
		['an array', [topUpBody()]],
		['no event', { data: {} }],
		['a blank event', { event: ' ', data: {} }],
		['a numeric event', { event: 7, data: {} }],
	])('a body that is no callback (%s) is refused 400', (_what, body) => {
		for (const emitUnknown of [false, true]) expect(route(body, ALL, emitUnknown).kind).toBe('refuse');
	});
});

describe('unknownEventItem', () => {
	const body = { event: 'PAYMENT.SUCCESS', data: { id: 'pay-1', merchantId: MERCHANT, amount: { value: '5000' } } };

	it('carries the body as received and only what needs no interpretation', () => {
		expect(unknownEventItem('PAYMENT.SUCCESS', body)).toEqual({
			event: 'PAYMENT.SUCCESS',
			scope: 'unknown',
			merchantId: MERCHANT,
			body,
			dedupeKey: expect.stringMatching(/^[0-9a-f]{32}$/),
		});
	});

	it('has one dedupeKey per body: the same when reordered or re-serialised, another when anything changes', () => {
		const key = unknownEventItem('PAYMENT.SUCCESS', body).dedupeKey;
		expect(unknownEventItem('PAYMENT.SUCCESS', reordered(body) as typeof body).dedupeKey).toBe(key);
		expect(unknownEventItem('PAYMENT.SUCCESS', JSON.parse(JSON.stringify(body, null, 3)) as typeof body).dedupeKey).toBe(key);
		const other = { ...body, data: { ...body.data, id: 'pay-2' } };
		expect(unknownEventItem('PAYMENT.SUCCESS', other).dedupeKey).not.toBe(key);
	});
});
