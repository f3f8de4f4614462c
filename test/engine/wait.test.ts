/**
 * Wait for Completion inside n8n's engine, against simulator tasks of 1–3 s: results, failed
 * tasks, timeouts, polling errors survived, many items waited together, and cancelling.
 */
import { delay } from '../support/host';
import { answerOf } from '../support/simulator';
import { runWorkflow } from './runWorkflow';
import { tasksRead, useSimulator } from './setup';

jest.setTimeout(30_000);

// Tasks take 1.5 s unless a prompt marker says otherwise; EvoLink's estimate is 2 s, so the
// Auto poll schedule asks about once a second.
const s = useSimulator({ taskSeconds: 1.5, estimatedSeconds: 2 });

const waiting = (extra: Record<string, unknown> = {}) => ({
	operation: 'generate',
	prompt: '={{ $json.prompt }}',
	waitForCompletion: true,
	...extra,
});

function taskIdOf(prompt: string) {
	const create = s.creates().find((c) => (c.body as { prompt: string }).prompt === prompt);
	if (!create) throw new Error(`no create for ${prompt}`);
	return answerOf(create).id;
}

test('completed: videoUrl, results, waitedSeconds', async () => {
	const result = await runWorkflow({ parameters: waiting(), items: [{ prompt: 'a cat' }], credentials: s.credentials });
	expect(result.error).toBeUndefined();
	expect(result.status).toBe('success');
	const [create] = s.creates();
	const id = answerOf(create).id;
	const videoUrl = `${s.sim.url}/files/${id}.mp4`;
	expect(result.items).toHaveLength(1);
	const { json, pairedItem, binary } = result.items[0];
	expect(pairedItem).toEqual({ item: 0 });
	expect(binary).toBeUndefined();
	const polls = s.requests('GET /v1/tasks');
	const final = answerOf(polls[polls.length - 1]);
	expect(json).toEqual({
		id,
		status: 'completed',
		progress: 100,
		model: 'wan2.5-text-to-video',
		videoUrl,
		results: [videoUrl],
		estimatedTime: 2,
		// The charge: reserved at submit, used once completed (wan is per call: all of it), in dollars.
		creditsReserved: 5,
		creditsUsed: 5,
		costUsd: 0.073529,
		usage: { ...answerOf(create).usage, credits_used: 5, cost: { credits: 5, usd: 0.073529, cny: 0.5 } },
		durationSeconds: 1.5,
		created: new Date(answerOf(create).created * 1000).toISOString(),
		idempotencyKey: create.idempotencyKey,
		replayed: false,
		waitedSeconds: expect.any(Number),
	});
	expect(final.usage).toEqual(json.usage);
	expect(json.waitedSeconds).toBeGreaterThanOrEqual(1.5);
	expect(json.waitedSeconds).toBeLessThan(6);
	// The last query saw the task completed; no query after that (one task: single GETs).
	expect(s.requests('POST /v1/tasks/batch')).toEqual([]);
	expect(polls.length).toBeGreaterThanOrEqual(1);
	expect(answerOf(polls[polls.length - 1]).status).toBe('completed');
	expect(polls.slice(0, -1).every((p) => answerOf(p).status !== 'completed')).toBe(true);
});

test('failed task: error with EvoLink\'s code, message and the task id', async () => {
	const prompt = 'a cat [sim:fail=content_policy_violation]';
	const result = await runWorkflow({ parameters: waiting(), items: [{ prompt }], credentials: s.credentials });
	const id = taskIdOf(prompt);
	expect(result.status).toBe('error');
	expect(result.error).toMatchObject({
		message: `EvoLink task ${id} failed: The request was rejected by the content safety policy (content_policy_violation)`,
		itemIndex: 0,
		name: 'NodeOperationError',
	});
	// The message names the only task of the run, so no task list is added.
	expect(result.error?.description).toBe(
		'EvoLink refused the prompt or media under its content policy. Rephrase it and try again. Failed tasks are not charged.',
	);
	expect(result.error?.message).toContain(id);
});

