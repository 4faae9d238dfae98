/**
 * The random cases: 2–6 Reference IDs and 1–3 runs over them, each run with its send mode, bulk
 * size, concurrency, On Error, Retry On Fail, destination, row edits and faults. A case is plain
 * data, so fast-check prints the shrunk one as it is and `examples: [[case]]` replays it.
 */
import fc from 'fast-check';

import type { SandboxFault } from '../../../sandbox';

export type Edit = 'none' | 'description' | 'amount' | 'account' | 'newInquiry';
export type OnError = 'stop' | 'continue' | 'errorOutput';

/** One Reference ID of the case and the row it stands for (before a run's edit). */
export interface SlotSpec {
	account: string;
	amount: number;
}

export interface RowSpec {
	slot: number;
	edit: Edit;
}

export interface RunSpec {
	destination: 'channel' | 'inquiry';
	sendAs: 'perItem' | 'bulk';
	chunkSize: number;
	concurrency: number;
	maxAttempts: number;
	onError: OnError;
	/** n8n's Retry On Fail: 0 = off, else Max Tries. */
	retryTries: number;
	rows: RowSpec[];
	/** A row that stops the batch before anything is sent (every item "not sent"). */
	badRow: 'none' | 'amount' | 'duplicate';
	faults: SandboxFault[];
	/** The run's first `count` look-ups by Reference ID answered so by the proxy (absent: Pivot's own). */
	misreads?: LookUpMisread;
}

/**
 * A look-up answer that proves nothing (a success without `data`, a proxy's HTML 404, a list of
 * the Reference ID in another letter case), as a proxy or a Pivot matching loosely could send.
 */
export interface LookUpMisread {
	kind: 'noData' | 'html404' | 'otherCase';
	count: number;
}

export interface ClaimsCase {
	slots: SlotSpec[];
	/** A short token lifetime (expiry during runs), or null for the default 900 s. */
	tokenLifetimeSeconds: number | null;
	runs: RunSpec[];
}

export const OK_ACCOUNT = '999966660001';
/** Simulator accounts: FAILED after processing, parked for top-up, 503 on create, PENDING then SUCCESS. */
const ACCOUNTS = fc.constantFrom(OK_ACCOUNT, OK_ACCOUNT, OK_ACCOUNT, OK_ACCOUNT, OK_ACCOUNT, OK_ACCOUNT, '999966660002', '999966660007', '999966660008', '999966669998');
export const OTHER_ACCOUNT = '999966660005';
export const CHANNEL = 'BRI';
export const DESCRIPTION = 'Test payout';
export const EDITED_DESCRIPTION = 'Edited row';
/** Above the node's 1 s Timeout (its minimum), for faults that outlast it. */
const LONG_MS = fc.integer({ min: 1100, max: 1400 });
const SHORT_MS = fc.integer({ min: 0, max: 250 });

const counted = fc.record({ count: fc.integer({ min: 1, max: 3 }) });
const rated = fc.record({ rate: fc.constantFrom(0.25, 0.5), seed: fc.nat({ max: 9999 }) });
const countOrRate = fc.oneof({ arbitrary: counted, weight: 3 }, { arbitrary: rated, weight: 1 });

const STATUS = fc.oneof(
	{ arbitrary: fc.record({ kind: fc.constant('status' as const), status: fc.constantFrom(500 as const, 502 as const, 503 as const, 408 as const) }), weight: 4 },
	{ arbitrary: fc.record({ kind: fc.constant('status' as const), status: fc.constant(429 as const), retryAfterSeconds: fc.constantFrom(0, 0, 0, 1) }), weight: 2 },
);
const DROPS = fc.record({ kind: fc.constantFrom('dropBeforeCommit' as const, 'dropAfterCommit' as const) });

function fault(route: SandboxFault['route'], body: fc.Arbitrary<Partial<SandboxFault>>, how: fc.Arbitrary<Partial<SandboxFault>> = countOrRate) {
	// A whole second's pause per 429 with Retry-After: 1 is one request's worth, not a rate's.
	return fc.tuple(body, how).map(([b, h]): SandboxFault => ({ route, ...b, ...(b.retryAfterSeconds === 1 ? { count: 1 } : h) }) as SandboxFault);
}

