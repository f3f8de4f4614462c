/**
 * Kling beyond kling-v3-text-to-video (families/klingOmni.ts, families/klingMore.ts): the
 * catalogue's prose rules, and for every model bodies that the EvoLink simulator (validating
 * independently from the same catalogue) accepts.
 */
import type { INodeProperties } from 'n8n-workflow';

import { buildBody, panelProperties } from '../../nodes/EvoLink/models';
import { klingMore } from '../../nodes/EvoLink/models/families/klingMore';
import { klingOmni } from '../../nodes/EvoLink/models/families/klingOmni';
import type { Values } from '../../nodes/EvoLink/models/fields';
import { MODEL_DEFAULT } from '../../nodes/EvoLink/models/panel';
import { binary, body, check, images, model, simulate, videos, x } from './family';

const elements = (n: number) => ({ element: Array.from({ length: n }, (_, i) => ({ elementId: `el-${i + 1}` })) });
const shots = (...seconds: number[]) => ({ shot: seconds.map((duration, i) => ({ prompt: `Shot ${i + 1}`, duration })) });
const prompt = 'A fox runs through the snow';

/** Parameter names the node itself uses. */
const RESERVED = [
	'model',
	'operation',
	'resource',
	'options',
	'waitForCompletion',
	'waitMode',
	'downloadVideo',
	'binaryPropertyName',
	'waitOptions',
	'callbackLimit',
	'callbackLimitUnit',
	'taskId',
	'limit',
	'filters',
	'includeResults',
	'toolDescription',
];

const OMNI = klingOmni.map((m) => m.id);
const MORE = klingMore.map((m) => m.id);

/** Only what is required, per model. */
const LEAST: Record<string, Values> = {
	'kling-o1-image-to-video': { prompt, imageUrls: images(1) },
	'kling-o1-video-edit': { prompt, videoUrls: videos(1) },
	'kling-o1-video-edit-fast': { prompt, videoUrls: videos(1) },
	'kling-o3-text-to-video': { prompt },
	'kling-o3-image-to-video': { prompt, imageStart: images(1) },
	'kling-o3-reference-to-video': { prompt },
	'kling-o3-video-edit': { videoUrl: videos(1) },
	'kling-v3-image-to-video': { imageStart: images(1) },
	'kling-v3-turbo-image-to-video': { imageStart: images(1) },
	'kling-v3-turbo-text-to-video': { prompt },
	'kling-v2.6-motion-control': { imageUrls: images(1), videoUrls: videos(1) },
	'kling-v3-motion-control': { imageUrls: images(1), videoUrls: videos(1) },
	'kling-custom-element': { elementName: 'Fox', elementDescription: 'A red fox', frontalImage: images(1), referImages: images(1) },
};

