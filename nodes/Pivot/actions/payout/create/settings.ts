/**
 * Payout → Create's options, read for every item and parsed strictly before anything is sent.
 * An option given as an expression may differ per item: amount limits and the unlisted-channel
 * switch apply per item; what shapes one request (size, attempts, delay, timeout, key) must be
 * the same for every item of that request, or the run stops naming both items.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { DEFAULT_MAX_AMOUNT, DEFAULT_MIN_AMOUNT, formatRupiah } from '../../../../lib/money';
import type { NumberRule } from '../../../../lib/options';
import { parseBooleanOption, parseNumberOption } from '../../../../lib/options';
import { CONCURRENCY_RULE } from '../../common';

export interface CreateSettings {
	minAmount: number;
	maxAmount: number;
	allowUnlistedChannel: boolean;
	chunkSize: number;
	concurrency: number;
	maxAttempts: number;
	retryDelayMs: number;
	timeoutMs: number;
	/** The Idempotency Key option, trimmed; '' when the key is derived from the body. */
	requestId: string;
}

/** The labels match the editor's, so an error names the option the user sees. */
export const CREATE_OPTION_RULES: Record<string, NumberRule> = {
	minAmount: { label: 'Minimum Amount', min: 1, max: Number.MAX_SAFE_INTEGER, integer: true, default: DEFAULT_MIN_AMOUNT },
	maxAmount: { label: 'Maximum Amount', min: 1, max: Number.MAX_SAFE_INTEGER, integer: true, default: DEFAULT_MAX_AMOUNT },
	chunkSize: { label: 'Bulk Request Size', min: 1, max: 1000, integer: true, default: 1000 },
	concurrency: { ...CONCURRENCY_RULE, default: 1 },
	maxAttempts: { label: 'Attempts on No Answer', min: 1, max: 10, integer: true, default: 3 },
	retryDelaySeconds: { label: 'Retry Delay (Seconds)', min: 0, max: 60, default: 2 },
	timeoutSeconds: { label: 'Timeout (Seconds)', min: 1, max: 300, default: 65 },
};

/** How the run is split and sent: every item must agree on these. */
export const GROUPING_SETTING: Array<{ key: keyof CreateSettings; label: string }> = [
	{ key: 'chunkSize', label: 'Bulk Request Size' },
	{ key: 'concurrency', label: 'Concurrent Requests' },
];

/** What shapes one request; items sharing a request must agree on all of these. */
export const REQUEST_SETTINGS: Array<{ key: keyof CreateSettings; label: string }> = [
	{ key: 'maxAttempts', label: 'Attempts on No Answer' },
	{ key: 'retryDelayMs', label: 'Retry Delay (Seconds)' },
	{ key: 'timeoutMs', label: 'Timeout (Seconds)' },
	{ key: 'requestId', label: 'Idempotency Key (X-REQUEST-ID)' },
];

export type SettingsResult = { ok: true; settings: CreateSettings } | { ok: false; problem: string };

function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (typeof value === 'object' && value !== null) return Object.values(value).some(hasExpression);
	return false;
}

/** Parses one item's options; the first problem wins. */
export function parseCreateSettings(options: IDataObject, allowUnlisted: unknown): SettingsResult {
	const numbers: Record<string, number> = {};
	for (const [name, rule] of Object.entries(CREATE_OPTION_RULES)) {
		const parsed = parseNumberOption(options[name], rule);
		if (!parsed.ok) return parsed;
		numbers[name] = parsed.value;
	}
	if (numbers.minAmount > numbers.maxAmount) {
		return {
			ok: false,
			problem: `Option "Minimum Amount" (${formatRupiah(numbers.minAmount)}) is above "Maximum Amount" (${formatRupiah(numbers.maxAmount)})`,
		};
	}
	const unlisted = parseBooleanOption(allowUnlisted, 'Allow Unlisted Channel Code', false);
	if (!unlisted.ok) return unlisted;
	const requestId = options.requestId;
	if (requestId !== undefined && typeof requestId !== 'string') {
		return { ok: false, problem: `Option "Idempotency Key (X-REQUEST-ID)" must be text, got ${typeof requestId}` };
	}
	return {
		ok: true,
		settings: {
			minAmount: numbers.minAmount,
			maxAmount: numbers.maxAmount,
			allowUnlistedChannel: unlisted.value,
			chunkSize: numbers.chunkSize,
			concurrency: numbers.concurrency,
			maxAttempts: numbers.maxAttempts,
			retryDelayMs: Math.round(numbers.retryDelaySeconds * 1000),
			timeoutMs: Math.round(numbers.timeoutSeconds * 1000),
			requestId: (requestId ?? '').trim(),
		},
	};
}

export type ItemSettings = { ok: true; perItem: CreateSettings[] } | { ok: false; index: number; problem: string };

/**
 * Every item's settings. Without expressions all items share item 0's (read once: a 5,000-row
 * bulk would otherwise resolve the collection 5,000 times).
 */
export function readCreateSettings(context: IExecuteFunctions, destination: string): ItemSettings {
	const count = context.getInputData().length;
	const raw = (name: string, fallback: unknown) => context.getNodeParameter(name, 0, fallback, { rawExpressions: true });
	const unlistedName = destination === 'channel' ? 'allowUnlistedChannel' : undefined;
	const varies = hasExpression(raw('options', {})) || (unlistedName !== undefined && hasExpression(raw(unlistedName, false)));
	const perItem: CreateSettings[] = [];
	for (let i = 0; i < count; i++) {
		if (i > 0 && !varies) {
			perItem.push(perItem[0]);
			continue;
		}
		let result: SettingsResult;
		try {
			const options = context.getNodeParameter('options', i, {}) as IDataObject;
			const allowUnlisted = unlistedName ? context.getNodeParameter(unlistedName, i, false) : false;
			result = parseCreateSettings(options, allowUnlisted);
		} catch (error) {
			result = { ok: false, problem: `Options could not be read (${(error as Error).message})` };
		}
		if (!result.ok) return { ok: false, index: i, problem: result.problem };
		perItem.push(result.settings);
	}
	return { ok: true, perItem };
}

/** The first request-shaping setting on which two items of one request differ, if any. */
export function requestSettingsClash(
	perItem: CreateSettings[],
	indices: number[],
	settings = REQUEST_SETTINGS,
): { index: number; problem: string } | undefined {
	const first = perItem[indices[0]];
	for (const i of indices) {
		for (const { key, label } of settings) {
			if (perItem[i][key] !== first[key]) {
				return {
					index: i,
					problem: `Option "${label}" differs between item ${indices[0]} and item ${i}, which go in the same request; one request has one value, so make it the same for all items (or use One Request per Item)`,
				};
			}
		}
	}
	return undefined;
}
