import type { INodeParameters } from 'n8n-workflow';
import { NodeConnectionTypes, NodeHelpers, Workflow } from 'n8n-workflow';

import codex from '../../nodes/PivotTrigger/PivotTrigger.node.json';
import packageJson from '../../package.json';
import { PivotTrigger } from '../../nodes/PivotTrigger/PivotTrigger.node';
import { PAYOUT_EVENTS } from '../../nodes/PivotTrigger/normalise';
import { KNOWN_EVENTS } from '../../nodes/PivotTrigger/route';

/** What the Pivot Trigger's description does for n8n: how it is started, its events and its subtitle. */
describe('PivotTrigger description', () => {
	const trigger = new PivotTrigger();
	const d = trigger.description;

	// Pivot is given the production URL <base>/webhook/<webhookId>/webhook once, by hand, and
	// redelivers unless it gets an answer at once: path, method and response mode are that contract.
	it('starts workflows from one POST webhook at the fixed path "webhook", answered on receipt', () => {
		expect(d).toMatchObject({ group: ['trigger'], inputs: [] });
		expect(d.outputs).toEqual([NodeConnectionTypes.Main]);
		expect(d.webhooks).toEqual([{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }]);
		expect(d.credentials).toEqual([{ name: 'pivotApi', required: true }]);
		expect(d.usableAsTool).toBeUndefined();
	});

	it('has nothing to register with Pivot', async () => {
		const hooks = trigger.webhookMethods.default;
		const context = {} as never;
		await expect(hooks.checkExists.call(context)).resolves.toBe(true);
		await expect(hooks.create.call(context)).resolves.toBe(true);
		await expect(hooks.delete.call(context)).resolves.toBe(true);
	});

	// n8n stores no parameter equal to its default, so the default is what every workflow saved with
	// it gets: widening it would start top-ups in workflows that never asked for them.
	it('offers the six payout events and the top-up; the default is the six payout events only, as before top-ups', () => {
		const events = d.properties.find((p) => p.name === 'events');
		expect(events?.type).toBe('multiOptions');
		const values = (events?.options as Array<{ value: string }>).map((o) => o.value);
		expect(new Set(values)).toEqual(new Set(KNOWN_EVENTS));
		expect(values).toContain('MERCHANT-TOP-UP.SUCCESS');
		expect(events?.default).toEqual([
			'PAYOUT.SUCCESS',
			'PAYOUT.FAILED',
			'PAYOUT.DELAYED',
			'PAYOUT.DONE',
			'PAYOUT.PENDING',
			'PAYOUT.CANCELLED',
		]);
	});

	it('has Emit Unknown Events, off by default', () => {
		const options = d.properties.find((p) => p.name === 'options');
		const emit = (options?.options as Array<{ name: string; default: unknown }>).find((o) => o.name === 'emitUnknownEvents');
		expect(emit?.default).toBe(false);
	});

	it.each([
		[undefined, 'All payout events'],
		[[], 'All payout events'],
		[[...PAYOUT_EVENTS], 'All payout events'],
		[['PAYOUT.FAILED', 'PAYOUT.DONE'], 'PAYOUT.FAILED, PAYOUT.DONE'],
		[['MERCHANT-TOP-UP.SUCCESS'], 'Top-ups'],
		[[...PAYOUT_EVENTS, 'MERCHANT-TOP-UP.SUCCESS'], 'All payout events, Top-ups'],
		[['PAYOUT.FAILED', 'MERCHANT-TOP-UP.SUCCESS', 'PAYOUT.DONE', 'PAYOUT.SUCCESS', 'PAYOUT.PENDING', 'PAYOUT.CANCELLED'], 'PAYOUT.FAILED, PAYOUT.DONE, PAYOUT.SUCCESS, PAYOUT.PENDING, PAYOUT.CANCELLED, Top-ups'],
	])('subtitle for events %p is "%s"', (events, expected) => {
		const parameters = NodeHelpers.getNodeParameters(
			d.properties,
			events === undefined ? {} : { events },
			true,
			false,
			{ typeVersion: 1 },
			d,
		) as INodeParameters;
		const node = { id: 'a', name: 'Pivot Trigger', type: 'CUSTOM.pivotTrigger', typeVersion: 1, position: [0, 0] as [number, number], parameters };
		const workflow = new Workflow({
			nodes: [node],
			connections: {},
			active: false,
			nodeTypes: { getByName: () => trigger, getByNameAndVersion: () => trigger, getKnownTypes: () => ({}) },
		});
		expect(workflow.expression.getSimpleParameterValue(node, d.subtitle as string, 'manual', {})).toBe(expected);
	});

	it("has a codex n8n matches to this node: '<package>.<node>' at the node's version", () => {
		expect(codex.node).toBe(`${packageJson.name}.${d.name}`);
		expect(Number(codex.nodeVersion)).toBe(d.version);
	});
});
