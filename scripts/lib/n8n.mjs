// Harness for running the Pivot simulator and a real n8n (installed by scripts/n8n-env.sh)
// from plain Node. Used by the demo, the E2E suite and benchmarks. Runs on the system Node 20;
// n8n itself runs on the Node cached with it. Which n8n: the target $PIVOT_N8N_TARGET
// (default "newest") of scripts/n8n-versions.json, the one place that names the versions.
//
//   import { ensureN8n, startSandbox, createN8n, startN8n, RestClient } from '../scripts/lib/n8n.mjs';
//
// Every process started here runs in its own process group and is killed on stop(), on
// process exit, on SIGINT/SIGTERM/SIGHUP and, through a tiny watchdog, even when this
// process is killed with SIGKILL. See test/e2e/README.md.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import { n8nTarget } from './n8n-versions.mjs';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** { name, n8n, node, nodeMajor, cacheKey, ... } of the n8n this process runs against. */
export const N8N_TARGET = n8nTarget();
export const N8N_VERSION = N8N_TARGET.n8n;
/** The Node that runs this n8n (named when it was always Node 24). */
export const NODE24_VERSION = N8N_TARGET.node;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------
// Process bookkeeping: everything we start is killed when we go away.
// ---------------------------------------------------------------------------------------
const children = new Set(); // { pid, name }
const tempDirs = new Set(); // removed on exit unless PIVOT_KEEP_N8N_FOLDER is set
let handlersInstalled = false;

/** A fresh temp folder that is removed when this process exits (or by removeTempDir). */
export async function makeTempDir(prefix) {
	installCleanupHandlers();
	const dir = await fsp.mkdtemp(path.join(os.tmpdir(), prefix));
	tempDirs.add(dir);
	return dir;
}

export async function removeTempDir(dir) {
	tempDirs.delete(dir);
	if (!process.env.PIVOT_KEEP_N8N_FOLDER) await fsp.rm(dir, { recursive: true, force: true });
}

/** Where logs of n8n and the sandbox go: artifacts/logs (git-ignored) or $PIVOT_E2E_LOG_DIR. */
export function logDir() {
	const dir = process.env.PIVOT_E2E_LOG_DIR ?? path.join(REPO_ROOT, 'artifacts', 'logs');
	fs.mkdirSync(dir, { recursive: true });
	return dir;
}

function stamp() {
	return new Date().toISOString().replace(/[:.]/g, '-');
}

function killGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
		return true;
	} catch {
		try {
			process.kill(pid, signal);
			return true;
		} catch {
			return false;
		}
	}
}

function groupAlive(pid) {
	try {
		process.kill(-pid, 0);
		return true;
	} catch {
		return false;
	}
}

function killAllNow() {
	for (const child of children) killGroup(child.pid, 'SIGKILL');
	children.clear();
	if (!process.env.PIVOT_KEEP_N8N_FOLDER) {
		for (const dir of tempDirs) {
			try {
				fs.rmSync(dir, { recursive: true, force: true });
			} catch {
				// best effort
			}
		}
	}
	tempDirs.clear();
}

function installCleanupHandlers() {
	if (handlersInstalled) return;
	handlersInstalled = true;
	// 'exit' also fires after an uncaught exception or unhandled rejection.
	process.on('exit', killAllNow);
	for (const [signal, code] of [
		['SIGINT', 130],
		['SIGTERM', 143],
		['SIGHUP', 129],
	]) {
		process.once(signal, () => {
			killAllNow();
			process.exit(code);
		});
	}
}

// A detached shell that kills the child's process group when this process dies,
// however it dies (also SIGKILL), and exits by itself once the group is gone.
function startWatchdog(childPid) {
	const script = `while kill -0 ${process.pid} 2>/dev/null && kill -0 -${childPid} 2>/dev/null; do sleep 1; done
kill -0 -${childPid} 2>/dev/null || exit 0
kill -TERM -${childPid} 2>/dev/null; sleep 5; kill -KILL -${childPid} 2>/dev/null; exit 0`;
	const dog = spawn('bash', ['-c', script], { detached: true, stdio: 'ignore' });
	dog.unref();
}

/**
 * Spawns a command in its own process group, tracked for cleanup.
 * Returns { child, pid, stop(timeoutMs) }.
 */
