/**
 * Seedance 1.0, 1.5, 2.0 and 2.5: every prose rule of the catalogue
 * (shared/evolink-video-models.json) that the definitions check, each with a case that
 * passes and one that fails with its exact message; and for every model a body built
 * from valid values that the simulator (which validates on its own, from the catalogue)
 * accepts, while bodies breaking a rule are refused by it too.
 */
import { buildBody, findModel, validateModel } from '../../nodes/EvoLink/models';
import type { ModelDefinition } from '../../nodes/EvoLink/models';
import type { Values } from '../../nodes/EvoLink/models/fields';
import { seedance } from '../../nodes/EvoLink/models/families/seedance';
import { seedance25 } from '../../nodes/EvoLink/models/families/seedance25';
import { load, path, REPO } from '../support/host';

interface SimModels {
	validateCreate(body: unknown, ctx: { allowInsecureCallbacks: boolean }): unknown;
}
const sim = load(path.join(REPO, 'test', 'simulator', 'models.js')) as SimModels;

const CTX = { allowLocalCallbacks: false };

const urls = (kind: string, n: number) => ({
	source: 'url',
	urls: Array.from({ length: n }, (_, i) => `https://example.com/${kind}${i + 1}.${kind === 'image' ? 'png' : kind === 'video' ? 'mp4' : 'mp3'}`),
});
const IMG = (n = 1) => urls('image', n);
const VID = (n = 1) => urls('video', n);
const AUD = (n = 1) => urls('audio', n);

function model(id: string): ModelDefinition {
	const m = findModel(id);
	if (!m) throw new Error(`${id} is not offered`);
	return m;
}

/** What the panel holds before the user changes anything (as read.ts reads it): main settings at their defaults. */
function panelDefaults(m: ModelDefinition): Values {
	const values: Values = {};
	for (const f of m.fields) if (!f.optional && f.type !== 'media') values[f.param] = f.default;
	return values;
}

/** Minimal input each model needs on top of the panel defaults. */
const NEEDS: Record<string, Values> = {
	'doubao-seedance-1.0-pro-fast': { prompt: 'A lighthouse at dawn' },
	'seedance-1.5-pro': { prompt: 'A lighthouse at dawn' },
	'seedance-2.0-text-to-video': { prompt: 'A lighthouse at dawn' },
	'seedance-2.0-fast-text-to-video': { prompt: 'A lighthouse at dawn' },
	'seedance-2.0-mini-text-to-video': { prompt: 'A lighthouse at dawn' },
	'seedance-2.0-image-to-video': { prompt: 'The waves roll in', imageUrls: IMG() },
	'seedance-2.0-fast-image-to-video': { prompt: 'The waves roll in', imageUrls: IMG() },
	'seedance-2.0-mini-image-to-video': { prompt: 'The waves roll in', imageUrls: IMG() },
	'seedance-2.0-reference-to-video': { prompt: '@image1 walks on the beach', imageUrls: IMG() },
	'seedance-2.0-fast-reference-to-video': { prompt: '@image1 walks on the beach', imageUrls: IMG() },
	'seedance-2.0-mini-reference-to-video': { prompt: '@image1 walks on the beach', imageUrls: IMG() },
	'seedance-2.5-text-to-video': { prompt: 'A lighthouse at dawn' },
	'seedance-2.5-image-to-video': { prompt: 'The waves roll in', imageUrls: IMG() },
	'seedance-2.5-reference-to-video': { prompt: '@image1 walks on the beach', imageUrls: IMG() },
	'seedance-2.5-video-edit': { prompt: 'Make @video1 a night scene', videoUrls: VID() },
	'seedance-2.5-video-extend': { prompt: 'Extend @video1 forward', videoUrls: VID() },
	'seedance-2.5-draft-to-video': { sourceTaskId: 'task-unified-1757169743-7cvnl5zw' },
};

const IDS = [...seedance, ...seedance25].map((m) => m.id);
const base = (id: string, extra: Values = {}): Values => ({ ...panelDefaults(model(id)), ...NEEDS[id], ...extra });

function run(id: string, extra: Values = {}): 'OK' | string[] {
	const { issues } = validateModel(model(id), base(id, extra), CTX);
	return issues.length === 0 ? 'OK' : issues.map((i) => i.message);
}

/** The simulator's verdict on a body: null when accepted, else the param it names (or its status and message). */
function simulate(body: Record<string, unknown>): string | null {
	try {
		sim.validateCreate(body, { allowInsecureCallbacks: false });
		return null;
	} catch (e) {
		const err = e as { status?: number; param?: string; message: string };
		return err.status === 400 && err.param ? err.param : `${err.status ?? 'no status'}: ${err.message}`;
	}
}

