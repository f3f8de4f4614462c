// @ts-check
'use strict';

/*
 * Every catalogue model (test/fixtures/evolink-video-models.json): a minimal valid body is
 * accepted, and a table of invalid bodies generated from the catalogue's schema is refused
 * with 400 invalid_request naming the right param. Bodies come from the catalogue file
 * (catalogue-testkit.js), not from the simulator's code.
 */

const fs = require('fs');
const { startSimulator, DEFAULT_API_KEY } = require('./index');
const { validateCreate, MODELS } = require('./models');
const kit = require('./catalogue-testkit');

/** @type {import('./index').Simulator} */
let sim;
let draftId = '';

/** @param {unknown} body */
async function create(body) {
	const json = JSON.stringify(body).split(kit.DRAFT_ID).join(draftId);
	const r = await fetch(`${sim.url}/v1/videos/generations`, {
		method: 'POST',
		headers: { authorization: `Bearer ${DEFAULT_API_KEY}`, 'content-type': 'application/json' },
		body: json,
	});
	return { status: r.status, json: await r.json() };
}

beforeAll(async () => {
	sim = await startSimulator({ taskSeconds: 60 });
	// seedance-2.5-draft-to-video needs a completed draft task of this key.
	const d = await create({ model: 'seedance-2.5-text-to-video', prompt: 'a draft', draft: true });
	expect(d.status).toBe(200);
	draftId = d.json.id;
	sim.completeTask(draftId);
});
afterAll(() => sim.close());

/** Every http(s) string in a body, with its path (what mediaUrls must list). @param {unknown} v @param {string} p */
function urlsIn(v, p = '') {
	/** @type {Array<{param: string, url: string}>} */
	const out = [];
	if (typeof v === 'string' && /^https?:\/\//.test(v) && p !== 'callback_url') out.push({ param: p, url: v });
	else if (Array.isArray(v)) v.forEach((x, i) => out.push(...urlsIn(x, `${p}[${i}]`)));
	else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...urlsIn(x, p ? `${p}.${k}` : k));
	return out;
}
/** @param {Array<{param: string}>} a */
const byParam = (a) => [...a].sort((x, y) => (x.param < y.param ? -1 : 1));

/** Defaults stated only in the rules prose ("Default 4 (prose only)"...). */
/** @type {Record<string, number>} */
const PROSE_DEFAULT_DURATION = {
	'veo-3.1-generate-preview': 4,
	'veo-3.1-fast-generate-preview': 4,
	'sora-2-preview': 4,
	'doubao-seedance-1.0-pro-fast': 5,
	'seedance-1.5-pro': 5,
};

describe('the catalogue fixture', () => {
	(fs.existsSync(kit.SHARED) ? test : test.skip)('is a byte-identical copy of /work/shared/evolink-video-models.json', () => {
		expect(fs.readFileSync(kit.FIXTURE).equals(fs.readFileSync(kit.SHARED))).toBe(true);
	});

	test('the simulator serves exactly the 89 catalogue models', () => {
		expect(kit.MODEL_IDS).toHaveLength(89);
		expect(Object.keys(MODELS).sort()).toEqual([...kit.MODEL_IDS].sort());
	});

	test('an unknown model is 404 model_not_found', async () => {
		const r = await create({ model: 'not-a-model', prompt: 'x' });
		expect({ status: r.status, ...r.json.error }).toMatchObject({ status: 404, code: 'model_not_found', type: 'not_found_error', param: 'model' });
	});
});

describe.each(kit.MODEL_IDS)('%s', (id) => {
	test('the minimal valid body (required params, valid values) is accepted', async () => {
		const body = kit.minimalBody(id);
		const r = await create(body);
		if (r.status !== 200) throw new Error(`expected 200 for ${JSON.stringify(body)}, got ${r.status} ${JSON.stringify(r.json)}`);
		expect(r.json).toMatchObject({ model: id, object: 'video.generation.task', progress: 0, status: 'pending', type: 'video' });
		expect(r.json.id).toMatch(/^task-unified-\d+-[a-z0-9]{8}$/);
		expect(Number.isInteger(r.json.task_info.estimated_time) && r.json.task_info.estimated_time > 0).toBe(true);
		expect(['per_call', 'per_second', 'per_token']).toContain(r.json.usage.billing_rule);
		expect(typeof r.json.usage.credits_reserved).toBe('number');

		const withId = JSON.parse(JSON.stringify(body).split(kit.DRAFT_ID).join(draftId));
		const a = validateCreate(withId, { allowInsecureCallbacks: false });
		expect(byParam(a.mediaUrls)).toEqual(byParam(urlsIn(withId)));
		const def = kit.CATALOGUE.models[id].params.duration?.default;
		expect(a.videoDuration).toBe(PROSE_DEFAULT_DURATION[id] ?? (typeof def === 'number' && def > 0 ? def : 5));
		expect(a.prompts).toEqual(typeof body.prompt === 'string' ? [body.prompt] : []);
		expect(a.callbackUrl).toBeUndefined();
	});

	test('callback_url is accepted (not in the catalogue, optional on every model) and checked', async () => {
		const ok = await create({ ...kit.minimalBody(id), callback_url: 'https://hooks.example.com/evolink' });
		expect(ok.status).toBe(200);
		const r = await create({ ...kit.minimalBody(id), callback_url: 'http://hooks.example.com/evolink' });
		expect({ status: r.status, ...r.json.error }).toMatchObject({ status: 400, code: 'invalid_request', type: 'invalid_request_error', param: 'callback_url' });
	});

	test.each(kit.invalidCases(id))('%s -> 400', async (_what, body, param) => {
		const r = await create(body);
		expect({ status: r.status, code: r.json.error?.code, type: r.json.error?.type, param: r.json.error?.param }).toEqual({
			status: 400,
			code: 'invalid_request',
			type: 'invalid_request_error',
			param,
		});
		expect(typeof r.json.error.message).toBe('string');
	});
});
