// End-to-end, Wait Mode "On Callback" and the EvoLink Trigger, in a real `n8n start`
// (n8n 2.41.1) with the packed package, against the simulator with
// allowInsecureCallbacks (it calls n8n back over loopback http).
//
// Phase 1 starts every callback-mode workflow at once through production Webhook
// nodes and checks them as they park and resume; the wait-limit case needs n8n's wait
// tracker, which looks for due executions every 60 s: with a 1-minute limit the
// tracker's first look after parking (<= 60 s later) finds waitTill within its 70 s
// window and sets a timer for exactly waitTill, so it resumes ~60 s after parking.
// Phase 2 drives the EvoLink Trigger (it needs the simulator's global callback timeout
// changed, so it runs after phase 1).
import { delay, env, fs, path, stderr, until } from '../support/host';
import { DEFAULT_API_KEY, requestBody, startSimulator, type SimTask, type Simulator } from '../support/simulator';
import { evoLinkCredential, freePort, N8nInstance, n8nRuntime, type Execution } from './harness';
import { N8nServer, StatusSampler } from './callback-server';

jest.setTimeout(10 * 60_000);

const KEY = DEFAULT_API_KEY;
const CRED = 'evoCredCallback01';
const WF_CB = 'wfCallbackMode001';
const WF_TRIGGER = 'wfEvoLinkTrigger1';
const TRIGGER_WEBHOOK_ID = '6f0b8c9e-3d2a-4b71-9c55-2e8f4a1d7b30';
const MEASURE_SECONDS = 40; // "a 5-minute task", scaled

let sim: Simulator;
let inst: N8nInstance;
let server: N8nServer;
let sampler: StatusSampler;
const started: Record<string, number> = {}; // webhook path -> ms when called
const report: Record<string, unknown> = {};

const evo = (name: string, params: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
	id: `id-${name.replace(/\W/g, '')}`,
	name,
	type: 'n8n-nodes-evolink.evoLink',
	typeVersion: 1,
	position: [400, 0],
	credentials: { evoLinkApi: { id: CRED, name: 'EvoLink (simulator)' } },
	parameters: {
		resource: 'video',
		operation: 'generate',
		model: 'wan2.5-text-to-video',
		quality: '480p',
		duration: 5,
		waitForCompletion: true,
		waitMode: 'callback',
		callbackLimit: 10,
		callbackLimitUnit: 'minutes',
		...params,
	},
	...extra,
});
const hook = (name: string, pathName: string) => ({
	id: `id-${name.replace(/\W/g, '')}`,
	name,
	type: 'n8n-nodes-base.webhook',
	typeVersion: 2,
	position: [0, 0],
	webhookId: `00000000-0000-4000-8000-${pathName.replace(/\W/g, '').padEnd(12, '0').slice(0, 12).replace(/[^0-9a-f]/g, 'a')}`,
	parameters: { httpMethod: 'POST', path: pathName, options: {} },
});
const link = (from: string, to: string) => ({ [from]: { main: [[{ node: to, type: 'main', index: 0 }]] } });

function callbackWorkflow() {
	const nodes = [
		hook('Start Single', 'cb-single'),
		evo('Single', { prompt: 'e2e cb single [sim:seconds=6]', downloadVideo: true, binaryPropertyName: 'video' }),
		hook('Start Multi', 'cb-multi'),
		{
			id: 'id-rows',
			name: 'Rows',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [200, 200],
			parameters: {
				mode: 'raw',
				jsonOutput: JSON.stringify({
					rows: [
						{ tag: 'A', prompt: 'e2e cb multi A [sim:seconds=9]' },
						{ tag: 'B', prompt: 'e2e cb multi B [sim:seconds=5]' },
						{ tag: 'C', prompt: 'e2e cb multi C [sim:seconds=6] [sim:fail=content_policy_violation]' },
						{ tag: 'D', prompt: '' }, // invalid: never sent
					],
				}),
				options: {},
			},
		},
		{ id: 'id-split', name: 'Split', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [300, 200], parameters: { fieldToSplitOut: 'rows', options: {} } },
		evo('Multi', { prompt: '={{ $json.prompt }}' }, { onError: 'continueRegularOutput' }),
		{
			id: 'id-after',
			name: 'After Multi',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [600, 200],
			parameters: {
				assignments: {
					assignments: [
						{ id: 'a1', name: 'tag', value: "={{ $('Split').item.json.tag }}", type: 'string' },
						{ id: 'a2', name: 'status', value: '={{ $json.status }}', type: 'string' },
					],
				},
				options: {},
			},
		},
		hook('Start Limit', 'cb-limit'),
		evo('Limit', { prompt: 'e2e cb limit [sim:never]', callbackLimit: 1, callbackLimitUnit: 'minutes' }),
		hook('Start Fail', 'cb-fail'),
		evo('Fail', { prompt: 'e2e cb fail [sim:seconds=4] [sim:fail=content_policy_violation]' }),
		hook('Start Measure Callback', 'measure-cb'),
		evo('Measure Callback', { prompt: `e2e measure cb [sim:seconds=${MEASURE_SECONDS}]` }),
		hook('Start Measure Poll', 'measure-poll'),
		evo('Measure Poll', {
			prompt: `e2e measure poll [sim:seconds=${MEASURE_SECONDS}]`,
			waitMode: 'poll',
			waitOptions: { timeoutMinutes: 5, pollIntervalSeconds: 2 },
		}),
	];
	return {
		id: WF_CB,
		name: 'EvoLink callback mode (e2e)',
		active: false,
		nodes,
		connections: {
			...link('Start Single', 'Single'),
			...link('Start Multi', 'Rows'),
			...link('Rows', 'Split'),
			...link('Split', 'Multi'),
			...link('Multi', 'After Multi'),
			...link('Start Limit', 'Limit'),
			...link('Start Fail', 'Fail'),
			...link('Start Measure Callback', 'Measure Callback'),
			...link('Start Measure Poll', 'Measure Poll'),
		},
		settings: { executionOrder: 'v1' },
	};
}