test('failed task under Continue On Fail: an error item keeping the task, next to a completed one', async () => {
	const bad = 'bad [sim:fail=generation_timeout]';
	const result = await runWorkflow({
		parameters: waiting(),
		items: [{ prompt: 'good' }, { prompt: bad }],
		continueOnFail: true,
		credentials: s.credentials,
	});
	expect(result.status).toBe('success');
	const badId = taskIdOf(bad);
	expect(result.items).toHaveLength(2);
	expect(result.items[0].json).toMatchObject({ id: taskIdOf('good'), status: 'completed', progress: 100 });
	expect(result.items[1].pairedItem).toEqual({ item: 1 });
	expect(result.items[1].json).toMatchObject({
		id: badId,
		status: 'failed',
		error: `EvoLink task ${badId} failed: The generation timed out (generation_timeout)`,
		waitedSeconds: expect.any(Number),
	});
});

// One 3 s timeout run serves the two timeout tests (0.05 min: the panel's minimum is 1 min;
// the node takes any positive number).
const TIMEOUT_PROMPT = 'forever [sim:never]';
let timeoutRun: Promise<{ result: Awaited<ReturnType<typeof runWorkflow>>; id: string }> | undefined;
const timedOut = () =>
	(timeoutRun ??= runWorkflow({
		parameters: waiting({ waitOptions: { timeoutMinutes: 0.05 } }),
		items: [{ prompt: TIMEOUT_PROMPT }],
		credentials: s.credentials,
	}).then((result) => {
		const id = taskIdOf(TIMEOUT_PROMPT);
		expect(s.sim.task(id)?.status).toBe('processing');
		return { result, id };
	}));

test('timeout: error with the task id, its status and progress, and how to resume', async () => {
	const { result, id } = await timedOut();
	expect(result.status).toBe('error');
	expect(result.durationMs).toBeGreaterThanOrEqual(3000);
	expect(result.durationMs).toBeLessThan(6000);
	expect(result.error?.message).toMatch(new RegExp(`^Timed out after 3 s waiting for EvoLink task ${id} \\(processing, 99%\\)$`));
	expect(result.error?.description).toContain(
		`The task keeps running at EvoLink. Resume it with the Get Task operation and task ID ${id}, or raise Wait Options → Timeout.`,
	);
});

test('the timeout message states the real timeout, also under a minute', async () => {
	// Not rounded to whole minutes: 0.05 min (3 s) must not print "Timed out after 0 min".
	const { result } = await timedOut();
	expect(result.error?.message).not.toMatch(/^Timed out after 0 min/);
});

test('500, 429 and a dropped connection while polling are survived', async () => {
	s.sim.inject({ match: 'GET /v1/tasks', status: 500 });
	s.sim.inject({ match: 'GET /v1/tasks', action: 'drop' });
	s.sim.inject({ match: 'GET /v1/tasks', status: 429, retryAfter: 0 });
	const result = await runWorkflow({ parameters: waiting(), items: [{ prompt: 'resilient' }], credentials: s.credentials });
	expect(result.error).toBeUndefined();
	expect(result.items[0].json).toMatchObject({ id: taskIdOf('resilient'), status: 'completed' });
	const polls = s.requests('GET /v1/tasks');
	expect(polls.slice(0, 3).map((p) => p.status)).toEqual([500, 'dropped', 429]);
	expect(answerOf(polls[polls.length - 1]).status).toBe('completed');
	// A create is never repeated because a query failed.
	expect(s.creates()).toHaveLength(1);
});

test('a 404 while polling ends that item with the task id (not retried forever)', async () => {
	s.sim.inject({ match: 'GET /v1/tasks', status: 404, code: 'task_not_found', message: 'Task not found' });
	const result = await runWorkflow({ parameters: waiting(), items: [{ prompt: 'gone' }], credentials: s.credentials });
	const id = taskIdOf('gone');
	expect(result.error).toMatchObject({ message: `EvoLink task ${id}: Task not found (HTTP 404)`, httpCode: '404' });
	expect(s.requests('GET /v1/tasks')).toHaveLength(1);
});

