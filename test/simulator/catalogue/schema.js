// @ts-check
'use strict';

const fs = require('fs');
const path = require('path');
const { bad, isObj, charLen, typeName, isHttpUrl } = require('./util');

/**
 * Generic schema validation driven by the catalogue file
 * (test/fixtures/evolink-video-models.json, a byte copy of /work/shared/evolink-video-models.json).
 * It knows nothing about any model: types, enums, ranges, lengths, item counts, URLs,
 * nested objects, unknown parameters and required flags. The prose rules live in the
 * family files next to this one.
 */

/** @typedef {import('./util').Param} Param */
/** @typedef {import('./util').Obj} Obj */
/** @typedef {import('./util').MediaUrl} MediaUrl */
/** @typedef {{docs?: string, required: string[], params: Record<string, Param>}} CatalogueModel */

const CATALOGUE_PATH = path.join(__dirname, '..', '..', 'fixtures', 'evolink-video-models.json');

/** @param {string} [file] @returns {{models: Record<string, CatalogueModel>}} */
function loadCatalogue(file = CATALOGUE_PATH) {
	const data = JSON.parse(fs.readFileSync(file, 'utf8'));
	if (!isObj(data) || !isObj(data.models)) throw new Error(`${file}: no "models" object`);
	return /** @type {any} */ (data);
}

/**
 * A copy of `params` with prose-only limits merged in. A path walks nested objects
 * (and the item schema of arrays of objects): 'model_params.multi_prompt'.
 * @param {Record<string, Param>} params @param {Record<string, Partial<Param>>} [patch]
 * @returns {Record<string, Param>}
 */
function patched(params, patch = {}) {
	/** @type {Record<string, Param>} */
	const out = structuredClone(params);
	for (const [p, over] of Object.entries(patch)) {
		const parts = p.split('.');
		let holder = out;
		for (let i = 0; i < parts.length - 1; i++) {
			const s = holder[parts[i]];
			if (!s) throw new Error(`patch '${p}': no parameter '${parts.slice(0, i + 1).join('.')}'`);
			const target = s.type === 'array' ? (s.items ??= { type: 'object' }) : s;
			holder = target.properties ??= {};
		}
		const last = parts[parts.length - 1];
		const merged = /** @type {Param} */ ({ ...holder[last], ...over });
		if (!merged.type) throw new Error(`patch '${p}': a new parameter needs a type`);
		holder[last] = merged;
	}
	return out;
}

/** @type {Record<string, (v: unknown) => boolean>} */
const IS = {
	string: (v) => typeof v === 'string',
	integer: (v) => Number.isInteger(v),
	number: (v) => typeof v === 'number' && Number.isFinite(v),
	boolean: (v) => typeof v === 'boolean',
	array: (v) => Array.isArray(v),
	object: isObj,
};
/** @type {Record<string, string>} */
const WORD = { string: 'a string', integer: 'an integer', number: 'a number', boolean: 'a boolean', array: 'an array', object: 'an object' };

/** @param {unknown} v */
const show = (v) => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v));

/** @param {Param} s */
function range(s) {
	if (s.minimum !== undefined && s.maximum !== undefined) return `between ${s.minimum} and ${s.maximum}`;
	return s.minimum !== undefined ? `at least ${s.minimum}` : `at most ${s.maximum}`;
}

const hasOwn = (/** @type {object} */ o, /** @type {string} */ k) => Object.prototype.hasOwnProperty.call(o, k);

/**
 * @param {unknown} v @param {Param} s @param {string} p  dotted path, e.g. model_params.multi_prompt[1].index
 * @param {MediaUrl[]} media
 */
function checkValue(v, s, p, media) {
	const types = s.type.split('|');
	if (!types.some((t) => IS[t]?.(v))) {
		const want = types.map((t) => WORD[t] ?? t).join(' or ');
		throw bad(`'${p}' must be ${want}, got ${typeName(v)}${typeof v === 'number' ? ` ${v}` : ''}`, p);
	}
	if (s.enum && !s.enum.includes(v)) throw bad(`'${p}' must be one of ${s.enum.map(show).join(', ')} (got ${show(v)})`, p);
	if (typeof v === 'number') {
		if ((s.minimum !== undefined && v < s.minimum) || (s.maximum !== undefined && v > s.maximum)) {
			throw bad(`'${p}' must be ${range(s)} (got ${v})`, p);
		}
	} else if (typeof v === 'string') {
		const n = charLen(v);
		if (s.minLength !== undefined && n < s.minLength) throw bad(`'${p}' must be at least ${s.minLength} characters (got ${n})`, p);
		if (s.maxLength !== undefined && n > s.maxLength) throw bad(`'${p}' must be at most ${s.maxLength} characters (got ${n})`, p);
		if (s.format === 'uri') {
			if (!isHttpUrl(v)) throw bad(`'${p}' must be an absolute http(s) URL`, p);
			media.push({ param: p, url: v });
		}
	} else if (Array.isArray(v)) {
		if (s.minItems !== undefined && v.length < s.minItems) throw bad(`'${p}' must have at least ${s.minItems} item(s) (got ${v.length})`, p);
		if (s.maxItems !== undefined && v.length > s.maxItems) throw bad(`'${p}' must have at most ${s.maxItems} item(s) (got ${v.length})`, p);
		const items = s.items;
		if (items) v.forEach((item, i) => checkValue(item, items, `${p}[${i}]`, media));
	} else if (isObj(v) && s.properties) {
		checkObject(v, s.properties, `${p}.`, media);
	}
}

/**
 * Unknown keys first, then every documented key in catalogue order.
 * @param {Obj} obj @param {Record<string, Param>} props @param {string} prefix
 * @param {MediaUrl[]} media @param {readonly string[]} [extra]  allowed keys the schema does not list
 */
function checkObject(obj, props, prefix, media, extra = []) {
	for (const k of Object.keys(obj)) {
		if (!hasOwn(props, k) && !extra.includes(k)) throw bad(`Unknown parameter '${prefix}${k}' for this model`, prefix + k);
	}
	for (const [k, s] of Object.entries(props)) {
		const v = obj[k];
		const p = prefix + k;
		if (v === undefined) {
			if (s.required) throw bad(`'${p}' is required`, p);
			continue;
		}
		checkValue(v, s, p, media);
		// A required text or list must carry something.
		if (s.required && ((typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0))) {
			throw bad(`'${p}' must not be empty`, p);
		}
	}
}

/**
 * Checks a create body against a model's parameter schemas. `model` and `callback_url`
 * are accepted on every model (checked elsewhere).
 * @param {Obj} body @param {Record<string, Param>} params
 * @returns {MediaUrl[]} every value the schema marks `format: uri`, with its path
 */
function checkBody(body, params) {
	/** @type {MediaUrl[]} */
	const media = [];
	checkObject(body, params, '', media, ['model', 'callback_url']);
	return media;
}

module.exports = { CATALOGUE_PATH, loadCatalogue, patched, checkBody, checkValue };
