/**
 * Background work (payout processing, callback deliveries) runs as un-awaited async tasks that
 * sleep on an AbortSignal, so close() and reset() can stop them at once and jest exits cleanly.
 */
export class Lifecycle {
	closed = false;
	/** Unexpected errors of background tasks (aborts excluded), for debugging and tests. */
	readonly errors: unknown[] = [];
	private controller = new AbortController();
	private readonly tasks = new Set<Promise<void>>();

	get signal(): AbortSignal {
		return this.controller.signal;
	}

	spawn(task: (signal: AbortSignal) => Promise<void>): void {
		if (this.closed) return;
		const signal = this.signal;
		const running = task(signal).catch((error: unknown) => {
			if (!signal.aborted) this.errors.push(error);
		});
		this.tasks.add(running);
		void running.finally(() => this.tasks.delete(running));
	}

	/** Stops the current generation of tasks (used by reset) without closing. */
	restart(): void {
		this.controller.abort();
		this.controller = new AbortController();
	}

	async close(): Promise<void> {
		this.closed = true;
		this.controller.abort();
		await Promise.allSettled([...this.tasks]);
	}
}
