// @ts-check
'use strict';

const http = require('http');
const https = require('https');

/**
 * Callback delivery as documented: POST the task JSON, 10 s timeout, any 2xx is
 * success, otherwise up to 3 retries at 1 s / 2 s / 4 s. Delays and timeout are
 * configurable so tests stay fast. Every attempt is recorded.
 */

/**
 * @typedef {object} CallbackAttempt
 * @property {string} taskId
 * @property {string} url
 * @property {number} attempt      1 = first delivery, 2..4 = retries
 * @property {number} startedAt    ms timestamp
 * @property {number} [finishedAt]
 * @property {number} [status]     HTTP status of the receiver's answer
 * @property {boolean} ok
 * @property {string} [error]      network error / timeout
 * @property {string} taskStatus   status carried by the body
 */

class CallbackSender {
	/**
	 * @param {{timeoutMs: () => number, retryDelaysMs: () => number[], allowInsecure: () => boolean, log: (line: string) => void}} cfg
	 */
	constructor(cfg) {
		this.cfg = cfg;
		/** @type {CallbackAttempt[]} */
		this.attempts = [];
		/** @type {Set<Promise<void>>} */
		this.pending = new Set();
		/** @type {Set<() => void>} aborters of sleeping or in-flight deliveries */
		this.aborters = new Set();
		this.closed = false;
		/** Bumped by reset: deliveries of an older generation stop. */
		this.generation = 0;
	}

	/**
	 * Delivers `body` to `url` in the background; returns the delivery promise.
	 * @param {string} taskId @param {string} url @param {Record<string, unknown>} body
	 */
	send(taskId, url, body) {
		const p = this.deliver(taskId, url, JSON.stringify(body), String(body.status)).finally(() => this.pending.delete(p));
		this.pending.add(p);
		return p;
	}

	/** @param {string} taskId @param {string} url @param {string} json @param {string} taskStatus */
	async deliver(taskId, url, json, taskStatus) {
		const delays = this.cfg.retryDelaysMs();
		const gen = this.generation;
		const live = () => !this.closed && gen === this.generation;
		for (let attempt = 1; attempt <= delays.length + 1 && live(); attempt++) {
			if (attempt > 1) await this.sleep(delays[attempt - 2]);
			if (!live()) return;
			/** @type {CallbackAttempt} */
			const rec = { taskId, url, attempt, startedAt: Date.now(), ok: false, taskStatus };
			this.attempts.push(rec);
			try {
				rec.status = await this.post(url, json);
				rec.ok = rec.status >= 200 && rec.status < 300;
			} catch (e) {
				rec.error = /** @type {Error} */ (e).message;
			}
			rec.finishedAt = Date.now();
			this.cfg.log(`callback ${taskId} attempt ${attempt} -> ${rec.status ?? rec.error}`);
			if (rec.ok) return;
		}
	}

	/** @param {number} ms */
	sleep(ms) {
		return new Promise((resolve) => {
			const timer = setTimeout(done, ms);
			function done() {
				clearTimeout(timer);
				aborters.delete(done);
				resolve(undefined);
			}
			const aborters = this.aborters;
			aborters.add(done);
		});
	}

	/**
	 * One POST; resolves with the HTTP status.
	 * @param {string} url @param {string} json @returns {Promise<number>}
	 */
	post(url, json) {
		return new Promise((resolve, reject) => {
			const u = new URL(url);
			const mod = u.protocol === 'https:' ? https : http;
			const req = mod.request(u, {
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					'content-length': Buffer.byteLength(json),
					'user-agent': 'EvoLink-Callback (simulator)',
				},
				// Test receivers use self-signed certificates; only with the insecure switch.
				rejectUnauthorized: !this.cfg.allowInsecure(),
				agent: false,
			});
			const abort = () => req.destroy(new Error('simulator closed'));
			this.aborters.add(abort);
			const timer = setTimeout(() => req.destroy(new Error('timeout')), this.cfg.timeoutMs());
			const finish = () => {
				clearTimeout(timer);
				this.aborters.delete(abort);
			};
			req.on('response', (res) => {
				res.resume(); // the receiver's body does not matter
				res.on('end', () => {
					finish();
					resolve(res.statusCode || 0);
				});
				res.on('error', (e) => {
					finish();
					reject(e);
				});
			});
			req.on('error', (e) => {
				finish();
				reject(e);
			});
			req.end(json);
		});
	}

	/** Waits until every delivery in progress (retries included) has ended. */
	async settle() {
		while (this.pending.size) await Promise.allSettled([...this.pending]);
	}

	/** Stops every delivery in progress and forgets the recorded attempts. */
	reset() {
		this.generation++;
		for (const abort of [...this.aborters]) abort();
		this.attempts.length = 0;
	}

	close() {
		this.closed = true;
		for (const abort of [...this.aborters]) abort();
	}
}

module.exports = { CallbackSender };
