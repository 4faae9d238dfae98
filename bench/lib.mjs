// Shared helpers for the benchmarks (bench/run.mjs, concurrency.mjs, queue.mjs) and the safety
// campaign (bench/campaign.mjs), gathered from one module per concern under bench/lib/. Workflows
// and nodes come from test/support/workflows.mjs, the one builder the demo and suites use too.
//
// Everything runs on loopback; every loop here is bounded in count and time.
export { REPO_ROOT } from '../scripts/lib/n8n.mjs';
export * from './lib/output.mjs';
export * from './lib/machine.mjs';
export * from './lib/stack.mjs';
export * from './lib/records.mjs';
export { credentialRef } from '../test/support/workflows.mjs';

export { setTimeout as sleep } from 'node:timers/promises';
