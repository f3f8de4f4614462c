/**
 * Get Task with several task IDs in one item, through n8n's engine: comma- or
 * newline-separated, or an array from an expression; one output item per ID, paired with
 * the input item that named it; an unknown ID fails the run at once (or is an error item
 * under Continue On Fail).
 */
import type { IDataObject } from 'n8n-workflow';

import type { TaskView } from '../support/simulator';
import { runWorkflow } from './runWorkflow';
import { useSimulator } from './setup';

jest.setTimeout(30_000);

const s = useSimulator({ taskSeconds: 60, estimatedSeconds: 2 });

const UNKNOWN = 'task-unified-1757169743-doesnotexist';

/** Creates tasks straight at the simulator (as earlier runs would have); only the node's requests count after. */
async function createTasks(...prompts: string[]): Promise<string[]> {
	const ids: string[] = [];
	for (const prompt of prompts) {
		const res = await fetch(`${s.sim.url}/v1/videos/generations`, {
			method: 'POST',
			headers: { authorization: `Bearer ${s.sim.defaultApiKey}`, 'content-type': 'application/json' },
			body: JSON.stringify({ model: 'wan2.5-text-to-video', prompt }),
		});
		ids.push(((await res.json()) as TaskView).id);
	}
	s.sim.requests.length = 0;
	return ids;
}

async function getTask(taskId: unknown, items?: IDataObject[], extra: IDataObject = {}, continueOnFail?: boolean) {
	return await runWorkflow({
		parameters: { operation: 'getTask', taskId: taskId as string, ...extra },
		items,
		continueOnFail,
		credentials: s.credentials,
	});
}

const summary = (result: Awaited<ReturnType<typeof getTask>>) =>
	result.items.map((i) => [i.json.id, i.json.status ?? i.json.error, i.pairedItem]);

test('IDs separated by commas and new lines: one output item per ID, all paired with the one input item, one batch read', async () => {
	const [a, b, c] = await createTasks('a', 'b', 'c');
	s.sim.completeTask(b);
	const result = await getTask(`${a}, ${b}\n${c}\n`);
	expect(result.error).toBeUndefined();
	expect(summary(result)).toEqual([
		[a, 'pending', { item: 0 }],
		[b, 'completed', { item: 0 }],
		[c, 'pending', { item: 0 }],
	]);
	expect(result.items[1].json.videoUrl).toBe(`${s.sim.url}/files/${b}.mp4`);
	expect(s.sim.requests.map((r) => [r.method, r.path, r.body])).toEqual([['POST', '/v1/tasks/batch', { task_ids: [a, b, c] }]]);
});

test('an array from an expression, over several input items: each ID paired with its own item', async () => {
	const [a, b, c, d] = await createTasks('a', 'b', 'c', 'd');
	const result = await getTask('={{ $json.ids }}', [{ ids: [a, b] }, { ids: [c] }, { ids: JSON.stringify([d, a]) }]);
	expect(result.error).toBeUndefined();
	expect(summary(result)).toEqual([
		[a, 'pending', { item: 0 }],
		[b, 'pending', { item: 0 }],
		[c, 'pending', { item: 1 }],
		[d, 'pending', { item: 2 }],
		[a, 'pending', { item: 2 }],
	]);
	// One read for all of them, each ID asked about once.
	expect(s.sim.requests.map((r) => [r.path, r.body])).toEqual([['/v1/tasks/batch', { task_ids: [a, b, c, d] }]]);
});

test('several IDs waited on: each item ends with its own task, done together', async () => {
	const [a, b] = await createTasks('a [sim:seconds=1]', 'b [sim:seconds=2]');
	const result = await getTask(`${a},${b}`, undefined, { waitForCompletion: true });
	expect(result.error).toBeUndefined();
	expect(summary(result)).toEqual([
		[a, 'completed', { item: 0 }],
		[b, 'completed', { item: 0 }],
	]);
	expect(result.items.every((i) => typeof i.json.waitedSeconds === 'number')).toBe(true);
	// Read together while both run (a task left alone is read with a GET of its own).
	expect(s.sim.requests[0]).toMatchObject({ method: 'POST', path: '/v1/tasks/batch', body: { task_ids: [a, b] } });
	expect(s.creates()).toEqual([]);
});

test('an unknown ID fails the run at once without Continue On Fail, without waiting on the others', async () => {
	const [running] = await createTasks('forever [sim:never]');
	const result = await getTask(`${running}\n${UNKNOWN}`, undefined, { waitForCompletion: true });
	expect(result.status).toBe('error');
	expect(result.error).toMatchObject({
		message: `EvoLink task ${UNKNOWN}: Task not found (HTTP 404)`,
		httpCode: '404',
		itemIndex: 0,
	});
	expect(result.durationMs).toBeLessThan(5000);
	// The lookup only: a batch read, the unknown ID on its own (a 404 is not retried), no waiting.
	expect(s.sim.requests.map((r) => [r.method, r.path, r.status])).toEqual([
		['POST', '/v1/tasks/batch', 200],
		['GET', `/v1/tasks/${UNKNOWN}`, 404],
	]);
});

test('with Continue On Fail an unknown ID is an error item with its ID, paired with its input item', async () => {
	const [a, b] = await createTasks('a [sim:seconds=1]', 'b [sim:seconds=1]');
	const result = await getTask('={{ $json.ids }}', [{ ids: `${a}, ${UNKNOWN}` }, { ids: b }], { waitForCompletion: true }, true);
	expect(result.status).toBe('success');
	expect(summary(result)).toEqual([
		[a, 'completed', { item: 0 }],
		[UNKNOWN, `EvoLink task ${UNKNOWN}: Task not found (HTTP 404)`, { item: 0 }],
		[b, 'completed', { item: 1 }],
	]);
	expect(result.items[1].json).toEqual({
		id: UNKNOWN,
		error: `EvoLink task ${UNKNOWN}: Task not found (HTTP 404)`,
		description: 'EvoLink does not know this task or model. Task IDs look like task-unified-… and results expire after 24 hours.',
	});
});

test('an item with a malformed ID among good ones fails as a whole, before any request', async () => {
	const [a] = await createTasks('a');
	const result = await getTask('={{ $json.ids }}', [{ ids: `${a}, not-a-task` }, { ids: a }], {}, true);
	expect(result.status).toBe('success');
	expect(summary(result)).toEqual([
		[undefined, 'Task ID "not-a-task" is not an EvoLink task ID', { item: 0 }],
		[a, 'pending', { item: 1 }],
	]);
	// Only the good item's ID was asked about (alone: a single GET).
	expect(s.sim.requests.map((r) => r.path)).toEqual([`/v1/tasks/${a}`]);
});