/** Every field set, as far as the model's rules allow together. */
const MOST: Record<string, Values> = {
	'kling-o1-image-to-video': { prompt: x(5000), imageUrls: images(2), aspectRatio: '1:1', duration: 10, callbackUrl: 'https://example.com/hook' },
	'kling-o1-video-edit': { prompt: x(5000), videoUrls: videos(1), imageUrls: images(4), keepOriginalSound: false },
	'kling-o1-video-edit-fast': { prompt, videoUrls: videos(1), imageUrls: images(4), keepOriginalSound: true },
	'kling-o3-text-to-video': {
		prompt: x(2500),
		duration: 15,
		aspectRatio: '9:16',
		quality: '4k',
		sound: true,
		multiShot: true,
		shotType: 'customize',
		shots: { shot: [{ prompt: x(600), duration: 5 }, ...shots(5, 5).shot] },
		elementList: elements(7),
		watermark: true,
	},
	'kling-o3-image-to-video': {
		prompt: x(2500),
		imageStart: images(1),
		imageUrls: images(3),
		duration: 15,
		aspectRatio: '1:1',
		quality: '4k',
		sound: true,
		multiShot: true,
		shotType: 'customize',
		shots: { shot: [{ prompt: x(512), duration: 3 }, ...shots(3, 3, 3, 3).shot] },
		elementList: elements(3),
		watermark: false,
	},
	'kling-o3-reference-to-video': {
		prompt: x(2500),
		videoUrl: videos(1),
		keepOriginalSound: false,
		imageUrls: images(2),
		duration: 10,
		aspectRatio: '16:9',
		quality: '1080p',
		elementList: elements(2),
		watermark: true,
	},
	'kling-o3-video-edit': {
		prompt: x(2500),
		videoUrl: videos(1),
		keepOriginalSound: false,
		imageUrls: images(1),
		quality: '1080p',
		elementList: elements(3),
		watermark: true,
	},
	'kling-v3-image-to-video': {
		imageStart: images(1),
		imageEnd: images(1, 'last'),
		prompt: x(2500),
		negativePrompt: 'text, watermark',
		duration: 10,
		quality: '4k',
		sound: true,
		multiShot: true,
		shotType: 'customize',
		shots: shots(1, 2, 3, 4),
		elementList: elements(3),
		watermark: true,
	},
	'kling-v3-turbo-image-to-video': { imageStart: images(1), prompt: x(2500), quality: '1080p', duration: 15 },
	'kling-v3-turbo-text-to-video': { prompt: x(2500), quality: '1080p', aspectRatio: '1:1', duration: 15 },
	'kling-v2.6-motion-control': {
		imageUrls: images(1),
		videoUrls: videos(1),
		prompt: x(2500),
		quality: '1080p',
		characterOrientation: 'video',
		keepSound: false,
		watermark: true,
	},
	'kling-v3-motion-control': {
		imageUrls: images(1),
		videoUrls: videos(1),
		prompt,
		quality: '1080p',
		characterOrientation: 'video',
		elementList: elements(1),
		keepSound: false,
		watermark: false,
	},
	'kling-custom-element': {
		elementName: x(20),
		elementDescription: x(100),
		referenceType: 'video_refer',
		referVideos: videos(1),
		elementVoiceId: 'voice-1',
	},
};

describe('Kling: the models of klingOmni.ts and klingMore.ts', () => {
	it('defines the thirteen catalogue models', () => {
		expect([...OMNI, ...MORE].sort()).toEqual([
			'kling-custom-element',
			'kling-o1-image-to-video',
			'kling-o1-video-edit',
			'kling-o1-video-edit-fast',
			'kling-o3-image-to-video',
			'kling-o3-reference-to-video',
			'kling-o3-text-to-video',
			'kling-o3-video-edit',
			'kling-v2.6-motion-control',
			'kling-v3-image-to-video',
			'kling-v3-motion-control',
			'kling-v3-turbo-image-to-video',
			'kling-v3-turbo-text-to-video',
		]);
		expect(OMNI.every((id) => /^kling-o[13]-/.test(id))).toBe(true);
		expect(new Set([...klingOmni, ...klingMore].map((m) => m.family))).toEqual(new Set(['Kling']));
	});

	it.each([...OMNI, ...MORE])('%s: panel parameter names are unique and none the node uses itself', (id) => {
		const props = panelProperties(model(id), {});
		const options = (props.find((p) => p.name === 'options')?.options ?? []) as INodeProperties[];
		const names = [...props.map((p) => p.name), ...options.map((o) => o.name)];
		expect(names.length).toBe(new Set(names).size);
		expect(model(id).fields.map((f) => f.param).filter((p) => RESERVED.includes(p))).toEqual([]);
	});

	it.each([...OMNI, ...MORE])('%s: the simulator accepts the least body', (id) => {
		expect(simulate(body(id, LEAST[id]))).toBe('accepted');
	});

	it.each([...OMNI, ...MORE])('%s: the simulator accepts the fullest body', (id) => {
		expect(simulate(body(id, MOST[id]))).toBe('accepted');
	});

	it.each([...OMNI, ...MORE])('%s: enums without a documented default are not sent unasked', (id) => {
		const m = model(id);
		const b = body(id, LEAST[id]);
		for (const f of m.fields)
			if (f.type === 'options' && f.default === MODEL_DEFAULT && f.api) expect(JSON.stringify(b)).not.toContain(`"${f.api.split('.').pop()}"`);
	});
});

