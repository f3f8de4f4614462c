// @ts-check
'use strict';

/**
 * The request log. Tests assert exactly what a client sent, but the API key must
 * never be stored: the Authorization value is replaced by {present, valid}, and a
 * secret found anywhere else (another header, the URL, the body) is redacted and
 * reported in `secretLeaks`, so a test can still catch a client that leaks it.
 */

const REDACTED = '[REDACTED]';

/**
 * @typedef {object} LoggedRequest
 * @property {number} seq
 * @property {number} time             ms timestamp of arrival
 * @property {string} method
 * @property {string} path             without the query string
 * @property {Record<string, string>} query
 * @property {Record<string, string | string[]>} headers  lower-case names, no authorization
 * @property {{present: boolean, bearer: boolean, valid: boolean}} auth
 * @property {unknown} [body]          parsed JSON; raw text when not JSON
 * @property {boolean} [bodyIsJson]
 * @property {string[]} secretLeaks    where a secret showed up besides Authorization
 * @property {number | string} [status]  HTTP status answered, or 'dropped' | 'reset' | 'hung'
 * @property {unknown} [response]      JSON answer body
 * @property {number} [injected]       id of the fault rule that answered
 * @property {string} [idempotencyKey] the Idempotency-Key header of a create
 * @property {string} [runId]          the X-Evo-Run-Id header
 * @property {boolean} [replayed]      the ledger answered with the original task (no new charge)
 * @property {{endpoint: string, fileId: string, bytes: number, mime: string, sha256: string}} [upload]  a stored upload
 */

/**
 * Replaces secrets in a string; returns [text, found].
 * @param {string} s @param {string[]} secrets @returns {[string, boolean]}
 */
function scrub(s, secrets) {
	let found = false;
	for (const k of secrets) {
		if (k && s.includes(k)) {
			found = true;
			s = s.split(k).join(REDACTED);
		}
	}
	return [s, found];
}

/**
 * Deep copy of a JSON value with secrets redacted; `where` collects leak locations.
 * @param {unknown} v @param {string[]} secrets @param {string} at @param {string[]} where
 * @returns {unknown}
 */
function scrubValue(v, secrets, at, where) {
	if (typeof v === 'string') {
		const [s, found] = scrub(v, secrets);
		if (found) where.push(at);
		return s;
	}
	if (Array.isArray(v)) return v.map((x, i) => scrubValue(x, secrets, `${at}[${i}]`, where));
	if (v && typeof v === 'object') {
		/** @type {Record<string, unknown>} */
		const out = {};
		for (const [k, x] of Object.entries(v)) out[k] = scrubValue(x, secrets, at ? `${at}.${k}` : k, where);
		return out;
	}
	return v;
}

/** Secrets shorter than this are not searched for (would redact innocent text). */
const MIN_SECRET = 8;

/** @param {(string | undefined)[]} list */
const usableSecrets = (list) => /** @type {string[]} */ (list.filter((k) => typeof k === 'string' && k.length >= MIN_SECRET));

module.exports = { scrub, scrubValue, usableSecrets, REDACTED };
