// The servers and process helpers under the queue-mode setup of queue-n8n.js, nothing
// n8n-specific: Postgres and Redis (Debian's packages, installed by scripts/setup-queue.sh,
// each started here with its data in a temp folder), the round-robin reverse proxy that
// stands in for a load balancer, and process-tree helpers (Linux /proc). What runs where
// and why: QUEUE.md. Types: queue-servers.d.ts.
'use strict';
const { execFileSync, spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const lib = require('./local-n8n');

const IS_ROOT = process.getuid?.() === 0;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mkTemp = (prefix) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));
const rm = (p) => p && fs.rmSync(p, { recursive: true, force: true });
const readFrom = (file, offset = 0) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').slice(offset) : '');
const alive = (child) => !!child && child.exitCode === null && child.signalCode === null;
// Synchronous last-resort cleanups, run if the test process exits without stopAll().
const emergencies = new Set();
process.on('exit', () => emergencies.forEach((f) => { try { f(); } catch { /* best effort */ } }));

let setupDone = false;
/** scripts/setup-queue.sh once per process (an instant no-op when Redis and Postgres are installed). */
const setupQueue = () => setupDone || (execFileSync('bash', [path.join(lib.REPO, 'scripts/setup-queue.sh')], { stdio: ['ignore', 'inherit', 'inherit'] }), (setupDone = true));

async function waitFor(what, check, { timeoutMs = 120_000, everyMs = 250, assertAlive } = {}) {
	const end = Date.now() + timeoutMs;
	for (;;) {
		assertAlive?.();
		if (await Promise.resolve().then(check).catch(() => false)) return;
		if (Date.now() > end) throw new Error(`${what}: not ready after ${timeoutMs} ms`);
		await sleep(everyMs);
	}
}
const httpOk = (url) => fetch(url).then((r) => r.ok, () => false);

/** A Postgres binary of Debian's layout (/usr/lib/postgresql/<major>/bin), newest major first. */
function pgBin(name) {
	const root = '/usr/lib/postgresql';
	const majors = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => b - a) : [];
	for (const v of majors) if (fs.existsSync(path.join(root, v, 'bin', name))) return path.join(root, v, 'bin', name);
	throw new Error(`${name} not found in ${root}/*/bin: run scripts/setup-queue.sh`);
}
/** Postgres' server tools refuse root: as root they run as the unprivileged `postgres` system user. */
function asPostgres(bin, args) {
	const [cmd, argv] = IS_ROOT ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
	return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** initdb into a fresh temp folder, postgres on 127.0.0.1:<free port>, socket in that folder, fsync off; database + user `n8n`. */
async function startPostgres() {
	setupQueue();
	const dir = mkTemp('queue-pg-');
	if (IS_ROOT) fs.chownSync(dir, ...['-u', '-g'].map((f) => Number(execFileSync('id', [f, 'postgres'], { encoding: 'utf8' }))));
	const data = path.join(dir, 'data');
	const logFile = path.join(dir, 'postgres.log');
	const [port, password] = [await lib.freePort(), randomBytes(12).toString('hex')];
	const pgStop = (mode) => { try { asPostgres(pgBin('pg_ctl'), ['-D', data, '-m', mode, '-w', 'stop']); } catch { /* not running */ } };
	const emergency = () => (pgStop('immediate'), rm(dir));
	emergencies.add(emergency);
	const psql = (db, ...cmds) => execFileSync(pgBin('psql'), ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-h', dir, '-p', String(port), '-U', 'postgres', '-d', db, ...cmds.flatMap((c) => ['-c', c])], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
	try {
		asPostgres(pgBin('initdb'), ['-D', data, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync']);
		const conf = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
		asPostgres(pgBin('pg_ctl'), ['-D', data, '-l', logFile, '-w', '-t', '60', '-o', conf, 'start']);
		psql('postgres', `CREATE ROLE n8n LOGIN PASSWORD '${password}'`, 'CREATE DATABASE n8n OWNER n8n');
	} catch (e) {
		emergencies.delete(emergency);
		emergency();
		throw new Error(`postgres did not start: ${e.stderr || e.message}\n${lib.tail(readFrom(logFile), 20)}`);
	}
	return {
		host: '127.0.0.1', port, database: 'n8n', user: 'n8n', password, dir, logFile,
		env: () => ({ DB_TYPE: 'postgresdb', DB_POSTGRESDB_HOST: '127.0.0.1', DB_POSTGRESDB_PORT: String(port), DB_POSTGRESDB_DATABASE: 'n8n', DB_POSTGRESDB_USER: 'n8n', DB_POSTGRESDB_PASSWORD: password }),
		/** One SQL statement in database n8n as superuser over the socket; psql's unaligned, tuples-only output. */
		sql: (query) => psql('n8n', query),
		pid: () => Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]),
		async stop() { emergencies.delete(emergency); pgStop('fast'); rm(dir); },
	};
}

function redisPing(port) {
	return new Promise((resolve) => {
		const s = net.connect(port, '127.0.0.1', () => s.write('PING\r\n'));
		let out = '';
		const done = (v) => (s.destroy(), resolve(v));
		s.on('data', (d) => (out += d) && out.includes('\r\n') && done(out.trim()));
		s.on('error', () => done(''));
		s.setTimeout(1000, () => done(''));
	});
}

/** redis-server on 127.0.0.1:<free port>, no persistence, dir in a temp folder. */
async function startRedis() {
	setupQueue();
	const dir = mkTemp('queue-redis-');
	const [port, logFile] = [await lib.freePort(), path.join(dir, 'redis.log')];
	const child = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir, '--logfile', logFile, '--protected-mode', 'yes'], { stdio: 'ignore' });
	let spawnError;
	child.on('error', (e) => (spawnError = e));
	const emergency = () => (child.kill('SIGKILL'), rm(dir));
	emergencies.add(emergency);
	const stop = async () => (emergencies.delete(emergency), await lib.stopChild(child, 5000), rm(dir));
	try {
		await waitFor('redis', async () => (await redisPing(port)) === '+PONG', {
			timeoutMs: 20_000, everyMs: 100,
			assertAlive: () => { if (spawnError || !alive(child)) throw new Error(`redis-server exited: ${spawnError?.message ?? readFrom(logFile)}`); },
		});
	} catch (e) {
		await stop();
		throw e;
	}
	return { host: '127.0.0.1', port, dir, logFile, child, stop };
}

const HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer'];
const stripHop = (h) => Object.fromEntries(Object.entries(h).filter(([k]) => !HOP.includes(k)));
/** Paths n8n's webhook processes serve (AbstractServer.start() with webhooksEnabled); test URLs are main-only. */
const WEBHOOK_PATHS = /^\/(webhook|webhook-waiting|form|form-waiting|mcp)(\/|\?|$)/;

/**
 * Round-robin reverse proxy on 127.0.0.1: WEBHOOK_PATHS to the webhook processes (skipping those
 * stopped through the controls, as a load balancer's health check would), everything else
 * (/webhook-test/, /rest/, the editor, its push websocket) to main. Bodies stream both ways.
 */
async function startProxy(pools) {
	const port = await lib.freePort();
	const counts = {};
	const requests = [];
	const sockets = new Set();
	const pick = (url) => {
		const pool = WEBHOOK_PATHS.test(url) ? pools.webhook : pools.main;
		const up = pool.members.filter((b) => b.up);
		const b = (up.length ? up : pool.members)[pool.next++ % (up.length || pool.members.length)];
		counts[b.name] = (counts[b.name] ?? 0) + 1;
		return b;
	};
	const server = http.createServer((req, res) => {
		const b = pick(req.url);
		const rec = { t: Date.now(), method: req.method, url: req.url, backend: b.name, status: 0 };
		requests.push(rec);
		const headers = { ...stripHop(req.headers), 'x-forwarded-for': req.socket.remoteAddress, 'x-forwarded-proto': 'http', 'x-forwarded-host': req.headers.host };
		const up = http.request({ host: '127.0.0.1', port: b.port, method: req.method, path: req.url, headers }, (ur) => {
			rec.status = ur.statusCode;
			res.writeHead(ur.statusCode, ur.statusMessage, stripHop(ur.headers));
			ur.pipe(res);
		});
		up.on('error', (e) => {
			rec.status = 502;
			rec.error = e.code ?? e.message;
			if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
			res.end(`proxy: ${b.name}: ${rec.error}`);
		});
		res.on('close', () => ((rec.ms = Date.now() - rec.t), res.writableFinished || up.destroy()));
		req.pipe(up);
	});
	server.on('upgrade', (req, socket, head) => {
		const b = pick(req.url);
		const up = net.connect(b.port, '127.0.0.1', () => {
			const lines = [];
			for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
			up.write(`${req.method} ${req.url} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
			up.write(head);
			socket.pipe(up).pipe(socket);
		});
		for (const s of [socket, up]) sockets.add(s) && s.on('error', () => (socket.destroy(), up.destroy())).on('close', () => sockets.delete(s));
	});
	await new Promise((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${port}`, port, counts, requests,
		reset: () => (requests.splice(0), Object.keys(counts).forEach((k) => delete counts[k])),
		close: () => new Promise((r) => (sockets.forEach((s) => s.destroy()), server.closeAllConnections?.(), server.close(() => r()))),
	};
}

/** Every descendant pid of `pid` (Linux /proc), e.g. the task runner n8n spawns. */
function descendants(pid) {
	if (!fs.existsSync('/proc')) return [];
	const kids = new Map();
	for (const d of fs.readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
		try {
			const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			kids.set(ppid, [...(kids.get(ppid) ?? []), Number(d)]);
		} catch { /* gone */ }
	}
	const out = [];
	const walk = (p) => (kids.get(p) ?? []).forEach((c) => (out.push(c), walk(c)));
	walk(pid);
	return out;
}
const killTree = (pid, signal) => [...descendants(pid), pid].forEach((p) => { try { process.kill(p, signal); } catch { /* gone */ } });

module.exports = {
	setupQueue, startPostgres, startRedis, startProxy, WEBHOOK_PATHS, descendants, killTree, waitFor,
	// for queue-n8n.js (not in queue-servers.d.ts)
	httpOk, sleep, mkTemp, rm, readFrom, alive, emergencies,
};