describe('Kling bodies', () => {
	it('O3 text to video: defaults and custom shots', () => {
		expect(body('kling-o3-text-to-video', { prompt })).toEqual({
			model: 'kling-o3-text-to-video',
			prompt,
			duration: 5,
			aspect_ratio: '16:9',
			quality: '720p',
		});
		expect(body('kling-o3-text-to-video', { prompt: '', multiShot: true, shots: shots(2, 3), elementList: elements(1) })).toEqual({
			model: 'kling-o3-text-to-video',
			duration: 5,
			aspect_ratio: '16:9',
			quality: '720p',
			model_params: {
				multi_shot: true,
				shot_type: 'customize',
				multi_prompt: [
					{ index: 1, prompt: 'Shot 1', duration: '2' },
					{ index: 2, prompt: 'Shot 2', duration: '3' },
				],
				element_list: [{ element_id: 'el-1' }],
			},
		});
	});

	it('an Elements list left empty is not sent, nor an empty model_params', () => {
		expect(body('kling-o3-reference-to-video', { prompt, elementList: {} })).toEqual({
			model: 'kling-o3-reference-to-video',
			prompt,
			duration: 5,
			quality: '720p',
		});
		expect(body('kling-v3-motion-control', { ...LEAST['kling-v3-motion-control'], elementList: { element: [] } }).model_params).toEqual({
			character_orientation: 'image',
		});
	});

	it('O3 reference and edit send keep_original_sound only when off (default on)', () => {
		expect(body('kling-o3-video-edit', { videoUrl: videos(1) })).toEqual({
			model: 'kling-o3-video-edit',
			video_url: 'https://example.com/video1.mp4',
			quality: '720p',
		});
		expect(body('kling-o3-video-edit', { videoUrl: videos(1), keepOriginalSound: false }).keep_original_sound).toBe(false);
	});

	it('O1 video edit sends keep_original_sound only when set (no documented default)', () => {
		expect(body('kling-o1-video-edit', LEAST['kling-o1-video-edit'])).toEqual({
			model: 'kling-o1-video-edit',
			prompt,
			video_urls: ['https://example.com/video1.mp4'],
		});
		expect(body('kling-o1-video-edit', { ...LEAST['kling-o1-video-edit'], keepOriginalSound: true }).keep_original_sound).toBe(true);
	});

	it('motion control: orientation and sound in model_params', () => {
		expect(body('kling-v2.6-motion-control', LEAST['kling-v2.6-motion-control'])).toEqual({
			model: 'kling-v2.6-motion-control',
			image_urls: ['https://example.com/image1.png'],
			video_urls: ['https://example.com/video1.mp4'],
			quality: '720p',
			model_params: { character_orientation: 'image' },
		});
		expect(body('kling-v2.6-motion-control', { ...LEAST['kling-v2.6-motion-control'], keepSound: false }).model_params).toEqual({
			character_orientation: 'image',
			keep_sound: false,
		});
	});

	it('custom element from images: the reference lists as objects', () => {
		expect(body('kling-custom-element', LEAST['kling-custom-element'])).toEqual({
			model: 'kling-custom-element',
			model_params: {
				element_name: 'Fox',
				element_description: 'A red fox',
				reference_type: 'image_refer',
				element_image_list: {
					frontal_image: 'https://example.com/image1.png',
					refer_images: [{ image_url: 'https://example.com/image1.png' }],
				},
			},
		});
	});

	it('custom element from uploads: the uploaded URLs are wrapped too', () => {
		const b = body(
			'kling-custom-element',
			{ elementName: 'Fox', elementDescription: 'A red fox', frontalImage: binary(1), referImages: binary(2) },
			{ frontalImage: ['https://files.example.com/front.png'], referImages: ['https://files.example.com/a.png', 'https://files.example.com/b.png'] },
		);
		expect(b.model_params).toEqual({
			element_name: 'Fox',
			element_description: 'A red fox',
			reference_type: 'image_refer',
			element_image_list: {
				frontal_image: 'https://files.example.com/front.png',
				refer_images: [{ image_url: 'https://files.example.com/a.png' }, { image_url: 'https://files.example.com/b.png' }],
			},
		});
		expect(simulate(b)).toBe('accepted');
	});

	it('custom element from a video: voice id sent, image inputs not', () => {
		expect(
			body('kling-custom-element', { ...MOST['kling-custom-element'], frontalImage: images(1), referImages: images(2) }).model_params,
		).toEqual({
			element_name: x(20),
			element_description: x(100),
			reference_type: 'video_refer',
			element_video_list: { refer_videos: [{ video_url: 'https://example.com/video1.mp4' }] },
			element_voice_id: 'voice-1',
		});
	});

	it('custom element from images: a voice id is not sent (video reference only)', () => {
		expect(body('kling-custom-element', { ...LEAST['kling-custom-element'], elementVoiceId: 'voice-1' }).model_params).not.toHaveProperty(
			'element_voice_id',
		);
	});
});

