// Types for the plain-JS fake OpenAI server the agent e2e uses (test/support/fake-openai.js):
// the strict lint allows no `any`, and JS imports are untyped. The simulator's types are in
// test/support/simulator.ts.
import * as fakeOpenAIJs from '../support/fake-openai';

export interface ToolDef {
	name: string;
	description: string;
	/** the JSON schema n8n sent for the tool's arguments */
	parameters: Record<string, unknown>;
}

export interface ChatMessage {
	role: string;
	content: unknown;
	tool_call_id?: string;
	tool_calls?: Array<{ id: string; type: string; function: { name: string; arguments: string } }>;
}

export interface ScriptedReply {
	content?: string;
	toolCalls?: Array<{ id?: string; name: string; arguments: unknown }>;
	finishReason?: string;
	usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
	status?: number;
	error?: unknown;
	chunkDelayMs?: number;
	chunkSize?: number;
}

export interface RecordedRequest {
	seq: number;
	at: number;
	method: string;
	path: string;
	authorization?: string;
	body: { stream?: boolean; stream_options?: unknown; tool_choice?: unknown; [k: string]: unknown };
	stream: boolean;
	model?: string;
	messages: ChatMessage[];
	tools: ToolDef[];
	toolResults: Array<{ tool_call_id: string; content: string }>;
	lastUserText: string;
	reply?: ScriptedReply;
	unscripted?: boolean;
}

export type Step = ScriptedReply | ((req: RecordedRequest) => ScriptedReply | Promise<ScriptedReply>);

export interface FakeOpenAI {
	url: string;
	origin: string;
	port: number;
	requests: RecordedRequest[];
	script(steps: Step[]): void;
	push(...steps: Step[]): void;
	pending(): number;
	setHandler(fn?: (req: RecordedRequest) => ScriptedReply | Promise<ScriptedReply>): void;
	reset(): void;
	requestsFor(marker: string): RecordedRequest[];
	close(): Promise<void>;
}

interface FakeOpenAIModule {
	startFakeOpenAI(options?: { port?: number; model?: string; log?: (line: string) => void }): Promise<FakeOpenAI>;
	toolCall(name: string, args: unknown, extra?: Partial<ScriptedReply>): ScriptedReply;
	text(content: string, extra?: Partial<ScriptedReply>): ScriptedReply;
}

export const fakeOpenAI = fakeOpenAIJs as unknown as FakeOpenAIModule;

/** The items a tool returned, as n8n hands them to the model: JSON of the tool node's output items. */
export function observation(content: string): Array<Record<string, unknown>> {
	return JSON.parse(content) as Array<Record<string, unknown>>;
}
