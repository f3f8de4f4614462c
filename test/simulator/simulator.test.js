// @ts-check
'use strict';

/* The simulator must follow /work/shared/evolink-api.md; these tests prove it does. */

const http = require('http');
const path = require('path');
const { spawn } = require('child_process');
const { Readable } = require('stream');
const { startSimulator, DEFAULT_API_KEY } = require('./index');
const { createResultStream, freeHeader, SAMPLE } = require('./mp4');

const KEY = DEFAULT_API_KEY;
const KEY2 = 'sk-evo-sim-second-key-11111111';
const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

/** @type {import('./index').Simulator} */
let sim;

beforeAll(async () => {
	sim = await startSimulator({ apiKeys: [KEY, KEY2], taskSeconds: 1 });
});
afterAll(() => sim.close());
afterEach(() => sim.reset());

/**
 * @param {string} p
 * @param {{method?: string, body?: unknown, key?: string | null, headers?: Record<string, string>, raw?: string}} [o]
 */
function api(p, o = {}) {
	/** @type {Record<string, string>} */
	const headers = { ...o.headers };
	if (o.key !== null) headers.authorization = `Bearer ${o.key ?? KEY}`;
	if (o.body !== undefined || o.raw !== undefined) headers['content-type'] ??= 'application/json';
	return fetch(sim.url + p, {
		method: o.method ?? (o.body !== undefined || o.raw !== undefined ? 'POST' : 'GET'),
		headers,
		body: o.raw ?? (o.body !== undefined ? JSON.stringify(o.body) : undefined),
	});
}
/** @param {unknown} body @param {string} [key] */
const create = (body, key) => api('/v1/videos/generations', { body, key });
/** @param {string} id @param {string} [key] */
const getTask = async (id, key) => (await api(`/v1/tasks/${id}`, { key })).json();

/** @param {unknown} body @param {string | undefined} param */
async function expect400(body, param) {
	const r = await create(body);
	const j = await r.json();
	expect({ status: r.status, ...j.error }).toMatchObject({ status: 400, code: 'invalid_request', type: 'invalid_request_error' });
	expect(j.error.param).toBe(param);
	expect(typeof j.error.message).toBe('string');
}
/** @param {unknown} body */
async function expect200(body) {
	const r = await create(body);
	const j = await r.json();
	if (r.status !== 200) throw new Error(`expected 200, got ${r.status} ${JSON.stringify(j)}`);
	return j;
}

const WAN = 'wan2.5-text-to-video';
const KLING = 'kling-v3-text-to-video';
/** @param {object} extra */
const wan = (extra = {}) => ({ model: WAN, prompt: 'A cat playing piano', ...extra });
/** @param {object} extra */
const kling = (extra = {}) => ({ model: KLING, prompt: 'A cat running on grass', ...extra });
/** @param {object} mp */
const klingMP = (mp, extra = {}) => kling({ model_params: mp, ...extra });
/** @param {number} n @param {object} [over] */
const shots = (n, over = {}) => Array.from({ length: n }, (_, i) => ({ index: i + 1, prompt: `shot ${i + 1}`, duration: '1', ...over }));

describe('request basics and auth', () => {
	test('every /v1 call needs a valid Bearer key; 401 uses the documented envelope', async () => {
		for (const key of [null, 'sk-evo-wrong-key-123456789']) {
			const r = await api('/v1/credits', { key });
			expect(r.status).toBe(401);
			const text = await r.text();
			expect(JSON.parse(text)).toEqual({
				error: { code: 'unauthorized', message: 'Invalid API key', type: 'authentication_error' },
			});
			expect(text).not.toContain('sk-evo-wrong');
		}
		const basic = await fetch(`${sim.url}/v1/credits`, { headers: { authorization: `Basic ${KEY}` } });
		expect(basic.status).toBe(401);
		expect((await create(wan(), 'nope-nope-nope')).status).toBe(401);
	});

	test('GET /v1/credits returns the documented body', async () => {
		const r = await api('/v1/credits');
		expect(r.status).toBe(200);
		expect(await r.json()).toEqual({
			success: true,
			message: '',
			data: {
				token: { remaining_credits: 99416.44, unlimited_credits: false, used_credits: 583.56 },
				user: { remaining_credits: 1095.4, used_credits: 135.9 },
			},
		});
	});

	test('create needs a JSON object body with Content-Type application/json', async () => {
		const cases = [
			{ raw: JSON.stringify(wan()), headers: { 'content-type': 'text/plain' } },
			{ raw: '{"model": ' },
			{ raw: '[1,2]' },
			{ raw: '' },
		];
		for (const c of cases) {
			const r = await api('/v1/videos/generations', { method: 'POST', ...c });
			expect(r.status).toBe(400);
			expect((await r.json()).error.type).toBe('invalid_request_error');
		}
		expect((await create({ prompt: 'x' })).status).toBe(400);
		await expect400({ prompt: 'x' }, 'model');
		await expect400({ model: 5, prompt: 'x' }, 'model');
	});

	test('unknown model is 404 model_not_found', async () => {
		const r = await create({ model: 'wan9-text-to-video', prompt: 'x' });
		expect(r.status).toBe(404);
		expect((await r.json()).error).toMatchObject({ code: 'model_not_found', type: 'not_found_error', param: 'model' });
	});

	test('numeric error codes (older vendor pages) can be switched on', async () => {
		sim.configure({ errorCodeStyle: 'number' });
		try {
			expect((await (await api('/v1/credits', { key: null })).json()).error.code).toBe(401);
			expect((await (await create(wan({ duration: 7 }))).json()).error).toMatchObject({ code: 400, param: 'duration' });
		} finally {
			sim.configure({ errorCodeStyle: 'string' });
		}
	});
});

