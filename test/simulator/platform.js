// @ts-check
'use strict';

const { taskView, stateAt } = require('./tasks');
const { creditsUsed } = require('./billing');

/**
 * Task reads beyond GET /v1/tasks/{id} (evolink-platform.md §3):
 * - POST /v1/tasks/batch {"task_ids": [...]}: 1-50 ids (duplicates allowed, answered once),
 *   {"data": [task, ...]} in the GET /v1/tasks/{id} shape (with results); unknown ids and
 *   other accounts' ids are simply absent.
 * - GET /v1/tasks?status&type&model&page&page_size: the key's tasks, newest first,
 *   {data: [item], total, page, page_size}; items carry no result links.
 * Both can be switched off (options `batch`, `taskList`) to test a client's fallbacks.
 */

const MAX_BATCH = 50;
const MAX_PAGE_SIZE = 50;
const LIST_STATUSES = ['pending', 'processing', 'completed', 'failed', 'cancelled'];
const LIST_TYPES = ['image', 'video', 'audio'];

/** Counters a test or benchmark reads from stats().counters. */
function newCounters() {
	return {
		/** POST /v1/videos/generations requests that passed auth */
		createRequests: 0,
		/** tasks created (paid) */
		creates: 0,
		statusRequests: { single: 0, batch: 0, batchIdsTotal: 0, /** ids asked for, per batch call */ batchIds: /** @type {number[]} */ ([]) },
		listRequests: 0,
	};
}
/** @typedef {ReturnType<typeof newCounters>} Counters */

/**
 * @typedef {object} RouteCtx
 * @property {string} method
 * @property {URL} url
 * @property {number} keyIndex
 * @property {number} arrival
 * @property {string} text          raw body
 * @property {boolean} parseFailed
 * @property {(status: number, obj: unknown, extra?: Record<string, string>) => unknown} send
 * @property {(status: number, over?: Record<string, unknown>, extra?: Record<string, string>) => unknown} sendError
 * @property {import('http').IncomingHttpHeaders} headers
 */

/**
 * A list item (no result links).
 * @param {import('./tasks').Task} t @param {number} now
 */
function listItem(t, now) {
	const s = stateAt(t, now);
	/** @type {Record<string, unknown>} */
	const item = { id: t.id, model: t.model, type: 'video', status: s.status, progress: s.progress, created_at: t.created };
	if (s.terminal) item.duration = Math.round(t.endAfterMs) / 1000;
	item.has_results = s.status === 'completed';
	item.result_count = s.status === 'completed' ? 1 : 0;
	item.has_error = s.status === 'failed' || s.status === 'cancelled';
	const used = creditsUsed(t, s.status);
	if (used !== null) item.credits_used = used;
	return item;
}

/**
 * @param {{store: import('./tasks').TaskStore, cfg: {batch: boolean | 404 | 405, taskList: boolean}, counters: () => Counters, baseUrl: () => string}} deps
 * @returns {(ctx: RouteCtx) => boolean}  false when the request is not one of these routes (it has not been answered)
 */
