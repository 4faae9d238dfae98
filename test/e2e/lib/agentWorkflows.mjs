// Workflows for the AI agent E2E (test/e2e/ai-agent.e2e.test.mjs): a Webhook → n8n's AI Agent
// with the OpenAI Chat Model (pointed at lib/fakeOpenAi.mjs) and Pivot tools (CUSTOM.pivotTool,
// the tool variant n8n 2.41.1 generates for our `usableAsTool` node), and the example
// workflow examples/ai-agent-finance-assistant.json with its Chat Trigger swapped for a Webhook.
import { randomUUID } from 'node:crypto';

import { example } from './workflows.mjs';

export const OPENAI_CREDENTIAL = 'OpenAI account';
export const SMTP_CREDENTIAL = 'SMTP account';
export const PIVOT_CREDENTIAL = 'Pivot account';
export const AGENT_TYPE = '@n8n/n8n-nodes-langchain.agent';
export const MODEL_TYPE = '@n8n/n8n-nodes-langchain.lmChatOpenAi';
export const PIVOT_TOOL_TYPE = 'CUSTOM.pivotTool';
export const EXAMPLE = 'ai-agent-finance-assistant';

const fromAI = (key, description, type = 'string') => `={{ $fromAI('${key}', '${description}', '${type}') }}`;

/** The parameters of a Pivot tool that creates one payout by channel, every field from the model. */
export const createByChannel = {
	resource: 'payout',
	operation: 'create',
	sendAs: 'perItem',
	destination: 'channel',
	channelCode: { __rl: true, mode: 'id', value: fromAI('channelCode', 'Bank or e-wallet channel code, e.g. BCA') },
	accountNumber: fromAI('accountNumber', 'Account number at that channel'),
	accountName: fromAI('accountName', 'Account holder name'),
	amount: fromAI('amount', 'Amount in whole rupiah', 'number'),
	referenceId: fromAI('referenceId', 'Your own unique reference for this payout'),
	description: fromAI('description', 'Short description: at most 20 letters, digits or spaces'),
	options: {},
};

export function pivotTool(name, parameters) {
	return {
		id: randomUUID(),
		name,
		type: PIVOT_TOOL_TYPE,
		typeVersion: 1,
		position: [0, 0],
		credentials: { pivotApi: { id: null, name: PIVOT_CREDENTIAL } },
		parameters,
	};
}

function agentNode() {
	return {
		id: randomUUID(),
		name: 'AI Agent',
		type: AGENT_TYPE,
		typeVersion: 3.1,
		position: [220, 0],
		parameters: {
			promptType: 'define',
			text: '={{ $json.body.prompt }}',
			options: { systemMessage: 'You are a finance assistant for Pivot payouts.', enableStreaming: false },
		},
	};
}

function modelNode() {
	return {
		id: randomUUID(),
		name: 'OpenAI Chat Model',
		type: MODEL_TYPE,
		typeVersion: 1.3,
		position: [0, 220],
		credentials: { openAiApi: { id: null, name: OPENAI_CREDENTIAL } },
		parameters: {
			model: { __rl: true, mode: 'id', value: 'gpt-4o-mini' },
			responsesApiEnabled: false,
			options: {},
		},
	};
}

/**
 * POST /webhook/<slug> { prompt } → AI Agent (answers with its output) with the given Pivot
 * tools attached over ai_tool. The prompt carries the fake model's script tag "[name]".
 */
export function agentWorkflow(slug, tools) {
	const webhook = {
		id: randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path: slug, responseMode: 'lastNode', responseData: 'firstEntryJson', options: {} },
	};
	const agent = agentNode();
	const model = modelNode();
	tools.forEach((tool, i) => (tool.position = [220 + i * 220, 220]));
	const connections = {
		Webhook: { main: [[{ node: agent.name, type: 'main', index: 0 }]] },
		[model.name]: { ai_languageModel: [[{ node: agent.name, type: 'ai_languageModel', index: 0 }]] },
	};
	for (const tool of tools) connections[tool.name] = { ai_tool: [[{ node: agent.name, type: 'ai_tool', index: 0 }]] };
	return { name: `E2E agent: ${slug}`, nodes: [webhook, agent, model, ...tools], connections, settings: { executionOrder: 'v1' } };
}

/**
 * The example with CUSTOM.* types, its Chat Trigger replaced by a Webhook of the same name
 * (POST /webhook/<slug> { chatInput }, answered at once: the run may wait for a reviewer) and
 * the agent's prompt read from that body. Everything else (agent, model, tools, the human
 * review step and the guard settings) is the example as users import it.
 */
export function exampleWithWebhook(slug) {
	const workflow = example(EXAMPLE);
	const trigger = workflow.nodes.find((n) => n.type === '@n8n/n8n-nodes-langchain.chatTrigger');
	if (!trigger) throw new Error(`${EXAMPLE}: no Chat Trigger`);
	const agent = workflow.nodes.find((n) => n.type === AGENT_TYPE);
	if (!agent) throw new Error(`${EXAMPLE}: no AI Agent`);
	const nodes = workflow.nodes.map((node) => {
		if (node === trigger) {
			return {
				id: node.id,
				name: node.name,
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: node.position,
				webhookId: randomUUID(),
				parameters: { httpMethod: 'POST', path: slug, responseMode: 'onReceived', options: {} },
			};
		}
		if (node === agent) {
			return { ...node, parameters: { ...node.parameters, promptType: 'define', text: '={{ $json.body.chatInput }}' } };
		}
		return node;
	});
	return { ...workflow, name: `${workflow.name} (E2E)`, nodes };
}