function bodyOf(id: string, extra: Values = {}): Record<string, unknown> {
	const { values, issues } = validateModel(model(id), base(id, extra), CTX);
	expect(issues).toEqual([]);
	return buildBody(model(id), values);
}

type Row = [label: string, id: string, extra: Values, expected: 'OK' | string[]];

const NO_IMAGE_RATIO = (r: string) => [`Aspect Ratio is ${r} without an image; add an Image or use 16:9, 9:16, 1:1, 4:3, 3:4 or 21:9`];
const NO_21_9 = ['Aspect Ratio "21:9" is not available at 1080p or 4K; use 16:9, 9:16, 1:1, 4:3, 3:4 or adaptive'];
const FILTER_SEARCH = ['Web Search is on while Content Filter is off; EvoLink refuses the two together: turn Content Filter on or Web Search off'];
const REF_20 = ['Reference Image or Reference Video: add at least one (audio alone is refused)'];
const REF_25 = ['Reference Image, Reference Video or Reference Audio: add at least one'];
const DUR_25 = (d: number) => [`Duration (Seconds) is ${d}; use 4 to 30, or -1 for an automatic length`];
const DRAFT_720 = ['Quality "720p" is not available with Draft on; use 480p'];

describe('Seedance rules: a case that passes and one that fails, with the exact message', () => {
	const D10 = 'doubao-seedance-1.0-pro-fast';
	const rows: Row[] = [
		// 1.0: keep_ratio and adaptive only with an image
		[`${D10}: defaults`, D10, {}, 'OK'],
		[`${D10}: 21:9 without image`, D10, { aspectRatio: '21:9' }, 'OK'],
		[`${D10}: adaptive with image`, D10, { aspectRatio: 'adaptive', imageUrls: IMG() }, 'OK'],
		[`${D10}: keep_ratio with image`, D10, { aspectRatio: 'keep_ratio', imageUrls: IMG() }, 'OK'],
		[`${D10}: adaptive without image`, D10, { aspectRatio: 'adaptive' }, NO_IMAGE_RATIO('adaptive')],
		[`${D10}: keep_ratio without image`, D10, { aspectRatio: 'keep_ratio' }, NO_IMAGE_RATIO('keep_ratio')],
		[`${D10}: two images`, D10, { imageUrls: IMG(2) }, ['Image: 2 URLs given; one allowed']],
		[`${D10}: duration 12`, D10, { duration: 12 }, 'OK'],
		[`${D10}: duration 13`, D10, { duration: 13 }, ['Duration (Seconds) is 13; it must be a whole number from 2 to 12']],
		[`${D10}: prompt 2001 characters`, D10, { prompt: 'x'.repeat(2001) }, ['Prompt has 2001 characters; the maximum is 2000']],
		// 1.5: 0, 1 or 2 images; the prose's ratios
		['1.5: first + last frame', 'seedance-1.5-pro', { imageUrls: IMG(2) }, 'OK'],
		['1.5: three images', 'seedance-1.5-pro', { imageUrls: IMG(3) }, ['Image: 3 URLs given; 1 to 2 allowed']],
		['1.5: adaptive', 'seedance-1.5-pro', { aspectRatio: 'adaptive' }, 'OK'],
		['1.5: keep_ratio', 'seedance-1.5-pro', { aspectRatio: 'keep_ratio' }, ['Aspect Ratio "keep_ratio" is not allowed; use 16:9, 9:16, 1:1, 4:3, 3:4, 21:9 or adaptive']],
		['1.5: duration 3', 'seedance-1.5-pro', { duration: 3 }, ['Duration (Seconds) is 3; it must be a whole number from 4 to 12']],
		// 2.0 standard: no 21:9 at 1080p and 4K
		['2.0 t2v: 21:9 at 720p', 'seedance-2.0-text-to-video', { aspectRatio: '21:9' }, 'OK'],
		['2.0 t2v: 21:9 at 480p', 'seedance-2.0-text-to-video', { aspectRatio: '21:9', quality: '480p' }, 'OK'],
		['2.0 t2v: 16:9 at 4K', 'seedance-2.0-text-to-video', { aspectRatio: '16:9', quality: '4k' }, 'OK'],
		['2.0 t2v: 21:9 at 1080p', 'seedance-2.0-text-to-video', { aspectRatio: '21:9', quality: '1080p' }, NO_21_9],
		['2.0 t2v: 21:9 at 4K', 'seedance-2.0-text-to-video', { aspectRatio: '21:9', quality: '4k' }, NO_21_9],
		['2.0 ref: adaptive at 4K', 'seedance-2.0-reference-to-video', { quality: '4k' }, 'OK'],
		['2.0 ref: 21:9 at 4K', 'seedance-2.0-reference-to-video', { aspectRatio: '21:9', quality: '4k' }, NO_21_9],
		['2.0 fast t2v: 21:9 at 720p', 'seedance-2.0-fast-text-to-video', { aspectRatio: '21:9' }, 'OK'],
		['2.0 fast t2v: 1080p', 'seedance-2.0-fast-text-to-video', { quality: '1080p' }, ['Quality "1080p" is not allowed; use 480p or 720p']],
		['2.0 mini i2v: 1080p', 'seedance-2.0-mini-image-to-video', { quality: '1080p' }, ['Quality "1080p" is not allowed; use 480p or 720p']],
		// content_filter=false with web_search=true
		...(['seedance-2.0-text-to-video', 'seedance-2.0-fast-text-to-video', 'seedance-2.5-text-to-video'].flatMap((id): Row[] => [
			[`${id}: web search on`, id, { webSearch: true }, 'OK'],
			[`${id}: content filter off`, id, { contentFilter: false }, 'OK'],
			[`${id}: both`, id, { webSearch: true, contentFilter: false }, FILTER_SEARCH],
		])),
		// 2.0 reference: an image or a video, audio alone refused
		...(['seedance-2.0-reference-to-video', 'seedance-2.0-fast-reference-to-video', 'seedance-2.0-mini-reference-to-video'].flatMap((id): Row[] => [
			[`${id}: video only`, id, { imageUrls: undefined, videoUrls: VID(3) }, 'OK'],
			[`${id}: image + audio`, id, { audioUrls: AUD(3) }, 'OK'],
			[`${id}: audio only`, id, { imageUrls: undefined, audioUrls: AUD() }, REF_20],
			[`${id}: nothing`, id, { imageUrls: undefined }, REF_20],
			[`${id}: ten images`, id, { imageUrls: IMG(10) }, ['Reference Image: 10 URLs given; 1 to 9 allowed']],
			[`${id}: four videos`, id, { videoUrls: VID(4) }, ['Reference Video: 4 URLs given; 1 to 3 allowed']],
		])),
		// 2.0 image to video: first (and last) frame
		...(['seedance-2.0-image-to-video', 'seedance-2.0-fast-image-to-video', 'seedance-2.0-mini-image-to-video'].flatMap((id): Row[] => [
			[`${id}: first + last frame`, id, { imageUrls: IMG(2) }, 'OK'],
			[`${id}: no image`, id, { imageUrls: undefined }, ['Image is required']],
			[`${id}: three images`, id, { imageUrls: IMG(3) }, ['Image: 3 URLs given; 1 to 2 allowed']],
		])),
		// 2.5: 4 to 30 s or -1
		...(['seedance-2.5-text-to-video', 'seedance-2.5-image-to-video', 'seedance-2.5-reference-to-video', 'seedance-2.5-video-extend'].flatMap((id): Row[] => [
			[`${id}: duration -1`, id, { duration: -1 }, 'OK'],
			[`${id}: duration 4`, id, { duration: 4 }, 'OK'],
			[`${id}: duration 30`, id, { duration: 30 }, 'OK'],
			[`${id}: duration 3`, id, { duration: 3 }, DUR_25(3)],
			[`${id}: duration 0`, id, { duration: 0 }, DUR_25(0)],
			[`${id}: duration 31`, id, { duration: 31 }, ['Duration (Seconds) is 31; it must be a whole number from -1 to 30']],
		])),
		// 2.5: a draft is 480p
		...(['seedance-2.5-text-to-video', 'seedance-2.5-image-to-video', 'seedance-2.5-reference-to-video', 'seedance-2.5-video-edit', 'seedance-2.5-video-extend'].flatMap(
			(id): Row[] => [
				[`${id}: draft at 480p`, id, { draft: true, quality: '480p' }, 'OK'],
				[`${id}: 1080p without draft`, id, { quality: '1080p' }, 'OK'],
				[`${id}: draft at 720p`, id, { draft: true }, DRAFT_720],
			],
		)),
		// 2.5 reference: at least one input of any kind
		['2.5 ref: audio only', 'seedance-2.5-reference-to-video', { imageUrls: undefined, audioUrls: AUD() }, 'OK'],
		['2.5 ref: 30 images, 10 videos, 10 clips', 'seedance-2.5-reference-to-video', { imageUrls: IMG(30), videoUrls: VID(10), audioUrls: AUD(10) }, 'OK'],
		['2.5 ref: nothing', 'seedance-2.5-reference-to-video', { imageUrls: undefined }, REF_25],
		['2.5 ref: 31 images', 'seedance-2.5-reference-to-video', { imageUrls: IMG(31) }, ['Reference Image: 31 URLs given; 1 to 30 allowed']],
		// 2.5 edit / extend: the video is required; the ratio follows it
		['2.5 i2v: fixed ratio', 'seedance-2.5-image-to-video', { aspectRatio: '16:9' }, ['Aspect Ratio "16:9" is not allowed; use adaptive']],
		['2.5 edit: no video', 'seedance-2.5-video-edit', { videoUrls: undefined }, ['Video is required']],
		['2.5 edit: duration 5', 'seedance-2.5-video-edit', { duration: 5 }, ['Duration (Seconds) 5 is not allowed; use -1']],
		['2.5 edit: fixed ratio', 'seedance-2.5-video-edit', { aspectRatio: '16:9' }, ['Aspect Ratio "16:9" is not allowed; use adaptive']],
		['2.5 extend: 10 videos + references', 'seedance-2.5-video-extend', { videoUrls: VID(10), imageUrls: IMG(2), audioUrls: AUD() }, 'OK'],
		['2.5 extend: 11 videos', 'seedance-2.5-video-extend', { videoUrls: VID(11) }, ['Video: 11 URLs given; 1 to 10 allowed']],
		// draft to video: a task id
		['draft to video: task id', 'seedance-2.5-draft-to-video', {}, 'OK'],
		['draft to video: no task id', 'seedance-2.5-draft-to-video', { sourceTaskId: '' }, ['Draft Task ID is required']],
		[
			'draft to video: not a task id',
			'seedance-2.5-draft-to-video',
			{ sourceTaskId: 'abc123' },
			['Draft Task ID: "abc123" is not a task ID; EvoLink task IDs start with task-unified-'],
		],
		['draft to video: mov', 'seedance-2.5-draft-to-video', { outputFormat: 'mov' }, 'OK'],
		['draft to video: webm', 'seedance-2.5-draft-to-video', { outputFormat: 'webm' }, ['Output Format "webm" is not allowed; use mp4 or mov']],
	];
	it.each(rows)('%s', (_label, id, extra, expected) => {
		expect(run(id, extra)).toEqual(expected);
	});

	it('names the field of each rule issue', () => {
		const issues = (id: string, extra: Values) => validateModel(model(id), base(id, extra), CTX).issues.map((i) => i.param);
		expect(issues(D10, { aspectRatio: 'adaptive' })).toEqual(['aspectRatio']);
		expect(issues('seedance-2.0-text-to-video', { webSearch: true, contentFilter: false })).toEqual(['webSearch']);
		expect(issues('seedance-2.0-reference-to-video', { imageUrls: undefined })).toEqual(['imageUrls']);
		expect(issues('seedance-2.5-text-to-video', { duration: 2 })).toEqual(['duration']);
		expect(issues('seedance-2.5-text-to-video', { draft: true })).toEqual(['quality']);
	});
});

