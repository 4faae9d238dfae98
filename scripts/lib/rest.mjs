// n8n's REST API (owner session, workflows, executions, credentials) and reading node output.
import { requireFromN8n } from './install.mjs';
import { sleep } from './processes.mjs';

// ---------------------------------------------------------------------------------------
// REST (the editor's internal API under /rest, with the login cookie; and the public API)
// ---------------------------------------------------------------------------------------
export const DEFAULT_OWNER = Object.freeze({
	email: 'owner@pivot-e2e.test',
	firstName: 'Pivot',
	lastName: 'Owner',
	password: 'Pivot-e2e-Passw0rd',
});

export class RestClient {
	constructor(baseUrl) {
		this.baseUrl = baseUrl.replace(/\/$/, '');
		this.cookies = new Map();
		this.apiKey = undefined;
	}

	cookieHeader() {
		return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	}

	/** Raw request. path starts with '/rest/...', '/api/v1/...', '/webhook/...'. */
	async request(method, urlPath, body, { headers = {}, apiKey = false, raw = false } = {}) {
		const allHeaders = { accept: 'application/json', ...headers };
		if (body !== undefined && !(typeof body === 'string')) allHeaders['content-type'] = 'application/json';
		if (this.cookies.size) allHeaders.cookie = this.cookieHeader();
		if (apiKey) allHeaders['x-n8n-api-key'] = this.apiKey;
		const response = await fetch(`${this.baseUrl}${urlPath}`, {
			method,
			headers: allHeaders,
			body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
		});
		for (const setCookie of response.headers.getSetCookie?.() ?? []) {
			const [pair] = setCookie.split(';');
			const eq = pair.indexOf('=');
			this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
		}
		if (raw) return response;
		const text = await response.text();
		let json;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		if (!response.ok) {
			const error = new Error(`${method} ${urlPath} -> ${response.status}: ${text.slice(0, 800)}`);
			error.status = response.status;
			error.body = json ?? text;
			throw error;
		}
		// the internal API wraps results in { data }
		return json !== undefined && urlPath.startsWith('/rest/') && json && 'data' in json ? json.data : (json ?? text);
	}

	/** POST /rest/owner/setup (only once per instance) and keep the login cookie. */
	async setupOwner(owner = DEFAULT_OWNER) {
		this.owner = owner;
		return this.request('POST', '/rest/owner/setup', owner);
	}

	/** POST /rest/login; the auth cookie is kept for later calls. */
	async login({ email, password } = this.owner ?? DEFAULT_OWNER) {
		return this.request('POST', '/rest/login', { emailOrLdapLoginId: email, password });
	}

	/** setupOwner() + login() in one go. */
	async ownerSession(owner = DEFAULT_OWNER) {
		await this.setupOwner(owner);
		await this.login(owner);
		return this;
	}

	/** Executions of a workflow (newest first, at most 100: see listAllExecutions), without data. */
	async listExecutions({ workflowId, status, limit = 100 } = {}) {
		const filter = {};
		if (workflowId) filter.workflowId = workflowId;
		if (status) filter.status = status;
		const query = new URLSearchParams({ filter: JSON.stringify(filter), limit: String(limit) });
		const result = await this.request('GET', `/rest/executions?${query}`);
		return result.results ?? result;
	}

	/** Every execution (of a workflow, or all), newest first, without data: pages of 100 (the API's maximum). */
	async listAllExecutions({ workflowId } = {}) {
		const all = [];
		let lastId;
		for (;;) {
			const filter = workflowId ? { workflowId } : {};
			const query = new URLSearchParams({ filter: JSON.stringify(filter), limit: '100' });
			if (lastId !== undefined) query.set('lastId', String(lastId));
			const result = await this.request('GET', `/rest/executions?${query}`);
			const page = result.results ?? result;
			all.push(...page);
			if (page.length < 100) return all;
			lastId = Math.min(...page.map((e) => Number(e.id)));
		}
	}

	/**
	 * One execution with its run data parsed (the internal API stores it "flatted"):
	 * { id, status, finished, mode, workflowId, data: { resultData: { runData, error?, lastNodeExecuted } } }
	 */
	async getExecution(id) {
		const execution = await this.request('GET', `/rest/executions/${id}`);
		if (execution && typeof execution.data === 'string') {
			execution.data = requireFromN8n('flatted').parse(execution.data);
		}
		return execution;
	}

