// Reading what n8n's CLI prints: ids, JSON output, execution errors, log tails.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';

// ---------------------------------------------------------------------------------------
// n8n
// ---------------------------------------------------------------------------------------

/** An id like n8n's own (16 alphanumerics) for imported workflows and credentials. */
export function n8nId() {
	const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
	const bytes = randomBytes(16);
	return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

export function parseJsonFromOutput(stdout) {
	const text = stdout.trim();
	try {
		return JSON.parse(text);
	} catch {
		// log lines before the JSON, and on failure an error report after it (see below)
	}
	// The result is pretty-printed: it opens with a line that is exactly "{" or "[" and closes
	// with one that is exactly "}" or "]". On failure `n8n execute` prints "Error executing
	// workflow…" and the error after the JSON, so try the closing lines from the last one back.
	const lines = text.split('\n');
	const starts = [];
	const ends = [];
	lines.forEach((line, i) => {
		if (line === '{' || line === '[') starts.push(i);
		if (line === '}' || line === ']') ends.push(i);
	});
	for (const start of starts) {
		for (let e = ends.length - 1; e >= 0 && ends[e] > start; e--) {
			try {
				return JSON.parse(lines.slice(start, ends[e] + 1).join('\n'));
			} catch {
				// keep looking
			}
		}
	}
	for (let i = 0; i < lines.length; i++) {
		const first = lines[i].trimStart()[0];
		if (first !== '{' && first !== '[') continue;
		try {
			return JSON.parse(lines.slice(i).join('\n'));
		} catch {
			// keep looking
		}
	}
	return undefined;
}

/** The message `n8n execute` prints under "Execution error:" when a workflow fails. */
export function executionErrorFromOutput(stdout) {
	const match = /Execution error:\n=+\n([^\n]*)/.exec(stdout);
	return match ? match[1].trim() : undefined;
}

/** Accepts an object, an array, JSON text or the path of a .json file. */
export function readJsonInput(input) {
	if (typeof input !== 'string') return input;
	const text = input.trimStart().startsWith('{') || input.trimStart().startsWith('[') ? input : fs.readFileSync(input, 'utf8');
	return JSON.parse(text);
}
