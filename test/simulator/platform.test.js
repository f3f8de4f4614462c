// @ts-check
'use strict';

/* The platform layer (evolink-platform.md §3, §5): Idempotency-Key ledger, batch reads, task list, switches. */

const { startSimulator, DEFAULT_API_KEY } = require('./index');
const { canonicalJson } = require('./ledger');

const KEY = DEFAULT_API_KEY;
const KEY2 = 'sk-evo-sim-second-key-11111111';
const WAN = 'wan2.5-text-to-video';
const KLING = 'kling-v3-text-to-video';
const RUN = 'run_0123456789abcdef0123456789abcdef';
const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

/** @type {import('./index').Simulator} */
let sim;
beforeAll(async () => {
	sim = await startSimulator({ apiKeys: [KEY, KEY2], taskSeconds: 30 });
});
afterAll(() => sim.close());
afterEach(() => {
	sim.reset();
	sim.configure({ idempotency: true, batch: true, taskList: true });
});

/**
 * @param {string} p @param {{method?: string, body?: unknown, key?: string | null, headers?: Record<string, string>, raw?: string}} [o]
 */
function api(p, o = {}) {
	/** @type {Record<string, string>} */
	const headers = { ...o.headers };
	if (o.key !== null) headers.authorization = `Bearer ${o.key ?? KEY}`;
	if (o.body !== undefined || o.raw !== undefined) headers['content-type'] ??= 'application/json';
	return fetch(sim.url + p, { method: o.method ?? (o.body !== undefined || o.raw !== undefined ? 'POST' : 'GET'), headers, body: o.raw ?? (o.body !== undefined ? JSON.stringify(o.body) : undefined) });
}
/** @param {unknown} body @param {string} [idem] @param {string} [key] */
const create = (body, idem, key) => api('/v1/videos/generations', { body, key, headers: idem === undefined ? {} : { 'idempotency-key': idem, 'x-evo-run-id': idem } });
const wan = (extra = {}) => ({ model: WAN, prompt: 'A cat playing piano', ...extra });
/** @param {Response} r */
const json = async (r) => ({ status: r.status, body: await r.json(), replayed: r.headers.get('idempotency-replayed'), retryAfter: r.headers.get('retry-after') });

