// n8n in QUEUE MODE for tests: one `n8n start` (main), N `n8n worker`, M `n8n webhook`
// behind the round-robin reverse proxy, on Postgres and Redis (queue-servers.js starts
// those and the proxy). Built on local-n8n.js (runtime, ports, package install, env,
// spawning, imports). What runs where and why: QUEUE.md. Types: queue-n8n.d.ts.
'use strict';
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const lib = require('./local-n8n');
const servers = require('./queue-servers');

const { startPostgres, startRedis, startProxy, descendants, killTree, waitFor, httpOk, mkTemp, rm, readFrom, alive, emergencies } = servers;

const flatted = () => require(require.resolve('flatted', { paths: [lib.n8nRuntime().n8nDir] }));
const KEEP = () => process.env.QUEUE_N8N_KEEP || process.env.EVOLINK_E2E_KEEP;
const COMMAND = { main: 'start', worker: 'worker', webhook: 'webhook' };
const READY = {
	main: (p, log) => log.includes('Editor is now accessible') && httpOk(`http://127.0.0.1:${p.port}/healthz/readiness`),
	worker: (p) => httpOk(`http://127.0.0.1:${p.healthPort}/healthz/readiness`),
	webhook: (p) => httpOk(`http://127.0.0.1:${p.port}/healthz/readiness`),
};

/** The n8n processes of one queue-mode setup (all in this.procs) and their controls. */
class QueueN8n {
	constructor(root, opts) {
		Object.assign(this, { root, opts, logsDir: path.join(root, 'logs'), procs: [], published: new Set(), timings: { processes: {} } });
		this.encryptionKey = randomBytes(24).toString('hex');
		this.emergency = () => (this.procs.forEach((p) => alive(p.run?.child) && killTree(p.run.child.pid, 'SIGKILL')), KEEP() || rm(root));
		emergencies.add(this.emergency);
	}
	/** The proxy: what clients (and WEBHOOK_URL) use. */
	get url() { return this.proxy.url; }
	proc(name) { return this.procs.find((p) => p.name === name) ?? (() => { throw new Error(`no process ${name}`); })(); }
	of(kind) { return this.procs.filter((p) => p.kind === kind); }

