/**
 * Behaviour added after review: settings checked before paying, cancel during the create
 * phase, string booleans from expressions, Get Task failing fast, bodies without a status.
 */
import { delay } from '../support/host';
import type { TaskView } from '../support/simulator';
import { runWorkflow } from './runWorkflow';
import { useSimulator } from './setup';

jest.setTimeout(30_000);

const s = useSimulator({ taskSeconds: 1.5, estimatedSeconds: 2 });

test('a Timeout that is not a number fails before any create, naming the setting', async () => {
	const result = await runWorkflow({
		parameters: {
			operation: 'generate',
			prompt: 'a cat',
			waitForCompletion: true,
			waitOptions: { timeoutMinutes: '={{ "15 min" }}' },
		},
		credentials: s.credentials,
	});
	expect(result.status).toBe('error');
	expect(result.error?.message).toBe('Timeout (Minutes) must be a number above 0 and at most 1440, not "15 min"');
	expect(result.error?.itemIndex).toBe(0);
	expect(s.creates()).toHaveLength(0);
});

test('stopping the execution during the creates submits nothing more, even under Continue On Fail', async () => {
	// Each create takes 800 ms to answer: 5 are in flight when the run is stopped.
	s.sim.inject({ match: 'POST /v1/videos/generations', action: 'delay', delayMs: 800, times: -1 });
	const items = Array.from({ length: 12 }, (_, i) => ({ prompt: `video ${i}` }));
	const result = await runWorkflow({
		parameters: { operation: 'generate', prompt: '={{ $json.prompt }}', waitForCompletion: false },
		items,
		// Continue On Fail: an aborted create does not end the run, only the cancel check does.
		continueOnFail: true,
		credentials: s.credentials,
		cancelWhen: () => s.creates().length >= 1,
	});
	expect(result.hookStatuses).toEqual(['canceled']);
	await delay(1000);
	expect(s.creates().length).toBeLessThanOrEqual(5);
	// The 5 in flight are aborted (n8n aborts requests on cancel); the other 7 are never started.
	const errors = result.items.map((i) => i.json.error);
	expect(errors.slice(0, 5)).toEqual(Array(5).fill('EvoLink: The request was canceled'));
	expect(errors.slice(5)).toEqual(Array(7).fill('Not submitted: the execution was canceled'));
	expect(result.items[0].json).toMatchObject({ error: 'EvoLink: The request was canceled' });
});

test('Multi-Shot given as the string "true" by an expression keeps its shot settings', async () => {
	const result = await runWorkflow({
		parameters: {
			operation: 'generate',
			model: 'kling-v3-text-to-video',
			prompt: 'a chase through a market',
			multiShot: '={{ "true" }}',
			shotType: 'intelligence',
			waitForCompletion: false,
		},
		credentials: s.credentials,
	});
	expect(result.error).toBeUndefined();
	expect(s.creates().map((c) => c.body)).toEqual([
		{
			model: 'kling-v3-text-to-video',
			prompt: 'a chase through a market',
			duration: 5,
			quality: '720p',
			model_params: { multi_shot: true, shot_type: 'intelligence' },
		},
	]);
});

test('Get Task without Continue On Fail stops at the first unknown task instead of waiting on the others', async () => {
	const running = await fetch(`${s.sim.url}/v1/videos/generations`, {
		method: 'POST',
		headers: { authorization: `Bearer ${s.credentials.apiKey}`, 'content-type': 'application/json' },
		body: JSON.stringify({ model: 'wan2.5-text-to-video', prompt: 'forever [sim:never]' }),
	}).then((r) => r.json() as Promise<TaskView>);
	const started = Date.now();
	const result = await runWorkflow({
		parameters: { operation: 'getTask', taskId: '={{ $json.id }}', waitForCompletion: true },
		items: [{ id: 'task-unified-1757169743-doesnotexist' }, { id: running.id }],
		credentials: s.credentials,
	});
	expect(result.error?.message).toBe('EvoLink task task-unified-1757169743-doesnotexist: Task not found (HTTP 404)');
	expect(Date.now() - started).toBeLessThan(5_000);
});

test('a create answer with an id but no status is kept as a pending task, never lost', async () => {
	s.sim.inject({ match: 'POST /v1/videos/generations', status: 200, body: { id: 'task-unified-1757169743-bareid01' } });
	const result = await runWorkflow({
		parameters: { operation: 'generate', prompt: 'a cat', waitForCompletion: false },
		credentials: s.credentials,
	});
	expect(result.error).toBeUndefined();
	expect(result.items.map((i) => [i.json.id, i.json.status])).toEqual([['task-unified-1757169743-bareid01', 'pending']]);
});
