// @ts-check
// A scripted stand-in for OpenAI's Chat Completions API, for driving n8n's "OpenAI Chat
// Model" node (credential openAiApi with Base URL http://127.0.0.1:<port>/v1, node option
// "Use Responses API" off) from an AI Agent in tests. Node builtins only, loopback only.
//
//   const { startFakeOpenAI, toolCall, text } = require('../support/fake-openai');
//   const ai = await startFakeOpenAI();
//   ai.script([
//     toolCall('Calculator', { input: '6*7' }),                  // 1st request: call a tool
//     (req) => text(`It is ${req.toolResults[0].content}`),      // 2nd: answer with its result
//   ]);
//   ... ai.requests[0].tools -> [{ name, description, parameters }] ...
//
// Every POST /v1/chat/completions takes the next scripted step (a reply, or a function of
// the recorded request returning one); with none left, `handler` (if set) answers, else a
// text reply saying so (recorded as `unscripted`). Streaming (`stream: true`) answers with
// SSE chunks shaped like OpenAI's: role chunk, content / tool-call deltas, a finish chunk,
// the usage chunk when stream_options.include_usage, then `data: [DONE]`.
'use strict';

const http = require('node:http');

/**
 * @typedef {{ id?: string, name: string, arguments: unknown }} ScriptedToolCall
 *   arguments: an object (JSON-encoded for the wire) or an already encoded string
 * @typedef {object} Reply
 * @property {string} [content]            assistant text
 * @property {ScriptedToolCall[]} [toolCalls]
 * @property {string} [finishReason]       default: 'tool_calls' with tool calls, else 'stop'
 * @property {{prompt_tokens: number, completion_tokens: number, total_tokens: number}} [usage]
 * @property {number} [status]             answer with this HTTP error status instead
 * @property {unknown} [error]             error body for `status` (default OpenAI's shape)
 * @property {number} [chunkDelayMs]       streaming: pause between SSE chunks (default 20)
 * @property {number} [chunkSize]          streaming: characters per content/arguments delta (default 8)
 * @typedef {Reply | ((req: RecordedRequest) => Reply | Promise<Reply>)} Step
 * @typedef {object} RecordedRequest
 * @property {number} seq
 * @property {number} at                   ms epoch
 * @property {string} method
 * @property {string} path
 * @property {string | undefined} authorization
 * @property {any} body                    the parsed JSON body
 * @property {boolean} stream
 * @property {string | undefined} model
 * @property {any[]} messages
 * @property {{name: string, description: string, parameters: any}[]} tools
 * @property {{tool_call_id: string, content: string}[]} toolResults  role "tool" messages
 * @property {string} lastUserText         content of the last role "user" message
 * @property {Reply} [reply]               what was answered
 * @property {boolean} [unscripted]        no step was left and no handler was set
 */

/**
 * A reply calling one tool: toolCall('Calculator', { input: '1+1' }).
 * @param {string} name @param {unknown} args @param {Partial<Reply>} [extra] @returns {Reply}
 */
function toolCall(name, args, extra = {}) {
	return { toolCalls: [{ name, arguments: args }], ...extra };
}

/** A text reply. @param {string} content @param {Partial<Reply>} [extra] @returns {Reply} */
function text(content, extra = {}) {
	return { content, ...extra };
}

/** Text of a message's content (a string, or OpenAI's array of parts). @param {unknown} content @returns {string} */
function contentText(content) {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) return content.map((p) => (typeof p === 'string' ? p : (p?.text ?? ''))).join('');
	return '';
}

/**
 * @param {{ port?: number, model?: string, handler?: (req: RecordedRequest) => Reply | Promise<Reply>, log?: (line: string) => void }} [options]
 */