describe('wan2.5-text-to-video validation', () => {
	test.each([
		['missing prompt', { model: WAN }, 'prompt'],
		['empty prompt', wan({ prompt: '' }), 'prompt'],
		['blank prompt', wan({ prompt: '   ' }), 'prompt'],
		['prompt over 2000', wan({ prompt: 'a'.repeat(2001) }), 'prompt'],
		['prompt not a string', wan({ prompt: 42 }), 'prompt'],
		['duration as string', wan({ duration: '5' }), 'duration'],
		['duration 7', wan({ duration: 7 }), 'duration'],
		['duration 5.5', wan({ duration: 5.5 }), 'duration'],
		['quality 4k', wan({ quality: '4k' }), 'quality'],
		['quality 720', wan({ quality: 720 }), 'quality'],
		['aspect 4:3 at 480p', wan({ quality: '480p', aspect_ratio: '4:3' }), 'aspect_ratio'],
		['aspect 3:4 at 480p', wan({ quality: '480p', aspect_ratio: '3:4' }), 'aspect_ratio'],
		['aspect 21:9', wan({ aspect_ratio: '21:9' }), 'aspect_ratio'],
		['prompt_extend string', wan({ prompt_extend: 'true' }), 'prompt_extend'],
		['kling-only negative_prompt', wan({ negative_prompt: 'text' }), 'negative_prompt'],
		['kling-only sound', wan({ sound: 'on' }), 'sound'],
		['unknown field', wan({ seed: 1 }), 'seed'],
		['null aspect', wan({ aspect_ratio: null }), 'aspect_ratio'],
	])('%s -> 400', async (_name, body, param) => {
		await expect400(body, param);
	});

	test.each([
		['minimal', wan()],
		['2000 chars', wan({ prompt: 'a'.repeat(2000) })],
		['2000 code points (emoji)', wan({ prompt: '😀'.repeat(2000) })],
		['4:3 at default 720p', wan({ aspect_ratio: '4:3' })],
		['3:4 at 1080p', wan({ quality: '1080p', aspect_ratio: '3:4', duration: 10, prompt_extend: false })],
		['1:1 at 480p', wan({ quality: '480p', aspect_ratio: '1:1' })],
	])('%s -> 200', async (_name, body) => {
		await expect200(body);
	});

	test('the create response matches the seed exactly', async () => {
		const before = Math.floor(Date.now() / 1000);
		const j = await expect200(wan());
		expect(Object.keys(j)).toEqual(['created', 'id', 'model', 'object', 'progress', 'status', 'task_info', 'type', 'usage']);
		expect(j).toMatchObject({
			model: WAN,
			object: 'video.generation.task',
			progress: 0,
			status: 'pending',
			task_info: { can_cancel: true, estimated_time: 120 },
			type: 'video',
			usage: { billing_rule: 'per_call', credits_reserved: 5, user_group: 'default' },
		});
		expect(j.task_info).not.toHaveProperty('video_duration');
		expect(j.created).toBeGreaterThanOrEqual(before);
		expect(j.id).toMatch(new RegExp(`^task-unified-${j.created}-[a-z0-9]{8}$`));
	});
});

