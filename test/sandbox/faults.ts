/** Injected faults: the next N matching requests, or a seeded random share of them. */
import { randomInt } from 'crypto';

import type { SandboxFault, SandboxRoute } from './types';

const ROUTES = ['token', 'balance', 'inquiry', 'createPayout', 'getPayout', 'balanceHistory', 'any'];
const KINDS = ['status', 'dropAfterCommit', 'dropBeforeCommit', 'timeoutAfterCommit', 'latency', 'echoHeaders'];
const ECHO_STATUSES = [400, 500, 503];
const STATUSES = [500, 502, 503, 408, 429];

/** Small seedable PRNG (mulberry32) so random faults are reproducible. */
export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Throws a readable Error when `input` is not a usable SandboxFault. */
export function parseFault(input: unknown): SandboxFault {
	if (typeof input !== 'object' || input === null) throw new Error('fault must be an object');
	const f = input as Record<string, unknown>;
	if (!ROUTES.includes(f.route as string)) throw new Error(`route must be one of ${ROUTES.join(', ')}`);
	if (!KINDS.includes(f.kind as string)) throw new Error(`kind must be one of ${KINDS.join(', ')}`);
	if (f.kind === 'status' && !STATUSES.includes(f.status as number)) {
		throw new Error(`status must be one of ${STATUSES.join(', ')} for kind "status"`);
	}
	const num = (k: string, min: number, max = Number.MAX_SAFE_INTEGER) => {
		if (f[k] === undefined) return;
		if (typeof f[k] !== 'number' || !Number.isFinite(f[k]) || f[k] < min || f[k] > max) {
			throw new Error(`${k} must be a number between ${min} and ${max}`);
		}
	};
	num('count', 1);
	num('rate', 0, 1);
	num('seed', 0);
	num('latencyMs', 0);
	num('retryAfterSeconds', 0, 3600);
	num('skip', 0);
	if (f.skip !== undefined && (f.rate !== undefined || !Number.isInteger(f.skip))) {
		throw new Error('skip must be a whole number, and only for counted faults (no rate)');
	}
	if (f.retryAfterSeconds !== undefined && (f.kind !== 'status' || !Number.isInteger(f.retryAfterSeconds))) {
		throw new Error('retryAfterSeconds must be a whole number, and only for kind "status"');
	}
	if (f.kind === 'echoHeaders') {
		if (f.status !== undefined && !ECHO_STATUSES.includes(f.status as number)) {
			throw new Error(`status must be one of ${ECHO_STATUSES.join(', ')} for kind "echoHeaders"`);
		}
	} else if (f.status !== undefined && !STATUSES.includes(f.status as number)) throw new Error('unsupported status');
	return f as unknown as SandboxFault;
}

interface ActiveFault {
	fault: SandboxFault;
	remaining: number;
	/** Matching requests still to let through before the fault applies. */
	skip: number;
	random?: () => number;
}

export class FaultRegistry {
	private active: ActiveFault[] = [];

	add(input: SandboxFault): void {
		const fault = parseFault(input);
		const random = fault.rate !== undefined ? mulberry32(fault.seed ?? randomInt(2 ** 31)) : undefined;
		this.active.push({ fault, remaining: fault.count ?? 1, skip: fault.skip ?? 0, random });
	}

	clear(): void {
		this.active = [];
	}

	list(): SandboxFault[] {
		return this.active.map((a) => a.fault);
	}

	/** The fault that applies to this request, if any; consumes one use of a counted fault. */
	take(route: SandboxRoute): SandboxFault | undefined {
		for (const a of this.active) {
			if (a.fault.route !== 'any' && a.fault.route !== route) continue;
			if (a.random) {
				if (a.random() < (a.fault.rate ?? 0)) return a.fault;
				continue;
			}
			if (a.skip > 0) {
				a.skip--;
				continue;
			}
			a.remaining--;
			if (a.remaining <= 0) this.active = this.active.filter((x) => x !== a);
			return a.fault;
		}
		return undefined;
	}
}
