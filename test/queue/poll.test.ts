// Wait Mode "Poll" in queue mode (issue 12): 5 items with Download Video, binary data in
// Postgres (`database`), read back by a node that runs on the OTHER worker; and a worker
// SIGKILLed while it polls: what n8n 2.41.1 does with the execution, where the task ids
// are then, and what a retry costs. Infrastructure: test/queue/evolink.ts, scripts/lib/QUEUE.md.
import * as host from '../support/host';
import { type QueueExecution } from '../../scripts/lib/queue-n8n';
import { createCounts, out, ownerSession, perTask, qtestFor, startEvoCluster, startVia, until, type EvoCluster } from './evolink';
import { BINARY, listWorkflow, PATHS, pollWorkflow, rows, WF } from './evolink-workflows';

jest.setTimeout(10 * 60_000);

const RESULT_BYTES = 150_000;
let c: EvoCluster | undefined;
const cluster = () => c ?? (() => { throw new Error('queue-mode n8n did not start (see beforeAll)'); })();
const qtest = qtestFor(() => c);

beforeAll(async () => {
	c = await startEvoCluster({ name: 'poll', workflows: [pollWorkflow(), listWorkflow()], publish: [WF.poll, WF.list], sim: { resultBytes: RESULT_BYTES } });
});
afterAll(async () => await c?.stop());

const tasksOf = (prefix: string) => cluster().sim.tasks().filter((t) => String(t.internal.request.prompt ?? '').startsWith(`queue ${prefix} `));
const workerOf = (id: string) => Object.keys(cluster().q.ranBy(id));

/** Get Many Tasks, run as a workflow of its own (the webhook answers with its items). */
async function listedTaskIds(): Promise<string[]> {
	const r = await cluster().q.request('POST', `/webhook/${PATHS.list}`, { body: {} });
	expect(r.status).toBe(200);
	return (r.json as Array<{ id: string }>).map((t) => t.id);
}

