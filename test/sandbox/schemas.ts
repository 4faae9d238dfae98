/**
 * JSON schemas of request bodies (validated by fastify's ajv, coercion off) and the mapping of ajv
 * errors to Pivot's codes: missing or empty → field_required, wrong type/length/pattern →
 * field_format_invalid, payouts[] count or shape → format_invalid.
 */
import type { FastifySchemaValidationError } from 'fastify';

import { type ErrorKey, PivotError, pivotError, pivotErrors } from './errors';

const str = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength });

const UUID = '^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})?$';

export const tokenBodySchema = {
	type: 'object',
	required: ['grantType'],
	properties: { grantType: { type: 'string', minLength: 1, const: 'client_credentials' } },
};

const channelInformation = {
	type: 'object',
	required: ['accountNumber', 'accountName'],
	properties: { accountNumber: str(60), accountName: str(60) },
};

export const inquiryBodySchema = {
	type: 'object',
	required: ['channelCode', 'channelInformation'],
	properties: { channelCode: str(30), channelInformation },
};

/** Shape (inquiryId vs channel fields) is checked after the schema, item by item. */
const payoutItem = {
	type: 'object',
	required: ['referenceId', 'amount'],
	properties: {
		referenceId: str(100),
		inquiryId: { type: 'string', pattern: UUID },
		channelCode: str(30),
		channelInformation: {
			type: 'object',
			properties: { accountNumber: str(60), accountName: str(60) },
		},
		amount: {
			type: 'object',
			required: ['value', 'currency'],
			properties: {
				value: { type: 'string', minLength: 1, pattern: '^[0-9]+$' },
				currency: str(10),
			},
		},
		// "Alphanumeric only", max 20; Pivot's own example has spaces, so spaces pass. "" = absent.
		description: { type: 'string', maxLength: 20, pattern: '^[A-Za-z0-9 ]*$' },
	},
};

export const createPayoutBodySchema = {
	type: 'object',
	required: ['payouts'],
	properties: {
		payouts: { type: 'array', minItems: 1, maxItems: 1000, items: payoutItem },
	},
};

/** "/payouts/3/amount/value" → "payouts[3].amount.value". */
export function fieldPath(instancePath: string, extra?: string): string {
	const parts = instancePath.split('/').filter(Boolean);
	if (extra) parts.push(extra);
	return parts.reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

interface MapOptions {
	/** Create payout: the body or payouts[] itself is unusable → format_invalid. */
	payouts?: boolean;
	/** Otherwise a non-object body counts as all of these missing. */
	rootRequired?: string[];
}

export function schemaError(errors: FastifySchemaValidationError[], opts: MapOptions): PivotError {
	const required: string[] = [];
	const format: string[] = [];
	let structural: ErrorKey | undefined;
	for (const e of errors) {
		const path = fieldPath(e.instancePath);
		const params = e.params as Record<string, unknown>;
		const structuralPath = path === '' || path === 'payouts' || /^payouts\[\d+\]$/.test(path);
		if (e.keyword === 'required') required.push(fieldPath(e.instancePath, String(params.missingProperty)));
		else if (e.keyword === 'minLength' && params.limit === 1) required.push(path);
		else if (opts.payouts && structuralPath && ['type', 'minItems', 'maxItems'].includes(e.keyword)) {
			if (e.keyword === 'maxItems') structural = 'payout_too_many';
			else structural ??= 'payouts_malformed';
		} else if (path === '' && e.keyword === 'type') required.push(...(opts.rootRequired ?? []));
		else format.push(path);
	}
	if (structural === 'payout_too_many') return pivotError('payout_too_many', 'payouts');
	if (structural) return pivotError('payouts_malformed', 'payouts');
	if (required.length > 0) return pivotErrors('field_required', required);
	return pivotErrors('field_format_invalid', format);
}
