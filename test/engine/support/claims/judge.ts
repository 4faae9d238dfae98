/**
 * Judging the claims against the simulator: each claim is checked against the payouts the
 * simulator holds once the run has settled, the payouts the run made, and the create requests
 * that went over the wire. A false claim becomes a violation, with what the simulator holds.
 */
import type { Sandbox, SandboxPayoutRecord, SandboxRoute } from '../../../sandbox';
import type { RunSpec } from './generator';
import { hasLongFault } from './generator';
import type { Claim, ClaimKind, Kind } from './read';
import type { Row } from './rows';

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

const ENDED_UNPAID = ['FAILED', 'CANCELLED', 'REJECTED'];

export interface RunEvidence {
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

export function holds(list: SandboxPayoutRecord[] | undefined, endedAt?: number): string {
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

export function judge(claim: Claim, e: RunEvidence, violations: Violation[], counts: Record<ClaimKind, number>): void {
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

export function byReference(list: SandboxPayoutRecord[]): Map<string, SandboxPayoutRecord[]> {
	const map = new Map<string, SandboxPayoutRecord[]>();
	for (const p of list) map.set(p.referenceId, [...(map.get(p.referenceId) ?? []), p]);
	return map;
}

/** Applied faults that can hide an answer: all but a delay shorter than the Timeout. */
export function hidingFaultApplied(sandbox: Sandbox, fromRequest: number, run: RunSpec): boolean {
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
