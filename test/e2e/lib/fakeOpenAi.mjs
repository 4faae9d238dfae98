// A local stand-in for an OpenAI-compatible chat-completions endpoint, for the AI agent E2E:
// n8n's OpenAI Chat Model (credential "Base URL" pointed here) talks to it instead of a model.
// It answers with SCRIPTED turns and records every request, so a test can say what the
// "model" does (call this tool with these arguments, then answer) and check what n8n sent
// back to it (the tool results: a balance, a refusal text).
//
//   const ai = await startFakeOpenAi();
//   ai.script('case-b', [{ tool: 'Pivot_Create', args: { amount: 100000 } }, { text: 'Done.' }]);
//   // the workflow's prompt contains "[case-b]"; credential url: ai.url (…/v1)
//   ai.requests('case-b')      → every chat-completions request of that conversation
//   ai.toolResults('case-b')   → the content of every role "tool" message n8n sent
//
// Which turn answers a request is decided by the request itself, not by a queue: turn N is
// answered for a conversation holding N assistant messages so far. A retried request (the
// OpenAI client retries) therefore gets the same answer, and nothing leaks between tests.
// Scripts are chosen by a tag "[name]" anywhere in the conversation's messages.
//
// Routes: POST /v1/chat/completions (stream off, or on: server-sent events), GET /v1/models
// (the editor's model list and the credential test), anything else 404.
import http from 'node:http';

const MODEL = 'gpt-4o-mini';

function textOf(content) {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) return content.map((part) => (typeof part === 'string' ? part : (part?.text ?? ''))).join('');
	return content == null ? '' : JSON.stringify(content);
}

function completion(message, finishReason) {
	return {
		id: `chatcmpl-fake-${Date.now().toString(36)}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model: MODEL,
		choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
		usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
	};
}

/** The same answer as server-sent events (chat.completion.chunk). */
function streamChunks(body) {
	const base = { id: body.id, object: 'chat.completion.chunk', created: body.created, model: body.model };
	const { message, finish_reason: finishReason } = body.choices[0];
	const delta = { role: 'assistant', content: message.content ?? '' };
	if (message.tool_calls) {
		delta.tool_calls = message.tool_calls.map((call, index) => ({ index, ...call }));
	}
	return [
		{ ...base, choices: [{ index: 0, delta, finish_reason: null }] },
		{ ...base, choices: [{ index: 0, delta: {}, finish_reason: finishReason }], usage: body.usage },
	];
}

export async function startFakeOpenAi({ host = '127.0.0.1' } = {}) {
	const scripts = new Map(); // name -> turns
	const log = []; // { at, method, path, body, script }
	let callCounter = 0;

	function scriptFor(messages) {
		const all = messages.map((m) => textOf(m.content)).join('\n');
		for (const name of scripts.keys()) if (all.includes(`[${name}]`)) return name;
		return undefined;
	}

	function answer(body) {
		const messages = Array.isArray(body.messages) ? body.messages : [];
		const name = scriptFor(messages);
		if (!name) return completion({ role: 'assistant', content: 'No script for this conversation.' }, 'stop');
		const turns = scripts.get(name);
		const turnIndex = messages.filter((m) => m.role === 'assistant').length;
		const turn = turns[Math.min(turnIndex, turns.length - 1)];
		const resolved = typeof turn === 'function' ? turn({ messages, body }) : turn;
		if (resolved.tool || resolved.tools) {
			const calls = resolved.tools ?? [{ tool: resolved.tool, args: resolved.args }];
			const toolCalls = calls.map((call) => ({
				id: call.id ?? `call_${name.replace(/[^a-zA-Z0-9]/g, '')}_${turnIndex}_${++callCounter}`,
				type: 'function',
				function: { name: call.tool, arguments: JSON.stringify(call.args ?? {}) },
			}));
			return completion({ role: 'assistant', content: null, tool_calls: toolCalls }, 'tool_calls');
		}
		return completion({ role: 'assistant', content: String(resolved.text ?? '') }, 'stop');
	}

	const server = http.createServer((req, res) => {
		let raw = '';
		req.on('data', (chunk) => (raw += chunk));
		req.on('end', () => {
			const path = (req.url ?? '/').split('?')[0].replace(/\/+$/, '');
			let body;
			try {
				body = raw ? JSON.parse(raw) : undefined;
			} catch {
				body = raw;
			}
			const entry = { at: Date.now(), method: req.method, path, body };
			log.push(entry);
			const send = (status, json) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(json));
			};
			if (req.method === 'GET' && path.endsWith('/models')) {
				return send(200, { object: 'list', data: [{ id: MODEL, object: 'model', created: 0, owned_by: 'fake' }] });
			}
			if (req.method === 'POST' && path.endsWith('/chat/completions') && body && typeof body === 'object') {
				entry.script = scriptFor(body.messages ?? []);
				const reply = answer(body);
				entry.reply = reply;
				if (!body.stream) return send(200, reply);
				res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
				for (const chunk of streamChunks(reply)) res.write(`data: ${JSON.stringify(chunk)}\n\n`);
				res.end('data: [DONE]\n\n');
				return undefined;
			}
			return send(404, { error: { message: `fake OpenAI: no route ${req.method} ${path}`, type: 'invalid_request_error' } });
		});
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, host, resolve);
	});
	const { port } = server.address();
	const chatRequests = (name) =>
		log.filter((e) => e.path.endsWith('/chat/completions') && (name === undefined || e.script === name));

	return {
		url: `http://${host}:${port}/v1`,
		port,
		model: MODEL,
		/** Sets the turns of a conversation tagged "[name]": { tool, args } | { tools: [...] } | { text } | fn. */
		script(name, turns) {
			scripts.set(name, turns);
		},
		/** Every request received (all routes), in order. */
		log: () => [...log],
		/** The chat-completions requests of one conversation (or all). */
		requests: chatRequests,
		/** The role "tool" messages n8n sent back in a conversation (from its latest request), as text. */
		toolResults(name) {
			const last = chatRequests(name).at(-1);
			return (last?.body?.messages ?? []).filter((m) => m.role === 'tool').map((m) => textOf(m.content));
		},
		/** The tool names n8n offered the model in a conversation (from its first request). */
		offeredTools(name) {
			const first = chatRequests(name)[0];
			return (first?.body?.tools ?? []).map((t) => t.function?.name);
		},
		async stop() {
			server.closeAllConnections?.();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}