	/** The whole environment of one process (or of the CLI): only these variables reach n8n. */
	env(p) {
		const base = {
			EXECUTIONS_MODE: 'queue', N8N_ENCRYPTION_KEY: this.encryptionKey, ...this.pg.env(),
			QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(this.redis.port),
			N8N_DEFAULT_BINARY_DATA_MODE: 'database', N8N_EXECUTION_DATA_STORAGE_MODE: 'database',
			N8N_WEBHOOK_URL: `${this.url}/`, N8N_EDITOR_BASE_URL: `${this.url}/`, N8N_PROXY_HOPS: '1', N8N_DISABLED_MODULES: 'mcp-registry',
			N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1', N8N_RUNNERS_BROKER_PORT: String(p.brokerPort),
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true', N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10', QUEUE_N8N_PROCESS: p.name,
		};
		const byKind = {
			main: { N8N_PORT: String(p.port), N8N_DISABLE_PRODUCTION_MAIN_PROCESS: String(this.of('webhook').length > 0) },
			worker: { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(p.healthPort), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' },
			webhook: { N8N_PORT: String(p.port) },
		}[p.kind];
		return lib.n8nEnv(p.userFolder, { ...base, ...byKind, ...this.opts.env, ...this.opts.envByKind?.[p.kind] });
	}

	/** Starts one process (no-op when running) and waits until it is ready; resolves with the ms it took. */
	async start(name) {
		const p = this.proc(name);
		if (alive(p.run?.child)) return 0;
		const t0 = Date.now();
		fs.appendFileSync(p.logFile, `\n===== ${new Date().toISOString()} n8n ${COMMAND[p.kind]} =====\n`);
		const offset = readFrom(p.logFile).length;
		p.run = lib.n8n([COMMAND[p.kind]], { env: this.env(p), cwd: p.userFolder, logFile: p.logFile });
		p.run.catch(() => {}); // could not spawn: assertAlive says so
		await waitFor(`n8n ${p.name}`, () => READY[p.kind](p, readFrom(p.logFile, offset)), {
			timeoutMs: this.opts.readyTimeoutMs ?? 240_000,
			assertAlive: () => { if (!alive(p.run.child)) throw new Error(`n8n ${p.name} exited (${p.run.child.exitCode ?? p.run.child.signalCode}) while starting:\n${lib.tail(readFrom(p.logFile, offset), 40)}`); },
		});
		p.up = true;
		const ms = Date.now() - t0;
		(this.timings.processes[name] ??= []).push(ms);
		return ms;
	}
	async startAll() {
		const t0 = Date.now();
		await Promise.all(this.procs.map((p) => this.start(p.name)));
		for (const id of this.published) await this.waitPublished(id);
		return (this.timings.startAllMs = Date.now() - t0);
	}
	/** SIGTERM (n8n drains, stops its task runner), SIGKILL after killAfterMs; the proxy stops routing to it first. */
	async stop(name, killAfterMs = 20_000) {
		const p = this.proc(name);
		p.up = false;
		if (!alive(p.run?.child)) return;
		const kids = descendants(p.run.child.pid);
		await p.run.stop(killAfterMs);
		kids.forEach((pid) => { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } });
	}
	/** A crash: `signal` (SIGKILL) to the process and everything it started, as when its container dies. */
	async kill(name, signal = 'SIGKILL') {
		const p = this.proc(name);
		p.up = false;
		if (!alive(p.run?.child)) return;
		const exited = new Promise((r) => p.run.child.once('exit', r));
		killTree(p.run.child.pid, signal);
		await exited;
	}
	async restart(name) { await this.stop(name); return await this.start(name); }
	/** Stops everything and removes every temp folder (QUEUE_N8N_KEEP=1 keeps root/ with the logs). Safe to call twice. */
	async stopAll() {
		if (this.stopped) return;
		this.stopped = true;
		await Promise.allSettled(this.procs.map((p) => this.stop(p.name, 15_000)));
		await this.proxy?.close().catch(() => {});
		for (const s of [this.pg, this.redis]) if (KEEP() && s && fs.existsSync(s.logFile)) fs.copyFileSync(s.logFile, path.join(this.logsDir, path.basename(s.logFile)));
		await Promise.allSettled([this.redis?.stop(), this.pg?.stop()]);
		emergencies.delete(this.emergency);
		if (!KEEP()) rm(this.root);
	}

	/** One `n8n <args>` CLI boot against the same Postgres/Redis/key (own user folder); throws unless it exits 0. */
	async cli(args, timeoutMs = 300_000) {
		const r = await lib.n8n(args, { env: this.env(this.cliProc), cwd: this.cliProc.userFolder, timeoutMs });
		fs.appendFileSync(this.cliProc.logFile, `\n===== n8n ${args.join(' ')} (${r.code ?? r.signal}, ${r.ms} ms) =====\n${r.stdout}${r.stderr}`);
		if (r.code !== 0) throw new Error(`n8n ${args.join(' ')} failed (${r.code ?? r.signal}):\n${lib.tail(r.stdout + r.stderr)}`);
		return r;
	}
	async importWorkflows(wfs) { await lib.importJson('workflow', wfs, { dir: this.root, run: (a) => this.cli(a) }); }
	async importCredentials(creds) { await lib.importJson('credentials', creds, { dir: this.root, run: (a) => this.cli(a) }); }
	/**
	 * `n8n publish:workflow` (activation). n8n 2.41's publication service on the main registers its
	 * triggers asynchronously (startup, then a reconcile every 10 s): resolves once every trigger of the
	 * published version is `activated` (throws on `failed`); called before startAll(), startAll() waits.
	 */
	async publishWorkflow(id) {
		await this.cli(['publish:workflow', `--id=${id}`]);
		this.published.add(String(id));
		if (alive(this.proc('main').run?.child)) await this.waitPublished(id);
	}
	async waitPublished(id, timeoutMs = 60_000) {
		const q = `SELECT coalesce(json_agg(json_build_object('node', ts."nodeId", 'status', ts.status, 'error', ts."errorMessage")), '[]') FROM workflow_publication_trigger_status ts JOIN workflow_entity w ON w.id = ts."workflowId" AND w."activeVersionId" = ts."versionId" WHERE w.id = '${String(id).replace(/'/g, "''")}'`;
		let rows = [];
		await waitFor(`workflow ${id} to be published`, () => (rows = JSON.parse(this.pg.sql(q))).length > 0, { timeoutMs });
		const failed = rows.filter((r) => r.status !== 'activated');
		if (failed.length) throw new Error(`workflow ${id}: triggers not activated: ${JSON.stringify(failed)}`);
	}

