/**
 * The claims oracle: random sequences of Payout → Create runs (send mode, bulk size, concurrency,
 * On Error, Retry On Fail, destination, re-runs with edits, faults at every step) in n8n's engine
 * against the simulator, and every money claim the node makes checked against what the simulator
 * holds after the run has settled. A case is plain data, so fast-check prints the shrunk one as it
 * is and `examples: [[case]]` replays it.
 *
 * The harness talks to the simulator through a small recording proxy: it keeps the Reference IDs
 * of every create request that went over the wire (for "not sent" claims), and it knows which
 * requests Pivot is still working on after the node gave up on them (a create held past the
 * Timeout option commits late), so the check waits for those before it judges "not paid".
 */
import fc from 'fast-check';
import Fastify from 'fastify';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { Pivot } from '../../../nodes/Pivot/Pivot.node';

import type { Sandbox, SandboxFault, SandboxPayoutRecord, SandboxRoute } from '../../sandbox';
import type { EngineHarness, NodeSettings, RunResult } from './harness';
import { CREDENTIAL_TYPE } from './harness';
import { createByChannel, PIVOT, validateParams } from './pivotEnv';

// ---------------------------------------------------------------------------------------------
// The recording proxy
// ---------------------------------------------------------------------------------------------

export interface RecordedCreate {
	xRequestId: string;
	refs: string[];
	sentAt: number;
}

export interface Recorder {
	url: string;
	creates: RecordedCreate[];
	/** Resolves once the simulator has answered (or dropped) every request the proxy passed on. */
	idle(): Promise<void>;
	close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'host', 'content-length']);

function referencesOf(body: Buffer | undefined): string[] {
	try {
		const parsed = JSON.parse(body?.toString('utf8') ?? '') as { payouts?: Array<{ referenceId?: unknown }> };
		return (parsed.payouts ?? []).map((p) => String(p.referenceId));
	} catch {
		return [];
	}
}

function passOn(headers: Record<string, string | string[] | undefined>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (!HOP_BY_HOP.has(name) && value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
	}
	return out;
}

/**
 * A pass-through proxy in front of the simulator. Requests are passed on even when the client has
 * given up (as a load balancer does), and a connection the simulator drops is dropped to the client.
 */
export async function startRecorder(target: string): Promise<Recorder> {
	const creates: RecordedCreate[] = [];
	let inFlight = 0;
	let waiters: Array<() => void> = [];
	const app = Fastify({ logger: false, forceCloseConnections: true });
	app.removeAllContentTypeParsers();
	app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
	app.all('/*', async (request, reply) => {
		const body = request.body as Buffer | undefined;
		const isCreate = request.method === 'POST' && request.url.split('?')[0] === '/v1/payouts';
		const record: RecordedCreate | undefined = isCreate
			? { xRequestId: String(request.headers['x-request-id'] ?? ''), refs: referencesOf(body), sentAt: Date.now() }
			: undefined;
		if (record) creates.push(record);
		inFlight++;
		try {
			const answer = await fetch(`${target}${request.url}`, {
				method: request.method,
				headers: passOn(request.headers),
				body: request.method === 'GET' || request.method === 'HEAD' || !body ? undefined : new Uint8Array(body),
			});
			const payload = Buffer.from(await answer.arrayBuffer());
			const headers: Record<string, string> = {};
			answer.headers.forEach((value, name) => {
				if (!HOP_BY_HOP.has(name)) headers[name] = value;
			});
			return await reply.code(answer.status).headers(headers).send(payload);
		} catch {
			// The simulator dropped the connection: so does the proxy.
			reply.hijack();
			request.raw.socket?.destroy();
			return undefined;
		} finally {
			inFlight--;
			if (inFlight === 0) {
				const ready = waiters;
				waiters = [];
				ready.forEach((resolve) => resolve());
			}
		}
	});
	const url = await app.listen({ port: 0, host: '127.0.0.1' });
	return {
		url,
		creates,
		idle: async () => {
			if (inFlight === 0) return;
			await new Promise<void>((resolve) => waiters.push(resolve));
		},
		close: async () => await app.close(),
	};
}

