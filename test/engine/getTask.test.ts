/**
 * Get Task through n8n's engine: each task state, unknown fields, bad ids, 404, and resuming
 * a running task with Wait for Completion.
 */
import { answerOf, type TaskView } from '../support/simulator';
import { runWorkflow } from './runWorkflow';
import { useSimulator } from './setup';

jest.setTimeout(20_000);

const s = useSimulator({ taskSeconds: 60, estimatedSeconds: 2 });

/** Creates a task straight at the simulator (as an earlier workflow run would have). */
async function createTask(prompt: string, model = 'wan2.5-text-to-video'): Promise<TaskView> {
	const res = await fetch(`${s.sim.url}/v1/videos/generations`, {
		method: 'POST',
		headers: { authorization: `Bearer ${s.sim.defaultApiKey}`, 'content-type': 'application/json' },
		body: JSON.stringify({ model, prompt }),
	});
	expect(res.status).toBe(200);
	const task = (await res.json()) as TaskView;
	s.sim.requests.length = 0; // only the node's requests count below
	return task;
}

async function getTask(taskId: string, extra: Record<string, unknown> = {}, more: Record<string, unknown> = {}) {
	return await runWorkflow({
		parameters: { operation: 'getTask', taskId, ...extra },
		credentials: s.credentials,
		...more,
	});
}

/** What Get Task outputs for a task the simulator answered with. */
function normalized(answer: TaskView) {
	const json: Record<string, unknown> = {
		id: answer.id,
		status: answer.status,
		progress: answer.progress,
		model: answer.model,
	};
	if (answer.results) Object.assign(json, { videoUrl: answer.results[0], results: answer.results });
	if (answer.error) json.error = { code: answer.error.code, message: answer.error.message };
	const usage = answer.usage as { credits_reserved: number; credits_used?: number; cost?: { usd: number } };
	Object.assign(json, {
		estimatedTime: answer.task_info.estimated_time,
		// The charge at hand: reserved at submit, used (and its dollars) once the task ended.
		creditsReserved: usage.credits_reserved,
		...(usage.credits_used !== undefined ? { creditsUsed: usage.credits_used } : {}),
		...(usage.cost ? { costUsd: usage.cost.usd } : {}),
		usage: answer.usage,
		...(typeof answer.duration === 'number' ? { durationSeconds: answer.duration } : {}),
		created: new Date(answer.created * 1000).toISOString(),
	});
	return json;
}

test('pending task', async () => {
	const task = await createTask('slow');
	const result = await getTask(task.id);
	expect(result.error).toBeUndefined();
	const [query] = s.sim.requests;
	expect([query.method, query.path, query.auth.valid]).toEqual(['GET', `/v1/tasks/${task.id}`, true]);
	expect(answerOf(query).status).toBe('pending');
	expect(result.items).toEqual([{ json: normalized(answerOf(query)), pairedItem: { item: 0 } }]);
	expect(result.items[0].json).toMatchObject({ status: 'pending', progress: 0 });
});

test('completed task: videoUrl', async () => {
	const task = await createTask('done');
	s.sim.completeTask(task.id);
	const result = await getTask(task.id);
	const [query] = s.sim.requests;
	expect(result.items).toEqual([{ json: normalized(answerOf(query)), pairedItem: { item: 0 } }]);
	expect(result.items[0].json).toMatchObject({
		status: 'completed',
		progress: 100,
		videoUrl: `${s.sim.url}/files/${task.id}.mp4`,
		results: [`${s.sim.url}/files/${task.id}.mp4`],
		creditsReserved: 5,
		creditsUsed: 5,
		costUsd: 0.073529,
	});
});

test('failed task: EvoLink\'s error code and message', async () => {
	const task = await createTask('nope');
	s.sim.failTask(task.id, 'content_policy_violation');
	const result = await getTask(task.id);
	expect(result.status).toBe('success');
	expect(result.items).toHaveLength(1);
	expect(result.items[0].json).toMatchObject({
		id: task.id,
		status: 'failed',
		error: { code: 'content_policy_violation', message: 'The request was rejected by the content safety policy' },
	});
});

test('unknown fields in the answer are tolerated and left out', async () => {
	const task = await createTask('odd');
	s.sim.inject({
		match: 'GET /v1/tasks',
		status: 200,
		body: {
			...task,
			status: 'processing',
			progress: 42,
			brand_new_field: { nested: [1, 2, 3] },
			task_info: { ...task.task_info, queue_position: 7 },
			results: undefined,
		},
	});
	const result = await getTask(task.id);
	expect(result.error).toBeUndefined();
	expect(result.items[0].json).toEqual({
		id: task.id,
		status: 'processing',
		progress: 42,
		model: 'wan2.5-text-to-video',
		estimatedTime: 2,
		creditsReserved: 5,
		usage: task.usage,
		created: new Date(task.created * 1000).toISOString(),
	});
});

