// End-to-end: EvoLink as an AI Agent's tools in a real n8n 2.41.1 (`n8n start`, the packed
// package installed like a community package). The agent (AI Agent v3.1, OpenAI Chat Model)
// talks to test/support/fake-openai.js, a scripted stand-in for OpenAI that records what
// n8n sends it; EvoLink is the project's simulator. Two workflows (test/agent/workflow.ts):
// examples/ai-agent-video.json as users import it (Chat Trigger, streaming; Kling v3
// "Generate Video" + "Get Task"), and a Webhook-driven one (Wan 2.5 "Make Video" with a
// short Wait Options → Timeout + "Check Video").
// Asserted: what the model is told (tool names, descriptions, JSON schemas), a valid call
// (the exact create body, the finished task back to the model), invalid calls (nothing
// paid, an error message that names the field and the allowed values), a render longer
// than the tool's wait (the task back unfinished, then Get Task), and the streaming chat
// (the tool's progress chunks between the agent's). Findings: docs/n8n-ai-tools.md.
// EVOLINK_E2E_KEEP=1 keeps the temp folder.
import * as host from '../support/host';
import type { LoggedRequest, Simulator } from '../support/simulator';
import { DEFAULT_API_KEY, requestBody, startSimulator } from '../support/simulator';
import { evoLinkCredential } from '../../scripts/lib/local-n8n';
import { AgentN8n, postJson, postStream } from './agent-n8n';
import type { StreamChunk } from './agent-n8n';
import type { FakeOpenAI, RecordedRequest, ToolDef } from './types';
import { fakeOpenAI, observation } from './types';
import {
	ASK_PATH,
	EVOLINK_CRED,
	EXAMPLE_ID,
	SHORT_TIMEOUT_MINUTES,
	SYSTEM_MESSAGE,
	TOOL,
	TOOLS_ID,
	exampleChatWebhookId,
	exampleWorkflow,
	openAiCredential,
	toolsWorkflow,
} from './workflow';

const { startFakeOpenAI, text, toolCall } = fakeOpenAI;

jest.setTimeout(10 * 60_000);

const TASK_SECONDS = 3;
const TASK_ID = /^task-unified-/;

let ai: FakeOpenAI;
let sim: Simulator;
let n8n: AgentN8n;
let chatUrl = '';
const timings: Record<string, number> = {};

const ask = async (chatInput: string) => await postJson(`${n8n.url}/webhook/${ASK_PATH}`, { chatInput });
const chat = async (sessionId: string, chatInput: string) => await postStream(chatUrl, { action: 'sendMessage', sessionId, chatInput });
const toolDef = (req: RecordedRequest, name: string): ToolDef => {
	const def = req.tools.find((t) => t.name === name);
	if (!def) throw new Error(`no tool ${name} in [${req.tools.map((t) => t.name).join(', ')}]`);
	return def;
};
/** the creates the simulator received whose prompt starts with `marker` */
const creates = (marker: string): LoggedRequest[] =>
	sim.requests.filter((r) => r.method === 'POST' && r.path === '/v1/videos/generations' && String(requestBody(r).prompt ?? '').startsWith(marker));
/** The items the n-th tool result of a request holds (JSON of the tool node's output items). */
const result = (req: RecordedRequest, n = 0) => observation(req.toolResults[n].content);
const latestExecution = (workflowId: string) => n8n.executions().filter((e) => e.workflowId === workflowId).pop()!;

beforeAll(async () => {
	const t0 = Date.now();
	ai = await startFakeOpenAI();
	sim = await startSimulator({ taskSeconds: TASK_SECONDS, estimatedSeconds: TASK_SECONDS });
	n8n = await AgentN8n.create();
	timings.install = Date.now() - t0;
	const example = exampleWorkflow();
	chatUrl = `/webhook/${exampleChatWebhookId(example)}/chat`;
	await n8n.importJson('credentials', [openAiCredential(ai.url), evoLinkCredential(EVOLINK_CRED, DEFAULT_API_KEY, sim.url, 'EvoLink (simulator)')]);
	await n8n.importJson('workflow', [example, toolsWorkflow()]);
	for (const id of [EXAMPLE_ID, TOOLS_ID]) await n8n.cli(['publish:workflow', `--id=${id}`]);
	const t1 = Date.now();
	// n8n answers /healthz before it has registered the published workflows' webhooks: the Chat
	// Trigger answers {action: 'loadPreviousSession'} without starting an execution, and a GET
	// to the POST-only Ask webhook says it is registered for another method
	await n8n.start(async () => {
		const loaded = await postJson(`${n8n.url}${chatUrl}`, { action: 'loadPreviousSession', sessionId: 'probe' });
		const askGet = await fetch(`${n8n.url}/webhook/${ASK_PATH}`);
		return loaded.status === 200 && /not registered for GET/.test(await askGet.text());
	});
	chatUrl = `${n8n.url}${chatUrl}`;
	timings.start = Date.now() - t1;
});

