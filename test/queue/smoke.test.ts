// Smoke test of the queue-mode infrastructure (scripts/lib/queue-n8n.js, notes in
// scripts/lib/QUEUE.md): Postgres + Redis from Debian's packages, an n8n 2.41.1 main, 2
// workers, 2 webhook processes and the round-robin proxy. A workflow of core nodes only
// (Webhook → Respond to Webhook → Wait "On Webhook Call" → Set) is started through the
// proxy, parks, and is resumed through its $execution.resumeUrl; Postgres must show it
// `success`, run by workers only. Then the same across a worker restart + a worker SIGKILL,
// with one webhook process stopped, and across the main being down and restarted.
// The packed package is installed in every process when dist/ exists (QUEUE_SMOKE_PACKAGE=1:
// build and pack it whatever happens, =0: never); the test itself needs core nodes only.
// QUEUE_N8N_KEEP=1 keeps the temp folder with every process's log.
import * as host from '../support/host';
import { packPackage } from '../../scripts/lib/local-n8n';
import { createQueueN8n, type QueueExecution, type QueueN8n } from '../../scripts/lib/queue-n8n';
import { qtestFor } from './evolink';
import { listenersOf } from './listeners';
import { smokeWorkflow, WEBHOOK_PATH, WORKFLOW_ID, type Parked } from './workflow';

jest.setTimeout(10 * 60_000);

let q: QueueN8n | undefined;
let packDir: string | undefined;
let packageNote = 'not installed';
const report: Record<string, unknown> = {};
/** A core credential type, only to prove `import:credentials` against Postgres (the workflow does not use it). */
const CREDENTIAL = { id: 'credQueueSmoke01', name: 'queue smoke header', type: 'httpHeaderAuth', data: { name: 'X-Queue-Smoke', value: 'not-in-the-db-in-clear' } };

const cluster = (): QueueN8n => {
	if (!q) throw new Error('queue-mode n8n did not start (see beforeAll)');
	return q;
};
/** A test that prints every process's log tail when it fails. */
const qtest = qtestFor(() => (q ? { q, report } : undefined));

function packageTarball(): string | undefined {
	const want = host.env.QUEUE_SMOKE_PACKAGE;
	if (want === '0') return undefined;
	if (want !== '1' && !host.fs.existsSync(host.path.join(host.REPO, 'dist'))) {
		packageNote = 'not installed: dist/ missing (QUEUE_SMOKE_PACKAGE=1 builds it)';
		return undefined;
	}
	packDir = host.fs.mkdtempSync(host.path.join(host.os.tmpdir(), 'queue-pack-'));
	try {
		const tarball = packPackage(packDir);
		packageNote = `installed: ${host.path.basename(tarball)}`;
		return tarball;
	} catch (e) {
		packageNote = `not installed: ${String((e as Error).message).slice(0, 300)}`;
		return undefined;
	}
}

/** Starts the workflow through the proxy; resolves once Postgres has the execution `waiting`. */
async function park(tag: string): Promise<Parked> {
	const r = await cluster().request('POST', `/webhook/${WEBHOOK_PATH}`, { body: { tag } });
	expect(r.status).toBe(200);
	const parked = r.json as Parked;
	expect(parked.tag).toBe(tag);
	await cluster().waitForExecution(parked.executionId, ['waiting'], 30_000);
	return parked;
}

/** Calls the resume URL (through the proxy, to a webhook process); resolves with the finished execution. */
async function resume(parked: Parked, answer: number): Promise<QueueExecution> {
	const r = await cluster().request('POST', parked.resumeUrl, { body: { answer } });
	expect(r.status).toBe(200);
	return await cluster().waitForExecution(parked.executionId, undefined, 60_000);
}

const done = (e: QueueExecution) => e.runData.Done?.[0]?.data?.main?.[0]?.[0]?.json;
const backendsOf = (prefix: string) =>
	cluster()
		.proxy.requests.filter((r) => r.url.startsWith(prefix))
		.map((r) => r.backend);