const ID_SHAPE = 'EvoLink task IDs look like task-unified-1757169743-7cvnl5zw (the "id" of Generate Video).';
test.each([
	['not-a-task-id', 'Task ID "not-a-task-id" is not an EvoLink task ID', ID_SHAPE],
	['task-unified-../../v1/credits', 'Task ID "task-unified-../../v1/credits" is not an EvoLink task ID', ID_SHAPE],
	// An empty ID is not malformed, just missing: the message says all there is to say.
	['', 'Task ID is required', undefined],
])('invalid id %j is rejected before any request', async (taskId, message, description) => {
	// Given through an expression, so it reaches the node (a literal empty value is n8n's to refuse).
	const result = await runWorkflow({
		parameters: { operation: 'getTask', taskId: '={{ $json.id }}' },
		items: [{ id: taskId }],
		credentials: s.credentials,
	});
	expect(result.status).toBe('error');
	expect(result.error).toMatchObject({ message, itemIndex: 0 });
	expect(result.error?.description).toBe(description);
	expect(s.sim.requests).toEqual([]);
});

test('a literal empty Task ID: n8n itself refuses the workflow (required parameter), nothing sent', async () => {
	const result = await getTask('');
	expect(result.status).toBe('error');
	expect(result.error?.message).toBe('The \'EvoLink\' node has issues:\n- Parameter "Task ID" is required.');
	expect(s.sim.requests).toEqual([]);
});

test('404 task_not_found', async () => {
	const id = 'task-unified-1757169743-doesnotexist';
	const result = await getTask(id);
	expect(result.error).toEqual({
		message: `EvoLink task ${id}: Task not found (HTTP 404)`,
		description: 'EvoLink does not know this task or model. Task IDs look like task-unified-… and results expire after 24 hours.',
		itemIndex: 0,
		name: 'NodeApiError',
		httpCode: '404',
		node: 'EvoLink',
	});
	expect(s.sim.requests.map((r) => [r.path, r.status])).toEqual([[`/v1/tasks/${id}`, 404]]);
});

test('several ids from items, Continue On Fail: results in order, bad ones as error items', async () => {
	const a = await createTask('a');
	const b = await createTask('b');
	s.sim.completeTask(b.id);
	const result = await runWorkflow({
		parameters: { operation: 'getTask', taskId: '={{ $json.id }}' },
		items: [{ id: a.id }, { id: 'bogus' }, { id: b.id }, { id: 'task-unified-1-missing' }],
		continueOnFail: true,
		credentials: s.credentials,
	});
	expect(result.status).toBe('success');
	expect(result.items.map((i) => [i.pairedItem, i.json.status ?? null, i.json.error ?? null])).toEqual([
		[{ item: 0 }, 'pending', null],
		[{ item: 1 }, null, 'Task ID "bogus" is not an EvoLink task ID'],
		[{ item: 2 }, 'completed', null],
		[{ item: 3 }, null, 'EvoLink task task-unified-1-missing: Task not found (HTTP 404)'],
	]);
	// One batch read for the three well-formed ids; the one it left out is looked up on its own.
	expect(s.sim.requests.map((r) => [r.method, r.path, r.status])).toEqual([
		['POST', '/v1/tasks/batch', 200],
		['GET', '/v1/tasks/task-unified-1-missing', 404],
	]);
	expect(s.sim.requests[0].body).toEqual({ task_ids: [a.id, b.id, 'task-unified-1-missing'] });
});

test('Get Task with wait resumes a running task until it completes', async () => {
	s.sim.configure({ taskSeconds: 2 });
	try {
		const task = await createTask('resume me');
		const result = await getTask(task.id, { waitForCompletion: true });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({
			id: task.id,
			status: 'completed',
			progress: 100,
			videoUrl: `${s.sim.url}/files/${task.id}.mp4`,
			waitedSeconds: expect.any(Number),
		});
		const polls = s.requests('GET /v1/tasks');
		expect(answerOf(polls[0]).status).not.toBe('completed');
		expect(answerOf(polls[polls.length - 1]).status).toBe('completed');
		expect(s.creates()).toEqual([]);
	} finally {
		s.sim.configure({ taskSeconds: 60 });
	}
});

test('Get Task with wait and download on an already completed task', async () => {
	const task = await createTask('ready');
	s.sim.completeTask(task.id);
	const result = await getTask(task.id, { waitForCompletion: true, downloadVideo: true });
	expect(result.error).toBeUndefined();
	expect(result.items[0].binary?.data).toMatchObject({ fileName: `${task.id}.mp4`, mimeType: 'video/mp4' });
	expect(s.requests('GET /v1/tasks')).toHaveLength(1);
});

test('a single 500 on the Get Task lookup is retried (task queries are safe to retry)', async () => {
	// The wait loop survives 500s, but the first lookup of Get Task is sent once: one 500 fails
	// the item even with Wait for Completion on.
	const task = await createTask('flaky');
	s.sim.completeTask(task.id);
	s.sim.inject({ match: 'GET /v1/tasks', status: 500 });
	const result = await getTask(task.id, { waitForCompletion: true });
	expect(result.error).toBeUndefined();
	expect(result.items[0].json).toMatchObject({ id: task.id, status: 'completed' });
});
