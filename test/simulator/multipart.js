// @ts-check
'use strict';

/**
 * A small streaming multipart/form-data parser (RFC 7578) and a request reader with
 * back-pressure. Part data is handed on chunk by chunk: nothing close to a file's size
 * is held in memory. After an error the rest of the request is drained (read and
 * dropped), so the client still gets the answer instead of a reset connection.
 */

class MultipartError extends Error {}

const MAX_HEADER_BYTES = 16 * 1024;

/**
 * The boundary of a multipart/form-data Content-Type, or null.
 * @param {string | undefined} contentType
 */
function boundaryOf(contentType) {
	if (!contentType || !/^\s*multipart\/form-data\s*(;|$)/i.test(contentType)) return null;
	const m = /;\s*boundary\s*=\s*(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType);
	return m ? m[1] ?? m[2] : null;
}

/**
 * `name="file"; filename="a.png"` parameters of a Content-Disposition (filename* wins).
 * @param {string} v @returns {Record<string, string>}
 */
function dispositionParams(v) {
	/** @type {Record<string, string>} */
	const out = {};
	const re = /;\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
	for (const m of v.matchAll(re)) {
		const key = m[1].toLowerCase();
		let val = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3].trim();
		if (key === 'filename*') {
			const ext = /^([^']*)'[^']*'(.*)$/.exec(val);
			try {
				val = ext ? decodeURIComponent(ext[2]) : val;
			} catch {
				continue;
			}
			out.filename = val;
		} else if (!(key === 'filename' && 'filename' in out)) out[key] = val;
	}
	return out;
}

/**
 * @typedef {{type: 'part', name: string | undefined, filename: string | undefined, contentType: string | undefined, disposition: string}
 *   | {type: 'data', data: Buffer} | {type: 'end'}} MultipartEvent
 */

/** Push parser: feed chunks, get events. */
class MultipartParser {
	/** @param {string} boundary */
	constructor(boundary) {
		this.delim = Buffer.from(`\r\n--${boundary}`);
		// A leading CRLF makes the first boundary line look like every other one.
		/** @type {Buffer} */
		this.buf = Buffer.from('\r\n');
		/** @type {'preamble' | 'after' | 'headers' | 'body' | 'done'} */
		this.state = 'preamble';
	}

	/** @param {Buffer} chunk @returns {MultipartEvent[]} */
	push(chunk) {
		if (this.state === 'done') return [];
		this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
		/** @type {MultipartEvent[]} */
		const out = [];
		const keep = this.delim.length - 1;
		for (;;) {
			const b = this.buf;
			if (this.state === 'preamble') {
				const i = b.indexOf(this.delim);
				if (i < 0) {
					this.buf = b.subarray(Math.max(0, b.length - keep));
					break;
				}
				this.buf = b.subarray(i + this.delim.length);
				this.state = 'after';
			} else if (this.state === 'after') {
				// After a boundary: "--" closes the body, otherwise (optional blanks) CRLF.
				if (b.length >= 2 && b[0] === 0x2d && b[1] === 0x2d) {
					this.state = 'done';
					this.buf = Buffer.alloc(0);
					break;
				}
				let j = 0;
				while (j < b.length && (b[j] === 0x20 || b[j] === 0x09)) j++;
				if (b.length < j + 2) {
					if (b.length > 256) throw new MultipartError('malformed multipart boundary line');
					break;
				}
				if (b[j] !== 0x0d || b[j + 1] !== 0x0a) throw new MultipartError('malformed multipart boundary line');
				this.buf = b.subarray(j + 2);
				this.state = 'headers';
			} else if (this.state === 'headers') {
				const empty = b.length >= 2 && b[0] === 0x0d && b[1] === 0x0a;
				const i = empty ? -2 : b.indexOf('\r\n\r\n');
				if (!empty && i < 0) {
					if (b.length > MAX_HEADER_BYTES) throw new MultipartError('multipart part headers are too large');
					break;
				}
				out.push(this.part(empty ? '' : b.toString('utf8', 0, i)));
				this.buf = b.subarray(i + 4);
				this.state = 'body';
			} else if (this.state === 'body') {
				const i = b.indexOf(this.delim);
				if (i >= 0) {
					if (i > 0) out.push({ type: 'data', data: b.subarray(0, i) });
					out.push({ type: 'end' });
					this.buf = b.subarray(i + this.delim.length);
					this.state = 'after';
					continue;
				}
				// The tail may be the start of a boundary split across chunks: keep it.
				if (b.length > keep) {
					out.push({ type: 'data', data: b.subarray(0, b.length - keep) });
					this.buf = b.subarray(b.length - keep);
				}
				break;
			} else break;
		}
		return out;
	}

	/** @param {string} text @returns {MultipartEvent} */
	part(text) {
		/** @type {Record<string, string>} */
		const h = {};
		for (const line of text.split('\r\n')) {
			const c = line.indexOf(':');
			if (c <= 0) throw new MultipartError('malformed multipart part header');
			h[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 1).trim();
		}
		const disposition = h['content-disposition'] ?? '';
		if (!/^form-data\s*(;|$)/i.test(disposition)) throw new MultipartError('every part needs Content-Disposition: form-data');
		const p = dispositionParams(disposition);
		return { type: 'part', name: p.name, filename: p.filename, contentType: h['content-type'], disposition };
	}

	/** Throws unless the closing boundary was seen. */
	finish() {
		if (this.state !== 'done') throw new MultipartError('the multipart body ends before its closing boundary');
	}
}

/**
 * Reads `req` chunk by chunk; `onChunk` may return a promise (the request is paused
 * until it settles). The first error stops the processing, the rest is drained.
 * Resolves with that error (or null) once the whole request has arrived; rejects if
 * the client goes away first.
 * @param {import('stream').Readable} req @param {(chunk: Buffer) => unknown} onChunk
 * @returns {Promise<unknown>}
 */
function consume(req, onChunk) {
	return new Promise((resolve, reject) => {
		/** @type {unknown} */
		let failed = null;
		let ended = false;
		/** @type {Promise<unknown>} */
		let pending = Promise.resolve();
		req.on('data', (/** @type {Buffer} */ c) => {
			if (failed) return;
			let r;
			try {
				r = onChunk(c);
			} catch (e) {
				failed = e;
				return;
			}
			if (r && typeof (/** @type {any} */ (r).then) === 'function') {
				req.pause();
				pending = /** @type {Promise<unknown>} */ (r).then(
					() => req.resume(),
					(e) => {
						failed = e;
						req.resume();
					},
				);
			}
		});
		req.on('end', () => {
			ended = true;
			pending.then(() => resolve(failed));
		});
		req.on('close', () => {
			if (!ended) reject(new Error('the client closed the connection during the upload'));
		});
		req.on('error', reject);
	});
}

module.exports = { MultipartParser, MultipartError, boundaryOf, consume, dispositionParams };
