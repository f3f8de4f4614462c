/**
 * Wan 2.6, 2.7, 3.0 and 3.0 Prime (families/wanNext.ts, wan27.ts, wan3.ts): every prose rule
 * of the catalogue (test/fixtures/evolink-video-models.json) passes and fails with its exact
 * message, and the body built from valid values is one the simulator accepts too.
 */
import type { ModelDefinition } from '../../nodes/EvoLink/models';
import { buildBody, findModel, validateModel } from '../../nodes/EvoLink/models';
import type { Values } from '../../nodes/EvoLink/models/fields';
import { load, path, REPO } from '../support/host';

const simulator = load(path.join(REPO, 'test', 'simulator', 'models.js')) as {
	validateCreate(body: unknown, ctx: { allowInsecureCallbacks: boolean }): unknown;
};

const CTX = { allowLocalCallbacks: false };
const url = (name: string, ext: string) => `https://example.com/${name}.${ext}`;
const images = (n: number) => ({ source: 'url', urls: Array.from({ length: n }, (_, i) => url(`image${i + 1}`, 'png')) });
const videos = (n: number) => ({ source: 'url', urls: Array.from({ length: n }, (_, i) => url(`video${i + 1}`, 'mp4')) });
const audios = (n: number) => ({ source: 'url', urls: Array.from({ length: n }, (_, i) => url(`audio${i + 1}`, 'mp3')) });
const IMG = images(1);
const VID = videos(1);
const AUD = audios(1);
const bindings = (...list: Array<[string, string]>) => ({ binding: list.map(([input, audioUrl]) => ({ input, audioUrl })) });

function model(id: string): ModelDefinition {
	const m = findModel(id);
	if (!m) throw new Error(`${id} is not offered`);
	return m;
}

/** 'OK' or the messages. */
function check(id: string, values: Values): 'OK' | string[] {
	const { issues } = validateModel(model(id), values, CTX);
	return issues.length === 0 ? 'OK' : issues.map((i) => i.message);
}

function body(id: string, values: Values): Record<string, unknown> {
	const m = model(id);
	const { values: parsed, issues } = validateModel(m, values, CTX);
	expect(issues).toEqual([]);
	return buildBody(m, parsed);
}

/** The simulator's verdict on the body of values the node may refuse (unvalidated: lists as n8n hands them are unwrapped). */
function simulateRaw(id: string, input: Values): string {
	const list = input.voiceBindings as { binding?: Values[] } | undefined;
	return simulate(buildBody(model(id), { ...input, voiceBindings: list?.binding }));
}

/** The simulator's verdict on a body: 'OK' or the message it answers with. */
function simulate(b: Record<string, unknown>): string {
	try {
		simulator.validateCreate(b, { allowInsecureCallbacks: false });
		return 'OK';
	} catch (error) {
		return (error as Error).message;
	}
}

// Smallest valid values, and values with every field set, per model.
const MINIMAL: Record<string, Values> = {
	'wan2.6-text-to-video': { prompt: 'A fox in the snow' },
	'wan2.6-image-to-video': { prompt: 'The fox turns its head', imageUrls: IMG },
	'wan2.6-image-to-video-flash': { prompt: 'The fox turns its head', imageUrls: IMG },
	'wan2.6-reference-video': { prompt: 'The character walks on a beach', videoUrls: VID },
	'wan2.6-reference-video-flash': { prompt: 'The character walks on a beach', videoUrls: VID },
	'wan2.7-text-to-video': { prompt: 'A fox in the snow' },
	'wan2.7-image-to-video': { imageStart: IMG },
	'wan2.7-reference-video': { prompt: 'Image 1 waves', imageUrls: IMG },
	'wan2.7-video-edit': { videoUrls: VID },
	'wan3.0-text-to-video': { prompt: 'A fox in the snow' },
	'wan3.0-prime-text-to-video': { prompt: 'A fox in the snow' },
	'wan3.0-image-to-video': { imageStart: IMG },
	'wan3.0-prime-image-to-video': { imageStart: IMG },
	'wan3.0-reference-video': { prompt: 'Image 1 waves' },
	'wan3.0-prime-reference-video': { prompt: 'Image 1 waves' },
};