describe('Idempotency-Key ledger', () => {
	test('canonical JSON ignores key order, not array order', () => {
		expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
		expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
	});

	test('keys must be 16-96 characters from [A-Za-z0-9._-]: otherwise 400 param Idempotency-Key, no task', async () => {
		for (const bad of ['a'.repeat(15), 'a'.repeat(97), 'run_0123456789 abcdef', 'run/0123456789abcdef', 'rün_0123456789abcdef', '']) {
			const r = await json(await create(wan(), bad));
			expect(r.status).toBe(400);
			expect(r.body.error).toEqual({ code: 'invalid_request', message: expect.any(String), type: 'invalid_request_error', param: 'Idempotency-Key' });
		}
		expect(sim.tasks()).toHaveLength(0);
		expect(sim.stats().counters.idempotency.invalid).toBe(6);
		for (const ok of ['a'.repeat(16), 'Z'.repeat(96), 'A.b_c-0123456789.', RUN]) expect((await create(wan(), ok)).status).toBe(200);
		expect(sim.tasks()).toHaveLength(4);
	});

	test('same key + same body (any key order): the ORIGINAL answer, Idempotency-Replayed: true, no new task', async () => {
		const first = await json(await create(wan({ duration: 10, quality: '1080p' }), RUN));
		expect(first).toMatchObject({ status: 200, replayed: null });
		const again = await json(await create({ quality: '1080p', duration: 10, prompt: 'A cat playing piano', model: WAN }, RUN));
		expect(again).toEqual({ status: 200, body: first.body, replayed: 'true', retryAfter: null });
		sim.completeTask(first.body.id);
		// Still the original create answer, not the task's current state.
		expect(await json(await create(wan({ duration: 10, quality: '1080p' }), RUN))).toEqual({ status: 200, body: first.body, replayed: 'true', retryAfter: null });
		expect(sim.tasks()).toHaveLength(1);
		const s = sim.stats().counters;
		expect(s.creates).toBe(1);
		expect(s.createRequests).toBe(3);
		expect(s.idempotency.byKey[RUN]).toEqual({ requests: 3, creates: 1, replays: 2, conflicts: 0, inFlight: 0 });
		expect(sim.requests.map((q) => [q.idempotencyKey, q.runId, q.replayed ?? false])).toEqual([[RUN, RUN, false], [RUN, RUN, true], [RUN, RUN, true]]);
		expect(sim.ledger()).toEqual([{ key: RUN, owner: 0, state: 'done', taskId: first.body.id, createdAt: expect.any(Number), settledAt: expect.any(Number) }]);
	});

	test('same key + a different body: 409 idempotency_conflict; the original still replays', async () => {
		const first = await json(await create(wan(), RUN));
		const other = await json(await create(wan({ prompt: 'A dog' }), RUN));
		expect(other).toEqual({
			status: 409,
			replayed: null,
			retryAfter: null,
			body: { error: { code: 'idempotency_conflict', message: expect.stringContaining('different request'), type: 'idempotency_error' } },
		});
		expect(sim.tasks()).toHaveLength(1);
		expect((await json(await create(wan(), RUN))).body.id).toBe(first.body.id);
		expect(sim.stats().counters.idempotency.byKey[RUN]).toMatchObject({ requests: 3, creates: 1, replays: 1, conflicts: 1 });
	});

	test('while the first create is still being processed (answer held back): 409 paid_outcome_unknown, Retry-After 1', async () => {
		sim.inject({ match: 'POST /v1/videos/generations', action: 'delay-response', delayMs: 1500 });
		const t0 = Date.now();
		const firstP = create(wan(), RUN);
		await sleep(150);
		// The task exists already, its answer has not been sent.
		expect(sim.tasks()).toHaveLength(1);
		expect(sim.ledger()[0].state).toBe('processing');
		const during = await json(await create(wan(), RUN));
		expect(during).toEqual({
			status: 409,
			replayed: null,
			retryAfter: '1',
			body: { error: { code: 'paid_outcome_unknown', message: expect.stringContaining('still being processed'), type: 'idempotency_error' } },
		});
		// A different body is a conflict even now.
		expect((await json(await create(wan({ prompt: 'x' }), RUN))).body.error.code).toBe('idempotency_conflict');
		const first = await json(await firstP);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(1490);
		expect(first).toMatchObject({ status: 200, replayed: null });
		const after = await json(await create(wan(), RUN));
		expect(after).toMatchObject({ status: 200, replayed: 'true', body: { id: first.body.id } });
		expect(sim.tasks()).toHaveLength(1);
		expect(sim.stats().counters.idempotency.byKey[RUN]).toEqual({ requests: 4, creates: 1, replays: 1, conflicts: 1, inFlight: 1 });
	});

	test('a create whose answer was lost (drop-response) is in the ledger: the retry replays it', async () => {
		sim.inject({ match: 'POST /v1/videos/generations', action: 'drop-response' });
		await expect(create(wan(), RUN)).rejects.toThrow();
		expect(sim.tasks()).toHaveLength(1);
		const retry = await json(await create(wan(), RUN));
		expect(retry).toMatchObject({ status: 200, replayed: 'true', body: { id: /** @type {any} */ (sim.tasks()[0]).id, status: 'pending' } });
		expect(sim.tasks()).toHaveLength(1);
		expect(sim.requests.map((q) => q.status)).toEqual(['dropped', 200]);
		// Without a key the same accident costs a second task.
		sim.inject({ match: 'POST /v1/videos/generations', action: 'drop-response' });
		await expect(create(wan())).rejects.toThrow();
		expect((await json(await create(wan()))).replayed).toBeNull();
		expect(sim.tasks()).toHaveLength(3);
	});

	test('a request refused before the server handled it (drop, 503) left nothing: the retry with the key creates the task', async () => {
		sim.inject({ match: 'POST /v1/videos/generations', action: 'drop' });
		await expect(create(wan(), RUN)).rejects.toThrow();
		sim.inject({ match: 'POST /v1/videos/generations', status: 503 });
		expect((await create(wan(), RUN)).status).toBe(503);
		expect(sim.tasks()).toHaveLength(0);
		expect(await json(await create(wan(), RUN))).toMatchObject({ status: 200, replayed: null });
		expect(sim.tasks()).toHaveLength(1);
	});

	test('a refused create (400/404) does not keep its key; keys are per account', async () => {
		expect((await create(wan({ duration: 7 }), RUN)).status).toBe(400);
		expect((await create({ model: 'no-such-model', prompt: 'x' }, RUN)).status).toBe(404);
		const ok = await json(await create(wan(), RUN));
		expect(ok).toMatchObject({ status: 200, replayed: null });
		const other = await json(await create(wan(), RUN, KEY2));
		expect(other).toMatchObject({ status: 200, replayed: null });
		expect(other.body.id).not.toBe(ok.body.id);
		expect(sim.tasks()).toHaveLength(2);
	});

	test('idempotency: false ignores the header entirely (a repeat is a second paid task)', async () => {
		sim.configure({ idempotency: false });
		const a = await json(await create(wan(), RUN));
		const b = await json(await create(wan(), RUN));
		expect([a.replayed, b.replayed]).toEqual([null, null]);
		expect(a.body.id).not.toBe(b.body.id);
		expect((await create(wan(), 'short')).status).toBe(200);
		expect(sim.tasks()).toHaveLength(3);
		expect(sim.stats().counters.idempotency).toMatchObject({ requests: 0, invalid: 0 });
		expect(sim.requests[0].runId).toBe(RUN);
	});
});

