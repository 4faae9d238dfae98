/**
 * The simulator keeps its own copy of Pivot's channel codes (it must not depend on node code);
 * this keeps the two lists equal, so a code added to one and not the other fails here.
 */
import { findChannel, PIVOT_CHANNELS } from '../../../nodes/lib/channels';
import { CHANNEL_CODES } from '../../sandbox/channels';

describe("Pivot's channel list", () => {
	it('is the same in the node and in the simulator', () => {
		const node = PIVOT_CHANNELS.map((c) => c.code).sort();
		expect(node).toEqual([...CHANNEL_CODES].sort());
	});

	it('has no duplicate codes, and every code is found by its own name', () => {
		const codes = PIVOT_CHANNELS.map((c) => c.code);
		expect(new Set(codes).size).toBe(codes.length);
		for (const code of codes) expect(findChannel(code)?.code).toBe(code);
	});
});
