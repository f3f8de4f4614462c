/**
 * Veo, Sora, OmniHuman, Topaz and VideoRetalk: every prose rule of the catalogue
 * (test/fixtures/evolink-video-models.json) as a table, input values → exact messages (or
 * OK). Each row is also sent to the EvoLink simulator, which validates on its own from the
 * same catalogue: what the node accepts the simulator accepts, what it refuses the
 * simulator refuses.
 */
import { buildBody, validateModel } from '../../nodes/EvoLink/models';
import type { Values } from '../../nodes/EvoLink/models/fields';
import { CTX, model, panelDefaults, simulate, table, x } from './family';

const urls = (...names: string[]) => ({ source: 'url', urls: names.map((n) => `https://cdn.example.com/${n}`) });
const images = (n: number) => urls(...Array.from({ length: n }, (_, i) => `image${i + 1}.png`));

const P = { prompt: 'A paper boat drifting down a rainy street' };

describe('Veo', () => {
	const preview = (id: string) =>
		table(id, [
			['prompt only', P, 'OK'],
			['no prompt', {}, ['Prompt is required']],
			['prompt of 2001 characters', { prompt: x(2001) }, ['Prompt has 2001 characters; the maximum is 2000']],
			[
				'every setting',
				{ ...P, n: 4, seed: 4294967295, quality: '4k', duration: 8, aspectRatio: 'auto', personGeneration: 'allow_adult', negativePrompt: 'text', generateAudio: false },
				'OK',
			],
			['seed 0', { ...P, seed: 0 }, ['Seed is 0; it must be a whole number from 1 to 4294967295']],
			['5 videos', { ...P, n: 5 }, ['Number of Videos is 5; it must be a whole number from 1 to 4']],
			['duration 5', { ...P, duration: 5 }, ['Duration (Seconds) 5 is not allowed; use 4, 6 or 8']],
			['4 images', { ...P, imageUrls: images(4) }, ['Images: 4 URLs given; 1 to 3 allowed']],
			['Text to Video with no image', { ...P, generationType: 'TEXT' }, 'OK'],
			[
				'Text to Video with an image',
				{ ...P, generationType: 'TEXT', imageUrls: images(1) },
				['Images: 1 given, but Generation Type Text to Video takes none; remove them or choose First & Last Frame'],
			],
			['First & Last Frame, 2 images, crop', { ...P, generationType: 'FIRST&LAST', imageUrls: images(2), resizeMode: 'crop', duration: 6 }, 'OK'],
			[
				'First & Last Frame without images',
				{ ...P, generationType: 'FIRST&LAST' },
				['Images: 0 given; Generation Type First & Last Frame takes 1 or 2 (first frame, then last frame)'],
			],
			[
				'First & Last Frame with 3 images',
				{ ...P, generationType: 'FIRST&LAST', imageUrls: images(3) },
				['Images: 3 given; Generation Type First & Last Frame takes 1 or 2 (first frame, then last frame)'],
			],
			['Reference Images, 8 s, 16:9, no audio', { ...P, generationType: 'REFERENCE', imageUrls: images(3), duration: 8, aspectRatio: '16:9', generateAudio: false }, 'OK'],
			// Number of Videos and Quality are not read as "advanced" settings (the simulator agrees).
			['Reference Images with 2 videos at 1080p', { ...P, generationType: 'REFERENCE', imageUrls: images(1), n: 2, quality: '1080p' }, 'OK'],
			['Reference Images without images', { ...P, generationType: 'REFERENCE' }, ['Images: none given; Generation Type Reference Images takes 1 to 3']],
			[
				'Reference Images, 4 s',
				{ ...P, generationType: 'REFERENCE', imageUrls: images(1), duration: 4 },
				['Duration (Seconds) is 4 with Reference Images; use 8 (or Model Default)'],
			],
			[
				'Reference Images, 9:16',
				{ ...P, generationType: 'REFERENCE', imageUrls: images(1), aspectRatio: '9:16' },
				['Aspect Ratio is 9:16 with Reference Images; use 16:9 (or Model Default)'],
			],
			[
				'Reference Images, auto ratio',
				{ ...P, generationType: 'REFERENCE', imageUrls: images(1), aspectRatio: 'auto' },
				['Aspect Ratio is auto with Reference Images; use 16:9 (or Model Default)'],
			],
			[
				'Reference Images with seed, negative prompt, person generation and resize mode',
				{ ...P, generationType: 'REFERENCE', imageUrls: images(2), seed: 7, negativePrompt: 'text', personGeneration: 'dont_allow', resizeMode: 'pad' },
				[
					'Seed is not available with Reference Images (only Generate Audio is); remove it',
					'Negative Prompt is not available with Reference Images (only Generate Audio is); remove it',
					'Person Generation is not available with Reference Images (only Generate Audio is); remove it',
					'Resize Mode is not available with Reference Images (only Generate Audio is); remove it',
				],
			],
			['no type, 3 images, 8 s', { ...P, imageUrls: images(3), duration: 8 }, 'OK'],
			[
				'no type, 3 images, 6 s',
				{ ...P, imageUrls: images(3), duration: 6 },
				['Duration (Seconds) is 6 with 3 images (Reference Images); use 8 (or Model Default)'],
			],
			[
				'no type, 3 images, seed',
				{ ...P, imageUrls: images(3), seed: 1 },
				['Seed is not available with 3 images (Reference Images) (only Generate Audio is); remove it'],
			],
			['no type, 2 images, 4 s, 9:16, pad', { ...P, imageUrls: images(2), duration: 4, aspectRatio: '9:16', resizeMode: 'pad' }, 'OK'],
			['resize mode without an image', { ...P, resizeMode: 'crop' }, ['Resize Mode only applies to image to video; remove it or add an image']],
			[
				'resize mode with Text to Video',
				{ ...P, generationType: 'TEXT', resizeMode: 'pad' },
				['Resize Mode only applies to image to video; remove it or add an image'],
			],
			['generation type FIRST_LAST', { ...P, generationType: 'FIRST_LAST' }, ['Generation Type "FIRST_LAST" is not allowed; use TEXT, FIRST&LAST or REFERENCE']],
		]);
	preview('veo-3.1-generate-preview');
	preview('veo-3.1-fast-generate-preview');

	table('veo3.1-fast-beta', [
		['prompt only', P, 'OK'],
		['First & Last Frame, 2 images, 9:16, 720p', { ...P, generationType: 'FIRST&LAST', imageUrls: images(2), aspectRatio: '9:16', quality: '720p' }, 'OK'],
		['Reference Images, 3 images, enhance off', { ...P, generationType: 'REFERENCE', imageUrls: images(3), enhancePrompt: false }, 'OK'],
		['no type, 3 images', { ...P, imageUrls: images(3) }, 'OK'],
		[
			'First & Last Frame with 3 images',
			{ ...P, generationType: 'FIRST&LAST', imageUrls: images(3) },
			['Images: 3 given; Generation Type First & Last Frame takes 1 or 2 (first frame, then last frame)'],
		],
		['Reference Images without images', { ...P, generationType: 'REFERENCE' }, ['Images: none given; Generation Type Reference Images takes 1 to 3']],
		[
			'Text to Video with an image',
			{ ...P, generationType: 'TEXT', imageUrls: images(1) },
			['Images: 1 given, but Generation Type Text to Video takes none; remove them or choose First & Last Frame'],
		],
		['1080p', { ...P, quality: '1080p' }, ['Quality "1080p" is not allowed; use 720p']],
	]);

	table('veo3.1-pro-beta', [
		['prompt only', P, 'OK'],
		['one image, no type', { ...P, imageUrls: images(1) }, 'OK'],
		['First & Last Frame, 2 images', { ...P, generationType: 'FIRST&LAST', imageUrls: images(2), enhancePrompt: false }, 'OK'],
		['3 images', { ...P, imageUrls: images(3) }, ['Images: 3 URLs given; 1 to 2 allowed']],
		['Reference Images', { ...P, generationType: 'REFERENCE', imageUrls: images(1) }, ['Generation Type "REFERENCE" is not allowed; use TEXT or FIRST&LAST']],
		[
			'First & Last Frame without images',
			{ ...P, generationType: 'FIRST&LAST' },
			['Images: 0 given; Generation Type First & Last Frame takes 1 or 2 (first frame, then last frame)'],
		],
	]);
});

