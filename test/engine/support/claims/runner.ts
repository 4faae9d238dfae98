/**
 * Running a case: each run's faults set, the node run in n8n's engine through the recording
 * proxy, then (once Pivot has finished what the run started) every claim read and judged, and
 * duplicate payouts counted.
 */
import type { IExecuteFunctions, INodeType } from 'n8n-workflow';

import { Pivot } from '../../../../nodes/Pivot/Pivot.node';

import type { Sandbox } from '../../../sandbox';
import type { EngineHarness } from '../harness';
import { CREDENTIAL_TYPE } from '../harness';
import { PIVOT } from '../pivotEnv';
import type { ClaimsCase } from './generator';
import type { RunEvidence, Violation } from './judge';
import { byReference, hidingFaultApplied, holds, judge } from './judge';
import type { Claim, ClaimKind } from './read';
import { CLAIM_KINDS, outputClaims, stopClaims } from './read';
import type { Recorder } from './recorder';
import { Inquiries, parametersOf, rowsOf, settingsOf } from './rows';

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
			const fromMisreads = recorder.misreadsApplied;
			recorder.misread = run.misreads ? { kind: run.misreads.kind, remaining: run.misreads.count } : null;
			const result = await harness.run(PIVOT, parametersOf(run), rows.map((r) => r.input), settingsOf(run));
			const endedAt = Date.now();
			sandbox.clearFaults();
			recorder.misread = null;
			const misreads = recorder.misreadsApplied - fromMisreads;
			// Whatever Pivot was still doing for this run (a create held past the Timeout) ends first.
			await recorder.idle();
			const all = sandbox.payouts();
			const runCreates = recorder.creates.slice(fromCreate);
			const runRequests = sandbox.requests().slice(fromRequest);
			const lastTryAt = ctx.tryStarts.at(-1) ?? 0;
			faultsApplied += runRequests.filter((r) => r.fault !== undefined).length + misreads;
			tokenRefusals += runRequests.filter((r) => r.code === 'credentials_invalid').length;
			const evidence: RunEvidence = {
				run: k,
				rows,
				now: byReference(all),
				made: byReference(all.filter((p) => !before.has(`${p.requestUuid} ${p.referenceId}`))),
				sent: new Set(runCreates.flatMap((c) => c.refs)),
				// A misread look-up hides what Pivot holds, as a failed one does.
				hidingFault: hidingFaultApplied(sandbox, fromRequest, run) || misreads > 0,
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
		recorder.misread = null;
		sandbox.setTokenLifetime(900);
		forgetToken(harness);
	}
	return { claims: counts, violations, duplicates, faultsApplied, tokenRefusals, runs: testCase.runs.length, ms: Date.now() - started };
}
