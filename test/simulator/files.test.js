// @ts-check
'use strict';

/* The Files API (evolink-api.md "Files API", evolink-platform.md §9): uploads, envelope, public file URLs, hosts. */

const fs = require('fs');
const path = require('path');
const http = require('http');
const crypto = require('crypto');
const { startSimulator, DEFAULT_API_KEY } = require('./index');
const { PNG, JPEG, multipart, upload, streamFile } = require('./files-helpers');
const { SAMPLE } = require('./mp4');

const KEY = DEFAULT_API_KEY;
const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));
const H72 = 72 * 3600 * 1000;

/** @type {import('./index').Simulator} */
let sim;
/** @type {http.Server} test file server for upload/url */
let origin;
let originUrl = '';
beforeAll(async () => {
	sim = await startSimulator({ taskSeconds: 30, filesPort: 0 });
	origin = http.createServer((req, res) => {
		if (req.url === '/media/clip.mp4') return res.writeHead(200, { 'content-type': 'video/mp4' }).end(SAMPLE);
		if (req.url === '/raw/pic') return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(PNG);
		if (req.url === '/moved') return res.writeHead(302, { location: '/media/clip.mp4' }).end();
		if (req.url === '/away') return res.writeHead(302, { location: 'https://example.com/x.png' }).end();
		res.writeHead(404).end('no');
	});
	await new Promise((r) => origin.listen(0, '127.0.0.1', () => r(undefined)));
	originUrl = `http://127.0.0.1:${/** @type {any} */ (origin.address()).port}`;
});
afterAll(async () => {
	await sim.close();
	origin.closeAllConnections();
	await new Promise((r) => origin.close(r));
});
afterEach(() => sim.reset());

/** @param {Response} r */
const out = async (r) => ({ status: r.status, body: await r.json() });

/** The documented success envelope; returns data. @param {Response} r */
async function expectStored(r) {
	const { status, body } = await out(r);
	if (status !== 200) throw new Error(`expected 200, got ${status} ${JSON.stringify(body)}`);
	expect(Object.keys(body)).toEqual(['success', 'code', 'msg', 'data']);
	expect(body).toMatchObject({ success: true, code: 200, msg: 'success' });
	const d = body.data;
	expect(Object.keys(d)).toEqual(['file_id', 'file_name', 'original_name', 'file_size', 'mime_type', 'upload_path', 'file_url', 'download_url', 'upload_time', 'expires_at']);
	expect(d.file_id).toMatch(/^file_[A-Za-z0-9]{24}$/);
	expect(d.file_url).toBe(`${sim.filesUrl}/uploads/${d.file_id}/${encodeURIComponent(d.file_name)}`);
	expect(d.download_url).toBe(`${sim.filesUrl}/api/v1/files/download/${d.file_id}`);
	expect(new Date(d.upload_time).toISOString()).toBe(d.upload_time);
	expect(Date.parse(d.expires_at) - Date.parse(d.upload_time)).toBe(H72);
	return d;
}