test('10 items are waited on together: all created first, done in about the slowest task\'s time', async () => {
	const seconds = [1, 2.5, 2, 1, 2.5, 2, 1, 2.5, 2, 1];
	const items = seconds.map((sec, i) => ({ prompt: `video ${i} [sim:seconds=${sec}]` }));
	const result = await runWorkflow({ parameters: waiting(), items, credentials: s.credentials });
	expect(result.error).toBeUndefined();
	expect(result.items).toHaveLength(10);
	result.items.forEach((item, i) => {
		expect(item.pairedItem).toEqual({ item: i });
		expect(item.json).toMatchObject({ id: taskIdOf(items[i].prompt), status: 'completed' });
	});
	const creates = s.creates();
	// The tasks are read together through the batch call: on average a request reads several
	// of them (one left alone in a round is read with a GET of its own).
	const polls = s.statusReads();
	expect(s.requests('POST /v1/tasks/batch').length).toBeGreaterThanOrEqual(1);
	expect(polls.length * 2).toBeLessThanOrEqual(polls.flatMap(tasksRead).length);
	expect(creates).toHaveLength(10);
	// Structure: every task was submitted before the first one finished and before any query.
	const stats = s.sim.stats().tasks as Record<string, { createdAt: number; completedAt: number }>;
	const lastCreate = Math.max(...creates.map((c) => c.time));
	const firstCompletion = Math.min(...Object.values(stats).map((t) => t.completedAt));
	expect(lastCreate).toBeLessThan(firstCompletion);
	expect(lastCreate).toBeLessThanOrEqual(Math.min(...polls.map((p) => p.time)));
	// Waits overlap: the tasks add up to 17.5 s, the run takes a fraction of that.
	expect(result.durationMs).toBeLessThan(10_000);
	// Every task was asked about until it was completed, then no more.
	for (const id of Object.keys(stats)) {
		const mine = polls.flatMap(tasksRead).filter((t) => t.id === id);
		expect(mine[mine.length - 1].status).toBe('completed');
		expect(mine.slice(0, -1).every((t) => t.status !== 'completed')).toBe(true);
	}
});

// One cancelled run serves the two cancel tests.
const CANCEL_ITEMS = [{ prompt: 'first [sim:never]' }, { prompt: 'second [sim:never]' }];
let cancelRun: Promise<{ result: Awaited<ReturnType<typeof runWorkflow>>; ids: string[]; quiet: boolean }> | undefined;
const cancelled = () =>
	(cancelRun ??= (async () => {
		const result = await runWorkflow({
			parameters: waiting(),
			items: CANCEL_ITEMS,
			credentials: s.credentials,
			// Cancel once the node is in its wait loop (a status read has come in: a batch, two tasks).
			cancelWhen: () => s.statusReads().length >= 1,
		});
		const ids = CANCEL_ITEMS.map((i) => taskIdOf(i.prompt));
		// Nothing more is asked after the node stopped.
		const before = s.sim.requests.length;
		await delay(1200);
		return { result, ids, quiet: s.sim.requests.length === before };
	})());

test('cancel mid-wait stops within ~1–2 s; the error names the task ids', async () => {
	const { result, ids, quiet } = await cancelled();
	expect(result.cancelledAtMs).toBeDefined();
	// n8n marks the execution cancelled at once; the node then returns within a couple of seconds.
	expect(result.hookStatuses[0]).toBe('canceled');
	expect(result.durationMs - result.cancelledAtMs!).toBeLessThan(2000);
	expect(result.error?.message).toMatch(/^Waiting was canceled\. Task IDs: /);
	for (const id of ids) expect(result.error?.message).toContain(id);
	expect(result.error?.description).toBe(
		'The execution was stopped; the tasks keep running at EvoLink. Resume them with Get Task.',
	);
	expect(quiet).toBe(true);
});

test('a cancelled execution ends with status "canceled", like n8n\'s own nodes', async () => {
	// n8n-core counts a node error as a cancel only if its message contains "canceled" (US
	// spelling) or its name "Cancelled"; the node throws "Waiting was cancelled. …", so the run
	// that the user stopped ends as status "error".
	const { result } = await cancelled();
	expect(result.hookStatuses).toEqual(['canceled']);
	expect(result.status).toBe('canceled');
});

test('cancel while a query hangs: the in-flight request is aborted too', async () => {
	s.sim.inject({ match: 'GET /v1/tasks', action: 'hang', times: -1 });
	const result = await runWorkflow({
		parameters: waiting(),
		items: [{ prompt: 'stuck' }],
		credentials: s.credentials,
		cancelWhen: () => s.requests('GET /v1/tasks').length >= 1,
	});
	expect(result.durationMs - result.cancelledAtMs!).toBeLessThan(2000);
	expect(result.error?.message).toContain(taskIdOf('stuck'));
});
