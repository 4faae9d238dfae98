// Processes and clean-up: everything started here is killed when we go away; temp folders, logs, ports.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './install.mjs';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------
// Process bookkeeping: everything we start is killed when we go away.
// ---------------------------------------------------------------------------------------
export const children = new Set(); // { pid, name }
export const tempDirs = new Set(); // removed on exit unless PIVOT_KEEP_N8N_FOLDER is set
export let handlersInstalled = false;

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

export function stamp() {
	return new Date().toISOString().replace(/[:.]/g, '-');
}

export function killGroup(pid, signal) {
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

export function groupAlive(pid) {
	try {
		process.kill(-pid, 0);
		return true;
	} catch {
		return false;
	}
}

export function killAllNow() {
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

export function installCleanupHandlers() {
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
export function startWatchdog(childPid) {
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
export const handedOut = new Set();

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
