// @ts-check
'use strict';

const { MultipartParser, MultipartError, boundaryOf, consume } = require('./multipart');
const { normalizeMime, EXT } = require('./sniff');
const { UploadError, destination, resolveMime, newFileCounters } = require('./upload-rules');
const { fetchInto, urlProblem, FetchError } = require('./fetch-url');
const { scrubValue } = require('./request-log');

/**
 * The Files API (evolink-api.md "Files API", evolink-platform.md §9), served by the
 * simulator on its own port and, optionally, on a second one (the vendor's separate
 * files-api.evolink.ai host):
 *   POST /api/v1/files/upload/stream  multipart: part `file` (filename + Content-Type),
 *                                     optional text fields `uploadPath`, `fileName`
 *   POST /api/v1/files/upload/base64  JSON {base64_data, upload_path?, file_name?}
 *   POST /api/v1/files/upload/url     JSON {file_url, upload_path?, file_name?}
 * Bearer key as on the main API. Answers {success, code, msg, data?}; a refusal has
 * `code` = the HTTP status. Uploaded files are public at data.file_url until expires_at.
 */

const UPLOADS = { '/api/v1/files/upload/stream': 'stream', '/api/v1/files/upload/base64': 'base64', '/api/v1/files/upload/url': 'url' };
const MAX_FIELD = 4096;
const URL_BODY_LIMIT = 64 * 1024;
/** base64 is decoded and written in slices of this many characters (a multiple of 4). */
const SLICE = 4 * 256 * 1024;

/** Drains what is left of a request (errors answered before reading it). @param {import('http').IncomingMessage} req */
const drain = (req) => (req.readableEnded ? Promise.resolve() : consume(req, () => undefined).catch(() => undefined));

/**
 * @param {{store: import('./file-store').UploadStore, cfg: {maxUploadBytes: number, fileTtlSeconds: number},
 *   counters: () => import('./upload-rules').FileCounters, filesUrl: () => string, log: (l: string) => void,
 *   parseRange: (h: string | undefined, total: number) => {start: number, end: number} | null | 'bad'}} deps
 */