describe('kling-v3-text-to-video validation', () => {
	const P = 'model_params.multi_prompt';
	test.each([
		['missing prompt', { model: KLING }, 'prompt'],
		['empty prompt', kling({ prompt: '' }), 'prompt'],
		['prompt over 2500', kling({ prompt: 'a'.repeat(2501) }), 'prompt'],
		['duration 2', kling({ duration: 2 }), 'duration'],
		['duration 16', kling({ duration: 16 }), 'duration'],
		['duration as string', kling({ duration: '5' }), 'duration'],
		['duration 5.5', kling({ duration: 5.5 }), 'duration'],
		['aspect 4:3', kling({ aspect_ratio: '4:3' }), 'aspect_ratio'],
		['quality 480p', kling({ quality: '480p' }), 'quality'],
		['quality 4k (t2v)', kling({ quality: '4k' }), 'quality'],
		['sound true', kling({ sound: true }), 'sound'],
		['sound yes', kling({ sound: 'yes' }), 'sound'],
		['negative_prompt number', kling({ negative_prompt: 1 }), 'negative_prompt'],
		['wan-only prompt_extend', kling({ prompt_extend: true }), 'prompt_extend'],
		['i2v-only image_start', kling({ image_start: 'https://example.com/a.png' }), 'image_start'],
		['model_params not an object', kling({ model_params: 'multi' }), 'model_params'],
		['model_params unknown key', klingMP({ camera: 'pan' }), 'model_params.camera'],
		['multi_shot string', klingMP({ multi_shot: 'true', shot_type: 'intelligence' }), 'model_params.multi_shot'],
		['multi_shot without shot_type', klingMP({ multi_shot: true }), 'model_params.shot_type'],
		['shot_type out of enum', klingMP({ multi_shot: true, shot_type: 'auto' }), 'model_params.shot_type'],
		['intelligence with empty prompt', klingMP({ multi_shot: true, shot_type: 'intelligence' }, { prompt: '' }), 'prompt'],
		['customize without multi_prompt', klingMP({ multi_shot: true, shot_type: 'customize' }), P],
		['multi_prompt empty', klingMP({ multi_shot: true, shot_type: 'customize', multi_prompt: [] }), P],
		['multi_prompt 7 items', klingMP({ multi_shot: true, shot_type: 'customize', multi_prompt: shots(7) }, { duration: 7 }), P],
		['multi_prompt not array', klingMP({ multi_shot: true, shot_type: 'customize', multi_prompt: {} }), P],
		['shot duration as number', klingMP({ multi_shot: true, shot_type: 'customize', multi_prompt: [{ index: 1, prompt: 'a', duration: 5 }] }), `${P}[0].duration`],
		['shot duration not integer', klingMP({ multi_shot: true, shot_type: 'customize', multi_prompt: [{ index: 1, prompt: 'a', duration: '2.5' }] }), `${P}[0].duration`],
		['shot duration missing', klingMP({ multi_shot: true, shot_type: 'customize', multi_prompt: [{ index: 1, prompt: 'a' }] }), `${P}[0].duration`],
		['shot prompt over 512', klingMP({ multi_shot: true, shot_type: 'customize', multi_prompt: [{ index: 1, prompt: 'a'.repeat(513), duration: '5' }] }), `${P}[0].prompt`],
		['shot prompt empty', klingMP({ multi_shot: true, shot_type: 'customize', multi_prompt: [{ index: 1, prompt: '', duration: '5' }] }), `${P}[0].prompt`],
		['shot index 0', klingMP({ multi_shot: true, shot_type: 'customize', multi_prompt: [{ index: 0, prompt: 'a', duration: '5' }] }), `${P}[0].index`],
		['shot index beyond count', klingMP({ multi_shot: true, shot_type: 'customize', multi_prompt: [{ index: 1, prompt: 'a', duration: '2' }, { index: 3, prompt: 'b', duration: '3' }] }), `${P}[1].index`],
		['shot index twice', klingMP({ multi_shot: true, shot_type: 'customize', multi_prompt: [{ index: 1, prompt: 'a', duration: '2' }, { index: 1, prompt: 'b', duration: '3' }] }), `${P}[1].index`],
		['shot index string', klingMP({ multi_shot: true, shot_type: 'customize', multi_prompt: [{ index: '1', prompt: 'a', duration: '5' }] }), `${P}[0].index`],
		['shot unknown key', klingMP({ multi_shot: true, shot_type: 'customize', multi_prompt: [{ index: 1, prompt: 'a', duration: '5', camera: 'x' }] }), `${P}[0].camera`],
		['shot sum != default 5', klingMP({ multi_shot: true, shot_type: 'customize', multi_prompt: shots(2) }), P],
		['shot sum != duration', klingMP({ multi_shot: true, shot_type: 'customize', multi_prompt: shots(3) }, { duration: 8 }), P],
		['watermark_info not object', klingMP({ watermark_info: true }), 'model_params.watermark_info'],
		['watermark enabled string', klingMP({ watermark_info: { enabled: 'yes' } }), 'model_params.watermark_info.enabled'],
		['watermark enabled missing', klingMP({ watermark_info: {} }), 'model_params.watermark_info.enabled'],
		['watermark unknown key', klingMP({ watermark_info: { enabled: true, position: 'tl' } }), 'model_params.watermark_info.position'],
	])('%s -> 400', async (_name, body, param) => {
		await expect400(body, param);
	});

	test('the create response matches the seed (per_second, video_duration, estimated 300)', async () => {
		const j = await expect200(kling({ duration: 5, aspect_ratio: '16:9', quality: '720p' }));
		expect(Object.keys(j)).toEqual(['created', 'id', 'model', 'object', 'progress', 'status', 'task_info', 'type', 'usage']);
		expect(j).toMatchObject({
			model: KLING,
			status: 'pending',
			progress: 0,
			task_info: { can_cancel: true, estimated_time: 300, video_duration: 5 },
			usage: { billing_rule: 'per_second', credits_reserved: 270000, user_group: 'default' },
		});
	});

	test.each([
		['prompt 2500 chars', kling({ prompt: 'a'.repeat(2500) }), 5],
		['duration 3', kling({ duration: 3 }), 3],
		['duration 15, 1080p, sound, negative prompt', kling({ duration: 15, quality: '1080p', sound: 'on', negative_prompt: 'text', aspect_ratio: '1:1' }), 15],
		['customize with empty prompt (default duration 5)', klingMP({ multi_shot: true, shot_type: 'customize', multi_prompt: shots(5) }, { prompt: '' }), 5],
		['customize with no prompt at all', { model: KLING, duration: 6, model_params: { multi_shot: true, shot_type: 'customize', multi_prompt: [{ index: 2, prompt: 'b', duration: '4' }, { index: 1, prompt: 'a', duration: '2' }] } }, 6],
		['customize with 6 shots', klingMP({ multi_shot: true, shot_type: 'customize', multi_prompt: shots(6, { prompt: 'x'.repeat(512) }) }, { duration: 6 }), 6],
		['intelligence with prompt', klingMP({ multi_shot: true, shot_type: 'intelligence' }), 5],
		['multi_shot false', klingMP({ multi_shot: false }), 5],
		['watermark on', klingMP({ watermark_info: { enabled: true } }), 5],
	])('%s -> 200', async (_name, body, seconds) => {
		const j = await expect200(body);
		expect(j.task_info.video_duration).toBe(seconds);
	});

	test('credits follow the documented per-second prices', async () => {
		expect((await expect200(kling({ quality: '1080p', sound: 'on' }))).usage.credits_reserved).toBe(540000);
		expect((await expect200(kling({ duration: 10, sound: 'on' }))).usage.credits_reserved).toBe(813600);
	});
});

