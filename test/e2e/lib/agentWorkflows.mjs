// Workflows for the AI agent E2E (test/e2e/ai-agent.e2e.test.mjs): a Webhook → n8n's AI Agent
// with the OpenAI Chat Model (pointed at lib/fakeOpenAi.mjs) and Pivot tools (CUSTOM.pivotTool,
// the tool variant n8n 2.41.1 generates for our `usableAsTool` node), and the example
// workflow examples/ai-agent-finance-assistant.json with its Chat Trigger swapped for a Webhook.
import { credentialRef, node, webhookNode } from '../../support/workflows.mjs';
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
	return node(name, PIVOT_TOOL_TYPE, 1, parameters, { credentials: credentialRef(PIVOT_CREDENTIAL) });
}

function agentNode() {
	return node('AI Agent', AGENT_TYPE, 3.1, {
		promptType: 'define',
		text: '={{ $json.body.prompt }}',
		options: { systemMessage: 'You are a finance assistant for Pivot payouts.', enableStreaming: false },
	}, { position: [220, 0] });
}

function modelNode() {
	return node(
		'OpenAI Chat Model',
		MODEL_TYPE,
		1.3,
		{ model: { __rl: true, mode: 'id', value: 'gpt-4o-mini' }, responsesApiEnabled: false, options: {} },
		{ position: [0, 220], credentials: credentialRef({ type: 'openAiApi', name: OPENAI_CREDENTIAL }) },
	);
}

/**
 * POST /webhook/<slug> { prompt } → AI Agent (answers with its output) with the given Pivot
 * tools attached over ai_tool. The prompt carries the fake model's script tag "[name]".
 */
export function agentWorkflow(slug, tools) {
	const webhook = webhookNode(slug, { answer: 'firstEntryJson' });
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
	const nodes = workflow.nodes.map((n) => {
		if (n === trigger) {
			return { ...webhookNode(slug, { name: n.name, answer: 'onReceived' }), id: n.id, position: n.position };
		}
		if (n === agent) {
			return { ...n, parameters: { ...n.parameters, promptType: 'define', text: '={{ $json.body.chatInput }}' } };
		}
		return n;
	});
	return { ...workflow, name: `${workflow.name} (E2E)`, nodes };
}
