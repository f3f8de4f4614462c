/**
 * Status reads while waiting, through n8n's engine: several tasks are read together with
 * POST /v1/tasks/batch (evolink-platform.md §3); a server without it (404 or 405) gets single
 * GETs, decided once per run; an id a batch answer leaves out is looked up on its own.
 *
 * The tasks run until the test ends them all at one moment (after a number of status reads):
 * tasks ending a few ms apart could leave one task alone in a round, read with a GET.
 */
import type { IDataObject } from 'n8n-workflow';

import { delay } from '../support/host';
import { runWorkflow } from './runWorkflow';
import { tasksRead, useSimulator } from './setup';

jest.setTimeout(30_000);

const s = useSimulator({ taskSeconds: 1.5, estimatedSeconds: 2 });

const prompts = (n: number) => Array.from({ length: n }, (_, i) => ({ p: `video ${i} [sim:never]` }));
const batches = () => s.requests('POST /v1/tasks/batch');
const singles = () => s.requests('GET /v1/tasks/');
const taskIds = () => s.sim.tasks().map((t) => t.id);

/** Runs, ends every task at once when `ready()` (checked every 20 ms), and expects all completed. */
async function waitFor(parameters: IDataObject, items: IDataObject[] | undefined, ready: () => boolean) {
	const run = runWorkflow({ parameters: { waitForCompletion: true, ...parameters }, items, credentials: s.credentials });
	for (let i = 0; i < 1000 && !ready(); i++) await delay(20);
	for (const t of s.sim.tasks()) if (t.status !== 'completed') s.sim.completeTask(t.id);
	const result = await run;
	expect(result.error).toBeUndefined();
	expect(result.items.map((i) => i.json.status)).toEqual(result.items.map(() => 'completed'));
	return result;
}

const generate = (items: IDataObject[], ready: () => boolean) =>
	waitFor({ operation: 'generate', prompt: '={{ $json.p }}' }, items, ready);

/** Runs with the batch endpoint answering `batch` (false = 404, 405), then switches it back on. */
async function withBatch<T>(batch: boolean | 405, fn: () => Promise<T>): Promise<T> {
	s.sim.configure({ batch });
	try {
		return await fn();
	} finally {
		s.sim.configure({ batch: true });
	}
}

test('8 items waiting: each round is one batch read of all 8, never a GET per task', async () => {
	await generate(prompts(8), () => batches().length >= 2);
	const { statusRequests } = s.counters();
	expect(statusRequests.single).toBe(0);
	// Every round asked about all 8 at once: 3 requests read 24 task states.
	expect(statusRequests.batch).toBeGreaterThanOrEqual(3);
	expect(statusRequests.batchIds).toEqual(batches().map(() => 8));
	for (const b of batches()) expect([...(b.body as { task_ids: string[] }).task_ids].sort()).toEqual([...taskIds()].sort());
	// The last round saw every task completed, and was the last.
	expect(tasksRead(batches()[batches().length - 1]).map((t) => t.status)).toEqual(Array(8).fill('completed'));
});

test('tasks ending at different times: the ones still open are read together, the ended ones no more', async () => {
	const items = [{ p: 'quick [sim:seconds=1]' }, { p: 'slow a [sim:never]' }, { p: 'slow b [sim:never]' }];
	const quickDone = () => s.statusReads().some((r) => tasksRead(r).some((t) => t.status === 'completed'));
	const reads = () => s.statusReads().length;
	let readsWhenQuickDone = 0;
	await generate(items, () => {
		if (!readsWhenQuickDone && quickDone()) readsWhenQuickDone = reads();
		return readsWhenQuickDone > 0 && reads() >= readsWhenQuickDone + 2;
	});
	const quick = s.creates().find((c) => String((c.body as IDataObject).prompt).startsWith('quick'))!;
	const quickId = String((quick.response as IDataObject).id);
	const after = s.statusReads().slice(readsWhenQuickDone);
	expect(after.length).toBeGreaterThanOrEqual(2);
	for (const r of after) {
		expect(r.path).toBe('/v1/tasks/batch');
		const asked = (r.body as { task_ids: string[] }).task_ids;
		expect(asked).toHaveLength(2);
		expect(asked).not.toContain(quickId);
	}
});

test.each<[string, false | 405, number]>([
	['404', false, 404],
	['405', 405, 405],
])('no batch endpoint (%s): single GETs, and only one batch attempt in the whole run', async (_name, batch, status) => {
	await withBatch(batch, async () => await generate(prompts(4), () => singles().length >= 12));
	expect(batches().map((b) => b.status)).toEqual([status]);
	expect(s.statusReads()[0].path).toBe('/v1/tasks/batch');
	// The ids of the failed batch were read one by one in that same round, and so was every later round.
	const ids = taskIds();
	expect(singles().slice(0, 4).map((r) => r.path).sort()).toEqual(ids.map((id) => `/v1/tasks/${id}`).sort());
	for (const id of ids) {
		const mine = singles().filter((r) => r.path === `/v1/tasks/${id}`);
		expect(mine.length).toBeGreaterThanOrEqual(3);
		expect(tasksRead(mine[mine.length - 1])[0].status).toBe('completed');
	}
});

test('Get Task with several ids and no batch endpoint: one batch attempt for the lookup and the wait together', async () => {
	for (const i of [1, 2, 3])
		await fetch(`${s.sim.url}/v1/videos/generations`, {
			method: 'POST',
			headers: { authorization: `Bearer ${s.sim.defaultApiKey}`, 'content-type': 'application/json' },
			body: JSON.stringify({ model: 'wan2.5-text-to-video', prompt: `task ${i} [sim:never]` }),
		});
	const ids = taskIds();
	s.sim.requests.length = 0;
	const result = await withBatch(false, async () =>
		await waitFor({ operation: 'getTask', taskId: ids.join(',') }, undefined, () => singles().length >= 6),
	);
	expect(result.items.map((i) => i.json.id)).toEqual(ids);
	expect(batches()).toHaveLength(1);
});

test('ids missing from a batch answer are looked up on their own; later rounds use the batch again', async () => {
	// The first batch read answers without any task (as for ids it does not see yet).
	s.sim.inject({ match: 'POST /v1/tasks/batch', status: 200, body: { data: [] } });
	await generate(prompts(3), () => batches().length >= 3);
	const [first, ...later] = batches();
	expect(first.injected).toBeDefined();
	// Right after the empty answer: one GET per task; then only batch reads.
	const afterFirst = s.statusReads().filter((r) => r.seq > first.seq);
	expect(afterFirst.slice(0, 3).map((r) => r.path).sort()).toEqual(taskIds().map((id) => `/v1/tasks/${id}`).sort());
	expect(afterFirst.slice(3).map((r) => r.path)).toEqual(later.map(() => '/v1/tasks/batch'));
	expect(later.length).toBeGreaterThanOrEqual(2);
	expect(later.every((b) => (b.body as { task_ids: string[] }).task_ids.length === 3)).toBe(true);
});

test('a batch read that fails as a whole (500) does not give the batch up: later rounds still use it', async () => {
	s.sim.inject({ match: 'POST /v1/tasks/batch', status: 500 });
	await generate(prompts(5), () => batches().filter((b) => b.status === 200).length >= 2);
	const [failed, ...later] = batches();
	expect(failed.status).toBe(500);
	// (After the error each task backs off on its own time, so one may come due alone and be read with a GET.)
	expect(later.filter((b) => b.status === 200 && (b.body as { task_ids: string[] }).task_ids.length >= 2).length).toBeGreaterThanOrEqual(1);
});
