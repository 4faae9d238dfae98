// What the benchmarks and the campaign print and write: lines (kept, so the campaign can scan its
// own output for secrets), plain-text tables, medians and JSON files.
import fs from 'node:fs';
import path from 'node:path';

import { REPO_ROOT } from '../../scripts/lib/n8n.mjs';

export const printed = [];

export function say(...parts) {
	const line = parts.join(' ');
	printed.push(line);
	process.stdout.write(`${line}\n`);
}

function cell(value, digits) {
	if (value === undefined || value === null) return '';
	if (typeof value === 'number' && digits !== undefined && Number.isFinite(value)) return value.toFixed(digits);
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) return String(value);
		if (Number.isInteger(value)) return value.toLocaleString('en-US');
		return value.toFixed(Math.abs(value) < 10 ? 3 : 1);
	}
	if (typeof value === 'boolean') return value ? 'yes' : 'no';
	return String(value);
}

/**
 * Prints a plain-text table: columns = [{ key, label, digits? }] or { key: label }, rows = objects.
 */
export function printTable(title, columnSpec, rows) {
	const columns = Array.isArray(columnSpec) ? columnSpec : Object.entries(columnSpec).map(([key, label]) => ({ key, label }));
	const head = columns.map((c) => c.label ?? c.key);
	const body = rows.map((row) => columns.map((c) => cell(row[c.key], c.digits)));
	const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
	const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
	say('');
	say(title);
	say(line(head));
	say(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
	for (const r of body) say(line(r));
}

export const verdict = (ok) => (ok ? 'PASS' : 'FAIL');

/** A figure's result table: rows of { figure, value, target, result }. */
export function printResults(title, rows) {
	printTable(title, [
		{ key: 'figure', label: 'figure' },
		{ key: 'value', label: 'value' },
		{ key: 'target', label: 'target' },
		{ key: 'result', label: 'result' },
	], rows);
}

export function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	if (sorted.length === 0) return NaN;
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function writeJson(file, value) {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
	return file;
}

export function artifactsDir(sub) {
	const dir = path.join(REPO_ROOT, 'artifacts', sub);
	fs.mkdirSync(dir, { recursive: true });
	return dir;
}
