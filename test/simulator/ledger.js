// @ts-check
'use strict';

/**
 * The gateway's Idempotency-Key ledger for paid creates (evolink-platform.md §5).
 *
 * - Keys: 16-96 characters from [A-Za-z0-9._-]; anything else is 400 invalid_request
 *   with param "Idempotency-Key".
 * - The first create with a key reserves it (state `processing`) until its answer has
 *   been sent (or dropped); then it is `done` and remembers the task and the answer.
 * - Same key + same body (canonical JSON: key order does not matter) once `done`: the
 *   ORIGINAL answer again (same task, nothing new charged), header Idempotency-Replayed: true.
 * - Same key + a different body: 409 idempotency_conflict (whatever the first one's state).
 * - Same key + same body while the first is still `processing`: 409 paid_outcome_unknown,
 *   Retry-After: 1.
 * - A create refused by validation (400/404) does not keep its key: nothing was charged.
 * - Keys are scoped to the API key (account) that sent them.
 */

const KEY_RE = /^[A-Za-z0-9._-]{16,96}$/;

/**
 * JSON with object keys sorted at every level (arrays keep their order).
 * @param {unknown} v @returns {string}
 */
function canonicalJson(v) {
	if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
	if (v && typeof v === 'object') {
		const o = /** @type {Record<string, unknown>} */ (v);
		return `{${Object.keys(o)
			.sort()
			.filter((k) => o[k] !== undefined)
			.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
			.join(',')}}`;
	}
	return JSON.stringify(v) ?? 'null';
}

/**
 * @typedef {object} LedgerEntry
 * @property {string} key
 * @property {number} owner            index of the API key
 * @property {string} canonical        canonical JSON of the first body
 * @property {'processing' | 'done'} state
 * @property {string | null} taskId
 * @property {unknown} response        the original answer body
 * @property {number} createdAt
 * @property {number | null} settledAt
 */

/** @typedef {{requests: number, creates: number, replays: number, conflicts: number, inFlight: number}} KeyCounters */

/**
 * What the ledger decided for one create.
 * @typedef {{reject: {status: number, code: string, message: string, type: string, param?: string, retryAfter?: number}}
 *   | {replay: unknown, entry: LedgerEntry} | {slot: LedgerEntry | null}} GateResult
 */

class IdempotencyLedger {
	constructor() {
		/** @type {Map<string, LedgerEntry>} */
		this.entries = new Map();
		/** @type {Map<string, KeyCounters>} */
		this.perKey = new Map();
		this.invalid = 0;
	}

	/** @param {string} key */
	counters(key) {
		let c = this.perKey.get(key);
		if (!c) {
			c = { requests: 0, creates: 0, replays: 0, conflicts: 0, inFlight: 0 };
			this.perKey.set(key, c);
		}
		return c;
	}

	/**
	 * @param {string | string[] | undefined} header  the Idempotency-Key value (already secret-scrubbed)
	 * @param {number} owner @param {unknown} body  the parsed create body
	 * @returns {GateResult}
	 */
	gate(header, owner, body) {
		if (header === undefined) return { slot: null };
		const key = Array.isArray(header) ? header.join(', ') : header;
		if (!KEY_RE.test(key)) {
			this.invalid++;
			return {
				reject: {
					status: 400,
					code: 'invalid_request',
					type: 'invalid_request_error',
					param: 'Idempotency-Key',
					message: 'Idempotency-Key must be 16 to 96 characters from A-Z, a-z, 0-9, ".", "_" and "-"',
				},
			};
		}
		const c = this.counters(key);
		c.requests++;
		const id = `${owner}\u0000${key}`;
		const canonical = canonicalJson(body);
		const e = this.entries.get(id);
		if (!e) {
			/** @type {LedgerEntry} */
			const entry = { key, owner, canonical, state: 'processing', taskId: null, response: null, createdAt: Date.now(), settledAt: null };
			this.entries.set(id, entry);
			return { slot: entry };
		}
		if (e.canonical !== canonical) {
			c.conflicts++;
			return {
				reject: {
					status: 409,
					code: 'idempotency_conflict',
					type: 'idempotency_error',
					message: 'This Idempotency-Key was already used for a different request. Use a new key for a new generation.',
				},
			};
		}
		if (e.state === 'processing') {
			c.inFlight++;
			return {
				reject: {
					status: 409,
					code: 'paid_outcome_unknown',
					type: 'idempotency_error',
					retryAfter: 1,
					message: 'The earlier request with this Idempotency-Key is still being processed. Retry with the same key, or look the task up.',
				},
			};
		}
		c.replays++;
		return { replay: e.response, entry: e };
	}

	/**
	 * The task was created: remember it and the answer (still `processing` until settled).
	 * @param {LedgerEntry} e @param {string} taskId @param {unknown} response
	 */
	commit(e, taskId, response) {
		e.taskId = taskId;
		e.response = JSON.parse(JSON.stringify(response));
		this.counters(e.key).creates++;
	}

	/** The answer went out (or was lost on purpose): the key now replays. @param {LedgerEntry} e */
	settle(e) {
		e.state = 'done';
		e.settledAt = Date.now();
	}

	/** Nothing was created (validation failed): forget the key. @param {LedgerEntry} e */
	release(e) {
		this.entries.delete(`${e.owner}\u0000${e.key}`);
	}

	list() {
		return [...this.entries.values()].map(({ canonical, response, ...rest }) => rest);
	}

	stats() {
		/** @type {Record<string, KeyCounters>} */
		const byKey = {};
		const sum = { requests: 0, creates: 0, replays: 0, conflicts: 0, inFlight: 0 };
		for (const [k, c] of this.perKey) {
			byKey[k] = { ...c };
			for (const f of /** @type {(keyof KeyCounters)[]} */ (Object.keys(sum))) sum[f] += c[f];
		}
		return { ...sum, invalid: this.invalid, byKey };
	}

	clear() {
		this.entries.clear();
		this.perKey.clear();
		this.invalid = 0;
	}
}

module.exports = { IdempotencyLedger, canonicalJson, KEY_RE };