describe('POST /v1/tasks/batch', () => {
	/** @param {unknown} body @param {string} [key] */
	const batch = (body, key) => api('/v1/tasks/batch', { body, key });

	test('answers {data: [...]} in the GET /v1/tasks/{id} shape; duplicates once; unknown and foreign ids absent', async () => {
		const a = (await json(await create(wan()))).body;
		const b = (await json(await create({ model: KLING, prompt: 'x' }))).body;
		const foreign = (await json(await create(wan(), undefined, KEY2))).body;
		sim.completeTask(a.id);
		const r = await json(await batch({ task_ids: [b.id, a.id, a.id, 'task-unified-1757169743-7cvnl5zw', 'not-a-task-id', foreign.id] }));
		expect(r.status).toBe(200);
		const single = await Promise.all([b.id, a.id].map(async (id) => (await api(`/v1/tasks/${id}`)).json()));
		expect(r.body).toEqual({ data: single });
		expect(r.body.data[1]).toMatchObject({ status: 'completed', results: [`${sim.url}/files/${a.id}.mp4`] });
		expect(r.body.data[0]).toMatchObject({ status: 'pending' });
	});

	test('counts: single vs batch status requests, ids per batch, batch reads per task, first terminal read', async () => {
		const a = (await json(await create(wan()))).body;
		sim.completeTask(a.id);
		await batch({ task_ids: [a.id, a.id, a.id] });
		await batch({ task_ids: [a.id] });
		await api(`/v1/tasks/${a.id}`);
		const s = sim.stats();
		expect(s.counters.statusRequests).toEqual({ single: 1, batch: 2, batchIds: [3, 1], batchIdsTotal: 4 });
		expect(s.tasks[a.id]).toMatchObject({ queries: 1, batchQueries: 2 });
		expect(s.tasks[a.id].firstTerminalQueryAt).toBe(sim.requests[1].time);
	});

	test('task_ids: missing, not an array, empty, over 50 or not strings -> 400 invalid_request, param task_ids', async () => {
		const ids = (/** @type {number} */ n) => Array.from({ length: n }, () => 'task-unified-1-aaaaaaaa');
		for (const body of [{}, { task_ids: 'task-unified-1-a' }, { task_ids: [] }, { task_ids: ids(51) }, { task_ids: ['task-unified-1-a', 5] }, [], 'x']) {
			const r = await json(await batch(body));
			expect({ status: r.status, ...r.body.error }).toEqual({ status: 400, code: 'invalid_request', message: expect.any(String), type: 'invalid_request_error', param: 'task_ids' });
		}
		expect(await json(await batch({ task_ids: ids(50) }))).toMatchObject({ status: 200, body: { data: [] } });
		expect((await api('/v1/tasks/batch', { raw: '{"task_ids":' })).status).toBe(400);
		expect((await api('/v1/tasks/batch', { raw: '{"task_ids":[]}', headers: { 'content-type': 'text/plain' } })).status).toBe(400);
		expect((await batch({ task_ids: ids(1) }, 'sk-evo-wrong-key-123456789')).status).toBe(401);
		expect((await api('/v1/tasks/batch')).status).toBe(405);
		expect(sim.stats().counters.statusRequests.batch).toBe(1);
	});

	test('switched off: 404 (batch: false) or 405 (batch: 405); GET /v1/tasks/batch then behaves as before', async () => {
		sim.configure({ batch: false });
		let r = await json(await batch({ task_ids: ['task-unified-1-a'] }));
		expect(r.status).toBe(404);
		expect(r.body.error.type).toBe('not_found_error');
		sim.configure({ batch: 405 });
		r = await json(await batch({ task_ids: ['task-unified-1-a'] }));
		expect(r).toMatchObject({ status: 405, body: { error: { code: 'method_not_allowed' } } });
		expect((await json(await api('/v1/tasks/batch'))).body.error.code).toBe('invalid_task_id');
	});
});