function platformRoutes(deps) {
	const { store, cfg } = deps;

	/** @param {RouteCtx} ctx */
	function batch(ctx) {
		const ctype = String(ctx.headers['content-type'] || '').split(';')[0].trim().toLowerCase();
		if (ctype !== 'application/json') return ctx.sendError(400, { message: 'Content-Type must be application/json' });
		if (!ctx.text.length) return ctx.sendError(400, { message: 'The request body is required', param: 'task_ids' });
		if (ctx.parseFailed) return ctx.sendError(400, { message: 'The request body is not valid JSON' });
		const body = JSON.parse(ctx.text);
		/** @param {string} message */
		const bad = (message) => ctx.sendError(400, { message, param: 'task_ids' });
		if (typeof body !== 'object' || body === null || Array.isArray(body)) return bad('The request body must be a JSON object with task_ids');
		const ids = body.task_ids;
		if (ids === undefined) return bad("'task_ids' is required");
		if (!Array.isArray(ids)) return bad("'task_ids' must be an array of task ids");
		if (ids.length === 0) return bad("'task_ids' must not be empty");
		if (ids.length > MAX_BATCH) return bad(`'task_ids' may hold at most ${MAX_BATCH} ids (got ${ids.length})`);
		const notString = ids.findIndex((x) => typeof x !== 'string');
		if (notString >= 0) return bad(`'task_ids[${notString}]' must be a string`);
		const c = deps.counters().statusRequests;
		c.batch++;
		c.batchIds.push(ids.length);
		c.batchIdsTotal += ids.length;
		const data = [];
		for (const id of new Set(/** @type {string[]} */ (ids))) {
			const t = store.tasks.get(id);
			if (!t || t.owner !== ctx.keyIndex) continue;
			t.batchQueries = (t.batchQueries ?? 0) + 1;
			t.lastQueryAt = ctx.arrival;
			if (stateAt(t, ctx.arrival).terminal && t.firstTerminalQueryAt === null) t.firstTerminalQueryAt = ctx.arrival;
			data.push(taskView(t, ctx.arrival, deps.baseUrl()));
		}
		return ctx.send(200, { data });
	}

	/** @param {RouteCtx} ctx */
	function list(ctx) {
		const q = ctx.url.searchParams;
		/** @param {string} message @param {string} param */
		const bad = (message, param) => ctx.sendError(400, { message, param });
		const status = q.get('status');
		if (status !== null && !LIST_STATUSES.includes(status)) return bad(`'status' must be one of ${LIST_STATUSES.join(', ')}`, 'status');
		const type = q.get('type');
		if (type !== null && !LIST_TYPES.includes(type)) return bad(`'type' must be one of ${LIST_TYPES.join(', ')}`, 'type');
		const model = q.get('model');
		/** @param {string} name @param {number} dflt @param {number} max */
		const int = (name, dflt, max) => {
			const v = q.get(name);
			if (v === null) return dflt;
			if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > max) return NaN;
			return Number(v);
		};
		const page = int('page', 1, Number.MAX_SAFE_INTEGER);
		if (Number.isNaN(page)) return bad("'page' must be an integer >= 1", 'page');
		const pageSize = int('page_size', 20, MAX_PAGE_SIZE);
		if (Number.isNaN(pageSize)) return bad(`'page_size' must be an integer from 1 to ${MAX_PAGE_SIZE}`, 'page_size');
		deps.counters().listRequests++;
		const now = ctx.arrival;
		// Newest first: the store keeps creation order.
		const items = [...store.tasks.values()]
			.filter((t) => t.owner === ctx.keyIndex)
			.reverse()
			.map((t) => listItem(t, now))
			.filter((it) => {
				if (type !== null && it.type !== type) return false;
				if (model !== null && it.model !== model) return false;
				if (status === 'processing') return it.status === 'processing' || it.status === 'pending';
				return status === null || it.status === status;
			});
		const start = (page - 1) * pageSize;
		return ctx.send(200, { data: items.slice(start, start + pageSize), total: items.length, page, page_size: pageSize });
	}

	return (ctx) => {
		const p = ctx.url.pathname;
		if (p === '/v1/tasks/batch') {
			const on = cfg.batch === true || cfg.batch === undefined;
			// Switched off: a POST gets 404 (no such route) or 405 (the route is GET-only, as
			// on a gateway without the batch call); other methods fall through to today's routes.
			if (!on) {
				if (ctx.method !== 'POST') return false;
				if (cfg.batch === 405) ctx.sendError(405);
				else ctx.sendError(404, { message: `Unknown endpoint ${p}` });
			} else if (ctx.method !== 'POST') ctx.sendError(405);
			else batch(ctx);
			return true;
		}
		if (p === '/v1/tasks' && ctx.method === 'GET') {
			if (cfg.taskList === false) ctx.sendError(404, { message: `Unknown endpoint ${p}` });
			else list(ctx);
			return true;
		}
		return false;
	};
}

module.exports = { platformRoutes, newCounters, listItem, MAX_BATCH, MAX_PAGE_SIZE };
