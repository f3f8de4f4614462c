// End-to-end: the packed package installed into a real n8n (like Settings >
// Community nodes does), workflows imported and run by n8n's CLI against the
// EvoLink simulator. All workflows run in ONE `n8n executeBatch` boot; each test
// then asserts on its own workflow's execution and on what the simulator saw.
// scripts/test.sh runs this file on n8n 2.41.1 and again on the 1.x LTS (N8N_VERSION).
import type { IDataObject } from 'n8n-workflow';
import { fs, path, stderr } from '../support/host';
import { answerOf, DEFAULT_API_KEY, requestBody, startSimulator, type LoggedRequest, type Simulator } from '../support/simulator';
import {
	evoLinkCredential,
	Execution,
	inspectPackage,
	items,
	loadWorkflow,
	N8nInstance,
	n8nRuntime,
	N8N_VERSION,
} from './harness';

jest.setTimeout(15 * 60_000); // the first run installs n8n (~5 min)

const GOOD_KEY: string = DEFAULT_API_KEY;
const WRONG_KEY = `sk-evo-wrong-${Date.now()}-e2e`;
const GOOD = 'evoCredSimulator1';
const WRONG = 'evoCredWrongKey01';
const WAN = 'wan2.5-text-to-video';
const KLING = 'kling-v3-text-to-video';

// workflow id -> file; examples/ are the files users import
const WORKFLOWS: Record<string, { file: string; credential?: string }> = {
	wfDemoSave0000001: { file: 'examples/generate-and-save-video.json' },
	wfKlingShots00001: { file: 'examples/kling-multi-shot.json' },
	wfScheduleChain01: { file: 'examples/schedule-generate-then-check.json' },
	wfGetTaskStates01: { file: 'test/e2e/workflows/get-task-states.json' },
	wfGetManyTasks001: { file: 'test/e2e/workflows/get-many-tasks.json' },
	wfGetCredits00001: { file: 'test/e2e/workflows/get-credits.json' },
	wfUntouched000001: { file: 'test/e2e/workflows/untouched-panels.json' },
	wfVersion01000001: { file: 'test/e2e/workflows/version-01-settings.json' },
	wfBadInput0000001: { file: 'test/e2e/workflows/bad-input.json' },
	wfContinueOnFail1: { file: 'test/e2e/workflows/continue-on-fail.json' },
	wfWrongKey0000001: { file: 'test/e2e/workflows/wrong-key.json', credential: WRONG },
};

let sim: Simulator;
let n8n: N8nInstance;
let runs: Record<string, Execution>;
const timings: Record<string, number> = {};

/** create calls the simulator received whose prompt starts with `prefix` */
const creates = (prefix: string): LoggedRequest[] =>
	sim.requests.filter(
		(r) => r.method === 'POST' && r.path === '/v1/videos/generations' && String(requestBody(r).prompt ?? '').startsWith(prefix),
	);
/** the one create of a task */
const createOf = (id: unknown): LoggedRequest => {
	const found = sim.requests.filter((r) => r.path === '/v1/videos/generations' && answerOf(r)?.id === id);
	expect(found).toHaveLength(1);
	return found[0];
};

/** what every created task's output carries besides the task: the charge, the ledger's answer and the key */
function expectCreateNotes(out: IDataObject): void {
	const create = createOf(out.id);
	expect(out.idempotencyKey).toMatch(/^n8n-[0-9a-f]{40}$/);
	expect(create.idempotencyKey).toBe(out.idempotencyKey);
	expect(create.runId).toBe(out.idempotencyKey);
	expect(out.replayed).toBe(false);
	expect(create.replayed).toBeFalsy();
	expect(out.creditsReserved).toBe(answerOf(create).usage.credits_reserved);
	expect(typeof out.creditsReserved).toBe('number');
	expect(out.estimatedTime).toBe(2);
	expect(out.created).toBe(new Date(answerOf(create).created * 1000).toISOString());
}

