// @ts-check
'use strict';

const http = require('http');
const { errorBody } = require('./errors');
const { validateCreate, MODELS, SimError } = require('./models');
const { TaskStore, taskView, stateAt, outcomeFromMarkers, checkOutcome } = require('./tasks');
const { CallbackSender } = require('./callbacks');
const { Faults } = require('./faults');
const { createResultStream, checkResultSize, SAMPLE } = require('./mp4');
const { scrub, scrubValue, usableSecrets } = require('./request-log');
const { adminRoutes } = require('./admin');
// Platform layer (evolink-platform.md): ledger, batch/list reads, costs, Files API.
const { IdempotencyLedger } = require('./ledger');
const { platformRoutes, newCounters } = require('./platform');
const { creditsBody, creditsUsed } = require('./billing');
const { filesApi, newFileCounters } = require('./files');
const { UploadStore } = require('./file-store');

/**
 * Local stand-in for the EvoLink video API (see README.md next to this file).
 * Faithful to /work/shared/evolink-api.md; strict where the docs are firm.
 */

const DEFAULT_API_KEY = 'sk-evo-sim-0000000000000000';

/** @typedef {number | {default?: number, perModel?: Record<string, number>}} PerModelSeconds */

/**
 * @typedef {object} SimulatorOptions
 * @property {number} [port]                 0 = any free port
 * @property {string} [host]                 default 127.0.0.1 (loopback only)
 * @property {string[]} [apiKeys]            accepted Bearer keys (default [DEFAULT_API_KEY])
 * @property {PerModelSeconds} [taskSeconds] real time a task takes (default 2)
 * @property {PerModelSeconds} [estimatedSeconds]  task_info.estimated_time (default docs: wan 120, kling 300)
 * @property {boolean} [allowInsecureCallbacks]    accept http:// and internal callback hosts (tests)
 * @property {number[]} [callbackRetryDelaysMs]    default [1000, 2000, 4000] x timeScale
 * @property {number} [callbackTimeoutMs]          default 10000 x timeScale
 * @property {number} [timeScale]            scales the documented callback delays/timeout (default 1)
 * @property {number} [resultBytes]          default size of every result MP4 (default: the sample)
 * @property {'string' | 'number'} [errorCodeStyle]  error.code as "invalid_request" or 400
 * @property {unknown} [credits]             body of GET /v1/credits
 * @property {number} [maxBodyBytes]         default 1 MiB
 * @property {boolean | ((line: string) => void)} [log]  one line per request (never the key)
 * @property {boolean} [idempotency]         Idempotency-Key ledger on creates (default true; false: the header is ignored)
 * @property {boolean | 404 | 405} [batch]   POST /v1/tasks/batch (default true; false or 404: answers 404; 405: answers 405)
 * @property {boolean} [taskList]            GET /v1/tasks (default true; false: 404)
 * @property {number | null} [filesPort]     also serve the Files API on this port (0 = any free port; default: none)
 * @property {number} [maxUploadBytes]       Files API size limit (default 100 MiB)
 * @property {number} [fileTtlSeconds]       uploaded files expire after this (default 72 h)
 */

const DEFAULT_CREDITS = {
	success: true,
	message: '',
	data: {
		token: { remaining_credits: 99416.44, unlimited_credits: false, used_credits: 583.56 },
		user: { remaining_credits: 1095.4, used_credits: 135.9 },
	},
};

/**
 * @param {PerModelSeconds | undefined} v @param {string} model @param {number} fallback
 */
function perModel(v, model, fallback) {
	if (typeof v === 'number') return v;
	if (v && typeof v === 'object') return v.perModel?.[model] ?? v.default ?? fallback;
	return fallback;
}

