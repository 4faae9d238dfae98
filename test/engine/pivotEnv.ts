/** A simulator plus an engine harness wired to it, for the Pivot node's engine tests. */
import type { IDataObject } from 'n8n-workflow';

import { Pivot } from '../../nodes/Pivot/Pivot.node';
import type { Sandbox, SandboxOptions } from '../sandbox';
import { startSandbox } from '../sandbox';
import payoutFields from '../support/payoutFields.json';
import type { NodeSettings, RunResult } from './harness';
import { EngineHarness, sandboxCredentials } from './harness';

export const PIVOT = 'CUSTOM.pivot';

export interface PivotEnv {
	sandbox: Sandbox;
	harness: EngineHarness;
	run(parameters: IDataObject, items?: IDataObject[], settings?: NodeSettings): Promise<RunResult>;
	createRequests(): number;
	close(): Promise<void>;
}

export async function pivotEnv(options: SandboxOptions = {}): Promise<PivotEnv> {
	const sandbox = await startSandbox({ processingDelayMs: 50, ...options });
	const merchant = sandbox.merchants[0];
	const harness = new EngineHarness(
		sandboxCredentials(sandbox.url, merchant),
		{ [PIVOT]: new Pivot() },
	);
	return {
		sandbox,
		harness,
		run: async (parameters, items = [{}], settings) => await harness.run(PIVOT, parameters, items, settings),
		createRequests: () => sandbox.requests().filter((r) => r.route === 'createPayout').length,
		close: async () => await sandbox.close(),
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

/** Everything a run produced that a user or log could see, as one string, for secret checks. */
export function visible(result: RunResult): string {
	return JSON.stringify(result.run) + String(result.error?.message) + String(result.error?.description) + String(result.error?.stack);
}