	/**
	 * Polls until a workflow has `count` finished executions (status not new/running/waiting);
	 * returns them (newest first) with data.
	 */
	async waitForExecutions(workflowId, { count = 1, timeoutMs = 30_000, intervalMs = 250 } = {}) {
		const deadline = Date.now() + timeoutMs;
		let list = [];
		while (Date.now() < deadline) {
			list = (await this.listExecutions({ workflowId })).filter(
				(e) => !['new', 'running', 'waiting'].includes(e.status),
			);
			if (list.length >= count) return Promise.all(list.map((e) => this.getExecution(e.id)));
			await sleep(intervalMs);
		}
		throw new Error(`workflow ${workflowId}: ${list.length} of ${count} executions after ${timeoutMs} ms`);
	}

	/** GET /rest/credentials/:id?includeData=true (secret fields come back redacted). */
	async getCredential(id) {
		return this.request('GET', `/rest/credentials/${id}?includeData=true`);
	}

	/** POST /rest/credentials ({ name, type, data }) → the stored credential (with id). */
	async createCredential(credential) {
		return this.request('POST', '/rest/credentials', credential);
	}

	/**
	 * The editor's "Test" button: POST /rest/credentials/test. Give either a stored credential's
	 * id (its stored data is used) or { name, type, data } for unsaved data; data given for a
	 * stored id overrides single fields. Returns { status: 'OK' | 'Error', message }.
	 */
	async testCredential({ id, name, type, data }) {
		if (id && (!name || !type || !data)) {
			const stored = await this.getCredential(id);
			name ??= stored.name;
			type ??= stored.type;
			data = { ...(stored.data ?? {}), ...(data ?? {}) };
		}
		return this.request('POST', '/rest/credentials/test', { credentials: { id: id ?? '', name, type, data } });
	}

	/**
	 * The same test through the public API: POST /api/v1/credentials/:id/test (stored data
	 * only; creates an API key on first use). Returns { status: 'OK' | 'Error', message }.
	 */
	async testCredentialPublic(id) {
		return this.publicApi('POST', `/credentials/${id}/test`);
	}

	/**
	 * Activates (publishes) a workflow on a RUNNING server: POST /rest/workflows/:id/activate,
	 * then waits until its triggers are live (GET /rest/workflows/:id/publication-status says
	 * 'published'): in 2.41 activation goes through an outbox and is asynchronous.
	 */
	async activateWorkflow(id, { timeoutMs = 30_000 } = {}) {
		const workflow = await this.request('GET', `/rest/workflows/${id}`);
		const activated = await this.request('POST', `/rest/workflows/${id}/activate`, { versionId: workflow.versionId });
		const deadline = Date.now() + timeoutMs;
		let status;
		while (Date.now() < deadline) {
			status = await this.request('GET', `/rest/workflows/${id}/publication-status`);
			if (status.status === 'published') return activated;
			if (status.status === 'failed' || status.status === 'partial') {
				throw new Error(`publishing workflow ${id} failed: ${JSON.stringify(status)}`);
			}
			await sleep(200);
		}
		throw new Error(`workflow ${id} not published after ${timeoutMs} ms: ${JSON.stringify(status)}`);
	}

	async deactivateWorkflow(id) {
		return this.request('POST', `/rest/workflows/${id}/deactivate`, {});
	}

	/** Creates a public-API key (X-N8N-API-KEY) with every scope the owner may have; kept on this client. */
	async createApiKey(label = `e2e-${Date.now()}`) {
		const scopes = await this.request('GET', '/rest/api-keys/scopes');
		const key = await this.request('POST', '/rest/api-keys', { label, scopes, expiresAt: null });
		this.apiKey = key.rawApiKey ?? key.apiKey;
		return this.apiKey;
	}

	/** Public API: GET /api/v1/... with the API key. */
	async publicApi(method, urlPath, body) {
		if (!this.apiKey) await this.createApiKey();
		return this.request(method, `/api/v1${urlPath}`, body, { apiKey: true });
	}
}

// ---------------------------------------------------------------------------------------
// Small helpers for workflow results
// ---------------------------------------------------------------------------------------

/** The output items (json only) of a node in a run: runData[node][run].data.main[output]. */
export function nodeOutput(runDataOrExecution, nodeName, { run = 0, output = 0 } = {}) {
	const runData =
		runDataOrExecution?.data?.resultData?.runData ?? runDataOrExecution?.resultData?.runData ?? runDataOrExecution;
	const runs = runData?.[nodeName];
	if (!runs) return undefined;
	const items = runs[run]?.data?.main?.[output] ?? [];
	return items.map((item) => item.json);
}
