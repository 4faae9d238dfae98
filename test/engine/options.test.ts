/**
 * Options are money rules: every numeric or choice option of every operation of the Pivot node
 * is parsed strictly, and a bad value stops the run naming the item and the option before any
 * request of that operation reaches the simulator. (Options given per item by expression:
 * payout/create.perItemOptions.test.ts.)
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { Pivot } from '../../nodes/Pivot/Pivot.node';

import type { BadOption, OptionOperation } from '../fixtures/badOptions';
import { BAD_OPTIONS } from '../fixtures/badOptions';
import type { SandboxRoute } from '../sandbox';
import { BALANCE_GET, createByChannel, row, usePivotEnv, validateParams } from './support/pivotEnv';

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
	payoutReconcile: 'getPayout',
};

function parametersFor(operation: OptionOperation, options: IDataObject): IDataObject {
	switch (operation) {
		case 'create':
			return createByChannel({ options: { ...FAST, ...options } });
		case 'createBulk':
			return createByChannel({ sendAs: 'bulk', options: { ...FAST, ...options } });
		case 'balance':
			return { ...BALANCE_GET, options };
		case 'inquiryValidate':
			return validateParams('999966660001', 'Dummy Simulation', options);
		case 'inquiryGet':
			return { resource: 'inquiry', operation: 'get', inquiryId: INQUIRY_ID, options: { pollIntervalSeconds: 0.1, ...options } };
		case 'payoutGet':
			return { resource: 'payout', operation: 'get', lookUpBy: 'uuid', uuid: REQUEST_UUID, returnAll: false, ...options };
		case 'payoutReconcile':
			return { resource: 'payout', operation: 'reconcile', referenceId: 'OPT-REF', expectedAmount: '150000', options };
	}
}

/** `<operation>:<option>` for every option of each operation's Options collection, and Payout → Get's Limit. */
function offeredOptions(): string[] {
	const operations: Record<string, OptionOperation> = {
		'balance:get': 'balance',
		'inquiry:validate': 'inquiryValidate',
		'inquiry:get': 'inquiryGet',
		'payout:create': 'create',
		'payout:get': 'payoutGet',
		'payout:reconcile': 'payoutReconcile',
	};
	return new Pivot().description.properties.flatMap((property) => {
		const show = property.displayOptions?.show;
		const operation = operations[`${show?.resource?.[0]}:${show?.operation?.[0]}`];
		if (!operation) return [];
		if (property.name === 'limit') return [`${operation}:limit`];
		if (property.name !== 'options' || property.type !== 'collection') return [];
		return (property.options as INodeProperties[]).map((option) => `${operation}:${option.name}`);
	});
}

/** The option names a bad case sets (Payout → Get's own Options collection included). */
function optionKeys(bad: BadOption): string[] {
	const { options: nested, ...top } = bad.options;
	return [...Object.keys(top), ...Object.keys((nested as IDataObject | undefined) ?? {})];
}

const isCreate = (operation: OptionOperation) => operation === 'create' || operation === 'createBulk';

const shared = usePivotEnv();

describe('every bad option value stops the run, naming the item and the option, before any request', () => {
	it('the table has bad values for every option the node offers, in every operation', () => {
		const covered = new Set(BAD_OPTIONS.flatMap((b) => optionKeys(b).map((key) => `${b.operation === 'createBulk' ? 'create' : b.operation}:${key}`)));
		const missing = offeredOptions().filter((option) => !covered.has(option));
		expect(missing).toEqual([]);
	});

	it.each(BAD_OPTIONS.map((b) => [`${b.operation}: ${b.name}`, b] as const))('%s', async (_name, bad: BadOption) => {
		const route = ROUTE[bad.operation];
		const before = shared.requestCount(route);
		const payoutsBefore = shared.sandbox.payouts().length;
		const input = isCreate(bad.operation) ? [row('OPT-0'), row('OPT-1'), row('OPT-2')] : [{}];
		const { error, items } = await shared.run(parametersFor(bad.operation, bad.options), input);
		expect(items).toHaveLength(0);
		expect(error?.message).toMatch(/^Item 1 \(index 0\): /);
		expect(error?.message).toContain(bad.label);
		expect(shared.requestCount(route) - before).toBe(0);
		expect(shared.sandbox.payouts().length).toBe(payoutsBefore);
	});
});

describe('Payout → Create: a 900,000,000 payout with Maximum Amount "none" or NaN', () => {
	// The simulator itself would accept the amount: only the node's cap stands between it and Pivot.
	const env = usePivotEnv({ maxAmount: 1_000_000_000 });

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
