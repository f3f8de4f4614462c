// @ts-check
'use strict';

/*
 * Test helpers for the catalogue tests: request bodies built from the catalogue FILE alone
 * (not from the simulator's rule code), so a wrong simulator rule fails a test too.
 */

const fs = require('fs');
const path = require('path');

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'evolink-video-models.json');
const SHARED = '/work/shared/evolink-video-models.json';

/** @typedef {import('./catalogue/util').Param} Param */
/** @typedef {Record<string, any>} Body */

/** @type {{models: Record<string, {required: string[], params: Record<string, Param>}>}} */
const CATALOGUE = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));
const MODEL_IDS = Object.keys(CATALOGUE.models);

/** Stands for the id of a completed seedance-2.5 draft task, filled in at request time. */
const DRAFT_ID = '<draft-task-id>';

/** @param {string} name @param {number} [i] */
const mediaUrl = (name, i = 0) => `https://example.com/media/${name.replace(/\W+/g, '-')}-${i}.bin`;

/**
 * A valid value for a schema (default, first enum value, minimum...); objects get their
 * required properties.
 * @param {Param} s @param {string} name @param {number} [i]
 * @returns {any}
 */
function valueFor(s, name, i = 0) {
	if (s.default !== undefined && (!s.enum || s.enum.includes(s.default))) return structuredClone(s.default);
	if (s.enum) return s.enum[0];
	const type = s.type.split('|')[0];
	if (type === 'string') {
		if (s.format === 'uri') return mediaUrl(name, i);
		if (name === 'source_task_id') return DRAFT_ID;
		return name.endsWith('duration') ? '5' : 'A cat playing the piano'.slice(0, s.maxLength);
	}
	if (type === 'integer' || type === 'number') return s.minimum ?? 1;
	if (type === 'boolean') return false;
	if (type === 'array') {
		const n = Math.max(s.minItems ?? 1, 1);
		return Array.from({ length: n }, (_, k) => (s.items ? valueFor(s.items, name, k) : 'x'));
	}
	if (type === 'object') return requiredOf(s.properties ?? {}, `${name}.`);
	throw new Error(`no value for type ${s.type}`);
}

/** @param {Record<string, Param>} props @param {string} prefix */
function requiredOf(props, prefix = '') {
	/** @type {Body} */
	const o = {};
	for (const [k, s] of Object.entries(props)) if (s.required) o[k] = valueFor(s, prefix + k);
	return o;
}

/**
 * What the catalogue's `rules` texts require on top of the schema's required flags, for a
 * request to be valid ("Needed for text-to-video", "Not in the schema's required list
 * although ...", "At least one image or video is needed", "image_refer needs
 * element_image_list", ...). Deep-merged into the required-only body.
 * @type {Record<string, Body>}
 */
const EXTRA = {
	'MiniMax-Hailuo-02': { prompt: 'A cat playing the piano' },
	'gemini-omni-flash-image-to-video': { image_urls: [mediaUrl('image_urls')] },
	'gemini-omni-flash-video-edit': { video_urls: [mediaUrl('video_urls')] },
	'kling-custom-element': {
		model_params: {
			element_image_list: {
				frontal_image: mediaUrl('frontal_image'),
				refer_images: [{ image_url: mediaUrl('refer_images') }],
			},
		},
	},
	'kling-o3-image-to-video': { image_start: mediaUrl('image_start') },
	'kling-o3-video-edit': { video_url: mediaUrl('video_url') },
	'minimax-h3-image-to-video': { image_start: mediaUrl('image_start') },
	'minimax-h3-reference-to-video': { image_urls: [mediaUrl('image_urls')] },
	'seedance-2.0-reference-to-video': { image_urls: [mediaUrl('image_urls')] },
	'seedance-2.0-fast-reference-to-video': { image_urls: [mediaUrl('image_urls')] },
	'seedance-2.0-mini-reference-to-video': { image_urls: [mediaUrl('image_urls')] },
	'seedance-2.5-reference-to-video': { image_urls: [mediaUrl('image_urls')] },
	'wan2.7-image-to-video': { image_start: mediaUrl('image_start') },
	'wan2.7-reference-video': { image_urls: [mediaUrl('image_urls')] },
	'wan3.0-reference-video': { prompt: 'A cat playing the piano' },
	'wan3.0-prime-reference-video': { prompt: 'A cat playing the piano' },
};