const CALLBACK = { callbackUrl: 'https://example.com/hook' };
const WAN26 = { quality: '1080p', duration: 7, shotType: 'multi', ...CALLBACK };
const WAN27 = { negativePrompt: 'text', quality: '1080p', seed: 7, promptExtend: true, ...CALLBACK };
const WAN3 = { duration: 12, quality: '480p', aspectRatio: '9:16', generateAudio: false, seed: 0, ...CALLBACK };
const FULL: Record<string, Values> = {
	'wan2.6-text-to-video': { prompt: 'p', ...WAN26, aspectRatio: '3:4', duration: 15, audioUrl: AUD, promptExtend: true },
	'wan2.6-image-to-video': { prompt: 'p', imageUrls: IMG, ...WAN26, audioUrl: AUD, promptExtend: true },
	'wan2.6-image-to-video-flash': { prompt: 'p', imageUrls: IMG, ...WAN26, generateAudio: false, audioUrl: AUD, promptExtend: true },
	'wan2.6-reference-video': { prompt: 'p', videoUrls: videos(3), aspectRatio: '4:3', ...WAN26, duration: 10 },
	'wan2.6-reference-video-flash': { prompt: 'p', videoUrls: videos(3), aspectRatio: '1:1', ...WAN26, generateAudio: false },
	'wan2.7-text-to-video': { prompt: 'p', audioUrls: AUD, aspectRatio: '4:3', duration: 15, ...WAN27 },
	'wan2.7-image-to-video': { generationMode: 'first_last_frame', prompt: 'p', imageStart: IMG, imageEnd: IMG, audioUrls: AUD, duration: 2, ...WAN27 },
	'wan2.7-reference-video': {
		prompt: 'Image 1 talks to Video 1',
		imageStart: IMG,
		imageUrls: images(2),
		videoUrls: videos(3),
		voiceBindings: bindings(['image2', url('voice1', 'wav')], ['video3', url('voice2', 'mp3')]),
		audioUrls: audios(5),
		aspectRatio: '9:16',
		duration: 10,
		...WAN27,
	},
	'wan2.7-video-edit': { prompt: 'p', videoUrls: VID, imageUrls: images(4), keepOriginalSound: true, aspectRatio: '1:1', duration: 10, ...WAN27 },
	'wan3.0-text-to-video': { prompt: 'p', ...WAN3, duration: -1 },
	'wan3.0-prime-text-to-video': { prompt: 'p', ...WAN3, duration: 30 },
	'wan3.0-image-to-video': { prompt: 'p', imageStart: IMG, imageEnd: IMG, ...WAN3 },
	'wan3.0-prime-image-to-video': { prompt: 'p', imageStart: IMG, imageEnd: IMG, ...WAN3 },
	'wan3.0-reference-video': { prompt: 'p', imageUrls: images(10), videoUrls: videos(5), audioUrls: audios(5), fileUrl: url('brief', 'pdf'), ...WAN3 },
	'wan3.0-prime-reference-video': { prompt: 'p', imageUrls: images(10), videoUrls: videos(5), audioUrls: audios(5), linkUrl: 'https://example.com/product', ...WAN3 },
};
const IDS = Object.keys(MINIMAL);

describe('wan 2.6 / 2.7 / 3.0: bodies the simulator accepts', () => {
	it('covers every model of these families', () => {
		expect(IDS.every((id) => findModel(id)?.family === 'Wan')).toBe(true);
		expect(Object.keys(FULL).sort()).toEqual([...IDS].sort());
	});

	it.each(IDS)('%s: minimal values', (id) => {
		expect(simulate(body(id, MINIMAL[id]))).toBe('OK');
	});

	it.each(IDS)('%s: every field set', (id) => {
		const b = body(id, FULL[id]);
		expect(simulate(b)).toBe('OK');
		expect(b.callback_url).toBe('https://example.com/hook');
	});

	it('sends exactly the fields given, at their API paths', () => {
		expect(body('wan2.6-image-to-video-flash', FULL['wan2.6-image-to-video-flash'])).toEqual({
			model: 'wan2.6-image-to-video-flash',
			prompt: 'p',
			image_urls: [url('image1', 'png')],
			quality: '1080p',
			duration: 7,
			model_params: { shot_type: 'multi' },
			generate_audio: false,
			audio_url: url('audio1', 'mp3'),
			callback_url: 'https://example.com/hook',
		});
		expect(body('wan3.0-reference-video', { prompt: 'p', fileUrl: url('brief', 'pdf') })).toEqual({
			model: 'wan3.0-reference-video',
			prompt: 'p',
			model_params: { file_url: url('brief', 'pdf') },
		});
	});

	it('sends the documented defaults the panel starts with, and nothing undocumented', () => {
		expect(body('wan2.6-text-to-video', { prompt: 'p', aspectRatio: '16:9', quality: '720p', shotType: '' })).toEqual({
			model: 'wan2.6-text-to-video',
			prompt: 'p',
			aspect_ratio: '16:9',
			quality: '720p',
		});
		expect(body('wan2.7-video-edit', { videoUrls: VID, keepOriginalSound: false, quality: '720p', aspectRatio: '', duration: 0 })).toEqual({
			model: 'wan2.7-video-edit',
			video_urls: [url('video1', 'mp4')],
			quality: '720p',
			duration: 0,
		});
	});
});

