// @ts-check
'use strict';

/* `cancelled` tasks, final charges (usage.credits_used / cost), the balance, delay-response, CLI switches. */

const http = require('http');
const path = require('path');
const { spawn } = require('child_process');
const { startSimulator, DEFAULT_API_KEY } = require('./index');

const KEY = DEFAULT_API_KEY;
const KEY2 = 'sk-evo-sim-second-key-11111111';
const WAN = 'wan2.5-text-to-video';
const KLING = 'kling-v3-text-to-video';
const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

/** @type {import('./index').Simulator} */
let sim;
/** @type {http.Server} */
let receiver;
/** @type {any[]} */
let hooks = [];
let hookUrl = '';
/** @type {unknown} */
let defaultCredits;
beforeAll(async () => {
	sim = await startSimulator({ apiKeys: [KEY, KEY2], taskSeconds: 30, allowInsecureCallbacks: true, callbackRetryDelaysMs: [20, 20, 20] });
	receiver = http.createServer((req, res) => {
		let text = '';
		req.on('data', (c) => (text += c));
		req.on('end', () => {
			hooks.push(JSON.parse(text));
			res.writeHead(200).end();
		});
	});
	await new Promise((r) => receiver.listen(0, '127.0.0.1', () => r(undefined)));
	hookUrl = `http://127.0.0.1:${/** @type {any} */ (receiver.address()).port}/hook`;
	defaultCredits = JSON.parse(JSON.stringify(sim.config().credits));
});
afterAll(async () => {
	await sim.close();
	receiver.closeAllConnections();
	await new Promise((r) => receiver.close(r));
});
afterEach(() => {
	sim.reset();
	sim.configure({ credits: JSON.parse(JSON.stringify(defaultCredits)) });
	hooks = [];
});

/** @param {string} p @param {{body?: unknown, key?: string}} [o] */
const api = (p, o = {}) =>
	fetch(sim.url + p, {
		method: o.body !== undefined ? 'POST' : 'GET',
		headers: { authorization: `Bearer ${o.key ?? KEY}`, 'content-type': 'application/json' },
		body: o.body !== undefined ? JSON.stringify(o.body) : undefined,
	});
/** @param {object} body @param {string} [key] @returns {Promise<any>} */
const create = async (body, key) => (await api('/v1/videos/generations', { body, key })).json();
/** @param {string} id @returns {Promise<any>} */
const getTask = async (id) => (await api(`/v1/tasks/${id}`)).json();
const wan = (extra = {}) => ({ model: WAN, prompt: 'A cat playing piano', ...extra });
const kling = (extra = {}) => ({ model: KLING, prompt: 'A cat running', ...extra });

describe('cancelled', () => {
	test('prompt marker [sim:cancel-after=S]: status cancelled, error request_cancelled, refunded, callback fired', async () => {
		const { id } = await create(wan({ prompt: 'a cat [sim:cancel-after=0.2]', callback_url: hookUrl }));
		expect((await getTask(id)).status).toBe('pending');
		await sleep(300);
		await sim.settleCallbacks();
		const t = await getTask(id);
		expect(t).toEqual({
			created: expect.any(Number),
			duration: 0.2,
			error: { code: 'request_cancelled', message: 'The task was cancelled', type: 'task_error' },
			id,
			model: WAN,
			object: 'video.generation.task',
			progress: 0,
			status: 'cancelled',
			task_info: { can_cancel: false, estimated_time: 120 },
			type: 'video',
			usage: { billing_rule: 'per_call', cost: { credits: 0, usd: 0, cny: 0 }, credits_reserved: expect.any(Number), credits_used: 0, user_group: 'default' },
		});
		expect(hooks).toEqual([t]);
		expect(sim.callbacks).toEqual([expect.objectContaining({ taskId: id, ok: true, taskStatus: 'cancelled' })]);
		expect((await fetch(`${sim.url}/files/${id}.mp4`)).status).toBe(404);
	});

	test('[sim:cancel] cancels at the task end; admin routes and sim.cancelTask cancel at once', async () => {
		const a = await create(wan({ prompt: 'x [sim:cancel] [sim:seconds=0.1]' }));
		const b = await create(kling({ callback_url: hookUrl }));
		const c = await create(kling());
		const d = await create(kling());
		let r = await fetch(`${sim.url}/__sim/tasks/${b.id}/cancel`, { method: 'POST' });
		expect(r.status).toBe(200);
		expect(await r.json()).toMatchObject({ status: 'cancelled', error: { code: 'request_cancelled' } });
		r = await fetch(`${sim.url}/__sim/tasks/${c.id}`, { method: 'POST', body: JSON.stringify({ cancel: true }) });
		expect((await r.json()).status).toBe('cancelled');
		sim.cancelTask(d.id);
		await sleep(150);
		await sim.settleCallbacks();
		for (const t of [a, b, c, d]) expect((await getTask(t.id)).status).toBe('cancelled');
		expect(hooks.map((h) => [h.id, h.status])).toEqual([[b.id, 'cancelled']]);
		// A task that has ended cannot be cancelled.
		expect(() => sim.cancelTask(a.id)).toThrow(/already ended/);
		expect((await fetch(`${sim.url}/__sim/tasks/${a.id}/cancel`, { method: 'POST' })).status).toBe(400);
		expect((await fetch(`${sim.url}/__sim/tasks/task-unified-1-nope/cancel`, { method: 'POST' })).status).toBe(404);
		expect((await api('/v1/tasks?status=cancelled')).status).toBe(200);
		expect((await (await api('/v1/tasks?status=cancelled')).json()).total).toBe(4);
	});
});