/** @param {any} a @param {any} b */
function deepMerge(a, b) {
	if (!b || typeof b !== 'object' || Array.isArray(b) || !a || typeof a !== 'object' || Array.isArray(a)) return structuredClone(b);
	const out = { ...a };
	for (const [k, v] of Object.entries(b)) out[k] = k in a ? deepMerge(a[k], v) : structuredClone(v);
	return out;
}

/** The smallest valid body of a model: `model`, the required params, EXTRA. @param {string} id @returns {Body} */
function minimalBody(id) {
	return { model: id, ...deepMerge(requiredOf(CATALOGUE.models[id].params), EXTRA[id] ?? {}) };
}

/**
 * Every schema node of a model with its path segments (objects' properties, and the
 * item schema of arrays of objects as index 0).
 * @param {Record<string, Param>} props @param {(string | number)[]} [at]
 * @returns {Array<{segs: (string | number)[], s: Param}>}
 */
function schemaNodes(props, at = []) {
	/** @type {Array<{segs: (string | number)[], s: Param}>} */
	const out = [];
	for (const [k, s] of Object.entries(props)) {
		const segs = [...at, k];
		out.push({ segs, s });
		if (s.type === 'object' && s.properties) out.push(...schemaNodes(s.properties, segs));
		if (s.type === 'array' && s.items?.type === 'object' && s.items.properties) out.push(...schemaNodes(s.items.properties, [...segs, 0]));
	}
	return out;
}

/** 'model_params.multi_prompt[0].index' @param {(string | number)[]} segs */
const paramOf = (segs) => segs.map((x, i) => (typeof x === 'number' ? `[${x}]` : i ? `.${x}` : x)).join('');

/**
 * A copy of `body` with `value` at `segs` (undefined deletes); missing parents are made
 * valid from their schemas (required properties filled in).
 * @param {string} id @param {Body} body @param {(string | number)[]} segs @param {unknown} value
 */
function withValue(id, body, segs, value) {
	const out = structuredClone(body);
	/** @type {any} */
	let o = out;
	/** @type {any} */
	let schema = { type: 'object', properties: CATALOGUE.models[id].params };
	for (let i = 0; i < segs.length - 1; i++) {
		const seg = segs[i];
		schema = typeof seg === 'number' ? schema.items : schema.properties[seg];
		if (o[seg] === undefined || typeof o[seg] !== 'object') {
			o[seg] = schema.type === 'array' ? [valueFor(/** @type {Param} */ (schema.items), String(seg))] : valueFor(schema, String(seg));
		}
		o = o[seg];
	}
	const last = segs[segs.length - 1];
	if (value === undefined) delete o[last];
	else o[last] = value;
	return out;
}

/** A value of another JSON type. @param {Param} s */
function wrongType(s) {
	const t = s.type;
	if (t === 'integer|string') return true;
	return { string: 12345, integer: '5', number: 'five', boolean: 'true', array: 'not-an-array', object: 'not-an-object' }[t];
}

/**
 * Invalid variants of a model's minimal body, each with the param the 400 must name.
 * @param {string} id @returns {Array<[string, Body, string]>}
 */