beforeAll(async () => {
	const t0 = Date.now();
	const tarball = packageTarball();
	const packMs = Date.now() - t0;
	// Postgres, Redis, the proxy and the user folders; then the workflow (the first CLI boot
	// also migrates the fresh database) and its publication; then every n8n process.
	const c = (q = await createQueueN8n({ packageTarball: tarball, env: { N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false' } }));
	const importT0 = Date.now();
	let started = false;
	try {
		await c.importCredentials([CREDENTIAL]);
		await c.importWorkflows([smokeWorkflow()]);
		await c.publishWorkflow(WORKFLOW_ID);
		report.importAndPublishMs = Date.now() - importT0;
		await c.startAll(); // waits for the main to have registered the published webhooks too
		started = true;
	} finally {
		if (!started) c.printLogs(40);
	}
	report.startup = { totalMs: Date.now() - t0, packMs, ...c.timings, package: packageNote };
});

afterAll(async () => {
	host.stderr.write(`[queue smoke] ${JSON.stringify(report, null, 2)}\n`);
	await q?.stopAll();
	if (packDir) host.fs.rmSync(packDir, { recursive: true, force: true });
});

describe('n8n queue mode: main + 2 workers + 2 webhook processes behind a round-robin proxy', () => {
	qtest('every process has its own user folder (with the package when installed), shares DB, key and proxy URL, and listens on 127.0.0.1 only', async () => {
		const c = cluster();
		expect(c.procs.map((p) => p.name)).toEqual(['main', 'worker-1', 'worker-2', 'webhook-1', 'webhook-2']);
		expect(new Set(c.procs.map((p) => p.userFolder)).size).toBe(5);
		for (const p of c.procs) expect(c.env(p)).toMatchObject({ EXECUTIONS_MODE: 'queue', DB_TYPE: 'postgresdb', N8N_ENCRYPTION_KEY: c.encryptionKey, N8N_WEBHOOK_URL: `${c.url}/` });
		if (packageNote.startsWith('installed')) {
			for (const p of c.procs) expect(host.fs.readdirSync(host.path.join(p.userFolder, '.n8n/nodes/node_modules'))).toContain('n8n-nodes-evolink');
		}
		// the credential is in Postgres, encrypted with the shared N8N_ENCRYPTION_KEY
		const [type, data] = c.pg.sql(`SELECT type, data FROM credentials_entity WHERE id = '${CREDENTIAL.id}'`).trim().split('|');
		expect(type).toBe('httpHeaderAuth');
		expect(data).not.toContain(CREDENTIAL.data.value);
		// the main leaves production webhooks to the webhook processes
		expect(c.env(c.proc('main')).N8N_DISABLE_PRODUCTION_MAIN_PROCESS).toBe('true');
		// n8n processes, their task runners, Redis, Postgres (the proxy is ours): loopback only
		const pids = c.pids();
		expect(Object.keys(pids).sort()).toEqual(['main', 'postgres', 'redis', 'webhook-1', 'webhook-2', 'worker-1', 'worker-2']);
		const listeners = listenersOf(Object.values(pids).flat());
		expect(listeners.filter((l) => !l.loopback)).toEqual([]);
		// exactly the ports handed out: main + webhook HTTP, worker health + task-runner broker (the
		// main runs no task runner: OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS), Redis, Postgres
		const expected = [
			...c.procs.filter((p) => p.kind !== 'worker').map((p) => p.port),
			...c.of('worker').flatMap((p) => [p.healthPort, p.brokerPort]),
			c.redis.port,
			c.pg.port,
		];
		expect([...new Set(listeners.map((l) => l.port))].sort((a, b) => a - b)).toEqual(expected.sort((a, b) => Number(a) - Number(b)));
		report.listeners = listeners.map((l) => `${l.address}:${l.port}`);
	});

	qtest('webhook → worker → waiting; the resume URL, through the proxy, reaches a webhook process and a worker finishes it', async () => {
		const c = cluster();
		c.proxy.reset();
		const parked = await park('first');
		expect(parked.resumeUrl.startsWith(`${c.url}/webhook-waiting/${parked.executionId}?signature=`)).toBe(true);
		expect(parked.ranOn).toMatch(/^worker-\d$/);
		const waiting = c.execution(parked.executionId)!;
		expect(waiting).toMatchObject({ status: 'waiting', mode: 'webhook', finished: false });
		expect(waiting.waitTill).toBeTruthy();

		const end = await resume(parked, 42);
		expect(end.status).toBe('success');
		expect(done(end)).toEqual({ resumedOn: expect.stringMatching(/^worker-\d$/), answer: '42', tag: 'first' });
		// two jobs (the start and the resume), both taken by workers: the main ran nothing
		const jobs = c.ranBy(parked.executionId);
		expect(Object.values(jobs).reduce((a, b) => a + b, 0)).toBe(2);
		expect(host.fs.readFileSync(c.proc('main').logFile, 'utf8')).not.toMatch(/Worker started execution/);
		// round robin: the start went to one webhook process, the resume to the other
		expect([...backendsOf('/webhook/'), ...backendsOf('/webhook-waiting/')].sort()).toEqual(['webhook-1', 'webhook-2']);
		// test webhooks and everything else belong to the main
		await c.request('POST', `/webhook-test/${WEBHOOK_PATH}`, { body: {} });
		expect((await c.request('GET', '/healthz')).status).toBe(200);
		expect(backendsOf('/webhook-test/')).toEqual(['main']);
		expect(backendsOf('/healthz')).toEqual(['main']);
		report.first = { executionId: parked.executionId, jobs, proxy: { ...c.proxy.counts } };
	});

	qtest('a worker restart and a worker SIGKILL leave a waiting execution resumable', async () => {
		const c = cluster();
		const parked = await park('workers');
		const restartMs = await c.restart('worker-1');
		await c.kill('worker-2');
		const end = await resume(parked, 7);
		expect(end.status).toBe('success');
		expect(done(end)).toMatchObject({ resumedOn: 'worker-1', answer: '7', tag: 'workers' });
		const startMs = await c.start('worker-2');
		report.workers = { restartWorker1Ms: restartMs, startKilledWorker2Ms: startMs };
	});

	qtest('a webhook process stopped: the proxy sends start and resume to the other one; restarted, it takes its turn again', async () => {
		const c = cluster();
		await c.stop('webhook-1');
		c.proxy.reset();
		const end = await resume(await park('one-webhook'), 5);
		expect(end.status).toBe('success');
		expect(c.proxy.requests.map((r) => r.backend)).toEqual(['webhook-2', 'webhook-2']);
		const startMs = await c.start('webhook-1');
		c.proxy.reset();
		expect((await resume(await park('both-webhooks'), 6)).status).toBe('success');
		expect(c.proxy.requests.map((r) => r.backend).sort()).toEqual(['webhook-1', 'webhook-2']);
		report.webhook = { startWebhook1Ms: startMs };
	});

	qtest('the main down, then restarted: waiting executions stay resumable, new ones run', async () => {
		const c = cluster();
		const [a, b] = [await park('main-down'), await park('main-restarted')];
		const t0 = Date.now();
		await c.stop('main');
		const stopMs = Date.now() - t0;
		// webhook process → Redis → worker: the main is not involved in a resume
		const endA = await resume(a, 1);
		expect(endA.status).toBe('success');
		expect(done(endA)).toMatchObject({ answer: '1', tag: 'main-down' });
		const startMs = await c.start('main');
		const endB = await resume(b, 2);
		expect(endB.status).toBe('success');
		expect(done(endB)).toMatchObject({ answer: '2', tag: 'main-restarted' });
		const fresh = await resume(await park('after-restart'), 3);
		expect(fresh.status).toBe('success');
		report.main = { stopMs, startMs };
	});
});
