/**
 * Get Many Tasks (GET /v1/tasks, evolink-platform.md §3) and Get Credits (GET /v1/credits)
 * through n8n's engine: filters become query parameters, Limit the page size, result links
 * come from one batch read; a server without a task list says so; the balance is one request
 * for any number of input items.
 */
import type { IDataObject } from 'n8n-workflow';

import type { TaskView } from '../support/simulator';
import { runWorkflow } from './runWorkflow';
import { useSimulator } from './setup';

jest.setTimeout(30_000);

const s = useSimulator({ taskSeconds: 60, estimatedSeconds: 2 });

const WAN = 'wan2.5-text-to-video';
const KLING = 'kling-v3-text-to-video';

async function createTask(model: string, prompt: string): Promise<string> {
	const res = await fetch(`${s.sim.url}/v1/videos/generations`, {
		method: 'POST',
		headers: { authorization: `Bearer ${s.sim.defaultApiKey}`, 'content-type': 'application/json' },
		body: JSON.stringify({ model, prompt }),
	});
	return ((await res.json()) as TaskView).id;
}

/** Four tasks of the account, oldest first: completed, pending (kling), failed, cancelled. */
async function accountTasks() {
	const done = await createTask(WAN, 'done');
	const running = await createTask(KLING, 'running');
	const failed = await createTask(WAN, 'failed');
	const cancelled = await createTask(WAN, 'cancelled');
	s.sim.completeTask(done);
	s.sim.failTask(failed, 'content_policy_violation');
	s.sim.cancelTask(cancelled);
	s.sim.requests.length = 0;
	return { done, running, failed, cancelled };
}

async function run(parameters: IDataObject, items?: IDataObject[], continueOnFail?: boolean) {
	return await runWorkflow({ parameters: parameters as never, items, continueOnFail, credentials: s.credentials });
}

/** What the node makes of one entry of the list the simulator answered. */
function listed(entry: IDataObject): IDataObject {
	const out: IDataObject = { id: entry.id, status: entry.status, progress: entry.progress, model: entry.model, type: entry.type };
	out.created = new Date(Number(entry.created_at) * 1000).toISOString();
	if (entry.duration !== undefined) out.durationSeconds = entry.duration;
	Object.assign(out, { hasResults: entry.has_results, resultCount: entry.result_count, hasError: entry.has_error });
	if (entry.credits_used !== undefined) out.creditsUsed = entry.credits_used;
	return out;
}

const listAnswer = () => (s.requests('GET /v1/tasks')[0].response as { data: IDataObject[] }).data;

