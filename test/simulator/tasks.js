// @ts-check
'use strict';

const crypto = require('crypto');
const { taskError } = require('./errors');
const { checkResultSize } = require('./mp4');
const { usageView } = require('./billing');

/**
 * Tasks and their lifecycle. Status and progress are computed from the wall clock
 * on every read (pending -> processing -> completed|failed|cancelled), so they need no ticking;
 * one timer per task only fires the end-of-task hook (callbacks).
 */

/**
 * What happens to a task, beyond the defaults (from `nextTasks`, prompt markers or updates).
 * @typedef {object} Outcome
 * @property {string} [fail]          fail with this error code (e.g. content_policy_violation)
 * @property {string} [failMessage]   custom error.message
 * @property {number} [afterSeconds]  when the failure happens (default: at the task's end)
 * @property {number} [seconds]       the task's real duration
 * @property {boolean} [never]        never finishes (stays processing, progress stops at 99)
 * @property {number} [resultBytes]   size of the result MP4 (sample + padding `free` box)
 * @property {boolean} [cancel]       ends `cancelled` (error request_cancelled); wins over `fail`
 * @property {number} [videoSeconds]  seconds of video actually generated (per_second billing)
 */

/**
 * @typedef {object} Task
 * @property {string} id
 * @property {string} model
 * @property {number} created         unix seconds
 * @property {number} createdMs
 * @property {number} owner           index of the API key that created it
 * @property {import('./models').Accepted} accepted
 * @property {object} request         the create body as received
 * @property {number} estimatedTime
 * @property {number} durationMs      nominal duration (progress scale)
 * @property {number} endAfterMs      ms after creation the task ends (Infinity: never)
 * @property {'completed' | 'failed' | 'cancelled'} finalStatus
 * @property {{code: string, message: string, type: string} | null} error
 * @property {number} resultBytes
 * @property {number} queries
 * @property {number | null} lastQueryAt
 * @property {number | null} firstTerminalQueryAt
 * @property {number} downloads
 * @property {number} [videoSeconds]  seconds actually generated (default: the requested duration)
 * @property {number} [batchQueries]  reads through POST /v1/tasks/batch
 */

/** The share of a task's duration it reports `pending` (progress 0) before `processing`. */
const PENDING_SHARE = 0.1;

const ID_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** @param {number} created */
function newTaskId(created) {
	let s = '';
	for (let i = 0; i < 8; i++) s += ID_CHARS[crypto.randomInt(ID_CHARS.length)];
	return `task-unified-${created}-${s}`;
}

/**
 * Markers in a prompt drive the outcome from an end-to-end workflow, e.g.
 * "a cat [sim:fail=content_policy_violation]". Invalid values are ignored.
 * @param {string[]} prompts
 * @returns {Outcome}
 */
function outcomeFromMarkers(prompts) {
	/** @type {Outcome} */
	const o = {};
	const re = /\[sim:([a-z-]+)(?:=([^\]\s]*))?\]/g;
	for (const p of prompts) {
		for (const m of p.matchAll(re)) {
			const [, key, val] = m;
			const num = Number(val);
			if (key === 'fail' && val && /^[a-z0-9_]+$/.test(val)) o.fail = val;
			else if (key === 'fail-after' && num >= 0) o.afterSeconds = num;
			else if (key === 'seconds' && num >= 0) o.seconds = num;
			else if (key === 'never') o.never = true;
			else if (key === 'cancel') o.cancel = true;
			else if (key === 'cancel-after' && num >= 0) {
				o.cancel = true;
				o.afterSeconds = num;
			} else if (key === 'video-seconds' && num >= 0) o.videoSeconds = num;
			else if (key === 'bytes' && Number.isSafeInteger(num)) {
				try {
					checkResultSize(num);
					o.resultBytes = num;
				} catch {
					/* ignored: a bad marker must not change the API's answer */
				}
			}
		}
	}
	return o;
}

/**
 * Throws on an outcome a test wrote wrongly (early, not at download time).
 * @param {Outcome} o
 */
function checkOutcome(o) {
	if (o.resultBytes !== undefined) checkResultSize(o.resultBytes);
	for (const k of /** @type {const} */ (['seconds', 'afterSeconds', 'videoSeconds'])) {
		const v = o[k];
		if (v !== undefined && !(typeof v === 'number' && v >= 0)) throw new RangeError(`${k} must be a number >= 0`);
	}
	if (o.fail !== undefined && (typeof o.fail !== 'string' || !o.fail)) throw new TypeError('fail must be an error code');
}

/**
 * @param {Task} t
 * @param {Outcome} o
 */
function applyOutcome(t, o) {
	if (o.seconds !== undefined) t.durationMs = o.seconds * 1000;
	if (o.resultBytes !== undefined) t.resultBytes = o.resultBytes;
	if (o.videoSeconds !== undefined) t.videoSeconds = o.videoSeconds;
	if (o.cancel) {
		t.finalStatus = 'cancelled';
		t.error = taskError('request_cancelled', o.failMessage);
	} else if (o.fail) {
		t.finalStatus = 'failed';
		t.error = taskError(o.fail, o.failMessage);
	}
	if (o.never) t.endAfterMs = Infinity;
	else if (t.finalStatus !== 'completed' && o.afterSeconds !== undefined) t.endAfterMs = o.afterSeconds * 1000;
	else t.endAfterMs = t.durationMs;
}