describe('neighbouring models', () => {
	test('wan2.5-image-to-video: one image URL, no aspect_ratio', async () => {
		const base = { model: 'wan2.5-image-to-video', prompt: 'wave', image_urls: ['https://example.com/a.png'] };
		await expect200(base);
		await expect400({ ...base, aspect_ratio: '16:9' }, 'aspect_ratio');
		await expect400({ ...base, image_urls: [] }, 'image_urls');
		await expect400({ ...base, image_urls: ['https://a/1.png', 'https://a/2.png'] }, 'image_urls');
		await expect400({ ...base, image_urls: 'https://example.com/a.png' }, 'image_urls');
		await expect400({ ...base, image_urls: ['ftp://example.com/a.png'] }, 'image_urls[0]');
		await expect400({ model: 'wan2.5-image-to-video', prompt: 'wave' }, 'image_urls');
	});

	test('kling-v3-image-to-video: image_start or image_end, 4k allowed, no aspect_ratio', async () => {
		const base = { model: 'kling-v3-image-to-video', image_start: 'https://example.com/a.png' };
		const j = await expect200({ ...base, quality: '4k' });
		expect(j.usage.billing_rule).toBe('per_second');
		await expect200({ model: 'kling-v3-image-to-video', image_end: 'https://example.com/b.png', prompt: 'x' });
		await expect400({ model: 'kling-v3-image-to-video', prompt: 'x' }, 'image_start');
		await expect400({ ...base, aspect_ratio: '16:9' }, 'aspect_ratio');
		await expect400({ ...base, image_end: 42 }, 'image_end');
	});
});

describe('callback_url rules', () => {
	test.each([
		['http', 'http://example.com/hook'],
		['not a URL', 'not a url'],
		['not a string', 42],
		['over 2048 chars', `https://example.com/${'a'.repeat(2030)}`],
		['127.0.0.1', 'https://127.0.0.1/hook'],
		['127.8.9.10', 'https://127.8.9.10/hook'],
		['10.x', 'https://10.1.2.3/hook'],
		['172.16.x', 'https://172.16.0.1/hook'],
		['172.31.x', 'https://172.31.255.1/hook'],
		['192.168.x', 'https://192.168.1.10/hook'],
		['localhost', 'https://localhost:8443/hook'],
		['::1', 'https://[::1]/hook'],
	])('%s is refused', async (_name, url) => {
		await expect400(wan({ callback_url: url }), 'callback_url');
		await expect400(kling({ callback_url: url }), 'callback_url');
	});

	test('public https URLs are accepted (2048 chars is the limit)', async () => {
		const url = `https://example.com/${'a'.repeat(2048 - 'https://example.com/'.length)}`;
		expect(url).toHaveLength(2048);
		await expect200(wan({ callback_url: url }));
		await expect200(kling({ callback_url: 'https://172.32.0.1/hook' }));
		await expect200(kling({ callback_url: 'https://hooks.example.org/video?token=abc' }));
	});
});

