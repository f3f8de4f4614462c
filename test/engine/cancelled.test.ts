/**
 * Cancelled tasks and what tasks cost, through n8n's engine: a task EvoLink reports
 * `cancelled` (evolink-platform.md §3) ends like a failed one, naming the task and
 * request_cancelled; an ended task carries its final charge (creditsUsed, costUsd) next to
 * what was reserved (creditsReserved).
 */
import { delay } from '../support/host';
import type { TaskView } from '../support/simulator';
import { runWorkflow } from './runWorkflow';
import { useSimulator } from './setup';

jest.setTimeout(30_000);

const s = useSimulator({ taskSeconds: 1.5, estimatedSeconds: 2 });

const CANCELLED = 'EvoLink task %s was cancelled: The task was cancelled (request_cancelled)';
const REFUNDED = 'The task was cancelled at EvoLink (cancelled tasks are refunded).';

const waiting = (extra: Record<string, unknown> = {}) => ({
	operation: 'generate',
	prompt: '={{ $json.p }}',
	waitForCompletion: true,
	...extra,
});

function idOf(prompt: string): string {
	const create = s.creates().find((c) => (c.body as { prompt: string }).prompt === prompt);
	if (!create) throw new Error(`no create for ${prompt}`);
	return (create.response as TaskView).id;
}

describe('a cancelled task ends like a failed one', () => {
	test('the cancel marker: the run fails, the error names the task and request_cancelled', async () => {
		const p = 'stopped [sim:cancel-after=1]';
		const result = await runWorkflow({ parameters: waiting(), items: [{ p }], credentials: s.credentials });
		const id = idOf(p);
		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({ message: CANCELLED.replace('%s', id), description: REFUNDED, itemIndex: 0, name: 'NodeOperationError' });
	});

	test('under Continue On Fail: an error item keeping the task, its code and what it cost, next to a completed one', async () => {
		const p = 'stopped [sim:cancel]';
		const result = await runWorkflow({ parameters: waiting(), items: [{ p: 'fine' }, { p }], continueOnFail: true, credentials: s.credentials });
		expect(result.status).toBe('success');
		const id = idOf(p);
		expect(result.items[0].json).toMatchObject({ id: idOf('fine'), status: 'completed' });
		expect(result.items[1]).toMatchObject({
			pairedItem: { item: 1 },
			json: {
				id,
				status: 'cancelled',
				taskError: { code: 'request_cancelled', message: 'The task was cancelled' },
				error: CANCELLED.replace('%s', id),
				description: REFUNDED,
				creditsReserved: 5,
				creditsUsed: 0,
				costUsd: 0,
				waitedSeconds: expect.any(Number),
			},
		});
	});

	test('cancelled at EvoLink while the node waits (admin route): the wait ends with that error', async () => {
		const p = 'long [sim:never]';
		const run = runWorkflow({ parameters: waiting(), items: [{ p }], credentials: s.credentials });
		// Once the node is waiting (its first status read is in), the task is cancelled.
		for (let i = 0; i < 200 && s.requests('GET /v1/tasks/').length === 0; i++) await delay(25);
		const id = idOf(p);
		const cancel = await fetch(`${s.sim.url}/__sim/tasks/${id}/cancel`, { method: 'POST' });
		expect(cancel.status).toBe(200);
		const cancelledAt = Date.now();
		const result = await run;
		expect(result.error).toMatchObject({ message: CANCELLED.replace('%s', id), description: REFUNDED });
		// Auto polling notices it within seconds (the task was due in 2 s and is overdue).
		expect(Date.now() - cancelledAt).toBeLessThan(8000);
		const reads = s.requests('GET /v1/tasks/');
		expect((reads[reads.length - 1].response as TaskView).status).toBe('cancelled');
	});

	test('Get Task: a cancelled task read without waiting is output as it is; waited on, it is an error', async () => {
		const res = await fetch(`${s.sim.url}/v1/videos/generations`, {
			method: 'POST',
			headers: { authorization: `Bearer ${s.sim.defaultApiKey}`, 'content-type': 'application/json' },
			body: JSON.stringify({ model: 'wan2.5-text-to-video', prompt: 'to cancel [sim:never]' }),
		});
		const { id } = (await res.json()) as TaskView;
		s.sim.cancelTask(id);
		const read = await runWorkflow({ parameters: { operation: 'getTask', taskId: id }, credentials: s.credentials });
		expect(read.error).toBeUndefined();
		expect(read.items[0].json).toMatchObject({ id, status: 'cancelled', error: { code: 'request_cancelled', message: 'The task was cancelled' } });
		const waited = await runWorkflow({ parameters: { operation: 'getTask', taskId: id, waitForCompletion: true }, credentials: s.credentials });
		expect(waited.error).toMatchObject({ message: CANCELLED.replace('%s', id), description: REFUNDED });
	});
});

describe('ended tasks carry their final charge next to what was reserved', () => {
	test('wan (per call): all of the reserve is used; the cost in dollars', async () => {
		const result = await runWorkflow({ parameters: waiting(), items: [{ p: 'a cat' }], credentials: s.credentials });
		expect(result.items[0].json).toMatchObject({ status: 'completed', creditsReserved: 5, creditsUsed: 5, costUsd: 0.073529 });
	});

	test('kling (per second): 4 of 5 seconds generated pay 4/5 of the reserve', async () => {
		const result = await runWorkflow({
			parameters: waiting({ model: 'kling-v3-text-to-video' }),
			items: [{ p: 'a fox [sim:video-seconds=4]' }],
			credentials: s.credentials,
		});
		expect(result.error).toBeUndefined();
		const json = result.items[0].json;
		expect(json).toMatchObject({ status: 'completed', creditsReserved: 270000, creditsUsed: 216000, costUsd: 3176.470588 });
		expect(json.usage).toMatchObject({ credits_reserved: 270000, credits_used: 216000, cost: { credits: 216000, usd: 3176.470588 } });
	});

	test('a failed task costs nothing', async () => {
		const p = 'refused [sim:fail=content_policy_violation]';
		const result = await runWorkflow({ parameters: waiting(), items: [{ p }], continueOnFail: true, credentials: s.credentials });
		expect(result.items[0].json).toMatchObject({ id: idOf(p), status: 'failed', creditsReserved: 5, creditsUsed: 0, costUsd: 0 });
	});

	test('not waited on: only the reserve is known', async () => {
		const result = await runWorkflow({ parameters: waiting({ waitForCompletion: false }), items: [{ p: 'later' }], credentials: s.credentials });
		expect(result.items[0].json).toMatchObject({ status: 'pending', creditsReserved: 5 });
		expect(result.items[0].json).not.toHaveProperty('creditsUsed');
		expect(result.items[0].json).not.toHaveProperty('costUsd');
	});
});
