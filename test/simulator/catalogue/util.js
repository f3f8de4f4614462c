// @ts-check
'use strict';

const { checkCallbackUrl } = require('../callback-url');

/**
 * Small shared pieces of the create-request validation: the error type, value helpers
 * and the typedefs the family rule files use.
 */

class SimError extends Error {
	/**
	 * @param {number} status
	 * @param {string} code
	 * @param {string} message
	 * @param {string} [param]
	 */
	constructor(status, code, message, param) {
		super(message);
		this.status = status;
		this.code = code;
		this.param = param;
	}
}

/** @param {string} message @param {string} [param] */
const bad = (message, param) => new SimError(400, 'invalid_request', message, param);

/** @typedef {Record<string, unknown>} Obj */

/**
 * A catalogue parameter schema (see test/fixtures/evolink-video-models.json).
 * @typedef {object} Param
 * @property {string} type       string | integer | number | boolean | array | object, or a union 'a|b'
 * @property {unknown[]} [enum]
 * @property {unknown} [default]
 * @property {number} [minimum]
 * @property {number} [maximum]
 * @property {number} [minLength]
 * @property {number} [maxLength]
 * @property {number} [minItems]
 * @property {number} [maxItems]
 * @property {string} [format]   'uri' = an absolute http(s) URL
 * @property {boolean} [required]
 * @property {Param} [items]
 * @property {Record<string, Param>} [properties]
 * @property {string} [rules]
 */

/** @typedef {{param: string, url: string}} MediaUrl */

/**
 * What a family rule sees.
 * @typedef {object} RuleCtx
 * @property {string} model
 * @property {Record<string, Param>} params   the model's (patched) parameter schemas
 * @property {Obj} mp                         body.model_params, or {} when absent
 * @property {MediaUrl[]} media               media URLs found so far (rules may add more)
 * @property {boolean} allowInsecure          tests: loopback/private hosts allowed
 * @property {((id: string) => SourceTask | undefined) | undefined} findTask  the caller's own tasks
 */

/** @typedef {{model: string, status: string, draft: boolean}} SourceTask */

/**
 * Per-model rules: `patch` amends the catalogue schema with limits stated only in prose
 * (paths like 'duration' or 'model_params.multi_prompt'; new paths add parameters),
 * `check` runs after the schema checks passed and throws `bad(...)`.
 * @typedef {object} ModelRule
 * @property {Record<string, Partial<Param>>} [patch]
 * @property {(b: Obj, ctx: RuleCtx) => void | {videoDuration?: number}} [check]
 */

/** @param {unknown} v @returns {v is Obj} */
const isObj = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Characters as JSON Schema counts them (code points, not UTF-16 units). */
const charLen = (/** @type {string} */ s) => [...s].length;

/** @param {unknown} v */
const typeName = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** An absolute http(s) URL with a host. @param {unknown} v */
function isHttpUrl(v) {
	if (typeof v !== 'string') return false;
	try {
		const u = new URL(v);
		return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '';
	} catch {
		return false;
	}
}

/** Sent with content: not absent, not '', not []. @param {unknown} v */
const given = (v) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);

/** Items in an array value (0 when absent). @param {unknown} v */
const len = (v) => (Array.isArray(v) ? v.length : 0);

/** Refuses a missing/blank value. @param {Obj} o @param {string} key @param {string} why @param {string} [param] */
function need(o, key, why, param = key) {
	const v = o[key];
	if (!given(v) || (typeof v === 'string' && v.trim() === '')) throw bad(`'${param}' is required ${why}`, param);
}

/** Refuses a value that is sent. @param {Obj} o @param {string} key @param {string} why @param {string} [param] */
function forbid(o, key, why, param = key) {
	if (given(o[key])) throw bad(`'${param}' is not allowed ${why}`, param);
}

/** `duration` as sent, or the schema default (numbers only). @param {Obj} b @param {Record<string, Param>} params */
function durationOf(b, params) {
	const d = b.duration ?? params.duration?.default;
	return typeof d === 'number' ? d : undefined;
}

/** The optional callback_url (every model), checked as callback-url.js says. @param {Obj} body @param {{allowInsecureCallbacks: boolean}} ctx */
function callback(body, ctx) {
	if (body.callback_url === undefined) return undefined;
	const msg = checkCallbackUrl(body.callback_url, ctx.allowInsecureCallbacks);
	if (msg) throw bad(msg, 'callback_url');
	return /** @type {string} */ (body.callback_url);
}

module.exports = { SimError, bad, isObj, charLen, typeName, isHttpUrl, given, len, need, forbid, durationOf, callback };
