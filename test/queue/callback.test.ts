// Wait Mode "On Callback" in queue mode (issue 12): 1, 5 and 20 items with Download Video,
// every callback through the round-robin proxy to the 2 webhook processes, delivered 1–3
// times (the simulator's delivery plus repeats from repeater.ts: item i%3 == 0 gets one
// concurrent and one late repeat, i%3 == 2 one late repeat). Every item must come out
// exactly once, in input order, each video downloaded once; the callbacks' answer times and
// the status requests per task are measured. Last, a callback that arrives while the watch is
// running must not be dropped (it was: the watch's 409 "running" counted as handed over).
import * as host from '../support/host';
import { out, percentile, perTask, qtestFor, startEvoCluster, startVia, statusRequestsFor, watches, type EvoCluster } from './evolink';
import { BINARY, callbackWorkflow, PATHS, rows, WF } from './evolink-workflows';
import { CallbackRepeater, type RepeatPlan } from './repeater';

jest.setTimeout(10 * 60_000);

const RESULT_BYTES = 100_000;
const TASK_SECONDS = 6;
let c: EvoCluster | undefined;
const cluster = () => c ?? (() => { throw new Error('queue-mode n8n did not start (see beforeAll)'); })();
const qtest = qtestFor(() => c);

beforeAll(async () => {
	c = await startEvoCluster({ name: 'callback', workflows: [callbackWorkflow()], publish: [WF.callback], sim: { resultBytes: RESULT_BYTES } });
});
afterAll(async () => await c?.stop());

/** The item index a task was created for (its prompt says `item <i>`), or undefined for another suite's task. */
const itemOf = (prefix: string, taskId: string): number | undefined => {
	const m = new RegExp(`^queue ${prefix} item (\\d+) `).exec(String(cluster().sim.task(taskId)?.internal.request.prompt ?? ''));
	return m ? Number(m[1]) : undefined;
};
const planFor = (i: number): RepeatPlan => [{ concurrent: 1, lateMs: [1500] }, {}, { lateMs: [800] }][i % 3];

async function run(n: number) {
	const { q, sim, report } = cluster();
	const prefix = `cb${n}`;
	const repeater = new CallbackRepeater(cluster(), (id) => {
		const i = itemOf(prefix, id);
		return i === undefined ? undefined : planFor(i);
	}).start();
	q.proxy.reset();
	const t0 = Date.now();
	const started = await startVia(q, PATHS.callback, rows(prefix, n, () => `[sim:seconds=${TASK_SECONDS}]`));
	// n8n's own cost of one callback: a forged one (a task id this execution did not submit) is
	// refused by the parked node without any request, once in each webhook process
	await q.waitForExecution(started.executionId, ['waiting'], 30_000);
	const forgedMs: number[] = [];
	for (let k = 0; k < 2; k++) {
		const f0 = Date.now();
		expect((await q.request('POST', started.resumeUrl.replace('?', '/evolink?'), { body: { id: 'task-unified-1-forged' } })).status).toBe(404);
		forgedMs.push(Date.now() - f0);
	}
	const forgedUntil = Date.now();
	const done = await q.waitForExecution(started.executionId, ['success', 'error', 'crashed', 'canceled'], 180_000);
	await sim.settleCallbacks();
	await repeater.stop();
	const tasks = sim.tasks().filter((t) => itemOf(prefix, t.id) !== undefined);
	const idOf = (i: number) => tasks.find((t) => itemOf(prefix, t.id) === i)?.id;
	const ids = Array.from({ length: n }, (_, i) => idOf(i)!);

	expect(done.status).toBe('success');
	expect(tasks).toHaveLength(n); // one paid task per item
	expect(done.runData.Generate).toHaveLength(1); // parked once, resumed once
	// every item exactly once, in input order, with its video
	const gen = out(done, 'Generate');
	expect(gen.map((i) => [i.json.id, i.json.status, i.json.timedOut ?? null, i.pairedItem])).toEqual(ids.map((id, i) => [id, 'completed', null, { item: i }]));
	for (const i of gen) expect(i.binary?.[BINARY]).toMatchObject({ mimeType: 'video/mp4', fileName: `${String(i.json.id)}.mp4` });
	// read back on a worker (the resumed job), through pairedItem to the input rows
	expect(out(done, 'Check').map((i) => [i.json.tag, i.json.id, i.json.bytes, i.json.box])).toEqual(ids.map((id, i) => [`${prefix}-${i}`, id, RESULT_BYTES, 'ftyp']));
	// each video downloaded exactly once
	const stats = perTask(sim, ids);
	expect(stats.map((s) => s.downloads)).toEqual(ids.map(() => 1));

	// The simulator's deliveries: each task's last one 2xx, or 409 (n8n's own answer once the execution
	// has resumed) after a 503 "please retry" (the hand-over to the watch failed, or found it running).
	const attempts = sim.callbacks.filter((a) => ids.includes(a.taskId));
	expect(attempts.filter((a) => a.attempt === 1)).toHaveLength(n);
	for (const id of ids) {
		const mine = attempts.filter((a) => a.taskId === id);
		const last = mine[mine.length - 1];
		expect([id, last.ok || (last.status === 409 && mine.some((a) => a.status === 503))]).toEqual([id, true]);
	}
	const firstMs = attempts.filter((a) => a.attempt === 1).map((a) => a.finishedAt! - a.startedAt);
	const answerMs = attempts.map((a) => a.finishedAt! - a.startedAt);
	// 1–3 deliveries per task: the simulator's first + the planned repeats (its retries after a 503 come on top)
	const repeats = repeater.repeats.filter((r) => ids.includes(r.taskId));
	const deliveries = ids.map((id) => 1 + repeats.filter((r) => r.taskId === id).length);
	expect(deliveries).toEqual(ids.map((_, i) => 1 + (planFor(i).concurrent ?? 0) + (planFor(i).lateMs?.length ?? 0)));
	const statusRequests = statusRequestsFor(sim, ids);
	const backends = q.proxy.requests.filter((r) => r.t > forgedUntil && r.url.startsWith(`/webhook-waiting/${started.executionId}/evolink`)).map((r) => r.backend);
	const lastEnd = Math.max(...ids.map((id) => Number(sim.stats().tasks[id].completedAt)));
	const m = {
		executionId: started.executionId,
		totalMs: Date.now() - t0,
		lastTaskEndToSuccessMs: Date.parse(String(done.stoppedAt)) - lastEnd,
		deliveriesPerTask: summarize(deliveries.map(String)),
		simulatorRetries: attempts.length - n,
		answerMs: { p50: percentile(answerMs, 50), p99: percentile(answerMs, 99), max: Math.max(...answerMs), n: answerMs.length },
		firstDeliveryMs: { p50: percentile(firstMs, 50), p99: percentile(firstMs, 99) },
		forgedCallbackMs: forgedMs,
		loadAverage: host.os.loadavg().map((l) => Math.round(l * 10) / 10),
		simulatorAnswers: summarize(attempts.map((a) => String(a.status ?? a.error))),
		repeatAnswers: summarize(repeats.map((r) => String(r.status ?? r.error))),
		repeatMs: { p50: percentile(repeats.map((r) => r.finishedAt! - r.sentAt), 50), max: Math.max(0, ...repeats.map((r) => r.finishedAt! - r.sentAt)) },
		callbacksPerWebhookProcess: summarize(backends),
		statusRequests,
		statusRequestsPerTask: Math.round((statusRequests / n) * 100) / 100,
		taskReadsPerTask: { max: Math.max(...stats.map((s) => s.queries + s.batchQueries)), sum: stats.reduce((a, s) => a + s.queries + s.batchQueries, 0) },
		downloadsPerVideo: summarize(stats.map((s) => String(s.downloads))),
		watchRuns: watches(q, WF.callback).filter((w) => Date.parse(String(w.startedAt)) >= t0).map((w) => ({ id: w.id, status: w.status, runs: w.runData['EvoLink Watch']?.length ?? 0 })),
	};
	report[`items${n}`] = m;
	expect(backends.filter((b) => !b.startsWith('webhook-'))).toEqual([]); // only webhook processes served them
	return m;
}

