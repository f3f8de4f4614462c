/**
 * Image inputs from n8n binary data, through n8n's engine: with Image Source = Binary File the
 * item's file is uploaded to EvoLink's Files API (its own host here, as files-api.evolink.ai)
 * and the create names the returned file_url; a URL is passed as it is; a file of the wrong
 * type or size fails before any request.
 */
import type { IDataObject } from 'n8n-workflow';

import { crypto } from '../support/host';
import { requestBody } from '../support/simulator';
import type { BinaryInputs, BinaryMode } from './runWorkflow';
import { runWorkflow } from './runWorkflow';
import { useSimulator } from './setup';

jest.setTimeout(30_000);

const s = useSimulator({ taskSeconds: 60, filesPort: 0 });
const credentials = () => ({ ...s.credentials, filesBaseUrl: s.sim.filesUrl });

const MODEL = 'wan2.5-image-to-video';
/** The first bytes of a PNG file (the Files API checks them); the rest is padding. */
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]).toString('base64');
const png = (fileName = 'cat.png', size = 4096, head = PNG) => ({ mimeType: 'image/png', fileName, base64: head, size });
/** The bytes the items source makes of such a file. */
const bytesOf = (b: { base64: string; size: number }) => {
	const head = Buffer.from(b.base64, 'base64');
	return Buffer.concat([head, Buffer.alloc(b.size - head.length)]);
};
const sha256 = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');

async function generate(parameters: IDataObject, binaries: Array<BinaryInputs | null>, items?: IDataObject[], binaryMode?: BinaryMode) {
	return await runWorkflow({
		parameters: { operation: 'generate', waitForCompletion: false, model: MODEL, prompt: 'The cat turns its head', ...parameters },
		items: items ?? binaries.map(() => ({})),
		binaries,
		credentials: credentials(),
		binaryMode,
	});
}

const uploads = () => s.sim.requests.filter((r) => r.path.startsWith('/api/v1/files/'));
const hostOf = (url: string) => new URL(url).host;

describe.each<BinaryMode>(['default', 'filesystem'])('Image Source = Binary File (binary data mode %s)', (binaryMode) => {
	test('the item\'s image is uploaded once; the create\'s image_urls is the returned file_url', async () => {
		const image = png();
		const result = await generate({ imageUrlsSource: 'binary' }, [{ data: image }], undefined, binaryMode);
		expect(result.error).toBeUndefined();
		const [upload] = uploads();
		expect(uploads()).toHaveLength(1);
		expect(upload).toMatchObject({ method: 'POST', path: '/api/v1/files/upload/stream', status: 200 });
		expect(upload.body).toMatchObject({ file: { filename: 'cat.png', contentType: 'image/png', bytes: image.size } });
		expect(s.counters().uploads).toMatchObject({ count: 1, bytes: image.size });
		// The very bytes of the binary field reached the Files API.
		expect(s.sim.files().map((f) => [f.sha256, f.mime_type])).toEqual([[sha256(bytesOf(image)), 'image/png']]);
		const fileUrl = (upload.response as { data: { file_url: string } }).data.file_url;
		expect(hostOf(fileUrl)).toBe(hostOf(s.sim.filesUrl));
		const [create] = s.creates();
		expect(requestBody(create)).toStrictEqual({ model: MODEL, prompt: 'The cat turns its head', image_urls: [fileUrl], quality: '720p' });
		expect(result.items[0].json).toMatchObject({ id: s.sim.tasks()[0].id, status: 'pending' });
	});
});

test('the key goes to the two configured hosts only: the upload to the Files API, the create to the API', async () => {
	await generate({ imageUrlsSource: 'binary' }, [{ data: png() }]);
	expect(s.sim.requests.map((r) => [r.method, r.path, r.headers?.host])).toEqual([
		['POST', '/api/v1/files/upload/stream', hostOf(s.sim.filesUrl)],
		['POST', '/v1/videos/generations', hostOf(s.sim.url)],
	]);
	expect(hostOf(s.sim.filesUrl)).not.toBe(hostOf(s.sim.url));
	for (const r of s.sim.requests) {
		expect(r.auth).toEqual({ present: true, bearer: true, valid: true });
		expect(r.secretLeaks).toEqual([]);
	}
});