describe('Get Many Tasks', () => {
	test('no filters: one GET /v1/tasks with page_size 50 (the default Limit), newest first, one item each', async () => {
		const t = await accountTasks();
		const result = await run({ operation: 'getManyTasks' });
		expect(result.error).toBeUndefined();
		expect(s.sim.requests.map((r) => [r.method, r.path, r.query])).toEqual([['GET', '/v1/tasks', { page_size: '50' }]]);
		expect(result.items.map((i) => i.json.id)).toEqual([t.cancelled, t.failed, t.running, t.done]);
		expect(result.items).toEqual(listAnswer().map((e) => ({ json: listed(e), pairedItem: { item: 0 } })));
		expect(result.items[3].json).toMatchObject({ status: 'completed', hasResults: true, resultCount: 1, creditsUsed: 5 });
		expect(result.items[0].json).toMatchObject({ status: 'cancelled', hasError: true, creditsUsed: 0 });
		// The list has no links, and none were asked for.
		expect(result.items.some((i) => 'videoUrl' in i.json)).toBe(false);
	});

	test('filters become query parameters and Limit becomes page_size', async () => {
		const t = await accountTasks();
		const result = await run({
			operation: 'getManyTasks',
			limit: 10,
			filters: { status: 'completed', type: 'video', model: WAN, page: 1 },
		});
		expect(result.error).toBeUndefined();
		expect(s.sim.requests.map((r) => r.query)).toEqual([{ status: 'completed', type: 'video', model: WAN, page: '1', page_size: '10' }]);
		expect(result.items.map((i) => i.json.id)).toEqual([t.done]);
	});

	test('"Processing (Also Queued)" finds the pending task too; page 2 of 1 per page is the next one', async () => {
		const t = await accountTasks();
		const processing = await run({ operation: 'getManyTasks', filters: { status: 'processing' } });
		expect(processing.items.map((i) => i.json.id)).toEqual([t.running]);
		s.sim.requests.length = 0;
		const page2 = await run({ operation: 'getManyTasks', limit: 1, filters: { page: 2 } });
		expect(s.sim.requests.map((r) => r.query)).toEqual([{ page: '2', page_size: '1' }]);
		expect(page2.items.map((i) => i.json.id)).toEqual([t.failed]);
	});

	test('Include Result Links: one batch read of the completed tasks, their links added', async () => {
		const t = await accountTasks();
		const second = await createTask(WAN, 'also done');
		s.sim.completeTask(second);
		s.sim.requests.length = 0;
		const result = await run({ operation: 'getManyTasks', includeResults: true });
		expect(result.error).toBeUndefined();
		expect(s.sim.requests.map((r) => [r.method, r.path])).toEqual([
			['GET', '/v1/tasks'],
			['POST', '/v1/tasks/batch'],
		]);
		expect(s.sim.requests[1].body).toEqual({ task_ids: [second, t.done] });
		const link = (id: string) => `${s.sim.url}/files/${id}.mp4`;
		expect(result.items.map((i) => [i.json.id, i.json.videoUrl, i.json.results])).toEqual([
			[second, link(second), [link(second)]],
			[t.cancelled, undefined, undefined],
			[t.failed, undefined, undefined],
			[t.running, undefined, undefined],
			[t.done, link(t.done), [link(t.done)]],
		]);
	});

	describe('a server without a task list', () => {
		afterEach(() => void s.sim.configure({ taskList: true }));

		test('the error says so and points to Get Task', async () => {
			s.sim.configure({ taskList: false });
			const result = await run({ operation: 'getManyTasks' });
			expect(result.status).toBe('error');
			expect(result.error).toMatchObject({ message: 'EvoLink task list: Unknown endpoint /v1/tasks (HTTP 404)', httpCode: '404' });
			// Only that advice: not the 404 hint about an unknown task or model.
			expect(result.error?.description).toBe('This EvoLink server has no task list (GET /v1/tasks); look tasks up by ID with Get Task.');
		});

		test('under Continue On Fail: an error item with that advice', async () => {
			s.sim.configure({ taskList: false });
			const result = await run({ operation: 'getManyTasks' }, [{}], true);
			expect(result.status).toBe('success');
			expect(result.items).toHaveLength(1);
			expect(result.items[0].json.error).toBe('EvoLink task list: Unknown endpoint /v1/tasks (HTTP 404)');
			expect(result.items[0].json.description).toBe('This EvoLink server has no task list (GET /v1/tasks); look tasks up by ID with Get Task.');
		});
	});
});

describe('Get Credits', () => {
	/** What the node outputs for the balance the simulator answered. */
	function balance() {
		const [read] = s.requests('GET /v1/credits');
		const { user, token } = (read.response as { data: { user: IDataObject; token: IDataObject } }).data;
		return {
			remainingCredits: user.remaining_credits,
			usedCredits: user.used_credits,
			remainingUsd: Math.round((Number(user.remaining_credits) / 68) * 100) / 100,
			apiKey: { remainingCredits: token.remaining_credits, usedCredits: token.used_credits, unlimited: token.unlimited_credits },
		};
	}

	test('the account and key balances, in credits and dollars; one request for three input items', async () => {
		const result = await run({ resource: 'account', operation: 'getCredits' }, [{ a: 1 }, { a: 2 }, { a: 3 }]);
		expect(result.error).toBeUndefined();
		expect(s.sim.requests.map((r) => [r.method, r.path, r.status])).toEqual([['GET', '/v1/credits', 200]]);
		const json = { remainingCredits: 1095.4, usedCredits: 135.9, remainingUsd: 16.11, apiKey: { remainingCredits: 99416.44, usedCredits: 583.56, unlimited: false } };
		expect(balance()).toEqual(json);
		expect(result.items).toEqual([0, 1, 2].map((i) => ({ json, pairedItem: { item: i } })));
	});

	test('the balance follows what completed tasks used', async () => {
		const id = await createTask(WAN, 'paid');
		s.sim.completeTask(id);
		s.sim.requests.length = 0;
		const result = await run({ resource: 'account', operation: 'getCredits' });
		expect(result.items[0].json).toEqual(balance());
		expect(Number(result.items[0].json.remainingCredits)).toBeCloseTo(1095.4 - 5, 6);
		expect(Number(result.items[0].json.usedCredits)).toBeCloseTo(135.9 + 5, 6);
	});

	test('a failed balance read under Continue On Fail: every item carries the error', async () => {
		s.sim.inject({ match: 'GET /v1/credits', status: 500 });
		const result = await run({ resource: 'account', operation: 'getCredits' }, [{}, {}], true);
		expect(s.sim.requests).toHaveLength(1);
		expect(result.items.map((i) => [i.json.error, i.pairedItem])).toEqual([
			['EvoLink balance: Internal server error (HTTP 500)', { item: 0 }],
			['EvoLink balance: Internal server error (HTTP 500)', { item: 1 }],
		]);
	});
});