/** @param {SimulatorOptions} o */
function checkOptions(o) {
	if (o.apiKeys !== undefined && (!Array.isArray(o.apiKeys) || o.apiKeys.some((k) => typeof k !== 'string' || !k))) {
		throw new TypeError('apiKeys must be an array of non-empty strings');
	}
	if (o.resultBytes !== undefined) checkResultSize(o.resultBytes);
	if (o.errorCodeStyle !== undefined && !['string', 'number'].includes(o.errorCodeStyle)) {
		throw new TypeError("errorCodeStyle must be 'string' or 'number'");
	}
	for (const k of /** @type {const} */ (['idempotency', 'taskList'])) {
		if (o[k] !== undefined && typeof o[k] !== 'boolean') throw new TypeError(`${k} must be a boolean`);
	}
	if (o.batch !== undefined && ![true, false, 404, 405].includes(o.batch)) throw new TypeError('batch must be true, false, 404 or 405');
	if (o.filesPort !== undefined && o.filesPort !== null && !(Number.isInteger(o.filesPort) && o.filesPort >= 0 && o.filesPort <= 65535)) {
		throw new TypeError('filesPort must be a port number (0 = any)');
	}
	if (o.maxUploadBytes !== undefined && !(Number.isSafeInteger(o.maxUploadBytes) && o.maxUploadBytes >= 1)) {
		throw new TypeError('maxUploadBytes must be an integer >= 1');
	}
	if (o.fileTtlSeconds !== undefined && !(typeof o.fileTtlSeconds === 'number' && o.fileTtlSeconds > 0)) {
		throw new TypeError('fileTtlSeconds must be a number > 0');
	}
}

/** @param {http.Server} server @param {number} port @param {string} host */
function listen(server, port, host) {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve(/** @type {import('net').AddressInfo} */ (server.address()).port);
		});
	});
}

/**
 * Reads a request body up to `limit` bytes (the rest is drained, not kept).
 * @param {http.IncomingMessage} req @param {number} limit
 * @returns {Promise<{text: string, tooLarge: boolean}>}
 */
function readBody(req, limit) {
	return new Promise((resolve, reject) => {
		/** @type {Buffer[]} */
		const parts = [];
		let size = 0;
		req.on('data', (/** @type {Buffer} */ c) => {
			size += c.length;
			if (size <= limit) parts.push(c);
		});
		req.on('end', () => resolve({ text: Buffer.concat(parts).toString('utf8'), tooLarge: size > limit }));
		req.on('error', reject);
	});
}

/**
 * Parses a single "bytes=a-b" range; null = send everything; 'bad' = 416.
 * @param {string | undefined} h @param {number} total
 * @returns {{start: number, end: number} | null | 'bad'}
 */
function parseRange(h, total) {
	if (!h) return null;
	const m = /^bytes=(\d*)-(\d*)$/.exec(h.trim());
	if (!m) return null; // multiple or odd ranges: RFC 9110 allows ignoring them
	const [, a, b] = m;
	if (a === '' && b === '') return 'bad';
	if (a === '') {
		const n = Number(b);
		if (n === 0) return 'bad';
		return { start: Math.max(0, total - n), end: total - 1 };
	}
	const start = Number(a);
	const end = b === '' ? total - 1 : Math.min(Number(b), total - 1);
	if (start >= total || end < start) return 'bad';
	return { start, end };
}

/**
 * Starts the simulator.
 * @param {SimulatorOptions} [options]
 */
