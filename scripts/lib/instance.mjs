// An n8n instance: user folder, environment, CLI (import, publish, execute) and the server.
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { N8N_VERSION, n8nPaths } from './install.mjs';
import { tempDirs, makeTempDir, removeTempDir, logDir, stamp, spawnTracked, freePort } from './processes.mjs';
import { RestClient } from './rest.mjs';
import { waitForN8nReady } from './readiness.mjs';
import { n8nId, parseJsonFromOutput, executionErrorFromOutput, readJsonInput } from './cli-output.mjs';

/**
 * Prepares an n8n instance: a fresh user folder, a free port, a fixed encryption key and
 * the environment. Nothing runs yet. Use the CLI helpers (importCredentials, importWorkflow,
 * publishWorkflow, executeWorkflow) before start(), then start().
 *
 * Options:
 *   customExtensionsDir  folder(s) holding our built package (string or array; n8n globs
 *                        **\/*.node.js and **\/*.credentials.js under it). Omit for none.
 *   env                  extra environment for n8n (overrides the defaults)
 *   port                 fixed port (default: a free one)
 *   userFolder           fixed user folder (default: a fresh temp dir, removed by cleanup())
 *   keepUserFolder       do not remove the temp user folder on stop()
 *   logLevel             N8N_LOG_LEVEL for the server (default 'info')
 *   logPath              log file (default artifacts/logs/n8n-<time>-<port>.log, kept);
 *                        the server's output and every CLI call's output go there
 */
