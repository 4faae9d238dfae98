// PostgreSQL and Redis for the queue-mode suite and benchmark: real servers, started here on
// free loopback ports with private data folders in /tmp, so nothing depends on a system service
// being up (or being left alone). Both are tracked by the harness in ./n8n.mjs: stopped on stop(),
// on exit, on SIGINT/SIGTERM/SIGHUP and by its watchdog when this process is killed.
//
//   const pg = await startPostgres();   // { host, port, database, user, query(), queryJson(), stop() }
//   const redis = await startRedis();   // { host, port, stop() }
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

import { freePort, logDir, makeTempDir, removeTempDir, spawnTracked } from './n8n.mjs';

const run = promisify(execFile);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const isRoot = () => process.getuid?.() === 0;

/**
 * Installs a Debian package when we may (root with apt-get), else stops with what to install.
 * Only called when the program is missing, so a prepared machine never touches apt.
 */
function ensureDebianPackage(pkg, what) {
	if (!isRoot() || !fs.existsSync('/usr/bin/apt-get')) {
		throw new Error(`${what} is not installed: install Debian's ${pkg} (as root: apt-get install -y ${pkg}) and run again`);
	}
	process.stderr.write(`==> ${what} missing: apt-get install -y ${pkg}\n`);
	const result = spawnSync('bash', ['-c', `apt-get update && apt-get install -y ${pkg}`], {
		stdio: ['ignore', 2, 2],
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
	});
	if (result.status !== 0) throw new Error(`apt-get install -y ${pkg} failed (exit ${result.status})`);
}

/** The newest /usr/lib/postgresql/<major>/bin that has initdb and postgres (Debian's layout). */
function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	const majors = fs
		.readdirSync(root)
		.filter((v) => /^\d+$/.test(v))
		.sort((a, b) => Number(b) - Number(a));
	for (const major of majors) {
		const bin = path.join(root, major, 'bin');
		if (fs.existsSync(path.join(bin, 'initdb')) && fs.existsSync(path.join(bin, 'postgres'))) return bin;
	}
	return undefined;
}

function whichSync(program) {
	const result = spawnSync('bash', ['-c', `command -v ${program}`], { encoding: 'utf8' });
	return result.status === 0 ? result.stdout.trim() : undefined;
}

function logFile(name, port) {
	return path.join(logDir(), `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}-${port}.log`);
}

async function waitUntil(what, check, { timeoutMs, proc, logPath }) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (!proc.isRunning()) throw new Error(`${what} exited during start-up; log ${logPath}`);
		if (await check()) return;
		await sleep(100);
	}
	throw new Error(`${what} not ready within ${timeoutMs} ms; log ${logPath}`);
}

/**
 * A private PostgreSQL cluster: initdb in a temp folder, `postgres` on a free port (loopback and a
 * socket in that folder only), trust auth for the `postgres` role, and a database `n8n`. PostgreSQL
 * refuses to run as root, so as root both run as the `postgres` user through runuser.
 * fsync is off: the tests crash n8n processes, never the database, and it saves seconds on 2 cores.
 */
export async function startPostgres({ database = 'n8n', timeoutMs = 60_000 } = {}) {
	let bin = postgresBinDir();
	if (!bin) {
		ensureDebianPackage('postgresql', 'PostgreSQL (initdb, postgres)');
		bin = postgresBinDir();
		if (!bin) throw new Error('PostgreSQL installed but no /usr/lib/postgresql/<version>/bin/initdb found');
	}
	const asUser = isRoot() ? ['runuser', '-u', 'postgres', '--'] : [];
	const dir = await makeTempDir('pivot-pg-');
	const dataDir = path.join(dir, 'data');
	if (isRoot()) {
		const { stdout } = await run('id', ['-u', 'postgres']).catch(() => {
			throw new Error("running as root needs the 'postgres' user (Debian's postgresql package creates it)");
		});
		const { stdout: gid } = await run('id', ['-g', 'postgres']);
		fs.chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
	}
	const port = await freePort();
	const logPath = logFile('postgres', port);
	const exec = async (program, args) => {
		const [command, ...rest] = [...asUser, path.join(bin, program), ...args];
		return run(command, rest, { maxBuffer: 64 * 1024 * 1024 });
	};
	const init = await exec('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
	fs.writeFileSync(logPath, init.stdout + init.stderr);

	const logFd = fs.openSync(logPath, 'a');
	const [command, ...args] = [
		...asUser,
		path.join(bin, 'postgres'),
		...['-D', dataDir, '-p', String(port), '-k', dir],
		...['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
	];
	const proc = spawnTracked('postgres', command, args, { cwd: dir, stdio: ['ignore', logFd, logFd] });
	fs.closeSync(logFd);

	const psqlArgs = (db) => ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', db, '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1'];
	const psql = path.join(bin, 'psql');
	await waitUntil(
		'PostgreSQL',
		async () => (await run(path.join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)]).then(() => true, () => false)),
		{ timeoutMs, proc, logPath },
	);
	await run(psql, [...psqlArgs('postgres'), '-c', `create database ${database}`]);

	async function query(sql) {
		const { stdout } = await run(psql, [...psqlArgs(database), '-c', sql], { maxBuffer: 256 * 1024 * 1024 });
		return stdout;
	}
	return {
		host: '127.0.0.1',
		port,
		database,
		user: 'postgres',
		logPath,
		pid: proc.pid,
		/** Raw psql output (unaligned, tuples only). */
		query,
		/** Rows of a SELECT as objects (json_agg on the server, so types survive). */
		async queryJson(sql) {
			const text = await query(`select coalesce(json_agg(q), '[]'::json) from (${sql}) q`);
			return JSON.parse(text.trim() || '[]');
		},
		async stop() {
			// SIGINT = "fast" shutdown: the clients are gone or about to be
			try {
				process.kill(-proc.pid, 'SIGINT');
			} catch {
				// already gone
			}
			await proc.stop(10_000);
			await removeTempDir(dir);
		},
	};
}

function redisPing(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		let answer = '';
		const done = (ok) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1000, () => done(false));
		socket.on('error', () => done(false));
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			answer += chunk;
			if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
		});
	});
}

/** redis-server on a free loopback port, nothing persisted (n8n's Bull queue needs no more). */
export async function startRedis({ timeoutMs = 30_000 } = {}) {
	let server = whichSync('redis-server');
	if (!server) {
		ensureDebianPackage('redis-server', 'Redis (redis-server)');
		server = whichSync('redis-server');
		if (!server) throw new Error('redis-server installed but not on PATH');
	}
	const dir = await makeTempDir('pivot-redis-');
	const port = await freePort();
	const logPath = logFile('redis', port);
	const logFd = fs.openSync(logPath, 'a');
	const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
	const proc = spawnTracked('redis', server, args, { cwd: dir, stdio: ['ignore', logFd, logFd] });
	fs.closeSync(logFd);
	await waitUntil('Redis', () => redisPing(port), { timeoutMs, proc, logPath });
	return {
		host: '127.0.0.1',
		port,
		logPath,
		pid: proc.pid,
		async stop() {
			await proc.stop(5000);
			await removeTempDir(dir);
		},
	};
}
