// The machine a figure was taken on: cores, versions, load average (and waiting for it to drop),
// and the memory of the n8n process from /proc.
import { setTimeout as sleep } from 'node:timers/promises';
import fs from 'node:fs';
import os from 'node:os';
import { spawnSync } from 'node:child_process';

import { N8N_VERSION, NODE24_VERSION, n8nPaths } from '../../scripts/lib/n8n.mjs';
import { say } from './output.mjs';

export function loadAverage() {
	return Number(fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}

/**
 * Waits (bounded) until the 1-minute load average is at most `max`. Returns { load, waitedMs }.
 * Figures are only comparable when the machine is quiet; the result says how quiet it was.
 */
export async function waitForLowLoad({ max = 1.5, timeoutMs = 10 * 60_000, quiet = false } = {}) {
	const started = Date.now();
	let load = loadAverage();
	let announced = false;
	while (load > max && Date.now() - started < timeoutMs) {
		if (!announced && !quiet) {
			say(`   (load average ${load.toFixed(2)} > ${max}: waiting up to ${Math.round(timeoutMs / 60_000)} min)`);
			announced = true;
		}
		await sleep(10_000);
		load = loadAverage();
	}
	return { load, waitedMs: Date.now() - started, ok: load <= max };
}

export function machineInfo() {
	const cpus = os.cpus();
	const node24 = n8nPaths().node24;
	const node24Version = fs.existsSync(node24)
		? spawnSync(node24, ['--version'], { encoding: 'utf8' }).stdout.trim()
		: `v${NODE24_VERSION}`;
	return {
		date: new Date().toISOString(),
		cores: cpus.length,
		cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
		memoryGiB: Math.round(os.totalmem() / 2 ** 30),
		kernel: `${os.type()} ${os.release()}`,
		nodeForScripts: process.version,
		nodeForN8n: node24Version,
		n8nVersion: N8N_VERSION,
		loadAverageAtStart: loadAverage(),
	};
}

// ---------------------------------------------------------------------------------------
// Memory of the n8n process (/proc/<pid>/status)
// ---------------------------------------------------------------------------------------
export function readMemory(pid) {
	const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
	return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
}

/** Resets the peak-RSS counter (VmHWM) of a process we own: `echo 5 > /proc/<pid>/clear_refs`. */
export function resetPeakRss(pid) {
	try {
		fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
		return true;
	} catch {
		return false;
	}
}

/** Samples VmRSS every `intervalMs` until stop(); returns { maxRssKb, samples }. */
export function startRssSampler(pid, intervalMs = 20) {
	let maxRssKb = 0;
	let samples = 0;
	const timer = setInterval(() => {
		try {
			const { rssKb } = readMemory(pid);
			samples++;
			if (rssKb > maxRssKb) maxRssKb = rssKb;
		} catch {
			// process gone
		}
	}, intervalMs);
	return {
		stop() {
			clearInterval(timer);
			return { maxRssKb, samples };
		},
	};
}
