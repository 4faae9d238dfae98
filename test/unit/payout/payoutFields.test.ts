/**
 * The workflows that the demo, the real-n8n suites, the benchmarks and the engine tests build map
 * each row field to the Create parameter of the same name, from test/support/payoutFields.json.
 * This keeps that file equal to the fields Create reads, and those fields real parameters of the
 * node shown for their Destination, so a renamed parameter fails here instead of in a suite.
 */
import type { INodeProperties } from 'n8n-workflow';

import { PAYOUT_FIELDS } from '../../../nodes/Pivot/actions/payout/create/prepare';
import { Pivot } from '../../../nodes/Pivot/Pivot.node';
import payoutFields from '../../support/payoutFields.json';

const createProperties = new Pivot().description.properties.filter((p: INodeProperties) => {
	const show = p.displayOptions?.show;
	return show?.resource?.includes('payout') && show?.operation?.includes('create');
});

describe("the suites' payout field list", () => {
	it('is the list Payout → Create reads, for each Destination', () => {
		expect(payoutFields).toEqual(PAYOUT_FIELDS);
	});

	it.each(Object.entries(PAYOUT_FIELDS))('names parameters of Create shown for Destination "%s"', (destination, fields) => {
		for (const name of fields) {
			const shown = createProperties.filter((p) => p.name === name && (p.displayOptions?.show?.destination ?? [destination]).includes(destination));
			expect({ name, shown: shown.length > 0 }).toEqual({ name, shown: true });
		}
	});
});
