// Durability of Wait Mode "On Callback" in queue mode (issue 12): no video lost to a missed
// callback. A callback-mode execution (2 items, Download Video) parks; then all of n8n (main,
// webhook processes, workers) is stopped while the tasks render, the tasks end while it is
// down (the simulator's callbacks fail: the proxy answers 502, as a load balancer without
// backends), n8n starts again: the execution must end `success` with both videos, by itself
// (the watch's overdue check-in), soon after "n8n ready". Then the same with only the webhook
// processes down (main and workers up: the watch's check-in fails to reach the parked
// execution and must try again once they are back).
import * as host from '../support/host';
import { type QueueExecution } from '../../scripts/lib/queue-n8n';
import { execution, out, perTask, qtestFor, startEvoCluster, startVia, until, watches, type EvoCluster, type Started } from './evolink';
import { BINARY, callbackWorkflow, PATHS, rows, WF } from './evolink-workflows';

jest.setTimeout(10 * 60_000);

const TASK_SECONDS = 12;
const RESULT_BYTES = 64_000;
let c: EvoCluster | undefined;
const cluster = () => c ?? (() => { throw new Error('queue-mode n8n did not start (see beforeAll)'); })();
const qtest = qtestFor(() => c);

beforeAll(async () => {
	c = await startEvoCluster({ name: 'durability', workflows: [callbackWorkflow()], publish: [WF.callback], sim: { resultBytes: RESULT_BYTES } });
});
afterAll(async () => await c?.stop());

/** Starts 2 items and waits until the execution and its watch are parked; the watch's first check-in time. */
async function parkTwo(prefix: string): Promise<{ started: Started; ids: string[]; watch: QueueExecution; checkInAt: number }> {
	const { q, sim } = cluster();
	const before = new Set(watches(q, WF.callback).map((w) => w.id));
	const started = await startVia(q, PATHS.callback, rows(prefix, 2, () => `[sim:seconds=${TASK_SECONDS}]`));
	await q.waitForExecution(started.executionId, ['waiting'], 30_000);
	const watch = await until('the watch parked', () => watches(q, WF.callback).find((w) => !before.has(w.id) && w.status === 'waiting'), 30_000);
	const ids = [0, 1].map((i) => sim.tasks().find((t) => String(t.internal.request.prompt).startsWith(`queue ${prefix} item ${i} `))!.id);
	return { started, ids, watch, checkInAt: Date.parse(String(watch.waitTill)) };
}

/** The tasks have ended and the simulator has given up calling back: every attempt failed. */
async function callbacksFailed(ids: string[]) {
	const { sim } = cluster();
	await until('both tasks ended', () => ids.every((id) => sim.task(id)?.status === 'completed'), 60_000);
	await host.delay(200);
	await sim.settleCallbacks();
	const attempts = sim.callbacks.filter((a) => ids.includes(a.taskId));
	for (const id of ids) expect(attempts.filter((a) => a.taskId === id).length).toBeGreaterThanOrEqual(1);
	expect(attempts.filter((a) => a.ok)).toEqual([]);
	return attempts.map((a) => a.status ?? a.error);
}

/** Success with both videos, read back on a worker; each downloaded once. */
function expectBothVideos(done: QueueExecution, prefix: string, ids: string[]) {
	expect(done.status).toBe('success');
	const gen = out(done, 'Generate');
	expect(gen.map((i) => [i.json.id, i.json.status, i.json.timedOut ?? null, i.json.error ?? null])).toEqual(ids.map((id) => [id, 'completed', null, null]));
	for (const i of gen) expect(i.binary?.[BINARY]).toMatchObject({ mimeType: 'video/mp4', fileName: `${String(i.json.id)}.mp4` });
	expect(out(done, 'Check').map((i) => [i.json.tag, i.json.bytes, i.json.box])).toEqual([0, 1].map((i) => [`${prefix}-${i}`, RESULT_BYTES, 'ftyp']));
	expect(perTask(cluster().sim, ids).map((s) => s.downloads)).toEqual([1, 1]);
}