/** A create that outlasts the Timeout: answered lost after committing, or held before it commits (late). */
const SLOW_CREATE = fc.oneof(
	fc.record({ kind: fc.constant('timeoutAfterCommit' as const), latencyMs: fc.oneof(SHORT_MS, LONG_MS) }),
	fc.record({ kind: fc.constant('latency' as const), latencyMs: fc.oneof(SHORT_MS, LONG_MS) }),
);
const FEW = fc.record({ count: fc.integer({ min: 1, max: 2 }) });

export const faultArbitrary: fc.Arbitrary<SandboxFault> = fc.oneof(
	{ arbitrary: fault('createPayout', fc.oneof(STATUS, DROPS)), weight: 4 },
	{ arbitrary: fault('createPayout', SLOW_CREATE, FEW), weight: 2 },
	{ arbitrary: fault('getPayout', fc.oneof(STATUS, DROPS)), weight: 4 },
	{ arbitrary: fault('getPayout', fc.record({ kind: fc.constant('latency' as const), latencyMs: SHORT_MS }), FEW), weight: 1 },
	{ arbitrary: fault('token', fc.oneof(STATUS, DROPS), FEW), weight: 1 },
	// In a run by inquiry ID the node reads an inquiry back to compare it with a payout it found.
	{ arbitrary: fault('inquiry', fc.oneof(STATUS, DROPS)), weight: 1 },
);

const slotArbitrary: fc.Arbitrary<SlotSpec> = fc.record({ account: ACCOUNTS, amount: fc.integer({ min: 10, max: 500 }).map((k) => k * 1000) });

const EDITS = fc.constantFrom<Edit>('none', 'none', 'none', 'none', 'none', 'description', 'amount', 'account', 'newInquiry');

const MISREADS = fc.oneof(
	{ arbitrary: fc.constant(undefined), weight: 3 },
	{ arbitrary: fc.record({ kind: fc.constantFrom<LookUpMisread['kind']>('noData', 'html404', 'otherCase'), count: fc.integer({ min: 1, max: 3 }) }), weight: 1 },
);

function runArbitrary(slots: number): fc.Arbitrary<RunSpec> {
	const run = fc.record({
		destination: fc.constantFrom<RunSpec['destination']>('channel', 'channel', 'channel', 'inquiry'),
		sendAs: fc.constantFrom<RunSpec['sendAs']>('perItem', 'bulk'),
		chunkSize: fc.integer({ min: 1, max: 5 }),
		concurrency: fc.integer({ min: 1, max: 8 }),
		maxAttempts: fc.integer({ min: 1, max: 3 }),
		onError: fc.constantFrom<OnError>('stop', 'continue', 'errorOutput'),
		retryTries: fc.constantFrom(0, 0, 2, 3),
		rows: fc.uniqueArray(fc.record({ slot: fc.nat({ max: slots - 1 }), edit: EDITS }), {
			selector: (r) => r.slot,
			minLength: 2,
			maxLength: slots,
		}),
		badRow: fc.constantFrom<RunSpec['badRow']>(...Array<'none'>(14).fill('none'), 'amount', 'duplicate'),
		faults: fc.array(faultArbitrary, { maxLength: 3 }),
	});
	// Without misreads the key is left out, so a printed case reads as before.
	return fc.tuple(run, MISREADS).map(([spec, misreads]): RunSpec => (misreads ? { ...spec, misreads } : spec));
}

/** 2–6 Reference IDs, then 1–3 runs over them. */
export const claimsCaseArbitrary: fc.Arbitrary<ClaimsCase> = fc.integer({ min: 2, max: 6 }).chain((n) =>
	fc.record({
		slots: fc.array(slotArbitrary, { minLength: n, maxLength: n }),
		tokenLifetimeSeconds: fc.constantFrom<number | null>(null, null, null, null, null, null, null, 0.3),
		runs: fc.array(runArbitrary(n), { minLength: 1, maxLength: 3 }),
	}),
);

/** Whether a run's faults include one that lasts longer than the node's Timeout. */
export function hasLongFault(run: RunSpec): boolean {
	return run.faults.some((f) => (f.latencyMs ?? 0) >= 1000);
}
