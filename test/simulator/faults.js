// @ts-check
'use strict';

/**
 * Fault injection: the next N requests matching "METHOD /path" get a canned answer
 * (an error status, a dropped or reset connection, no answer at all, a delay) instead
 * of, or around, the normal one.
 */

/**
 * @typedef {'status' | 'drop' | 'reset' | 'hang' | 'delay' | 'drop-response' | 'delay-response'} FaultAction
 *  status: answer `status` with the documented error envelope (or `body`);
 *  drop: close the connection without answering (FIN, client sees "socket hang up");
 *  reset: abort it with a TCP RST (client sees ECONNRESET);
 *  hang: never answer (client timeouts);
 *  delay: wait `delayMs`, then answer normally;
 *  drop-response: handle the request normally (a create DOES start a task), then
 *  close the connection instead of sending the answer: the "did my paid create go
 *  through?" case;
 *  delay-response: handle the request normally (a create DOES start a task), then hold
 *  the answer `delayMs` before sending it: the request is "still being processed" for
 *  that long (a retry with the same Idempotency-Key gets paid_outcome_unknown).
 */

/**
 * @typedef {object} FaultRule
 * @property {string} match          "GET /v1/tasks", "/v1/credits", "* /v1/*"; without `*` a path prefix
 * @property {number} [status]       HTTP status for action 'status'
 * @property {FaultAction} [action]  default 'status' when status is given
 * @property {number} [times]        how many matching requests it hits (default 1; negative = unlimited)
 * @property {number} [skip]         let this many matching requests through first (default 0)
 * @property {number | string} [retryAfter]  sets a Retry-After header
 * @property {string | number} [code]   error.code (default per status)
 * @property {string} [message]
 * @property {string} [type]
 * @property {string} [param]
 * @property {string} [fallback_suggestion]
 * @property {unknown} [body]        whole response body instead of the envelope
 * @property {number} [delayMs]      for 'delay' and 'delay-response' (default 1000)
 */

/** @typedef {FaultRule & {id: number, method: string, test: (path: string) => boolean, remaining: number, skipLeft: number, hits: number}} ActiveRule */

const ACTIONS = ['status', 'drop', 'reset', 'hang', 'delay', 'drop-response', 'delay-response'];

/** @param {string} pattern */
function pathTester(pattern) {
	if (!pattern.includes('*')) return (/** @type {string} */ p) => p.startsWith(pattern);
	const re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
	return (/** @type {string} */ p) => re.test(p);
}

class Faults {
	constructor() {
		/** @type {ActiveRule[]} */
		this.rules = [];
		this.nextId = 1;
	}

	/** @param {FaultRule} rule @returns {ActiveRule} */
	add(rule) {
		if (!rule || typeof rule.match !== 'string' || !rule.match.trim()) throw new TypeError('fault rule needs match: "METHOD /path"');
		const parts = rule.match.trim().split(/\s+/);
		const [method, pattern] = parts.length > 1 ? [parts[0].toUpperCase(), parts[1]] : ['*', parts[0]];
		const action = rule.action ?? (rule.status !== undefined ? 'status' : undefined);
		if (!action || !ACTIONS.includes(action)) throw new TypeError(`fault rule needs status or action (${ACTIONS.join(', ')})`);
		if (action === 'status' && !(Number.isInteger(rule.status) && Number(rule.status) >= 100 && Number(rule.status) <= 599)) {
			throw new TypeError('fault rule status must be an HTTP status');
		}
		if (rule.delayMs !== undefined && !(typeof rule.delayMs === 'number' && rule.delayMs >= 0)) {
			throw new TypeError('fault rule delayMs must be a number >= 0');
		}
		const times = rule.times ?? 1;
		/** @type {ActiveRule} */
		const active = {
			...rule,
			action,
			id: this.nextId++,
			method,
			test: pathTester(pattern),
			remaining: times < 0 ? Infinity : times,
			skipLeft: rule.skip ?? 0,
			hits: 0,
		};
		this.rules.push(active);
		return active;
	}

	/**
	 * The rule that takes this request, if any (consumes one use).
	 * @param {string} method @param {string} path @returns {ActiveRule | null}
	 */
	take(method, path) {
		for (const r of this.rules) {
			if (r.remaining <= 0 || (r.method !== '*' && r.method !== method) || !r.test(path)) continue;
			if (r.skipLeft > 0) {
				r.skipLeft--;
				continue;
			}
			r.remaining--;
			r.hits++;
			return r;
		}
		return null;
	}

	/** Rules as JSON (without the matcher function). */
	list() {
		return this.rules.map(({ test, ...r }) => ({ ...r, remaining: Number.isFinite(r.remaining) ? r.remaining : -1 }));
	}

	clear() {
		this.rules.length = 0;
	}
}

module.exports = { Faults };