describe('no video lost to a missed callback (queue mode)', () => {
	qtest('all of n8n down while the tasks end: after the restart the execution ends success with both videos, by itself', async () => {
		const { q, report } = cluster();
		const { started, ids, checkInAt } = await parkTwo('down');
		const stopT0 = Date.now();
		await Promise.all(q.procs.map((p) => q.stop(p.name)));
		const stopMs = Date.now() - stopT0;
		expect(ids.every((id) => cluster().sim.task(id)?.status !== 'completed')).toBe(true); // stopped while rendering
		const callbackAnswers = await callbacksFailed(ids);
		// n8n comes back after the watch's first check-in was due: it is overdue at the start
		await until('the check-in to be overdue', () => Date.now() > checkInAt + 2000, 120_000, 500);
		const downMs = Date.now() - stopT0;
		// all processes at once, as a deployment restarts them; each one's ready time
		const startT0 = Date.now();
		const readyAt: Record<string, number> = {};
		await Promise.all(q.procs.map(async (p) => (await q.start(p.name), (readyAt[p.name] = Date.now()))));
		const allReadyAt = Math.max(...Object.values(readyAt));
		const done = await q.waitForExecution(started.executionId, ['success', 'error', 'crashed', 'canceled'], 180_000);
		const endAt = Date.parse(String(done.stoppedAt));
		const recovery = { fromStartMs: endAt - startT0, fromMainReadyMs: endAt - readyAt.main, fromAllReadyMs: endAt - allReadyAt };
		const readyMs = Object.fromEntries(Object.entries(readyAt).map(([k, v]) => [k, v - startT0]));
		report.allDown = { executionId: started.executionId, stopMs, downMs, readyMs, callbackAnswers, recovery, watchStatus: execution(q, watchOf(started) ?? -1)?.status };
		expectBothVideos(done, 'down', ids);
		expect(recovery.fromMainReadyMs).toBeLessThan(120_000);
	});

	qtest('only the webhook processes down: the watch finds them gone, tries again, the execution ends success with both videos', async () => {
		const { q, report } = cluster();
		const { started, ids, checkInAt } = await parkTwo('hooks');
		const hooks = q.of('webhook').map((p) => p.name);
		await Promise.all(hooks.map((h) => q.stop(h)));
		const callbackAnswers = await callbacksFailed(ids);
		const settledAt = Date.now();
		// the watch's check-in (on a worker) reaches nobody: its POST to the parked execution fails
		const parentPath = `/webhook-waiting/${started.executionId}/evolink`;
		const failedDelivery = await until(
			"the watch's failed delivery",
			() => q.proxy.requests.find((r) => r.t >= Math.max(settledAt, checkInAt - 1000) && r.url.startsWith(parentPath) && r.status === 502),
			150_000,
			500,
		);
		await host.delay(1000);
		expect(execution(q, started.executionId)?.status).toBe('waiting');
		const startT0 = Date.now();
		await Promise.all(hooks.map((h) => q.start(h)));
		const readyAt = Date.now();
		const done = await q.waitForExecution(started.executionId, ['success', 'error', 'crashed', 'canceled'], 180_000);
		const recoveryMs = Date.parse(String(done.stoppedAt)) - readyAt;
		report.webhooksDown = {
			executionId: started.executionId,
			callbackAnswers,
			watchDeliveryFailedAfterCheckInMs: failedDelivery.t - checkInAt,
			webhooksStartMs: readyAt - startT0,
			recoveryMs,
		};
		expectBothVideos(done, 'hooks', ids);
		expect(recoveryMs).toBeLessThan(120_000);
	});

	qtest("a status read fails when the watch hands over: the parked execution asks it to try again, no video lost", async () => {
		const { q, sim, report } = cluster();
		const { started, ids } = await parkTwo('flaky');
		// The watch's read (batch #1) sees both ended; the parked node's own read (batch #2) gets an
		// answer without the tasks, and its fallback single read of the second task fails once.
		sim.inject({ match: 'POST /v1/tasks/batch', skip: 1, status: 200, body: { data: [] }, times: 1 });
		sim.inject({ match: `GET /v1/tasks/${ids[1]}`, status: 500, times: 1 });
		const done = await q.waitForExecution(started.executionId, ['success', 'error', 'crashed', 'canceled'], 180_000);
		const lastEnd = Math.max(...ids.map((id) => Number(sim.stats().tasks[id].completedAt)));
		report.failedRead = { executionId: started.executionId, lastTaskEndToSuccessMs: Date.parse(String(done.stoppedAt)) - lastEnd };
		expectBothVideos(done, 'flaky', ids);
	});
});

/** The watch execution of a parked execution (the newest integrated one started after it). */
function watchOf(started: Started): number | undefined {
	return watches(cluster().q, WF.callback).find((w) => w.id > Number(started.executionId))?.id;
}