describe('wan2.6: Shot Type only works with Prompt Extend on', () => {
	const ids = ['wan2.6-text-to-video', 'wan2.6-image-to-video', 'wan2.6-image-to-video-flash'];
	it.each(ids)('%s', (id) => {
		expect(check(id, { ...MINIMAL[id], shotType: 'multi' })).toBe('OK');
		expect(check(id, { ...MINIMAL[id], shotType: 'multi', promptExtend: true })).toBe('OK');
		expect(check(id, { ...MINIMAL[id], promptExtend: false })).toBe('OK');
		expect(check(id, { ...MINIMAL[id], shotType: 'multi', promptExtend: false })).toEqual([
			'Shot Type is multi, which only works with Prompt Extend on; turn Prompt Extend on or set Shot Type to Model Default',
		]);
	});

	it('the reference models have no Prompt Extend, and take Shot Type as is', () => {
		expect(check('wan2.6-reference-video', { ...MINIMAL['wan2.6-reference-video'], shotType: 'single' })).toBe('OK');
	});

	it('offers 720p and 1080p, and the five ratios', () => {
		expect(check('wan2.6-text-to-video', { prompt: 'p', quality: '480p' })).toEqual(['Quality "480p" is not allowed; use 720p or 1080p']);
		expect(check('wan2.6-reference-video', { ...MINIMAL['wan2.6-reference-video'], aspectRatio: '21:9' })).toEqual([
			'Aspect Ratio "21:9" is not allowed; use 16:9, 9:16, 1:1, 4:3 or 3:4',
		]);
	});

	it('reference videos: 1 to 3, duration 2 to 10', () => {
		const id = 'wan2.6-reference-video-flash';
		expect(check(id, { prompt: 'p', videoUrls: videos(4) })).toEqual(['Reference Videos: 4 URLs given; 1 to 3 allowed']);
		expect(check(id, { prompt: 'p', videoUrls: VID, duration: 11 })).toEqual(['Duration (Seconds) is 11; it must be a whole number from 2 to 10']);
	});
});

describe('wan2.7-image-to-video: what each Generation Mode needs and refuses', () => {
	const id = 'wan2.7-image-to-video';
	type Row = [label: string, input: Values, expected: 'OK' | string[]];
	const rows: Row[] = [
		['no input, no mode', { prompt: 'p' }, ['First Frame or Video to Continue is required: the video is made from one of them']],
		['no mode, first frame', { imageStart: IMG }, 'OK'],
		['no mode, both frames and audio', { imageStart: IMG, imageEnd: IMG, audioUrls: AUD }, 'OK'],
		['no mode, video', { videoUrls: VID }, 'OK'],
		['no mode, video and last frame', { videoUrls: VID, imageEnd: IMG }, 'OK'],
		[
			'no mode, video and first frame',
			{ videoUrls: VID, imageStart: IMG },
			['First Frame is not allowed with Generation Mode "Video Continuation" (picked because a Video to Continue is given); remove it'],
		],
		[
			'no mode, video and audio',
			{ videoUrls: VID, audioUrls: AUD },
			['Driving Audio is not allowed with Generation Mode "Video Continuation" (picked because a Video to Continue is given); remove it'],
		],
		['first_frame', { generationMode: 'first_frame', imageStart: IMG, audioUrls: AUD }, 'OK'],
		['first_frame without it', { generationMode: 'first_frame', videoUrls: VID }, [
			'First Frame is required with Generation Mode "First Frame"',
			'Video to Continue is not allowed with Generation Mode "First Frame"; remove it',
		]],
		['first_frame with last frame', { generationMode: 'first_frame', imageStart: IMG, imageEnd: IMG }, [
			'Last Frame is not allowed with Generation Mode "First Frame"; remove it',
		]],
		['first_last_frame', { generationMode: 'first_last_frame', imageStart: IMG, imageEnd: IMG }, 'OK'],
		['first_last_frame, one frame', { generationMode: 'first_last_frame', imageStart: IMG }, [
			'Last Frame is required with Generation Mode "First and Last Frame"',
		]],
		['first_last_frame with video', { generationMode: 'first_last_frame', imageStart: IMG, imageEnd: IMG, videoUrls: VID }, [
			'Video to Continue is not allowed with Generation Mode "First and Last Frame"; remove it',
		]],
		['video_continuation', { generationMode: 'video_continuation', videoUrls: VID, imageEnd: IMG }, 'OK'],
		['video_continuation without video', { generationMode: 'video_continuation', imageEnd: IMG }, [
			'Video to Continue is required with Generation Mode "Video Continuation"',
		]],
		['video_continuation with first frame and audio', { generationMode: 'video_continuation', videoUrls: VID, imageStart: IMG, audioUrls: AUD }, [
			'First Frame is not allowed with Generation Mode "Video Continuation"; remove it',
			'Driving Audio is not allowed with Generation Mode "Video Continuation"; remove it',
		]],
		['one video only', { videoUrls: videos(2) }, ['Video to Continue: 2 URLs given; one allowed']],
	];
	it.each(rows)('%s', (_label, input, expected) => {
		expect(check(id, input)).toEqual(expected);
	});

	// The simulator checks the same rule independently: it must agree on every row.
	it.each(rows)('the simulator agrees: %s', (_label, input, expected) => {
		const verdict = simulateRaw(id, input);
		if (expected === 'OK') expect(verdict).toBe('OK');
		else expect(verdict).not.toBe('OK');
	});
});