describe('GET /v1/tasks', () => {
	/** @param {string} [q] @param {string} [key] */
	const list = async (q = '', key) => json(await api(`/v1/tasks${q}`, { key }));

	test('newest first, items without result links, the documented item fields', async () => {
		sim.nextTasks([{}, { fail: 'content_policy_violation', afterSeconds: 0 }, {}, { seconds: 3 }, { cancel: true, afterSeconds: 0 }]);
		const done = (await json(await create(wan()))).body;
		const failed = (await json(await create(wan()))).body;
		const pending = (await json(await create({ model: KLING, prompt: 'x' }))).body;
		const processing = (await json(await create(wan()))).body;
		const cancelled = (await json(await create(wan()))).body;
		await create(wan(), undefined, KEY2);
		sim.completeTask(done.id);
		await sleep(350); // the 3 s task is `processing` from 0.3 s on
		const r = await list();
		expect(r.status).toBe(200);
		const at = (/** @type {any} */ t) => t.created;
		expect(r.body).toEqual({
			total: 5,
			page: 1,
			page_size: 20,
			data: [
				{ id: cancelled.id, model: WAN, type: 'video', status: 'cancelled', progress: 0, created_at: at(cancelled), duration: 0, has_results: false, result_count: 0, has_error: true, credits_used: 0 },
				{ id: processing.id, model: WAN, type: 'video', status: 'processing', progress: expect.any(Number), created_at: at(processing), has_results: false, result_count: 0, has_error: false },
				{ id: pending.id, model: KLING, type: 'video', status: 'pending', progress: 0, created_at: at(pending), has_results: false, result_count: 0, has_error: false },
				{ id: failed.id, model: WAN, type: 'video', status: 'failed', progress: 0, created_at: at(failed), duration: 0, has_results: false, result_count: 0, has_error: true, credits_used: 0 },
				{ id: done.id, model: WAN, type: 'video', status: 'completed', progress: 100, created_at: at(done), duration: expect.any(Number), has_results: true, result_count: 1, has_error: false, credits_used: 5 },
			],
		});
		expect(JSON.stringify(r.body)).not.toContain('/files/');
		expect(sim.stats().counters.listRequests).toBe(1);
	});

	test('filters: status (processing covers pending), type, model; pagination', async () => {
		sim.nextTasks([{ seconds: 3 }, {}, {}, { fail: 'service_error', afterSeconds: 0 }]);
		const ids = [];
		for (const body of [wan(), wan(), { model: KLING, prompt: 'x' }, wan()]) ids.push((await json(await create(body))).body.id);
		await sleep(350); // ids[0] is `processing` from 0.3 s to 3 s
		sim.completeTask(ids[1]);
		const idsOf = async (/** @type {string} */ q) => (await list(q)).body.data.map((/** @type {any} */ i) => i.id);
		expect(await idsOf('?status=processing')).toEqual([ids[2], ids[0]]);
		expect(await idsOf('?status=pending')).toEqual([ids[2]]);
		expect(await idsOf('?status=completed')).toEqual([ids[1]]);
		expect(await idsOf('?status=failed')).toEqual([ids[3]]);
		expect(await idsOf('?status=cancelled')).toEqual([]);
		expect(await idsOf('?type=video')).toEqual([...ids].reverse());
		expect(await idsOf('?type=image')).toEqual([]);
		expect(await idsOf(`?model=${KLING}`)).toEqual([ids[2]]);
		expect((await list('?page=2&page_size=3')).body).toEqual({ data: [expect.objectContaining({ id: ids[0] })], total: 4, page: 2, page_size: 3 });
		expect((await list('?page=3&page_size=2')).body).toEqual({ data: [], total: 4, page: 3, page_size: 2 });
		expect((await list('?page_size=50')).body.page_size).toBe(50);
		for (const [q, param] of [['?status=queued', 'status'], ['?type=text', 'type'], ['?page=0', 'page'], ['?page=x', 'page'], ['?page_size=51', 'page_size'], ['?page_size=0', 'page_size'], ['?page_size=2.5', 'page_size']]) {
			const r = await list(q);
			expect({ status: r.status, ...r.body.error }).toEqual({ status: 400, code: 'invalid_request', message: expect.any(String), type: 'invalid_request_error', param });
		}
		expect((await list('', KEY2)).body).toEqual({ data: [], total: 0, page: 1, page_size: 20 });
		expect((await list('', 'sk-evo-wrong-key-123456789')).status).toBe(401);
	});

	test('taskList: false -> 404; POST /v1/tasks stays 405', async () => {
		expect((await api('/v1/tasks', { body: {} })).status).toBe(405);
		sim.configure({ taskList: false });
		const r = await list();
		expect(r).toMatchObject({ status: 404, body: { error: { type: 'not_found_error' } } });
	});
});