function filesApi(deps) {
	const { store, cfg } = deps;

	/**
	 * @typedef {object} FilesCtx
	 * @property {import('http').IncomingMessage} req
	 * @property {import('http').ServerResponse} res
	 * @property {string} method
	 * @property {string} pathname
	 * @property {number} keyIndex
	 * @property {import('./request-log').LoggedRequest} entry
	 * @property {(status: number, obj: unknown, extra?: Record<string, string>) => unknown} send
	 * @property {string[]} secrets
	 */

	/** Logs a summary of what was sent (file content is never stored in the log). @param {FilesCtx} ctx @param {unknown} body @param {boolean} json */
	const logBody = (ctx, body, json) => {
		ctx.entry.body = scrubValue(body, ctx.secrets, 'body', ctx.entry.secretLeaks);
		ctx.entry.bodyIsJson = json;
	};

	/** @param {FilesCtx} ctx @param {number} limit */
	async function readJson(ctx, limit) {
		const ctype = normalizeMime(ctx.req.headers['content-type']);
		if (ctype !== 'application/json') throw new UploadError(400, 'Content-Type must be application/json');
		/** @type {Buffer[]} */
		const parts = [];
		let size = 0;
		const failed = await consume(ctx.req, (c) => {
			size += c.length;
			if (size > limit) throw new UploadError(413, `The request body is larger than ${limit} bytes`);
			parts.push(c);
		});
		if (failed) throw failed;
		let body;
		try {
			body = JSON.parse(Buffer.concat(parts).toString('utf8'));
		} catch {
			throw new UploadError(400, 'The request body is not valid JSON');
		}
		if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new UploadError(400, 'The request body must be a JSON object');
		return /** @type {Record<string, unknown>} */ (body);
	}

	/** @param {Record<string, unknown>} body @param {string[]} allowed */
	const refuseUnknown = (body, allowed) => {
		for (const k of Object.keys(body)) if (!allowed.includes(k)) throw new UploadError(400, `Unknown field '${k}' (this upload takes ${allowed.join(', ')})`);
	};

	/**
	 * Sniffs, checks and keeps a finished upload.
	 * @param {FilesCtx} ctx @param {{id: string, sink: import('./file-store').UploadSink}} s
	 * @param {{declared: string | undefined, originalName: string | undefined, uploadPath: string, fileName: string | undefined, endpoint: 'stream' | 'base64' | 'url'}} o
	 */
	async function keep(ctx, s, o) {
		const sha256 = await s.sink.end();
		if (s.sink.bytes === 0) throw new UploadError(400, 'The file is empty (at least 1 byte is needed)');
		const mime = resolveMime(o.declared, s.sink.head());
		const original = o.originalName || `file.${EXT[mime]}`;
		const rec = store.add(s.id, s.sink, {
			file_name: o.fileName || original,
			original_name: original,
			file_size: s.sink.bytes,
			mime_type: mime,
			upload_path: o.uploadPath,
			sha256,
			owner: ctx.keyIndex,
			endpoint: o.endpoint,
		}, cfg.fileTtlSeconds * 1000);
		ctx.entry.upload = { endpoint: o.endpoint, fileId: rec.file_id, bytes: rec.file_size, mime, sha256 };
		return rec;
	}

	/** @param {FilesCtx} ctx @param {{id: string, sink: import('./file-store').UploadSink}} s */
	async function stream(ctx, s) {
		const boundary = boundaryOf(ctx.req.headers['content-type']);
		if (!boundary) throw new UploadError(400, 'Content-Type must be multipart/form-data with a boundary');
		const parser = new MultipartParser(boundary);
		/** @type {{filename: string, contentType: string | undefined} | null} */
		let file = null;
		/** @type {{name: string, parts: Buffer[], size: number} | 'file' | null} */
		let current = null;
		/** @type {Record<string, string>} */
		const fields = {};
		const summary = () => ({ file: file && { filename: file.filename, contentType: file.contentType, bytes: s.sink.bytes }, fields });
		const failed = await consume(ctx.req, async (chunk) => {
			for (const ev of parser.push(chunk)) {
				if (ev.type === 'part') {
					if (ev.name === 'file') {
						if (file) throw new UploadError(400, "Only one 'file' part is allowed");
						if (ev.filename === undefined) throw new UploadError(400, "The 'file' part needs a filename");
						file = { filename: ev.filename, contentType: ev.contentType };
						current = 'file';
					} else if (ev.name === 'uploadPath' || ev.name === 'fileName') {
						if (ev.filename !== undefined) throw new UploadError(400, `'${ev.name}' must be a text field`);
						current = { name: ev.name, parts: [], size: 0 };
					} else throw new UploadError(400, `Unknown field '${ev.name}' (the stream upload takes file, uploadPath, fileName)`);
				} else if (ev.type === 'data' && current === 'file') {
					if (s.sink.bytes + ev.data.length > cfg.maxUploadBytes) throw new UploadError(413, `The file is larger than the limit of ${cfg.maxUploadBytes} bytes`);
					await s.sink.write(ev.data);
				} else if (ev.type === 'data' && current) {
					const field = /** @type {{name: string, parts: Buffer[], size: number}} */ (current);
					field.size += ev.data.length;
					if (field.size > MAX_FIELD) throw new UploadError(400, `'${field.name}' is too long`);
					field.parts.push(Buffer.from(ev.data));
				} else if (ev.type === 'end') {
					if (current && current !== 'file') fields[current.name] = Buffer.concat(current.parts).toString('utf8');
					current = null;
				}
			}
		});
		logBody(ctx, summary(), false);
		if (failed instanceof MultipartError) throw new UploadError(400, failed.message);
		if (failed) throw failed;
		try {
			parser.finish();
		} catch (e) {
			throw new UploadError(400, /** @type {Error} */ (e).message);
		}
		if (!file) throw new UploadError(400, "The multipart body has no 'file' part");
		const dest = destination(fields.uploadPath, fields.fileName, ['uploadPath', 'fileName']);
		const f = /** @type {{filename: string, contentType: string | undefined}} */ (file);
		const originalName = f.filename.split(/[\\/]/).pop() || undefined;
		return keep(ctx, s, { declared: f.contentType, originalName, ...dest, endpoint: 'stream' });
	}

	/** @param {FilesCtx} ctx @param {{id: string, sink: import('./file-store').UploadSink}} s */
	async function base64(ctx, s) {
		// A data URL costs 4 characters per 3 bytes, plus its prefix and the JSON around it.
		const body = await readJson(ctx, Math.ceil(cfg.maxUploadBytes / 3) * 4 + 64 * 1024);
		const data = body.base64_data;
		// The log keeps the start of the data and its length, not the whole file.
		logBody(ctx, typeof data === 'string' ? { ...body, base64_data: `${data.slice(0, 64)}…[${data.length} chars]` } : body, true);
		refuseUnknown(body, ['base64_data', 'upload_path', 'file_name']);
		const dest = destination(body.upload_path, body.file_name, ['upload_path', 'file_name']);
		if (typeof data !== 'string' || !data.trim()) throw new UploadError(400, 'base64_data is required (a data URL or raw base64)');
		let payload = data.trim();
		/** @type {string | undefined} */
		let declared;
		if (/^data:/i.test(payload)) {
			const m = /^data:([^;,]*)((?:;[^;,]*)*?);base64,/i.exec(payload.slice(0, 512));
			if (!m) throw new UploadError(400, 'base64_data: a data URL must look like data:<mime type>;base64,<data>');
			declared = m[1] || 'application/octet-stream';
			payload = payload.slice(m[0].length);
		}
		// Raw base64 has no way to declare a type here: the content decides (see README).
		if (/\s/.test(payload)) payload = payload.replace(/\s+/g, '');
		if (!/^[A-Za-z0-9+/]*={0,2}$/.test(payload) || payload.length % 4 === 1) throw new UploadError(400, 'base64_data is not valid base64');
		const pad = payload.endsWith('==') ? 2 : payload.endsWith('=') ? 1 : 0;
		const bytes = Math.floor((payload.length * 3) / 4) - pad;
		if (bytes <= 0) throw new UploadError(400, 'The file is empty (at least 1 byte is needed)');
		if (bytes > cfg.maxUploadBytes) throw new UploadError(413, `The file is larger than the limit of ${cfg.maxUploadBytes} bytes`);
		for (let i = 0; i < payload.length; i += SLICE) await s.sink.write(Buffer.from(payload.slice(i, i + SLICE), 'base64'));
		return keep(ctx, s, { declared, originalName: dest.fileName, ...dest, endpoint: 'base64' });
	}

	/** @param {FilesCtx} ctx @param {{id: string, sink: import('./file-store').UploadSink}} s */
	async function url(ctx, s) {
		const body = await readJson(ctx, URL_BODY_LIMIT);
		logBody(ctx, body, true);
		refuseUnknown(body, ['file_url', 'upload_path', 'file_name']);
		const dest = destination(body.upload_path, body.file_name, ['upload_path', 'file_name']);
		if (typeof body.file_url !== 'string' || !body.file_url) throw new UploadError(400, 'file_url is required');
		/** @type {URL} */
		let u;
		try {
			u = new URL(body.file_url);
		} catch {
			throw new UploadError(400, 'file_url must be an absolute URL');
		}
		const problem = urlProblem(u);
		if (problem) throw new UploadError(400, problem);
		const got = await fetchInto(u, cfg.maxUploadBytes, (c) => s.sink.write(c)).catch((e) => {
			throw e instanceof FetchError ? new UploadError(e.status, e.message) : e;
		});
		let name = got.url.pathname.split('/').pop() || '';
		try {
			name = decodeURIComponent(name);
		} catch {
			/* keep it encoded */
		}
		name = name.replace(/[\\/\0]/g, '_').slice(0, 255);
		return keep(ctx, s, { declared: got.contentType, originalName: name || undefined, ...dest, endpoint: 'url' });
	}

	const handlers = { stream, base64, url };

	/** The public data of a stored file. @param {import('./file-store').StoredFile} r */
	const view = (r) => {
		const base = deps.filesUrl();
		return {
			file_id: r.file_id,
			file_name: r.file_name,
			original_name: r.original_name,
			file_size: r.file_size,
			mime_type: r.mime_type,
			upload_path: r.upload_path,
			file_url: `${base}/uploads/${r.file_id}/${encodeURIComponent(r.file_name)}`,
			download_url: `${base}/api/v1/files/download/${r.file_id}`,
			upload_time: r.upload_time,
			expires_at: r.expires_at,
		};
	};

	return {
		/** Paths the Files API answers (on both hosts). @param {string} pathname */
		owns: (pathname) => pathname.startsWith('/api/v1/files/') || pathname.startsWith('/uploads/'),
		view,
		/** @param {FilesCtx} ctx */
		async handle(ctx) {
			const { req, method, pathname } = ctx;
			if (pathname.startsWith('/uploads/') || pathname.startsWith('/api/v1/files/download/')) {
				return store.serve(req, ctx.res, { method, pathname, entry: ctx.entry, parseRange: deps.parseRange, log: deps.log });
			}
			/** @param {number} status @param {string} msg */
			const refuse = async (status, msg) => {
				await drain(req);
				return ctx.send(status, { success: false, code: status, msg });
			};
			const endpoint = /** @type {'stream' | 'base64' | 'url' | undefined} */ (/** @type {Record<string, string>} */ (UPLOADS)[pathname]);
			if (!endpoint) return refuse(404, `Unknown endpoint ${pathname}`);
			if (method !== 'POST') return refuse(405, 'Method not allowed');
			if (ctx.keyIndex < 0) return refuse(401, 'Invalid API key');
			const c = deps.counters();
			c.requests++;
			const s = store.sink();
			try {
				const rec = await handlers[endpoint](ctx, s);
				c.count++;
				c.bytes += rec.file_size;
				c[endpoint].count++;
				c[endpoint].bytes += rec.file_size;
				return ctx.send(200, { success: true, code: 200, msg: 'success', data: view(rec) });
			} catch (e) {
				await store.drop(s.sink);
				if (!(e instanceof UploadError)) throw e;
				c.refused++;
				c[endpoint].refused++;
				return refuse(e.status, e.message);
			}
		},
	};
}

module.exports = { filesApi, newFileCounters };