describe('task lifecycle', () => {
	test('pending -> processing -> completed with integer progress rising to 100', async () => {
		sim.nextTasks([{ seconds: 1 }]);
		const { id } = await expect200(kling());
		/** @type {any[]} */
		const seen = [];
		const until = Date.now() + 3000;
		while (Date.now() < until) {
			const t = await getTask(id);
			seen.push(t);
			if (t.status === 'completed') break;
			await sleep(40);
		}
		const statuses = [...new Set(seen.map((t) => t.status))];
		expect(statuses).toEqual(['pending', 'processing', 'completed']);
		const progress = seen.map((t) => t.progress);
		expect(progress.every((p) => Number.isInteger(p) && p >= 0 && p <= 100)).toBe(true);
		expect([...progress].sort((a, b) => a - b)).toEqual(progress);
		expect(seen.filter((t) => t.status === 'pending').every((t) => t.progress === 0)).toBe(true);
		expect(seen.filter((t) => t.status === 'processing').every((t) => t.progress >= 1 && t.progress <= 99)).toBe(true);
		const done = seen[seen.length - 1];
		expect(done).toMatchObject({ status: 'completed', progress: 100, results: [`${sim.url}/files/${id}.mp4`] });
		expect(done.task_info).toEqual({ can_cancel: false, estimated_time: 300, video_duration: 5 });
		expect(done).not.toHaveProperty('error');
	});

	test('progress is linear in wall-clock time over the task duration', async () => {
		sim.nextTasks([{ seconds: 2 }]);
		const { id } = await expect200(wan());
		await sleep(1000);
		const t = await getTask(id);
		expect(t.status).toBe('processing');
		expect(t.progress).toBeGreaterThanOrEqual(45);
		expect(t.progress).toBeLessThanOrEqual(60);
		expect(t.task_info.can_cancel).toBe(true);
	});

	test('task ids: 400 invalid_task_id, 404 task_not_found, and tasks belong to their key', async () => {
		let r = await api('/v1/tasks/abc-123');
		expect(r.status).toBe(400);
		expect((await r.json()).error).toMatchObject({ code: 'invalid_task_id', type: 'invalid_request_error' });
		r = await api('/v1/tasks/task-unified-1757169743-7cvnl5zw');
		expect(r.status).toBe(404);
		expect((await r.json()).error).toMatchObject({ code: 'task_not_found', type: 'not_found_error' });
		const { id } = await expect200(wan());
		expect((await api(`/v1/tasks/${id}`, { key: KEY2 })).status).toBe(404);
		expect((await api(`/v1/tasks/${id}`)).status).toBe(200);
		expect((await api(`/v1/tasks/${id}`, { key: null })).status).toBe(401);
	});

	test('failure from nextTasks: status failed with a task_error', async () => {
		sim.nextTasks([{ fail: 'content_policy_violation', afterSeconds: 0.2 }]);
		const { id } = await expect200(kling());
		await sleep(350);
		const t = await getTask(id);
		expect(t.status).toBe('failed');
		expect(t.error).toEqual({ code: 'content_policy_violation', message: expect.any(String), type: 'task_error' });
		expect(t).not.toHaveProperty('results');
		expect(t.task_info.can_cancel).toBe(false);
		expect((await fetch(`${sim.url}/files/${id}.mp4`)).status).toBe(404);
	});

	test('prompt markers drive outcomes from end-to-end workflows', async () => {
		const a = await expect200(wan({ prompt: 'a cat [sim:fail=generation_timeout] [sim:fail-after=0.1]' }));
		const b = await expect200(kling({ prompt: 'a dog [sim:seconds=0.2]' }));
		const c = await expect200(kling({ prompt: 'slow [sim:never] [sim:seconds=0.2]' }));
		const shot = klingMP(
			{ multi_shot: true, shot_type: 'customize', multi_prompt: [{ index: 1, prompt: 'x [sim:fail=service_error]', duration: '5' }] },
			{ prompt: '' },
		);
		const d = await expect200({ ...shot, prompt: '[sim:seconds=0.1]' });
		await sleep(450);
		expect((await getTask(a.id)).error.code).toBe('generation_timeout');
		expect((await getTask(b.id)).status).toBe('completed');
		const never = await getTask(c.id);
		expect(never.status).toBe('processing');
		expect(never.progress).toBe(99);
		expect((await getTask(d.id)).error.code).toBe('service_error');
		expect(sim.task(c.id)?.internal.endAfterMs).toBeNull();
	});

	test('nextTasks applies in order; tasks can be ended by hand', async () => {
		sim.nextTasks([{ never: true }, { seconds: 30 }]);
		const a = await expect200(wan());
		const b = await expect200(wan());
		sim.completeTask(a.id);
		sim.failTask(b.id, 'resource_exhausted', 'try later');
		expect((await getTask(a.id)).status).toBe('completed');
		expect((await getTask(b.id)).error).toEqual({ code: 'resource_exhausted', message: 'try later', type: 'task_error' });
		expect(() => sim.nextTasks([{ resultBytes: 10 }])).toThrow(RangeError);
	});

	test('estimated_time and task duration are configured independently, per model', async () => {
		const s = await startSimulator({ taskSeconds: { default: 0.2, perModel: { [KLING]: 5 } }, estimatedSeconds: { default: 7, perModel: { [KLING]: 11 } } });
		try {
			const post = (/** @type {object} */ b) =>
				fetch(`${s.url}/v1/videos/generations`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(b) }).then((r) => r.json());
			const w = await post(wan());
			const k = await post(kling());
			expect(w.task_info.estimated_time).toBe(7);
			expect(k.task_info.estimated_time).toBe(11);
			expect(s.task(w.id)?.internal.durationMs).toBe(200);
			expect(s.task(k.id)?.internal.durationMs).toBe(5000);
		} finally {
			await s.close();
		}
	});
});