function invalidCases(id) {
	const base = minimalBody(id);
	/** @type {Array<[string, Body, string]>} */
	const out = [['unknown parameter', { ...base, bogus_param: 1 }, 'bogus_param']];
	for (const { segs, s } of schemaNodes(CATALOGUE.models[id].params)) {
		const p = paramOf(segs);
		/** @param {string} what @param {unknown} v @param {string} [param] */
		const add = (what, v, param = p) => out.push([`${p}: ${what}`, withValue(id, base, segs, v), param]);
		add('wrong type', wrongType(s));
		if (s.enum) add('not in enum', typeof s.enum[0] === 'number' ? 987654 : '__not_in_enum__');
		if (s.minimum !== undefined) add('below minimum', s.minimum - 1);
		if (s.maximum !== undefined) add('above maximum', s.maximum + 1);
		if (s.minLength) add('too short', '');
		if (s.maxLength !== undefined) add('too long', 'é'.repeat(s.maxLength + 1));
		if (s.format === 'uri') add('not an http(s) URL', 'ftp://example.com/a.png');
		if (s.type === 'array') {
			const item = (/** @type {number} */ k) => (s.items ? valueFor(s.items, p, k) : 'x');
			if (s.maxItems !== undefined) add('too many items', Array.from({ length: s.maxItems + 1 }, (_, k) => item(k)));
			if (s.minItems) add('too few items', Array.from({ length: s.minItems - 1 }, (_, k) => item(k)));
			if (s.items?.type === 'string') add('item of a wrong type', [12345], `${p}[0]`);
			if (s.items?.format === 'uri') add('item not an http(s) URL', ['ftp://example.com/a.png'], `${p}[0]`);
			if (s.items?.type === 'object') add('item not an object', ['x'], `${p}[0]`);
			if (s.items?.type === 'object' && s.items.properties) add('unknown key in an item', [{ ...item(0), bogus_key: 1 }], `${p}[0].bogus_key`);
		}
		if (s.type === 'object' && s.properties) {
			const current = segs.reduce((/** @type {any} */ o, k) => o?.[k], base);
			add('unknown nested key', { ...(current ?? valueFor(s, p)), bogus_key: 1 }, `${p}.bogus_key`);
		}
		if (s.required) add('missing (required)', undefined);
	}
	return out;
}

/**
 * A simulator for a test file (started in beforeAll, closed in afterAll) and request helpers.
 * `expect(body, param)`: param null = 200 (returns the create response), otherwise 400
 * invalid_request naming exactly that param.
 * @param {object} [options] startSimulator options
 */
function useSimulator(options = {}) {
	const { startSimulator, DEFAULT_API_KEY } = require('./index');
	const h = {
		/** @type {import('./index').Simulator} */
		sim: /** @type {any} */ (undefined),
		key: DEFAULT_API_KEY,
		/** @param {unknown} body @param {string} [key] */
		async create(body, key = DEFAULT_API_KEY) {
			const r = await fetch(`${h.sim.url}/v1/videos/generations`, {
				method: 'POST',
				headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});
			return { status: r.status, json: await r.json() };
		},
		/** @param {Body} body @param {string | null} param @param {string} [key] */
		async expect(body, param, key) {
			const r = await h.create(body, key);
			if (param === null) {
				if (r.status !== 200) throw new Error(`expected 200 for ${JSON.stringify(body)}, got ${r.status} ${JSON.stringify(r.json)}`);
				return r.json;
			}
			const e = r.json.error ?? {};
			expect({ status: r.status, code: e.code, type: e.type, param: e.param }).toEqual({ status: 400, code: 'invalid_request', type: 'invalid_request_error', param });
			return r.json;
		},
	};
	beforeAll(async () => {
		h.sim = await startSimulator({ taskSeconds: 60, apiKeys: [DEFAULT_API_KEY, 'sk-evo-sim-second-key-11111111'], ...options });
	});
	afterAll(() => h.sim.close());
	return h;
}

/** n distinct media URLs. @param {string} name @param {number} n */
const urls = (name, n) => Array.from({ length: n }, (_, i) => mediaUrl(name, i));

module.exports = { useSimulator, urls, FIXTURE, SHARED, CATALOGUE, MODEL_IDS, DRAFT_ID, mediaUrl, minimalBody, invalidCases, withValue, deepMerge };