describe('uploads', () => {
	test('stream: multipart part file + uploadPath/fileName fields; the file is public at file_url', async () => {
		const { body } = multipart([
			{ name: 'file', filename: 'dot.png', type: 'image/png', data: PNG },
			{ name: 'uploadPath', data: 'inputs/today' },
			{ name: 'fileName', data: 'first frame.png' },
		]);
		const d = await expectStored(await upload(sim.filesUrl, 'stream', body));
		expect(d).toMatchObject({ file_name: 'first frame.png', original_name: 'dot.png', file_size: PNG.length, mime_type: 'image/png', upload_path: 'inputs/today' });
		let r = await fetch(d.file_url);
		expect(r.status).toBe(200);
		expect(r.headers.get('content-type')).toBe('image/png');
		expect(r.headers.get('content-length')).toBe(String(PNG.length));
		expect(Buffer.from(await r.arrayBuffer()).equals(PNG)).toBe(true);
		r = await fetch(d.download_url);
		expect(r.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''first%20frame.png");
		expect(Buffer.from(await r.arrayBuffer()).equals(PNG)).toBe(true);
		r = await fetch(d.file_url, { headers: { range: 'bytes=1-3' } });
		expect(r.status).toBe(206);
		expect(r.headers.get('content-range')).toBe(`bytes 1-3/${PNG.length}`);
		expect(Buffer.from(await r.arrayBuffer()).toString('latin1')).toBe('PNG');
		r = await fetch(d.file_url, { method: 'HEAD' });
		expect([r.status, r.headers.get('content-length')]).toEqual([200, String(PNG.length)]);
		expect((await fetch(`${sim.filesUrl}/uploads/${d.file_id}/other.png`)).status).toBe(404);
		expect((await fetch(d.file_url, { method: 'DELETE' })).status).toBe(405);
		expect(sim.files()).toEqual([expect.objectContaining({ file_id: d.file_id, downloads: 3, sha256: crypto.createHash('sha256').update(PNG).digest('hex') })]);
	});

	test('stream: a standard FormData body (fetch encodes it) works; without fileName the part filename is used', async () => {
		const fd = new FormData();
		fd.append('file', new Blob([JPEG], { type: 'image/jpeg' }), 'photo.jpg');
		const r = await fetch(`${sim.filesUrl}/api/v1/files/upload/stream`, { method: 'POST', headers: { authorization: `Bearer ${KEY}` }, body: fd });
		expect(await expectStored(r)).toMatchObject({ file_name: 'photo.jpg', original_name: 'photo.jpg', mime_type: 'image/jpeg', upload_path: '', file_size: JPEG.length });
	});

	test('base64: a data URL declares its type; raw base64 is typed by its content', async () => {
		let d = await expectStored(await upload(sim.url, 'base64', { base64_data: `data:image/png;base64,${PNG.toString('base64')}`, upload_path: 'a/b', file_name: 'x.png' }));
		expect(d).toMatchObject({ file_name: 'x.png', original_name: 'x.png', mime_type: 'image/png', upload_path: 'a/b', file_size: PNG.length });
		const wrapped = JPEG.toString('base64').replace(/(.{20})/g, '$1\n');
		d = await expectStored(await upload(sim.url, 'base64', { base64_data: wrapped }));
		expect(d).toMatchObject({ file_name: 'file.jpg', original_name: 'file.jpg', mime_type: 'image/jpeg', file_size: JPEG.length });
		expect(Buffer.from(await (await fetch(d.file_url)).arrayBuffer()).equals(JPEG)).toBe(true);
	});

	test('url: fetches loopback URLs (type from Content-Type, or sniffed for octet-stream; redirects followed)', async () => {
		let d = await expectStored(await upload(sim.url, 'url', { file_url: `${originUrl}/media/clip.mp4` }));
		expect(d).toMatchObject({ original_name: 'clip.mp4', file_name: 'clip.mp4', mime_type: 'video/mp4', file_size: SAMPLE.length });
		d = await expectStored(await upload(sim.url, 'url', { file_url: `${originUrl}/raw/pic`, file_name: 'pic.png' }));
		expect(d).toMatchObject({ original_name: 'pic', file_name: 'pic.png', mime_type: 'image/png' });
		d = await expectStored(await upload(sim.url, 'url', { file_url: `${originUrl}/moved` }));
		expect(d.original_name).toBe('clip.mp4');
		// The simulator's own result videos can be uploaded too.
		sim.nextTasks([{ never: true }]);
		const task = await (await fetch(`${sim.url}/v1/videos/generations`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'wan2.5-text-to-video', prompt: 'x' }) })).json();
		sim.completeTask(task.id);
		d = await expectStored(await upload(sim.url, 'url', { file_url: `${sim.url}/files/${task.id}.mp4` }));
		expect(d).toMatchObject({ mime_type: 'video/mp4', file_size: SAMPLE.length });
	});

	test('url: non-loopback (no internet), credentials, other schemes, remote errors -> 400', async () => {
		const cases = [
			['https://example.com/a.png', /loopback/],
			['http://10.0.0.1/a.png', /loopback/],
			['http://[::2]/a.png', /loopback/],
			[`http://user:pw@127.0.0.1:1/a.png`, /credentials/],
			['ftp://127.0.0.1/a.png', /http/],
			['not a url', /absolute URL/],
			[`${originUrl}/missing.png`, /HTTP 404/],
			[`${originUrl}/away`, /redirects to a refused URL/],
			['http://127.0.0.1:1/a.png', /Could not fetch/],
		];
		for (const [fileUrl, msg] of cases) {
			const r = await out(await upload(sim.url, 'url', { file_url: fileUrl }));
			expect(r).toEqual({ status: 400, body: { success: false, code: 400, msg: expect.stringMatching(msg) } });
		}
		expect(sim.files()).toHaveLength(0);
	});
});