beforeAll(async () => {
	let t = Date.now();
	n8nRuntime();
	timings.setupN8n = Date.now() - t;
	// short tasks, and an estimate that matches them so Auto polling is quick
	sim = await startSimulator({ taskSeconds: 2, estimatedSeconds: 2 });
	t = Date.now();
	n8n = await N8nInstance.create();
	timings.packAndInstall = Date.now() - t;
	fs.mkdirSync(path.join(n8n.filesDir, 'demo-output'));

	await n8n.importCredentials([
		evoLinkCredential(GOOD, GOOD_KEY, sim.url, 'EvoLink (simulator)'),
		evoLinkCredential(WRONG, WRONG_KEY, sim.url, 'EvoLink (wrong key)'),
	]);
	await n8n.importWorkflows(
		Object.entries(WORKFLOWS).map(([id, w]) => loadWorkflow(w.file, { id, credentialId: w.credential ?? GOOD })),
	);
	t = Date.now();
	runs = await n8n.executeBatch(Object.keys(WORKFLOWS));
	timings.executeBatch = Date.now() - t;
});

afterAll(async () => {
	if (n8n) {
		stderr.write(`n8n ${N8N_VERSION} e2e timings (ms): ${JSON.stringify({ ...timings, boots: n8n.boots })}\n`);
		n8n.cleanup(); // EVOLINK_E2E_KEEP=1 keeps the temp folder for debugging
	}
	await sim?.close();
});

describe('installed like a community package', () => {
	test('n8n loads node evoLink and credential evoLinkApi from nodes/node_modules, icons ship', () => {
		const pj = JSON.parse(fs.readFileSync(path.join(n8n.pkgDir, 'package.json'), 'utf8'));
		expect(pj.peerDependencies).toBeUndefined(); // n8n drops them before `npm install`
		expect(fs.existsSync(path.join(n8n.pkgDir, 'node_modules', 'zod'))).toBe(false);

		const info = inspectPackage(n8n.pkgDir);
		expect(info.nodes.map((n) => n.name)).toContain('evoLink'); // (+ evoLinkTrigger when present)
		expect(info.credentials.map((c) => c.name)).toEqual(['evoLinkApi']);
		for (const t of [...info.nodes, ...info.credentials]) {
			expect(Object.keys(t.icons).length).toBeGreaterThan(0);
			expect(t.icons).toEqual(Object.fromEntries(Object.keys(t.icons).map((k) => [k, true])));
		}
	});

	test('inside n8n, n8n-workflow and zod resolve to n8n’s own copies', () => {
		const n8nModules = path.dirname(n8nRuntime().n8nDir); // <cache>/n8n-<version>/node_modules
		// observed in the real executions (NODE_OPTIONS=--require trace-requires.js)
		const trace = n8n.requireTrace();
		const nodeFile = path.join(n8n.pkgDir, 'dist/nodes/EvoLink/EvoLink.node.js');
		expect(Object.keys(trace)).toContain(nodeFile);
		const externals = [...new Set(Object.values(trace).flat())];
		expect(externals.some((f) => f.startsWith(path.join(n8nModules, 'n8n-workflow') + path.sep))).toBe(true);
		for (const f of externals) expect(f.startsWith(n8nModules + path.sep)).toBe(true);
		// and when loaded standalone with n8n's NODE_PATH: zod comes from n8n's node_modules
		const zod = inspectPackage(n8n.pkgDir).externals.filter((f) => f.includes(`${path.sep}zod${path.sep}`));
		const seenZod = externals.filter((f) => f.includes(`${path.sep}zod${path.sep}`));
		for (const f of [...zod, ...seenZod]) expect(f.startsWith(path.join(n8nModules, 'zod') + path.sep)).toBe(true);
		expect(zod.length + seenZod.length).toBeGreaterThan(0);
	});
});