function triggerWorkflow() {
	return {
		id: WF_TRIGGER,
		name: 'EvoLink trigger (e2e)',
		active: false,
		nodes: [
			{
				id: 'id-trigger',
				name: 'EvoLink Trigger',
				type: 'n8n-nodes-evolink.evoLinkTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: TRIGGER_WEBHOOK_ID,
				credentials: { evoLinkApi: { id: CRED, name: 'EvoLink (simulator)' } },
				parameters: { events: 'all', downloadVideo: true },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

const sleep = (ms: number) => delay(ms);

/** All executions; [] while one is being written (its data may not parse yet). */
function readExecutions(): Execution[] {
	try {
		return inst.readExecutions();
	} catch {
		return [];
	}
}
/** Executions of a workflow whose run data contains `node`. */
function executionsWith(workflowId: string, node: string): Execution[] {
	return readExecutions().filter((e) => e.workflowId === workflowId && e.runData && Object.keys(e.runData).includes(node));
}
/** The execution started by a Webhook node (its run data has it as soon as it is saved). */
function executionOf(startNode: string): Execution | undefined {
	return executionsWith(WF_CB, startNode)[0];
}
/** The simulator's task whose prompt starts with `promptStart` (the tests expect there to be one). */
const taskOf = (promptStart: string): SimTask => sim.tasks().find((t) => String(t.internal.request?.prompt ?? '').startsWith(promptStart))!;
const createsOf = (promptStart: string) =>
	sim.requests.filter((r) => r.method === 'POST' && r.path === '/v1/videos/generations' && String(requestBody(r).prompt ?? '').startsWith(promptStart));
/** Items of a node's first output, in its last run. */
const out = (e: Execution, node: string) => e.runData[node]?.[e.runData[node].length - 1]?.data?.main?.[0] ?? [];

async function post(url: string, body: unknown) {
	const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	return { status: res.status, body: await res.text() };
}

beforeAll(async () => {
	n8nRuntime();
	sim = await startSimulator({ allowInsecureCallbacks: true, taskSeconds: 5, estimatedSeconds: 5 });
	const port = await freePort();
	inst = await N8nInstance.create({ env: { N8N_PORT: String(port), WEBHOOK_URL: `http://127.0.0.1:${port}/` } });
	await inst.importCredentials([evoLinkCredential(CRED, KEY, sim.url, 'EvoLink (simulator)')]);
	await inst.importWorkflows([callbackWorkflow(), triggerWorkflow()]);
	for (const id of [WF_CB, WF_TRIGGER]) {
		const r = await inst.cli(['publish:workflow', `--id=${id}`]);
		if (r.code !== 0) throw new Error(`publish ${id} failed:\n${r.stdout}${r.stderr}`);
	}
	sampler = new StatusSampler(path.join(inst.userFolder, '.n8n/database.sqlite'));
	server = await N8nServer.start(inst, port);
});

afterAll(async () => {
	stderr.write(`callback e2e report: ${JSON.stringify(report, null, 2)}\n`);
	sampler?.stop();
	await server?.stop();
	if (server && env.EVOLINK_E2E_KEEP) fs.writeFileSync(path.join(inst.root, 'n8n-start.log'), server.log);
	inst?.cleanup();
	await sim?.close();
});

describe('Generate Video, Wait Mode "On Callback" (n8n start)', () => {
	beforeAll(async () => {
		// Start everything at once: the limit case sets the pace (~60 s).
		for (const p of ['cb-limit', 'cb-single', 'cb-multi', 'cb-fail', 'measure-cb', 'measure-poll']) {
			// n8n answers /healthz before it has registered the published workflows' webhooks
			const r = await until(`webhook ${p}`, async () => {
				started[p] = Date.now();
				const res = await post(`${server.url}/webhook/${p}`, { from: 'e2e' });
				return res.status === 404 ? undefined : res;
			}, 60_000, 500);
			expect(r.status).toBe(200);
		}
	});

	test('parks (status "waiting" in the database), the callback resumes it with the video as binary', async () => {
		const exe = await until('Single to park', () => executionOf('Start Single'), 30_000);
		const waiting = await until('Single waiting', () => sampler.of(exe.id).find((s) => s.status === 'waiting'), 30_000);
		const task = taskOf('e2e cb single');
		expect(task.internal.callbackUrl).toMatch(new RegExp(`^${server.url}/webhook-waiting/${exe.id}/evolink\\?signature=[\\w-]+$`));
		expect(task.status).not.toBe('completed'); // parked while the task renders
		expect(waiting.waitTill).toBeTruthy();

		await until('Single to finish', () => sampler.latest(exe.id)?.status === 'success', 60_000);
		const done = readExecutions().find((e) => e.id === exe.id)!;
		const [item] = out(done, 'Single');
		expect(item.json).toMatchObject({ id: task.id, status: 'completed', progress: 100 });
		expect(item.json.videoUrl).toContain(`/files/${task.id}.mp4`);
		expect(item.binary?.video).toMatchObject({ mimeType: 'video/mp4', fileName: `${task.id}.mp4` });
		expect(item.pairedItem).toEqual({ item: 0 });
		// answered within EvoLink's 10 s, first time
		const attempts = sim.callbacks.filter((a) => a.taskId === task.id);
		expect(attempts.map((a) => [a.attempt, a.status])).toEqual([[1, 200]]);
		expect(attempts[0].finishedAt! - attempts[0].startedAt).toBeLessThan(10_000);
		// the status query that confirmed the callback came after the callback
		const queries = sim.requests.filter((r) => r.method === 'GET' && r.path === `/v1/tasks/${task.id}`);
		expect(queries.length).toBeGreaterThanOrEqual(1);
		expect(queries[queries.length - 1].time).toBeGreaterThanOrEqual(attempts[0].startedAt);
		// the parked marker is gone from the trigger's output again
		expect(out(done, 'Start Single')[0].json.evolinkTask).toBeUndefined();
		report.singleCallbackAnswerMs = attempts[0].finishedAt! - attempts[0].startedAt;
	});

	test('several items: one resume when the last task ends, every item in input order with pairedItem, Continue On Fail', async () => {
		const exe = await until('Multi to park', () => executionOf('Start Multi'), 30_000);
		expect(createsOf('e2e cb multi').length).toBe(3); // item D was invalid: never sent
		await until('Multi to finish', () => sampler.latest(exe.id)?.status === 'success', 90_000);
		const done = readExecutions().find((e) => e.id === exe.id)!;
		const items = out(done, 'Multi');
		const [a, b, c] = ['A', 'B', 'C'].map((t) => taskOf(`e2e cb multi ${t}`));
		expect(items.map((i) => [i.json.id ?? null, i.json.status ?? null, i.pairedItem])).toEqual([
			[a.id, 'completed', { item: 0 }],
			[b.id, 'completed', { item: 1 }],
			[c.id, 'failed', { item: 2 }],
			[null, null, { item: 3 }],
		]);
		expect(items[2].json.error).toContain('content_policy_violation');
		expect(items[3].json.error).toMatch(/prompt/i);
		// $('Split').item follows pairedItem through the resume
		expect(out(done, 'After Multi').map((i) => i.json.tag)).toEqual(['A', 'B', 'C', 'D']);
		// B (5 s) and C (6 s) called back first: answered 200 without resuming; A resumed.
		const first = (t: SimTask) => sim.callbacks.find((x) => x.taskId === t.id);
		for (const t of [a, b, c]) expect(first(t)).toMatchObject({ attempt: 1, status: 200 });
		const statusAt = (ms: number) => [...sampler.of(exe.id)].reverse().find((s) => s.t <= ms)?.status;
		expect(statusAt(first(c)!.finishedAt! + 300)).toBe('waiting');
		expect(done.runData.Multi.length).toBe(1); // resumed once
	});

	test('a failed task comes out as an error item naming the task (a resume cannot fail the node), the run goes on', async () => {
		const exe = await until('Fail to park', () => executionOf('Start Fail'), 30_000);
		await until('Fail to end', () => ['error', 'success'].includes(sampler.latest(exe.id)?.status ?? ''), 60_000);
		const done = readExecutions().find((e) => e.id === exe.id)!;
		const task = taskOf('e2e cb fail');
		expect(done.status).toBe('success');
		const [item] = out(done, 'Fail');
		expect(item.json).toMatchObject({ id: task.id, status: 'failed', taskError: { code: 'content_policy_violation' } });
		expect(String(item.json.error)).toContain(`EvoLink task ${task.id} failed`);
		expect(String(item.json.description)).toContain('content policy');
	});

	test('forged callbacks (wrong signature, unknown task id, a real id of a running task) change nothing', async () => {
		const exe = await until('Limit to park', () => executionOf('Start Limit'), 30_000);
		await until('Limit waiting', () => sampler.latest(exe.id)?.status === 'waiting', 30_000);
		const task = taskOf('e2e cb limit');
		const real = new URL(task.internal.callbackUrl!);
		const wrong = new URL(real);
		wrong.searchParams.set('signature', 'x'.repeat(real.searchParams.get('signature')!.length));

		const results = {
			wrongSignature: await post(wrong.toString(), { id: task.id, status: 'completed' }),
			noSignature: await post(`${server.url}/webhook-waiting/${exe.id}/evolink`, { id: task.id, status: 'completed' }),
			unknownId: await post(real.toString(), { id: 'task-unified-1700000000-forged01', status: 'completed', results: ['http://evil.example/x.mp4'] }),
			runningTask: await post(real.toString(), { id: task.id, status: 'completed', results: ['http://evil.example/x.mp4'] }),
		};
		expect(results.wrongSignature.status).toBe(401);
		expect(results.noSignature.status).toBe(401);
		expect(results.unknownId.status).toBe(404);
		// the body says completed: not trusted; handed to the watch, which asks EvoLink (still running) and waits on
		expect(results.runningTask.status).toBe(200);
		await sleep(1000);
		expect(sampler.latest(exe.id)?.status).toBe('waiting');
		expect(readExecutions().find((e) => e.id === exe.id)!.runData.Limit.length).toBe(1); // still the parked run
		report.forged = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, v.status]));
	});

	test('wait limit: the watch resumes the execution at the limit, the item an error naming its task and what to do', async () => {
		const exe = await until('Limit to park', () => executionOf('Start Limit'), 30_000);
		const parked = await until('Limit waiting', () => sampler.of(exe.id).find((s) => s.status === 'waiting'), 30_000);
		await until('Limit resumed', () => sampler.latest(exe.id)?.status === 'success', 150_000, 500);
		const resumedAt = sampler.latest(exe.id)!.t;
		const done = readExecutions().find((e) => e.id === exe.id)!;
		const task = taskOf('e2e cb limit');
		const [item] = out(done, 'Limit');
		expect(item.json).toMatchObject({ id: task.id, timedOut: true });
		expect(String(item.json.error)).toMatch(new RegExp(`^No video before the wait limit: EvoLink task ${task.id} is still (pending|processing)`));
		expect(String(item.json.description)).toContain(`Get Task operation and task ID ${task.id}`);
		expect(item.json).not.toHaveProperty('evolinkTask');
		report.limitPath = { limitMs: 60_000, parkedToResumedMs: resumedAt - parked.t };
	});

	test('worker busy time per execution: callback mode versus poll mode, same 40 s task', async () => {
		const cb = await until('Measure Callback', () => executionOf('Start Measure Callback'), 30_000);
		const poll = await until('Measure Poll', () => executionOf('Start Measure Poll'), 30_000);
		await until('both measured', () => sampler.latest(cb.id)?.status === 'success' && sampler.latest(poll.id)?.status === 'success', 120_000, 500);
		const cbTask = taskOf('e2e measure cb');
		const attempts = sim.callbacks.filter((a) => a.taskId === cbTask.id);
		const m = {
			taskSeconds: MEASURE_SECONDS,
			callback: { ...sampler.busyMs(cb.id), callbackAnswerMs: attempts.map((a) => a.finishedAt! - a.startedAt) },
			poll: { ...sampler.busyMs(poll.id), statusQueries: sim.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v1/tasks/') && r.path.endsWith(taskOf('e2e measure poll').id)).length },
		};
		report.workerBusy = m;
		expect(m.callback.busyMs).toBeLessThan(5_000);
		expect(m.callback.waitingMs).toBeGreaterThan((MEASURE_SECONDS - 10) * 1000);
		expect(m.poll.busyMs).toBeGreaterThan((MEASURE_SECONDS - 5) * 1000);
	});
});

describe('EvoLink Trigger (n8n start)', () => {
	const triggerUrl = () => `${server.url}/webhook/${TRIGGER_WEBHOOK_ID}/evolink`;
	const triggerRuns = () => readExecutions().filter((e) => e.workflowId === WF_TRIGGER);
	const createTask = async (prompt: string, callbackUrl: string) => {
		const res = await fetch(`${sim.url}/v1/videos/generations`, {
			method: 'POST',
			headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
			body: JSON.stringify({ model: 'wan2.5-text-to-video', prompt, quality: '480p', callback_url: callbackUrl }),
		});
		expect(res.status).toBe(200);
		return (await res.json()) as { id: string };
	};

	test('a task created elsewhere: confirmed, emitted once with the video; a retry after a lost answer does not emit again', async () => {
		// The first answer arrives after the simulator stopped waiting (1 s), as if it were lost: EvoLink retries.
		sim.configure({ callbackTimeoutMs: 1000, callbackRetryDelaysMs: [500, 1000, 2000] });
		const before = triggerRuns().length;
		const task = await createTask('e2e trigger ok [sim:seconds=2]', triggerUrl());
		sim.inject({ match: `GET /v1/tasks/${task.id}`, action: 'delay', delayMs: 2500, times: 1 });
		await until('trigger run', () => triggerRuns().length > before && triggerRuns().every((e) => e.status !== 'running'), 30_000);
		await sim.settleCallbacks();
		await sleep(1500);
		const runs = triggerRuns().slice(before);
		const attempts = sim.callbacks.filter((a) => a.taskId === task.id);
		expect(attempts.length).toBeGreaterThanOrEqual(2); // the simulator did retry
		expect(attempts[attempts.length - 1].status).toBe(200);
		expect(runs).toHaveLength(1);
		const [item] = runs[0].runData['EvoLink Trigger'][0].data!.main[0]!;
		expect(item.json).toMatchObject({ id: task.id, status: 'completed' });
		expect(item.binary?.data).toMatchObject({ mimeType: 'video/mp4' });
		// a replay of the same callback later: answered, not emitted
		const replay = await post(triggerUrl(), sim.task(task.id));
		expect(replay.status).toBe(200);
		expect(JSON.parse(replay.body)).toMatchObject({ duplicate: true });
		await sleep(1500);
		expect(triggerRuns().length).toBe(before + 1);
		report.triggerRetry = attempts.map((a) => ({ attempt: a.attempt, status: a.status ?? a.error }));
		sim.configure({ callbackTimeoutMs: 10_000, callbackRetryDelaysMs: [1000, 2000, 4000] });
	});

	test('a failed task is emitted with its error', async () => {
		const before = triggerRuns().length;
		const task = await createTask('e2e trigger fail [sim:seconds=1] [sim:fail=content_policy_violation]', triggerUrl());
		await until('trigger run', () => triggerRuns().length > before && triggerRuns().every((e) => e.status !== 'running'), 30_000);
		const run = triggerRuns().slice(before)[0];
		expect(run.runData['EvoLink Trigger'][0].data!.main[0]![0].json).toMatchObject({
			id: task.id,
			status: 'failed',
			error: { code: 'content_policy_violation' },
		});
	});

	test('forged callbacks (wrong token in the path, unknown task, no task id) start nothing', async () => {
		const before = triggerRuns().length;
		const forged = {
			wrongToken: await post(`${server.url}/webhook/${TRIGGER_WEBHOOK_ID.replace(/^6/, '7')}/evolink`, { id: 'task-unified-1-x', status: 'completed' }),
			unknownTask: await post(triggerUrl(), { id: 'task-unified-1700000000-forged02', status: 'completed', results: ['http://evil.example/x.mp4'] }),
			noId: await post(triggerUrl(), { status: 'completed' }),
		};
		expect(forged.wrongToken.status).toBe(404);
		expect(forged.unknownTask.status).toBe(404);
		expect(forged.noId.status).toBe(400);
		await sleep(1500);
		expect(triggerRuns().length).toBe(before);
		report.triggerForged = Object.fromEntries(Object.entries(forged).map(([k, v]) => [k, v.status]));
	});
});
