// @ts-check
'use strict';

/* Files API limits: the MIME allow-list (sniffed), sizes (1 byte - 100 MB, streamed), request shapes. */

const http = require('http');
const crypto = require('crypto');
const { Readable } = require('stream');
const { startSimulator, DEFAULT_API_KEY } = require('./index');
const { ALLOWED } = require('./sniff');
const { MultipartParser, MultipartError } = require('./multipart');
const { PNG, JPEG, SAMPLES, multipart, upload, streamFile } = require('./files-helpers');

const KEY = DEFAULT_API_KEY;
const MiB = 1024 * 1024;

/** @type {import('./index').Simulator} */
let sim;
/** @type {http.Server} */
let origin;
let originUrl = '';
beforeAll(async () => {
	sim = await startSimulator({});
	origin = http.createServer((req, res) => {
		const n = Number((req.url || '').slice(1));
		res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.concat([PNG, Buffer.alloc(Math.max(0, n - PNG.length))]).subarray(0, n));
	});
	await new Promise((r) => origin.listen(0, '127.0.0.1', () => r(undefined)));
	originUrl = `http://127.0.0.1:${/** @type {any} */ (origin.address()).port}`;
});
afterAll(async () => {
	await sim.close();
	origin.closeAllConnections();
	await new Promise((r) => origin.close(r));
});
afterEach(() => {
	sim.reset();
	sim.configure({ maxUploadBytes: 100 * MiB });
});

/** @param {Response} r */
const out = async (r) => ({ status: r.status, body: await r.json() });
/** @param {number} status @param {RegExp | string} [msg] */
const refused = (status, msg) => ({ status, body: { success: false, code: status, msg: msg instanceof RegExp ? expect.stringMatching(msg) : msg ?? expect.any(String) } });
/** PNG magic followed by zeros, `n` bytes in all. @param {number} n */
const pngOf = (n) => Buffer.concat([PNG, Buffer.alloc(Math.max(0, n - PNG.length))]).subarray(0, n);

describe('MIME allow-list', () => {
	test('exactly the documented types are allowed', () => {
		expect([...ALLOWED].sort()).toEqual(
			[
				'image/jpeg', 'image/png', 'image/gif', 'image/webp',
				'audio/mpeg', 'audio/wav', 'audio/flac', 'audio/aac', 'audio/ogg', 'audio/mp4', 'audio/x-ms-wma', 'audio/opus', 'audio/amr',
				'video/mp4', 'video/quicktime', 'video/x-msvideo', 'video/x-matroska', 'video/webm', 'video/x-flv', 'video/x-ms-wmv', 'video/mp2t', 'video/3gpp',
			].sort(),
		);
		expect(Object.keys(SAMPLES).sort()).toEqual([...ALLOWED].sort());
	});

	test('each allowed type is accepted when its content matches; octet-stream is typed by its content', async () => {
		for (const [mime, data] of Object.entries(SAMPLES)) {
			const r = await out(await streamFile(sim.url, data, mime, 'f.bin'));
			expect([mime, r.status, r.body.data?.mime_type]).toEqual([mime, 200, mime]);
			const sniffed = await out(await streamFile(sim.url, data, 'application/octet-stream', 'f.bin'));
			// WMA and WMV share the ASF header: without a declared type it reads as video.
			expect([mime, sniffed.body.data?.mime_type]).toEqual([mime, mime === 'audio/x-ms-wma' ? 'video/x-ms-wmv' : mime]);
		}
	});

	test('content that does not match its declared type is refused (400); types outside the list are 415', async () => {
		expect(await out(await streamFile(sim.url, JPEG, 'image/png'))).toEqual(refused(400, 'The file content does not match its declared type image/png'));
		expect(await out(await streamFile(sim.url, SAMPLES['image/gif'], 'video/mp2t'))).toEqual(refused(400, /video\/mp2t/));
		expect(await out(await streamFile(sim.url, PNG, 'image/bmp'))).toEqual(refused(415, 'File type image/bmp is not allowed'));
		expect(await out(await streamFile(sim.url, Buffer.from('hello world'), 'text/plain'))).toEqual(refused(415, /text\/plain/));
		expect(await out(await streamFile(sim.url, Buffer.from('hello world'), 'application/octet-stream'))).toEqual(refused(415, /Unsupported file type/));
		expect(await out(await streamFile(sim.url, Buffer.from('hello world'), ''))).toEqual(refused(415));
		expect(await out(await upload(sim.url, 'base64', { base64_data: `data:image/jpeg;base64,${PNG.toString('base64')}` }))).toEqual(refused(400, /image\/jpeg/));
		expect(await out(await upload(sim.url, 'base64', { base64_data: Buffer.from('plain text, no magic').toString('base64') }))).toEqual(refused(415));
		expect(sim.files()).toHaveLength(0);
		expect(sim.stats().counters.uploads).toMatchObject({ count: 0, refused: 8 });
	});
});