describe('Generate Video', () => {
	test('wan2.5: waits, downloads the MP4, Read/Write Files saves it byte-for-byte', async () => {
		const run = runs.wfDemoSave0000001;
		expect(run.error).toBeUndefined();
		expect(run.status).toBe('success');

		const demo = loadWorkflow('examples/generate-and-save-video.json', { id: 'x', credentialId: GOOD });
		const prompt = String(demo.nodes.find((n) => n.name === 'Generate Video')?.parameters.prompt);
		const sent = creates(prompt);
		expect(sent).toHaveLength(1);
		// Prompt Extend off comes from the Options collection
		expect(sent[0].body).toStrictEqual({ model: WAN, prompt, quality: '480p', aspect_ratio: '16:9', duration: 5, prompt_extend: false });
		expect(sent[0].auth).toMatchObject({ present: true, bearer: true, valid: true });

		const [out] = items(run, 'Generate Video');
		expect(out).toMatchObject({ status: 'completed', progress: 100, model: WAN });
		expect(out.id).toMatch(/^task-unified-/);
		expect(out.videoUrl).toBe(`${sim.url}/files/${String(out.id)}.mp4`);
		expect(out.results).toEqual([out.videoUrl]);
		expect(typeof out.waitedSeconds).toBe('number');
		expectCreateNotes(out);
		// 480p, 5 s: the final charge, as the last task read showed it
		const task = sim.task(String(out.id))!;
		expect(out.creditsUsed).toBe(task.usage.credits_used);
		expect(out.costUsd).toBe((task.usage.cost as IDataObject).usd);
		expect(out.durationSeconds).toBe(task.duration);
		const bin = run.runData['Generate Video'][0].data?.main?.[0]?.[0].binary?.data;
		expect(bin).toMatchObject({ mimeType: 'video/mp4', fileName: `${out.id}.mp4` });

		const served = Buffer.from(await (await fetch(String(out.videoUrl))).arrayBuffer());
		const saved = fs.readFileSync(path.join(n8n.filesDir, 'demo-output', `${out.id}.mp4`));
		expect(saved.length).toBe(served.length);
		expect(saved.equals(served)).toBe(true);
	});

	test('kling v3: multi-shot body exactly as the API wants it (Negative Prompt and Watermark from Options)', () => {
		const run = runs.wfKlingShots00001;
		expect(run.error).toBeUndefined();
		const sent = creates('').filter((r) => requestBody(r).model === KLING && !String(requestBody(r).prompt ?? '').startsWith('e2e'));
		expect(sent).toHaveLength(1);
		expect(sent[0].body).toStrictEqual({
			model: KLING,
			negative_prompt: 'text, watermark',
			duration: 8,
			aspect_ratio: '9:16',
			quality: '1080p',
			sound: 'on',
			model_params: {
				multi_shot: true,
				shot_type: 'customize',
				multi_prompt: [
					{ index: 1, prompt: 'A fox steps out of a snowy forest at dawn', duration: '3' },
					{ index: 2, prompt: 'Close-up: the fox looks straight into the camera', duration: '5' },
				],
				watermark_info: { enabled: false },
			},
		});
		const [out] = items(run, 'Generate Video');
		expect(out).toMatchObject({ status: 'pending', progress: 0, model: KLING });
		expect(out.waitedSeconds).toBeUndefined();
		expect(out.videoUrl).toBeUndefined();
		expectCreateNotes(out);
	});

	test('untouched panels send the prompt and the documented defaults only; Wait for Completion is on', () => {
		const run = runs.wfUntouched000001;
		expect(run.error).toBeUndefined();
		expect(creates('e2e untouched wan').map((r) => r.body)).toStrictEqual([
			{ model: WAN, prompt: 'e2e untouched wan', quality: '720p', aspect_ratio: '16:9' },
		]);
		expect(creates('e2e untouched kling').map((r) => r.body)).toStrictEqual([
			{ model: KLING, prompt: 'e2e untouched kling', duration: 5, quality: '720p' },
		]);
		for (const node of ['Wan Untouched', 'Kling Untouched']) {
			const [out] = items(run, node);
			expect(out).toMatchObject({ status: 'completed', progress: 100 });
			expect(typeof out.waitedSeconds).toBe('number');
			expect(run.runData[node][0].data?.main?.[0]?.[0].binary).toBeUndefined(); // Download Video is off
			expectCreateNotes(out);
		}
	});

	test('a workflow saved by version 0.1 (Prompt Extend, Negative Prompt, Watermark at the top level) sends them still', () => {
		const run = runs.wfVersion01000001;
		expect(run.error).toBeUndefined();
		expect(creates('e2e v0.1 wan').map((r) => r.body)).toStrictEqual([
			{ model: WAN, prompt: 'e2e v0.1 wan', quality: '1080p', aspect_ratio: '4:3', duration: 10, prompt_extend: false },
		]);
		expect(creates('e2e v0.1 kling').map((r) => r.body)).toStrictEqual([
			{
				model: KLING,
				prompt: 'e2e v0.1 kling',
				negative_prompt: 'people, text',
				duration: 5,
				aspect_ratio: '1:1',
				quality: '720p',
				model_params: { watermark_info: { enabled: true } },
			},
		]);
	});

	test('bad input is stopped before any request', () => {
		const run = runs.wfBadInput0000001;
		expect(run.status).toBe('error');
		expect(run.lastNodeExecuted).toBe('Generate Video');
		expect(String(run.error?.message)).toMatch(/^Prompt has 20\d\d characters; the maximum is 2000$/);
		expect(String(run.error?.description)).toMatch(/Nothing was sent to EvoLink\.$/);
		expect(creates('e2e bad-input')).toHaveLength(0);
	});

	test('Continue On Fail: the bad item carries its error, the good ones their tasks', () => {
		const run = runs.wfContinueOnFail1;
		expect(run.status).toBe('success');
		const out = items(run, 'Generate Video');
		expect(out).toHaveLength(3);
		expect(out[0]).toMatchObject({ status: 'pending' });
		expect(out[2]).toMatchObject({ status: 'pending' });
		expect(out[1].error).toMatch(/^Prompt has \d+ characters; the maximum is 2000$/);
		expect(out[1].description).toMatch(/Nothing was sent to EvoLink\.$/);
		expect(out[1].id).toBeUndefined();
		const good = creates('e2e continue-on-fail good');
		expect(good.map((r) => r.body)).toEqual(
			expect.arrayContaining(['1', '2'].map((n) => ({ model: WAN, prompt: `e2e continue-on-fail good ${n}`, quality: '720p', aspect_ratio: '16:9' }))),
		);
		expect(good).toHaveLength(2);
		expect(creates('e2e continue-on-fail bad')).toHaveLength(0);
		for (const o of [out[0], out[2]]) expectCreateNotes(o);
		expect(out[0].idempotencyKey).not.toBe(out[2].idempotencyKey);
	});

	// On n8n 1.x the NodeApiError that httpRequestWithAuthentication throws has lost the
	// client error (its `cause`); the node reads httpCode and context.data instead.
	test('401: EvoLink’s message', () => {
		const error = runs.wfWrongKey0000001.error;
		expect(`${error?.message} ${error?.description ?? ''}`).toMatch(/Invalid API key/);
	});

	test('401: the run fails, the node does not retry, the key never leaks', () => {
		const run = runs.wfWrongKey0000001;
		expect(run.status).toBe('error');
		const sent = creates('e2e wrong-key');
		// n8n-core's httpRequestWithAuthentication re-sends any 401 once (credential
		// refresh hook), so 2 is n8n's doing; the node itself must not retry a 401.
		expect(sent.length).toBeGreaterThanOrEqual(1);
		expect(sent.length).toBeLessThanOrEqual(2);
		expect(sent[0].auth).toMatchObject({ present: true, valid: false });
		expect(JSON.stringify(runs)).not.toContain(WRONG_KEY);
		expect(JSON.stringify(runs)).not.toContain(GOOD_KEY);
		expect(n8n.log).not.toContain(WRONG_KEY);
		expect(n8n.log).not.toContain(GOOD_KEY);
		expect(sim.requests.flatMap((r) => r.secretLeaks ?? [])).toEqual([]);
	});
});

