// When a started n8n is ready: its log says so (after the active workflows' webhooks are
// registered) and its readiness endpoint answers; and reading that log from an offset.
import fs from 'node:fs';

import { sleep } from './processes.mjs';

export async function waitForN8nReady({
	baseUrl,
	logPath,
	startOffset,
	server,
	timeoutMs,
	readyText = 'Editor is now accessible',
	httpReady = true,
}) {
	const deadline = Date.now() + timeoutMs;
	let sawEditorLine = false;
	while (Date.now() < deadline) {
		if (!server.isRunning()) {
			throw new Error(`n8n exited during start-up; log ${logPath}:\n${tail(logPath, 40)}`);
		}
		if (!sawEditorLine) {
			const text = readFrom(logPath, startOffset);
			// "Editor is now accessible via:" is logged once start-up finished, after the
			// active workflows (and their production webhooks) were registered.
			sawEditorLine = text.includes(readyText);
		}
		if (sawEditorLine && !httpReady) return;
		if (sawEditorLine) {
			try {
				const response = await fetch(`${baseUrl}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
				if (response.ok) return;
			} catch {
				// not yet
			}
		}
		await sleep(200);
	}
	throw new Error(`n8n not ready within ${timeoutMs} ms; log ${logPath}:\n${tail(logPath, 40)}`);
}

export function readFrom(file, offset) {
	try {
		const fd = fs.openSync(file, 'r');
		try {
			const size = fs.fstatSync(fd).size;
			const buffer = Buffer.alloc(Math.max(0, size - offset));
			fs.readSync(fd, buffer, 0, buffer.length, offset);
			return buffer.toString('utf8');
		} finally {
			fs.closeSync(fd);
		}
	} catch {
		return '';
	}
}

export function tail(file, lines) {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}
