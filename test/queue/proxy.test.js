// The round-robin proxy of scripts/lib/queue-servers.js on its own, against three tiny
// loopback HTTP servers standing in for main / webhook-1 / webhook-2 (no n8n, ~1 s):
// routing table, round robin, bodies streamed both ways, multi-value headers, skipping
// backends marked down, 502 for a dead one, and the websocket upgrade to the main.
'use strict';
const crypto = require('node:crypto');
const http = require('node:http');
const net = require('node:net');
const { startProxy } = require('../../scripts/lib/queue-servers');

/** A backend answering with a few chunks and then { name, bytes, sha256 } of the body it received. */
function backend(name) {
	return new Promise((resolve) => {
		const server = http.createServer((req, res) => {
			const hash = crypto.createHash('sha256');
			let bytes = 0;
			req.on('data', (d) => (hash.update(d), (bytes += d.length)));
			req.on('end', () => {
				res.writeHead(200, { 'x-backend': name, 'set-cookie': ['a=1', 'b=2'] });
				for (let i = 0; i < 3; i++) res.write(`chunk${i};`);
				res.end(JSON.stringify({ name, bytes, sha256: hash.digest('hex'), xff: req.headers['x-forwarded-for'] }));
			});
		});
		server.on('upgrade', (req, socket) => {
			socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
			socket.on('data', (d) => socket.write(`echo:${name}:${d}`));
		});
		server.listen(0, '127.0.0.1', () => resolve({ name, port: server.address().port, up: true, server }));
	});
}

let main, w1, w2, proxy;
beforeAll(async () => {
	[main, w1, w2] = await Promise.all([backend('main'), backend('webhook-1'), backend('webhook-2')]);
	proxy = await startProxy({ main: { members: [main], next: 0 }, webhook: { members: [w1, w2], next: 0 } });
});
afterAll(async () => {
	await proxy.close();
	for (const b of [main, w1, w2]) b.server.closeAllConnections(), b.server.close();
});

const post = async (url, body) => {
	const res = await fetch(proxy.url + url, { method: 'POST', body });
	const text = await res.text();
	return { res, text, json: res.status === 200 ? JSON.parse(text.slice(text.indexOf('{'))) : undefined };
};

test('routes by path: production, waiting and form webhooks round-robin to the webhook processes, the rest to main', async () => {
	const routes = {
		'/webhook/a': 'webhook-1',
		'/webhook-waiting/7?signature=x': 'webhook-2',
		'/form/f': 'webhook-1',
		'/form-waiting/7': 'webhook-2',
		'/webhook-test/a': 'main',
		'/rest/workflows': 'main',
		'/healthz': 'main',
		'/webhookish': 'main',
	};
	for (const [url, expected] of Object.entries(routes)) {
		const { res } = await post(url, 'x');
		expect([url, res.headers.get('x-backend')]).toEqual([url, expected]);
	}
	expect(proxy.requests.map((r) => [r.url, r.backend, r.status])).toEqual(Object.entries(routes).map(([u, b]) => [u, b, 200]));
	expect(proxy.counts).toEqual({ 'webhook-1': 2, 'webhook-2': 2, main: 4 });
});

test('streams a 16 MiB body in and a chunked answer out, keeps multi-value headers, adds X-Forwarded-For', async () => {
	const big = crypto.randomBytes(16 * 1024 * 1024);
	const { res, text, json } = await post('/webhook/big', big);
	expect(res.status).toBe(200);
	expect(text.startsWith('chunk0;chunk1;chunk2;')).toBe(true);
	expect(json).toMatchObject({ bytes: big.length, sha256: crypto.createHash('sha256').update(big).digest('hex'), xff: '127.0.0.1' });
	expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
});

test('skips a backend marked down; a dead one answers 502', async () => {
	proxy.reset();
	w2.up = false;
	for (let i = 0; i < 3; i++) expect((await post('/webhook/x', '')).res.headers.get('x-backend')).toBe('webhook-1');
	w2.up = true;
	w1.server.closeAllConnections();
	await new Promise((r) => w1.server.close(r));
	const answers = [(await post('/webhook/x', '')).res.status, (await post('/webhook/x', '')).res.status].sort();
	expect(answers).toEqual([200, 502]);
	expect(proxy.requests.find((r) => r.status === 502)).toMatchObject({ backend: 'webhook-1' });
});

test('tunnels a websocket upgrade (the editor push connection) to main', async () => {
	const got = await new Promise((resolve, reject) => {
		const s = net.connect(proxy.port, '127.0.0.1', () => s.write('GET /rest/push HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n'));
		let data = '';
		s.on('error', reject);
		s.on('data', (d) => {
			data += d;
			if (data.includes('echo')) return s.destroy(), resolve(data);
			if (data.includes('\r\n\r\n')) s.write('hello');
		});
	});
	expect(got.split('\r\n')[0]).toBe('HTTP/1.1 101 Switching Protocols');
	expect(got).toContain('echo:main:hello');
});
