// @ts-check
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const { HEAD_BYTES } = require('./sniff');

/**
 * Uploaded files: written to a private temp directory while they arrive (never held
 * whole in memory), served at their public file_url until they expire (72 h by default),
 * deleted on reset and close.
 */

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const newFileId = () => `file_${Array.from({ length: 24 }, () => ID_CHARS[crypto.randomInt(ID_CHARS.length)]).join('')}`;

/** Writes one upload to disk, counting, hashing and keeping the first bytes for sniffing. */
class UploadSink {
	/** @param {string} file */
	constructor(file) {
		this.path = file;
		this.ws = fs.createWriteStream(file);
		/** @type {Error | null} */
		this.error = null;
		this.ws.on('error', (e) => (this.error = e));
		this.bytes = 0;
		/** @type {Buffer[]} */
		this.headParts = [];
		this.headLen = 0;
		this.hash = crypto.createHash('sha256');
	}

	/** @param {Buffer} buf @returns {Promise<void> | undefined}  a promise when the disk wants a pause */
	write(buf) {
		if (this.error) throw this.error;
		this.bytes += buf.length;
		if (this.headLen < HEAD_BYTES) {
			const part = Buffer.from(buf.subarray(0, HEAD_BYTES - this.headLen));
			this.headParts.push(part);
			this.headLen += part.length;
		}
		this.hash.update(buf);
		if (this.ws.write(buf)) return undefined;
		return new Promise((resolve, reject) => {
			const ok = () => {
				this.ws.off('error', bad);
				resolve();
			};
			const bad = (/** @type {Error} */ e) => {
				this.ws.off('drain', ok);
				reject(e);
			};
			this.ws.once('drain', ok);
			this.ws.once('error', bad);
		});
	}

	head() {
		return Buffer.concat(this.headParts);
	}

	/** Flushes and closes the file; resolves with the SHA-256 (hex) of the content. @returns {Promise<string>} */
	end() {
		return new Promise((resolve, reject) => {
			if (this.error) return reject(this.error);
			this.ws.end();
			this.ws.once('close', () => (this.error ? reject(this.error) : resolve(this.hash.digest('hex'))));
		});
	}

	async discard() {
		this.ws.destroy();
		await fs.promises.rm(this.path, { force: true });
	}
}

/**
 * @typedef {object} StoredFile
 * @property {string} file_id
 * @property {string} file_name
 * @property {string} original_name
 * @property {number} file_size
 * @property {string} mime_type
 * @property {string} upload_path
 * @property {string} upload_time     ISO 8601
 * @property {string} expires_at      ISO 8601
 * @property {number} expiresMs
 * @property {string} sha256
 * @property {number} owner           API key index
 * @property {'stream' | 'base64' | 'url'} endpoint
 * @property {number} downloads
 * @property {string} diskPath
 */

class UploadStore {
	constructor() {
		/** @type {string | null} created on first use */
		this.madeDir = null;
		/** @type {Map<string, StoredFile>} */
		this.files = new Map();
		/** @type {Set<UploadSink>} */
		this.sinks = new Set();
	}

	/** The private temp directory (made on first use). */
	get dir() {
		if (!this.madeDir) this.madeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evolink-sim-files-'));
		return this.madeDir;
	}

	/** A new sink in the store's directory; `id` becomes the file's id if it is kept. */
	sink() {
		const id = newFileId();
		const s = new UploadSink(path.join(this.dir, id));
		this.sinks.add(s);
		return { id, sink: s };
	}

	/**
	 * Keeps a finished upload.
	 * @param {string} id @param {UploadSink} sink @param {Omit<StoredFile, 'file_id' | 'diskPath' | 'downloads' | 'upload_time' | 'expires_at' | 'expiresMs'>} meta
	 * @param {number} ttlMs
	 */
	add(id, sink, meta, ttlMs) {
		this.sinks.delete(sink);
		const now = Date.now();
		/** @type {StoredFile} */
		const rec = {
			file_id: id,
			...meta,
			upload_time: new Date(now).toISOString(),
			expires_at: new Date(now + ttlMs).toISOString(),
			expiresMs: now + ttlMs,
			downloads: 0,
			diskPath: sink.path,
		};
		this.files.set(id, rec);
		return rec;
	}

