/**
 * Options are money rules: every numeric or choice option of every operation
 * is parsed strictly, and a bad value stops the run naming the item and the option before any
 * request of that operation reaches the simulator.
 */
import type { GenericValue, IDataObject } from 'n8n-workflow';

import type { BadOption, OptionOperation } from '../fixtures/badOptions';
import { BAD_OPTIONS } from '../fixtures/badOptions';
import type { SandboxRoute } from '../sandbox';
import type { PivotEnv } from './pivotEnv';
import { createByChannel, pivotEnv, row } from './pivotEnv';

const INQUIRY_ID = 'f4f3b3d0-fbff-414a-9ec1-f2c279b4e0c6';
const REQUEST_UUID = 'd6a46a2c-1b26-40c5-9ca3-e063e69635a0';
const FAST = { retryDelaySeconds: 0.01, timeoutSeconds: 5 };

const ROUTE: Record<OptionOperation, SandboxRoute> = {
	create: 'createPayout',
	createBulk: 'createPayout',
	balance: 'balance',
	inquiryValidate: 'inquiry',
	inquiryGet: 'inquiry',
	payoutGet: 'getPayout',
};

function parametersFor(operation: OptionOperation, options: IDataObject): IDataObject {
	switch (operation) {
		case 'create':
			return createByChannel({ options: { ...FAST, ...options } });
		case 'createBulk':
			return createByChannel({ sendAs: 'bulk', options: { ...FAST, ...options } });
		case 'balance':
			return { resource: 'balance', operation: 'get', options };
		case 'inquiryValidate':
			return {
				resource: 'inquiry',
				operation: 'validate',
				channelCode: { __rl: true, mode: 'list', value: 'BCA' },
				accountNumber: '999966660001',
				accountName: 'Dummy Simulation',
				options: { pollIntervalSeconds: 0.1, ...options },
			};
		case 'inquiryGet':
			return { resource: 'inquiry', operation: 'get', inquiryId: INQUIRY_ID, options: { pollIntervalSeconds: 0.1, ...options } };
		case 'payoutGet':
			return { resource: 'payout', operation: 'get', lookUpBy: 'uuid', uuid: REQUEST_UUID, returnAll: false, ...options };
	}
}

const isCreate = (operation: OptionOperation) => operation === 'create' || operation === 'createBulk';

let shared: PivotEnv;
beforeAll(async () => {
	shared = await pivotEnv();
});
afterAll(async () => await shared.close());

const routeCount = (env: PivotEnv, route: SandboxRoute) => env.sandbox.requests().filter((r) => r.route === route).length;

describe('every bad option value stops the run, naming the item and the option, before any request', () => {
	it('the table covers every numeric and choice option of every operation', () => {
		const labels = new Set(BAD_OPTIONS.map((b) => `${b.operation}:${b.label}`));
		for (const expected of [
			'create:Minimum Amount',
			'create:Maximum Amount',
			'createBulk:Bulk Request Size',
			'create:Attempts on No Answer',
			'create:Retry Delay (Seconds)',
			'create:Timeout (Seconds)',
			'create:Idempotency Key',
			'balance:Require at Least',
			'inquiryValidate:Maximum Wait (Seconds)',
			'inquiryValidate:Poll Interval (Seconds)',
			'inquiryValidate:On Warning',
			'inquiryValidate:On Invalid',
			'inquiryValidate:Wait While Pending',
			'inquiryGet:Maximum Wait (Seconds)',
			'inquiryGet:Poll Interval (Seconds)',
			'inquiryGet:On Warning',
			'inquiryGet:On Invalid',
			'inquiryGet:Wait While Pending',
			'payoutGet:Limit',
		]) {
			expect(labels).toContain(expected);
		}
	});

	it.each(BAD_OPTIONS.map((b) => [`${b.operation}: ${b.name}`, b] as const))('%s', async (_name, bad: BadOption) => {
		const route = ROUTE[bad.operation];
		const before = routeCount(shared, route);
		const payoutsBefore = shared.sandbox.payouts().length;
		const input = isCreate(bad.operation) ? [row('OPT-0'), row('OPT-1'), row('OPT-2')] : [{}];
		const { error, items } = await shared.run(parametersFor(bad.operation, bad.options), input);
		expect(items).toHaveLength(0);
		expect(error?.message).toMatch(/^Item 0: /);
		expect(error?.message).toContain(bad.label);
		expect(routeCount(shared, route) - before).toBe(0);
		expect(shared.sandbox.payouts().length).toBe(payoutsBefore);
	});
});

