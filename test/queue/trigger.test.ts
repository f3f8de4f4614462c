// The EvoLink Trigger in queue mode (issue 12): an active workflow whose trigger gets EvoLink's
// callbacks through the round-robin proxy, i.e. in either webhook process; each task's
// callback delivered 1–3 times (repeater.ts). Every task end must be emitted once across all
// processes (executions counted in Postgres). The trigger dedupes by task id in process memory
// and in the workflow's static data; what gets past that across processes is measured, not
// assumed. Measured with n8n 2.41.1: repeats of one task at a time are deduped across the two
// processes (static data); a concurrent repeat to the other process is emitted twice, and so is
// a late repeat when other tasks' callbacks were handled at the same time (n8n writes static data
// whole after each webhook request: the last writer wins). Nothing is ever lost. With the trigger's
// path routed to one webhook process (README, queue mode) every task end is emitted once.
import * as host from '../support/host';
import { DEFAULT_API_KEY } from '../support/simulator';
import { perTask, qtestFor, startEvoCluster, until, type EvoCluster } from './evolink';
import { TRIGGER_WEBHOOK_ID, triggerWorkflow, WF } from './evolink-workflows';
import { CallbackRepeater, type RepeatPlan } from './repeater';

jest.setTimeout(10 * 60_000);

let c: EvoCluster | undefined;
const cluster = () => c ?? (() => { throw new Error('queue-mode n8n did not start (see beforeAll)'); })();
const qtest = qtestFor(() => c);

beforeAll(async () => {
	c = await startEvoCluster({ name: 'trigger', workflows: [triggerWorkflow()], publish: [WF.trigger] });
});
afterAll(async () => await c?.stop());

/** What each task gets besides the simulator's own delivery, by i % 5. */
const CATEGORIES: Array<{ name: string; plan: RepeatPlan }> = [
	{ name: 'once', plan: {} },
	{ name: 'late repeats (via the proxy, +1.5 s and +3 s)', plan: { lateMs: [1500, 3000] } },
	{ name: 'a concurrent repeat to the same webhook process', plan: { concurrent: 1, to: 'same' } },
	{ name: 'a concurrent repeat to the other webhook process', plan: { concurrent: 1, to: 'other' } },
	{ name: 'concurrent to the other process + a late repeat', plan: { concurrent: 1, to: 'other', lateMs: [2000] } },
];
const TASKS = 20;

/** `base`: where EvoLink calls back (the proxy, or one webhook process when the trigger's path is pinned to it). */
async function createTask(tag: string, seconds: number, base = cluster().q.url): Promise<string> {
	const { sim } = cluster();
	const res = await fetch(`${sim.url}/v1/videos/generations`, {
		method: 'POST',
		headers: { authorization: `Bearer ${DEFAULT_API_KEY}`, 'content-type': 'application/json' },
		body: JSON.stringify({
			model: 'wan2.5-text-to-video',
			prompt: `queue trigger ${tag} [sim:seconds=${seconds}]`,
			quality: '480p',
			// the query only tells the proxy's records of tasks ending together apart (the trigger reads the body)
			callback_url: `${base}/webhook/${TRIGGER_WEBHOOK_ID}/evolink?tag=${tag}`,
		}),
	});
	expect(res.status).toBe(200);
	return ((await res.json()) as { id: string }).id;
}

/** Task id → how many trigger executions emitted it. */
function emissions(): Map<string, number> {
	const counts = new Map<string, number>();
	for (const e of cluster().q.executions({ workflowId: WF.trigger })) {
		for (const item of e.runData['EvoLink Trigger']?.[0]?.data?.main?.[0] ?? []) {
			const id = String(item.json.id);
			counts.set(id, (counts.get(id) ?? 0) + 1);
		}
	}
	return counts;
}

/** Creates `seconds.length` tasks, lets them end and their callbacks (and repeats) settle; the emissions per task. */
async function scenario(tag: string, seconds: number[], planOf: (i: number) => RepeatPlan, base?: string) {
	const { q, sim } = cluster();
	const ids: string[] = [];
	const repeater = new CallbackRepeater(cluster(), (id) => (ids.includes(id) ? planOf(ids.indexOf(id)) : undefined)).start();
	for (let i = 0; i < seconds.length; i++) ids.push(await createTask(`${tag}${i}`, seconds[i], base));
	await until('every task ended', () => ids.every((id) => ['completed', 'failed'].includes(String(sim.task(id)?.status))), 90_000);
	await sim.settleCallbacks();
	await repeater.stop();
	await until('trigger runs done', () => q.executions({ workflowId: WF.trigger }).every((e) => !['new', 'running'].includes(e.status)), 60_000);
	await host.delay(1500);
	const counts = emissions();
	const attempts = sim.callbacks.filter((a) => ids.includes(a.taskId));
	const stats = perTask(sim, ids);
	return {
		ids,
		emitted: ids.map((id) => counts.get(id) ?? 0),
		downloads: stats.map((s) => s.downloads),
		statusQueries: stats.map((s) => s.queries),
		simulatorNotOk: attempts.filter((a) => !a.ok).length,
		repeats: repeater.repeats.filter((r) => ids.includes(r.taskId)),
		staticDataSeen: seenInStaticData().filter((id) => ids.includes(id)).length,
	};
}

