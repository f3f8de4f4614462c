// Wait Mode "On Callback" (parked node, its watch) and the EvoLink Trigger, without n8n: fake
// webhook and execute contexts (the real-n8n behaviour is in test/e2e/callback.test.ts and test/queue/).
import type { IDataObject, IExecuteFunctions, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';

import { callbackUrlOf, withCallbackPath, withCallbackUrl, type ParkedTask } from '../../nodes/EvoLink/callback/common';
import { limitMs } from '../../nodes/EvoLink/callback/park';
import { resumeOnCallback } from '../../nodes/EvoLink/callback/resume';
import type { WatchState } from '../../nodes/EvoLink/callback/watch';
import { nextCheckIn, runWatch, watchWebhook, watchWorkflow } from '../../nodes/EvoLink/callback/watch';
import { ItemResults } from '../../nodes/EvoLink/output/results';
import type { PreparedItem } from '../../nodes/EvoLink/submit/prepare';
import { isCallbackMode } from '../../nodes/EvoLink/wait/settings';
import { hasSecretPath, receiveCallback } from '../../nodes/EvoLinkTrigger/callbackReceiver';

type Task = { id: string; status: string; results?: string[]; error?: { code: string; message: string } };
const A = 'task-unified-1-aaaa';
const B = 'task-unified-1-bbbb';
const done = (id: string): Task => ({ id, status: 'completed', results: [`http://sim.local/files/${id}.mp4`] });
const running = (id: string): Task => ({ id, status: 'processing' });
const WATCH = 'http://n8n.local/webhook-waiting/77/watch?signature=w';

/** A fake EvoLink (status reads, single and batch) and HTTP to n8n itself (the watch's URL), with a log. */
type Post = number | { statusCode: number; body: IDataObject };
/** `postStatus`: one answer of the watch's URL for every POST, or one per POST in turn (the last repeats). */
function helpers(tasks: Record<string, Task | number>, log: { reads: string[][]; posts: Array<{ url: string; body: IDataObject }> }, postStatus: Post | Post[] = 200) {
	const posts = Array.isArray(postStatus) ? postStatus : [postStatus];
	return {
		httpRequestWithAuthentication: async (_cred: string, req: { url: string; body?: IDataObject }) => {
			const ids = req.url.endsWith('/v1/tasks/batch') ? (req.body!.task_ids as string[]) : [decodeURIComponent(req.url.split('/v1/tasks/')[1])];
			log.reads.push(ids);
			if (req.url.endsWith('/v1/tasks/batch'))
				return { statusCode: 200, headers: {}, body: { data: ids.map((id) => tasks[id]).filter((t) => typeof t === 'object') } };
			const t = tasks[ids[0]];
			return typeof t === 'object' ? { statusCode: 200, headers: {}, body: t } : { statusCode: t ?? 404, headers: {}, body: { error: { message: 'no' } } };
		},
		httpRequest: async (req: { url: string; body?: IDataObject; encoding?: string }) => {
			if (req.encoding === 'stream') return 'stream';
			log.posts.push({ url: req.url, body: req.body ?? {} });
			const post = posts[Math.min(log.posts.length, posts.length) - 1];
			return typeof post === 'number' ? { statusCode: post } : post;
		},
		prepareBinaryData: async () => ({ mimeType: 'video/mp4', data: '', fileName: 'x.mp4' }),
	};
}

function webhookCtx(opts: { body: IDataObject; items: INodeExecutionData[]; tasks: Record<string, Task | number>; executionId?: string; postStatus?: Post | Post[]; node?: IDataObject }) {
	const answers: Array<{ status: number; body: IDataObject }> = [];
	const log = { reads: [] as string[][], posts: [] as Array<{ url: string; body: IDataObject }> };
	const res = {
		headersSent: false,
		statusCode: 200,
		setHeader() {},
		end(text: string) {
			this.headersSent = true;
			answers.push({ status: this.statusCode, body: JSON.parse(text) });
		},
	};
	const ctx = {
		getNode: () => ({ name: 'EvoLink', type: 'n8n-nodes-evolink.evoLink', ...opts.node }),
		getBodyData: () => opts.body,
		getResponseObject: () => res,
		getExecutionId: () => opts.executionId ?? String(Math.random()),
		evaluateExpression: () => opts.items,
		getCredentials: async () => ({ apiKey: 'k', baseUrl: 'http://sim.local' }),
		logger: { warn() {}, info() {}, debug() {}, error() {} },
		helpers: helpers(opts.tasks, log, opts.postStatus),
	} as unknown as IWebhookFunctions;
	return { ctx, answers, log };
}

const parkedItem = (task: Partial<ParkedTask>, json: IDataObject = {}): INodeExecutionData => ({
	json: { ...json, evolinkTask: { status: 'no_callback', message: 'm', waitTill: '2030-01-01T00:00:00.000Z', ...task } as IDataObject },
});

describe('callback URL and settings', () => {
	it('puts the path suffix before the signature', () => {
		expect(withCallbackPath('https://n8n.example.com/webhook-waiting/42?signature=abc')).toBe('https://n8n.example.com/webhook-waiting/42/evolink?signature=abc');
		expect(withCallbackPath('https://n8n.example.com/webhook-waiting/42?signature=abc', 'watch')).toBe('https://n8n.example.com/webhook-waiting/42/watch?signature=abc');
	});
	it('limits the wait to 1 minute .. 24 hours', () => {
		expect(limitMs(1, 'hours')).toBe(3_600_000);
		expect(limitMs(0, 'minutes')).toBe(60_000);
		expect(limitMs(48, 'hours')).toBe(24 * 3_600_000);
	});
	it('callback mode needs Wait for Completion and the node-level Wait Mode', () => {
		const get = (v: Record<string, unknown>) => (n: string, _i: number, f: unknown) => v[n] ?? f;
		expect(isCallbackMode(get({ waitForCompletion: true, waitMode: 'callback' }))).toBe(true);
		expect(isCallbackMode(get({ waitForCompletion: false, waitMode: 'callback' }))).toBe(false);
		expect(isCallbackMode(get({ waitForCompletion: 'true', waitMode: 'callback' }))).toBe(true);
	});

	const exec = (resumeUrl: string, type = 'n8n-nodes-evolink.evoLink') =>
		({ getNode: () => ({ name: 'EvoLink', type }), evaluateExpression: () => resumeUrl, continueOnFail: () => false }) as unknown as IExecuteFunctions;
	it('an http resume URL fails before any create, explaining WEBHOOK_URL, without the signature', () => {
		const run = () => callbackUrlOf(exec('http://localhost:5678/webhook-waiting/7?signature=secret123'), { allowLocalCallbacks: false } as never);
		expect(run).toThrow(/EvoLink cannot call this n8n back: EvoLink only calls back https:\/\/ URLs/);
		try {
			run();
		} catch (e) {
			expect((e as { description: string }).description).toContain('WEBHOOK_URL');
			expect(JSON.stringify(e)).not.toContain('secret123');
		}
	});
	it('a local simulator may be allowed; as a tool On Callback is refused; a Callback URL option conflicts', () => {
		expect(callbackUrlOf(exec('http://127.0.0.1:5678/webhook-waiting/7?signature=s'), { allowLocalCallbacks: true } as never)).toBe(
			'http://127.0.0.1:5678/webhook-waiting/7/evolink?signature=s',
		);
		expect(() => callbackUrlOf(exec('https://n.example/w/7', 'n8n-nodes-evolink.evoLinkTool'), { allowLocalCallbacks: false } as never)).toThrow(/not available when EvoLink is used as a tool/);
		const ctx = exec('https://n.example/w/7');
		const prepared = [{ itemIndex: 0, body: { model: 'm', callback_url: 'https://x.example/h' } }] as unknown as PreparedItem[];
		expect(() => withCallbackUrl(ctx, prepared, new ItemResults(ctx), 'https://n.example/w/7/evolink')).toThrow(/Callback URL must be empty/);
	});
});

describe('the parked node’s webhook', () => {
	it('an EvoLink callback is handed to the watch: no status query here, answered 200', async () => {
		const f = webhookCtx({ body: { id: A, status: 'completed' }, items: [parkedItem({ id: A, watchUrl: WATCH, watchToken: 't' })], tasks: { [A]: done(A) } });
		const out = await resumeOnCallback.call(f.ctx);
		expect(f.answers).toEqual([{ status: 200, body: { received: true } }]);
		expect(f.log.reads).toEqual([]);
		expect(f.log.posts).toEqual([{ url: WATCH, body: { id: A } }]);
		expect(out.workflowData).toBeUndefined();
	});

	it('a forged callback (an id this execution did not submit) is refused without any request', async () => {
		const f = webhookCtx({ body: { id: B }, items: [parkedItem({ id: A, watchUrl: WATCH, watchToken: 't' })], tasks: {} });
		await resumeOnCallback.call(f.ctx);
		expect(f.answers[0].status).toBe(404);
		expect([f.log.reads, f.log.posts]).toEqual([[], []]);
	});

	it('EvoLink is answered 200 before the hand-over; a busy watch gets the callback again once it waits', async () => {
		jest.useFakeTimers();
		try {
			const items = [parkedItem({ id: A, watchUrl: WATCH, watchToken: 't' })];
			const busy = { statusCode: 409, body: { message: 'The execution "77" is running already.' } };
			const f = webhookCtx({ body: { id: A }, items, tasks: { [A]: done(A) }, postStatus: [busy, busy, 200] });
			const run = resumeOnCallback.call(f.ctx);
			await jest.advanceTimersByTimeAsync(0);
			expect(f.answers).toEqual([{ status: 200, body: { received: true } }]); // before the watch took it
			await jest.advanceTimersByTimeAsync(1_000);
			const out = await run;
			expect(f.log.posts).toEqual([0, 1, 2].map(() => ({ url: WATCH, body: { id: A } })));
			expect([f.answers.length, f.log.reads.length, out.workflowData]).toEqual([1, 0, undefined]);
		} finally {
			jest.useRealTimers();
		}
	});

	it('a watch that cannot be reached is tried for 8 s, then left to its check-in; a gone watch lets the callback decide', async () => {
		jest.useFakeTimers();
		try {
			const items = [parkedItem({ id: A, watchUrl: WATCH, watchToken: 't' })];
			const failed = webhookCtx({ body: { id: A }, items, tasks: { [A]: done(A) }, postStatus: 502 });
			const run = resumeOnCallback.call(failed.ctx);
			await jest.advanceTimersByTimeAsync(10_000);
			const out = await run;
			expect(failed.answers).toEqual([{ status: 200, body: { received: true } }]);
			expect(failed.log.posts.length).toBeGreaterThanOrEqual(30);
			expect(failed.log.posts.length).toBeLessThanOrEqual(33);
			expect([failed.log.reads, out.workflowData]).toEqual([[], undefined]);
		} finally {
			jest.useRealTimers();
		}
		const items = [parkedItem({ id: A, watchUrl: WATCH, watchToken: 't' })];
		const gone = webhookCtx({ body: { id: A }, items, tasks: { [A]: done(A) }, postStatus: 404 });
		const out = await resumeOnCallback.call(gone.ctx);
		expect(gone.answers).toEqual([{ status: 200, body: { received: true } }]);
		expect(gone.log.reads).toEqual([[A]]);
		expect(out.workflowData?.[0][0].json).toMatchObject({ id: A, status: 'completed' });
	});

	it('the watch (with the token) makes it read once and resume: items in input order, failed ones as error items', async () => {
		const items = [parkedItem({ id: A, watchUrl: WATCH, watchToken: 't' }), parkedItem({ id: B }), parkedItem({ status: 'error', message: 'Prompt is required' } as never)];
		const tasks = { [A]: done(A), [B]: { id: B, status: 'failed', error: { code: 'content_policy_violation', message: 'refused' } } };
		const f = webhookCtx({ body: { id: A, source: 'evolink-watch', token: 't' }, items, tasks });
		const out = await resumeOnCallback.call(f.ctx);
		expect(f.log.reads).toEqual([[A, B]]); // one batch read for the whole execution
		expect(f.answers[0]).toEqual({ status: 200, body: { received: true, resumed: true } });
		const json = out.workflowData![0].map((i) => i.json);
		expect(json[0]).toMatchObject({ id: A, status: 'completed', videoUrl: `http://sim.local/files/${A}.mp4` });
		expect(json[0]).not.toHaveProperty('evolinkTask');
		expect(json[1]).toMatchObject({ id: B, status: 'failed', taskError: { code: 'content_policy_violation' } });
		expect(String(json[1].error)).toContain(`EvoLink task ${B} failed`);
		expect(json[2]).toMatchObject({ error: 'Prompt is required' });
		expect(out.workflowData![0].map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('a message with a wrong token counts as an EvoLink callback (handed to the watch), never as the decider', async () => {
		const f = webhookCtx({ body: { id: A, source: 'evolink-watch', token: 'guess' }, items: [parkedItem({ id: A, watchUrl: WATCH, watchToken: 't' })], tasks: { [A]: done(A) } });
		const out = await resumeOnCallback.call(f.ctx);
		expect(out.workflowData).toBeUndefined();
		expect(f.log.posts).toHaveLength(1);
	});

	it('at the limit (from the watch) unfinished tasks become error items that name the task and Get Task', async () => {
		const f = webhookCtx({ body: { id: A, source: 'evolink-watch', token: 't', limit: true }, items: [parkedItem({ id: A, watchUrl: WATCH, watchToken: 't' })], tasks: { [A]: running(A) } });
		const out = await resumeOnCallback.call(f.ctx);
		const [item] = out.workflowData![0];
		expect(item.json).toMatchObject({ id: A, timedOut: true, status: 'processing' });
		expect(item.json.error).toBe(`No video before the wait limit: EvoLink task ${A} is still processing (0%)`);
		expect(String(item.json.description)).toContain(`Get Task operation and task ID ${A}`);
	});

	it('a repeated decider message while the first still downloads does not resume twice (same process)', async () => {
		const items = [parkedItem({ id: A, watchUrl: WATCH, watchToken: 't' })];
		const body = { id: A, source: 'evolink-watch', token: 't' };
		const first = await resumeOnCallback.call(webhookCtx({ body, items, tasks: { [A]: done(A) }, executionId: 'e1' }).ctx);
		const second = webhookCtx({ body, items, tasks: { [A]: done(A) }, executionId: 'e1' });
		const again = await resumeOnCallback.call(second.ctx);
		expect(first.workflowData).toBeDefined();
		expect(again.workflowData).toBeUndefined();
		expect(second.answers[0].body).toEqual({ received: true, resumed: false });
	});
});

describe('the watch', () => {
	const state = (extra: Partial<WatchState> = {}): WatchState => ({
		parentUrl: 'http://n8n.local/webhook-waiting/5/evolink?signature=p',
		token: 't',
		tasks: [{ id: A, expectedAt: Date.now() - 60_000 }],
		limitAt: Date.now() + 3_600_000,
		armed: true,
		...extra,
	});
	function execCtx(s: WatchState, tasks: Record<string, Task | number>, postStatus = 200) {
		const log = { reads: [] as string[][], posts: [] as Array<{ url: string; body: IDataObject }>, waits: [] as Date[] };
		const entry = { data: { main: [[{ json: s }]] } };
		const ctx = {
			getInputData: () => [{ json: s }],
			getExecuteData: () => entry,
			putExecutionToWait: async (d: Date) => {
				log.waits.push(d);
			},
			evaluateExpression: () => 'http://n8n.local/webhook-waiting/77?signature=w',
			getCredentials: async () => ({ apiKey: 'k', baseUrl: 'http://sim.local' }),
			getExecutionCancelSignal: () => undefined,
			helpers: helpers(tasks, log, postStatus),
		} as unknown as IExecuteFunctions;
		return { ctx, log, entry };
	}

	it('check-ins: not before the expected end + 30 s (at most 5 min ahead), then every minute, never past the limit', () => {
		const at = (expectedAt: number, limitAt = 10_000_000) => state({ tasks: [{ id: A, expectedAt }], limitAt });
		expect(nextCheckIn(at(200_000), 0)).toBe(230_000);
		expect(nextCheckIn(at(900_000), 0)).toBe(300_000);
		expect(nextCheckIn(at(1_000_000), 2_000_000)).toBe(2_060_000);
		expect(nextCheckIn(at(1_000_000, 2_010_000), 2_000_000)).toBe(2_010_000);
	});

	it('its first run only parks (the parked execution is not saved yet) and returns its own URL', async () => {
		const f = execCtx(state({ armed: false }), {});
		const [[item]] = await runWatch(f.ctx);
		expect(item.json.watchUrl).toBe(WATCH);
		expect(f.log.reads).toEqual([]);
		expect(f.log.waits).toHaveLength(1);
		expect(f.entry.data.main[0][0].json).toMatchObject({ armed: true });
	});

	it('tasks still running: one read, parks again with its state', async () => {
		const f = execCtx(state(), { [A]: running(A) });
		await runWatch(f.ctx);
		expect(f.log.reads).toEqual([[A]]);
		expect(f.log.posts).toEqual([]);
		expect(f.log.waits).toHaveLength(1);
		expect(f.entry.data.main[0][0].json).toMatchObject({ tasks: [{ id: A }], token: 't' });
	});

	it('all ended: tells the parked execution once (with its token) and ends', async () => {
		const f = execCtx(state(), { [A]: done(A) });
		expect(await runWatch(f.ctx)).toEqual([[]]);
		expect(f.log.posts).toEqual([{ url: state().parentUrl, body: { id: A, source: 'evolink-watch', token: 't' } }]);
		expect(f.log.waits).toEqual([]);
	});

	it('the parked execution cannot be reached: parks briefly and tries again', async () => {
		const f = execCtx(state(), { [A]: done(A) }, 502);
		const [[item]] = await runWatch(f.ctx);
		expect(item.json.nextCheckIn).toBeDefined();
		expect(f.entry.data.main[0][0].json).toMatchObject({ failures: 1 });
	});

	it('a callback handed over runs it now with its state (read from the parked input)', async () => {
		const f = webhookCtx({ body: { id: A }, items: [{ json: state() as unknown as IDataObject }], tasks: {} });
		const out = await watchWebhook(f.ctx);
		expect(f.answers[0].status).toBe(200);
		expect(out.workflowData?.[0][0].json).toMatchObject({ nudged: true, token: 't' });
	});

	it('is an inline workflow Start → EvoLink Watch that feeds itself, with the parent’s credential', () => {
		const wf = watchWorkflow('n8n-nodes-evolink', { evoLinkApi: { id: 'c1', name: 'EvoLink' } }, { id: 'w1', name: 'Videos' });
		expect(wf.nodes.map((n) => n.type)).toEqual(['n8n-nodes-base.executeWorkflowTrigger', 'n8n-nodes-evolink.evoLinkWatch']);
		expect(wf.connections['EvoLink Watch'].main[0]?.[0].node).toBe('EvoLink Watch');
		expect(wf.nodes[1].credentials).toEqual({ evoLinkApi: { id: 'c1', name: 'EvoLink' } });
	});
});

describe('EvoLink Trigger', () => {
	const trigger = (body: IDataObject, tasks: Record<string, Task | number>, staticData: IDataObject = {}, params: IDataObject = {}) => {
		const f = webhookCtx({ body, items: [], tasks, node: { webhookId: '3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b', id: 'n1' } });
		Object.assign(f.ctx, {
			getWorkflowStaticData: () => staticData,
			getNodeParameter: (name: string, fallback: unknown) => params[name] ?? fallback,
		});
		return f;
	};

	it('needs a random webhook id (else the URL is <workflow id>/<node name>/evolink, guessable)', () => {
		expect(hasSecretPath('3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b')).toBe(true);
		expect(hasSecretPath(undefined)).toBe(false);
		expect(hasSecretPath('my-hook')).toBe(false);
	});

	it('confirms the task, emits it once; a repeat is answered without any query (shared static data)', async () => {
		const staticData: IDataObject = {};
		const first = trigger({ id: A }, { [A]: done(A) }, staticData);
		const out = await receiveCallback.call(first.ctx);
		expect(out.workflowData?.[0][0].json).toMatchObject({ id: A, status: 'completed' });
		expect(first.log.reads).toEqual([[A]]);
		expect(staticData.seen).toEqual([A]);
		const repeat = trigger({ id: A }, { [A]: done(A) }, { seen: [A] });
		expect((await receiveCallback.call(repeat.ctx)).workflowData).toBeUndefined();
		expect(repeat.answers[0].body).toEqual({ received: true, duplicate: true });
		expect(repeat.log.reads).toEqual([]);
	});

	it('filters events: a cancelled task counts as "Failed or Cancelled"', async () => {
		const f = trigger({ id: B }, { [B]: { id: B, status: 'cancelled' } }, {}, { events: 'failed' });
		expect((await receiveCallback.call(f.ctx)).workflowData?.[0][0].json).toMatchObject({ id: B, status: 'cancelled', error: { code: 'request_cancelled' } });
		const g = trigger({ id: A }, { [A]: done(A) }, {}, { events: 'failed' });
		expect((await receiveCallback.call(g.ctx)).workflowData).toBeUndefined();
	});

	it('never trusts the body: an unknown task is refused, a running one asked again, no id is a 400', async () => {
		const unknown = trigger({ id: 'task-unified-1-forged' }, {});
		await receiveCallback.call(unknown.ctx);
		expect(unknown.answers[0].status).toBe(404);
		const C = 'task-unified-1-cccc';
		const early = trigger({ id: C, status: 'completed' }, { [C]: running(C) });
		await receiveCallback.call(early.ctx);
		expect(early.answers[0].status).toBe(503);
		const none = trigger({}, {});
		await receiveCallback.call(none.ctx);
		expect(none.answers[0].status).toBe(400);
	});
});
