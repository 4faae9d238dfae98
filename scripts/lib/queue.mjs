// n8n in queue mode on one machine, the way production runs it: PostgreSQL and Redis (see
// ./services.mjs), one main process (EXECUTIONS_MODE=queue: editor, REST, enqueues manual runs),
// `n8n worker` processes that take executions from Redis (Bull) and `n8n webhook` processes that
// receive production webhooks and enqueue them. One N8N_ENCRYPTION_KEY and one staged copy of
// this package for every process; each its own port, user folder, task-broker port and log
// (artifacts/logs/queue-<role>-….log).
//
//   const topology = await startQueueTopology({ credentials, workflows, publish: true });
//   topology.webhookUrl('/webhook/…'); topology.workers[0].kill(); await topology.workers[0].start();
//   await topology.stop();
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { createN8n, ensureN8n, freePort, logDir, RestClient, stagePackage } from './n8n.mjs';
import { startPostgres, startRedis } from './services.mjs';

const WORKER_READY = 'n8n worker is now ready';
const WEBHOOK_READY = 'Webhook listener waiting for requests';
const STARTED_ON_WORKER = /Worker started execution (\d+) \(job /g;
const ENQUEUED = /Enqueued execution (\d+) \(job /g;

function stamp() {
	return new Date().toISOString().replace(/[:.]/g, '-');
}

/**
 * Bull's job lock (60 s by default) and stalled-job check (30 s), shortened so that a dead worker
 * is noticed in seconds: n8n sets Bull's maxStalledCount to 0, so the stalled job fails (never runs
 * a second time on another worker) and the main process records its execution as failed.
 * Not shortened: N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL, the main process's sweep that marks
 * executions without a job as crashed: it races with executions being enqueued or finishing, and
 * a short interval marks healthy, in-flight executions crashed.
 */
export const FAST_RECOVERY_ENV = Object.freeze({
	// A busy worker's event loop can hold back its lock renewal for many seconds (large bulk
	// requests on a small machine); a shorter lock fails healthy jobs ("failed to be processed
	// too many times").
	QUEUE_WORKER_LOCK_DURATION: '30000',
	QUEUE_WORKER_LOCK_RENEW_TIME: '5000',
	QUEUE_WORKER_STALLED_INTERVAL: '5000',
});

/**
 * Starts PostgreSQL, Redis and the n8n processes. Credentials and workflows are imported through
 * the CLI against Postgres before any process starts (the first import runs the migrations), and
 * published through the main process's REST API once everything runs; the webhook process finds
 * their webhooks in the database.
 *
 * Options: workers (2), workerConcurrency (10), webhooks (1), credentials, workflows,
 * publish (true = every imported workflow, or a list of ids), env (extra, for every process),
 * mainEnv / workerEnv / webhookEnv (per role).
 */
export async function startQueueTopology({
	workers = 2,
	workerConcurrency = 10,
	webhooks = 1,
	credentials = [],
	workflows = [],
	publish = true,
	env = {},
	mainEnv = {},
	workerEnv = {},
	webhookEnv = {},
} = {}) {
	ensureN8n();
	const started = Date.now();
	const [pg, redis, ext] = await Promise.all([startPostgres(), startRedis(), stagePackage()]);
	const processes = [];
	const topology = { pg, redis, ext, processes, workers: [], webhooks: [] };
	try {
		const webhookPorts = await Promise.all(Array.from({ length: webhooks }, () => freePort()));
		// Production URLs (shown in the editor, used by the Pivot Trigger's set-up notice) point at
		// the webhook process, as a load balancer would route /webhook/* in production.
		const publicUrl = webhookPorts.length ? `http://127.0.0.1:${webhookPorts[0]}/` : undefined;
		const shared = {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: pg.host,
			DB_POSTGRESDB_PORT: String(pg.port),
			DB_POSTGRESDB_DATABASE: pg.database,
			DB_POSTGRESDB_USER: pg.user,
			DB_POSTGRESDB_PASSWORD: '',
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: redis.host,
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
			...(publicUrl ? { N8N_WEBHOOK_URL: publicUrl } : {}),
			...env,
		};
		const make = async (role, index, roleEnv, port) => {
			const name = index === undefined ? role : `${role}-${index + 1}`;
			const instance = await createN8n({
				customExtensionsDir: ext,
				port,
				env: { ...shared, ...roleEnv },
				logPath: path.join(logDir(), `queue-${name}-${stamp()}.log`),
			});
			const proc = wrapProcess(name, role, instance, { workerConcurrency });
			processes.push(proc);
			return proc;
		};

		const main = await make('main', undefined, mainEnv);
		topology.main = main;
		if (credentials.length) topology.credentials = await main.n8n.importCredentials(credentials);
		if (workflows.length) topology.workflows = await main.n8n.importWorkflow(workflows);
		for (let i = 0; i < workers; i++) topology.workers.push(await make('worker', i, workerEnv));
		for (let i = 0; i < webhooks; i++) topology.webhooks.push(await make('webhook', i, webhookEnv, webhookPorts[i]));
		topology.webhook = topology.webhooks[0];
		// The migrations ran with the first CLI import, so the processes can start side by side.
		await Promise.all(processes.map((proc) => proc.start()));
		topology.rest = await new RestClient(main.n8n.baseUrl).ownerSession();
		// Published through the running main (REST), all at once: the CLI starts n8n once per workflow.
		const ids = publish === true ? (topology.workflows ?? []).map((wf) => wf.id) : Array.isArray(publish) ? publish : [];
		await Promise.all(ids.map((id) => topology.rest.activateWorkflow(id)));
		topology.startupMs = Date.now() - started;
	} catch (error) {
		await stopAll(topology);
		throw error;
	}

	Object.assign(topology, {
		/** A URL on the (first) webhook process, e.g. webhookUrl('/webhook/q-balance'). */
		webhookUrl: (urlPath) => `${topology.webhook.n8n.baseUrl}${urlPath}`,
		/** Execution id → names of the worker processes whose log says they started it. */
		executionsOnWorkers: () => idsInLogs(topology.workers, STARTED_ON_WORKER),
		/** Execution id → names of the processes (webhook, main) whose log says they enqueued it. */
		executionsEnqueued: () => idsInLogs(processes, ENQUEUED),
		stop: () => stopAll(topology),
	});
	return topology;
}

function wrapProcess(name, role, n8n, { workerConcurrency }) {
	const startOptions =
		role === 'worker'
			? { command: 'worker', args: [`--concurrency=${workerConcurrency}`], readyText: WORKER_READY }
			: role === 'webhook'
				? { command: 'webhook', readyText: WEBHOOK_READY }
				: {};
	return {
		name,
		role,
		n8n,
		get pid() {
			return n8n.server?.pid;
		},
		isRunning: () => Boolean(n8n.server?.isRunning()),
		/** Starts (or restarts) the process and waits until its log says it is ready. */
		start: () => n8n.start(startOptions),
		/** SIGKILL to the whole process group (n8n and its task runner), as when a container dies. */
		async kill() {
			const server = n8n.server;
			if (!server) return;
			try {
				process.kill(-server.pid, 'SIGKILL');
			} catch {
				// already gone
			}
			await server.exitPromise;
			await server.stop(1000); // forgets the process group in the harness's bookkeeping
		},
		/** Stops the server but keeps the user folder, so start() can bring it back. */
		async stopServer() {
			await n8n.server?.stop(15_000);
		},
		readLog: () => n8n.readLog(),
		logPath: n8n.logPath,
	};
}

function idsInLogs(procs, pattern) {
	const found = new Map();
	for (const proc of procs) {
		const text = fs.existsSync(proc.logPath) ? fs.readFileSync(proc.logPath, 'utf8') : '';
		for (const match of text.matchAll(pattern)) {
			const list = found.get(match[1]) ?? [];
			list.push(proc.name);
			found.set(match[1], list);
		}
	}
	return found;
}

async function stopAll(topology) {
	// n8n first (they hold connections to both), then Redis and PostgreSQL
	await Promise.all(topology.processes.map((proc) => proc.n8n.stop().catch(() => undefined)));
	await Promise.all([topology.redis?.stop(), topology.pg?.stop()].map((p) => p?.catch(() => undefined)));
}