	/** An HTTP request through the proxy (or to an absolute URL, e.g. a resumeUrl). */
	async request(method, urlPath, { body, headers = {} } = {}) {
		const init = { method, headers: { ...headers } };
		if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
		if (body !== undefined && typeof body !== 'string') init.headers['content-type'] ??= 'application/json';
		const res = await fetch(/^https?:/.test(urlPath) ? urlPath : this.url + urlPath, init);
		const text = await res.text();
		let json;
		try { json = JSON.parse(text); } catch { /* not JSON */ }
		return { status: res.status, headers: Object.fromEntries(res.headers), body: text, json };
	}

	/** Executions in Postgres, oldest first, run data decoded with n8n's own `flatted`. */
	executions({ workflowId } = {}) {
		const where = workflowId ? `WHERE e."workflowId" = '${String(workflowId).replace(/'/g, "''")}'` : '';
		const out = this.pg.sql(`SELECT coalesce(json_agg(t ORDER BY t.id), '[]') FROM (SELECT e.id, e."workflowId", e.status, e.mode, e.finished, e."waitTill", e."startedAt", e."stoppedAt", d.data FROM execution_entity e LEFT JOIN execution_data d ON d."executionId" = e.id ${where}) t`);
		return JSON.parse(out).map(({ data, ...e }) => {
			const d = data ? flatted().parse(data) : undefined;
			return { ...e, id: Number(e.id), error: d?.resultData?.error, lastNodeExecuted: d?.resultData?.lastNodeExecuted, runData: d?.resultData?.runData ?? {}, data: d };
		});
	}
	execution(id) { return this.executions().find((e) => e.id === Number(id)); }
	/** Polls Postgres until execution `id` has one of `statuses`. */
	async waitForExecution(id, statuses = ['success', 'error', 'crashed', 'canceled'], timeoutMs = 60_000) {
		let last;
		await waitFor(`execution ${id} to be ${statuses.join('|')}`, () => statuses.includes((last = this.execution(id))?.status), { timeoutMs }).catch((e) => { throw new Error(`${e.message} (is ${last?.status})`); });
		return last;
	}
	/** How often each worker's log says it started execution `id` (a resume is a new job): { 'worker-1': 1, ... }. */
	ranBy(id) {
		const re = new RegExp(`Worker started execution ${id} \\(`, 'g');
		return Object.fromEntries(this.of('worker').map((p) => [p.name, (readFrom(p.logFile).match(re) ?? []).length]).filter(([, n]) => n > 0));
	}
	/** Every pid this setup runs, by name: n8n processes with what they started (task runners), Redis, Postgres. */
	pids() {
		const tree = (pid) => [pid, ...descendants(pid)];
		const out = Object.fromEntries(this.procs.filter((p) => alive(p.run?.child)).map((p) => [p.name, tree(p.run.child.pid)]));
		return { ...out, redis: [this.redis.child.pid], postgres: tree(this.pg.pid()) };
	}
	/** The last `n` lines of every process's log, Postgres' and Redis' too. */
	logTails(n = 40) {
		const files = [...this.procs, this.cliProc].filter(Boolean).map((p) => [p.name, p.logFile]).concat([['postgres', this.pg?.logFile], ['redis', this.redis?.logFile]]);
		return files.map(([name, f]) => `----- ${name} (${f}) -----\n${lib.tail(f ? readFrom(f) : '', n)}`).join('\n');
	}
	printLogs(n) { process.stderr.write(`${this.logTails(n)}\n`); }
}