describe('cost fields', () => {
	test('the create answer keeps only credits_reserved; a running task too', async () => {
		const t = await create(kling());
		expect(t.usage).toEqual({ billing_rule: 'per_second', credits_reserved: 270000, user_group: 'default' });
		expect((await getTask(t.id)).usage).toEqual(t.usage);
		expect(await getTask(t.id)).not.toHaveProperty('duration');
	});

	test('completed per_call: credits_used = credits_reserved, cost at 68 credits/USD and 10 credits/CNY', async () => {
		const t = await create(wan({ quality: '1080p', duration: 10 }));
		const reserved = t.usage.credits_reserved;
		expect(reserved).toBeGreaterThan(0);
		sim.completeTask(t.id);
		const done = await getTask(t.id);
		expect(done.usage).toEqual({
			billing_rule: 'per_call',
			cost: { credits: reserved, usd: Math.round((reserved / 68) * 1e6) / 1e6, cny: reserved / 10 },
			credits_reserved: reserved,
			credits_used: reserved,
			user_group: 'default',
		});
		expect(done.duration).toBeGreaterThanOrEqual(0);
	});

	test('completed per_second: proportional to the seconds generated ([sim:video-seconds]); default all of them', async () => {
		const full = await create(kling());
		const part = await create(kling({ prompt: 'x [sim:video-seconds=4]' }));
		sim.completeTask(full.id);
		sim.completeTask(part.id);
		expect((await getTask(full.id)).usage).toMatchObject({ credits_reserved: 270000, credits_used: 270000, cost: { credits: 270000, usd: 3970.588235, cny: 27000 } });
		expect((await getTask(part.id)).usage).toMatchObject({ credits_reserved: 270000, credits_used: 216000, cost: { credits: 216000, usd: 3176.470588, cny: 21600 } });
	});

	test('failed tasks are refunded: credits_used 0', async () => {
		const t = await create(kling({ prompt: 'x [sim:fail=service_error] [sim:fail-after=0]' }));
		await sleep(20);
		expect((await getTask(t.id)).usage).toEqual({ billing_rule: 'per_second', cost: { credits: 0, usd: 0, cny: 0 }, credits_reserved: 270000, credits_used: 0, user_group: 'default' });
	});
});

