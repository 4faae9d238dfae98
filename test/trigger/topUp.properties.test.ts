/**
 * Properties of the trigger's routing and top-up normaliser on random JSON: nothing throws, a
 * money `number` is exactly what Pivot's value says (or null), a refusal repeats none of the
 * values received, and an authentic callback with an event the workflow does not listen to is
 * never refused.
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { normaliseCallback } from '../../nodes/PivotTrigger/normalise';
import { KNOWN_EVENTS, routeCallback, unknownEventItem } from '../../nodes/PivotTrigger/route';
import type { TopUpMoney } from '../../nodes/PivotTrigger/topUp';
import { normaliseTopUp } from '../../nodes/PivotTrigger/topUp';

/** Money values as Pivot might send them, and as it should not. */
const moneyValue = fc.oneof(
	fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map(String),
	fc.tuple(fc.nat(), fc.nat(99)).map(([whole, cents]) => `${whole}.${String(cents).padStart(2, '0')}`),
	fc.stringMatching(/^[0-9.,\s-]{0,14}$/),
	fc.double(),
	fc.anything(),
);
const money = fc.oneof(fc.record({ currency: fc.oneof(fc.constant('IDR'), fc.anything()), value: moneyValue }, { requiredKeys: [] }), fc.anything());

const topUpData = fc.record(
	{
		merchantId: fc.oneof(fc.uuid(), fc.anything()),
		accountName: fc.oneof(fc.constant('DISBURSEMENT'), fc.anything()),
		amount: money,
		balanceBefore: money,
		balanceAfter: money,
		paymentMethod: fc.oneof(fc.record({ type: fc.anything() }, { requiredKeys: [] }), fc.anything()),
		paymentMethodOptions: fc.oneof(
			fc.record({ virtualAccount: fc.oneof(fc.record({ channel: fc.anything(), virtualAccountNumber: fc.anything() }, { requiredKeys: [] }), fc.anything()) }),
			fc.anything(),
		),
		transactionTime: fc.anything(),
	},
	{ requiredKeys: [] },
);
const event = fc.oneof(fc.constantFrom(...KNOWN_EVENTS, 'PAYMENT.SUCCESS', 'INTERNATIONAL_PAYOUT.SUCCESS'), fc.anything());
const callbackLike = fc.oneof(
	fc.record({ event, data: fc.oneof(topUpData, fc.anything()) }, { requiredKeys: [] }),
	fc.anything(),
);
const settings = fc.record({
	events: fc.subarray([...KNOWN_EVENTS]),
	emitUnknown: fc.boolean(),
});

/** What `number` must be for a value, as docs/trigger.md documents it. */
function expectedNumber(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value !== 'string') return null;
	const match = /^-?(\d+)(\.\d+)?$/.exec(value.trim());
	if (!match || BigInt(match[1]) > BigInt(Number.MAX_SAFE_INTEGER)) return null;
	return Number(value.trim());
}

function checkMoney(parsed: TopUpMoney | null, raw: unknown): void {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
		expect(parsed).toBeNull();
		return;
	}
	const value = (raw as IDataObject).value;
	expect(parsed?.number).toBe(expectedNumber(value));
	if (typeof value === 'string') expect(parsed?.value).toBe(value);
}

describe('callback routing and the top-up normaliser (properties)', () => {
	it('never throw, whatever the body and the settings', () => {
		fc.assert(
			fc.property(callbackLike, settings, (body, chosen) => {
				const route = routeCallback(body, chosen);
				if (route.kind === 'topUp') normaliseTopUp(route.event, route.data);
				if (route.kind === 'payout') normaliseCallback(route.callback);
				if (route.kind === 'unknown') unknownEventItem(route.event, route.body);
			}),
		);
	});

	it('read every money value as documented: a number only for a number or a plain decimal string', () => {
		fc.assert(
			fc.property(topUpData, (data) => {
				const item = normaliseTopUp('MERCHANT-TOP-UP.SUCCESS', data as IDataObject);
				checkMoney(item.amount, data.amount);
				checkMoney(item.balanceBefore, data.balanceBefore);
				checkMoney(item.balanceAfter, data.balanceAfter);
				expect(item.dedupeKey).toMatch(/^[0-9a-f]{32}$/);
			}),
		);
	});

	it('give a redelivery (the same body re-serialised) the same item', () => {
		fc.assert(
			fc.property(fc.jsonValue(), topUpData, (noise, data) => {
				const body = JSON.parse(JSON.stringify({ ...(data as IDataObject), extra: noise })) as IDataObject;
				const again = JSON.parse(JSON.stringify(body, null, 2)) as IDataObject;
				expect(normaliseTopUp('MERCHANT-TOP-UP.SUCCESS', again)).toEqual(normaliseTopUp('MERCHANT-TOP-UP.SUCCESS', body));
			}),
		);
	});

	it('never refuse an object with a string event the workflow does not listen to', () => {
		fc.assert(
			fc.property(fc.string({ minLength: 1 }), fc.anything(), settings, (name, data, chosen) => {
				fc.pre(name.trim() !== '');
				const route = routeCallback({ event: name, data }, chosen);
				const listened = KNOWN_EVENTS.includes(name)
					? (chosen.events.length === 0 ? name.startsWith('PAYOUT.') : chosen.events.includes(name))
					: chosen.emitUnknown;
				if (!listened) expect(route.kind).toBe('acknowledge');
				else expect(route.kind).not.toBe('acknowledge');
			}),
		);
	});

	it('repeat none of the values received in a refusal', () => {
		fc.assert(
			fc.property(fc.string({ minLength: 6 }), settings, (secret, chosen) => {
				for (const body of [secret, { event: secret.length }, { event: 'MERCHANT-TOP-UP.SUCCESS', data: secret }, { event: 'PAYOUT.DONE', data: { uuid: secret.length, x: secret } }]) {
					const route = routeCallback(body, { ...chosen, events: [...KNOWN_EVENTS] });
					if (route.kind === 'refuse') expect(route.problem).not.toContain(secret);
				}
			}),
		);
	});
});
