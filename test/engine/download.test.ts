/**
 * Download Video through n8n-core's httpRequest (stream) and prepareBinaryData, with the
 * binary data store in memory ('default') and on disk ('filesystem').
 */
import { fs, path, TEST_DIR } from '../support/host';
import { answerOf } from '../support/simulator';
import { runWorkflow } from './runWorkflow';
import { useSimulator } from './setup';

jest.setTimeout(30_000);

const s = useSimulator({ taskSeconds: 1, estimatedSeconds: 1 });
const SAMPLE = fs.readFileSync(path.join(TEST_DIR, 'fixtures', 'sample.mp4'));

/** The bytes the simulator serves for a result URL (fetched directly, after the run). */
async function served(url: string): Promise<Buffer> {
	const res = await fetch(url);
	expect(res.status).toBe(200);
	return Buffer.from(await res.arrayBuffer());
}

const params = (extra: Record<string, unknown> = {}) => ({
	operation: 'generate',
	prompt: '={{ $json.prompt }}',
	waitForCompletion: true,
	downloadVideo: true,
	...extra,
});

describe.each(['default', 'filesystem'] as const)('binary data mode %s', (binaryMode) => {
	test('binary property "data": video/mp4, <task id>.mp4, the bytes the simulator serves', async () => {
		const result = await runWorkflow({
			parameters: params(),
			items: [{ prompt: 'a cat' }],
			credentials: s.credentials,
			binaryMode,
		});
		expect(result.error).toBeUndefined();
		const [create] = s.creates();
		const id = answerOf(create).id;
		const [item] = result.items;
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({ id, status: 'completed', videoUrl: `${s.sim.url}/files/${id}.mp4` });
		expect(Object.keys(item.binary ?? {})).toEqual(['data']);
		const data = item.binary!.data;
		expect(data).toMatchObject({
			mimeType: 'video/mp4',
			fileName: `${id}.mp4`,
			fileExtension: 'mp4',
			fileType: 'video',
			bytes: SAMPLE.length,
		});
		if (binaryMode === 'filesystem') {
			expect(data.id).toMatch(/^filesystem-v2:/);
			expect(data.data).toBe('filesystem-v2');
		} else {
			expect(data.id).toBeUndefined();
		}
		expect(data.buffer.equals(SAMPLE)).toBe(true);
		expect(data.buffer.equals(await served(String(item.json.videoUrl)))).toBe(true);
		// The result URL is public: the API key is not sent to it.
		const downloads = s.requests('GET /files/');
		expect(downloads[0].auth.present).toBe(false);
	});

	test('custom binary property name and a larger (3 MB) video, byte for byte', async () => {
		const size = 3 * 1024 * 1024 + 17;
		const result = await runWorkflow({
			parameters: params({ binaryPropertyName: 'video' }),
			items: [{ prompt: `big [sim:bytes=${size}]` }],
			credentials: s.credentials,
			binaryMode,
		});
		expect(result.error).toBeUndefined();
		const [item] = result.items;
		expect(Object.keys(item.binary ?? {})).toEqual(['video']);
		const video = item.binary!.video;
		expect(video).toMatchObject({ mimeType: 'video/mp4', fileName: `${item.json.id}.mp4`, bytes: size });
		expect(video.buffer.length).toBe(size);
		expect(video.buffer.equals(await served(String(item.json.videoUrl)))).toBe(true);
	});
});

test('several items: each gets its own video', async () => {
	const result = await runWorkflow({
		parameters: params(),
		items: [{ prompt: 'one [sim:bytes=5000]' }, { prompt: 'two [sim:bytes=6000]' }, { prompt: 'three' }],
		credentials: s.credentials,
	});
	expect(result.error).toBeUndefined();
	expect(result.items.map((i) => [i.pairedItem, i.binary!.data.fileName, i.binary!.data.bytes])).toEqual([
		[{ item: 0 }, `${result.items[0].json.id}.mp4`, 5000],
		[{ item: 1 }, `${result.items[1].json.id}.mp4`, 6000],
		[{ item: 2 }, `${result.items[2].json.id}.mp4`, SAMPLE.length],
	]);
	for (const item of result.items) expect(item.binary!.data.buffer.equals(await served(String(item.json.videoUrl)))).toBe(true);
});

test('a failed download keeps the task and the URL (Continue On Fail)', async () => {
	s.sim.inject({ match: 'GET /files', status: 503 });
	const result = await runWorkflow({
		parameters: params(),
		items: [{ prompt: 'a cat' }],
		continueOnFail: true,
		credentials: s.credentials,
	});
	expect(result.status).toBe('success');
	const [item] = result.items;
	const id = answerOf(s.creates()[0]).id;
	expect(item.binary).toBeUndefined();
	expect(item.json).toMatchObject({ id, status: 'completed', videoUrl: `${s.sim.url}/files/${id}.mp4` });
	expect(String(item.json.error)).toMatch(new RegExp(`^Could not download the video of EvoLink task ${id}: `));
});

test('a failed download without Continue On Fail: the error says where the video is', async () => {
	s.sim.inject({ match: 'GET /files', status: 503 });
	const result = await runWorkflow({ parameters: params(), items: [{ prompt: 'a cat' }], credentials: s.credentials });
	const id = answerOf(s.creates()[0]).id;
	expect(result.status).toBe('error');
	expect(result.error?.message).toMatch(new RegExp(`^Could not download the video of EvoLink task ${id}: `));
	expect(result.error?.description).toContain(`The video is ready at ${s.sim.url}/files/${id}.mp4 (valid for 24 hours).`);
});