describe('sizes', () => {
	test('1 byte to maxUploadBytes: the limit itself passes, one more is 413, empty is 400 (all three endpoints)', async () => {
		sim.configure({ maxUploadBytes: 1000 });
		expect((await out(await streamFile(sim.url, pngOf(1000)))).body.data.file_size).toBe(1000);
		expect(await out(await streamFile(sim.url, pngOf(1001)))).toEqual(refused(413, 'The file is larger than the limit of 1000 bytes'));
		expect(await out(await streamFile(sim.url, Buffer.alloc(0)))).toEqual(refused(400, /empty/));
		expect((await out(await upload(sim.url, 'base64', { base64_data: pngOf(1000).toString('base64') }))).status).toBe(200);
		expect(await out(await upload(sim.url, 'base64', { base64_data: pngOf(1001).toString('base64') }))).toEqual(refused(413));
		expect(await out(await upload(sim.url, 'base64', { base64_data: 'data:image/png;base64,' }))).toEqual(refused(400));
		expect((await out(await upload(sim.url, 'url', { file_url: `${originUrl}/1000` }))).status).toBe(200);
		expect(await out(await upload(sim.url, 'url', { file_url: `${originUrl}/1001` }))).toEqual(refused(413));
		expect(await out(await upload(sim.url, 'url', { file_url: `${originUrl}/0` }))).toEqual(refused(400, /empty/));
		expect(sim.files().map((f) => f.file_size)).toEqual([1000, 1000, 1000]);
	});

	test('a 100 MiB stream upload is accepted without holding it in memory; 100 MiB + 1 byte is 413', async () => {
		const boundary = 'big-upload-boundary';
		const zeros = Buffer.alloc(MiB);
		/** @param {number} size */
		const send = (size) => {
			const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.png"\r\nContent-Type: image/png\r\n\r\n`);
			const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
			const hash = crypto.createHash('sha256');
			function* parts() {
				yield head;
				yield PNG;
				hash.update(PNG);
				for (let left = size - PNG.length; left > 0; left -= MiB) {
					const c = left >= MiB ? zeros : zeros.subarray(0, left);
					hash.update(c);
					yield c;
				}
				yield tail;
			}
			return new Promise((resolve, reject) => {
				const req = http.request(`${sim.url}/api/v1/files/upload/stream`, {
					method: 'POST',
					headers: { authorization: `Bearer ${KEY}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + size + tail.length },
				});
				req.on('response', (res) => {
					let text = '';
					res.on('data', (c) => (text += c));
					res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(text), sha256: hash.digest('hex') }));
				});
				req.on('error', reject);
				Readable.from(parts(), { objectMode: false }).pipe(req);
			});
		};
		const base = process.memoryUsage();
		let peak = 0;
		const timer = setInterval(() => {
			const m = process.memoryUsage();
			peak = Math.max(peak, m.arrayBuffers - base.arrayBuffers + (m.heapUsed - base.heapUsed));
		}, 5);
		try {
			const ok = /** @type {any} */ (await send(100 * MiB));
			expect(ok.status).toBe(200);
			expect(ok.body.data).toMatchObject({ file_size: 100 * MiB, mime_type: 'image/png', original_name: 'big.png' });
			expect(sim.files()[0].sha256).toBe(ok.sha256);
			const over = /** @type {any} */ (await send(100 * MiB + 1));
			expect({ status: over.status, body: over.body }).toEqual(refused(413, `The file is larger than the limit of ${100 * MiB} bytes`));
		} finally {
			clearInterval(timer);
		}
		// Holding the file would cost over 100 MiB; streaming peaks around 30 MiB (mostly garbage).
		expect(peak).toBeLessThan(64 * MiB);
		expect(sim.files()).toHaveLength(1);
		const r = await fetch(sim.files()[0].file_url, { headers: { range: 'bytes=-4' } });
		expect([r.status, r.headers.get('content-range')]).toEqual([206, `bytes ${100 * MiB - 4}-${100 * MiB - 1}/${100 * MiB}`]);
		await r.arrayBuffer();
	}, 60000);
});

describe('request shapes', () => {
	test('multipart: boundary, a file part with a filename, once, the camelCase fields only, a closing boundary', async () => {
		const file = { name: 'file', filename: 'a.png', type: 'image/png', data: PNG };
		const send = async (/** @type {any[]} */ parts, /** @type {string | undefined} */ ctype = undefined) => out(await upload(sim.url, 'stream', multipart(parts).body, ctype ? { contentType: ctype } : {}));
		expect(await send([file], 'multipart/form-data')).toEqual(refused(400, /boundary/));
		expect(await send([file], 'application/json')).toEqual(refused(400, /multipart/));
		expect(await send([{ name: 'uploadPath', data: 'x' }])).toEqual(refused(400, "The multipart body has no 'file' part"));
		expect(await send([{ ...file, filename: undefined }])).toEqual(refused(400, /needs a filename/));
		expect(await send([file, file])).toEqual(refused(400, /Only one 'file' part/));
		expect(await send([file, { name: 'upload_path', data: 'x' }])).toEqual(refused(400, /Unknown field 'upload_path'/));
		expect(await send([file, { name: 'fileName', filename: 'x', data: 'y' }])).toEqual(refused(400, /text field/));
		expect(await send([file, { name: 'uploadPath', data: 'a'.repeat(5000) }])).toEqual(refused(400, /too long/));
		const cut = multipart([file]).body;
		expect(await out(await upload(sim.url, 'stream', cut.subarray(0, cut.length - 12)))).toEqual(refused(400, /closing boundary/));
		// Preamble and epilogue, a quoted boundary, filename*= (RFC 5987).
		const b = "x'(sim) +_,-./:=?y";
		const body = Buffer.from(`preamble\r\n--${b}\r\nContent-Disposition: form-data; name="file"; filename="x.png"; filename*=UTF-8''%C3%A9t%C3%A9.png\r\nContent-Type: image/png\r\n\r\n${PNG.toString('latin1')}\r\n--${b}--\r\nepilogue`, 'latin1');
		const r = await out(await upload(sim.url, 'stream', body, { contentType: `multipart/form-data; boundary="${b}"` }));
		expect(r.body.data).toMatchObject({ original_name: 'été.png', file_size: PNG.length });
	});

	test('the parser finds boundaries split across chunks (fed 1 byte, then 7 bytes at a time)', () => {
		const data = Buffer.concat([PNG, Buffer.from('\r\n--sim-test-boundary-7f3 not quite a boundary\r\n-')]);
		const { body } = multipart([{ name: 'file', filename: 'a.png', type: 'image/png', data }, { name: 'fileName', data: 'b.png' }]);
		for (const size of [1, 7]) {
			const p = new MultipartParser('sim-test-boundary-7f3a');
			/** @type {any[]} */
			const events = [];
			for (let i = 0; i < body.length; i += size) events.push(...p.push(body.subarray(i, i + size)));
			p.finish();
			const parts = [];
			for (const ev of events) {
				if (ev.type === 'part') parts.push({ name: ev.name, filename: ev.filename, type: ev.contentType, data: Buffer.alloc(0) });
				else if (ev.type === 'data') parts[parts.length - 1].data = Buffer.concat([parts[parts.length - 1].data, ev.data]);
			}
			expect(parts).toEqual([
				{ name: 'file', filename: 'a.png', type: 'image/png', data },
				{ name: 'fileName', filename: undefined, type: undefined, data: Buffer.from('b.png') },
			]);
			expect(events.filter((e) => e.type === 'end')).toHaveLength(2);
		}
		expect(() => new MultipartParser('b').push(Buffer.from('--b\r\nno colon here\r\n\r\nx'))).toThrow(MultipartError);
	});

	test('upload_path / file_name rules (and uploadPath / fileName): relative, no "..", plain names, lengths', async () => {
		const bad = [
			[{ upload_path: '/abs' }, /relative/], [{ upload_path: 'a/../b' }, /relative/], [{ upload_path: 'C:\\x' }, /relative/],
			[{ upload_path: 'a'.repeat(257) }, /256/], [{ file_name: 'a/b.png' }, /plain/], [{ file_name: '..' }, /plain/],
			[{ file_name: 'a'.repeat(256) }, /255/], [{ file_name: 5 }, /string/],
		];
		for (const [extra, msg] of bad) {
			expect(await out(await upload(sim.url, 'base64', { base64_data: PNG.toString('base64'), ...(/** @type {object} */ (extra)) }))).toEqual(refused(400, /** @type {RegExp} */ (msg)));
		}
		expect((await out(await upload(sim.url, 'base64', { base64_data: PNG.toString('base64'), upload_path: 'a'.repeat(256), file_name: `${'b'.repeat(251)}.png` }))).status).toBe(200);
		const mp = multipart([{ name: 'file', filename: 'a.png', type: 'image/png', data: PNG }, { name: 'uploadPath', data: '../up' }]);
		expect(await out(await upload(sim.url, 'stream', mp.body))).toEqual(refused(400, /uploadPath must be a relative path/));
	});

	test('JSON uploads: Content-Type, valid JSON object, the documented fields only, valid base64', async () => {
		const b64 = PNG.toString('base64');
		expect(await out(await upload(sim.url, 'base64', { base64_data: b64 }, { contentType: 'text/plain' }))).toEqual(refused(400, /application\/json/));
		expect(await out(await upload(sim.url, 'base64', '{"base64_data":'))).toEqual(refused(400, /not valid JSON/));
		expect(await out(await upload(sim.url, 'base64', '[1]'))).toEqual(refused(400, /JSON object/));
		expect(await out(await upload(sim.url, 'base64', {}))).toEqual(refused(400, /base64_data is required/));
		expect(await out(await upload(sim.url, 'base64', { base64_data: b64, mime_type: 'image/png' }))).toEqual(refused(400, /Unknown field 'mime_type'/));
		expect(await out(await upload(sim.url, 'base64', { base64_data: b64, uploadPath: 'x' }))).toEqual(refused(400, /Unknown field 'uploadPath'/));
		expect(await out(await upload(sim.url, 'base64', { base64_data: `${b64.slice(0, -2)}!!` }))).toEqual(refused(400, 'base64_data is not valid base64'));
		expect(await out(await upload(sim.url, 'base64', { base64_data: 'data:image/png,abc' }))).toEqual(refused(400, /data URL/));
		expect(await out(await upload(sim.url, 'url', {}))).toEqual(refused(400, 'file_url is required'));
		expect(await out(await upload(sim.url, 'url', { file_url: `${originUrl}/10`, fileName: 'x' }))).toEqual(refused(400, /Unknown field 'fileName'/));
		expect(sim.files()).toHaveLength(0);
	});
});