describe('Seedance bodies against the simulator', () => {
	it('defines the 17 Seedance models', () => {
		expect(IDS.sort()).toEqual(Object.keys(NEEDS).sort());
	});

	it.each(IDS)('%s: the body from the panel defaults is accepted', (id) => {
		expect(simulate(bodyOf(id))).toBeNull();
	});

	it.each(IDS)('%s: a body with every option set is accepted', (id) => {
		const m = model(id);
		const has = (p: string) => m.fields.some((f) => f.param === p);
		const extra: Values = { callbackUrl: 'https://example.com/hooks/evolink' };
		if (has('contentFilter')) extra.contentFilter = false;
		if (has('outputFormat')) extra.outputFormat = 'mov';
		if (has('generateAudio')) extra.generateAudio = false;
		if (has('duration') && m.fields.find((f) => f.param === 'duration')?.type === 'number') extra.duration = id.startsWith('seedance-2.5') ? -1 : 6;
		const body = bodyOf(id, extra);
		expect(body.callback_url).toBe('https://example.com/hooks/evolink');
		expect(simulate(body)).toBeNull();
	});

	it('sends what was chosen, and nothing the docs do not define', () => {
		expect(bodyOf('doubao-seedance-1.0-pro-fast')).toEqual({ model: 'doubao-seedance-1.0-pro-fast', prompt: 'A lighthouse at dawn' });
		expect(bodyOf('doubao-seedance-1.0-pro-fast', { duration: 5, quality: '720p', aspectRatio: 'keep_ratio', imageUrls: IMG() })).toEqual({
			model: 'doubao-seedance-1.0-pro-fast',
			prompt: 'A lighthouse at dawn',
			image_urls: ['https://example.com/image1.png'],
			duration: 5,
			quality: '720p',
			aspect_ratio: 'keep_ratio',
		});
		expect(bodyOf('seedance-1.5-pro', { generateAudio: false })).toEqual({ model: 'seedance-1.5-pro', prompt: 'A lighthouse at dawn', generate_audio: false });
		expect(bodyOf('seedance-2.0-fast-text-to-video', { webSearch: true })).toEqual({
			model: 'seedance-2.0-fast-text-to-video',
			prompt: 'A lighthouse at dawn',
			duration: 5,
			quality: '720p',
			aspect_ratio: 'adaptive',
			model_params: { web_search: true },
		});
		expect(bodyOf('seedance-2.0-reference-to-video', { videoUrls: VID(2), audioUrls: AUD() })).toMatchObject({
			image_urls: ['https://example.com/image1.png'],
			video_urls: ['https://example.com/video1.mp4', 'https://example.com/video2.mp4'],
			audio_urls: ['https://example.com/audio1.mp3'],
		});
		expect(bodyOf('seedance-2.5-text-to-video', { draft: true, quality: '480p' })).toEqual({
			model: 'seedance-2.5-text-to-video',
			prompt: 'A lighthouse at dawn',
			duration: 5,
			draft: true,
			quality: '480p',
			aspect_ratio: 'adaptive',
		});
		expect(bodyOf('seedance-2.5-video-edit')).toEqual({
			model: 'seedance-2.5-video-edit',
			prompt: 'Make @video1 a night scene',
			video_urls: ['https://example.com/video1.mp4'],
			duration: -1,
			quality: '720p',
			aspect_ratio: 'adaptive',
		});
		expect(bodyOf('seedance-2.5-draft-to-video', { outputFormat: 'mov' })).toEqual({
			model: 'seedance-2.5-draft-to-video',
			source_task_id: 'task-unified-1757169743-7cvnl5zw',
			output_format: 'mov',
		});
	});

	it('the mini text model has no web search to send', () => {
		expect(model('seedance-2.0-mini-text-to-video').fields.some((f) => f.api === 'model_params.web_search')).toBe(false);
		expect(bodyOf('seedance-2.0-mini-text-to-video', { webSearch: true })).not.toHaveProperty('model_params');
	});

	// The same rules, seen from the other side: the bodies they stop are refused by the simulator too.
	const refused: Array<[label: string, body: Record<string, unknown>, param: string]> = [
		['1.0: adaptive without image', { model: 'doubao-seedance-1.0-pro-fast', prompt: 'p', aspect_ratio: 'adaptive' }, 'aspect_ratio'],
		['2.0 t2v: 21:9 at 1080p', { model: 'seedance-2.0-text-to-video', prompt: 'p', quality: '1080p', aspect_ratio: '21:9' }, 'aspect_ratio'],
		['2.0 ref: audio only', { model: 'seedance-2.0-mini-reference-to-video', prompt: 'p', audio_urls: ['https://example.com/a.mp3'] }, 'image_urls'],
		[
			'2.0 fast t2v: filter off + web search',
			{ model: 'seedance-2.0-fast-text-to-video', prompt: 'p', content_filter: false, model_params: { web_search: true } },
			'model_params.web_search',
		],
		['2.5 t2v: duration 3', { model: 'seedance-2.5-text-to-video', prompt: 'p', duration: 3 }, 'duration'],
		['2.5 extend: draft at 720p', { model: 'seedance-2.5-video-extend', prompt: 'p', video_urls: ['https://example.com/v.mp4'], draft: true, quality: '720p' }, 'quality'],
		['2.5 ref: no input', { model: 'seedance-2.5-reference-to-video', prompt: 'p' }, 'image_urls'],
		['draft to video: not a task id', { model: 'seedance-2.5-draft-to-video', source_task_id: 'abc123' }, 'source_task_id'],
	];
	it.each(refused)('the simulator refuses it too: %s', (_label, body, param) => {
		expect(simulate(body)).toBe(param);
	});
});
