// Wait Mode "On Callback" and the EvoLink Trigger, without n8n: the webhook side against
// a fake webhook context (the real-n8n behaviour is in test/e2e/callback.test.ts).
import type { IDataObject, IExecuteFunctions, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';

import { withCallbackPath, type ParkedTask } from '../../nodes/EvoLink/actions/video/callback.common';
import { addCallbackUrl, limitMs } from '../../nodes/EvoLink/actions/video/callback.park';
import { ItemResults } from '../../nodes/EvoLink/helpers/results';
import { resumeOnCallback } from '../../nodes/EvoLink/actions/video/callback.resume';
import { isCallbackMode, waitProperties } from '../../nodes/EvoLink/actions/video/wait.description';
import { hasSecretPath, receiveCallback } from '../../nodes/EvoLinkTrigger/callbackReceiver';

type Task = { id: string; status: string; results?: string[]; error?: { code: string; message: string } };

interface Fake {
	ctx: IWebhookFunctions;
	answers: Array<{ status: number; body: IDataObject }>;
	queries: string[];
	/** n8n's parked stack entry: the node's input, and the error the resume leaves for n8n to throw */
	entry: {
		node: { name: string };
		data: { main: INodeExecutionData[][] };
		metadata?: { resumeError?: { message: string; description?: string | null } };
	};
	staticData: IDataObject;
}

let executionCounter = 0;

function fake(opts: {
	body: IDataObject;
	parked?: Array<ParkedTask | null>;
	tasks: Record<string, Task | number>; // number = HTTP error status
	node?: Record<string, unknown>;
	params?: Record<string, unknown>;
	staticData?: IDataObject;
	/** Several callbacks of one parked execution share it. */
	executionId?: string;
}): Fake {
	const answers: Fake['answers'] = [];
	const queries: string[] = [];
	const items = (opts.parked ?? []).map((p, i) => ({ json: { n: i, ...(p ? { evolinkTask: p } : {}) } }));
	const entry = { node: { name: 'EvoLink' }, data: { main: [items] } } as Fake['entry'];
	const staticData = opts.staticData ?? {};
	const res = {
		headersSent: false,
		statusCode: 200,
		setHeader() {},
		end(text: string) {
			this.headersSent = true;
			answers.push({ status: this.statusCode, body: JSON.parse(text) });
		},
	};
	const executionId = opts.executionId ?? String(++executionCounter);
	const ctx = {
		executeData: entry,
		getNode: () => ({ name: 'EvoLink', type: 'n8n-nodes-evolink.evoLink', ...opts.node }),
		getBodyData: () => opts.body,
		getResponseObject: () => res,
		getExecutionId: () => executionId,
		getWorkflowStaticData: () => staticData,
		getNodeParameter: (name: string, fallback: unknown) => opts.params?.[name] ?? fallback,
		// what n8n's expression `$input.all().map(...)` gives: the parked markers in input order
		evaluateExpression: () => items.map((i) => (i.json as IDataObject).evolinkTask ?? null),
		getCredentials: async () => ({ apiKey: 'sk-evo-unit', baseUrl: 'http://sim.local' }),
		logger: { warn() {}, info() {}, debug() {}, error() {} },
		helpers: {
			httpRequestWithAuthentication: async (_cred: string, req: { url: string }) => {
				const id = decodeURIComponent(req.url.split('/v1/tasks/')[1]);
				queries.push(id);
				const t = opts.tasks[id];
				if (typeof t === 'number' || t === undefined) {
					throw Object.assign(new Error('Request failed'), { response: { status: typeof t === 'number' ? t : 404, data: {} } });
				}
				return t;
			},
			httpRequest: async () => 'stream',
			prepareBinaryData: async () => ({ mimeType: 'video/mp4', data: '', fileName: 'x.mp4' }),
		},
	} as unknown as IWebhookFunctions;
	return { ctx, answers, queries, entry, staticData };
}

const parked = (id: string | undefined, extra: Partial<ParkedTask> = {}): ParkedTask => ({
	...(id ? { id } : {}),
	status: id ? 'no_callback' : 'error',
	message: id ? 'no callback' : 'Prompt is required',
	waitTill: '2030-01-01T00:00:00.000Z',
	...extra,
});
const done = (id: string): Task => ({ id, status: 'completed', results: [`http://sim.local/files/${id}.mp4`] });
const A = 'task-unified-1-aaaa';
const B = 'task-unified-1-bbbb';

describe('callback URL and settings', () => {
	it('puts the path suffix before the signature', () => {
		expect(withCallbackPath('https://n8n.example.com/webhook-waiting/42?signature=abc')).toBe(
			'https://n8n.example.com/webhook-waiting/42/evolink?signature=abc',
		);
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
		expect(isCallbackMode(get({ waitForCompletion: true }))).toBe(false);
	});
	it('Wait Mode follows Wait for Completion; the poll options hide in callback mode; Get Task has no Wait Mode', () => {
		const names = waitProperties('generate', true, true).map((p) => p.name);
		expect(names.slice(0, 2)).toEqual(['waitForCompletion', 'waitMode']);
		expect(waitProperties('generate', true, true).find((p) => p.name === 'waitOptions')?.displayOptions?.hide).toEqual({ waitMode: ['callback'] });
		expect(waitProperties('getTask', false).map((p) => p.name)).not.toContain('waitMode');
	});
});

describe('submitting with the resume URL', () => {
	const exec = (resumeUrl: string, continueOnFail = false) =>
		({
			getNode: () => ({ name: 'EvoLink', type: 'n8n-nodes-evolink.evoLink' }),
			evaluateExpression: () => resumeUrl,
			continueOnFail: () => continueOnFail,
		}) as unknown as IExecuteFunctions;
	const bodies = () => [{ itemIndex: 0, body: { model: 'wan2.5-text-to-video', prompt: 'x' } as IDataObject }];

	it("against EvoLink's API an http resume URL fails before any create, explaining WEBHOOK_URL, without the signature", () => {
		const ctx = exec('http://localhost:5678/webhook-waiting/7?signature=secret123');
		expect(() => addCallbackUrl(ctx, bodies(), new ItemResults(ctx), true)).toThrow(/EvoLink cannot call this n8n back/);
		try {
			addCallbackUrl(ctx, bodies(), new ItemResults(ctx), true);
		} catch (e) {
			expect((e as { description: string }).description).toContain('WEBHOOK_URL');
			expect(JSON.stringify(e)).not.toContain('secret123');
		}
	});

	it('against a simulator loopback http is fine; a user Callback URL conflicts', () => {
		const ctx = exec('http://127.0.0.1:5678/webhook-waiting/7?signature=s');
		expect(addCallbackUrl(ctx, bodies(), new ItemResults(ctx), false)[0].body.callback_url).toBe(
			'http://127.0.0.1:5678/webhook-waiting/7/evolink?signature=s',
		);
		const withUrl = [{ itemIndex: 0, body: { callback_url: 'https://x.example/cb' } as IDataObject }];
		expect(() => addCallbackUrl(ctx, withUrl, new ItemResults(ctx), false)).toThrow(/Callback URL must be empty/);
		expect(addCallbackUrl(exec('https://n8n.example.com/webhook-waiting/7?signature=s'), bodies(), new ItemResults(ctx), true)).toHaveLength(1);
	});
});

describe('resume on callback (webhook of the parked node)', () => {
	it('rejects a task id this execution did not submit, without querying', async () => {
		const f = fake({ body: { id: 'task-unified-9-evil', status: 'completed' }, parked: [parked(A)], tasks: { [A]: done(A) } });
		expect(await resumeOnCallback.call(f.ctx)).toEqual({ noWebhookResponse: true });
		expect(f.answers).toEqual([{ status: 404, body: { error: 'Unknown task for this execution' } }]);
		expect(f.queries).toEqual([]);
	});

	it('answers 2xx without resuming while another task still runs (the body is not trusted)', async () => {
		const f = fake({ body: { id: A, status: 'completed' }, parked: [parked(A), parked(B)], tasks: { [A]: done(A), [B]: { id: B, status: 'processing' } } });
		const r = await resumeOnCallback.call(f.ctx);
		expect(r.workflowData).toBeUndefined();
		expect(f.answers[0]).toEqual({ status: 200, body: { received: true, resumed: false } });
		expect(f.queries.sort()).toEqual([A, B]);
	});

	it('confirms each ended task once: later callbacks of the same execution only ask about the rest', async () => {
		const C = 'task-unified-1757169743-cccc0003';
		const executionId = `shared-${Date.now()}`;
		const callback = async (id: string, tasks: Record<string, Task>) => {
			const f = fake({ body: { id }, parked: [parked(A), parked(B), parked(C)], tasks, executionId });
			const r = await resumeOnCallback.call(f.ctx);
			return { queries: f.queries, resumed: r.workflowData !== undefined };
		};
		const running = (id: string): Task => ({ id, status: 'processing' });
		expect(await callback(A, { [A]: done(A), [B]: running(B), [C]: running(C) })).toEqual({ queries: [A, B, C], resumed: false });
		expect(await callback(B, { [A]: done(A), [B]: done(B), [C]: running(C) })).toEqual({ queries: [B, C], resumed: false });
		expect(await callback(C, { [A]: done(A), [B]: done(B), [C]: done(C) })).toEqual({ queries: [C], resumed: true });
	});

	it("answers 5xx when the called-back task is not ended yet in EvoLink's API, so the callback comes again", async () => {
		const f = fake({ body: { id: A, status: 'completed' }, parked: [parked(A)], tasks: { [A]: { id: A, status: 'processing' } } });
		const r = await resumeOnCallback.call(f.ctx);
		expect(r.workflowData).toBeUndefined();
		expect(f.answers).toEqual([{ status: 503, body: { error: `Task ${A} is still processing at EvoLink; please retry` } }]);
	});

	it('answers 5xx when a confirmation query fails, so EvoLink retries', async () => {
		const f = fake({ body: { id: A }, parked: [parked(A), parked(B)], tasks: { [A]: done(A), [B]: 503 } });
		const r = await resumeOnCallback.call(f.ctx);
		expect(r.workflowData).toBeUndefined();
		expect(f.answers[0].status).toBe(503);
	});

	it('resumes once all ended: every item in input order with pairedItem, Continue On Fail error items, parked marker removed', async () => {
		const failed: Task = { id: B, status: 'failed', error: { code: 'content_policy_violation', message: 'refused' } };
		const f = fake({
			body: { id: B },
			parked: [parked(A, { downloadTo: 'video' }), parked(undefined), parked(B)],
			tasks: { [A]: done(A), [B]: failed },
			node: { onError: 'continueRegularOutput' },
		});
		const r = await resumeOnCallback.call(f.ctx);
		expect(f.answers).toEqual([{ status: 200, body: { received: true, resumed: true } }]);
		const out = r.workflowData![0];
		expect(out.map((i) => [i.json.id ?? null, i.pairedItem])).toEqual([
			[A, { item: 0 }],
			[null, { item: 1 }],
			[B, { item: 2 }],
		]);
		expect(out[0].binary?.video).toMatchObject({ mimeType: 'video/mp4' });
		expect(out[1].json.error).toBe('Prompt is required');
		expect(out[2].json.error).toContain('content_policy_violation');
		expect(f.entry.data.main[0].every((i) => i.json.evolinkTask === undefined)).toBe(true);
		expect(f.entry.metadata?.resumeError).toBeUndefined();
	});

	it('without Continue On Fail a failed task becomes the node error on resume, naming every task', async () => {
		const f = fake({
			body: { id: A },
			parked: [parked(A), parked(B)],
			tasks: { [A]: done(A), [B]: { id: B, status: 'failed', error: { code: 'service_error', message: 'boom' } } },
		});
		await resumeOnCallback.call(f.ctx);
		const err = f.entry.metadata?.resumeError;
		expect(err?.message).toBe(`EvoLink task ${B} failed: boom (service_error)`);
		expect(err?.description).toContain(`item 0: ${A} (completed); item 1: ${B} (failed)`);
	});

	it('a second callback while the first one resumes does not resume again', async () => {
		const one = fake({ body: { id: A }, parked: [parked(A)], tasks: { [A]: done(A) } });
		const first = await resumeOnCallback.call(one.ctx);
		expect(first.workflowData).toBeDefined();
		const again = await resumeOnCallback.call({ ...one.ctx, getResponseObject: fake({ body: {}, tasks: {} }).ctx.getResponseObject } as IWebhookFunctions);
		expect(again.workflowData).toBeUndefined();
	});
});

describe('EvoLink Trigger', () => {
	const node = { name: 'EvoLink Trigger', webhookId: '6f0b8c9e-3d2a-4b71-9c55-2e8f4a1d7b30' };

	it('needs a random webhook id (else the URL is <workflow id>/<node name>/evolink, guessable)', () => {
		expect(hasSecretPath(node.webhookId)).toBe(true);
		expect(hasSecretPath(undefined)).toBe(false);
		expect(hasSecretPath('my-hook')).toBe(false);
	});

	it('confirms the task, emits it once per status, filters events', async () => {
		const staticData: IDataObject = {};
		const run = async (body: IDataObject, params: Record<string, unknown> = {}) => {
			const f = fake({ body, tasks: { [A]: done(A) }, node, params, staticData });
			return { r: await receiveCallback.call(f.ctx), f };
		};
		const first = await run({ id: A, status: 'completed' });
		expect(first.r.workflowData![0][0].json).toMatchObject({ id: A, status: 'completed' });
		expect(first.f.answers[0]).toEqual({ status: 200, body: { received: true } });
		const retry = await run({ id: A, status: 'completed' });
		expect(retry.r.workflowData).toBeUndefined();
		expect(retry.f.answers[0].body).toMatchObject({ duplicate: true });
		expect(staticData.seen).toEqual([`${A}:completed`]);
	});

	it('ignores what the body claims: an unknown task is refused, a failed query asks for a retry', async () => {
		const unknown = fake({ body: { id: 'task-unified-1-zzzz', status: 'completed' }, tasks: {}, node });
		expect((await receiveCallback.call(unknown.ctx)).workflowData).toBeUndefined();
		expect(unknown.answers[0].status).toBe(404);
		const down = fake({ body: { id: B }, tasks: { [B]: 502 }, node });
		await receiveCallback.call(down.ctx);
		expect(down.answers[0].status).toBe(503);
		const filtered = fake({ body: { id: B }, tasks: { [B]: done(B) }, node, params: { events: 'failed' } });
		expect((await receiveCallback.call(filtered.ctx)).workflowData).toBeUndefined();
		expect(filtered.answers[0].body).toMatchObject({ ignored: 'status completed' });
	});
});