/** Postgres + Redis + proxy + one user folder per process (with the package when given); no n8n process yet. */
async function createQueueN8n({ workers = 2, webhooks = 2, packageTarball, installedUserFolder, env = {}, envByKind = {}, readyTimeoutMs } = {}) {
	const t0 = Date.now();
	const q = new QueueN8n(mkTemp('queue-n8n-'), { env, envByKind, readyTimeoutMs });
	try {
		const settled = await Promise.allSettled([startPostgres(), startRedis()]);
		[q.pg, q.redis] = settled.map((s) => s.value);
		if (settled.some((s) => s.status === 'rejected')) throw settled.find((s) => s.status === 'rejected').reason;
		q.timings.serversMs = Date.now() - t0;
		let nodesDir = installedUserFolder && path.join(installedUserFolder, '.n8n/nodes');
		if (packageTarball) nodesDir = (lib.installPackage(path.join(q.root, 'package'), packageTarball), path.join(q.root, 'package/.n8n/nodes'));
		fs.mkdirSync(q.logsDir, { recursive: true });
		const used = new Set();
		const port = async () => { for (;;) { const n = await lib.freePort(); if (!used.has(n)) return used.add(n) && n; } };
		const names = [['main', 'main'], ...Array.from({ length: workers }, (_, i) => ['worker', `worker-${i + 1}`]), ...Array.from({ length: webhooks }, (_, i) => ['webhook', `webhook-${i + 1}`]), ['cli', 'cli']];
		for (const [kind, name] of names) {
			const p = { kind, name, userFolder: path.join(q.root, name), logFile: path.join(q.logsDir, `${name}.log`), brokerPort: await port(), up: false };
			if (kind === 'main' || kind === 'webhook') p.port = await port();
			if (kind === 'worker') p.healthPort = await port();
			fs.mkdirSync(path.join(p.userFolder, '.n8n'), { recursive: true });
			if (nodesDir) fs.cpSync(nodesDir, path.join(p.userFolder, '.n8n/nodes'), { recursive: true, verbatimSymlinks: true });
			if (kind === 'cli') q.cliProc = p;
			else q.procs.push(p);
		}
		const pool = (members) => ({ members, next: 0 });
		q.proxy = await startProxy({ main: pool(q.of('main')), webhook: pool(webhooks ? q.of('webhook') : q.of('main')) });
		q.timings.prepareMs = Date.now() - t0;
		return q;
	} catch (e) {
		await q.stopAll();
		throw e;
	}
}

/** createQueueN8n() + startAll(): everything up and ready. On failure all is stopped and the error carries the log tails. */
async function startQueueN8n(opts) {
	const t0 = Date.now();
	const q = await createQueueN8n(opts);
	try {
		await q.startAll();
	} catch (e) {
		e.message += `\n${q.logTails(30)}`;
		await q.stopAll();
		throw e;
	}
	q.timings.totalMs = Date.now() - t0;
	return q;
}

// The servers' API too, for callers of the earlier single file (test/queue/proxy.test.js).
const { setupQueue, WEBHOOK_PATHS } = servers;
module.exports = { setupQueue, startPostgres, startRedis, startProxy, createQueueN8n, startQueueN8n, QueueN8n, WEBHOOK_PATHS, descendants, killTree, waitFor };