async function startFakeOpenAI(options = {}) {
	/** @type {RecordedRequest[]} */
	const requests = [];
	/** @type {Step[]} */
	let steps = [];
	let handler = options.handler;
	let seq = 0;
	let callSeq = 0;
	const log = options.log ?? (() => {});
	const models = [options.model ?? 'fake-gpt'];
	/** @type {Set<import('node:net').Socket>} */
	const sockets = new Set();

	const server = http.createServer((req, res) => {
		/** @type {Buffer[]} */
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((e) => {
				log(`fake-openai: ${e.stack ?? e}`);
				if (!res.headersSent) sendJson(res, 500, { error: { message: String(e.message ?? e), type: 'server_error' } });
				else res.end();
			});
		});
	});
	server.on('connection', (s) => (sockets.add(s), s.on('close', () => sockets.delete(s))));

	/** @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {string} raw */
	async function handle(req, res, raw) {
		const path = (req.url ?? '/').split('?')[0].replace(/\/+$/, '');
		if (req.method === 'GET' && path === '/v1/models') {
			return sendJson(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 1700000000, owned_by: 'fake-openai' })) });
		}
		if (req.method !== 'POST' || path !== '/v1/chat/completions') {
			return sendJson(res, 404, { error: { message: `fake-openai: no route ${req.method} ${path} (only /v1/chat/completions, /v1/models; turn "Use Responses API" off)`, type: 'invalid_request_error' } });
		}
		let body;
		try {
			body = JSON.parse(raw || '{}');
		} catch {
			return sendJson(res, 400, { error: { message: 'invalid JSON body', type: 'invalid_request_error' } });
		}
		/** @type {any[]} */
		const messages = Array.isArray(body.messages) ? body.messages : [];
		const users = messages.filter((m) => m.role === 'user');
		/** @type {RecordedRequest} */
		const rec = {
			seq: ++seq,
			at: Date.now(),
			method: req.method,
			path,
			authorization: req.headers.authorization,
			body,
			stream: body.stream === true,
			model: body.model,
			messages,
			tools: (body.tools ?? []).map((/** @type {any} */ t) => ({ name: t.function?.name, description: t.function?.description, parameters: t.function?.parameters })),
			toolResults: messages.filter((m) => m.role === 'tool').map((m) => ({ tool_call_id: m.tool_call_id, content: contentText(m.content) })),
			lastUserText: contentText(users[users.length - 1]?.content),
		};
		requests.push(rec);
		const step = steps.shift();
		/** @type {Reply} */
		let reply;
		if (step !== undefined) reply = typeof step === 'function' ? await step(rec) : step;
		else if (handler) reply = await handler(rec);
		else {
			rec.unscripted = true;
			reply = text('fake-openai: no scripted reply left');
		}
		rec.reply = reply;
		log(`fake-openai #${rec.seq} ${rec.stream ? 'stream' : 'json'} tools=${rec.tools.length} -> ${reply.toolCalls ? `call ${reply.toolCalls.map((c) => c.name)}` : `text ${JSON.stringify(reply.content ?? '').slice(0, 60)}`}`);
		if (reply.status) return sendJson(res, reply.status, reply.error ?? { error: { message: `fake-openai error ${reply.status}`, type: 'server_error' } });
		const calls = (reply.toolCalls ?? []).map((/** @type {ScriptedToolCall} */ c) => ({
			id: c.id ?? `call_fake_${++callSeq}`,
			type: 'function',
			function: { name: c.name, arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments ?? {}) },
		}));
		const finish = reply.finishReason ?? (calls.length ? 'tool_calls' : 'stop');
		const content = reply.content ?? (calls.length ? null : '');
		const usage = reply.usage ?? { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 };
		const id = `chatcmpl-fake-${rec.seq}`;
		const created = Math.floor(Date.now() / 1000);
		const model = body.model ?? models[0];
		if (!rec.stream) {
			const message = { role: 'assistant', content, refusal: null, ...(calls.length ? { tool_calls: calls } : {}) };
			return sendJson(res, 200, { id, object: 'chat.completion', created, model, choices: [{ index: 0, message, logprobs: null, finish_reason: finish }], usage, system_fingerprint: 'fp_fake' });
		}
		await streamReply(res, { id, created, model, content, calls, finish, usage: body.stream_options?.include_usage ? usage : undefined, reply });
	}

	/**
	 * SSE the way OpenAI streams a chat completion.
	 * @param {http.ServerResponse} res
	 * @param {{id: string, created: number, model: string, content: string | null, calls: {id: string, function: {name: string, arguments: string}}[], finish: string, usage: unknown, reply: Reply}} r
	 */
	async function streamReply(res, { id, created, model, content, calls, finish, usage, reply }) {
		const delay = reply.chunkDelayMs ?? 20;
		const size = Math.max(1, reply.chunkSize ?? 8);
		res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
		const base = { id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_fake' };
		const send = async (/** @type {unknown[]} */ choices, extra = {}) => {
			res.write(`data: ${JSON.stringify({ ...base, choices, ...extra })}\n\n`);
			if (delay > 0) await new Promise((r) => setTimeout(r, delay));
		};
		const piece = (/** @type {string} */ s) => (s.length ? s.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g')) ?? [] : []);
		await send([{ index: 0, delta: { role: 'assistant', content: calls.length ? null : '', refusal: null }, logprobs: null, finish_reason: null }]);
		for (const part of piece(content ?? '')) await send([{ index: 0, delta: { content: part }, logprobs: null, finish_reason: null }]);
		for (const [index, c] of calls.entries()) {
			await send([{ index: 0, delta: { tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.function.name, arguments: '' } }] }, logprobs: null, finish_reason: null }]);
			for (const part of piece(c.function.arguments)) await send([{ index: 0, delta: { tool_calls: [{ index, function: { arguments: part } }] }, logprobs: null, finish_reason: null }]);
		}
		await send([{ index: 0, delta: {}, logprobs: null, finish_reason: finish }]);
		if (usage) await send([], { usage });
		res.end('data: [DONE]\n\n');
	}

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve(undefined));
	});
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	const origin = `http://127.0.0.1:${address.port}`;

	return {
		/** Base URL for the openAiApi credential ("Base URL"): http://127.0.0.1:<port>/v1 */
		url: `${origin}/v1`,
		origin,
		port: address.port,
		/** live array of recorded chat-completion requests, oldest first */
		requests,
		/** Replaces the queue of scripted steps (one per request, in order). */
		script(/** @type {Step[]} */ next) {
			steps = [...next];
		},
		/** Adds steps to the queue. */
		push(/** @type {Step[]} */ ...more) {
			steps.push(...more);
		},
		/** Steps not consumed yet. */
		pending() {
			return steps.length;
		},
		/** Answers requests once no step is left (null: the "no scripted reply" text). */
		setHandler(/** @type {((req: RecordedRequest) => Reply | Promise<Reply>) | undefined} */ fn) {
			handler = fn;
		},
		/** Forgets recorded requests and queued steps. */
		reset() {
			requests.length = 0;
			steps = [];
		},
		/** Requests whose last user message contains `marker`. */
		requestsFor(/** @type {string} */ marker) {
			return requests.filter((r) => r.lastUserText.includes(marker));
		},
		async close() {
			for (const s of sockets) s.destroy();
			await new Promise((r) => server.close(() => r(undefined)));
		},
	};
}

/** @param {http.ServerResponse} res @param {number} status @param {unknown} body */
function sendJson(res, status, body) {
	const data = JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) });
	res.end(data);
}

module.exports = { startFakeOpenAI, toolCall, text };
