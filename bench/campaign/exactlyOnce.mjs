// The exactly-once checker: every reference paid once, nothing missing, no stray key.


// ---------------------------------------------------------------------------------------
// R1: the exactly-once checker (pure, so it can be shown to fail on bad data)
// ---------------------------------------------------------------------------------------
/**
 * expected: Map referenceId → amount string; payouts: the simulator's payout records;
 * creates: the simulator's create-payout request records of the run.
 */
export function exactlyOnce({ expected, payouts, creates }) {
	const byReference = new Map();
	for (const p of payouts) {
		if (!byReference.has(p.referenceId)) byReference.set(p.referenceId, []);
		byReference.get(p.referenceId).push(p);
	}
	const duplicates = [...byReference].filter(([, list]) => list.length > 1).map(([ref]) => ref);
	const missing = [...expected.keys()].filter((ref) => !byReference.has(ref));
	const extra = [...byReference.keys()].filter((ref) => !expected.has(ref));
	const wrongAmount = [...byReference].filter(([ref, list]) => expected.has(ref) && list.some((p) => p.amount !== expected.get(ref))).map(([ref]) => ref);
	// every create request must carry the key of the one payout it is about: a key that never
	// became a payout means a resend with another key (a possible second payment elsewhere)
	const payoutKeys = new Set(payouts.map((p) => p.xRequestId));
	const strayKeys = [...new Set(creates.map((r) => r.xRequestId))].filter((key) => !payoutKeys.has(key));
	const conflicts = creates.filter((r) => r.status === 409 || r.code === 'resource_already_exists' || r.code === 'request_id_exists').length;
	const perReference = byReference.size ? Math.max(...[...byReference.values()].map((l) => l.length)) : 0;
	return {
		payouts: payouts.length,
		references: byReference.size,
		maxPerReference: perReference,
		duplicates: duplicates.length,
		missing: missing.length,
		extra: extra.length,
		wrongAmount: wrongAmount.length,
		strayKeys: strayKeys.length,
		conflicts,
		pass: duplicates.length === 0 && missing.length === 0 && extra.length === 0 && wrongAmount.length === 0 && strayKeys.length === 0 && conflicts === 0,
		examples: { duplicates: duplicates.slice(0, 5), missing: missing.slice(0, 5), extra: extra.slice(0, 5), strayKeys: strayKeys.slice(0, 5) },
	};
}

export function exactlyOnceSelfTest() {
	const expected = new Map([
		['A', '10000'],
		['B', '10001'],
	]);
	const p = (ref, key, amount = expected.get(ref)) => ({ referenceId: ref, xRequestId: key, amount });
	const clean = exactlyOnce({ expected, payouts: [p('A', 'k1'), p('B', 'k2')], creates: [{ xRequestId: 'k1' }, { xRequestId: 'k2' }] });
	const dup = exactlyOnce({ expected, payouts: [p('A', 'k1'), p('A', 'k3'), p('B', 'k2')], creates: [] });
	const miss = exactlyOnce({ expected, payouts: [p('A', 'k1')], creates: [] });
	const stray = exactlyOnce({ expected, payouts: [p('A', 'k1'), p('B', 'k2')], creates: [{ xRequestId: 'k9' }] });
	const conflict = exactlyOnce({ expected, payouts: [p('A', 'k1'), p('B', 'k2')], creates: [{ xRequestId: 'k1', status: 409 }] });
	return clean.pass && !dup.pass && !miss.pass && !stray.pass && !conflict.pass;
}