describe('wan2.7-reference-video: references, duration and voices', () => {
	const id = 'wan2.7-reference-video';
	const base = { prompt: 'Image 1 waves' };
	type Row = [label: string, input: Values, expected: 'OK' | string[]];
	const rows: Row[] = [
		['first frame alone', { ...base, imageStart: IMG }, [
			'Reference Images or Reference Videos: add at least one (a First Frame alone is not enough)',
		]],
		['5 images', { ...base, imageUrls: images(5) }, 'OK'],
		['3 images + 2 videos', { ...base, imageUrls: images(3), videoUrls: videos(2) }, 'OK'],
		['4 images + 2 videos', { ...base, imageUrls: images(4), videoUrls: videos(2) }, [
			'Reference Images and Reference Videos: 4 + 2 given; at most 5 together',
		]],
		['6 images', { ...base, imageUrls: images(6) }, ['Reference Images: 6 URLs given; 1 to 5 allowed']],
		['15 s with images', { ...base, imageUrls: IMG, duration: 15 }, 'OK'],
		['10 s with a video', { ...base, videoUrls: VID, duration: 10 }, 'OK'],
		['11 s with a video', { ...base, videoUrls: VID, duration: 11 }, ['Duration (Seconds) is 11 with Reference Videos; use 2 to 10']],
		['voices for image 2 and video 1', { ...base, imageUrls: images(2), videoUrls: VID, voiceBindings: bindings(['image2', url('v1', 'mp3')], ['video1', url('v2', 'wav')]) }, 'OK'],
		['voice for image 3 of 2', { ...base, imageUrls: images(2), voiceBindings: bindings(['image3', url('v1', 'mp3')]) }, [
			'Voice Bindings: Image 3 has a voice, but 2 Reference Images are given',
		]],
		['voice for a video, none given', { ...base, imageUrls: IMG, voiceBindings: bindings(['video1', url('v1', 'mp3')]) }, [
			'Voice Bindings: Video 1 has a voice, but 0 Reference Videos are given',
		]],
		['same character twice', { ...base, imageUrls: IMG, voiceBindings: bindings(['image1', url('v1', 'mp3')], ['image1', url('v2', 'mp3')]) }, [
			'Voice Bindings: Image 1 is bound twice; give each character one voice',
		]],
	];
	it.each(rows)('%s', (_label, input, expected) => {
		expect(check(id, input)).toEqual(expected);
	});

	// A body cannot bind one key twice (an object): that row is the node's own guard against a lost voice.
	it.each(rows.filter(([label]) => label !== 'same character twice'))('the simulator agrees: %s', (_label, input, expected) => {
		const verdict = simulateRaw(id, input);
		if (expected === 'OK') expect(verdict).toBe('OK');
		else expect(verdict).not.toBe('OK');
	});

	it('a voice must be a URL', () => {
		expect(check(id, { ...base, imageUrls: IMG, voiceBindings: bindings(['image1', 'voice.mp3']) })).toEqual([
			'Voice Binding 1: Voice Audio URL: "voice.mp3" is not a public http(s) URL',
		]);
	});

	it('sends the bindings as { image1: url }, and no model_params without any', () => {
		const b = body(id, { ...base, imageUrls: images(2), voiceBindings: bindings(['image2', url('v', 'mp3')]) });
		expect(b.model_params).toEqual({ voice_bindings: { image2: url('v', 'mp3') } });
		expect(body(id, { ...base, imageUrls: IMG, voiceBindings: {} })).not.toHaveProperty('model_params');
	});
});