export async function createN8n({
	customExtensionsDir,
	env = {},
	port,
	userFolder,
	keepUserFolder = false,
	logLevel = 'info',
	logPath,
} = {}) {
	const paths = n8nPaths();
	if (!paths.ready) {
		throw new Error(`no complete n8n cache at ${paths.cacheDir}; run scripts/n8n-env.sh (or call ensureN8n())`);
	}
	port ??= await freePort();
	const ownFolder = !userFolder;
	userFolder ??= await makeTempDir('pivot-n8n-');
	if (ownFolder && keepUserFolder) tempDirs.delete(userFolder);
	const baseUrl = `http://127.0.0.1:${port}`;
	logPath ??= path.join(logDir(), `n8n-${stamp()}-${port}.log`);
	fs.mkdirSync(path.dirname(logPath), { recursive: true });
	fs.writeFileSync(logPath, `=== n8n ${N8N_VERSION} user folder ${userFolder}\n`);
	// a queue-mode topology passes one key to every process (they share one database)
	const encryptionKey = env.N8N_ENCRYPTION_KEY ?? randomBytes(24).toString('hex');
	const extensionDirs = (Array.isArray(customExtensionsDir) ? customExtensionsDir : [customExtensionsDir])
		.filter(Boolean)
		.map((dir) => path.resolve(dir));

	const baseEnv = {
		...process.env,
		PATH: `${path.dirname(paths.node24)}:${process.env.PATH ?? ''}`,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: encryptionKey,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_WEBHOOK_URL: `${baseUrl}/`, // 2.41 deprecates WEBHOOK_URL in favour of this
		N8N_EDITOR_BASE_URL: `${baseUrl}/`,
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		// Runners are always on in 2.x (N8N_RUNNERS_ENABLED is deprecated): each n8n process
		// starts a task broker, on 5679 by default, so every process gets its own free port.
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_LOG_OUTPUT: 'console',
		N8N_LOG_LEVEL: logLevel,
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		DB_TYPE: 'sqlite',
		// 2.41 publishes workflows through an outbox polled every 15 s: activating a workflow
		// on a running server (REST) registers its webhooks only at the next poll.
		N8N_WORKFLOW_PUBLICATION_OUTBOX_POLL_INTERVAL_MS: '500',
		NODE_OPTIONS: '',
		...(extensionDirs.length ? { N8N_CUSTOM_EXTENSIONS: extensionDirs.join(';') } : {}),
		...env,
	};
	if (!extensionDirs.length && !('N8N_CUSTOM_EXTENSIONS' in env)) delete baseEnv.N8N_CUSTOM_EXTENSIONS;
	// the user's own n8n settings must not leak in
	if (!('N8N_CONFIG_FILES' in env)) delete baseEnv.N8N_CONFIG_FILES;

	const instance = {
		baseUrl,
		port,
		userFolder,
		logPath,
		encryptionKey,
		env: baseEnv,
		paths,
		server: undefined,

		/** Runs `n8n <args...>` to completion with this instance's environment. */
		async cli(args, { input, timeoutMs = 120_000, logLevel: cliLogLevel = 'warn' } = {}) {
			const started = Date.now();
			const brokerPort = await freePort();
			const proc = spawnTracked(`n8n ${args[0]}`, paths.node24, [paths.n8nBin, ...args], {
				cwd: userFolder,
				env: { ...baseEnv, N8N_LOG_LEVEL: cliLogLevel, N8N_RUNNERS_BROKER_PORT: String(brokerPort) },
				stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
			});
			let stdout = '';
			let stderr = '';
			proc.child.stdout.on('data', (c) => (stdout += c));
			proc.child.stderr.on('data', (c) => (stderr += c));
			if (input !== undefined) proc.child.stdin.end(input);
			const timer = setTimeout(() => proc.stop(2000), timeoutMs);
			const { code, signal } = await proc.exitPromise;
			clearTimeout(timer);
			await proc.stop(2000); // reap anything it left in its group
			fs.appendFileSync(
				logPath,
				`\n=== n8n ${args.join(' ')} (exit ${code}${signal ? `, ${signal}` : ''}, ${Date.now() - started} ms)\n${stdout}${stderr}`,
			);
			return { code, signal, stdout, stderr, ms: Date.now() - started };
		},

		async cliOk(args, options) {
			const result = await instance.cli(args, options);
			if (result.code !== 0) {
				throw new Error(
					`n8n ${args.join(' ')} failed (exit ${result.code}):\n${(result.stdout + result.stderr).slice(-3000)}`,
				);
			}
			return result;
		},

		/**
		 * `n8n import:credentials`. Takes (an object, JSON text or a .json path of) one credential or an array of
		 * { id?, name, type, data } (plain data objects are encrypted on import).
		 * Returns the credentials with their ids.
		 */
		async importCredentials(credentials) {
			credentials = readJsonInput(credentials);
			const list = (Array.isArray(credentials) ? credentials : [credentials]).map((c) => ({
				id: c.id ?? n8nId(),
				isManaged: false,
				...c,
			}));
			const file = path.join(userFolder, `import-credentials-${randomUUID()}.json`);
			await fsp.writeFile(file, JSON.stringify(list, null, 2));
			try {
				await instance.cliOk(['import:credentials', `--input=${file}`]);
			} finally {
				await fsp.rm(file, { force: true });
			}
			return list;
		},

		/**
		 * `n8n import:workflow`. Takes one workflow object or an array (or JSON text, or a .json path). Missing ids are
		 * filled in. Returns the workflow(s) as imported (with id).
		 */
		async importWorkflow(workflows) {
			workflows = readJsonInput(workflows);
			const single = !Array.isArray(workflows);
			const list = (single ? [workflows] : workflows).map((wf) => ({
				active: false,
				settings: {},
				connections: {},
				...wf,
				id: wf.id ?? n8nId(),
			}));
			const file = path.join(userFolder, `import-workflow-${randomUUID()}.json`);
			await fsp.writeFile(file, JSON.stringify(list, null, 2));
			try {
				await instance.cliOk(['import:workflow', `--input=${file}`]);
			} finally {
				await fsp.rm(file, { force: true });
			}
			return single ? list[0] : list;
		},

		/**
		 * `n8n publish:workflow --id` (activates production triggers/webhooks). Must run
		 * BEFORE start(): a running server does not pick it up. For a running server use
		 * RestClient.activateWorkflow(). n8n 1.x has no publish:workflow (workflows had no
		 * published versions yet): there `update:workflow --active=true` does the same.
		 */
		async publishWorkflow(id) {
			if (Number(N8N_VERSION.split('.')[0]) < 2) return instance.cliOk(['update:workflow', `--id=${id}`, '--active=true']);
			return instance.cliOk(['publish:workflow', `--id=${id}`]);
		},

		/**
		 * `n8n execute --id=<id> --rawOutput`: runs the workflow in a separate n8n process
		 * (works while the server runs too). Returns { code, ok, output, error, stdout, stderr, ms }
		 * where output is the parsed run data ({ data: { resultData: { runData, ... } } }, also
		 * printed on failure) and error the failure's message (undefined on success).
		 */
		async executeWorkflow(id, { timeoutMs = 300_000 } = {}) {
			// `execute` prints its result through the logger at level info
			const result = await instance.cli(['execute', `--id=${id}`, '--rawOutput'], { timeoutMs, logLevel: 'info' });
			const output = parseJsonFromOutput(result.stdout);
			// n8n 2.41.1 on Node 24 sometimes dies with SIGSEGV while shutting down, after it has
			// printed (and stored) the finished run. The run's own status then decides, not the crash.
			const crashedOnExit = result.code === null && result.signal === 'SIGSEGV' && Boolean(output?.stoppedAt && output?.status);
			const code = crashedOnExit ? (output.status === 'success' ? 0 : 1) : result.code;
			if (crashedOnExit) fs.appendFileSync(logPath, `\n(n8n execute crashed on exit after a finished run, status ${output.status})\n`);
			const error =
				code === 0 ? undefined : (output?.data?.resultData?.error?.message ?? executionErrorFromOutput(result.stdout));
			return { ...result, code, crashedOnExit, ok: code === 0, output, error };
		},

		/**
		 * Starts `n8n start` and waits until the editor and production webhooks are up. Queue mode
		 * starts other commands the same way: `n8n worker` (no HTTP port, ready when its log says so),
		 * `n8n webhook`; `readyText` is the log line that says start-up finished.
		 */
		async start({
			timeoutMs = 120_000,
			command = 'start',
			args = [],
			readyText = 'Editor is now accessible',
			httpReady = command !== 'worker',
		} = {}) {
			if (instance.server?.isRunning()) throw new Error('n8n already running');
			const started = Date.now();
			const logFd = fs.openSync(logPath, 'a');
			fs.writeSync(logFd, `\n=== n8n ${command} on ${baseUrl} (${new Date().toISOString()})\n`);
			instance.brokerPort = await freePort();
			const server = spawnTracked(`n8n ${command}`, paths.node24, [paths.n8nBin, command, ...args], {
				cwd: userFolder,
				env: { ...baseEnv, N8N_RUNNERS_BROKER_PORT: String(instance.brokerPort), ...env },
				stdio: ['ignore', logFd, logFd],
			});
			fs.closeSync(logFd);
			instance.server = server;
			const startOffset = fs.statSync(logPath).size;
			try {
				await waitForN8nReady({ baseUrl, logPath, startOffset, server, timeoutMs, readyText, httpReady });
			} catch (error) {
				await server.stop(3000);
				throw error;
			}
			instance.startupMs = Date.now() - started;
			return instance;
		},

		/** Stops the server (the whole process group) and removes the temp user folder. */
		async stop() {
			if (instance.server) await instance.server.stop(10_000);
			instance.server = undefined;
			if (ownFolder && !keepUserFolder) await removeTempDir(userFolder);
		},

		/** The server log so far (the CLI helpers append their output to it too). */
		readLog() {
			return fs.existsSync(logPath) ? fs.readFileSync(logPath, 'utf8') : '';
		},

		/** A RestClient for this instance. */
		rest() {
			return new RestClient(baseUrl);
		},
	};
	return instance;
}

/**
 * createN8n() + optional imports/publishing + start(). Workflows to publish must be imported
 * and published before the server starts, so they can be given here:
 *   startN8n({ customExtensionsDir, env, credentials: [...], workflows: [...], publish: [ids or true] })
 * Returns the started instance (with .credentials and .workflows as imported).
 */
export async function startN8n({ credentials, workflows, publish, ...options } = {}) {
	const instance = await createN8n(options);
	try {
		if (credentials?.length) instance.credentials = await instance.importCredentials(credentials);
		if (workflows?.length) {
			instance.workflows = await instance.importWorkflow(workflows);
			const toPublish =
				publish === true ? instance.workflows.map((wf) => wf.id) : Array.isArray(publish) ? publish : [];
			for (const id of toPublish) await instance.publishWorkflow(id);
		}
		await instance.start();
	} catch (error) {
		await instance.stop();
		throw error;
	}
	return instance;
}