test('several items: each image uploaded once, the same image (same content) only once', async () => {
	const cat = png('cat.png', 3000);
	const dog = png('dog.png', 5000);
	const result = await generate({ imageUrlsSource: 'binary', prompt: '={{ $json.p }}' }, [{ data: cat }, { data: dog }, { data: cat }], [
		{ p: 'cat' },
		{ p: 'dog' },
		{ p: 'cat again' },
	]);
	expect(result.error).toBeUndefined();
	expect(uploads()).toHaveLength(2);
	const urlOf = (bytes: number) =>
		(uploads().find((u) => (u.body as { file: { bytes: number } }).file.bytes === bytes)!.response as { data: { file_url: string } }).data.file_url;
	const imageOf = (p: string) => requestBody(s.creates().find((c) => requestBody(c).prompt === p)!).image_urls;
	expect([imageOf('cat'), imageOf('dog'), imageOf('cat again')]).toEqual([[urlOf(3000)], [urlOf(5000)], [urlOf(3000)]]);
});

test('another binary field, named in Input Binary Field', async () => {
	const result = await generate({ imageUrlsSource: 'binary', imageUrlsBinary: 'photo' }, [{ photo: png('photo.png') }]);
	expect(result.error).toBeUndefined();
	expect((uploads()[0].body as { file: { filename: string } }).file.filename).toBe('photo.png');
});

test('an image just under the limit (10,400,000 bytes: n8n shows "10.4 MB", 9.9 MiB) is uploaded', async () => {
	const result = await generate({ imageUrlsSource: 'binary' }, [{ data: png('large.png', 10_400_000) }]);
	expect(result.error).toBeUndefined();
	expect(s.counters().uploads).toMatchObject({ count: 1, bytes: 10_400_000 });
	expect(s.creates()).toHaveLength(1);
});

test('Image Source = URL: the URL is passed as it is, nothing uploaded', async () => {
	const result = await generate({ imageUrlsSource: 'url', imageUrls: 'https://example.com/cat.png' }, [{ data: png() }]);
	expect(result.error).toBeUndefined();
	expect(uploads()).toEqual([]);
	expect(s.sim.files()).toEqual([]);
	expect(requestBody(s.creates()[0]).image_urls).toEqual(['https://example.com/cat.png']);
});

describe('a binary that does not fit fails before any request, naming the field', () => {
	test.each<[string, BinaryInputs, IDataObject, string]>([
		[
			'not an image',
			{ data: { mimeType: 'application/pdf', fileName: 'doc.pdf', base64: PNG, size: 100 } },
			{},
			'Image: binary field "data" (doc.pdf, application/pdf) is not an accepted image; use JPEG, PNG, WEBP',
		],
		[
			'an image type the model does not take',
			{ data: { mimeType: 'image/gif', fileName: 'anim.gif', base64: PNG, size: 100 } },
			{},
			'Image: binary field "data" (anim.gif, image/gif) is not an accepted image; use JPEG, PNG, WEBP',
		],
		['too large (the model takes 10 MB)', { data: png('big.png', 11_010_048) }, {}, 'Image: binary field "data" (big.png, image/png) is 10.5 MB; at most 10 MB is allowed'],
		['no such binary field', { data: png() }, { imageUrlsBinary: 'photo' }, 'Image: the input item has no binary field "photo" (it has: data)'],
	])('%s', async (_name, binaries, extra, message) => {
		const result = await generate({ imageUrlsSource: 'binary', ...extra }, [binaries]);
		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({ message, description: 'Nothing was sent to EvoLink.', itemIndex: 0, name: 'NodeOperationError' });
		expect(s.sim.requests).toEqual([]);
	});
});

test('a failed upload: that item fails before its create (nothing paid), the error says so', async () => {
	s.sim.inject({ match: 'POST /api/v1/files/upload/stream', status: 500 });
	const result = await generate({ imageUrlsSource: 'binary' }, [{ data: png() }]);
	expect(result.status).toBe('error');
	expect(result.error).toMatchObject({ message: 'EvoLink Files API: Internal server error (HTTP 500)', itemIndex: 0 });
	expect(result.error?.description).toMatch(/^The upload of a binary input failed\. Nothing was sent to EvoLink\./);
	expect(s.creates()).toEqual([]);
	// Uploads are not retried (the vendor's client does not either).
	expect(uploads()).toHaveLength(1);
});