describe('Get Task', () => {
	test('pending, completed and failed tasks, one ID per item', () => {
		const run = runs.wfGetTaskStates01;
		expect(run.error).toBeUndefined();
		const [pending, completed, failed] = items(run, 'Get Task');
		expect(pending).toMatchObject({ status: 'pending', progress: 0 });
		expect(pending.videoUrl ?? null).toBeNull();
		expect(completed).toMatchObject({ status: 'completed', progress: 100 });
		expect(completed.videoUrl).toBe(`${sim.url}/files/${String(completed.id)}.mp4`);
		expect(completed.results).toEqual([completed.videoUrl]);
		expect(completed.creditsUsed).toBe(sim.task(String(completed.id))!.usage.credits_used);
		expect(failed).toMatchObject({ status: 'failed', error: { code: 'content_policy_violation' }, creditsUsed: 0 });
		expect(typeof (failed.error as IDataObject).message).toBe('string');
		const ids = items(run, 'Create').map((c) => c.id);
		expect([pending, completed, failed].map((t) => t.id)).toEqual(ids);
		for (const t of [pending, completed, failed]) expect(t.id).toMatch(/^task-unified-/);
		// a lookup is not a create: no key, no replay note
		for (const t of [pending, completed, failed]) expect(t.idempotencyKey).toBeUndefined();
	});

	test('several IDs in one item: one output item per ID, in order, read in one batch', () => {
		const run = runs.wfGetTaskStates01;
		const ids = items(run, 'Create').map((c) => String(c.id));
		const together = items(run, 'Get Tasks Together');
		expect(together.map((t) => [t.id, t.status])).toEqual([
			[ids[0], 'pending'],
			[ids[1], 'completed'],
			[ids[2], 'failed'],
		]);
		expect(together).toEqual(items(run, 'Get Task')); // the same tasks, the same states (pending for 60 s)
		const paired = run.runData['Get Tasks Together'][0].data?.main?.[0]?.map((i) => i.pairedItem);
		expect(paired).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }]);
		const batches = sim.requests.filter((r) => r.path === '/v1/tasks/batch' && [...(requestBody(r).task_ids as string[])].sort().join() === [...ids].sort().join());
		expect(batches).toHaveLength(2); // Get Task (3 items) and Get Tasks Together (1 item): one batch read each
		expect(sim.requests.filter((r) => r.method === 'GET' && ids.some((id) => r.path === `/v1/tasks/${id}`))).toEqual([]);
	});

	test('schedule-style chain: Generate (untouched panel, no wait) -> Get Task (wait) -> Set', () => {
		const run = runs.wfScheduleChain01;
		expect(run.error).toBeUndefined();
		expect(run.runData['Start Video']).toHaveLength(1);
		const [started, ...more] = items(run, 'Start Video');
		expect(more).toEqual([]);
		expect(started.status).toBe('pending');
		expectCreateNotes(started);
		expect(createOf(started.id).body).toStrictEqual({
			model: WAN,
			prompt: 'Time-lapse of clouds rolling over a mountain ridge at sunrise',
			quality: '720p',
			aspect_ratio: '16:9',
		});
		const [waited] = items(run, 'Get Task');
		expect(waited).toMatchObject({ id: started.id, status: 'completed', creditsUsed: 5 });
		expect(typeof waited.waitedSeconds).toBe('number');
		const [kept] = items(run, 'Keep URL');
		expect(kept).toEqual({ taskId: started.id, status: 'completed', videoUrl: `${sim.url}/files/${String(started.id)}.mp4` });
	});
});