// ---------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------

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
}

export interface ClaimsCase {
	slots: SlotSpec[];
	/** A short token lifetime (expiry during runs), or null for the default 900 s. */
	tokenLifetimeSeconds: number | null;
	runs: RunSpec[];
}

const OK_ACCOUNT = '999966660001';
/** Simulator accounts: FAILED after processing, parked for top-up, 503 on create, PENDING then SUCCESS. */
const ACCOUNTS = fc.constantFrom(OK_ACCOUNT, OK_ACCOUNT, OK_ACCOUNT, OK_ACCOUNT, OK_ACCOUNT, OK_ACCOUNT, '999966660002', '999966660007', '999966660008', '999966669998');
const OTHER_ACCOUNT = '999966660005';
const CHANNEL = 'BRI';
const DESCRIPTION = 'Test payout';
const EDITED_DESCRIPTION = 'Edited row';
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

function runArbitrary(slots: number): fc.Arbitrary<RunSpec> {
	return fc.record({
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
}

/** 2–6 Reference IDs, then 1–3 runs over them. */
export const claimsCaseArbitrary: fc.Arbitrary<ClaimsCase> = fc.integer({ min: 2, max: 6 }).chain((n) =>
	fc.record({
		slots: fc.array(slotArbitrary, { minLength: n, maxLength: n }),
		tokenLifetimeSeconds: fc.constantFrom<number | null>(null, null, null, null, null, null, null, 0.3),
		runs: fc.array(runArbitrary(n), { minLength: 1, maxLength: 3 }),
	}),
);

// ---------------------------------------------------------------------------------------------
// Running a case
// ---------------------------------------------------------------------------------------------

export type ClaimKind = 'paid' | 'recovered' | 'notPaid' | 'notSent' | 'atPivot' | 'unknown';
export const CLAIM_KINDS: ClaimKind[] = ['paid', 'recovered', 'notPaid', 'notSent', 'atPivot', 'unknown'];

export interface Violation {
	run: number;
	item?: number;
	referenceId?: string;
	/** What the node said, and what the simulator holds. */
	claim: string;
	holds: string;
	/** A reported finding not fixed yet that this violation belongs to (see knownFinding). */
	known?: string;
}

export interface CaseReport {
	claims: Record<ClaimKind, number>;
	violations: Violation[];
	duplicates: number;
	/** Requests the simulator answered with an injected fault, and token refusals (expiry). */
	faultsApplied: number;
	tokenRefusals: number;
	runs: number;
	ms: number;
}

export interface OracleContext {
	sandbox: Sandbox;
	/** A harness whose Pivot node is trackedPivot()'s, reaching the simulator through the recorder. */
	harness: EngineHarness;
	recorder: Recorder;
	/** When each execution of the node began (n8n's Retry On Fail runs it again). */
	tryStarts: number[];
}

/** The Pivot node, noting when n8n starts each try of it (Retry On Fail runs execute() again). */
export function trackedPivot(tryStarts: number[]): INodeType {
	const node = new Pivot();
	const execute = node.execute;
	node.execute = async function (this: IExecuteFunctions) {
		tryStarts.push(Date.now());
		return await execute.call(this);
	};
	return node;
}

interface Row {
	referenceId: string;
	amount: number;
	accountNumber: string;
	channelCode: string;
	inquiryId?: string;
	description: string;
	/** The row as the node reads it. */
	input: IDataObject;
}

const refOf = (slot: number) => `REF-${slot}`;

function editedAccount(account: string): string {
	return account === OK_ACCOUNT ? OTHER_ACCOUNT : OK_ACCOUNT;
}

/** Inquiries per account and per slot, kept for the whole case. */
class Inquiries {
	private readonly bySlot = new Map<number, { account: string; id: string }>();

	constructor(private readonly harness: EngineHarness) {}

	/** Validates the accounts the run needs a new inquiry for, before the run's faults are set. */
	async prepare(run: RunSpec, slots: SlotSpec[]): Promise<void> {
		if (run.destination !== 'inquiry') return;
		const wanted: Array<{ slot: number; account: string }> = [];
		for (const row of run.rows) {
			const account = row.edit === 'account' ? editedAccount(slots[row.slot].account) : slots[row.slot].account;
			const current = this.bySlot.get(row.slot);
			if (!current || current.account !== account || row.edit === 'newInquiry') wanted.push({ slot: row.slot, account });
		}
		if (wanted.length === 0) return;
		const params = validateParams('={{ $json.accountNumber }}', 'Dummy Simulation', {}, CHANNEL);
		const result = await this.harness.run(PIVOT, params, wanted.map((w) => ({ accountNumber: w.account })));
		if (result.error || result.items.length !== wanted.length) {
			throw new Error(`oracle set-up: Account Inquiry → Validate failed: ${result.error?.message ?? JSON.stringify(result.items)}`);
		}
		wanted.forEach((w, k) => this.bySlot.set(w.slot, { account: w.account, id: String(result.items[k].json.inquiryId) }));
	}

	of(slot: number): { account: string; id: string } {
		const inquiry = this.bySlot.get(slot);
		if (!inquiry) throw new Error(`oracle: no inquiry for slot ${slot}`);
		return inquiry;
	}
}

function rowsOf(run: RunSpec, slots: SlotSpec[], inquiries: Inquiries): Row[] {
	const rows = run.rows.map(({ slot, edit }): Row => {
		const base = slots[slot];
		const amount = edit === 'amount' ? base.amount + 500 : base.amount;
		const description = edit === 'description' ? EDITED_DESCRIPTION : DESCRIPTION;
		const referenceId = refOf(slot);
		if (run.destination === 'inquiry') {
			const inquiry = inquiries.of(slot);
			return {
				referenceId,
				amount,
				accountNumber: inquiry.account,
				channelCode: CHANNEL,
				inquiryId: inquiry.id,
				description,
				input: { inquiryId: inquiry.id, amount: String(amount), referenceId, description },
			};
		}
		const accountNumber = edit === 'account' ? editedAccount(base.account) : base.account;
		return {
			referenceId,
			amount,
			accountNumber,
			channelCode: CHANNEL,
			description,
			input: { channelCode: CHANNEL, accountNumber, accountName: 'Reforza Pivot', amount: String(amount), referenceId, description },
		};
	});
	if (run.badRow === 'amount') rows[rows.length - 1] = { ...rows[rows.length - 1], input: { ...rows[rows.length - 1].input, amount: '1,000' } };
	if (run.badRow === 'duplicate') rows.push({ ...rows[0] });
	return rows;
}

/** Whether a run's faults include one that lasts longer than the node's Timeout. */
function hasLongFault(run: RunSpec): boolean {
	return run.faults.some((f) => (f.latencyMs ?? 0) >= 1000);
}

function parametersOf(run: RunSpec): IDataObject {
	const options: IDataObject = {
		retryDelaySeconds: 0.01,
		// The node's minimum where a fault outlasts it; otherwise long enough that a busy machine is
		// never mistaken for a fault.
		timeoutSeconds: hasLongFault(run) ? 1 : 10,
		maxAttempts: run.maxAttempts,
		concurrency: run.concurrency,
		...(run.sendAs === 'bulk' ? { chunkSize: run.chunkSize } : {}),
	};
	if (run.destination === 'inquiry') {
		return { ...createByChannel({ destination: 'inquiry', sendAs: run.sendAs, options }), inquiryId: '={{ $json.inquiryId }}' };
	}
	return createByChannel({ sendAs: run.sendAs, options });
}

function settingsOf(run: RunSpec): NodeSettings {
	const onError: NodeSettings['onError'] =
		run.onError === 'continue' ? 'continueRegularOutput' : run.onError === 'errorOutput' ? 'continueErrorOutput' : undefined;
	return {
		...(onError ? { onError } : {}),
		...(run.retryTries > 0 ? { retryOnFail: true, maxTries: run.retryTries, waitBetweenTries: 1 } : {}),
	};
}

// ---------------------------------------------------------------------------------------------
// Reading the claims
// ---------------------------------------------------------------------------------------------

type Kind = Exclude<ClaimKind, 'notSent'>;

interface Claim {
	item: number;
	kind: Kind;
	notSent: boolean;
	/** Where the claim was read (an output item, or a part of the Stop error). */
	source: string;
	requestUuid?: string;
	referenceId?: string;
	/** Several kinds, one of which holds (a Stop title "1 already paid, 1 not paid"). */
	anyOf?: Kind[];
	/** "Not sent by this try": only the last of n8n's tries (Retry On Fail) is meant. */
	lastTryOnly?: boolean;
}

const TITLES: Record<string, Kind> = {
	'not paid': 'notPaid',
	'already at Pivot': 'atPivot',
	'outcome unknown': 'unknown',
	'already paid': 'paid',
};

function pairedIndex(item: INodeExecutionData): number | undefined {
	const paired = item.pairedItem;
	if (typeof paired === 'number') return paired;
	if (Array.isArray(paired)) return paired.length === 1 ? paired[0].item : undefined;
	return paired?.item;
}

function indices(first: string, last: string | undefined): number[] {
	const a = Number(first);
	const b = last === undefined ? a : Number(last);
	return Array.from({ length: b - a + 1 }, (_, k) => a + k);
}

/** Every claim of an output item; problems of shape and placement go to `shape`. */
function outputClaims(result: RunResult, onError: OnError, count: number, shape: string[]): Claim[] {
	const claims: Claim[] = [];
	const seen = new Map<number, number>();
	const read = (item: INodeExecutionData, output: 'main' | 'error') => {
		const index = pairedIndex(item);
		if (index === undefined || index < 0 || index >= count) {
			shape.push(`an item on the ${output} output is paired to ${JSON.stringify(item.pairedItem)}`);
			return;
		}
		seen.set(index, (seen.get(index) ?? 0) + 1);
		const json = item.json;
		const failure =
			typeof json.error === 'string' && json.error !== ''
				? { ...json, message: json.error }
				: json.error !== null && typeof json.error === 'object' && !Array.isArray(json.error)
					? (json.error as IDataObject)
					: undefined;
		if (!failure) {
			if (output === 'error') shape.push(`item ${index} is on the error output without an error`);
			claims.push({
				item: index,
				kind: json.recovered === true ? 'recovered' : 'paid',
				notSent: false,
				source: `${output} output`,
				requestUuid: typeof json.requestUuid === 'string' ? json.requestUuid : undefined,
				referenceId: String(json.referenceId),
			});
			return;
		}
		if (onError === 'stop') shape.push(`item ${index} failed but On Error is Stop`);
		if (onError === 'continue' && typeof json.error !== 'string') shape.push(`item ${index}: Continue needs a text error`);
		if (onError === 'errorOutput' && output === 'main') shape.push(`item ${index} failed but is on the success output`);
		const outcome = failure.paymentOutcome;
		if (outcome !== 'notPaid' && outcome !== 'atPivot' && outcome !== 'unknown') {
			shape.push(`item ${index} failed with paymentOutcome ${JSON.stringify(outcome)}`);
			return;
		}
		if (typeof failure.notSent !== 'boolean') shape.push(`item ${index} failed without notSent`);
		claims.push({ item: index, kind: outcome, notSent: failure.notSent === true, source: `${output} output: ${String(failure.message)}` });
	};
	result.items.forEach((item) => read(item, 'main'));
	result.errorItems.forEach((item) => read(item, 'error'));
	for (let i = 0; i < count; i++) {
		if ((seen.get(i) ?? 0) !== 1) shape.push(`input item ${i} came out ${seen.get(i) ?? 0} times`);
	}
	return claims;
}

/** The claims of a Stop error: its title (for its request), what it lists as paid, failed and not sent. */
function stopClaims(error: NonNullable<RunResult['error']>, count: number, shape: string[]): Claim[] {
	const message = error.message ?? '';
	const description = String(error.description ?? '');
	const claims: Claim[] = [];
	if (/Nothing was sent/.test(message)) {
		for (let i = 0; i < count; i++) claims.push({ item: i, kind: 'notPaid', notSent: true, source: `Stop: ${message}` });
		return claims;
	}
	const title = /^Create payouts? for items? \d+(?:–\d+)? \(index (\d+)(?:–(\d+))?\): .*\(([^()]+)\)$/.exec(message);
	if (!title) {
		shape.push(`Stop error without a money title: ${message}`);
		return claims;
	}
	claims.push(...noteClaims(indices(title[1], title[2]), title[3], `Stop title: ${message}`, shape));
	const paid = /Paid in this run: ([^.]*)\./.exec(description);
	for (const entry of paid?.[1].split(/, (?=items? \d)/) ?? []) {
		const m = /^items? \d+(?:–\d+)? \(index (\d+)(?:–(\d+))?\) in request UUID (.+)$/.exec(entry);
		if (!m) {
			shape.push(`unreadable "Paid in this run" entry: ${entry}`);
			continue;
		}
		const uuid = m[3] === 'not returned' ? undefined : m[3];
		for (const i of indices(m[1], m[2])) claims.push({ item: i, kind: 'paid', notSent: false, requestUuid: uuid, source: `Stop: Paid in this run: ${entry}` });
	}
	const failed = /Failed in this run: ([^.]*)\./.exec(description);
	for (const entry of failed?.[1].split(/, (?=items? \d)/) ?? []) {
		const m = /^items? \d+(?:–\d+)? \(index (\d+)(?:–(\d+))?\): (.+)$/.exec(entry);
		if (!m) shape.push(`unreadable "Failed in this run" entry: ${entry}`);
		else claims.push(...noteClaims(indices(m[1], m[2]), m[3], `Stop: Failed in this run: ${entry}`, shape));
	}
	// "Not sent: items …" (the run), or with Retry On Fail "Not sent by this try: items …; …".
	const notSent = /Not sent( by this try)?: items? \d+(?:–\d+)? \(index (\d+)(?:–(\d+))?\)[.;]/.exec(description);
	for (const i of notSent ? indices(notSent[2], notSent[3]) : []) {
		claims.push({ item: i, kind: 'notPaid', notSent: true, lastTryOnly: notSent?.[1] !== undefined, source: `Stop: ${notSent?.[0]}` });
	}
	return claims;
}

/** The claims of a note naming a request's items: one claim ("not paid") or counts ("1 already paid, 1 not paid"). */
function noteClaims(items: number[], note: string, source: string, shape: string[]): Claim[] {
	if (TITLES[note]) return items.map((item) => ({ item, kind: TITLES[note], notSent: false, source }));
	const parts = note.split(', ').map((part) => /^(\d+) (.+)$/.exec(part));
	const kinds = parts.map((p) => (p ? TITLES[p[2]] : undefined));
	if (parts.some((p) => !p) || kinds.some((k) => !k)) {
		shape.push(`a note naming no known claim: ${source}`);
		return [];
	}
	const total = parts.reduce((sum, p) => sum + Number(p?.[1]), 0);
	if (total !== items.length) shape.push(`the note counts ${total} items for a request of ${items.length}: ${source}`);
	return items.map((item) => ({ item, kind: kinds[0] as Kind, anyOf: kinds as Kind[], notSent: false, source }));
}

// ---------------------------------------------------------------------------------------------
// Judging the claims against the simulator
// ---------------------------------------------------------------------------------------------

const ENDED_UNPAID = ['FAILED', 'CANCELLED', 'REJECTED'];

interface RunEvidence {
	run: number;
	rows: Row[];
	/** Payouts per Reference ID now (after the run settled), and those made during this run. */
	now: Map<string, SandboxPayoutRecord[]>;
	made: Map<string, SandboxPayoutRecord[]>;
	/** Reference IDs carried by a create request of this run (every try). */
	sent: Set<string>;
	/** A fault was applied that can hide an answer (the node may then not know). */
	hidingFault: boolean;
	/** When the node returned: a payout created after it was still under way at Pivot. */
	endedAt: number;
	/** Reference IDs sent by the last of n8n's tries (Retry On Fail). */
	lastTrySent: Set<string>;
}

function shown(p: SandboxPayoutRecord, endedAt?: number): string {
	const late = endedAt !== undefined && Date.parse(p.createdAt) > endedAt ? ', after the node had answered' : '';
	return `${p.referenceId} Rp ${p.amount} to ${p.channelCode} ${p.accountNumber} (${p.status}, request ${p.requestUuid}, created ${p.createdAt}${late})`;
}

function holds(list: SandboxPayoutRecord[] | undefined, endedAt?: number): string {
	return list && list.length > 0 ? list.map((p) => shown(p, endedAt)).join('; ') : 'no payout';
}

function sameDestination(p: SandboxPayoutRecord, row: Row): boolean {
	return Number(p.amount) === row.amount && p.channelCode === row.channelCode && p.accountNumber === row.accountNumber;
}

/** Why the claim is false, or undefined when the simulator's records bear it out. */
function falsehood(kind: Kind, claim: Claim, row: Row, e: RunEvidence): string | undefined {
	const now = e.now.get(row.referenceId) ?? [];
	const made = e.made.get(row.referenceId) ?? [];
	switch (kind) {
		case 'paid':
		case 'recovered': {
			if (now.length !== 1) return `expected exactly one payout, found ${now.length}`;
			if (!sameDestination(now[0], row)) return `the payout is not this row's (Rp ${row.amount} to ${row.channelCode} ${row.accountNumber})`;
			if (claim.requestUuid !== undefined && claim.requestUuid !== now[0].requestUuid) return `claimed request UUID ${claim.requestUuid}`;
			if (claim.referenceId !== undefined && claim.referenceId !== row.referenceId) return `the output names Reference ID ${claim.referenceId}`;
			return undefined;
		}
		case 'notPaid': {
			if (claim.lastTryOnly) return e.lastTrySent.has(row.referenceId) ? "a create request of n8n's last try carried it" : undefined;
			if (claim.notSent) {
				if (made.length > 0) return 'this run made a payout for it';
				return e.sent.has(row.referenceId) ? 'a create request of this run carried it' : undefined;
			}
			// Not paid: nothing of this run, and nothing of an earlier run with this amount and
			// destination, that did not end FAILED, CANCELLED or REJECTED.
			if (made.some((p) => !ENDED_UNPAID.includes(p.status))) return 'this run made a payout for it that did not end unpaid';
			const live = now.filter((p) => sameDestination(p, row) && !ENDED_UNPAID.includes(p.status));
			return live.length > 0 ? `this row's payout exists and did not end unpaid` : undefined;
		}
		case 'atPivot':
			return now.length === 0 ? 'no payout holds the Reference ID' : undefined;
		case 'unknown':
			return e.hidingFault ? undefined : 'no fault hid an answer in this run';
	}
}

function judge(claim: Claim, e: RunEvidence, violations: Violation[], counts: Record<ClaimKind, number>): void {
	const row = e.rows[claim.item];
	if (claim.notSent && claim.kind !== 'notPaid') {
		violations.push({ run: e.run, item: claim.item, referenceId: row.referenceId, claim: `notSent with ${claim.kind} (${claim.source})`, holds: '' });
		return;
	}
	// A note with counts ("1 already paid, 1 not paid") holds for an item when one of its kinds does.
	const kinds = claim.anyOf ?? [claim.kind];
	const reasons = kinds.map((kind) => falsehood(kind, claim, row, e));
	const held = kinds.find((_, k) => reasons[k] === undefined);
	counts[claim.notSent ? 'notSent' : (held ?? claim.kind)]++;
	if (held !== undefined) return;
	const known = kinds.length === 1 ? knownFinding(kinds[0], claim, row, e) : undefined;
	violations.push({
		run: e.run,
		item: claim.item,
		referenceId: row.referenceId,
		claim: `${kinds.join(' or ')}${claim.notSent ? ' (not sent)' : ''}: ${reasons.join('; ')} (${claim.source})`,
		holds: holds(e.now.get(row.referenceId), e.endedAt),
		...(known ? { known } : {}),
	});
}

/**
 * Findings reported and left open (bench/README.md, "Claims oracle"): a violation that fits one is
 * labelled, counted apart by bench/claims.mjs, and does not fail the property, while a test pins
 * the finding with its minimal case. Add a narrow predicate here only for a finding that is
 * reported and not fixed at once; remove it with the fix. None is open: the five found so far are
 * fixed and pinned in the test file's FORMER_FINDINGS.
 */
const OPEN_FINDINGS: Array<{ label: string; fits: (kind: Kind, claim: Claim, row: Row, e: RunEvidence) => boolean }> = [];

function knownFinding(kind: Kind, claim: Claim, row: Row, e: RunEvidence): string | undefined {
	return OPEN_FINDINGS.find((finding) => finding.fits(kind, claim, row, e))?.label;
}

function byReference(list: SandboxPayoutRecord[]): Map<string, SandboxPayoutRecord[]> {
	const map = new Map<string, SandboxPayoutRecord[]>();
	for (const p of list) map.set(p.referenceId, [...(map.get(p.referenceId) ?? []), p]);
	return map;
}

/** Applied faults that can hide an answer: all but a delay shorter than the Timeout. */
function hidingFaultApplied(sandbox: Sandbox, fromRequest: number, run: RunSpec): boolean {
	const routes: Array<SandboxRoute | 'other'> = ['createPayout', 'getPayout', 'token', 'inquiry'];
	return sandbox
		.requests()
		.slice(fromRequest)
		.some(
			(r) =>
				(r.fault !== undefined && routes.includes(r.route) && (r.fault !== 'latency' || hasLongFault(run))) ||
				// A token that expired mid-run (the case's short token lifetime) is refused.
				r.code === 'credentials_invalid',
		);
}

function forgetToken(harness: EngineHarness): void {
	const stored = harness.credentialsHelper.stored(CREDENTIAL_TYPE);
	void harness.credentialsHelper.updateCredentials({ id: '1', name: 'Pivot account' }, CREDENTIAL_TYPE, { ...stored, accessToken: '' });
}

export async function runCase(ctx: OracleContext, testCase: ClaimsCase): Promise<CaseReport> {
	const started = Date.now();
	const { sandbox, harness, recorder } = ctx;
	const counts = Object.fromEntries(CLAIM_KINDS.map((k) => [k, 0])) as Record<ClaimKind, number>;
	const violations: Violation[] = [];
	let duplicates = 0;
	let faultsApplied = 0;
	let tokenRefusals = 0;
	const duplicated = new Set<string>();
	sandbox.clearFaults();
	await recorder.idle();
	sandbox.reset();
	recorder.creates.length = 0;
	sandbox.setTokenLifetime(testCase.tokenLifetimeSeconds ?? 900);
	// The stored token was issued for the last case's lifetime: a case starts with none.
	forgetToken(harness);
	const inquiries = new Inquiries(harness);
	try {
		for (const [k, run] of testCase.runs.entries()) {
			await inquiries.prepare(run, testCase.slots);
			const rows = rowsOf(run, testCase.slots, inquiries);
			const before = new Set(sandbox.payouts().map((p) => `${p.requestUuid} ${p.referenceId}`));
			const fromRequest = sandbox.requests().length;
			const fromCreate = recorder.creates.length;
			for (const f of run.faults) sandbox.setFault(f);
			const result = await harness.run(PIVOT, parametersOf(run), rows.map((r) => r.input), settingsOf(run));
			const endedAt = Date.now();
			sandbox.clearFaults();
			// Whatever Pivot was still doing for this run (a create held past the Timeout) ends first.
			await recorder.idle();
			const all = sandbox.payouts();
			const runCreates = recorder.creates.slice(fromCreate);
			const runRequests = sandbox.requests().slice(fromRequest);
			const lastTryAt = ctx.tryStarts.at(-1) ?? 0;
			faultsApplied += runRequests.filter((r) => r.fault !== undefined).length;
			tokenRefusals += runRequests.filter((r) => r.code === 'credentials_invalid').length;
			const evidence: RunEvidence = {
				run: k,
				rows,
				now: byReference(all),
				made: byReference(all.filter((p) => !before.has(`${p.requestUuid} ${p.referenceId}`))),
				sent: new Set(runCreates.flatMap((c) => c.refs)),
				hidingFault: hidingFaultApplied(sandbox, fromRequest, run),
				endedAt,
				lastTrySent: new Set(runCreates.filter((c) => c.sentAt >= lastTryAt).flatMap((c) => c.refs)),
			};
			const shape: string[] = [];
			let claims: Claim[];
			if (result.error) {
				if (run.onError !== 'stop') shape.push(`the node failed under On Error ${run.onError}: ${result.error.message}`);
				if (result.items.length + result.errorItems.length > 0) shape.push('the node failed and still output items');
				claims = stopClaims(result.error, rows.length, shape);
			} else {
				claims = outputClaims(result, run.onError, rows.length, shape);
			}
			for (const problem of shape) violations.push({ run: k, claim: problem, holds: '' });
			for (const claim of claims) judge(claim, evidence, violations, counts);
			for (const [referenceId, list] of evidence.now) {
				if (list.length > 1 && !duplicated.has(referenceId)) {
					duplicated.add(referenceId);
					duplicates++;
					violations.push({ run: k, referenceId, claim: `${list.length} payouts for one Reference ID`, holds: holds(list) });
				}
			}
		}
	} finally {
		sandbox.clearFaults();
		sandbox.setTokenLifetime(900);
		forgetToken(harness);
	}
	return { claims: counts, violations, duplicates, faultsApplied, tokenRefusals, runs: testCase.runs.length, ms: Date.now() - started };
}

// ---------------------------------------------------------------------------------------------
// Figures
// ---------------------------------------------------------------------------------------------

export interface Tally {
	cases: number;
	runs: number;
	claims: Record<ClaimKind, number>;
	falseClaims: number;
	knownFalseClaims: Record<string, number>;
	duplicates: number;
	faultsApplied: number;
	tokenRefusals: number;
	ms: number;
	slowestCaseMs: number;
	/** Cases per duration bucket (ms, upper bounds in CASE_MS_BUCKETS; the last is open). */
	msHistogram: number[];
	/** The slowest cases (at most 5), for tuning the generator's time budget. */
	slowest: Array<{ ms: number; case: ClaimsCase }>;
	/** The first violations found (at most 20), with their cases. */
	examples: Array<{ case: ClaimsCase; violations: Violation[] }>;
}

export const CASE_MS_BUCKETS = [100, 250, 500, 1000, 2000, 4000];

export function newTally(): Tally {
	return {
		cases: 0,
		runs: 0,
		claims: Object.fromEntries(CLAIM_KINDS.map((k) => [k, 0])) as Record<ClaimKind, number>,
		falseClaims: 0,
		knownFalseClaims: {},
		duplicates: 0,
		faultsApplied: 0,
		tokenRefusals: 0,
		ms: 0,
		slowestCaseMs: 0,
		msHistogram: CASE_MS_BUCKETS.map(() => 0).concat(0),
		slowest: [],
		examples: [],
	};
}

export function addToTally(tally: Tally, testCase: ClaimsCase, report: CaseReport): void {
	tally.cases++;
	tally.runs += report.runs;
	for (const kind of CLAIM_KINDS) tally.claims[kind] += report.claims[kind];
	for (const v of report.violations) if (v.known) tally.knownFalseClaims[v.known] = (tally.knownFalseClaims[v.known] ?? 0) + 1;
	tally.falseClaims += report.violations.filter((v) => !v.known).length - report.duplicates;
	tally.duplicates += report.duplicates;
	tally.faultsApplied += report.faultsApplied;
	tally.tokenRefusals += report.tokenRefusals;
	tally.ms += report.ms;
	tally.slowestCaseMs = Math.max(tally.slowestCaseMs, report.ms);
	const bucket = CASE_MS_BUCKETS.findIndex((limit) => report.ms < limit);
	tally.msHistogram[bucket < 0 ? CASE_MS_BUCKETS.length : bucket]++;
	if (tally.slowest.length < 5 || report.ms > tally.slowest[tally.slowest.length - 1].ms) {
		tally.slowest = [...tally.slowest, { ms: report.ms, case: testCase }].sort((a, b) => b.ms - a.ms).slice(0, 5);
	}
	if (report.violations.length > 0 && tally.examples.length < 20) tally.examples.push({ case: testCase, violations: report.violations });
}