describe('result files', () => {
	/** Top-level MP4 boxes of a buffer: [type, size][] (must tile it exactly). */
	function boxes(/** @type {Buffer} */ buf) {
		/** @type {[string, number][]} */
		const out = [];
		let pos = 0;
		while (pos < buf.length) {
			let size = buf.readUInt32BE(pos);
			const type = buf.toString('latin1', pos + 4, pos + 8);
			if (size === 1) size = Number(buf.readBigUInt64BE(pos + 8));
			if (size < 8) throw new Error(`bad box at ${pos}`);
			out.push([type, size]);
			pos += size;
		}
		expect(pos).toBe(buf.length);
		return out;
	}

	test('the sample is a real MP4 (ftyp, moov, mdat) served as video/mp4 without auth', async () => {
		sim.nextTasks([{ seconds: 0 }]);
		const { id } = await expect200(wan());
		const t = await getTask(id);
		const r = await fetch(t.results[0]);
		expect(r.status).toBe(200);
		expect(r.headers.get('content-type')).toBe('video/mp4');
		expect(r.headers.get('content-length')).toBe(String(SAMPLE.length));
		const buf = Buffer.from(await r.arrayBuffer());
		expect(buf.equals(SAMPLE)).toBe(true);
		expect(buf.toString('latin1', 4, 8)).toBe('ftyp');
		expect(boxes(buf).map(([type]) => type)).toEqual(expect.arrayContaining(['ftyp', 'moov', 'mdat']));
		const head = await fetch(t.results[0], { method: 'HEAD' });
		expect(head.headers.get('content-length')).toBe(String(SAMPLE.length));
		const part = await fetch(t.results[0], { headers: { range: 'bytes=4-7' } });
		expect(part.status).toBe(206);
		expect(part.headers.get('content-range')).toBe(`bytes 4-7/${SAMPLE.length}`);
		expect(Buffer.from(await part.arrayBuffer()).toString('latin1')).toBe('ftyp');
	});

	test('files exist only for completed tasks', async () => {
		const { id } = await expect200(wan());
		expect((await fetch(`${sim.url}/files/${id}.mp4`)).status).toBe(404);
		expect((await fetch(`${sim.url}/files/task-unified-1-abcdefgh.mp4`)).status).toBe(404);
	});

	test('a large result has the exact Content-Length and ends with the padding free box', async () => {
		const total = 3 * 1024 * 1024 + 5;
		sim.nextTasks([{ seconds: 0, resultBytes: total }]);
		const { id } = await expect200(kling());
		const r = await fetch(`${sim.url}/files/${id}.mp4`);
		expect(r.headers.get('content-length')).toBe(String(total));
		const buf = Buffer.from(await r.arrayBuffer());
		expect(buf.length).toBe(total);
		expect(buf.subarray(0, SAMPLE.length).equals(SAMPLE)).toBe(true);
		const list = boxes(buf);
		expect(list[0][0]).toBe('ftyp');
		expect(list[list.length - 1]).toEqual(['free', total - SAMPLE.length]);
		expect(sim.stats().tasks[id].downloads).toBe(1);
	});

	test('large results are streamed, not held in memory', async () => {
		expect(createResultStream(10 * 1024 * 1024)).toBeInstanceOf(Readable);
		const total = 160 * 1024 * 1024;
		sim.nextTasks([{ seconds: 0, resultBytes: total }]);
		const { id } = await expect200(wan());
		const base = process.memoryUsage();
		let peak = 0;
		let got = 0;
		const r = await fetch(`${sim.url}/files/${id}.mp4`);
		const reader = /** @type {ReadableStreamDefaultReader<Uint8Array>} */ (r.body?.getReader());
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			got += value.length;
			if ((got & 0xfffff) < value.length) {
				const m = process.memoryUsage();
				peak = Math.max(peak, m.arrayBuffers - base.arrayBuffers, m.heapUsed - base.heapUsed);
			}
		}
		expect(got).toBe(total);
		expect(peak).toBeLessThan(64 * 1024 * 1024);
	});

	test('over 4 GiB the free box uses the 64-bit largesize form', async () => {
		const total = SAMPLE.length + 5 * 1024 ** 3;
		const h = freeHeader(total - SAMPLE.length);
		expect(h.readUInt32BE(0)).toBe(1);
		expect(h.toString('latin1', 4, 8)).toBe('free');
		expect(Number(h.readBigUInt64BE(8))).toBe(total - SAMPLE.length);
		/** @type {Buffer[]} */
		const parts = [];
		for await (const c of createResultStream(total, SAMPLE.length, SAMPLE.length + 15)) parts.push(c);
		expect(Buffer.concat(parts).equals(h)).toBe(true);
		expect(freeHeader(100).readUInt32BE(0)).toBe(100);
	});
});