async function startSimulator(options = {}) {
	checkOptions(options);
	const cfg = {
		host: options.host ?? '127.0.0.1',
		apiKeys: options.apiKeys ?? [DEFAULT_API_KEY],
		taskSeconds: options.taskSeconds ?? 2,
		estimatedSeconds: options.estimatedSeconds,
		allowInsecureCallbacks: options.allowInsecureCallbacks ?? false,
		timeScale: options.timeScale ?? 1,
		callbackRetryDelaysMs: options.callbackRetryDelaysMs,
		callbackTimeoutMs: options.callbackTimeoutMs,
		resultBytes: options.resultBytes ?? SAMPLE.length,
		errorCodeStyle: options.errorCodeStyle ?? 'string',
		credits: options.credits ?? DEFAULT_CREDITS,
		maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
		idempotency: options.idempotency ?? true,
		batch: options.batch ?? true,
		taskList: options.taskList ?? true,
		maxUploadBytes: options.maxUploadBytes ?? 100 * 1024 * 1024,
		fileTtlSeconds: options.fileTtlSeconds ?? 72 * 3600,
	};
	const logLine =
		typeof options.log === 'function'
			? options.log
			: options.log
				? (/** @type {string} */ l) => console.log(l)
				: () => {};

	/** @type {import('./request-log').LoggedRequest[]} */
	const requests = [];
	/** @type {import('./tasks').Outcome[]} */
	const nextTaskQueue = [];
	const faults = new Faults();
	/** @type {Set<http.ServerResponse>} */
	const hung = new Set();
	/** @type {Map<NodeJS.Timeout, http.ServerResponse>} answers held back by delay-response */
	const held = new Map();
	const dropHeld = () => {
		for (const [timer, r] of held) {
			clearTimeout(timer);
			r.destroy();
		}
		held.clear();
	};
	let seq = 0;
	let baseUrl = '';

	const callbacks = new CallbackSender({
		timeoutMs: () => cfg.callbackTimeoutMs ?? 10000 * cfg.timeScale,
		retryDelaysMs: () => cfg.callbackRetryDelaysMs ?? [1000, 2000, 4000].map((d) => d * cfg.timeScale),
		allowInsecure: () => cfg.allowInsecureCallbacks,
		log: logLine,
	});
	const store = new TaskStore((t) => {
		if (t.accepted.callbackUrl) callbacks.send(t.id, t.accepted.callbackUrl, taskView(t, Date.now(), baseUrl));
	});

	// ---- platform layer (evolink-platform.md §3-5, §9)
	const ledger = new IdempotencyLedger();
	let counters = newCounters();
	let fileCounters = newFileCounters();
	const uploads = new UploadStore();
	let filesBase = '';
	const platform = platformRoutes({ store, cfg, counters: () => counters, baseUrl: () => baseUrl });
	const files = filesApi({ store: uploads, cfg, counters: () => fileCounters, filesUrl: () => filesBase || baseUrl, log: logLine, parseRange });

	/**
	 * @param {http.IncomingMessage} req @param {http.ServerResponse} res
	 * @param {'api' | 'files'} [host]  which listener: the main one, or the Files API's own port
	 */
	async function handleApi(req, res, host = 'api') {
		const arrival = Date.now();
		const url = new URL(req.url || '/', 'http://sim');
		const method = (req.method || 'GET').toUpperCase();

		const rawAuth = req.headers.authorization;
		const bearer = typeof rawAuth === 'string' ? /^Bearer +(\S+) *$/i.exec(rawAuth) : null;
		const token = bearer ? bearer[1] : undefined;
		const keyIndex = token === undefined ? -1 : cfg.apiKeys.indexOf(token);
		// Whatever the client presented may be a real key: never store or echo it.
		const secrets = usableSecrets([
			...cfg.apiKeys,
			token,
			typeof rawAuth === 'string' ? rawAuth.trim() : undefined,
			typeof rawAuth === 'string' ? rawAuth.trim().split(/\s+/).pop() : undefined,
		]);

		// The Files API reads (streams) its own bodies: uploads go up to 100 MB.
		const { text, tooLarge } = files.owns(url.pathname) ? { text: '', tooLarge: false } : await readBody(req, cfg.maxBodyBytes);
		/** @type {string[]} */
		const leaks = [];
		/** @type {Record<string, string | string[]>} */
		const headers = {};
		for (const [k, v] of Object.entries(req.headers)) {
			if (k === 'authorization' || k === 'proxy-authorization' || v === undefined) continue;
			headers[k] = /** @type {string | string[]} */ (scrubValue(v, secrets, `header:${k}`, leaks));
		}
		const [path, pathLeak] = scrub(url.pathname, secrets);
		const query = /** @type {Record<string, string>} */ (scrubValue(Object.fromEntries(url.searchParams), secrets, 'query', leaks));
		if (pathLeak) leaks.push('path');
		/** @type {unknown} */
		let body;
		let bodyIsJson = false;
		let parseFailed = false;
		if (text.length) {
			try {
				body = JSON.parse(text);
				bodyIsJson = true;
			} catch {
				parseFailed = true;
				body = text;
			}
			body = scrubValue(body, secrets, 'body', leaks);
		}
		/** @type {import('./request-log').LoggedRequest} */
		const entry = {
			seq: ++seq,
			time: arrival,
			method,
			path,
			query,
			headers,
			auth: { present: rawAuth !== undefined, bearer: !!bearer, valid: keyIndex >= 0 },
			secretLeaks: leaks,
		};
		if (typeof headers['idempotency-key'] === 'string') entry.idempotencyKey = headers['idempotency-key'];
		if (typeof headers['x-evo-run-id'] === 'string') entry.runId = headers['x-evo-run-id'];
		if (text.length) {
			entry.body = body;
			entry.bodyIsJson = bodyIsJson;
		}
		requests.push(entry);

		let dropResponse = false;
		/** delay-response fault: the answer is held back this long (the request counts as in progress) */
		let holdMs = 0;
		/**
		 * Answers JSON; resolves once the answer went out (at once, or after a held answer).
		 * @param {number} status @param {unknown} obj @param {Record<string, string>} [extra]
		 * @returns {Promise<void> | undefined}
		 */
		const send = (status, obj, extra = {}) => {
			const [json] = scrub(JSON.stringify(obj), secrets);
			const write = () => {
				entry.status = status;
				entry.response = JSON.parse(json);
				logLine(`${method} ${path} -> ${status}`);
				if (dropResponse) {
					entry.status = 'dropped';
					req.socket.destroy();
					return;
				}
				res.writeHead(status, {
					'content-type': 'application/json; charset=utf-8',
					'content-length': String(Buffer.byteLength(json)),
					...extra,
				});
				res.end(json);
			};
			if (!holdMs) return void write();
			return new Promise((resolve) => {
				const timer = setTimeout(() => {
					held.delete(timer);
					resolve(write());
				}, holdMs);
				held.set(timer, res);
			});
		};
		/** @param {number} status @param {Partial<import('./errors').ErrorBody>} [over] @param {Record<string, string>} [extra] */
		const sendError = (status, over, extra) => send(status, errorBody(status, over, cfg.errorCodeStyle), extra);

		// Fault injection comes first: it stands for the network, gateway or server failing.
		const rule = faults.take(method, url.pathname);
		if (rule) {
			entry.injected = rule.id;
			if (rule.action === 'drop' || rule.action === 'reset') {
				entry.status = rule.action === 'drop' ? 'dropped' : 'reset';
				logLine(`${method} ${path} -> ${entry.status} (injected)`);
				if (rule.action === 'reset') req.socket.resetAndDestroy();
				else req.socket.destroy();
				return;
			}
			if (rule.action === 'hang') {
				entry.status = 'hung';
				hung.add(res);
				res.on('close', () => hung.delete(res));
				return;
			}
			if (rule.action === 'delay') await new Promise((r) => setTimeout(r, rule.delayMs ?? 1000));
			if (rule.action === 'drop-response') dropResponse = true;
			if (rule.action === 'delay-response') holdMs = rule.delayMs ?? 1000;
			if (rule.action === 'status') {
				const status = /** @type {number} */ (rule.status);
				/** @type {Record<string, string>} */
				const extra = rule.retryAfter !== undefined && rule.retryAfter !== null ? { 'retry-after': String(rule.retryAfter) } : {};
				if (rule.body !== undefined) return send(status, rule.body, extra);
				const { code, message, type, param, fallback_suggestion } = rule;
				return sendError(status, { code, message, type, param, fallback_suggestion }, extra);
			}
		}

		if (tooLarge) return sendError(413);

		// Files API (files.js), on both hosts; the files host serves nothing else.
		if (files.owns(url.pathname)) {
			if (dropResponse && method !== 'POST') {
				entry.status = 'dropped';
				return req.socket.destroy();
			}
			return files.handle({ req, res, method, pathname: url.pathname, keyIndex, entry, send, secrets });
		}
		if (host === 'files') return send(404, { success: false, code: 404, msg: `Unknown endpoint ${path}` });

		if (url.pathname.startsWith('/files/')) {
			if (dropResponse) {
				entry.status = 'dropped';
				return req.socket.destroy();
			}
			return serveFile(req, res, url.pathname, method, entry);
		}

		if (!url.pathname.startsWith('/v1/')) return sendError(404, { message: `Unknown endpoint ${url.pathname}` });
		if (keyIndex < 0) return sendError(401);

		if (url.pathname === '/v1/videos/generations') {
			if (method !== 'POST') return sendError(405);
			counters.createRequests++;
			const ctype = String(req.headers['content-type'] || '').split(';')[0].trim().toLowerCase();
			if (ctype !== 'application/json') return sendError(400, { message: 'Content-Type must be application/json' });
			if (!text.length) return sendError(400, { message: 'The request body is required' });
			if (parseFailed) return sendError(400, { message: 'The request body is not valid JSON' });
			const parsed = JSON.parse(text);
			// Idempotency-Key ledger (ledger.js): refuse, replay the original task, or reserve the key.
			const gate = cfg.idempotency ? ledger.gate(headers['idempotency-key'], keyIndex, parsed) : { slot: null };
			if ('reject' in gate) {
				const { status, retryAfter, ...over } = gate.reject;
				return sendError(status, over, retryAfter ? { 'retry-after': String(retryAfter) } : {});
			}
			if ('replay' in gate) {
				entry.replayed = true;
				return send(200, gate.replay, { 'idempotency-replayed': 'true' });
			}
			const slot = gate.slot;
			/** @type {import('./models').Accepted} */
			let accepted;
			try {
				accepted = validateCreate(parsed, {
					allowInsecureCallbacks: cfg.allowInsecureCallbacks,
					// seedance-2.5-draft-to-video's source_task_id: one of the caller's own tasks.
					findTask: (id) => {
						const t = store.tasks.get(id);
						if (!t || t.owner !== keyIndex) return undefined;
						const req = /** @type {Record<string, unknown> | undefined} */ (t.request);
						return { model: t.model, status: stateAt(t, Date.now()).status, draft: req?.draft === true };
					},
				});
			} catch (e) {
				if (slot) ledger.release(slot);
				if (!(e instanceof SimError)) throw e;
				const type = e.status === 404 ? 'not_found_error' : 'invalid_request_error';
				return sendError(e.status, { code: e.code, message: e.message, type, param: e.param });
			}
			const outcome = { ...(nextTaskQueue.shift() || {}), ...outcomeFromMarkers(accepted.prompts) };
			const task = store.create(accepted, {
				owner: keyIndex,
				request: /** @type {object} */ (body),
				seconds: perModel(cfg.taskSeconds, accepted.model, 2),
				estimatedTime: perModel(cfg.estimatedSeconds, accepted.model, MODELS[accepted.model].estimatedSeconds),
				resultBytes: cfg.resultBytes,
				outcome,
			});
			counters.creates++;
			const view = taskView(task, arrival, baseUrl, true);
			if (!slot) return send(200, view);
			// In the ledger from now on; a retry replays it once the answer went out (or was dropped).
			ledger.commit(slot, task.id, view);
			try {
				await send(200, view);
			} finally {
				ledger.settle(slot);
			}
			return;
		}

		if (url.pathname === '/v1/credits') {
			if (method !== 'GET') return sendError(405);
			let used = 0;
			for (const t of store.tasks.values()) if (t.owner === keyIndex) used += creditsUsed(t, stateAt(t, arrival).status) ?? 0;
			return send(200, creditsBody(cfg.credits, used));
		}

		if (url.pathname === '/v1/tasks' || url.pathname.startsWith('/v1/tasks/')) {
			// POST /v1/tasks/batch and GET /v1/tasks (platform.js)
			if (platform({ method, url, keyIndex, arrival, text, parseFailed, send, sendError, headers: req.headers })) return;
			if (method !== 'GET') return sendError(405);
			counters.statusRequests.single++;
			const id = decodeURIComponent(url.pathname.slice('/v1/tasks/'.length));
			if (id.includes('/')) return sendError(404, { message: `Unknown endpoint ${path}` });
			if (!id.startsWith('task-unified-')) {
				return sendError(400, { code: 'invalid_task_id', message: 'Invalid task ID format', param: 'task_id' });
			}
			const t = store.tasks.get(id);
			// Tasks belong to the key that created them.
			if (!t || t.owner !== keyIndex) return sendError(404, { code: 'task_not_found', message: 'Task not found' });
			t.queries++;
			t.lastQueryAt = arrival;
			if (stateAt(t, arrival).terminal && t.firstTerminalQueryAt === null) t.firstTerminalQueryAt = arrival;
			return send(200, taskView(t, arrival, baseUrl));
		}

		return sendError(404, { message: `Unknown endpoint ${path}` });
	}

	/**
	 * GET/HEAD /files/<task id>.mp4: public, like the vendor's signed result URLs.
	 * @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {string} pathname
	 * @param {string} method @param {import('./request-log').LoggedRequest} entry
	 */
	function serveFile(req, res, pathname, method, entry) {
		/** @param {number} status @param {string} message @param {Record<string, string>} [extra] */
		const fail = (status, message, extra = {}) => {
			const json = JSON.stringify(errorBody(status, { message }, cfg.errorCodeStyle));
			entry.status = status;
			res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(json)), ...extra });
			res.end(json);
		};
		if (method !== 'GET' && method !== 'HEAD') return fail(405, 'Method not allowed');
		const m = /^\/files\/(task-unified-[a-z0-9-]+)\.mp4$/.exec(pathname);
		const t = m ? store.tasks.get(m[1]) : undefined;
		if (!t || stateAt(t, Date.now()).status !== 'completed') return fail(404, 'File not found');
		const total = t.resultBytes;
		const range = parseRange(/** @type {string | undefined} */ (req.headers.range), total);
		if (range === 'bad') return fail(416, 'Range not satisfiable', { 'content-range': `bytes */${total}` });
		const start = range ? range.start : 0;
		const end = range ? range.end : total - 1;
		/** @type {Record<string, string>} */
		const headers = {
			'content-type': 'video/mp4',
			'content-length': String(end - start + 1),
			'accept-ranges': 'bytes',
			'cache-control': 'private, max-age=86400',
		};
		if (range) headers['content-range'] = `bytes ${start}-${end}/${total}`;
		entry.status = range ? 206 : 200;
		logLine(`${method} ${pathname} -> ${entry.status} (${end - start + 1} bytes)`);
		res.writeHead(entry.status, headers);
		if (method === 'HEAD') return res.end();
		t.downloads++;
		const stream = createResultStream(total, start, end);
		res.on('close', () => stream.destroy());
		stream.pipe(res);
	}

	/** @param {'api' | 'files'} host */
	const listener = (host) => (/** @type {http.IncomingMessage} */ req, /** @type {http.ServerResponse} */ res) => {
		const isAdmin = host === 'api' && (req.url || '').startsWith('/__sim');
		const p = isAdmin ? admin(req, res) : handleApi(req, res, host);
		p.catch((e) => {
			logLine(`simulator error: ${e && e.message}`);
			if (!res.headersSent) {
				res.writeHead(500, { 'content-type': 'application/json' });
				res.end(JSON.stringify(errorBody(500, {}, cfg.errorCodeStyle)));
			} else res.destroy();
		});
	};
	const server = http.createServer(listener('api'));
	server.keepAliveTimeout = 5000;
	/** @type {Set<import('net').Socket>} */
	const sockets = new Set();
	server.on('connection', (s) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, cfg.host, () => {
			server.off('error', reject);
			resolve(undefined);
		});
	});
	const port = /** @type {import('net').AddressInfo} */ (server.address()).port;
	baseUrl = `http://${cfg.host.includes(':') ? `[${cfg.host}]` : cfg.host}:${port}`;
	// The Files API's own host (files-api.evolink.ai), when asked for: a second port.
	/** @type {http.Server | null} */
	let filesServer = null;
	let filesPort = port;
	if (options.filesPort !== undefined && options.filesPort !== null) {
		filesServer = http.createServer(listener('files'));
		filesServer.keepAliveTimeout = 5000;
		try {
			filesPort = /** @type {number} */ (await listen(filesServer, options.filesPort, cfg.host));
		} catch (e) {
			server.close();
			throw e;
		}
		filesBase = `http://${cfg.host.includes(':') ? `[${cfg.host}]` : cfg.host}:${filesPort}`;
	}
	let closed = false;
	/** @type {NodeJS.Timeout | undefined} */
	let relistenTimer;
	/** @type {Promise<void> | null} a listen() in progress (after a refusal) */
	let relistening = null;
	const relisten = () => {
		clearTimeout(relistenTimer);
		if (closed || server.listening || relistening) return;
		relistening = new Promise((resolve) => {
			const done = () => {
				server.off('error', done);
				server.off('listening', done);
				relistening = null;
				resolve();
			};
			server.once('error', done);
			server.once('listening', done);
			server.listen(port, cfg.host);
		});
	};

	const sim = {
		url: baseUrl,
		port,
		/** Base URL of the Files API: the second port when `filesPort` was given, else `url`. */
		filesUrl: filesBase || baseUrl,
		filesPort,
		/** The private temp directory holding uploaded files (made on first use, removed by close()). */
		get filesDir() {
			return uploads.dir;
		},
		defaultApiKey: DEFAULT_API_KEY,
		/** Every API/file request so far (live array; admin calls are not logged). */
		get requests() {
			return requests;
		},
		/** Callback delivery attempts (live array). */
		get callbacks() {
			return callbacks.attempts;
		},
		/** Forgets requests, tasks, faults, queued outcomes and callbacks (config stays). */
		reset() {
			requests.length = 0;
			nextTaskQueue.length = 0;
			faults.clear();
			store.clear();
			callbacks.reset();
			for (const r of hung) r.destroy();
			dropHeld();
			ledger.clear();
			counters = newCounters();
			fileCounters = newFileCounters();
			uploads.clear();
			// A refusal in progress ends too, so one test cannot leak it into the next.
			relisten();
		},
		/** @param {import('./faults').FaultRule} rule */
		inject(rule) {
			return faults.add(rule);
		},
		faults: () => faults.list(),
		clearFaults: () => faults.clear(),
		/**
		 * Outcomes for the next created tasks, in order (prompt markers win over them).
		 * @param {import('./tasks').Outcome[]} list
		 */
		nextTasks(list) {
			list.forEach(checkOutcome);
			nextTaskQueue.push(...list);
		},
		/** @param {string} id */
		task(id) {
			const t = store.tasks.get(id);
			return t ? { ...taskView(t, Date.now(), baseUrl), internal: internalView(t) } : undefined;
		},
		tasks: () => [...store.tasks.values()].map((t) => ({ ...taskView(t, Date.now(), baseUrl), internal: internalView(t) })),
		/** @param {string} id @param {import('./tasks').Outcome & {now?: boolean}} outcome */
		updateTask: (id, outcome) => void store.update(id, outcome),
		/** @param {string} id */
		completeTask: (id) => void store.update(id, { never: false, now: true }),
		/** @param {string} id @param {string} code @param {string} [message] */
		failTask: (id, code, message) => void store.update(id, { fail: code, failMessage: message, now: true }),
		/** Ends a running task `cancelled` now (error request_cancelled; the callback fires). @param {string} id */
		cancelTask: (id) => void store.update(id, { cancel: true, now: true }),
		/** Idempotency-Key ledger entries {key, owner, state, taskId, createdAt, settledAt}. */
		ledger: () => ledger.list(),
		/** Uploaded files (metadata, owner, sha256, downloads, file_url). */
		files: () => uploads.list().map((r) => ({ ...r, ...files.view(/** @type {any} */ (r)) })),
		stats,
		/** Resolves when no callback delivery (or retry) is in progress. */
		settleCallbacks: () => callbacks.settle(),
		/**
		 * Stops listening for `ms` so new connections get ECONNREFUSED; open connections
		 * are cut. Resolves once that is in effect.
		 * @param {number} ms
		 * @param {import('net').Socket} [spare]  a connection left open (the admin call's own)
		 */
		async refuseConnections(ms, spare) {
			clearTimeout(relistenTimer);
			if (relistening) await relistening;
			if (server.listening) server.close();
			// Kept-alive connections would still get through: cut them all and wait until
			// they are gone, so a client in this process has seen them close.
			await Promise.all(
				[...sockets].filter((s) => s !== spare).map((s) => new Promise((resolve) => {
					s.once('close', resolve);
					s.destroy();
				})),
			);
			await new Promise((r) => setTimeout(r, 20));
			relistenTimer = setTimeout(relisten, ms);
		},
		/** The current configuration (API keys are not shown). */
		config: () => {
			const { apiKeys, ...rest } = cfg;
			return { ...rest, apiKeyCount: apiKeys.length };
		},
		/** @param {Partial<SimulatorOptions>} patch */
		configure(patch) {
			checkOptions(patch);
			for (const k of /** @type {const} */ ([
				'taskSeconds',
				'estimatedSeconds',
				'allowInsecureCallbacks',
				'timeScale',
				'callbackRetryDelaysMs',
				'callbackTimeoutMs',
				'resultBytes',
				'errorCodeStyle',
				'credits',
				'apiKeys',
				'idempotency',
				'batch',
				'taskList',
				'maxUploadBytes',
				'fileTtlSeconds',
			])) {
				if (patch[k] !== undefined) /** @type {any} */ (cfg)[k] = patch[k];
			}
			return sim.config();
		},
		async close() {
			if (closed) return;
			closed = true;
			clearTimeout(relistenTimer);
			if (relistening) await relistening;
			store.clear();
			callbacks.close();
			for (const r of hung) r.destroy();
			dropHeld();
			uploads.close();
			await Promise.all(
				[server, filesServer].map(
					(srv) =>
						new Promise((resolve) => {
							if (!srv || !srv.listening) return resolve(undefined);
							srv.close(() => resolve(undefined));
							srv.closeAllConnections();
						}),
				),
			);
		},
	};

	/** @param {import('./tasks').Task} t */
	function internalView(t) {
		return {
			createdMs: t.createdMs,
			durationMs: t.durationMs,
			endAfterMs: Number.isFinite(t.endAfterMs) ? t.endAfterMs : null,
			finalStatus: t.finalStatus,
			resultBytes: t.resultBytes,
			request: t.request,
			callbackUrl: t.accepted.callbackUrl ?? null,
		};
	}

	function stats() {
		const now = Date.now();
		/** @type {Record<string, Record<string, unknown>>} */
		const tasks = {};
		let queries = 0;
		let downloads = 0;
		for (const t of store.tasks.values()) {
			const s = stateAt(t, now);
			const endAt = Number.isFinite(t.endAfterMs) ? t.createdMs + t.endAfterMs : null;
			queries += t.queries;
			downloads += t.downloads;
			tasks[t.id] = {
				model: t.model,
				status: s.status,
				createdAt: t.createdMs,
				completedAt: s.terminal ? endAt : null,
				queries: t.queries,
				lastQueryAt: t.lastQueryAt,
				firstTerminalQueryAt: t.firstTerminalQueryAt,
				noticeDelayMs: t.firstTerminalQueryAt !== null && endAt !== null ? t.firstTerminalQueryAt - endAt : null,
				downloads: t.downloads,
				callbackAttempts: callbacks.attempts.filter((a) => a.taskId === t.id).length,
				batchQueries: t.batchQueries ?? 0,
			};
		}
		return {
			now,
			tasks,
			totals: {
				requests: requests.length,
				tasks: store.tasks.size,
				taskQueries: queries,
				downloads,
				callbackAttempts: callbacks.attempts.length,
			},
			// Platform counters: creates, ledger use per key, single vs batch reads, lists, uploads.
			counters: JSON.parse(JSON.stringify({ ...counters, idempotency: ledger.stats(), uploads: fileCounters })),
		};
	}

	const admin = adminRoutes(sim);
	return sim;
}

/** @typedef {Awaited<ReturnType<typeof startSimulator>>} Simulator */

module.exports = { startSimulator, DEFAULT_API_KEY, MODELS };
