// End-to-end (n8n 2.41.1; scripts/test.sh runs it on the 1.x LTS too): one model of every
// family (test/e2e/families.ts) and examples/image-to-video-from-file.json, all in ONE n8n
// boot (`n8n executeBatch`) against the simulator, which validates each model by its own
// catalogue entry. Media go in as URLs of files uploaded to the simulator's Files API (its
// own host, like files-api.evolink.ai); the example reads a PNG from disk and lets the
// node upload it.
import type { IDataObject } from 'n8n-workflow';
import { crypto, fs, path, stderr, TEST_DIR } from '../support/host';
import { answerOf, DEFAULT_API_KEY, requestBody, startSimulator, type LoggedRequest, type Simulator } from '../support/simulator';
import { familyCases, familyWorkflow, wav, type FamilyCase, type Media } from './families';
import { evoLinkCredential, Execution, items, loadWorkflow, N8nInstance, N8N_VERSION, type WorkflowJson } from './harness';
import { MODELS } from '../../nodes/EvoLink/models';

jest.setTimeout(15 * 60_000); // the first run installs n8n (~5 min)

const KEY: string = DEFAULT_API_KEY;
const CREDENTIAL = 'evoCredFamilies01';
const EXAMPLE = 'examples/image-to-video-from-file.json';
const EXAMPLE_ID = 'wfImageFromFile01';
const FIXTURE = path.join(TEST_DIR, 'fixtures', 'first-frame.png');
const FAMILIES = [
	'Wan',
	'Kling',
	'Seedance',
	'Hailuo',
	'MiniMax H3',
	'Veo',
	'Sora',
	'Gemini Omni',
	'Grok Imagine',
	'HappyHorse',
	'OmniHuman',
	'Topaz',
	'VideoRetalk',
];

let sim: Simulator;
let n8n: N8nInstance;
let cases: FamilyCase[];
let runs: Record<string, Execution>;
/** requests n8n made (after the test's own sample uploads) */
let fromN8n: LoggedRequest[];
const timings: Record<string, number> = {};
const wfId = (i: number) => `wfFamily${String(i).padStart(9, '0')}`;
const hostOf = (url: string) => new URL(url).host;
const sha256 = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');

/** Uploads a sample to the simulator's Files API as a user would (multipart); returns its public file_url. */
async function upload(data: Buffer, fileName: string, mimeType: string): Promise<string> {
	const form = new FormData();
	form.append('file', new Blob([data], { type: mimeType }), fileName);
	const res = await fetch(`${sim.filesUrl}/api/v1/files/upload/stream`, { method: 'POST', headers: { authorization: `Bearer ${KEY}` }, body: form });
	const answer = (await res.json()) as { success: boolean; data: { file_url: string } };
	if (!answer.success) throw new Error(`sample upload ${fileName} refused: ${JSON.stringify(answer)}`);
	return answer.data.file_url;
}

beforeAll(async () => {
	// HappyHorse refuses loopback media URLs unless the simulator allows local addresses.
	sim = await startSimulator({ taskSeconds: 2, estimatedSeconds: 2, filesPort: 0, allowInsecureCallbacks: true });
	const png = fs.readFileSync(FIXTURE);
	const media: Media = {
		png: await upload(png, 'first-frame.png', 'image/png'),
		png2: await upload(png, 'last-frame.png', 'image/png'),
		mp4: await upload(fs.readFileSync(path.join(TEST_DIR, 'fixtures', 'sample.mp4')), 'clip.mp4', 'video/mp4'),
		wav: await upload(wav(), 'voice.wav', 'audio/wav'),
	};
	cases = familyCases(media);
	const seen = sim.requests.length;

	let t = Date.now();
	n8n = await N8nInstance.create();
	timings.packAndInstall = Date.now() - t;
	fs.copyFileSync(FIXTURE, path.join(n8n.filesDir, 'first-frame.png')); // the example reads it from n8n's working folder
	// the Files API on its own host, as files-api.evolink.ai is
	await n8n.importCredentials([evoLinkCredential(CREDENTIAL, KEY, sim.url, 'EvoLink (simulator)', { filesBaseUrl: sim.filesUrl })]);
	const workflows: WorkflowJson[] = cases.map((c, i) => familyWorkflow(wfId(i), c, CREDENTIAL));
	workflows.push(loadWorkflow(EXAMPLE, { id: EXAMPLE_ID, credentialId: CREDENTIAL }));
	await n8n.importWorkflows(workflows);
	t = Date.now();
	runs = await n8n.executeBatch(workflows.map((w) => w.id));
	timings.executeBatch = Date.now() - t;
	fromN8n = sim.requests.slice(seen);
});

afterAll(async () => {
	if (n8n) {
		stderr.write(`n8n ${N8N_VERSION} families e2e timings (ms): ${JSON.stringify({ ...timings, boots: n8n.boots })}\n`);
		n8n.cleanup();
	}
	await sim?.close();
});

const createsOf = (model: string) => fromN8n.filter((r) => r.method === 'POST' && r.path === '/v1/videos/generations' && requestBody(r).model === model);

test('the cases cover every family the node has, one model each', () => {
	expect(cases.map((c) => c.family)).toEqual(FAMILIES);
	expect([...new Set(MODELS.map((m) => m.family))].sort()).toEqual([...FAMILIES].sort());
	for (const c of cases) expect(MODELS.find((m) => m.id === c.model)?.family).toBe(c.family);
});

