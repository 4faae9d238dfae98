/**
 * Bounded concurrency for per-item calls, with one shared brake: when Pivot answers 429 (rate
 * limited), every request of the run waits, for Pivot's Retry-After when it sends one, else for a
 * pause that doubles up to 30 s, instead of each request hammering on its own.
 */
import { sleep } from 'n8n-workflow';

const MAX_PAUSE_MS = 30_000;
const FIRST_PAUSE_MS = 1_000;


export class Throttle {
	private until = 0;

	private pause = 0;

	/** Resolves once no pause is in force. */
	async ready(): Promise<void> {
		for (let wait = this.until - Date.now(); wait > 0; wait = this.until - Date.now()) await sleep(wait);
	}

	/** A 429: everyone waits Retry-After, or a pause twice as long as the last one. */
	slowDown(retryAfterMs?: number): void {
		this.pause = Math.min(MAX_PAUSE_MS, this.pause > 0 ? this.pause * 2 : FIRST_PAUSE_MS);
		const wait = retryAfterMs !== undefined && retryAfterMs >= 0 ? Math.min(retryAfterMs, MAX_PAUSE_MS) : this.pause;
		this.until = Math.max(this.until, Date.now() + wait);
	}

	/** An answer that was not a 429: the next pause starts small again. */
	relax(): void {
		this.pause = 0;
	}
}

/** Retry-After as milliseconds (seconds or an HTTP date), or undefined. */
export function retryAfterMs(value: unknown): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text !== 'string' && typeof text !== 'number') return undefined;
	const seconds = Number(text);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(String(text));
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export type Slot<T> = { started: false } | { started: true; ok: true; value: T } | { started: true; ok: false; error: unknown };

/**
 * Runs task(0 … count-1), at most `concurrency` at once, starting them in index order. Once
 * `stop()` is true no further task starts; those already running finish. Never rejects. Task 0
 * runs alone first: it obtains the access token, which the others then share instead of each
 * exchanging one.
 */
export async function runPool<T>(
	count: number,
	concurrency: number,
	task: (index: number) => Promise<T>,
	stop: () => boolean = () => false,
): Promise<Array<Slot<T>>> {
	const slots: Array<Slot<T>> = Array.from({ length: count }, () => ({ started: false }));
	let next = 0;
	const worker = async (once: boolean) => {
		while (next < count && !stop()) {
			const index = next++;
			try {
				slots[index] = { started: true, ok: true, value: await task(index) };
			} catch (error) {
				slots[index] = { started: true, ok: false, error };
			}
			if (once) return;
		}
	};
	if (count > 1 && concurrency > 1) await worker(true);
	await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, () => worker(false)));
	return slots;
}