export function spawnTracked(name, command, args, options) {
	installCleanupHandlers();
	const child = spawn(command, args, { ...options, detached: true });
	const entry = { pid: child.pid, name };
	children.add(entry);
	startWatchdog(child.pid);
	let exited = false;
	const exitPromise = new Promise((resolve) => {
		child.once('exit', (code, signal) => {
			exited = true;
			resolve({ code, signal });
		});
		child.once('error', (error) => {
			exited = true;
			resolve({ code: null, signal: null, error });
		});
	});
	async function stop(timeoutMs = 10_000) {
		if (!children.has(entry)) return exitPromise;
		killGroup(child.pid, 'SIGTERM');
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline && (!exited || groupAlive(child.pid))) await sleep(100);
		if (groupAlive(child.pid)) killGroup(child.pid, 'SIGKILL');
		children.delete(entry);
		return exitPromise;
	}
	return { child, pid: child.pid, exitPromise, isRunning: () => !exited, stop };
}

// ---------------------------------------------------------------------------------------
// Ports
// ---------------------------------------------------------------------------------------
const handedOut = new Set();

/** A TCP port on 127.0.0.1 that is free right now (and not handed out before by us). */
export async function freePort() {
	for (let attempt = 0; attempt < 20; attempt++) {
		const port = await new Promise((resolve, reject) => {
			const server = net.createServer();
			server.unref();
			server.once('error', reject);
			server.listen(0, '127.0.0.1', () => {
				const { port: p } = server.address();
				server.close(() => resolve(p));
			});
		});
		if (!handedOut.has(port)) {
			handedOut.add(port);
			return port;
		}
	}
	throw new Error('freePort: no free port found');
}

// ---------------------------------------------------------------------------------------
// The cached n8n installation
// ---------------------------------------------------------------------------------------
export function n8nPaths() {
	const cacheRoot =
		process.env.PIVOT_N8N_CACHE ??
		path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'n8n-nodes-pivot');
	const cacheDir = path.join(cacheRoot, N8N_TARGET.cacheKey);
	// same layout as scripts/n8n-env.sh: node<major>/ (node24/ for Node 24)
	const node = path.join(cacheDir, `node${N8N_TARGET.nodeMajor}`, 'node_modules', 'node', 'bin', 'node');
	const n8nBin = path.join(cacheDir, 'node_modules', 'n8n', 'bin', 'n8n');
	return { cacheDir, node, node24: node, n8nBin, ready: fs.existsSync(path.join(cacheDir, '.complete')) };
}

/**
 * Makes sure the cached n8n exists (runs scripts/n8n-env.sh, which prints progress on the
 * first install and returns at once afterwards). Progress goes to stderr.
 */
export function ensureN8n({ browser = false } = {}) {
	const paths = n8nPaths();
	if (paths.ready && (!browser || fs.existsSync('/usr/bin/chromium'))) return paths;
	const args = [path.join(REPO_ROOT, 'scripts', 'n8n-env.sh'), '--target', N8N_TARGET.name];
	if (browser) args.push('--browser');
	const result = spawnSync('bash', args, { stdio: ['ignore', 2, 2] });
	if (result.status !== 0) throw new Error(`scripts/n8n-env.sh failed (exit ${result.status})`);
	return n8nPaths();
}

/** Loads a package from the n8n installation (e.g. 'flatted'). */
export function requireFromN8n(name) {
	const { cacheDir } = n8nPaths();
	return createRequire(path.join(cacheDir, 'node_modules', 'n8n', 'package.json'))(name);
}

// ---------------------------------------------------------------------------------------
// Sandbox (Pivot simulator: test/sandbox/cli.js)
// ---------------------------------------------------------------------------------------

/**
 * Starts the simulator: `node test/sandbox/cli.js --port <port> --json ...args`.
 * Resolves with { url, clientId, clientSecret, callbackApiKey, port, info, logPath,
 * control(path, method, body), stop() } once it printed its JSON line.
 */
