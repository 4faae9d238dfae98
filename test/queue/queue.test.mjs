// The package in n8n's production topology ("queue mode"): PostgreSQL and Redis started here on
// their own ports, one main process (EXECUTIONS_MODE=queue), two workers (`n8n worker`, 10
// concurrent executions each) and one webhook process (`n8n webhook`), all n8n 2.41.1 with the
// package, one encryption key, against the Pivot simulator.
//
//   npm run test:n8n -- queue   (builds, makes sure n8n is cached, runs this folder)
//
// One topology is shared by the checks, in order; the simulator is reset before each. Every
// check asserts at the simulator (what reached Pivot, what was paid, which callbacks were
// delivered) and in n8n's own records (execution_entity in Postgres, the processes' logs, REST),
// never on a node's output alone. Logs: artifacts/logs/queue-<role>-*.log, postgres-*, redis-*.
import { after, before, describe } from 'node:test';

import { callbackChecks } from './checks/callbacks.mjs';
import { crashChecks } from './checks/crash.mjs';
import { exactlyOnceChecks } from './checks/exactlyOnce.mjs';
import { productionChecks } from './checks/production.mjs';
import { tokenChecks } from './checks/tokens.mjs';
import { startStack } from './lib/stack.mjs';

describe('queue mode: main, 2 workers, a webhook process, PostgreSQL, Redis', () => {
	const ctx = {};
	before(async () => {
		ctx.stack = await startStack();
	}, { timeout: 300_000 });
	after(async () => {
		await ctx.stack?.stop();
	});

	productionChecks(ctx);
	tokenChecks(ctx);
	callbackChecks(ctx);
	exactlyOnceChecks(ctx);
	// last: it kills a worker (and restarts it)
	crashChecks(ctx);
});
