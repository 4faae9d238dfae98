/** The figures of many cases (bench/claims.mjs): claims per kind, false claims, timings. */
import type { ClaimsCase } from './generator';
import type { Violation } from './judge';
import type { CaseReport } from './runner';
import type { ClaimKind } from './read';
import { CLAIM_KINDS } from './read';

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