describe('GET /v1/credits', () => {
	test('the balance goes down by the credits used of the key\'s completed tasks only, documented shape kept', async () => {
		const body = async (/** @type {string} */ key = KEY) => (await api('/v1/credits', { key })).json();
		const before = await body();
		const a = await create(wan());
		const b = await create(kling({ duration: 3 }));
		const spent = a.usage.credits_reserved + b.usage.credits_reserved;
		const r2 = (/** @type {number} */ v) => Math.round(v * 100) / 100;
		await create(wan({ prompt: 'x [sim:fail=service_error] [sim:fail-after=0]' }));
		await create(wan()); // still running: reserved, not charged
		sim.completeTask(a.id);
		sim.completeTask(b.id);
		const other = await create(wan(), KEY2);
		sim.completeTask(other.id);
		await sleep(20);
		expect(before).toEqual({
			success: true,
			message: '',
			data: { token: { remaining_credits: 99416.44, unlimited_credits: false, used_credits: 583.56 }, user: { remaining_credits: 1095.4, used_credits: 135.9 } },
		});
		expect(await body()).toEqual({
			success: true,
			message: '',
			data: {
				token: { remaining_credits: r2(99416.44 - spent), unlimited_credits: false, used_credits: r2(583.56 + spent) },
				user: { remaining_credits: r2(1095.4 - spent), used_credits: r2(135.9 + spent) },
			},
		});
		const o = other.usage.credits_reserved;
		expect((await body(KEY2)).data.user).toEqual({ remaining_credits: r2(1095.4 - o), used_credits: r2(135.9 + o) });
	});

	test('an unlimited key keeps its remaining figure; a custom body of another shape is returned as it is', async () => {
		sim.configure({ credits: { success: true, message: '', data: { token: { remaining_credits: 0, unlimited_credits: true, used_credits: 1 }, user: { remaining_credits: 100, used_credits: 0 } } } });
		const t = await create(wan());
		const c = t.usage.credits_reserved;
		sim.completeTask(t.id);
		expect((await (await api('/v1/credits')).json()).data).toEqual({ token: { remaining_credits: 0, unlimited_credits: true, used_credits: 1 + c }, user: { remaining_credits: 100 - c, used_credits: c } });
		sim.configure({ credits: { hello: 'world' } });
		expect(await (await api('/v1/credits')).json()).toEqual({ hello: 'world' });
	});
});

describe('delay-response fault', () => {
	test('the request is handled at once, the answer is held back delayMs', async () => {
		sim.inject({ match: 'POST /v1/videos/generations', action: 'delay-response', delayMs: 300 });
		const t0 = Date.now();
		const p = create(wan());
		await sleep(100);
		expect(sim.tasks()).toHaveLength(1);
		expect(sim.requests[0].status).toBeUndefined();
		const t = await p;
		expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
		expect(t.id).toBe(/** @type {any} */ (sim.tasks()[0]).id);
		expect(sim.requests[0].status).toBe(200);
		expect(() => sim.inject({ match: '/v1/credits', action: 'delay-response', delayMs: -1 })).toThrow(TypeError);
	});

	test('reset() drops answers still held back (the client sees the connection close)', async () => {
		sim.inject({ match: 'GET /v1/credits', action: 'delay-response', delayMs: 60000 });
		const p = api('/v1/credits');
		await sleep(100);
		const t0 = Date.now();
		sim.reset();
		await expect(p).rejects.toThrow();
		expect(Date.now() - t0).toBeLessThan(1000);
	});
});

describe('CLI switches', () => {
	test('--files-port, --no-batch=405, --no-task-list, --no-idempotency', async () => {
		const args = [path.join(__dirname, 'cli.js'), '--port', '0', '--files-port', '0', '--no-batch=405', '--no-task-list', '--no-idempotency', '--quiet'];
		const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
		try {
			const lines = await new Promise((resolve, reject) => {
				let out = '';
				child.stdout.on('data', (c) => {
					out += c;
					if (out.split('\n').length > 2) resolve(out.split('\n'));
				});
				child.on('exit', () => reject(new Error(`cli exited: ${out}`)));
			});
			const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(lines[0])?.[1];
			const filesUrl = /^Files API on (http:\/\/127\.0\.0\.1:\d+)$/.exec(lines[1])?.[1];
			expect(url).toBeDefined();
			expect(filesUrl).toBeDefined();
			expect(filesUrl).not.toBe(url);
			const h = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
			expect((await fetch(`${url}/v1/tasks/batch`, { method: 'POST', headers: h, body: '{"task_ids":["a"]}' })).status).toBe(405);
			expect((await fetch(`${url}/v1/tasks`, { headers: h })).status).toBe(404);
			const post = () => fetch(`${url}/v1/videos/generations`, { method: 'POST', headers: { ...h, 'idempotency-key': 'run_0123456789abcdef' }, body: JSON.stringify(wan()) }).then((r) => r.json());
			expect((await post()).id).not.toBe((await post()).id);
			const up = await fetch(`${filesUrl}/api/v1/files/upload/base64`, { method: 'POST', headers: h, body: '{}' });
			expect(await up.json()).toEqual({ success: false, code: 400, msg: expect.any(String) });
		} finally {
			const code = await new Promise((r) => {
				child.on('exit', (c) => r(c));
				child.kill('SIGTERM');
			});
			expect(code).toBe(0);
		}
	});
});
