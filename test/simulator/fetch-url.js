// @ts-check
'use strict';

const http = require('http');
const https = require('https');
const net = require('net');
const { consume } = require('./multipart');

/**
 * Fetching a `file_url` for POST /api/v1/files/upload/url. The simulator has no internet:
 * it only fetches loopback URLs (localhost, 127.0.0.0/8, ::1), e.g. a test's own file
 * server or the simulator's own result files. (The real Files API fetches public URLs
 * and the vendor client refuses loopback ones; see README.)
 */

class FetchError extends Error {
	/** @param {number} status  HTTP status the upload should answer @param {string} message */
	constructor(status, message) {
		super(message);
		this.status = status;
	}
}

const MAX_REDIRECTS = 3;
const TIMEOUT_MS = 30000;

/** @param {string} hostname  URL hostname (IPv6 in brackets) */
function isLoopback(hostname) {
	const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	if (h === 'localhost' || h.endsWith('.localhost')) return true;
	if (net.isIPv4(h)) return h.startsWith('127.');
	return h === '::1' || h === '0:0:0:0:0:0:0:1';
}

/**
 * Checks a file_url; returns an error message or null.
 * @param {URL} u
 */
function urlProblem(u) {
	if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'file_url must be an http(s) URL';
	if (u.username || u.password) return 'file_url must not contain credentials';
	if (!isLoopback(u.hostname)) {
		return 'The simulator has no internet access: it only fetches loopback file_url hosts (localhost, 127.0.0.0/8, ::1)';
	}
	return null;
}

/**
 * GETs `u` and streams the body into `write` (which may return a promise: back-pressure).
 * @param {URL} u @param {number} maxBytes @param {(chunk: Buffer) => unknown} write
 * @returns {Promise<{contentType: string | undefined, url: URL}>}
 */
async function fetchInto(u, maxBytes, write) {
	for (let hop = 0; ; hop++) {
		/** @type {http.IncomingMessage} */
		const res = await new Promise((resolve, reject) => {
			const mod = u.protocol === 'https:' ? https : http;
			// Loopback test servers use self-signed certificates.
			const req = mod.get(u, { agent: false, rejectUnauthorized: false, timeout: TIMEOUT_MS }, resolve);
			req.on('timeout', () => req.destroy(new Error('timeout')));
			req.on('error', (e) => reject(new FetchError(400, `Could not fetch file_url: ${e.message}`)));
		});
		const status = res.statusCode || 0;
		const location = res.headers.location;
		if (status >= 300 && status < 400 && location) {
			res.resume();
			if (hop >= MAX_REDIRECTS) throw new FetchError(400, 'Could not fetch file_url: too many redirects');
			const next = new URL(location, u);
			const problem = urlProblem(next);
			if (problem) throw new FetchError(400, `file_url redirects to a refused URL: ${problem}`);
			u = next;
			continue;
		}
		if (status < 200 || status >= 300) {
			res.resume();
			throw new FetchError(400, `Could not fetch file_url: it answered HTTP ${status}`);
		}
		const length = Number(res.headers['content-length']);
		if (Number.isFinite(length) && length > maxBytes) {
			res.destroy();
			throw new FetchError(413, `The file is larger than the limit of ${maxBytes} bytes`);
		}
		let size = 0;
		const failed = await consume(res, (chunk) => {
			size += chunk.length;
			if (size > maxBytes) throw new FetchError(413, `The file is larger than the limit of ${maxBytes} bytes`);
			return write(chunk);
		}).catch((e) => new FetchError(400, `Could not fetch file_url: ${e.message}`));
		if (failed) throw failed;
		return { contentType: res.headers['content-type'], url: u };
	}
}

module.exports = { fetchInto, urlProblem, isLoopback, FetchError };