describe('auth, hosts and routes', () => {
	test('a missing or wrong key is 401 on every upload endpoint and host; public file URLs need none', async () => {
		for (const base of [sim.url, sim.filesUrl]) {
			for (const key of [null, 'sk-evo-wrong-key-123456789']) {
				for (const [ep, body] of /** @type {const} */ ([['stream', multipart([{ name: 'file', filename: 'a.png', type: 'image/png', data: PNG }]).body], ['base64', { base64_data: PNG.toString('base64') }], ['url', { file_url: `${originUrl}/raw/pic` }]])) {
					const r = await out(await upload(base, ep, body, { key }));
					expect(r).toEqual({ status: 401, body: { success: false, code: 401, msg: 'Invalid API key' } });
				}
			}
		}
		expect(sim.files()).toHaveLength(0);
		expect(sim.stats().counters.uploads.requests).toBe(0);
	});

	test('filesPort: its own base URL; both hosts store, file_url always names the files host; the main API is not there', async () => {
		expect(sim.filesUrl).not.toBe(sim.url);
		expect(sim.filesPort).not.toBe(sim.port);
		const viaMain = await expectStored(await streamFile(sim.url, PNG));
		expect(viaMain.file_url.startsWith(`${sim.filesUrl}/uploads/`)).toBe(true);
		expect((await fetch(viaMain.file_url)).status).toBe(200);
		expect((await fetch(viaMain.file_url.replace(sim.filesUrl, sim.url))).status).toBe(200);
		for (const p of ['/v1/credits', '/__sim/health', `/files/task-unified-1-a.mp4`]) {
			const r = await fetch(sim.filesUrl + p, { headers: { authorization: `Bearer ${KEY}` } });
			expect(await out(r)).toEqual({ status: 404, body: { success: false, code: 404, msg: expect.stringContaining('Unknown endpoint') } });
		}
		const health = await (await fetch(`${sim.url}/__sim/health`)).json();
		expect(health).toEqual({ ok: true, url: sim.url, filesUrl: sim.filesUrl });
		const single = await startSimulator({});
		try {
			expect(single.filesUrl).toBe(single.url);
			const d = await (await streamFile(single.url, PNG)).json();
			expect(d.data.file_url.startsWith(`${single.url}/uploads/`)).toBe(true);
		} finally {
			await single.close();
		}
	});

	test('unknown Files API paths are 404 and wrong methods 405, in the Files envelope', async () => {
		const h = { authorization: `Bearer ${KEY}` };
		expect(await out(await fetch(`${sim.filesUrl}/api/v1/files/list`, { headers: h }))).toEqual({ status: 404, body: { success: false, code: 404, msg: expect.any(String) } });
		expect(await out(await fetch(`${sim.filesUrl}/api/v1/files/upload/stream`, { headers: h }))).toEqual({ status: 405, body: { success: false, code: 405, msg: 'Method not allowed' } });
		expect((await fetch(`${sim.filesUrl}/api/v1/files/download/file_nope`)).status).toBe(404);
	});
});