describe('Sora', () => {
	table('sora-2-preview', [
		['prompt only', P, 'OK'],
		['image, 1280x720, 12 s', { ...P, imageUrls: images(1), aspectRatio: '1280x720', duration: 12 }, 'OK'],
		['no prompt', { imageUrls: images(1) }, ['Prompt is required']],
		['prompt of 5001 characters', { prompt: x(5001) }, ['Prompt has 5001 characters; the maximum is 5000']],
		['10 s', { ...P, duration: 10 }, ['Duration (Seconds) 10 is not allowed; use 4, 8 or 12']],
		['2 images', { ...P, imageUrls: images(2) }, ['Image: 2 URLs given; one allowed']],
		['1:1', { ...P, aspectRatio: '1:1' }, ['Aspect Ratio "1:1" is not allowed; use 1280x720, 720x1280, 16:9 or 9:16']],
	]);

	table('sora-2-pro-preview', [
		['prompt only', P, 'OK'],
		['image, 9:16, 8 s, 1080p', { ...P, imageUrls: images(1), aspectRatio: '9:16', duration: 8, quality: '1080p' }, 'OK'],
		['1280x720', { ...P, aspectRatio: '1280x720' }, ['Aspect Ratio "1280x720" is not allowed; use 16:9 or 9:16']],
		['4k', { ...P, quality: '4k' }, ['Quality "4k" is not allowed; use 720p or 1080p']],
		['"4" s from an expression', { ...P, duration: '4' }, 'OK'],
	]);
});