describe('Wait Mode "Poll" in queue mode', () => {
	qtest('5 items, Download Video: every item out once in order, each video downloaded once, the binary read by Check on the other worker', async () => {
		const { q, sim, report } = cluster();
		const started = await startVia(q, PATHS.poll, rows('poll', 5, (i) => `[sim:seconds=${3 + i}]`));
		const parked = await q.waitForExecution(started.executionId, ['waiting', 'error', 'crashed'], 90_000);
		expect(parked.status).toBe('waiting'); // Generate done, parked in the Wait node
		const [first] = workerOf(started.executionId);
		const other = q.of('worker').find((p) => p.name !== first)!.name;
		// only the other worker is left to take the resumed job
		await q.stop(first);
		const resumed = await q.request('POST', started.resumeUrl, { body: {} });
		expect(resumed.status).toBe(200);
		const done: QueueExecution = await q.waitForExecution(started.executionId, undefined, 60_000);
		await q.start(first);
		expect(done.status).toBe('success');
		expect(q.ranBy(started.executionId)).toEqual({ [first]: 1, [other]: 1 });

		const tasks = tasksOf('poll');
		expect(tasks).toHaveLength(5); // 5 paid creates
		const idOf = (i: number) => tasks.find((t) => String(t.internal.request.prompt).includes(` item ${i} `))?.id;
		const gen = out(done, 'Generate');
		expect(gen.map((i) => [i.json.id, i.json.status, i.pairedItem])).toEqual([0, 1, 2, 3, 4].map((i) => [idOf(i), 'completed', { item: i }]));
		for (const i of gen) expect(i.binary?.[BINARY]).toMatchObject({ mimeType: 'video/mp4', fileName: `${String(i.json.id)}.mp4` });
		// Check ran on the other worker and read every binary back from Postgres
		const checked = out(done, 'Check').map((i) => i.json);
		expect(checked.map((j) => [j.id, j.bytes, j.box])).toEqual([0, 1, 2, 3, 4].map((i) => [idOf(i), RESULT_BYTES, 'ftyp']));
		expect(checked.every((j) => String(j.storedAs).startsWith('database:'))).toBe(true);
		const rowsInDb = Number(q.pg.sql(`SELECT count(*) FROM binary_data WHERE "sourceId" = '${started.executionId}'`).trim());
		expect(rowsInDb).toBe(5);
		// each video downloaded once
		const stats = perTask(sim, tasks.map((t) => t.id));
		expect(stats.map((s) => s.downloads)).toEqual([1, 1, 1, 1, 1]);
		report.poll5 = {
			executionId: started.executionId,
			ranBy: q.ranBy(started.executionId),
			downloadsPerVideo: stats.map((s) => s.downloads),
			statusReadsPerTask: stats.map((s) => s.queries + s.batchQueries),
			binaryRowsInPostgres: rowsInDb,
			storedAs: checked[0].storedAs,
		};
	});

	qtest('a worker SIGKILLed mid-poll: no re-run, no second task; Get Many Tasks lists the tasks; n8n Retry (a new execution) gets the same tasks back from the EvoLink ledger', async () => {
		const { q, sim, report } = cluster();
		const started = await startVia(q, PATHS.poll, rows('killed', 3, () => '[sim:seconds=40]'));
		await until('3 creates', () => tasksOf('killed').length === 3, 30_000);
		const [worker] = await until('the worker running it', () => (workerOf(started.executionId).length ? workerOf(started.executionId) : undefined), 30_000);
		await host.delay(3000); // a few polls in
		const killedAt = Date.now();
		await q.kill(worker);
		const ids = tasksOf('killed').map((t) => t.id);
		const running = q.execution(started.executionId)!;
		expect(running.status).toBe('running');
		// nothing of the Generate node was saved: n8n saves at the end of a run (EXECUTIONS_DATA_SAVE_ON_PROGRESS is off)
		expect(running.runData.Generate).toBeUndefined();
		expect(JSON.stringify(running.data ?? {})).not.toContain(ids[0]);
		// EvoLink knows them: Get Many Tasks, run on the surviving worker, lists all three
		expect(await listedTaskIds()).toEqual(expect.arrayContaining(ids));

		// The worker comes back (same user folder, as a restarted container with its volume)
		const restartMs = await q.start(worker);
		const end = await q.waitForExecution(started.executionId, ['error', 'crashed', 'success', 'canceled'], 240_000);
		const endedAfterKillMs = Date.now() - killedAt;
		expect(end.status).not.toBe('success');
		await host.delay(2000);
		expect(tasksOf('killed')).toHaveLength(3); // never re-run: no second create
		expect(Object.values(q.ranBy(started.executionId)).reduce((a, b) => a + b, 0)).toBe(1); // one job, taken once
		expect(await listedTaskIds()).toEqual(expect.arrayContaining(ids));
		const idsInExecution = ids.filter((id) => JSON.stringify(end.data ?? {}).includes(id)).length;
		report.kill = { executionId: started.executionId, worker, restartMs, afterKill: running.status, end: end.status, endedAfterKillMs, error: end.error?.message ?? null, createsForIt: tasksOf('killed').length, idsInExecution };

		// A manual re-run: n8n's retry (the editor's "Retry") starts a NEW execution (retryOf = the old id)
		const before = createCounts(sim);
		const rest = await ownerSession(q);
		const retry = rest('POST', `/rest/executions/${started.executionId}/retry`, { loadWorkflow: false }); // answers when it ends
		const retriedId = await until('the retry', () => q.pg.sql(`SELECT id FROM execution_entity WHERE "retryOf" = '${started.executionId}'`).trim(), 30_000);
		expect(retriedId).not.toBe(started.executionId);
		await until('the retry\'s creates', () => tasksOf('killed').length > 3 || createCounts(sim).replays > before.replays, 30_000);
		await host.delay(2000);
		const after = createCounts(sim);
		expect(tasksOf('killed').filter((t) => !ids.includes(t.id))).toEqual([]); // nothing new bought
		for (const id of ids) sim.completeTask(id);
		// the retried run polls its own tasks to the end and parks in the Wait node
		const retried = await q.waitForExecution(retriedId, ['waiting', 'success', 'error', 'crashed'], 60_000);
		expect((await retry).status).toBe(200);
		// The retry is a new execution over the same data: n8n keeps its resume token, the node's
		// Idempotency-Keys come from it, and EvoLink's ledger replays the three original tasks.
		expect([after.creates - before.creates, after.replays - before.replays]).toEqual([0, 3]);
		report.retry = { retriedId, status: retried.status, newPaidTasks: after.creates - before.creates, replays: after.replays - before.replays };
	});
});