describe('fault injection', () => {
	test('the next N matching requests get the injected status, then normal service resumes', async () => {
		const { id } = await expect200(wan());
		sim.inject({ match: 'GET /v1/tasks', status: 500, times: 2 });
		const statuses = [];
		for (let i = 0; i < 3; i++) statuses.push((await api(`/v1/tasks/${id}`)).status);
		expect(statuses).toEqual([500, 500, 200]);
		expect(sim.requests.filter((q) => q.injected).length).toBe(2);
	});

	test('each documented error type, with fallback suggestions and optional Retry-After', async () => {
		/** @type {[number, string, object][]} */
		const cases = [
			[402, 'insufficient_quota_error', { fallback_suggestion: expect.stringMatching(/^https:\/\//) }],
			[403, 'permission_error', {}],
			[429, 'rate_limit_error', { fallback_suggestion: 'retry after 60 seconds' }],
			[500, 'internal_server_error', {}],
			[502, 'upstream_error', {}],
			[503, 'service_unavailable_error', {}],
		];
		for (const [status, type, extra] of cases) {
			sim.inject({ match: 'POST /v1/videos/generations', status });
			const r = await create(wan());
			expect(r.status).toBe(status);
			expect((await r.json()).error).toMatchObject({ type, message: expect.any(String), ...extra });
			expect(r.headers.get('retry-after')).toBeNull();
		}
		sim.inject({ match: 'POST /v1/videos/generations', status: 429, retryAfter: 2 });
		const r = await create(wan());
		expect(r.headers.get('retry-after')).toBe('2');
		sim.inject({ match: '/v1/credits', status: 403, code: 'model_access_denied', message: 'nope' });
		expect((await (await api('/v1/credits')).json()).error).toMatchObject({ code: 'model_access_denied', message: 'nope' });
		expect(sim.tasks()).toHaveLength(0);
	});

	test('drop, reset, hang, delay and skip', async () => {
		sim.inject({ match: 'GET /v1/credits', action: 'drop' });
		await expect(api('/v1/credits')).rejects.toThrow();
		sim.inject({ match: 'GET /v1/credits', action: 'reset' });
		await expect(api('/v1/credits')).rejects.toThrow();
		sim.inject({ match: 'GET /v1/credits', action: 'hang' });
		await expect(fetch(`${sim.url}/v1/credits`, { headers: { authorization: `Bearer ${KEY}` }, signal: AbortSignal.timeout(200) })).rejects.toThrow();
		sim.inject({ match: 'GET /v1/credits', action: 'delay', delayMs: 150 });
		const t0 = Date.now();
		expect((await api('/v1/credits')).status).toBe(200);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
		sim.inject({ match: 'GET /v1/credits', status: 503, skip: 1 });
		expect((await api('/v1/credits')).status).toBe(200);
		expect((await api('/v1/credits')).status).toBe(503);
		expect((await api('/v1/credits')).status).toBe(200);
		expect(sim.requests.map((q) => q.status).slice(0, 3)).toEqual(['dropped', 'reset', 'hung']);
	});

	test('drop-response: the create is accepted (a task exists) but the answer is lost', async () => {
		sim.inject({ match: 'POST /v1/videos/generations', action: 'drop-response' });
		await expect(create(wan())).rejects.toThrow();
		expect(sim.tasks()).toHaveLength(1);
	});

	test('refused connections (ECONNREFUSED) for a while', async () => {
		await sim.refuseConnections(300);
		const err = await api('/v1/credits').catch((e) => e);
		expect(err.cause?.code).toBe('ECONNREFUSED');
		await sleep(400);
		expect((await api('/v1/credits')).status).toBe(200);
		const r = await fetch(`${sim.url}/__sim/refuse`, { method: 'POST', body: JSON.stringify({ ms: 200 }) });
		expect(await r.json()).toEqual({ ok: true, ms: 200 });
		expect((await api('/v1/credits').catch((e) => e)).cause?.code).toBe('ECONNREFUSED');
		await sleep(300);
		expect((await api('/v1/credits')).status).toBe(200);
	});

	test('faults over HTTP: POST/GET/DELETE /__sim/inject', async () => {
		let r = await fetch(`${sim.url}/__sim/inject`, { method: 'POST', body: JSON.stringify({ match: 'GET /v1/credits', status: 502, times: -1 }) });
		expect((await r.json()).rules[0]).toMatchObject({ status: 502, remaining: -1 });
		expect((await api('/v1/credits')).status).toBe(502);
		expect((await api('/v1/credits')).status).toBe(502);
		await fetch(`${sim.url}/__sim/inject`, { method: 'DELETE' });
		expect((await api('/v1/credits')).status).toBe(200);
		r = await fetch(`${sim.url}/__sim/inject`, { method: 'POST', body: JSON.stringify({ match: 'GET /v1/credits' }) });
		expect(r.status).toBe(400);
	});
});

describe('request log and stats', () => {
	test('records what was sent, never the key', async () => {
		await create(kling({ duration: 6 }));
		await api('/v1/credits?x=1', { key: 'sk-evo-not-a-valid-key-999' });
		await fetch(`${sim.url}/v1/credits`);
		const [a, b, c] = sim.requests;
		expect(a).toMatchObject({ method: 'POST', path: '/v1/videos/generations', body: kling({ duration: 6 }), status: 200, auth: { present: true, valid: true } });
		expect(a.headers['content-type']).toBe('application/json');
		expect(a.headers).not.toHaveProperty('authorization');
		expect(a.response).toMatchObject({ status: 'pending' });
		expect(b).toMatchObject({ method: 'GET', path: '/v1/credits', query: { x: '1' }, auth: { present: true, valid: false }, status: 401 });
		expect(c.auth).toEqual({ present: false, bearer: false, valid: false });
		expect(typeof a.time).toBe('number');
		const dump = JSON.stringify(sim.requests);
		expect(dump).not.toContain(KEY);
		expect(dump).not.toContain('sk-evo-not-a-valid');
		const viaHttp = await (await fetch(`${sim.url}/__sim/requests`)).json();
		expect(viaHttp.requests).toHaveLength(3);
		await fetch(`${sim.url}/__sim/reset`, { method: 'POST' });
		expect(sim.requests).toHaveLength(0);
	});

	test('a key leaked outside Authorization is redacted and reported, never echoed', async () => {
		const r = await api(`/v1/videos/generations?api_key=${KEY}`, { body: wan({ aspect_ratio: KEY }) });
		const text = await r.text();
		expect(r.status).toBe(400);
		expect(text).not.toContain(KEY);
		const q = sim.requests[0];
		expect(q.secretLeaks).toEqual(expect.arrayContaining(['query.api_key', 'body.aspect_ratio']));
		expect(JSON.stringify(q)).not.toContain(KEY);
	});

	test('stats count queries per task and measure how late completion was noticed', async () => {
		sim.nextTasks([{ seconds: 0.3 }]);
		const { id } = await expect200(wan());
		await getTask(id);
		await sleep(450);
		await getTask(id);
		await getTask(id);
		const s = sim.stats().tasks[id];
		expect(s).toMatchObject({ status: 'completed', queries: 3 });
		expect(s.completedAt).toBe(/** @type {number} */ (s.createdAt) + 300);
		expect(s.noticeDelayMs).toBeGreaterThanOrEqual(100);
		expect(s.noticeDelayMs).toBeLessThan(400);
		const viaHttp = await (await fetch(`${sim.url}/__sim/stats`)).json();
		expect(viaHttp.tasks[id].queries).toBe(3);
	});

	test('HTTP controls: next-tasks, task view, complete', async () => {
		await fetch(`${sim.url}/__sim/next-tasks`, { method: 'POST', body: JSON.stringify([{ never: true }]) });
		const { id } = await expect200(wan());
		expect((await (await fetch(`${sim.url}/__sim/tasks/${id}`)).json()).internal.endAfterMs).toBeNull();
		await fetch(`${sim.url}/__sim/tasks/${id}`, { method: 'POST', body: JSON.stringify({ complete: true }) });
		expect((await getTask(id)).status).toBe('completed');
		const cfg = await (await fetch(`${sim.url}/__sim/config`)).json();
		expect(cfg).not.toHaveProperty('apiKeys');
		expect(JSON.stringify(cfg)).not.toContain(KEY);
	});
});

describe('callbacks', () => {
	/** @type {import('./index').Simulator} */
	let cs;
	/** @type {http.Server} */
	let receiver;
	/** @type {{body: any, at: number}[]} */
	let got = [];
	/** @type {number[]} statuses to answer, in order (then 200) */
	let plan = [];
	let hookUrl = '';

	beforeAll(async () => {
		cs = await startSimulator({ allowInsecureCallbacks: true, callbackRetryDelaysMs: [50, 100, 200], callbackTimeoutMs: 300, taskSeconds: 0.1 });
		receiver = http.createServer((req, res) => {
			let text = '';
			req.on('data', (c) => (text += c));
			req.on('end', () => {
				got.push({ body: JSON.parse(text), at: Date.now() });
				const status = plan.shift() ?? 200;
				if (status === 0) return; // hang: never answer
				res.writeHead(status).end();
			});
		});
		await new Promise((r) => receiver.listen(0, '127.0.0.1', () => r(undefined)));
		hookUrl = `http://127.0.0.1:${/** @type {any} */ (receiver.address()).port}/hook?token=t0k`;
	});
	afterAll(async () => {
		await cs.close();
		receiver.closeAllConnections();
		await new Promise((r) => receiver.close(r));
	});
	beforeEach(() => {
		cs.reset();
		got = [];
		plan = [];
	});
	/** @param {object} body */
	const post = (body) =>
		fetch(`${cs.url}/v1/videos/generations`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());

	test('on completion the task JSON is POSTed once to callback_url', async () => {
		const { id } = await post(wan({ callback_url: hookUrl }));
		await sleep(200);
		await cs.settleCallbacks();
		expect(got).toHaveLength(1);
		const now = await (await fetch(`${cs.url}/v1/tasks/${id}`, { headers: { authorization: `Bearer ${KEY}` } })).json();
		expect(got[0].body).toEqual(now);
		expect(got[0].body.status).toBe('completed');
		expect(cs.callbacks).toEqual([expect.objectContaining({ taskId: id, attempt: 1, status: 200, ok: true, taskStatus: 'completed' })]);
	});

	test('retries after non-2xx with the configured delays, stops on success', async () => {
		plan = [500, 404];
		await post(kling({ callback_url: hookUrl }));
		await sleep(150);
		await cs.settleCallbacks();
		expect(cs.callbacks.map((a) => [a.attempt, a.status, a.ok])).toEqual([[1, 500, false], [2, 404, false], [3, 200, true]]);
		expect(got[1].at - got[0].at).toBeGreaterThanOrEqual(45);
		expect(got[2].at - got[1].at).toBeGreaterThanOrEqual(95);
	});

	test('at most 3 retries; network errors and timeouts count as failures', async () => {
		plan = [500, 503, 0, 502, 200];
		const { id } = await post(wan({ callback_url: hookUrl, prompt: 'x [sim:fail=content_policy_violation]' }));
		await sleep(150);
		await cs.settleCallbacks();
		expect(cs.callbacks.map((a) => a.status ?? a.error)).toEqual([500, 503, 'timeout', 502]);
		expect(got.every((g) => g.body.status === 'failed' && g.body.id === id)).toBe(true);
		expect(cs.stats().tasks[id].callbackAttempts).toBe(4);

		const dead = 'http://127.0.0.1:1/hook';
		await post(wan({ callback_url: dead }));
		await sleep(150);
		await cs.settleCallbacks();
		const attempts = cs.callbacks.filter((a) => a.url === dead);
		expect(attempts).toHaveLength(4);
		expect(attempts.every((a) => !a.ok && a.error)).toBe(true);
		const viaHttp = await (await fetch(`${cs.url}/__sim/callbacks`)).json();
		expect(viaHttp.attempts).toHaveLength(8);
	});

	test('tasks without callback_url send nothing', async () => {
		await post(wan());
		await sleep(200);
		await cs.settleCallbacks();
		expect(got).toHaveLength(0);
	});
});

describe('CLI', () => {
	test('prints the listening line, serves the API, stops on SIGTERM', async () => {
		const child = spawn(process.execPath, [path.join(__dirname, 'cli.js'), '--port', '0', '--task-seconds', '1', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
		try {
			const line = await new Promise((resolve, reject) => {
				let out = '';
				child.stdout.on('data', (c) => {
					out += c;
					if (out.includes('\n')) resolve(out.split('\n')[0]);
				});
				child.on('exit', () => reject(new Error(`cli exited: ${out}`)));
			});
			const m = /^EvoLink simulator listening on (http:\/\/127\.0\.0\.1:\d+) \(api key: sk-evo-sim-0+\)$/.exec(String(line));
			expect(m).not.toBeNull();
			const url = /** @type {RegExpExecArray} */ (m)[1];
			expect((await fetch(`${url}/v1/credits`, { headers: { authorization: `Bearer ${KEY}` } })).status).toBe(200);
		} finally {
			const code = await new Promise((r) => {
				child.on('exit', (c) => r(c));
				child.kill('SIGTERM');
			});
			expect(code).toBe(0);
		}
	});
});
