/** The Pivot Trigger's reading of a callback body, for the normalise tests. */
import type { PayoutEventItem } from '../../../nodes/PivotTrigger/normalise';
import { asPivotCallback, normaliseCallback } from '../../../nodes/PivotTrigger/normalise';

/** The items a callback body gives; throws when the body is not a Pivot callback. */
export function normalise(body: unknown): PayoutEventItem[] {
	const parsed = asPivotCallback(body);
	if (!parsed.ok) throw new Error(parsed.problem);
	return normaliseCallback(parsed.callback);
}

/** The one item a callback body gives. */
export function one(body: unknown): PayoutEventItem {
	const items = normalise(body);
	expect(items).toHaveLength(1);
	return items[0];
}