export async function startSandbox({
	port,
	args = [],
	env = {},
	cli = path.join(REPO_ROOT, 'test', 'sandbox', 'cli.js'),
	logPath,
	timeoutMs = 20_000,
} = {}) {
	if (!fs.existsSync(cli)) throw new Error(`startSandbox: ${cli} does not exist`);
	port ??= await freePort();
	logPath ??= path.join(logDir(), `sandbox-${stamp()}-${port}.log`);
	const log = fs.createWriteStream(logPath);
	const proc = spawnTracked('sandbox', process.execPath, [cli, '--port', String(port), '--json', ...args], {
		cwd: REPO_ROOT,
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	proc.child.stderr.pipe(log, { end: false });

	const info = await new Promise((resolve, reject) => {
		let buffer = '';
		let done = false;
		const finish = (error, value) => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			if (error) reject(error);
			else resolve(value);
		};
		const timer = setTimeout(
			() => finish(new Error(`sandbox did not print its JSON line within ${timeoutMs} ms; log: ${logPath}`)),
			timeoutMs,
		);
		// stdout goes to the log line by line; the JSON line is logged without its secrets,
		// so a scan of the run's logs for secrets does not trip over it
		const redact = (value) =>
			Object.fromEntries(
				Object.entries(value).map(([k, v]) => [k, /secret|key|token|password/i.test(k) ? '[redacted]' : v]),
			);
		proc.child.stdout.on('data', (chunk) => {
			buffer += chunk.toString('utf8');
			let newline;
			while ((newline = buffer.indexOf('\n')) >= 0) {
				const rawLine = buffer.slice(0, newline + 1);
				const line = rawLine.trim();
				buffer = buffer.slice(newline + 1);
				if (!done && line.startsWith('{')) {
					let parsed;
					try {
						parsed = JSON.parse(line);
					} catch {
						// not our line
					}
					if (parsed && typeof parsed.url === 'string') {
						log.write(`${JSON.stringify(redact(parsed))}\n`);
						finish(null, parsed);
						continue;
					}
				}
				log.write(rawLine);
			}
		});
		proc.exitPromise.then(({ code, signal }) =>
			finish(new Error(`sandbox exited early (code ${code}, signal ${signal}); log: ${logPath}`)),
		);
	}).catch(async (error) => {
		await proc.stop(2000);
		throw error;
	});

	const url = info.url.replace(/\/$/, '');
	async function control(controlPath, method = 'GET', body) {
		const target = `${url}/_sandbox/${String(controlPath).replace(/^\/+/, '').replace(/^_sandbox\//, '')}`;
		const response = await fetch(target, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		let data = text;
		try {
			data = text ? JSON.parse(text) : undefined;
		} catch {
			// keep text
		}
		if (!response.ok) {
			const error = new Error(`sandbox control ${method} ${target} -> ${response.status}: ${text.slice(0, 500)}`);
			error.status = response.status;
			error.body = data;
			throw error;
		}
		return data;
	}
	return {
		...info,
		url,
		port,
		info,
		logPath,
		control,
		pid: proc.pid,
		async stop() {
			await proc.stop(5000);
			log.end();
		},
	};
}

// ---------------------------------------------------------------------------------------
// n8n
// ---------------------------------------------------------------------------------------

/** An id like n8n's own (16 alphanumerics) for imported workflows and credentials. */
export function n8nId() {
	const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
	const bytes = randomBytes(16);
	return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

function parseJsonFromOutput(stdout) {
	const text = stdout.trim();
	try {
		return JSON.parse(text);
	} catch {
		// log lines before the JSON, and on failure an error report after it (see below)
	}
	// The result is pretty-printed: it opens with a line that is exactly "{" or "[" and closes
	// with one that is exactly "}" or "]". On failure `n8n execute` prints "Error executing
	// workflow…" and the error after the JSON, so try the closing lines from the last one back.
	const lines = text.split('\n');
	const starts = [];
	const ends = [];
	lines.forEach((line, i) => {
		if (line === '{' || line === '[') starts.push(i);
		if (line === '}' || line === ']') ends.push(i);
	});
	for (const start of starts) {
		for (let e = ends.length - 1; e >= 0 && ends[e] > start; e--) {
			try {
				return JSON.parse(lines.slice(start, ends[e] + 1).join('\n'));
			} catch {
				// keep looking
			}
		}
	}
	for (let i = 0; i < lines.length; i++) {
		const first = lines[i].trimStart()[0];
		if (first !== '{' && first !== '[') continue;
		try {
			return JSON.parse(lines.slice(i).join('\n'));
		} catch {
			// keep looking
		}
	}
	return undefined;
}

/** The message `n8n execute` prints under "Execution error:" when a workflow fails. */
function executionErrorFromOutput(stdout) {
	const match = /Execution error:\n=+\n([^\n]*)/.exec(stdout);
	return match ? match[1].trim() : undefined;
}

/** Accepts an object, an array, JSON text or the path of a .json file. */
function readJsonInput(input) {
	if (typeof input !== 'string') return input;
	const text = input.trimStart().startsWith('{') || input.trimStart().startsWith('[') ? input : fs.readFileSync(input, 'utf8');
	return JSON.parse(text);
}

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

async function waitForN8nReady({
	baseUrl,
	logPath,
	startOffset,
	server,
	timeoutMs,
	readyText = 'Editor is now accessible',
	httpReady = true,
}) {
	const deadline = Date.now() + timeoutMs;
	let sawEditorLine = false;
	while (Date.now() < deadline) {
		if (!server.isRunning()) {
			throw new Error(`n8n exited during start-up; log ${logPath}:\n${tail(logPath, 40)}`);
		}
		if (!sawEditorLine) {
			const text = readFrom(logPath, startOffset);
			// "Editor is now accessible via:" is logged once start-up finished, after the
			// active workflows (and their production webhooks) were registered.
			sawEditorLine = text.includes(readyText);
		}
		if (sawEditorLine && !httpReady) return;
		if (sawEditorLine) {
			try {
				const response = await fetch(`${baseUrl}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
				if (response.ok) return;
			} catch {
				// not yet
			}
		}
		await sleep(200);
	}
	throw new Error(`n8n not ready within ${timeoutMs} ms; log ${logPath}:\n${tail(logPath, 40)}`);
}

function readFrom(file, offset) {
	try {
		const fd = fs.openSync(file, 'r');
		try {
			const size = fs.fstatSync(fd).size;
			const buffer = Buffer.alloc(Math.max(0, size - offset));
			fs.readSync(fd, buffer, 0, buffer.length, offset);
			return buffer.toString('utf8');
		} finally {
			fs.closeSync(fd);
		}
	} catch {
		return '';
	}
}

function tail(file, lines) {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
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

// ---------------------------------------------------------------------------------------
// REST (the editor's internal API under /rest, with the login cookie; and the public API)
// ---------------------------------------------------------------------------------------
export const DEFAULT_OWNER = Object.freeze({
	email: 'owner@pivot-e2e.test',
	firstName: 'Pivot',
	lastName: 'Owner',
	password: 'Pivot-e2e-Passw0rd',
});

export class RestClient {
	constructor(baseUrl) {
		this.baseUrl = baseUrl.replace(/\/$/, '');
		this.cookies = new Map();
		this.apiKey = undefined;
	}

	cookieHeader() {
		return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	}

	/** Raw request. path starts with '/rest/...', '/api/v1/...', '/webhook/...'. */
	async request(method, urlPath, body, { headers = {}, apiKey = false, raw = false } = {}) {
		const allHeaders = { accept: 'application/json', ...headers };
		if (body !== undefined && !(typeof body === 'string')) allHeaders['content-type'] = 'application/json';
		if (this.cookies.size) allHeaders.cookie = this.cookieHeader();
		if (apiKey) allHeaders['x-n8n-api-key'] = this.apiKey;
		const response = await fetch(`${this.baseUrl}${urlPath}`, {
			method,
			headers: allHeaders,
			body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
		});
		for (const setCookie of response.headers.getSetCookie?.() ?? []) {
			const [pair] = setCookie.split(';');
			const eq = pair.indexOf('=');
			this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
		}
		if (raw) return response;
		const text = await response.text();
		let json;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		if (!response.ok) {
			const error = new Error(`${method} ${urlPath} -> ${response.status}: ${text.slice(0, 800)}`);
			error.status = response.status;
			error.body = json ?? text;
			throw error;
		}
		// the internal API wraps results in { data }
		return json !== undefined && urlPath.startsWith('/rest/') && json && 'data' in json ? json.data : (json ?? text);
	}

	/** POST /rest/owner/setup (only once per instance) and keep the login cookie. */
	async setupOwner(owner = DEFAULT_OWNER) {
		this.owner = owner;
		return this.request('POST', '/rest/owner/setup', owner);
	}

	/** POST /rest/login; the auth cookie is kept for later calls. */
	async login({ email, password } = this.owner ?? DEFAULT_OWNER) {
		return this.request('POST', '/rest/login', { emailOrLdapLoginId: email, password });
	}

	/** setupOwner() + login() in one go. */
	async ownerSession(owner = DEFAULT_OWNER) {
		await this.setupOwner(owner);
		await this.login(owner);
		return this;
	}

	/** Executions of a workflow (newest first, at most 100: see listAllExecutions), without data. */
	async listExecutions({ workflowId, status, limit = 100 } = {}) {
		const filter = {};
		if (workflowId) filter.workflowId = workflowId;
		if (status) filter.status = status;
		const query = new URLSearchParams({ filter: JSON.stringify(filter), limit: String(limit) });
		const result = await this.request('GET', `/rest/executions?${query}`);
		return result.results ?? result;
	}

	/** Every execution (of a workflow, or all), newest first, without data: pages of 100 (the API's maximum). */
	async listAllExecutions({ workflowId } = {}) {
		const all = [];
		let lastId;
		for (;;) {
			const filter = workflowId ? { workflowId } : {};
			const query = new URLSearchParams({ filter: JSON.stringify(filter), limit: '100' });
			if (lastId !== undefined) query.set('lastId', String(lastId));
			const result = await this.request('GET', `/rest/executions?${query}`);
			const page = result.results ?? result;
			all.push(...page);
			if (page.length < 100) return all;
			lastId = Math.min(...page.map((e) => Number(e.id)));
		}
	}

	/**
	 * One execution with its run data parsed (the internal API stores it "flatted"):
	 * { id, status, finished, mode, workflowId, data: { resultData: { runData, error?, lastNodeExecuted } } }
	 */
	async getExecution(id) {
		const execution = await this.request('GET', `/rest/executions/${id}`);
		if (execution && typeof execution.data === 'string') {
			execution.data = requireFromN8n('flatted').parse(execution.data);
		}
		return execution;
	}

	/**
	 * Polls until a workflow has `count` finished executions (status not new/running/waiting);
	 * returns them (newest first) with data.
	 */
	async waitForExecutions(workflowId, { count = 1, timeoutMs = 30_000, intervalMs = 250 } = {}) {
		const deadline = Date.now() + timeoutMs;
		let list = [];
		while (Date.now() < deadline) {
			list = (await this.listExecutions({ workflowId })).filter(
				(e) => !['new', 'running', 'waiting'].includes(e.status),
			);
			if (list.length >= count) return Promise.all(list.map((e) => this.getExecution(e.id)));
			await sleep(intervalMs);
		}
		throw new Error(`workflow ${workflowId}: ${list.length} of ${count} executions after ${timeoutMs} ms`);
	}

	/** GET /rest/credentials/:id?includeData=true (secret fields come back redacted). */
	async getCredential(id) {
		return this.request('GET', `/rest/credentials/${id}?includeData=true`);
	}

	/** POST /rest/credentials ({ name, type, data }) → the stored credential (with id). */
	async createCredential(credential) {
		return this.request('POST', '/rest/credentials', credential);
	}

	/**
	 * The editor's "Test" button: POST /rest/credentials/test. Give either a stored credential's
	 * id (its stored data is used) or { name, type, data } for unsaved data; data given for a
	 * stored id overrides single fields. Returns { status: 'OK' | 'Error', message }.
	 */
	async testCredential({ id, name, type, data }) {
		if (id && (!name || !type || !data)) {
			const stored = await this.getCredential(id);
			name ??= stored.name;
			type ??= stored.type;
			data = { ...(stored.data ?? {}), ...(data ?? {}) };
		}
		return this.request('POST', '/rest/credentials/test', { credentials: { id: id ?? '', name, type, data } });
	}

	/**
	 * The same test through the public API: POST /api/v1/credentials/:id/test (stored data
	 * only; creates an API key on first use). Returns { status: 'OK' | 'Error', message }.
	 */
	async testCredentialPublic(id) {
		return this.publicApi('POST', `/credentials/${id}/test`);
	}

	/**
	 * Activates (publishes) a workflow on a RUNNING server: POST /rest/workflows/:id/activate,
	 * then waits until its triggers are live (GET /rest/workflows/:id/publication-status says
	 * 'published'): in 2.41 activation goes through an outbox and is asynchronous.
	 */
	async activateWorkflow(id, { timeoutMs = 30_000 } = {}) {
		const workflow = await this.request('GET', `/rest/workflows/${id}`);
		const activated = await this.request('POST', `/rest/workflows/${id}/activate`, { versionId: workflow.versionId });
		const deadline = Date.now() + timeoutMs;
		let status;
		while (Date.now() < deadline) {
			status = await this.request('GET', `/rest/workflows/${id}/publication-status`);
			if (status.status === 'published') return activated;
			if (status.status === 'failed' || status.status === 'partial') {
				throw new Error(`publishing workflow ${id} failed: ${JSON.stringify(status)}`);
			}
			await sleep(200);
		}
		throw new Error(`workflow ${id} not published after ${timeoutMs} ms: ${JSON.stringify(status)}`);
	}

	async deactivateWorkflow(id) {
		return this.request('POST', `/rest/workflows/${id}/deactivate`, {});
	}

	/** Creates a public-API key (X-N8N-API-KEY) with every scope the owner may have; kept on this client. */
	async createApiKey(label = `e2e-${Date.now()}`) {
		const scopes = await this.request('GET', '/rest/api-keys/scopes');
		const key = await this.request('POST', '/rest/api-keys', { label, scopes, expiresAt: null });
		this.apiKey = key.rawApiKey ?? key.apiKey;
		return this.apiKey;
	}

	/** Public API: GET /api/v1/... with the API key. */
	async publicApi(method, urlPath, body) {
		if (!this.apiKey) await this.createApiKey();
		return this.request(method, `/api/v1${urlPath}`, body, { apiKey: true });
	}
}

// ---------------------------------------------------------------------------------------
// Small helpers for workflow results
// ---------------------------------------------------------------------------------------

/** The output items (json only) of a node in a run: runData[node][run].data.main[output]. */
export function nodeOutput(runDataOrExecution, nodeName, { run = 0, output = 0 } = {}) {
	const runData =
		runDataOrExecution?.data?.resultData?.runData ?? runDataOrExecution?.resultData?.runData ?? runDataOrExecution;
	const runs = runData?.[nodeName];
	if (!runs) return undefined;
	const items = runs[run]?.data?.main?.[output] ?? [];
	return items.map((item) => item.json);
}

/**
 * Copies the built package (package.json + dist/) into a fresh folder outside the work tree
 * and returns that folder, to be passed as customExtensionsDir. A copy, not the repo root:
 * n8n globs **\/*.node.js and **\/*.credentials.js under the folder without skipping
 * node_modules, and a node file outside the repo resolves `n8n-workflow` to n8n's own copy
 * (through the NODE_PATH n8n sets), as for an installed package.
 * Returns undefined when dist/ is missing and `optional` is set.
 */
export async function stagePackage({ packageDir = REPO_ROOT, into, optional = false } = {}) {
	const dist = path.join(packageDir, 'dist');
	if (!fs.existsSync(dist)) {
		if (optional) return undefined;
		throw new Error(`stagePackage: ${dist} is missing; run npm run build first`);
	}
	into ??= await makeTempDir('pivot-ext-');
	const pkg = JSON.parse(await fsp.readFile(path.join(packageDir, 'package.json'), 'utf8'));
	const target = path.join(into, pkg.name ?? 'package');
	await fsp.rm(target, { recursive: true, force: true });
	await fsp.mkdir(target, { recursive: true });
	await fsp.copyFile(path.join(packageDir, 'package.json'), path.join(target, 'package.json'));
	await fsp.cp(dist, path.join(target, 'dist'), { recursive: true, dereference: true });
	return into;
}

/** Rewrites `n8n-nodes-pivot.<node>` types in a workflow to the `CUSTOM.<node>` a custom extension gets. */
export function toCustomTypes(workflow, packageName = 'n8n-nodes-pivot') {
	return {
		...workflow,
		nodes: workflow.nodes.map((node) =>
			node.type.startsWith(`${packageName}.`)
				? { ...node, type: `CUSTOM.${node.type.slice(packageName.length + 1)}` }
				: node,
		),
	};
}