describe('options given as expressions are parsed per item', () => {
	// [option, value for items 0 and 1, value for item 2, label, send as]
	const PER_ITEM: Array<[string, GenericValue, GenericValue, string, 'perItem' | 'bulk']> = [
		['minAmount', 10000, 'none', 'Minimum Amount', 'perItem'],
		['maxAmount', 250000000, 'none', 'Maximum Amount', 'perItem'],
		['maxAmount', 250000000, '250.000.000', 'Maximum Amount', 'bulk'],
		['maxAmount', '250000000', '', 'Maximum Amount', 'bulk'],
		['maxAttempts', 3, 'x', 'Attempts on No Answer', 'perItem'],
		['retryDelaySeconds', 0.01, 'soon', 'Retry Delay (Seconds)', 'perItem'],
		['timeoutSeconds', 5, 301, 'Timeout (Seconds)', 'bulk'],
		['chunkSize', 1000, 2.5, 'Bulk Request Size', 'bulk'],
	];

	it.each(PER_ITEM.map((c) => [`${c[0]} = ${JSON.stringify(c[2])} on item 2 (${c[4]})`, ...c] as const))(
		'%s → error names item 2, nothing sent',
		async (_name, key, good, bad, label, sendAs) => {
		const before = routeCount(shared, 'createPayout');
		const input = [0, 1, 2].map((i) => ({ ...row(`EXPR-${key}-${sendAs}-${i}`), opt: i === 2 ? bad : good }));
		const options = { ...FAST, [key]: '={{ $json.opt }}' };
		const { error } = await shared.run(createByChannel({ sendAs, options }), input);
		expect(error?.message).toMatch(/^Item 2: /);
		expect(error?.message).toContain(label);
		expect(routeCount(shared, 'createPayout') - before).toBe(0);
		},
	);

	it('a per-item Idempotency Key that is too short on item 2 → error names item 2, nothing sent', async () => {
		const before = routeCount(shared, 'createPayout');
		const keys = ['PerItemKey0000000000A0', 'PerItemKey0000000000A1', 'short'];
		const input = keys.map((key, i) => ({ ...row(`EXPR-KEY-${i}`), key }));
		const { error } = await shared.run(createByChannel({ options: { ...FAST, requestId: '={{ $json.key }}' } }), input);
		expect(error?.message).toMatch(/^Item 2: /);
		expect(error?.message).toContain('Idempotency Key');
		expect(routeCount(shared, 'createPayout') - before).toBe(0);
	});

	it('Maximum Amount = {{ "none" }} as a whole-collection expression is refused, not read as "no cap"', async () => {
		const before = routeCount(shared, 'createPayout');
		const { error } = await shared.run(createByChannel({ options: { ...FAST, maxAmount: '={{ "none" }}' } }), [row('EXPR-NONE')]);
		expect(error?.message).toMatch(/^Item 0: Option "Maximum Amount"/);
		expect(routeCount(shared, 'createPayout') - before).toBe(0);
	});

	it('control: well-formed values given as text by expressions are accepted and applied', async () => {
		const options = { ...FAST, minAmount: '={{ "10000" }}', maxAmount: '={{ "200000" }}', maxAttempts: '={{ "2" }}' };
		const ok = await shared.run(createByChannel({ options }), [row('CTRL-OK')]);
		expect(ok.error).toBeUndefined();
		expect(shared.sandbox.payouts().filter((p) => p.referenceId === 'CTRL-OK')).toHaveLength(1);
		const over = await shared.run(createByChannel({ options }), [row('CTRL-OVER', '999966660001', '200001')]);
		expect(over.error?.message).toMatch(/Item 0: Amount .*above the maximum of Rp 200,000/);
		expect(shared.sandbox.payouts().filter((p) => p.referenceId === 'CTRL-OVER')).toHaveLength(0);
	});
});

describe('the headline: a 900,000,000 payout with Maximum Amount "none"', () => {
	let env: PivotEnv;
	// The simulator itself would accept the amount: only the node's cap stands between it and Pivot.
	beforeAll(async () => {
		env = await pivotEnv({ maxAmount: 1_000_000_000 });
	});
	afterAll(async () => await env.close());

	it.each([
		['"none"', 'none'],
		['an expression giving "none"', '={{ "none" }}'],
		['an expression giving "" (empty)', '={{ "" }}'],
		['NaN', NaN],
	])('Maximum Amount %s → error, no create request, nothing paid', async (_what, maxAmount) => {
		const { error } = await env.run(createByChannel({ options: { ...FAST, maxAmount } }), [row('BIG-1', '999966660001', '900000000')]);
		expect(error?.message).toContain('Maximum Amount');
		expect(env.createRequests()).toBe(0);
		expect(env.sandbox.payouts()).toHaveLength(0);
	});
});