function seenInStaticData(): string[] {
	const raw = cluster().q.pg.sql(`SELECT coalesce("staticData"::text, '{}') FROM workflow_entity WHERE id = '${WF.trigger}'`).trim();
	return Object.values(JSON.parse(raw || '{}') as Record<string, { seen?: string[] }>).flatMap((n) => n?.seen ?? []);
}

describe('EvoLink Trigger in queue mode: callbacks to 2 webhook processes, delivered 1–3 times', () => {
	qtest('one task at a time: repeats (+1.2 s, +2.4 s, through the proxy to the other process) are not emitted again', async () => {
		const r = await scenario('seq', [2, 6, 10, 14, 18, 22], () => ({ lateMs: [1200, 2400] }));
		cluster().report.sequential = { emitted: r.emitted, downloads: r.downloads, statusQueries: r.statusQueries, repeatBackends: r.repeats.map((x) => `${x.status}@${x.backend}`), staticDataSeen: `${r.staticDataSeen}/${r.ids.length}` };
		expect(r.simulatorNotOk).toBe(0);
		expect(r.emitted).toEqual(r.ids.map(() => 1));
		expect(r.downloads).toEqual(r.ids.map(() => 1));
		expect(r.statusQueries).toEqual(r.ids.map(() => 1)); // a repeat costs no query
	});

	qtest('tasks ending together, repeats concurrent and late: nothing lost, duplicates across the 2 processes measured', async () => {
		const { report } = cluster();
		// 4 groups of 5 tasks ending together (one of each category), 1.5 s apart: distinct tasks race too
		const r = await scenario('par', Array.from({ length: TASKS }, (_, i) => 3 + Math.floor(i / CATEGORIES.length) * 1.5), (i) => CATEGORIES[i % CATEGORIES.length].plan);
		const byCategory = CATEGORIES.map((cat, k) => ({ category: cat.name, emitted: r.emitted.filter((_, i) => i % CATEGORIES.length === k) }));
		report.together = {
			byCategory,
			emittedTwice: `${r.emitted.filter((n) => n > 1).length}/${r.ids.length}`,
			downloads: r.downloads,
			statusQueries: r.statusQueries,
			concurrentPairs: r.repeats.filter((x) => x.kind === 'concurrent').map((x) => `${x.originalBackend}+${x.backend}`),
			repeatAnswers: r.repeats.map((x) => `${x.kind}:${x.status ?? x.error}@${x.backend}`),
			staticDataSeen: `${r.staticDataSeen}/${r.ids.length}`,
		};
		expect(r.simulatorNotOk).toBe(0);
		// nothing lost, nothing emitted without a duplicate delivery, never more than once per process:
		// a concurrent repeat to the same process waits for the first one's decision
		expect(r.emitted.every((n) => n >= 1 && n <= 2)).toBe(true);
		expect(byCategory[0].emitted).toEqual([1, 1, 1, 1]);
		expect(byCategory[2].emitted).toEqual([1, 1, 1, 1]);
		expect(r.downloads).toEqual(r.emitted);
	});
	qtest('the trigger path routed to ONE webhook process (the README setup): tasks ending together, repeats concurrent and late, each emitted once', async () => {
		const { q, report } = cluster();
		const pinned = q.of('webhook')[0];
		// repeats without `to` go to the original's URL: here that process, never the other one
		const r = await scenario('pin', Array.from({ length: 10 }, (_, i) => 3 + Math.floor(i / 5) * 1.5), () => ({ concurrent: 1, lateMs: [1500, 3000] }), `http://127.0.0.1:${pinned.port}`);
		report.pinned = { process: pinned.name, emitted: r.emitted, downloads: r.downloads, statusQueries: r.statusQueries, staticDataSeen: `${r.staticDataSeen}/${r.ids.length}` };
		expect(r.simulatorNotOk).toBe(0);
		expect(r.emitted).toEqual(r.ids.map(() => 1));
		expect(r.downloads).toEqual(r.ids.map(() => 1));
		expect(r.statusQueries).toEqual(r.ids.map(() => 1));
	});
});
