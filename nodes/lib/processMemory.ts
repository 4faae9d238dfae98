/**
 * Everything this package remembers between calls inside one n8n process, in one place.
 *
 * n8n loads a node's module once per process: the main process, each queue-mode worker and each
 * webhook process has its own copy of every map below, and none of them is shared between
 * processes or survives a restart. Each entry says why it exists and why being per process is
 * safe. Nothing that decides whether money moves may rely on memory alone: n8n's own records
 * (run data, the credential's stored token) and Pivot's (X-REQUEST-ID, Reference ID) do that.
 *
 * Every map is bounded: the oldest entry goes first, so a long-running worker does not grow.
 */
import type { IDataObject } from 'n8n-workflow';

/** A Map that forgets its oldest entry once it holds `limit` entries. */
export class BoundedMap<K, V> extends Map<K, V> {
	constructor(private readonly limit: number) {
		super();
	}

	set(key: K, value: V): this {
		if (!this.has(key) && this.size >= this.limit) {
			const oldest = this.keys().next();
			if (!oldest.done) this.delete(oldest.value);
		}
		return super.set(key, value);
	}
}

/** A token exchange under way or just finished, for one set of credential settings. */
export interface TokenExchange {
	/** When it started (ms since the epoch). */
	at: number;
	/** The refused token it replaces ('' when the caller had none). */
	replaced: string;
	result: Promise<IDataObject>;
}

/**
 * Token exchanges of this process, keyed by a fingerprint of the credential's settings.
 * Why: when many requests are refused at once (an expired token), each would exchange its own
 * token, and where Pivot revokes earlier tokens on each exchange they would keep revoking each
 * other; a caller whose refused token another execution replaced a moment ago is handed that
 * exchange's token instead. Across workers: each worker shares only its own exchanges; n8n stores
 * the newest token with the credential, which every process reads on its next request.
 */
export const tokenExchanges = new BoundedMap<string, TokenExchange>(100);

/**
 * Payouts that AI agents' tool calls created (or reserved) in this process, per execution and
 * node. Why: n8n's run data shows earlier tool calls only once they have finished, so calls made
 * at the same time would each see none and could together pass the per-execution cap. Across
 * workers: one execution runs on one worker at a time; an execution resumed on another worker
 * (after a human review) reads the earlier calls from its run data, which is the other source of
 * the count.
 */
export const agentPayoutCounts = new BoundedMap<string, number>(1000);

/**
 * Object keys already quoted as JSON, for the X-REQUEST-ID digest of large bulk requests, which
 * repeat the same few keys thousands of times. Why: speed only; a quoted key is the same in every
 * process, so nothing depends on what a process has cached.
 */
export const quotedJsonKeys = new BoundedMap<string, string>(256);

/**
 * Create requests of this process that got an attempt without an answer Pivot finished (a timeout,
 * a lost connection), per execution and X-REQUEST-ID. Why: n8n's Retry On Fail runs the node again
 * in the same execution and process; a later try's empty look-up is no proof of "not paid" while
 * an earlier try's attempt may still commit. Across workers: an execution's tries run on one
 * worker; a resumed execution on another worker cannot prove "not paid" from memory it lacks, and
 * then only errs towards "outcome unknown" if the attempt happened there too.
 */
export const unansweredCreates = new BoundedMap<string, true>(10_000);