/**
 * The state of a task at `now`.
 * @param {Task} t @param {number} now
 * @returns {{status: 'pending' | 'processing' | 'completed' | 'failed' | 'cancelled', progress: number, terminal: boolean}}
 */
function stateAt(t, now) {
	const elapsed = Math.max(0, now - t.createdMs);
	/** @param {number} e */
	const running = (e) => {
		if (t.durationMs <= 0 || e < t.durationMs * PENDING_SHARE) return { status: /** @type {const} */ ('pending'), progress: 0 };
		const p = Math.floor((100 * e) / t.durationMs);
		return { status: /** @type {const} */ ('processing'), progress: Math.min(99, Math.max(1, p)) };
	};
	if (elapsed < t.endAfterMs) return { ...running(elapsed), terminal: false };
	if (t.finalStatus !== 'completed') return { status: t.finalStatus, progress: running(t.endAfterMs).progress, terminal: true };
	return { status: 'completed', progress: 100, terminal: true };
}

/**
 * The task as GET /v1/tasks/{id} shows it (keys in the docs' order).
 * @param {Task} t @param {number} now @param {string} baseUrl
 * @param {boolean} [initial]  the create response: always the pending, 0 % shape
 */
function taskView(t, now, baseUrl, initial = false) {
	const s = initial ? { status: 'pending', progress: 0, terminal: false } : stateAt(t, now);
	/** @type {Record<string, unknown>} */
	const v = { created: t.created };
	// Seconds the task took, once it has ended (evolink-platform.md §3).
	if (s.terminal) v.duration = Math.round(t.endAfterMs) / 1000;
	if (s.status === 'failed' || s.status === 'cancelled') v.error = t.error;
	v.id = t.id;
	v.model = t.model;
	v.object = 'video.generation.task';
	v.progress = s.progress;
	if (s.status === 'completed') v.results = [`${baseUrl}/files/${t.id}.mp4`];
	v.status = s.status;
	/** @type {Record<string, unknown>} */
	const info = { can_cancel: !s.terminal, estimated_time: t.estimatedTime };
	if (t.accepted.reportsVideoDuration) info.video_duration = t.accepted.videoDuration;
	v.task_info = info;
	v.type = 'video';
	v.usage = usageView(t, s.status, initial);
	return v;
}

class TaskStore {
	/** @param {(t: Task) => void} onEnd  called once when a task reaches completed/failed/cancelled */
	constructor(onEnd) {
		/** @type {Map<string, Task>} */
		this.tasks = new Map();
		/** @type {Map<string, NodeJS.Timeout>} */
		this.timers = new Map();
		this.onEnd = onEnd;
	}

	/**
	 * @param {import('./models').Accepted} accepted
	 * @param {{owner: number, request: object, seconds: number, estimatedTime: number, resultBytes: number, outcome: Outcome}} o
	 */
	create(accepted, o) {
		const createdMs = Date.now();
		const created = Math.floor(createdMs / 1000);
		/** @type {Task} */
		const t = {
			id: newTaskId(created),
			model: accepted.model,
			created,
			createdMs,
			owner: o.owner,
			accepted,
			request: o.request,
			estimatedTime: o.estimatedTime,
			durationMs: o.seconds * 1000,
			endAfterMs: o.seconds * 1000,
			finalStatus: 'completed',
			error: null,
			resultBytes: o.resultBytes,
			queries: 0,
			lastQueryAt: null,
			firstTerminalQueryAt: null,
			downloads: 0,
		};
		applyOutcome(t, o.outcome);
		this.tasks.set(t.id, t);
		this.schedule(t);
		return t;
	}

	/** @param {Task} t */
	schedule(t) {
		clearTimeout(this.timers.get(t.id));
		this.timers.delete(t.id);
		if (!Number.isFinite(t.endAfterMs)) return;
		const wait = Math.max(0, t.createdMs + t.endAfterMs - Date.now());
		const timer = setTimeout(() => {
			this.timers.delete(t.id);
			this.onEnd(t);
		}, Math.min(wait, 2 ** 31 - 1));
		timer.unref();
		this.timers.set(t.id, timer);
	}

	/**
	 * Changes a running task's outcome; `now: true` ends it at once.
	 * @param {string} id @param {Outcome & {now?: boolean}} o
	 */
	update(id, o) {
		const t = this.tasks.get(id);
		if (!t) throw new Error(`unknown task ${id}`);
		checkOutcome(o);
		if (stateAt(t, Date.now()).terminal) throw new Error(`task ${id} has already ended`);
		if (!o.fail && !o.cancel && (o.never === false || o.now)) {
			t.finalStatus = 'completed';
			t.error = null;
		}
		applyOutcome(t, o);
		if (o.now) t.endAfterMs = Date.now() - t.createdMs;
		this.schedule(t);
		return t;
	}

	clear() {
		for (const timer of this.timers.values()) clearTimeout(timer);
		this.timers.clear();
		this.tasks.clear();
	}
}

module.exports = { TaskStore, taskView, stateAt, outcomeFromMarkers, checkOutcome, newTaskId };