describe.each(FAMILIES)('%s', (family) => {
	const theCase = () => cases.find((c) => c.family === family)!;
	const run = () => runs[wfId(cases.indexOf(theCase()))];

	test('the simulator received exactly the expected body, once, and accepted it', () => {
		const c = theCase();
		const sent = createsOf(c.model);
		expect(sent).toHaveLength(1);
		expect(sent[0].body).toStrictEqual({ model: c.model, ...c.body });
		expect(sent[0].status).toBe(200);
		expect(sent[0].auth).toEqual({ present: true, bearer: true, valid: true });
		expect(sent[0].idempotencyKey).toMatch(/^n8n-[0-9a-f]{40}$/);
	});

	test('the workflow waited for the task and downloaded the video', () => {
		const c = theCase();
		const exe = run();
		expect(exe.error).toBeUndefined();
		expect(exe.status).toBe('success');
		const [out] = items(exe, 'Generate Video');
		const create = createsOf(c.model)[0];
		const task = sim.task(String(out.id))!;
		expect(out).toMatchObject({ status: 'completed', progress: 100, model: c.model, replayed: false, idempotencyKey: create.idempotencyKey });
		expect(out.id).toBe(answerOf(create).id);
		expect(out.videoUrl).toBe(`${sim.url}/files/${String(out.id)}.mp4`);
		expect(out.results).toEqual([out.videoUrl]);
		expect(out.creditsReserved).toBe(answerOf(create).usage.credits_reserved);
		expect(out.creditsUsed).toBe(task.usage.credits_used);
		expect(typeof out.waitedSeconds).toBe('number');
		const binary = exe.runData['Generate Video'][0].data?.main?.[0]?.[0].binary?.data;
		expect(binary).toMatchObject({ mimeType: 'video/mp4', fileName: `${String(out.id)}.mp4` });
	});
});

describe('examples/image-to-video-from-file.json: Read/Write Files → Generate Video (Image Source = Binary File)', () => {
	const uploads = () => fromN8n.filter((r) => r.path.startsWith('/api/v1/files/'));
	const fileUrl = () => (uploads()[0].response as { data: { file_url: string } }).data.file_url;

	test('Read Image read the PNG from disk into the binary field "data"', () => {
		const exe = runs[EXAMPLE_ID];
		expect(exe.error).toBeUndefined();
		expect(exe.status).toBe('success');
		const read = exe.runData['Read Image'][0].data?.main?.[0]?.[0].binary?.data;
		expect(read).toMatchObject({ mimeType: 'image/png', fileName: 'first-frame.png', fileExtension: 'png' });
	});

	test('the Files API got the file, exactly once, byte for byte', () => {
		expect(uploads()).toHaveLength(1);
		const [up] = uploads();
		expect(up).toMatchObject({ method: 'POST', path: '/api/v1/files/upload/stream', status: 200 });
		const png = fs.readFileSync(FIXTURE);
		expect(up.body).toMatchObject({ file: { filename: 'first-frame.png', contentType: 'image/png', bytes: png.length } });
		expect(up.upload).toMatchObject({ endpoint: 'stream', bytes: png.length, mime: 'image/png', sha256: sha256(png) });
		expect(hostOf(fileUrl())).toBe(hostOf(sim.filesUrl));
	});

	test('the create names the returned file_url in image_urls; the video comes back', () => {
		const example = loadWorkflow(EXAMPLE, { id: 'x', credentialId: CREDENTIAL });
		const prompt = String(example.nodes.find((n) => n.name === 'Generate Video')?.parameters.prompt);
		const sent = createsOf('wan2.5-image-to-video');
		expect(sent).toHaveLength(1);
		// duration has no documented default; quality 720p is the documented one
		expect(sent[0].body).toStrictEqual({ model: 'wan2.5-image-to-video', prompt, image_urls: [fileUrl()], quality: '720p' });
		expect(sent[0].status).toBe(200);
		expect(sent[0].seq).toBeGreaterThan(uploads()[0].seq); // uploaded first, then paid
		const [out] = items(runs[EXAMPLE_ID], 'Generate Video');
		expect(out).toMatchObject({ status: 'completed', model: 'wan2.5-image-to-video', videoUrl: `${sim.url}/files/${String(out.id)}.mp4` });
		expect(out.id).toBe(answerOf(sent[0]).id);
	});

	test('the key went only to the simulator: upload to its Files host, create and reads to its API host; never into n8n’s data or log', () => {
		const mine = fromN8n.filter((r) => r.path.startsWith('/api/v1/files/') || createsOf('wan2.5-image-to-video').includes(r) || r.path.startsWith('/v1/tasks'));
		expect(uploads().map((r) => r.headers?.host)).toEqual([hostOf(sim.filesUrl)]);
		expect(hostOf(sim.filesUrl)).not.toBe(hostOf(sim.url));
		for (const r of fromN8n) {
			expect([hostOf(sim.url), hostOf(sim.filesUrl)]).toContain(r.headers?.host);
			// result links are public (signed URLs on another host in reality): the download carries no key
			if (r.path.startsWith('/files/')) expect(r.auth.present).toBe(false);
			else expect(r.auth).toEqual({ present: true, bearer: true, valid: true });
		}
		expect(mine.length).toBeGreaterThanOrEqual(3);
		expect(fromN8n.flatMap((r) => r.secretLeaks)).toEqual([]);
		expect(JSON.stringify(runs)).not.toContain(KEY);
		expect(n8n.log).not.toContain(KEY);
		const body = JSON.stringify(runs[EXAMPLE_ID].runData['Generate Video'][0].data?.main?.[0]?.[0].json as IDataObject);
		expect(body).not.toMatch(/sk-evo/);
	});
});