describe('Kling O3 text to video: multi-shot', () => {
	const ID = 'kling-o3-text-to-video';
	it('the prompt is required unless Multi-Shot (Custom Shots)', () => {
		expect(check(ID, { prompt: '' })).toEqual(['Prompt is required unless Multi-Shot uses Custom Shots']);
		expect(check(ID, { prompt: '', multiShot: true, shots: shots(5) })).toBe('OK');
	});

	it('shots add up to the duration', () => {
		expect(check(ID, { multiShot: true, duration: 8, shots: shots(3, 5) })).toBe('OK');
		expect(check(ID, { multiShot: true, duration: 8, shots: shots(3, 4) })).toEqual([
			'Shots: the shot durations add up to 7 s but Duration is 8 s; they must be equal',
		]);
		expect(check(ID, { multiShot: true })).toEqual(['Shots: 0 given, at least 1 needed']);
		expect(check(ID, { multiShot: true, shots: undefined })).toEqual(['Shots: add 1 to 6 shots for Custom Shots']);
		expect(check(ID, { multiShot: true, shots: shots(1, 1, 1, 1, 1, 1, 1) })).toEqual(['Shots: 7 given, at most 6 allowed']);
	});

	it('only Custom Shots; no limit on a shot prompt here', () => {
		expect(check(ID, { multiShot: true, shotType: 'intelligence', shots: shots(5) })).toEqual([
			'Shot Type "intelligence" is not allowed; use customize',
		]);
		expect(check(ID, { multiShot: true, shots: { shot: [{ prompt: x(600), duration: 5 }] } })).toBe('OK');
	});

	it('at most 7 elements', () => {
		expect(check(ID, { prompt, elementList: elements(7) })).toBe('OK');
		expect(check(ID, { prompt, elementList: elements(8) })).toEqual(['Elements: 8 given, at most 7 allowed']);
		expect(check(ID, { prompt, elementList: { element: [{ elementId: '' }] } })).toEqual(['Element 1: Element ID is required']);
	});
});

