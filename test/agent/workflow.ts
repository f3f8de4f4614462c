// The workflows of the agent e2e (test/agent/agent.test.ts), in the shape n8n 2.41.1 accepts
// from `n8n import:workflow` (see docs/n8n-ai-tools.md):
//
// - EXAMPLE: examples/ai-agent-video.json exactly as users import it, only its two
//   credentials pointed at the test's (the fake OpenAI server and the EvoLink simulator).
//   Public Chat Trigger (Hosted Chat, response mode Streaming) → AI Agent (v3.1) with an
//   OpenAI Chat Model, Simple Memory, and EvoLink as a "Generate Video" tool (Kling v3) and
//   a "Get Task" tool.
// - TOOLS: the same agent behind a plain Webhook ("Ask", answers when the last node
//   finishes: the non-streaming path) with EvoLink as "Make Video" (Wan 2.5, Wait Options →
//   Timeout 0.1 min, so a long render comes back as a task to check) and "Check Video"
//   (Get Task). Only the parameters a user would set: every tool-only parameter (the
//   $fromAI() twins, the tool description) comes from the node's own defaults.
import type { WorkflowJson } from '../../scripts/lib/local-n8n';
import { loadWorkflow } from '../../scripts/lib/local-n8n';

export const EXAMPLE_FILE = 'examples/ai-agent-video.json';
export const EXAMPLE_ID = 'wfAgentExample001';
export const TOOLS_ID = 'wfAgentTools00001';
export const ASK_PATH = 'evolink-agent-e2e-ask';
export const OPENAI_CRED = 'openAiCredFake001';
export const EVOLINK_CRED = 'evoCredAgentSim01';
/** Make Video's Wait Options → Timeout (minutes): a render longer than this comes back unfinished. */
export const SHORT_TIMEOUT_MINUTES = 0.1;

/** Tool names as the LLM sees them: n8n's nodeNameToToolName(node.name). */
export const TOOL = {
	generate: 'Generate_Video', // example: node "Generate Video" (kling-v3-text-to-video)
	getTask: 'Get_Task', // example: node "Get Task"
	make: 'Make_Video', // TOOLS: node "Make Video" (wan2.5-text-to-video, short timeout)
	check: 'Check_Video', // TOOLS: node "Check Video" (Get Task)
};

/** openAiApi credential: the fake server's URL is the credential's Base URL ("url"). */
export function openAiCredential(baseUrl: string) {
	return { id: OPENAI_CRED, name: 'OpenAI (fake)', type: 'openAiApi', data: { apiKey: 'sk-fake-openai-key', url: baseUrl, header: false } };
}

export const SYSTEM_MESSAGE = 'You are the agent of the n8n-nodes-evolink agent e2e test.';

/** The example file, with its EvoLink and OpenAI credentials pointed at the test's (nothing else changed). */
export function exampleWorkflow(): WorkflowJson {
	const wf = loadWorkflow(EXAMPLE_FILE, { id: EXAMPLE_ID, credentialId: EVOLINK_CRED, credentialName: 'EvoLink (simulator)' });
	for (const n of wf.nodes) if (n.credentials?.openAiApi) n.credentials.openAiApi = { id: OPENAI_CRED, name: 'OpenAI (fake)' };
	return wf;
}

/** The example's Chat Trigger webhook id: the chat is POST /webhook/<id>/chat. */
export function exampleChatWebhookId(wf: WorkflowJson): string {
	const chat = wf.nodes.find((n) => n.type === '@n8n/n8n-nodes-langchain.chatTrigger');
	if (!chat?.webhookId) throw new Error(`${EXAMPLE_FILE} has no Chat Trigger with a webhookId`);
	return chat.webhookId;
}

const node = (id: number, name: string, type: string, typeVersion: number, position: [number, number], parameters: Record<string, unknown>, extra = {}) => ({
	id: `a9e0c1d2-0000-4000-8000-${String(id).padStart(12, '0')}`,
	name,
	type,
	typeVersion,
	position,
	parameters,
	...extra,
});

export function toolsWorkflow(): WorkflowJson {
	const evoLink = { credentials: { evoLinkApi: { id: EVOLINK_CRED, name: 'EvoLink (simulator)' } } };
	const nodes = [
		node(1, 'Ask', 'n8n-nodes-base.webhook', 2.1, [0, 0], { httpMethod: 'POST', path: ASK_PATH, responseMode: 'lastNode', options: {} }, {
			webhookId: '3b9a7c55-2d4e-4f60-8a1b-0c9d8e7f6a5b',
		}),
		node(2, 'AI Agent', '@n8n/n8n-nodes-langchain.agent', 3.1, [300, 0], {
			promptType: 'define',
			text: '={{ $json.body.chatInput }}',
			options: { systemMessage: SYSTEM_MESSAGE, maxIterations: 5 },
		}),
		node(
			3,
			'OpenAI Chat Model',
			'@n8n/n8n-nodes-langchain.lmChatOpenAi',
			1.3,
			[200, 200],
			{ model: { __rl: true, mode: 'id', value: 'fake-gpt' }, responsesApiEnabled: false, options: {} },
			{ credentials: { openAiApi: { id: OPENAI_CRED, name: 'OpenAI (fake)' } } },
		),
		node(
			4,
			'Make Video',
			'n8n-nodes-evolink.evoLinkTool',
			1,
			[400, 200],
			{ resource: 'video', operation: 'generate', model: 'wan2.5-text-to-video', waitOptions: { timeoutMinutes: SHORT_TIMEOUT_MINUTES } },
			evoLink,
		),
		node(5, 'Check Video', 'n8n-nodes-evolink.evoLinkTool', 1, [600, 200], { resource: 'video', operation: 'getTask' }, evoLink),
	];
	return {
		id: TOOLS_ID,
		name: 'EvoLink agent e2e (fake OpenAI)',
		active: false,
		nodes: nodes as unknown as WorkflowJson['nodes'],
		connections: {
			Ask: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'OpenAI Chat Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
			'Make Video': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
			'Check Video': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}
