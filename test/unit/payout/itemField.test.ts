/**
 * Which parameter forms take Payout → Create's `{{ $json.x }}` fast path (read from the item) and
 * which must go through n8n's expression engine (nested paths, brackets, text around the braces,
 * names n8n guards), and which item values it reads itself. A wrong "yes" would bypass n8n's own
 * evaluation and its refusals.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { itemFieldName, readItemField } from '../../../nodes/Pivot/actions/payout/create/itemField';

function contextWith(raw: unknown): IExecuteFunctions {
	return { getNodeParameter: () => raw } as unknown as IExecuteFunctions;
}

describe('itemFieldName: the `={{ $json.x }}` fast path', () => {
	it.each([
		['={{ $json.amount }}', 'amount'],
		['={{$json.amount}}', 'amount'],
		['={{   $json.reference_id   }}', 'reference_id'],
		['={{ $json.$amount2 }}', '$amount2'],
	])('takes %s', (raw, name) => {
		expect(itemFieldName(contextWith(raw), 'amount')).toBe(name);
	});

	it.each([
		'={{ $json.a.b }}',
		'={{ $json["a b"] }}',
		'={{ $json["amount"] }}',
		'={{ $json.__proto__ }}',
		'={{ $json.constructor }}',
		'={{ $json.prototype }}',
		'=x{{ $json.amount }}',
		'={{ $json.amount }} ',
		'={{ $json.amount }}{{ $json.b }}',
		'={{ $json.amount + 1 }}',
		'={{ $json.amount || 0 }}',
		'={{ $json?.amount }}',
		'{{ $json.amount }}',
		'$json.amount',
		'150000',
		'',
	])('leaves %j to n8n', (raw) => {
		expect(itemFieldName(contextWith(raw), 'amount')).toBeUndefined();
	});

	it('reads the value of a resource locator in list or id mode only', () => {
		const rl = (mode: string) => ({ __rl: true, mode, value: '={{ $json.channelCode }}' });
		expect(itemFieldName(contextWith(rl('id')), 'channelCode')).toBe('channelCode');
		expect(itemFieldName(contextWith(rl('list')), 'channelCode')).toBe('channelCode');
		expect(itemFieldName(contextWith(rl('url')), 'channelCode')).toBeUndefined();
	});

	it('leaves non-text values and failing reads to n8n', () => {
		expect(itemFieldName(contextWith(150000), 'amount')).toBeUndefined();
		const failing = {
			getNodeParameter: () => {
				throw new Error('no such parameter');
			},
		} as unknown as IExecuteFunctions;
		expect(itemFieldName(failing, 'amount')).toBeUndefined();
	});
});

describe('readItemField: the value the fast path reads', () => {
	it('reads only own strings, finite numbers and booleans from the item', () => {
		expect(readItemField({ a: '1' }, 'a')).toEqual({ ok: true, value: '1' });
		expect(readItemField({ a: 0 }, 'a')).toEqual({ ok: true, value: 0 });
		expect(readItemField({ a: false }, 'a')).toEqual({ ok: true, value: false });
		for (const value of [null, undefined, NaN, Infinity, { v: 1 }, [1]]) {
			expect(readItemField({ a: value } as IDataObject, 'a')).toEqual({ ok: false });
		}
		expect(readItemField({}, 'a')).toEqual({ ok: false });
		expect(readItemField({}, 'constructor')).toEqual({ ok: false });
		expect(readItemField(undefined, 'a')).toEqual({ ok: false });
	});
});
