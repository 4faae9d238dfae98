/**
 * The claims oracle: random sequences of Payout → Create runs (send mode, bulk size, concurrency,
 * On Error, Retry On Fail, destination, re-runs with edits, faults at every step) in n8n's engine
 * against the simulator, and every money claim the node makes checked against what the simulator
 * holds after the run has settled. In the order a case goes through them:
 *
 *   generator.ts  the random cases (plain data: fast-check prints the shrunk one as it is)
 *   recorder.ts   the proxy between node and simulator: what went over the wire, what is still
 *                 under way at Pivot
 *   rows.ts       what each run feeds the node: rows, parameters, On Error and Retry On Fail
 *   runner.ts     runs a case: faults set, the node run, the claims read and judged
 *   read.ts       every claim of a run, from its output items or its Stop error
 *   judge.ts      each claim checked against the simulator's records
 *   tally.ts      the figures of many cases (bench/claims.mjs)
 */
export type { ClaimsCase } from './generator';
export { claimsCaseArbitrary } from './generator';
export type { ClaimKind } from './read';
export type { Recorder } from './recorder';
export { startRecorder } from './recorder';
export type { CaseReport, OracleContext } from './runner';
export { runCase, trackedPivot } from './runner';
export { addToTally, newTally } from './tally';