describe('wan2.7-video-edit: duration 0 or 2 to 10', () => {
	const id = 'wan2.7-video-edit';
	it.each([0, 2, 10])('%d s', (duration) => {
		expect(check(id, { videoUrls: VID, duration })).toBe('OK');
	});
	it('1 s', () => {
		expect(check(id, { videoUrls: VID, duration: 1 })).toEqual(['Duration (Seconds) is 1; use 0 (keep the input length) or 2 to 10']);
		expect(simulateRaw(id, { videoUrls: VID, duration: 1 })).not.toBe('OK');
	});
	it('at most 4 reference images, exactly one video', () => {
		expect(check(id, { videoUrls: VID, imageUrls: images(5) })).toEqual(['Reference Images: 5 URLs given; 1 to 4 allowed']);
		expect(check(id, { prompt: 'p' })).toEqual(['Video to Edit is required']);
	});
});

describe('wan3.0 and 3.0 Prime', () => {
	const wan3 = IDS.filter((id) => id.startsWith('wan3.0'));

	describe.each(wan3)('%s: duration 2 to 30, or -1', (id) => {
		it.each([-1, 2, 5, 30])('%d s', (duration) => {
			expect(check(id, { ...MINIMAL[id], duration })).toBe('OK');
		});
		it.each([0, 1])('%d s', (duration) => {
			expect(check(id, { ...MINIMAL[id], duration })).toEqual([`Duration (Seconds) is ${duration}; use 2 to 30, or -1 to let the model choose`]);
			expect(simulateRaw(id, { ...MINIMAL[id], duration })).not.toBe('OK');
		});
		it('31 s, -2 s', () => {
			expect(check(id, { ...MINIMAL[id], duration: 31 })).toEqual(['Duration (Seconds) is 31; it must be a whole number from -1 to 30']);
			expect(check(id, { ...MINIMAL[id], duration: -2 })).toEqual(['Duration (Seconds) is -2; it must be a whole number from -1 to 30']);
		});
	});

	it.each(wan3)('%s: the prompt has at most 20000 characters (the API would cut the rest)', (id) => {
		expect(check(id, { ...MINIMAL[id], prompt: 'x'.repeat(20000) })).toBe('OK');
		expect(check(id, { ...MINIMAL[id], prompt: 'x'.repeat(20001) })).toEqual(['Prompt has 20001 characters; the maximum is 20000']);
	});

	describe.each(['wan3.0-reference-video', 'wan3.0-prime-reference-video'])('%s', (id) => {
		it('Document URL and Web Page URL exclude each other', () => {
			expect(check(id, { prompt: 'p', fileUrl: url('brief', 'pdf') })).toBe('OK');
			expect(check(id, { prompt: 'p', linkUrl: 'https://example.com/product' })).toBe('OK');
			const both = { prompt: 'p', fileUrl: url('brief', 'pdf'), linkUrl: 'https://example.com/product' };
			expect(check(id, both)).toEqual(['Document URL and Web Page URL are both given; use one or the other']);
			expect(simulateRaw(id, both)).not.toBe('OK');
		});
		it('they are URLs', () => {
			expect(check(id, { prompt: 'p', fileUrl: 'brief.pdf' })).toEqual(['Document URL: "brief.pdf" is not a public http(s) URL']);
		});
		it('the prompt is required (the prose; the schema does not list it)', () => {
			expect(check(id, { imageUrls: IMG })).toEqual(['Prompt is required']);
			expect(simulateRaw(id, { imageUrls: IMG })).not.toBe('OK');
		});
		it('up to 10 images, 5 videos, 5 sounds', () => {
			expect(check(id, { prompt: 'p', imageUrls: images(11), videoUrls: videos(6), audioUrls: audios(6) })).toEqual([
				'Reference Images: 11 URLs given; 1 to 10 allowed',
				'Reference Videos: 6 URLs given; 1 to 5 allowed',
				'Reference Audio: 6 URLs given; 1 to 5 allowed',
			]);
		});
	});

	it.each(['wan3.0-image-to-video', 'wan3.0-prime-image-to-video'])('%s: the first frame is required (a last frame alone is not enough)', (id) => {
		expect(check(id, { imageEnd: IMG })).toEqual(['First Frame is required']);
	});
});
