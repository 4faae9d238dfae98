/**
 * A simulator plus an engine harness wired to it, for the Pivot node's engine tests, and the
 * parameters and simulator queries those tests share.
 */
import type { IDataObject, INodeType, IWorkflowSettings } from 'n8n-workflow';

import { Pivot } from '../../../nodes/Pivot/Pivot.node';
import type { Sandbox, SandboxOptions, SandboxRoute } from '../../sandbox';
import { startSandbox } from '../../sandbox';
import payoutFields from '../../support/payoutFields.json';
import type { NodeSettings, RunResult } from './harness';
import { EngineHarness, sandboxCredentials } from './harness';

export const PIVOT = 'CUSTOM.pivot';

export interface PivotEnv {
	sandbox: Sandbox;
	harness: EngineHarness;
	/** `workflowSettings`: e.g. the workflow's `timezone`. */
	run(parameters: IDataObject, items?: IDataObject[], settings?: NodeSettings, workflowSettings?: IWorkflowSettings): Promise<RunResult>;
	createRequests(): number;
	/** How many requests of `route` the simulator received since its last reset. */
	requestCount(route: SandboxRoute): number;
	close(): Promise<void>;
}

/** An engine harness whose credential is the simulator's first merchant, with the given node types. */
export function harnessFor(sandbox: Sandbox, types: Record<string, INodeType> = { [PIVOT]: new Pivot() }, url = sandbox.url): EngineHarness {
	return new EngineHarness(sandboxCredentials(url, sandbox.merchants[0]), types);
}

export async function pivotEnv(options: SandboxOptions = {}): Promise<PivotEnv> {
	const sandbox = await startSandbox({ processingDelayMs: 50, ...options });
	const harness = harnessFor(sandbox);
	return {
		sandbox,
		harness,
		run: async (parameters, items = [{}], settings, workflowSettings) => await harness.run(PIVOT, parameters, items, settings, workflowSettings),
		createRequests: () => requestsTo(sandbox, 'createPayout').length,
		requestCount: (route) => requestsTo(sandbox, route).length,
		close: async () => await sandbox.close(),
	};
}

/**
 * One simulator and harness for the tests of the enclosing describe block (or file): started
 * before them, reset before each (payouts, keys, logs, faults, balances), closed after them.
 */
export function usePivotEnv(options: SandboxOptions = {}): PivotEnv {
	let current: PivotEnv | undefined;
	beforeAll(async () => {
		current = await pivotEnv(options);
	});
	afterAll(async () => await current?.close());
	beforeEach(() => current?.sandbox.reset());
	const env = (): PivotEnv => {
		if (!current) throw new Error('usePivotEnv: the simulator has not started (use it inside a test)');
		return current;
	};
	return {
		get sandbox() {
			return env().sandbox;
		},
		get harness() {
			return env().harness;
		},
		run: async (...args) => await env().run(...args),
		createRequests: () => env().createRequests(),
		requestCount: (route) => env().requestCount(route),
		close: async () => await env().close(),
	};
}

/** Payout → Create parameters reading each field from the input item (the suites' field list). */
export function createByChannel(extra: IDataObject = {}): IDataObject {
	const mapped = Object.fromEntries(
		payoutFields.channel.map((name) => {
			const expression = `={{ $json.${name} }}`;
			return [name, name === 'channelCode' ? { __rl: true, mode: 'id', value: expression } : expression];
		}),
	);
	return {
		resource: 'payout',
		operation: 'create',
		sendAs: 'perItem',
		destination: 'channel',
		...mapped,
		options: { retryDelaySeconds: 0.01, timeoutSeconds: 5 },
		...extra,
	};
}

export function row(referenceId: string, accountNumber = '999966660001', amount: string | number = '150000'): IDataObject {
	return { channelCode: 'BRI', accountNumber, accountName: 'Reforza Pivot', amount, referenceId, description: 'Test payout' };
}

export const BALANCE_GET: IDataObject = { resource: 'balance', operation: 'get' };

/** Account Inquiry → Validate; the simulator's magic accounts hold the name "Dummy Simulation". */
export function validateParams(
	accountNumber: string,
	accountName = 'Dummy Simulation',
	options: IDataObject = {},
	channelCode = 'BCA',
): IDataObject {
	return {
		resource: 'inquiry',
		operation: 'validate',
		channelCode: { __rl: true, mode: 'list', value: channelCode },
		accountNumber,
		accountName,
		options: { pollIntervalSeconds: 0.1, ...options },
	};
}

export function getByReference(referenceId: string): IDataObject {
	return { resource: 'payout', operation: 'get', lookUpBy: 'reference', referenceId };
}

export function requestsTo(sandbox: Sandbox, route: SandboxRoute) {
	return sandbox.requests().filter((r) => r.route === route);
}

export function payoutsOf(sandbox: Sandbox, referenceId: string) {
	return sandbox.payouts().filter((p) => p.referenceId === referenceId);
}

/** How many payouts the simulator holds per Reference ID: the one number that proves "paid once". */
export function payoutCounts(sandbox: Sandbox): Map<string, number> {
	const counts = new Map<string, number>();
	for (const p of sandbox.payouts()) counts.set(p.referenceId, (counts.get(p.referenceId) ?? 0) + 1);
	return counts;
}

/** Everything a run produced that a user or log could see, as one string, for secret checks. */
export function visible(result: RunResult): string {
	return JSON.stringify(result.run) + String(result.error?.message) + String(result.error?.description) + String(result.error?.stack);
}
