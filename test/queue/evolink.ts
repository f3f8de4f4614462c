// The EvoLink package in queue-mode n8n (scripts/lib/queue-n8n.js: main + 2 workers + 2
// webhook processes behind the round-robin proxy, Postgres, Redis, binary data mode
// `database`) against the simulator, for the queue-mode suites of test/queue/. The package
// is packed from dist/ (`npm run build` first) and installed in every process.
import * as host from '../support/host';
import { evoLinkCredential, packPackage, type WorkflowJson } from '../../scripts/lib/local-n8n';
import { createQueueN8n, type QueueExecution, type QueueN8n } from '../../scripts/lib/queue-n8n';
import { DEFAULT_API_KEY, startSimulator, type Simulator } from '../support/simulator';

export const CRED = 'evoCredQueue0001';
export const CRED_NAME = 'EvoLink (simulator)';
/** One output item as n8n stores it. */
export interface Item {
	json: Record<string, unknown>;
	binary?: Record<string, { id?: string; fileName?: string; mimeType?: string; fileSize?: string } | undefined>;
	pairedItem?: unknown;
}

export interface EvoCluster {
	q: QueueN8n;
	sim: Simulator;
	/** what each suite prints at its end */
	report: Record<string, unknown>;
	stop(): Promise<void>;
}

/** Simulator + queue-mode n8n with the package, the credential, `workflows` imported and `publish` published. */
export async function startEvoCluster(opts: {
	/** the suite's name in its report */
	name: string;
	workflows: WorkflowJson[];
	publish?: string[];
	sim?: Record<string, unknown>;
	env?: Record<string, string>;
}): Promise<EvoCluster> {
	const t0 = Date.now();
	if (!host.fs.existsSync(host.path.join(host.REPO, 'dist'))) throw new Error('dist/ is missing: run `npm run build` first');
	const packDir = host.fs.mkdtempSync(host.path.join(host.os.tmpdir(), 'queue-evo-pack-'));
	const sim = await startSimulator({ allowInsecureCallbacks: true, taskSeconds: 5, estimatedSeconds: 5, ...opts.sim });
	let q: QueueN8n | undefined;
	const report: Record<string, unknown> = {};
	const stop = async () => {
		host.stderr.write(`[queue ${opts.name}] ${JSON.stringify(report, null, 2)}\n`);
		await q?.stopAll();
		await sim.close();
		host.fs.rmSync(packDir, { recursive: true, force: true });
	};
	let started = false;
	try {
		q = await createQueueN8n({ packageTarball: packPackage(packDir), env: opts.env });
		await q.importCredentials([evoLinkCredential(CRED, DEFAULT_API_KEY, sim.url, CRED_NAME)]);
		await q.importWorkflows(opts.workflows);
		for (const id of opts.publish ?? []) await q.publishWorkflow(id);
		await q.startAll();
		started = true;
	} finally {
		if (!started) {
			q?.printLogs(40);
			await stop();
		}
	}
	report.startupMs = Date.now() - t0;
	return { q, sim, report, stop };
}

/** `test()` for a suite's cluster: prints every process's log tail when it fails, records its run time. */
export function qtestFor(get: () => Pick<EvoCluster, 'q' | 'report'> | undefined) {
	return (name: string, fn: () => Promise<void>, timeoutMs?: number): void =>
		test(
			name,
			async () => {
				const t0 = Date.now();
				let passed = false;
				try {
					await fn();
					passed = true;
				} finally {
					const c = get();
					if (!passed) c?.q.printLogs(60);
					if (c) c.report[`${name} (ms)`] = Date.now() - t0;
				}
			},
			timeoutMs,
		);
}

export async function until<T>(what: string, fn: () => T | undefined | null | false | Promise<T | undefined | null | false>, ms: number, every = 250): Promise<T> {
	const end = Date.now() + ms;
	for (;;) {
		const v = await Promise.resolve()
			.then(fn)
			.catch(() => undefined);
		if (v) return v;
		if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
		await host.delay(every);
	}
}

export interface Started {
	executionId: string;
	resumeUrl: string;
}