describe('Kling O3 image to video', () => {
	const ID = 'kling-o3-image-to-video';
	const base = { prompt, imageStart: images(1) };
	it('the first frame is required', () => {
		expect(check(ID, { prompt })).toEqual(['First Frame is required']);
	});

	it('the prompt is required unless Multi-Shot; a shot prompt at most 512 characters', () => {
		expect(check(ID, { ...base, prompt: '' })).toEqual(['Prompt is required unless Multi-Shot uses Custom Shots']);
		expect(check(ID, { ...base, prompt: '', multiShot: true, shots: shots(2, 3) })).toBe('OK');
		expect(check(ID, { ...base, multiShot: true, shots: { shot: [{ prompt: x(513), duration: 5 }] } })).toEqual([
			'Shot 1: Prompt has 513 characters; the maximum is 512',
		]);
	});

	it('multi-shot is off by default and then not sent', () => {
		expect(body(ID, base)).toEqual({
			model: ID,
			prompt,
			image_start: 'https://example.com/image1.png',
			duration: 5,
		});
	});

	it('a last frame only without reference images (at most 2 images in all)', () => {
		expect(check(ID, { ...base, imageEnd: images(1, 'last') })).toBe('OK');
		expect(simulate(body(ID, { ...base, imageEnd: images(1, 'last') }))).toBe('accepted');
		expect(check(ID, { ...base, imageEnd: images(1, 'last'), imageUrls: images(1) })).toEqual([
			'Last Frame: not allowed with Reference Images (3 images in all); a last frame allows at most 2 images in all',
		]);
	});

	it('at most 3 elements with the first frame, and at most 7 frames, images and elements', () => {
		expect(check(ID, { ...base, imageUrls: images(3), elementList: elements(3) })).toBe('OK');
		expect(check(ID, { ...base, elementList: elements(4) })).toEqual(['Elements: 4 given, at most 3 allowed']);
		expect(check(ID, { ...base, imageUrls: images(4), elementList: elements(3) })).toEqual([
			'Reference Images and Elements: 1 frame, 4 images and 3 elements given; at most 7 in all',
		]);
		expect(check(ID, { ...base, imageUrls: images(7) })).toEqual(['Reference Images: 7 URLs given; 1 to 6 allowed']);
	});

	it('the simulator refuses what the rules refuse', () => {
		const raw = (values: Values) => simulate(buildBody(model(ID), { ...values, duration: 5 }));
		expect(raw({ ...base, imageEnd: images(1), imageUrls: images(1) })).toMatch(/image_end/);
		expect(raw({ ...base, imageUrls: images(4), elementList: [1, 2, 3].map((i) => ({ elementId: `e${i}` })) })).toMatch(/at most 7/);
	});
});

describe('Kling O3 reference to video and video edit: images plus elements', () => {
	it('reference: with a video at most 4 in all', () => {
		const ID = 'kling-o3-reference-to-video';
		expect(check(ID, { prompt, videoUrl: videos(1), imageUrls: images(2), elementList: elements(2) })).toBe('OK');
		expect(check(ID, { prompt, videoUrl: videos(1), imageUrls: images(3), elementList: elements(2) })).toEqual([
			'Reference Images and Elements: 3 images and 2 elements given with a video; at most 4 in all',
		]);
		expect(check(ID, { prompt, videoUrl: videos(1), imageUrls: images(5) })).toEqual([
			'Reference Images and Elements: 5 images and 0 elements given with a video; at most 4 in all',
		]);
		expect(check(ID, { prompt, imageUrls: images(5), elementList: elements(2) })).toBe('OK');
		expect(simulate(body(ID, { prompt, imageUrls: images(5), elementList: elements(2) }))).toBe('accepted');
		expect(check(ID, { prompt, duration: 11 })).toEqual(['Duration (Seconds) is 11; it must be a whole number from 3 to 10']);
		expect(check(ID, { prompt: '' })).toEqual(['Prompt is required']);
	});

	it('edit: the video is required; at most 4 images and elements', () => {
		const ID = 'kling-o3-video-edit';
		expect(check(ID, { prompt })).toEqual(['Video to Edit is required']);
		expect(check(ID, { videoUrl: videos(1), imageUrls: images(2), elementList: elements(2) })).toBe('OK');
		expect(check(ID, { videoUrl: videos(1), imageUrls: images(2), elementList: elements(3) })).toEqual([
			'Reference Images and Elements: 2 images and 3 elements given with a video; at most 4 in all',
		]);
		expect(check(ID, { videoUrl: binary(1), imageUrls: binary(4), elementList: elements(1) })).toEqual([
			'Reference Images and Elements: 4 images and 1 element given with a video; at most 4 in all',
		]);
		const m = model(ID);
		expect(
			simulate(buildBody(m, { videoUrl: videos(1), imageUrls: images(2), elementList: [1, 2, 3].map((i) => ({ elementId: `e${i}` })) })),
		).toMatch(/at most 4/);
	});
});