const PERSON = { imageUrls: urls('person.png'), audioUrl: urls('voice.mp3') };
const CLIP = { videoUrl: urls('speaker.mp4'), audioUrl: urls('speech.wav') };

describe('OmniHuman, Topaz, VideoRetalk', () => {
	table('omnihuman-1.5', [
		['image and audio', PERSON, 'OK'],
		[
			'every setting',
			{ ...PERSON, prompt: 'She smiles', maskUrl: urls('m1.png', 'm2.png'), peFastMode: true, autoMask: true, subjectCheck: true, seed: 42 },
			'OK',
		],
		['no audio', { imageUrls: urls('person.png') }, ['Audio is required']],
		['no image', { audioUrl: urls('voice.mp3') }, ['Image is required']],
		['2 images', { ...PERSON, imageUrls: images(2) }, ['Image: 2 URLs given; one allowed']],
		['2 audio URLs', { ...PERSON, audioUrl: urls('a.mp3', 'b.mp3') }, ['Audio: 2 URLs given; one allowed'], false],
		// The catalogue sets no limit on masks (catalogue-exceptions.ts): the simulator has none.
		['11 masks', { ...PERSON, maskUrl: images(11) }, ['Masks: 11 URLs given; 1 to 10 allowed'], false],
	]);

	table('topaz-video-upscale', [
		['video only', { videoUrls: urls('clip.mp4') }, 'OK'],
		['1x (enhance only)', { videoUrls: urls('clip.mp4'), upscaleFactor: '1' }, 'OK'],
		['4 as a number (expression)', { videoUrls: urls('clip.mp4'), upscaleFactor: 4 }, 'OK'],
		['3x', { videoUrls: urls('clip.mp4'), upscaleFactor: '3' }, ['Upscale Factor "3" is not allowed; use 1, 2 or 4']],
		['no video', {}, ['Video is required']],
		['2 videos', { videoUrls: urls('a.mp4', 'b.mp4') }, ['Video: 2 URLs given; one allowed']],
	]);

	table('videoretalk', [
		['video and audio', CLIP, 'OK'],
		['every setting', { ...CLIP, refImageUrl: urls('face.png'), videoExtension: true, queryFaceThreshold: 200 }, 'OK'],
		['threshold 119', { ...CLIP, queryFaceThreshold: 119 }, ['Face Match Threshold is 119; it must be a whole number from 120 to 200']],
		['threshold 201', { ...CLIP, queryFaceThreshold: 201 }, ['Face Match Threshold is 201; it must be a whole number from 120 to 200']],
		['no audio', { videoUrl: urls('speaker.mp4') }, ['Audio is required']],
		['no video', { audioUrl: urls('speech.wav') }, ['Video is required']],
	]);
});