function summarize(values: string[]): Record<string, number> {
	const out: Record<string, number> = {};
	for (const v of values) out[v] = (out[v] ?? 0) + 1;
	return out;
}

describe('Wait Mode "On Callback" in queue mode, callbacks through the proxy to 2 webhook processes, delivered 1–3 times', () => {
	// The target is 1 s (reported as answerMs / firstDeliveryMs); asserted with room for a busy 2-core runner.
	qtest('1 item: out once, video downloaded once, the callback answered quickly, 2 status requests', async () => {
		const m = await run(1);
		expect(m.answerMs.max).toBeLessThan(3000);
		expect(m.statusRequestsPerTask).toBeLessThanOrEqual(2);
	});
	qtest('5 items: every item out once, in input order, each video downloaded once, answered quickly', async () => {
		const m = await run(5);
		expect(m.answerMs.p99).toBeLessThan(3000);
		expect(m.statusRequestsPerTask).toBeLessThanOrEqual(2);
	});
	qtest('20 items ending together: every item out once, in input order, each video downloaded once', async () => {
		const m = await run(20);
		// 27 deliveries at once to 2 webhook processes (2 n8n webhook runs each: the parked node's, the
		// watch's): on 2 cores far above 1 s (see the report); EvoLink's own limit is 10 s
		expect(m.answerMs.p99).toBeLessThan(10_000);
		expect(m.statusRequestsPerTask).toBeLessThanOrEqual(2);
	});
	qtest('a callback that arrives while the watch runs (its read answered late) is not lost: resumed within seconds', async () => {
		const { q, sim, report } = cluster();
		const prefix = 'during';
		// The watch's first read (after A's callback) sees B running and is answered 2.5 s late;
		// B's callback comes meanwhile, while the watch execution is `running`.
		sim.inject({ match: 'POST /v1/tasks/batch', action: 'delay-response', delayMs: 2500, times: 1 });
		const started = await startVia(q, PATHS.callback, rows(prefix, 2, (i) => `[sim:seconds=${6 + i}]`));
		const done = await q.waitForExecution(started.executionId, ['success', 'error', 'crashed', 'canceled'], 180_000);
		await sim.settleCallbacks();
		const ids = [0, 1].map((i) => sim.tasks().find((t) => itemOf(prefix, t.id) === i)!.id);
		expect(done.status).toBe('success');
		expect(out(done, 'Generate').map((i) => [i.json.id, i.json.status])).toEqual(ids.map((id) => [id, 'completed']));
		expect(perTask(sim, ids).map((s) => s.downloads)).toEqual([1, 1]);
		const lastEnd = Number(sim.stats().tasks[ids[1]].completedAt);
		const bAnswers = sim.callbacks.filter((a) => a.taskId === ids[1]).map((a) => a.status ?? a.error);
		const m = { lastTaskEndToSuccessMs: Date.parse(String(done.stoppedAt)) - lastEnd, bCallbackAnswers: bAnswers, watchRuns: watches(q, WF.callback).slice(-1).map((w) => w.runData['EvoLink Watch']?.length ?? 0)[0] };
		report.duringWatchRun = m;
		// not left to the watch's next check-in (>= 30 s later)
		expect(m.lastTaskEndToSuccessMs).toBeLessThan(15_000);
	});
});
