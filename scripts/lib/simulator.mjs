// The Pivot simulator as a child process (test/sandbox/cli.js).
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './install.mjs';
import { logDir, stamp, spawnTracked, freePort } from './processes.mjs';

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