describe('log, stats, lifetime, faults', () => {
	test('the request log keeps a summary (never the content) and the upload; stats count uploads and bytes', async () => {
		await streamFile(sim.filesUrl, PNG);
		const dataUrl = `data:image/jpeg;base64,${JPEG.toString('base64')}`;
		await upload(sim.url, 'base64', { base64_data: dataUrl });
		await streamFile(sim.filesUrl, JPEG, 'image/png');
		const [a, b, c] = sim.requests;
		expect(a).toMatchObject({ method: 'POST', path: '/api/v1/files/upload/stream', status: 200, auth: { present: true, valid: true }, body: { file: { filename: 'a.png', contentType: 'image/png', bytes: PNG.length }, fields: {} }, bodyIsJson: false });
		expect(a.upload).toEqual({ endpoint: 'stream', fileId: expect.stringMatching(/^file_/), bytes: PNG.length, mime: 'image/png', sha256: crypto.createHash('sha256').update(PNG).digest('hex') });
		expect(b.body).toEqual({ base64_data: `${dataUrl.slice(0, 64)}…[${dataUrl.length} chars]` });
		expect(c).toMatchObject({ status: 400, response: { success: false, code: 400 } });
		expect(c).not.toHaveProperty('upload');
		expect(sim.stats().counters.uploads).toEqual({
			requests: 3,
			count: 2,
			bytes: PNG.length + JPEG.length,
			refused: 1,
			stream: { count: 1, bytes: PNG.length, refused: 1 },
			base64: { count: 1, bytes: JPEG.length, refused: 0 },
			url: { count: 0, bytes: 0, refused: 0 },
		});
		expect(JSON.stringify(sim.requests)).not.toContain(PNG.toString('base64').slice(40, 80));
	});

	test('a key leaked into a field is redacted and reported, never echoed', async () => {
		const r = await upload(sim.url, 'base64', { base64_data: PNG.toString('base64'), file_name: `${KEY}.png` });
		const text = await r.text();
		expect(r.status).toBe(200);
		expect(text).not.toContain(KEY);
		expect(sim.requests[0].secretLeaks).toContain('body.file_name');
		expect(JSON.stringify(sim.requests)).not.toContain(KEY);
	});

	test('files expire (fileTtlSeconds); reset deletes them, close removes the directory', async () => {
		const s = await startSimulator({ fileTtlSeconds: 1 });
		const dir = s.filesDir;
		try {
			const d = (await (await streamFile(s.url, PNG)).json()).data;
			expect(Date.parse(d.expires_at) - Date.parse(d.upload_time)).toBe(1000);
			expect((await fetch(d.file_url)).status).toBe(200);
			expect(fs.readdirSync(dir)).toEqual([d.file_id]);
			await sleep(1050);
			expect((await fetch(d.file_url)).status).toBe(404);
			expect(s.files()).toEqual([]);
			expect(fs.readdirSync(dir)).toEqual([]);
		} finally {
			await s.close();
		}
		expect(fs.existsSync(dir)).toBe(false);
		const d = await expectStored(await streamFile(sim.url, PNG));
		expect(fs.readFileSync(path.join(sim.filesDir, d.file_id)).equals(PNG)).toBe(true);
		sim.reset();
		expect((await fetch(d.file_url)).status).toBe(404);
		expect(sim.files()).toEqual([]);
		expect(fs.readdirSync(sim.filesDir)).toEqual([]);
	});

	test('faults apply to the Files API: an injected 503, a dropped answer (the file is stored anyway)', async () => {
		sim.inject({ match: 'POST /api/v1/files/upload/stream', status: 503 });
		expect((await streamFile(sim.filesUrl, PNG)).status).toBe(503);
		sim.inject({ match: 'POST /api/v1/files/upload/stream', action: 'drop-response' });
		await expect(streamFile(sim.filesUrl, PNG)).rejects.toThrow();
		expect(sim.files()).toHaveLength(1);
		sim.inject({ match: 'GET /uploads/*', action: 'drop' });
		await expect(fetch(sim.files()[0].file_url)).rejects.toThrow();
		expect(sim.requests.map((q) => q.status)).toEqual([503, 'dropped', 'dropped']);
	});
});