/** Per model: the inputs it cannot do without; everything else as the panel starts. */
const MINIMAL: Record<string, Values> = {
	'veo-3.1-generate-preview': P,
	'veo-3.1-fast-generate-preview': P,
	'veo3.1-fast-beta': P,
	'veo3.1-pro-beta': P,
	'sora-2-preview': P,
	'sora-2-pro-preview': P,
	'omnihuman-1.5': PERSON,
	'topaz-video-upscale': { videoUrls: urls('clip.mp4') },
	videoretalk: CLIP,
};

describe('request bodies', () => {
	it.each(Object.keys(MINIMAL))('%s: the panel defaults give a body the simulator accepts', (id) => {
		const m = model(id);
		const { values, issues } = validateModel(m, { ...panelDefaults(m), ...MINIMAL[id] }, CTX);
		expect(issues).toEqual([]);
		expect(simulate(buildBody(m, values))).toBe('accepted');
	});

	const bodyOf = (id: string, input: Values = {}) => {
		const m = model(id);
		return buildBody(m, validateModel(m, { ...panelDefaults(m), ...MINIMAL[id], ...input }, CTX).values);
	};

	it('Veo preview: nothing but the prompt unless set (the defaults are prose only)', () => {
		expect(bodyOf('veo-3.1-generate-preview')).toEqual({ model: 'veo-3.1-generate-preview', prompt: P.prompt });
	});

	it('Veo preview: Generate Audio, once added, starts on and is sent either way', () => {
		const field = model('veo-3.1-generate-preview').fields.find((f) => f.param === 'generateAudio');
		expect(field).toMatchObject({ optional: true, default: true });
		expect(field?.apiDefault).toBeUndefined();
		expect(bodyOf('veo-3.1-generate-preview', { generateAudio: true })).toMatchObject({ generate_audio: true });
		expect(bodyOf('veo-3.1-generate-preview', { generateAudio: false })).toMatchObject({ generate_audio: false });
	});

	it('Veo beta: auto aspect ratio is the documented default', () => {
		expect(bodyOf('veo3.1-pro-beta')).toEqual({ model: 'veo3.1-pro-beta', prompt: P.prompt, aspect_ratio: 'auto' });
	});

	it('Topaz: the upscale factor goes in model_params as text', () => {
		expect(bodyOf('topaz-video-upscale', { upscaleFactor: 4 })).toEqual({
			model: 'topaz-video-upscale',
			video_urls: ['https://cdn.example.com/clip.mp4'],
			model_params: { upscale_factor: '4' },
		});
	});

	it('OmniHuman: one audio URL, masks as a list, documented defaults not sent', () => {
		expect(bodyOf('omnihuman-1.5', { maskUrl: urls('m.png') })).toEqual({
			model: 'omnihuman-1.5',
			image_urls: ['https://cdn.example.com/person.png'],
			audio_url: 'https://cdn.example.com/voice.mp3',
			mask_url: ['https://cdn.example.com/m.png'],
		});
	});

	it('VideoRetalk: single URLs; the face threshold only when added', () => {
		expect(bodyOf('videoretalk')).toEqual({
			model: 'videoretalk',
			video_url: 'https://cdn.example.com/speaker.mp4',
			audio_url: 'https://cdn.example.com/speech.wav',
		});
		expect(bodyOf('videoretalk', { queryFaceThreshold: 150, videoExtension: true })).toMatchObject({ query_face_threshold: 150, video_extension: true });
	});
});
