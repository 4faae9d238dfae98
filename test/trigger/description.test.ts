import type { INodeParameters } from 'n8n-workflow';
import { NodeConnectionTypes, NodeHelpers, Workflow } from 'n8n-workflow';

import codex from '../../nodes/PivotTrigger/PivotTrigger.node.json';
import { PivotTrigger } from '../../nodes/PivotTrigger/PivotTrigger.node';
import { PAYOUT_EVENTS } from '../../nodes/PivotTrigger/normalise';

describe('PivotTrigger description', () => {
	const trigger = new PivotTrigger();
	const d = trigger.description;

	it('is a trigger with one POST webhook answered on receipt', () => {
		expect(d).toMatchObject({ name: 'pivotTrigger', displayName: 'Pivot Trigger', group: ['trigger'], inputs: [] });
		expect(d.outputs).toEqual([NodeConnectionTypes.Main]);
		expect(d.webhooks).toEqual([{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }]);
		expect(d.credentials).toEqual([{ name: 'pivotApi', required: true }]);
		expect(d.usableAsTool).toBeUndefined();
		expect(d.icon).toEqual({ light: 'file:../../icons/pivot.svg', dark: 'file:../../icons/pivot.dark.svg' });
	});

	it('has nothing to register with Pivot', async () => {
		const hooks = trigger.webhookMethods.default;
		const context = {} as never;
		await expect(hooks.checkExists.call(context)).resolves.toBe(true);
		await expect(hooks.create.call(context)).resolves.toBe(true);
		await expect(hooks.delete.call(context)).resolves.toBe(true);
	});

	it('tells the user where to paste the Production URL', () => {
		const notice = d.properties.find((p) => p.type === 'notice');
		expect(notice?.displayName).toMatch(/Production URL/);
		expect(notice?.displayName).toMatch(/Settings → Developer Settings → Callbacks \(Payout\)/);
	});

	it('offers the six payout events, all selected by default', () => {
		const events = d.properties.find((p) => p.name === 'events');
		expect(events?.type).toBe('multiOptions');
		const values = (events?.options as Array<{ value: string }>).map((o) => o.value);
		expect(new Set(values)).toEqual(new Set(PAYOUT_EVENTS));
		expect(events?.default).toEqual([...PAYOUT_EVENTS]);
	});

	it.each([
		[undefined, 'All payout events'],
		[[], 'All payout events'],
		[['PAYOUT.FAILED', 'PAYOUT.DONE'], 'PAYOUT.FAILED, PAYOUT.DONE'],
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

	it('has a codex for the package', () => {
		expect(codex).toMatchObject({
			node: 'n8n-nodes-pivot.pivotTrigger',
			nodeVersion: '1.0',
			codexVersion: '1.0',
			categories: ['Finance & Accounting'],
		});
		expect(codex.resources.primaryDocumentation[0].url).toBe('https://github.com/n8n-nodes-pivot/n8n-nodes-pivot#pivot-trigger');
		expect(codex.resources.credentialDocumentation[0].url).toBe('https://github.com/n8n-nodes-pivot/n8n-nodes-pivot#pivot-trigger');
	});
});