describe('Get Many Tasks and Get Credits', () => {
	test('Get Many Tasks: the completed tasks of one model, newest first, with their links', () => {
		const run = runs.wfGetManyTasks001;
		expect(run.error).toBeUndefined();
		const created = items(run, 'Create');
		expect(created.map((c) => c.status)).toEqual(['completed', 'completed']);
		for (const c of creates('e2e get-many'))
			expect(c.body).toStrictEqual({ model: 'wan2.6-text-to-video', prompt: requestBody(c).prompt, aspect_ratio: '16:9', quality: '720p' });
		const [list] = sim.requests.filter((r) => r.method === 'GET' && r.path === '/v1/tasks');
		expect(list.query).toEqual({ model: 'wan2.6-text-to-video', status: 'completed', page_size: '10' });
		const listed = items(run, 'List Tasks');
		const newestFirst = [...created].sort((a, b) => String(b.created).localeCompare(String(a.created)));
		expect(listed.map((t) => t.id).sort()).toEqual(created.map((c) => c.id).sort());
		expect(listed.map((t) => t.created)).toEqual(newestFirst.map((c) => c.created));
		for (const t of listed) {
			expect(t).toMatchObject({ status: 'completed', progress: 100, model: 'wan2.6-text-to-video', type: 'video', hasResults: true, resultCount: 1, hasError: false });
			expect(t.videoUrl).toBe(`${sim.url}/files/${String(t.id)}.mp4`);
			expect(t.results).toEqual([t.videoUrl]);
			expect(t.creditsUsed).toBe(sim.task(String(t.id))!.usage.credits_used);
		}
	});

	test('Account → Get Credits: the balance EvoLink answered, in credits and dollars', () => {
		const run = runs.wfGetCredits00001;
		expect(run.error).toBeUndefined();
		const asked = sim.requests.filter((r) => r.method === 'GET' && r.path === '/v1/credits');
		expect(asked).toHaveLength(1);
		const { user, token } = (asked[0].response as { data: Record<string, IDataObject> }).data;
		expect(items(run, 'Get Credits')).toEqual([
			{
				remainingCredits: user.remaining_credits,
				usedCredits: user.used_credits,
				remainingUsd: Math.round((Number(user.remaining_credits) / 68) * 100) / 100,
				apiKey: { remainingCredits: token.remaining_credits, usedCredits: token.used_credits, unlimited: token.unlimited_credits },
			},
		]);
	});
});