describe('Kling O1', () => {
	it('image to video: 1 or 2 images, 5 or 10 s', () => {
		const ID = 'kling-o1-image-to-video';
		expect(check(ID, { prompt, imageUrls: images(2) })).toBe('OK');
		expect(check(ID, { prompt, imageUrls: images(3) })).toEqual(['Images: 3 URLs given; 1 to 2 allowed']);
		expect(check(ID, { prompt, imageUrls: images(1), duration: 7 })).toEqual(['Duration (Seconds) 7 is not allowed; use 5 or 10']);
		expect(check(ID, { prompt: x(5001), imageUrls: images(1) })).toEqual(['Prompt has 5001 characters; the maximum is 5000']);
	});

	it.each(['kling-o1-video-edit', 'kling-o1-video-edit-fast'])('%s: one video, up to 4 images', (id) => {
		expect(check(id, { prompt, videoUrls: videos(2) })).toEqual(['Video to Edit: 2 URLs given; one allowed']);
		expect(check(id, { prompt, videoUrls: videos(1), imageUrls: images(5) })).toEqual(['Reference Images: 5 URLs given; 1 to 4 allowed']);
		expect(check(id, { prompt: '', videoUrls: videos(1) })).toEqual(['Prompt is required']);
	});
});

describe('Kling v3 image to video', () => {
	const ID = 'kling-v3-image-to-video';
	it('needs the first frame; the prompt may be left empty', () => {
		expect(check(ID, {})).toEqual(['First Frame is required']);
		expect(check(ID, { imageStart: images(1) })).toBe('OK');
		expect(check(ID, { imageStart: images(1), multiShot: true, shotType: 'intelligence' })).toBe('OK');
	});

	it('custom shots add up to the duration', () => {
		expect(check(ID, { imageStart: images(1), multiShot: true, shotType: 'customize', duration: 6, shots: shots(3, 3) })).toBe('OK');
		expect(check(ID, { imageStart: images(1), multiShot: true, shotType: 'customize', duration: 6, shots: shots(3, 4) })).toEqual([
			'Shots: the shot durations add up to 7 s but Duration is 6 s; they must be equal',
		]);
		expect(check(ID, { imageStart: images(1), multiShot: true, shotType: 'customize', shots: {} })).toEqual([
			'Shots: 0 given, at least 1 needed',
		]);
	});

	it('at most 3 elements; 4k allowed', () => {
		expect(check(ID, { imageStart: images(1), elementList: elements(4) })).toEqual(['Elements: 4 given, at most 3 allowed']);
		expect(check(ID, { imageStart: images(1), quality: '4k' })).toBe('OK');
	});

	it('sends no aspect ratio (the image decides) and sound as on/off', () => {
		expect(body(ID, { imageStart: images(1), sound: true })).toEqual({
			model: ID,
			image_start: 'https://example.com/image1.png',
			duration: 5,
			quality: '720p',
			sound: 'on',
		});
	});
});

describe('Kling v3 Turbo', () => {
	it('image to video: no 4K', () => {
		expect(check('kling-v3-turbo-image-to-video', { imageStart: images(1), quality: '4k' })).toEqual([
			'Quality "4k" is not allowed; use 720p or 1080p',
		]);
	});

	describe('text to video: shots written in the prompt', () => {
		const ID = 'kling-v3-turbo-text-to-video';
		const two = '镜头 1, 3, the girl walks toward the window; 镜头 2, 2, the camera zooms into her profile;';
		it('shots whose seconds add up to the duration: OK, and the simulator accepts them', () => {
			expect(check(ID, { prompt: two })).toBe('OK');
			expect(check(ID, { prompt: '镜头 1，4，雪中的狐狸；镜头 2，4，狐狸跳跃；', duration: 8 })).toBe('OK');
			expect(simulate(body(ID, { prompt: two }))).toBe('accepted');
		});

		it('the seconds must add up to the duration', () => {
			expect(check(ID, { prompt: two, duration: 6 })).toEqual(['Prompt: the shot seconds add up to 5 s but Duration is 6 s; they must be equal']);
			expect(simulate(buildBody(model(ID), { prompt: two, duration: 6 }))).toMatch(/add up to 5/);
		});

		it('at most 6 shots, numbered 1 to 6', () => {
			const seven = Array.from({ length: 7 }, (_, i) => `镜头 ${i + 1}, 1, shot;`).join(' ');
			expect(check(ID, { prompt: seven, duration: 7 })).toEqual([
				'Prompt has 7 shots (镜头 entries); at most 6',
				'Prompt: shot number 镜头 7 is not allowed; use 1 to 6',
			]);
			expect(check(ID, { prompt: '镜头 9, 5, a shot;' })).toEqual(['Prompt: shot number 镜头 9 is not allowed; use 1 to 6']);
		});

		it('a shot text at most 512 characters', () => {
			expect(check(ID, { prompt: `镜头 1, 5, ${x(512)};` })).toBe('OK');
			expect(check(ID, { prompt: `镜头 1, 5, ${x(513)};` })).toEqual(['Prompt: the text of shot 1 has 513 characters; the maximum is 512']);
		});

		it('a prompt without shots is free text', () => {
			expect(check(ID, { prompt: 'A fox, 3 foxes, 2 cats; more', duration: 9 })).toBe('OK');
		});
	});
});

