/**
 * A fast path for the most common way of mapping a field: an expression that is exactly
 * `{{ $json.name }}`. n8n 2.x evaluates every expression in an isolate, which dominates a large
 * bulk run (bench/README.md has the figures). For this one form the value is read from the item
 * itself, which is what the expression evaluates to. Only strings, finite numbers and booleans
 * take this path (n8n returns those unchanged); anything else (a missing field, null, an object,
 * any other expression, names n8n guards such as `__proto__`) still goes through n8n's
 * getNodeParameter, so behaviour and errors stay the same.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

const ITEM_FIELD = /^=\{\{\s*\$json\.([A-Za-z_$][A-Za-z0-9_$]*)\s*\}\}$/;
// Names whose meaning n8n's expression sandbox decides (it refuses some): never read directly.
const GUARDED_NAMES = new Set(['__proto__', 'constructor', 'prototype', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);

/** The field name when a parameter is exactly `={{ $json.<name> }}` (a resource locator's value too). */
export function itemFieldName(context: IExecuteFunctions, parameterName: string): string | undefined {
	let raw: unknown;
	try {
		raw = context.getNodeParameter(parameterName, 0, '', { rawExpressions: true });
	} catch {
		return undefined;
	}
	if (typeof raw === 'object' && raw !== null && (raw as IDataObject).__rl === true) {
		// Resource locator: its modes here (list, id) have no extractValue, so n8n returns `value`.
		const mode = (raw as IDataObject).mode;
		if (mode !== 'list' && mode !== 'id') return undefined;
		raw = (raw as IDataObject).value;
	}
	if (typeof raw !== 'string') return undefined;
	const name = ITEM_FIELD.exec(raw)?.[1];
	return name === undefined || GUARDED_NAMES.has(name) ? undefined : name;
}

/** `{ ok: true, value }` when the item's own field is a string, finite number or boolean. */
export function readItemField(
	json: IDataObject | undefined,
	field: string,
): { ok: true; value: string | number | boolean } | { ok: false } {
	if (!json || !Object.prototype.hasOwnProperty.call(json, field)) return { ok: false };
	const value = json[field];
	if (typeof value === 'string' || typeof value === 'boolean') return { ok: true, value };
	if (typeof value === 'number' && Number.isFinite(value)) return { ok: true, value };
	return { ok: false };
}