/** POSTs to a production webhook through the proxy (its Respond node answers with the execution id). */
export async function startVia(q: QueueN8n, webhookPath: string, body: unknown): Promise<Started> {
	const r = await q.request('POST', `/webhook/${webhookPath}`, { body });
	if (r.status !== 200) throw new Error(`POST /webhook/${webhookPath}: ${r.status} ${r.body.slice(0, 500)}`);
	return r.json as Started;
}

/** Postgres' execution, [] while one is being written. */
export function execution(q: QueueN8n, id: string | number): QueueExecution | undefined {
	try {
		return q.execution(id);
	} catch {
		return undefined;
	}
}

/** Items of a node's first output in its last run. */
export function out(e: QueueExecution, node: string): Item[] {
	const runs = e.runData[node] ?? [];
	return (runs[runs.length - 1]?.data?.main?.[0] ?? []) as unknown as Item[];
}

/** Executions of the workflow's EvoLink watch (n8n gives the inline sub-workflow the parent's id; mode `integrated`). */
export function watches(q: QueueN8n, workflowId: string): QueueExecution[] {
	return q.executions({ workflowId }).filter((e) => e.mode === 'integrated');
}

/** p-th percentile (nearest rank) of `values`. */
export function percentile(values: number[], p: number): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Per task: GET /v1/tasks/{id}, reads through the batch call, downloads of its video. */
export function perTask(sim: Simulator, ids: string[]): Array<{ id: string; queries: number; batchQueries: number; downloads: number }> {
	const tasks = sim.stats().tasks;
	return ids.map((id) => {
		const t = tasks[id] ?? {};
		return { id, queries: Number(t.queries ?? 0), batchQueries: Number(t.batchQueries ?? 0), downloads: Number(t.downloads ?? 0) };
	});
}

/** HTTP status requests (single GETs + batch calls) that named any of `ids`, from the request log. */
export function statusRequestsFor(sim: Simulator, ids: string[]): number {
	const set = new Set(ids);
	return sim.requests.filter((r) => {
		if (r.method === 'GET' && r.path.startsWith('/v1/tasks/')) return set.has(r.path.slice('/v1/tasks/'.length));
		if (r.method === 'POST' && r.path === '/v1/tasks/batch') {
			const wanted = (r.body as { task_ids?: unknown } | undefined)?.task_ids;
			return Array.isArray(wanted) && wanted.some((x) => set.has(String(x)));
		}
		return false;
	}).length;
}

/** Paid creates (the ledger's `creates`) and replays so far. */
export function createCounts(sim: Simulator): { createRequests: number; creates: number; replays: number } {
	const c = sim.stats().counters;
	return { createRequests: c.createRequests, creates: c.creates, replays: c.idempotency.replays };
}

/**
 * The instance owner's session on the main's REST API (/rest/, through the proxy): sets the owner
 * up (a fresh instance has none), keeps its auth cookie and the browser id n8n binds it to.
 */
export async function ownerSession(q: QueueN8n): Promise<(method: string, path: string, body?: unknown) => Promise<{ status: number; json: unknown }>> {
	const browserId = host.crypto.randomUUID();
	const password = `Q${host.crypto.randomBytes(9).toString('hex')}7`;
	let cookie = '';
	const call = async (method: string, path: string, body?: unknown) => {
		const res = await fetch(`${q.url}${path}`, {
			method,
			headers: { 'content-type': 'application/json', 'browser-id': browserId, ...(cookie ? { cookie } : {}) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const set = res.headers.getSetCookie().map((c) => c.split(';')[0]);
		if (set.length) cookie = set.join('; ');
		const text = await res.text();
		let json: unknown = text;
		try {
			json = JSON.parse(text);
		} catch {
			/* not JSON */
		}
		return { status: res.status, json };
	};
	const setup = await call('POST', '/rest/owner/setup', { email: 'owner@queue.test', firstName: 'Queue', lastName: 'Test', password });
	if (setup.status !== 200) throw new Error(`owner setup: ${setup.status} ${JSON.stringify(setup.json).slice(0, 300)}`);
	return call;
}