describe('Kling motion control', () => {
	const base = { imageUrls: images(1), videoUrls: videos(1) };
	it.each(['kling-v2.6-motion-control', 'kling-v3-motion-control'])('%s: one image and one video', (id) => {
		expect(check(id, { ...base, imageUrls: images(2) })).toEqual(['Character Image: 2 URLs given; one allowed']);
		expect(check(id, { ...base, videoUrls: videos(2) })).toEqual(['Motion Video: 2 URLs given; one allowed']);
		expect(check(id, { imageUrls: images(1) })).toEqual(['Motion Video is required']);
		expect(check(id, { ...base, characterOrientation: 'front' })).toEqual(['Character Orientation "front" is not allowed; use image or video']);
	});

	it('v3: an element only with the video orientation, and at most one', () => {
		const ID = 'kling-v3-motion-control';
		expect(check(ID, { ...base, characterOrientation: 'video', elementList: elements(1) })).toBe('OK');
		expect(check(ID, { ...base, characterOrientation: 'image', elementList: elements(1) })).toEqual([
			'Character Orientation is "image" with an element; use "video" (As in the Video)',
		]);
		expect(check(ID, { ...base, characterOrientation: 'image' })).toBe('OK');
		expect(check(ID, { ...base, characterOrientation: 'video', elementList: elements(2) })).toEqual(['Elements: 2 given, at most 1 allowed']);
		expect(simulate(buildBody(model(ID), { ...base, characterOrientation: 'image', elementList: [{ elementId: 'e1' }] }))).toMatch(
			/character_orientation/,
		);
	});
});

describe('Kling custom element', () => {
	const ID = 'kling-custom-element';
	const named = { elementName: 'Fox', elementDescription: 'A red fox' };
	it('images: a front image and 1 to 3 other angles', () => {
		expect(check(ID, named)).toEqual(['Front Image is required', 'Other Angle Images is required']);
		expect(check(ID, { ...named, frontalImage: images(1), referImages: images(3) })).toBe('OK');
		expect(check(ID, { ...named, frontalImage: images(1), referImages: images(4) })).toEqual(['Other Angle Images: 4 URLs given; 1 to 3 allowed']);
	});

	it('video: one reference video, the images are not asked for', () => {
		expect(check(ID, { ...named, referenceType: 'video_refer' })).toEqual(['Reference Video is required']);
		expect(check(ID, { ...named, referenceType: 'video_refer', referVideos: videos(1) })).toBe('OK');
		expect(check(ID, { ...named, referenceType: 'video_refer', referVideos: videos(2) })).toEqual(['Reference Video: 2 URLs given; one allowed']);
	});

	it('name and description are required, at most 20 and 100 characters', () => {
		const refs = { frontalImage: images(1), referImages: images(1) };
		expect(check(ID, refs)).toEqual(['Element Name is required', 'Element Description is required']);
		expect(check(ID, { ...refs, elementName: x(21), elementDescription: x(101) })).toEqual([
			'Element Name has 21 characters; the maximum is 20',
			'Element Description has 101 characters; the maximum is 100',
		]);
	});

	it('the simulator refuses a voice id with image references', () => {
		const b = body(ID, LEAST[ID]);
		expect(simulate({ ...b, model_params: { ...(b.model_params as object), element_voice_id: 'v1' } })).toMatch(/element_voice_id/);
	});
});