	/** @param {UploadSink} sink */
	async drop(sink) {
		this.sinks.delete(sink);
		await sink.discard();
	}

	/** The file if it exists and has not expired (an expired one is deleted). @param {string} id */
	get(id) {
		const rec = this.files.get(id);
		if (rec && Date.now() >= rec.expiresMs) {
			this.files.delete(id);
			fs.rmSync(rec.diskPath, { force: true });
			return undefined;
		}
		return rec;
	}

	list() {
		return [...this.files.keys()].map((id) => this.get(id)).filter((r) => r !== undefined).map(({ diskPath, ...r }) => r);
	}

	/**
	 * GET/HEAD of a public file URL: /uploads/<file_id>/<file_name> or
	 * /api/v1/files/download/<file_id> (as an attachment). Answers 404 when unknown or expired.
	 * @param {import('http').IncomingMessage} req @param {import('http').ServerResponse} res
	 * @param {{method: string, pathname: string, entry: import('./request-log').LoggedRequest,
	 *   parseRange: (h: string | undefined, total: number) => {start: number, end: number} | null | 'bad', log: (l: string) => void}} o
	 */
	serve(req, res, o) {
		/** @param {number} status @param {string} msg @param {Record<string, string>} [extra] */
		const fail = (status, msg, extra = {}) => {
			const json = JSON.stringify({ success: false, code: status, msg });
			o.entry.status = status;
			o.entry.response = JSON.parse(json);
			res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(json)), ...extra });
			res.end(json);
		};
		if (o.method !== 'GET' && o.method !== 'HEAD') return fail(405, 'Method not allowed');
		const view = /^\/uploads\/(file_[A-Za-z0-9]+)\/([^/]+)$/.exec(o.pathname);
		const dl = /^\/api\/v1\/files\/download\/(file_[A-Za-z0-9]+)$/.exec(o.pathname);
		const rec = view || dl ? this.get((view || dl || [])[1]) : undefined;
		let nameOk = !!dl;
		if (view && rec) {
			try {
				nameOk = decodeURIComponent(view[2]) === rec.file_name;
			} catch {
				nameOk = false;
			}
		}
		if (!rec || !nameOk) return fail(404, 'File not found');
		const total = rec.file_size;
		const range = o.parseRange(/** @type {string | undefined} */ (req.headers.range), total);
		if (range === 'bad') return fail(416, 'Range not satisfiable', { 'content-range': `bytes */${total}` });
		const start = range ? range.start : 0;
		const end = range ? range.end : total - 1;
		/** @type {Record<string, string>} */
		const headers = {
			'content-type': rec.mime_type,
			'content-length': String(end - start + 1),
			'accept-ranges': 'bytes',
			'cache-control': 'private, max-age=259200',
		};
		if (dl) headers['content-disposition'] = `attachment; filename*=UTF-8''${encodeURIComponent(rec.file_name)}`;
		if (range) headers['content-range'] = `bytes ${start}-${end}/${total}`;
		o.entry.status = range ? 206 : 200;
		o.log(`${o.method} ${o.pathname} -> ${o.entry.status} (${end - start + 1} bytes)`);
		res.writeHead(o.entry.status, headers);
		if (o.method === 'HEAD') return res.end();
		rec.downloads++;
		const stream = fs.createReadStream(rec.diskPath, { start, end });
		res.on('close', () => stream.destroy());
		stream.on('error', () => res.destroy());
		stream.pipe(res);
	}

	/** Deletes every file (and every upload still arriving). */
	clear() {
		for (const s of this.sinks) s.ws.destroy();
		this.sinks.clear();
		this.files.clear();
		if (!this.madeDir) return;
		for (const f of fs.readdirSync(this.madeDir)) fs.rmSync(path.join(this.madeDir, f), { force: true });
	}

	close() {
		this.clear();
		if (this.madeDir) fs.rmSync(this.madeDir, { recursive: true, force: true });
		this.madeDir = null;
	}
}

module.exports = { UploadStore, UploadSink, newFileId };