afterAll(async () => {
	if (n8n) {
		await n8n.stop();
		host.stderr.write(`agent e2e timings ms: ${JSON.stringify({ ...timings, boots: n8n.boots })}\n`);
		n8n.cleanup();
	}
	await ai?.close();
	await sim?.close();
});

afterEach(() => {
	expect(ai.pending()).toBe(0); // every scripted model reply was asked for
	expect(ai.requests.filter((r) => r.unscripted)).toEqual([]);
});

describe('what the model is told', () => {
	test('n8n adds no description choice of its own: the node brings toolDescription and the $fromAI twins', () => {
		const tool = n8n.nodeTypes().find((t) => t.name === 'n8n-nodes-evolink.evoLinkTool')!;
		const names = tool.properties.map((p) => p.name);
		expect(names).not.toContain('descriptionType'); // convertNodeToAiTool skips it when the node has a toolDescription
		const toolOnly = (p: Record<string, unknown>) => JSON.stringify(p.displayOptions ?? {}).includes('"show":{') && JSON.stringify((p.displayOptions as { show?: unknown }).show).includes('"@tool":[true]');
		expect(tool.properties.filter((p) => p.name === 'toolDescription').every(toolOnly)).toBe(true);
		// the settings a tool has no use for are hidden as a tool
		for (const name of ['downloadVideo', 'binaryPropertyName', 'waitMode', 'callbackLimit']) {
			for (const p of tool.properties.filter((q) => q.name === name)) expect(p.displayOptions).toMatchObject({ hide: { '@tool': [true] } });
		}
	});

	test('example (Kling v3): Generate_Video and Get_Task, descriptions from the model, one schema property per main setting', async () => {
		ai.script([text('SCHEMA-1 Hello! What video shall I make?')]);
		const r = await chat('schema-1', 'SCHEMA-1 hi');
		expect(r.status).toBe(200);
		const [first, ...more] = ai.requestsFor('SCHEMA-1 hi');
		expect(more).toEqual([]);
		expect(first.tools.map((t) => t.name).sort()).toEqual([TOOL.generate, TOOL.getTask]);

		const generate = toolDef(first, TOOL.generate);
		const lines = generate.description.split('\n');
		expect(lines[0]).toBe(
			"Generates one video (text to video) with EvoLink's Kling v3 Text to Video model (kling-v3-text-to-video): Kling v3: 3 to 15 s, 720p or 1080p, sound effects, multi-shot.",
		);
		expect(lines).toEqual(
			expect.arrayContaining([
				'Parameters:',
				'- prompt: Prompt: What the video should show. At most 2500 characters. Required, except with Multi-Shot → Custom Shots, where each shot has its own prompt.',
				'- duration: Duration in seconds: a whole number from 3 to 15; default 5',
				'- aspectRatio: Aspect Ratio: one of "16:9", "9:16" or "1:1"; leave it out for the model default',
				'- quality: Quality: one of "720p" or "1080p"; default "720p"',
				expect.stringMatching(/^- sound: Sound: true or false; default false\./),
				expect.stringMatching(/^- multiShot: Multi-Shot: true or false; default false\./),
				'- shotType: Shot Type: one of "intelligence" or "customize"; required with multiShot true, else leave it out',
				expect.stringMatching(/^- shots: Shots: a JSON array of \{prompt, duration\}, 1 to 6 entries; optional, \[\] for none; only used with multiShot true and shotType "customize"\./),
				expect.stringMatching(/^Renders take about 5 min\. The tool waits up to 4 min and returns the task: id, status, videoUrl/),
				expect.stringMatching(/timedOut: true: check it later with the Get Task tool and that id/),
			]),
		);
		expect(generate.description).toMatch(/paid render/);
		expect(generate.description).not.toMatch(/callback|download|negative/i); // not the agent's to set

		const schema = generate.parameters as { properties: Record<string, Record<string, unknown>>; required: string[] };
		expect(schema).toMatchObject({ type: 'object', additionalProperties: false, $schema: 'http://json-schema.org/draft-07/schema#' });
		expect(Object.keys(schema.properties).sort()).toEqual(['aspectRatio', 'duration', 'multiShot', 'prompt', 'quality', 'shotType', 'shots', 'sound']);
		const props = schema.properties;
		expect(props.duration).toEqual({ type: 'number', description: 'Duration in seconds: a whole number from 3 to 15; default 5', default: 5 });
		expect(props.quality).toEqual({ type: 'string', description: 'Quality: one of "720p" or "1080p"; default "720p"', default: '720p' });
		expect(props.sound).toEqual({ type: 'boolean', description: expect.stringMatching(/^Sound: true or false; default false/), default: false });
		expect(props.multiShot).toEqual({ type: 'boolean', description: expect.stringMatching(/^Multi-Shot: true or false; default false/), default: false });
		// No documented default, or only used with another setting: "" (= not set) as the default,
		// so the schema does not make the model invent a ratio, a shot type or a list of shots
		expect(props.prompt).toEqual({ type: 'string', description: expect.stringMatching(/^Prompt: What the video should show.*Required, except with Multi-Shot/), default: '' });
		expect(props.aspectRatio).toEqual({ type: 'string', description: 'Aspect Ratio: one of "16:9", "9:16" or "1:1"; leave it out for the model default', default: '' });
		expect(props.shotType).toEqual({ type: 'string', description: expect.stringMatching(/required with multiShot true, else leave it out$/), default: '' });
		// a list ($fromAI 'json'; n8n's schema gives it no type) can have no such default: [] for none
		expect(props.shots).toEqual({ description: expect.stringMatching(/^Shots: a JSON array of \{prompt, duration\}, 1 to 6 entries; optional, \[\] for none; only used with multiShot true/) });
		expect(schema.required).toEqual(['shots']);

		const getTask = toolDef(first, TOOL.getTask);
		expect(getTask.description).toMatch(/^Gets EvoLink video tasks by ID \(taskId: /);
		expect(getTask.description).toMatch(/status \(pending, processing, completed, failed, cancelled\)/);
		expect(getTask.description).toMatch(/still rendering when Generate Video returned/);
		expect(getTask.parameters).toMatchObject({
			type: 'object',
			properties: { taskId: { type: 'string', description: expect.stringMatching(/EvoLink task ID/) } },
			required: ['taskId'],
		});
		expect(Object.keys((getTask.parameters as { properties: object }).properties)).toEqual(['taskId']);
	});

	test('Wan 2.5 (Make Video): its own fields, allowed values per quality, no default where the docs give none', async () => {
		ai.script([text('SCHEMA-2 ok')]);
		const r = await ask('SCHEMA-2 hi');
		expect(r.json).toEqual({ output: 'SCHEMA-2 ok' });
		const [first] = ai.requestsFor('SCHEMA-2');
		expect(first.stream).toBe(false);
		expect(first.messages[0]).toEqual({ role: 'system', content: SYSTEM_MESSAGE });
		expect(first.tools.map((t) => t.name).sort()).toEqual([TOOL.check, TOOL.make]);
		const make = toolDef(first, TOOL.make);
		expect(make.description).toMatch(/\(wan2\.5-text-to-video\)/);
		expect(make.description).toContain(
			'- aspectRatio: Aspect Ratio: one of "16:9", "9:16", "1:1", "4:3" or "3:4" (at 480p: 16:9, 9:16 or 1:1; at 720p or 1080p: 16:9, 9:16, 1:1, 4:3 or 3:4); default "16:9"',
		);
		expect(make.description).toContain('- duration: Duration in seconds: one of 5 or 10; leave it out for the model default');
		expect(make.description).toMatch(/Renders take about 2 min\. The tool waits up to 4 min/); // the default tool wait, whatever the node's own Timeout
		expect(make.parameters).toEqual({
			type: 'object',
			properties: {
				prompt: { type: 'string', description: 'Prompt: What the video should show. At most 2000 characters. Required.' },
				quality: { type: 'string', description: 'Quality: one of "480p", "720p" or "1080p"; default "720p"', default: '720p' },
				aspectRatio: { type: 'string', description: expect.stringMatching(/^Aspect Ratio: one of/), default: '16:9' },
				duration: { type: 'number', description: 'Duration in seconds: one of 5 or 10; leave it out for the model default' },
			},
			required: ['prompt', 'duration'],
			additionalProperties: false,
			$schema: 'http://json-schema.org/draft-07/schema#',
		});
	});
});

describe('calls (Webhook, not streaming: Wan 2.5 Make Video, Timeout 0.1 min)', () => {
	test('a valid call: one create with exactly the agent’s values, the finished task back to the model', async () => {
		const prompt = 'VALID-1 a red fox trotting through fresh snow at dawn';
		ai.script([
			toolCall(TOOL.make, { prompt, quality: '480p', aspectRatio: '9:16', duration: 10 }),
			(req) => text(`VALID-1 done: ${String(result(req)[0].videoUrl)}`),
		]);
		const t0 = Date.now();
		const r = await ask('VALID-1 make a fox video, portrait, 10 s, cheap');
		timings.validCall = Date.now() - t0;
		expect(r.status).toBe(200);

		const sent = creates('VALID-1');
		expect(sent).toHaveLength(1);
		expect(sent[0].body).toEqual({ model: 'wan2.5-text-to-video', prompt, quality: '480p', aspect_ratio: '9:16', duration: 10 });
		expect(sent[0].auth).toMatchObject({ present: true, bearer: true, valid: true });

		const [, second, ...more] = ai.requestsFor('VALID-1');
		expect(more).toEqual([]);
		const items = result(second);
		expect(items).toHaveLength(1);
		const [task] = items;
		const simTask = sim.tasks().find((t) => t.internal.request.prompt === prompt)!;
		expect(task).toMatchObject({ id: simTask.id, status: 'completed', progress: 100, model: 'wan2.5-text-to-video', videoUrl: expect.stringMatching(/^http/) });
		expect(task.id).toMatch(TASK_ID);
		expect(task.timedOut).toBeUndefined();
		expect(task.error).toBeUndefined();
		expect(r.json).toEqual({ output: `VALID-1 done: ${String(task.videoUrl)}` });
		expect(latestExecution(TOOLS_ID).status).toBe('success');
	});

	test('invalid calls: nothing is paid for; the model gets a message naming the field and what is allowed', async () => {
		ai.script([
			toolCall(TOOL.make, { prompt: 'INVALID-1 a lighthouse in a storm', quality: '480p', aspectRatio: '4:3', duration: 5 }),
			toolCall(TOOL.make, { prompt: 'INVALID-2 a lighthouse in a storm', quality: '480p', aspectRatio: '16:9', duration: 7 }),
			(req) => text(`INVALID tool said: ${req.toolResults.map((t) => t.content).join(' | ')}`),
		]);
		const r = await ask('INVALID try 4:3 at 480p, then 7 seconds');
		expect(r.status).toBe(200);
		expect(creates('INVALID-')).toEqual([]);

		const [, second, third] = ai.requestsFor('INVALID try');
		// n8n hands the model only the error's message ([{"error": message}]): the advice is in it
		expect(result(second)).toEqual([{ error: 'Wan 2.5 Text to Video: Aspect Ratio "4:3" is not available at 480p; use 16:9, 9:16 or 1:1. Nothing was sent to EvoLink.' }]);
		expect(result(third, 1)).toEqual([{ error: 'Wan 2.5 Text to Video: Duration (Seconds) 7 is not allowed; use 5 or 10. Nothing was sent to EvoLink.' }]);
		// a tool's error does not fail the execution (the engine continues with the error as the tool's output)
		const exe = latestExecution(TOOLS_ID);
		expect(exe.status).toBe('success');
		expect(exe.runData['Make Video'].map((run) => run.error?.message)).toEqual([result(third, 0)[0].error, result(third, 1)[0].error]);
	});

	test('Get Task with a wrong or unknown id: the message says what an id looks like / that EvoLink does not know it', async () => {
		const unknown = 'task-unified-1700000000-nosuchid';
		ai.script([toolCall(TOOL.check, { taskId: 'my-fox-video' }), toolCall(TOOL.check, { taskId: unknown }), text('BADID checked')]);
		const r = await ask('BADID check my video');
		expect(r.status).toBe(200);
		const [, , third] = ai.requestsFor('BADID');
		expect(result(third, 0)).toEqual([
			{ error: 'Task ID "my-fox-video" is not an EvoLink task ID. EvoLink task IDs look like task-unified-1757169743-7cvnl5zw (the "id" of Generate Video).' },
		]);
		expect(result(third, 1)).toEqual([
			{
				error: `EvoLink task ${unknown}: Task not found (HTTP 404). EvoLink does not know this task or model. Task IDs look like task-unified-… and results expire after 24 hours.`,
			},
		]);
	});

	test('a render longer than the tool waits: the task comes back unfinished with what to do, then Get Task answers', async () => {
		sim.nextTasks([{ never: true }]); // the next create stays "processing" until completeTask()
		const prompt = 'LONG-1 a time-lapse of a city from dusk to night';
		let taskId = '';
		ai.script([
			toolCall(TOOL.make, { prompt, quality: '480p', duration: 5 }),
			(req) => {
				taskId = String(result(req)[0].id);
				sim.completeTask(taskId); // it has finished by the time the model checks
				return toolCall(TOOL.check, { taskId });
			},
			(req) => text(`LONG-1 ready: ${String(result(req, 1)[0].videoUrl)}`),
		]);
		const t0 = Date.now();
		const r = await ask('LONG-1 make a long one');
		timings.longRender = Date.now() - t0;
		expect(r.status).toBe(200);
		expect(creates('LONG-1')).toHaveLength(1);

		const [, second, third] = ai.requestsFor('LONG-1');
		const [unfinished, ...rest] = result(second);
		expect(rest).toEqual([]);
		expect(unfinished).toMatchObject({
			id: taskId,
			status: 'processing',
			model: 'wan2.5-text-to-video',
			timedOut: true,
			next: `The video is still rendering at EvoLink. Check it later with Get Task and task ID ${taskId}.`,
		});
		expect(taskId).toMatch(TASK_ID);
		expect(unfinished.error).toBeUndefined();
		expect(Number(unfinished.waitedSeconds)).toBeGreaterThanOrEqual(SHORT_TIMEOUT_MINUTES * 60 - 1);
		expect(Number(unfinished.waitedSeconds)).toBeLessThan(SHORT_TIMEOUT_MINUTES * 60 + 10);

		// the model called Get Task with that id (n8n replays the call's arguments with its id)
		const call = third.messages.filter((m) => m.role === 'assistant').pop()?.tool_calls?.[0];
		expect(call?.function.name).toBe(TOOL.check);
		expect(JSON.parse(call!.function.arguments)).toMatchObject({ taskId });
		expect(result(third, 1)).toEqual([expect.objectContaining({ id: taskId, status: 'completed', progress: 100, videoUrl: expect.stringMatching(/^http/) })]);
		expect(r.json).toEqual({ output: `LONG-1 ready: ${String(result(third, 1)[0].videoUrl)}` });

		const exe = latestExecution(TOOLS_ID);
		expect(exe.status).toBe('success');
		expect(exe.runData['Make Video'][0].error).toBeUndefined(); // a result, not an error
		expect(exe.runData['Check Video']).toHaveLength(1);
	});
});

describe('the example in a streaming chat (examples/ai-agent-video.json, Kling v3)', () => {
	const seq = (chunks: StreamChunk[]) => chunks.map((c) => `${c.metadata?.nodeName}:${c.type}`);

	test('the video is made; the chat gets the tool’s progress while it waits, then the answer as it streams', async () => {
		const prompt = 'STREAM-1 a paper boat on a rainy street, neon reflections';
		const args = { prompt, duration: 8, aspectRatio: '9:16', quality: '1080p', sound: true };
		let answer = '';
		ai.script([
			toolCall(TOOL.generate, args, { chunkDelayMs: 10 }),
			(req) => {
				answer = `STREAM-1 Here is your video: ${String(result(req)[0].videoUrl)}`;
				return text(answer, { chunkDelayMs: 30, chunkSize: 12 });
			},
		]);
		const t0 = Date.now();
		const r = await chat('stream-1', 'STREAM-1 make me a boat video, 8 s, portrait, 1080p, with sound');
		timings.streamingRun = Date.now() - t0;
		expect(r.status).toBe(200);
		expect(r.headers['content-type']).toMatch(/application\/json/);

		const sent = creates('STREAM-1');
		expect(sent).toHaveLength(1);
		expect(sent[0].body).toEqual({
			model: 'kling-v3-text-to-video',
			prompt,
			duration: 8,
			aspect_ratio: '9:16',
			quality: '1080p',
			sound: 'on',
		});

		const [first, second] = ai.requestsFor('STREAM-1');
		for (const req of [first, second]) expect(req.stream).toBe(true);
		const [task] = result(second);
		expect(task).toMatchObject({ status: 'completed', model: 'kling-v3-text-to-video', videoUrl: expect.stringMatching(/^http/) });
		expect(task.id).toMatch(TASK_ID);

		const chunks = r.lines.map((l) => l.chunk);
		expect(chunks.filter((c) => c.type === 'error')).toEqual([]);
		const tool = chunks.filter((c) => c.metadata?.nodeName === 'Generate Video');
		// the agent's run that calls the tool, the tool's own message, the agent's answer
		expect(seq(chunks.filter((c) => c.type !== 'item'))).toEqual([
			'AI Agent:begin',
			'AI Agent:end',
			'Generate Video:begin',
			'Generate Video:end',
			'AI Agent:begin',
			'AI Agent:end',
		]);
		const progress = tool.filter((c) => c.type === 'item').map((c) => c.content);
		expect(progress.length).toBeGreaterThanOrEqual(1);
		for (const line of progress) expect(line).toMatch(new RegExp(`^EvoLink task ${String(task.id)}: (pending|processing|completed) \\d+%\\n$`));
		expect(progress[progress.length - 1]).toMatch(/completed 100%/);
		// the progress arrived while the tool waited, before the answer
		const toolEnd = r.lines.find((l) => l.chunk.metadata?.nodeName === 'Generate Video' && l.chunk.type === 'end')!;
		const answerItems = r.lines.filter((l) => l.chunk.metadata?.nodeName === 'AI Agent' && l.chunk.type === 'item');
		expect(answerItems.map((l) => l.chunk.content).join('')).toBe(answer);
		expect(answerItems[0].t).toBeGreaterThan(toolEnd.t);
		const toolBegin = r.lines.find((l) => l.chunk.metadata?.nodeName === 'Generate Video' && l.chunk.type === 'begin')!;
		expect(toolEnd.t - toolBegin.t).toBeGreaterThan(1000); // it streamed while rendering (a 3 s task), not at the end
		expect(latestExecution(EXAMPLE_ID).status).toBe('success');
	});

	test('Simple Memory keeps the conversation; a call with only a prompt sends the documented defaults, nothing made up', async () => {
		const prompt = 'STREAM-2 the same boat, in daylight';
		ai.script([toolCall(TOOL.generate, { prompt, shots: [] }), text('STREAM-2 Done.')]);
		const r = await chat('stream-1', 'STREAM-2 another one in daylight');
		expect(r.status).toBe(200);
		const [first] = ai.requestsFor('STREAM-2');
		const history = JSON.stringify(first.messages);
		expect(history).toContain('STREAM-1 make me a boat video');
		expect(history).toMatch(/STREAM-1 Here is your video: http/);
		const sent = creates('STREAM-2');
		expect(sent).toHaveLength(1);
		// duration and quality: their documented defaults; aspect ratio not sent (no documented default);
		// sound and multi-shot at their documented default (false) and the unused shots: not sent
		expect(sent[0].body).toEqual({ model: 'kling-v3-text-to-video', prompt, duration: 5, quality: '720p' });
	});

	test('an invalid value while streaming: an error chunk to the chat, the message with the allowed range to the model', async () => {
		ai.script([toolCall(TOOL.generate, { prompt: 'STREAM-3 a very long video', duration: 20 }), text('STREAM-3 At most 15 seconds, sorry.')]);
		const r = await chat('stream-3', 'STREAM-3 a 20 s video');
		expect(r.status).toBe(200);
		expect(creates('STREAM-3')).toEqual([]);
		const [, second] = ai.requestsFor('STREAM-3');
		expect(result(second)).toEqual([{ error: 'Kling v3 Text to Video: Duration (Seconds) is 20; it must be a whole number from 3 to 15. Nothing was sent to EvoLink.' }]);
		const errors = r.lines.map((l) => l.chunk).filter((c) => c.type === 'error');
		expect(errors).toEqual([{ type: 'error', content: expect.stringMatching(/Nothing was sent to EvoLink/), metadata: expect.objectContaining({ nodeName: 'Generate Video' }) }]);
	});
});
