// @ts-check
'use strict';

/* Veo, Gemini, Grok, HappyHorse, Sora, OmniHuman, Topaz prose rules; what validation returns. */

const { useSimulator, urls, mediaUrl } = require('./catalogue-testkit');
const { validateCreate } = require('./models');

const h = useSimulator();
const IMG = mediaUrl('img');
const VID = mediaUrl('vid');
/** @param {Record<string, unknown>} body @param {boolean} [allowInsecureCallbacks] */
const accept = (body, allowInsecureCallbacks = false) => validateCreate(body, { allowInsecureCallbacks });

/** @typedef {[string, Record<string, any>, string | null]} Row  name, body, param (null = 200) */

describe('veo', () => {
	const V = (/** @type {string} */ model, /** @type {object} */ x = {}) => ({ model, prompt: 'p', ...x });
	/** @type {Row[]} */
	const rows = [];
	for (const m of ['veo-3.1-generate-preview', 'veo-3.1-fast-generate-preview']) {
		rows.push(
			[`${m}: TEXT with an image`, V(m, { generation_type: 'TEXT', image_urls: [IMG] }), 'image_urls'],
			[`${m}: FIRST&LAST without images`, V(m, { generation_type: 'FIRST&LAST' }), 'image_urls'],
			[`${m}: FIRST&LAST with 3 images`, V(m, { generation_type: 'FIRST&LAST', image_urls: urls('i', 3) }), 'image_urls'],
			[`${m}: REFERENCE without images`, V(m, { generation_type: 'REFERENCE' }), 'image_urls'],
			[`${m}: REFERENCE, 3 images, 8 s, 16:9, audio`, V(m, { generation_type: 'REFERENCE', image_urls: urls('i', 3), duration: 8, aspect_ratio: '16:9', generate_audio: false }), null],
			[`${m}: REFERENCE with 6 s`, V(m, { generation_type: 'REFERENCE', image_urls: [IMG], duration: 6 }), 'duration'],
			[`${m}: REFERENCE with 9:16`, V(m, { generation_type: 'REFERENCE', image_urls: [IMG], aspect_ratio: '9:16' }), 'aspect_ratio'],
			[`${m}: REFERENCE with seed`, V(m, { generation_type: 'REFERENCE', image_urls: [IMG], seed: 7 }), 'seed'],
			[`${m}: REFERENCE with negative_prompt`, V(m, { generation_type: 'REFERENCE', image_urls: [IMG], negative_prompt: 'x' }), 'negative_prompt'],
			[`${m}: REFERENCE with person_generation`, V(m, { generation_type: 'REFERENCE', image_urls: [IMG], person_generation: 'dont_allow' }), 'person_generation'],
			[`${m}: REFERENCE with resize_mode`, V(m, { generation_type: 'REFERENCE', image_urls: [IMG], resize_mode: 'crop' }), 'resize_mode'],
			[`${m}: 3 images infer REFERENCE (4 s refused)`, V(m, { image_urls: urls('i', 3), duration: 4 }), 'duration'],
			[`${m}: text-to-video with resize_mode`, V(m, { resize_mode: 'pad' }), 'resize_mode'],
			[`${m}: image-to-video with resize_mode, seed, 4 videos`, V(m, { image_urls: [IMG], resize_mode: 'crop', seed: 4294967295, n: 4, quality: '4k' }), null],
		);
	}
	rows.push(
		['fast-beta: REFERENCE with 3 images', V('veo3.1-fast-beta', { generation_type: 'REFERENCE', image_urls: urls('i', 3) }), null],
		['fast-beta: TEXT with an image', V('veo3.1-fast-beta', { generation_type: 'TEXT', image_urls: [IMG] }), 'image_urls'],
		['fast-beta: FIRST&LAST with 3 images', V('veo3.1-fast-beta', { generation_type: 'FIRST&LAST', image_urls: urls('i', 3) }), 'image_urls'],
		['fast-beta: only 720p', V('veo3.1-fast-beta', { quality: '1080p' }), 'quality'],
		['pro-beta: no REFERENCE', V('veo3.1-pro-beta', { generation_type: 'REFERENCE', image_urls: [IMG] }), 'generation_type'],
		['pro-beta: first + last frame, inferred', V('veo3.1-pro-beta', { image_urls: urls('i', 2), enhance_prompt: false }), null],
	);
	test.each(rows)('%s', async (_name, body, param) => {
		await h.expect(body, param);
	});

	test('REFERENCE forces 8 s (videoDuration), the prose default is 4', () => {
		expect(accept(V('veo-3.1-generate-preview', { generation_type: 'REFERENCE', image_urls: [IMG] })).videoDuration).toBe(8);
		expect(accept(V('veo-3.1-generate-preview')).videoDuration).toBe(4);
	});
});

describe('gemini, grok, happyhorse, sora, omnihuman, topaz', () => {
	const GI = (/** @type {object} */ x) => ({ model: 'gemini-omni-flash-image-to-video', prompt: 'p', ...x });
	/** @type {Row[]} */
	const rows = [
		['gemini flash t2v: duration auto', { model: 'gemini-omni-flash-text-to-video', prompt: 'p', duration: 'auto' }, null],
		['gemini flash t2v: duration "long"', { model: 'gemini-omni-flash-text-to-video', prompt: 'p', duration: 'long' }, 'duration'],
		['gemini flash t2v: duration "5" is not auto', { model: 'gemini-omni-flash-text-to-video', prompt: 'p', duration: '5' }, 'duration'],
		['gemini flash t2v: duration 3', { model: 'gemini-omni-flash-text-to-video', prompt: 'p', duration: 3 }, null],
		['gemini flash t2v: no negative prompt', { model: 'gemini-omni-flash-text-to-video', prompt: 'p', negative_prompt: 'x' }, 'negative_prompt'],
		['gemini flash i2v: image_urls needed', GI({}), 'image_urls'],
		['gemini flash i2v: a data URL', GI({ image_urls: ['data:image/png;base64,iVBORw0KGgo='] }), null],
		['gemini flash i2v: bare base64', GI({ image_urls: ['iVBORw0KGgoAAAANSUhEUg=='] }), null],
		['gemini flash i2v: ftp URL', GI({ image_urls: ['ftp://example.com/a.png'] }), 'image_urls[0]'],
		['gemini flash i2v: data URL of a gif', GI({ image_urls: ['data:image/gif;base64,R0lGODlh'] }), 'image_urls[0]'],
		['gemini flash i2v: only 1 image', GI({ image_urls: urls('i', 2) }), 'image_urls'],
		['gemini flash ref: 6 images, auto', { model: 'gemini-omni-flash-reference-to-video', prompt: 'p', image_urls: urls('i', 6), duration: 'auto' }, null],
		['gemini flash ref: a file path', { model: 'gemini-omni-flash-reference-to-video', prompt: 'p', image_urls: ['/tmp/a.png'] }, 'image_urls[0]'],
		['gemini flash edit: video_urls needed', { model: 'gemini-omni-flash-video-edit', prompt: 'p' }, 'video_urls'],
		['gemini 1.1 edit: duration only auto', { model: 'gemini-omni-1.1-flash-video-edit', prompt: 'p', video_urls: [VID], duration: 5 }, 'duration'],
		['gemini 1.1 ref: images and videos', { model: 'gemini-omni-1.1-flash-reference-to-video', prompt: 'p', image_urls: urls('i', 10), video_urls: urls('v', 3) }, null],
		['grok 1.5: 1080p with 2 images', { model: 'grok-imagine-video-1.5-preview', prompt: 'p', quality: '1080p', image_urls: urls('i', 2) }, 'quality'],
		['grok 1.5: 1080p with 1 image', { model: 'grok-imagine-video-1.5-preview', prompt: 'p', quality: '1080p', image_urls: [IMG] }, null],
		['grok 1.5: 1080p text-to-video', { model: 'grok-imagine-video-1.5-preview', prompt: 'p', quality: '1080p' }, null],
		['grok 1.5: 720p with 7 images', { model: 'grok-imagine-video-1.5-preview', prompt: 'p', quality: '720p', image_urls: urls('i', 7) }, null],
		['grok 1.5: 8 images', { model: 'grok-imagine-video-1.5-preview', prompt: 'p', image_urls: urls('i', 8) }, 'image_urls'],
		['grok 1.5: prompt over 4096 (prose)', { model: 'grok-imagine-video-1.5-preview', prompt: 'x'.repeat(4097) }, 'prompt'],
		['grok 1.5: 4096 emoji (code points)', { model: 'grok-imagine-video-1.5-preview', prompt: '😀'.repeat(4096) }, null],
		['grok 1.0 t2v: blank prompt', { model: 'grok-imagine-video-1.0-t2v', prompt: '  ' }, 'prompt'],
		['grok 1.0 i2v: 8 images', { model: 'grok-imagine-video-1.0-i2v', prompt: 'p', image_urls: urls('i', 8) }, 'image_urls'],
		['happyhorse edit: video_url alias', { model: 'happyhorse-1.0-video-edit', prompt: 'p', video_url: VID }, null],
		['happyhorse edit: video alias', { model: 'happyhorse-1.0-video-edit', prompt: 'p', video: VID }, null],
		['happyhorse edit: no video at all', { model: 'happyhorse-1.0-video-edit', prompt: 'p' }, 'video_urls'],
		['happyhorse edit: alias not a URL', { model: 'happyhorse-1.0-video-edit', prompt: 'p', video_url: 'clip.mp4' }, 'video_url'],
		['happyhorse i2v: a URL with credentials', { model: 'happyhorse-1.0-image-to-video', image_urls: ['https://user:pw@example.com/a.png'] }, 'image_urls[0]'],
		['happyhorse i2v: an intranet address', { model: 'happyhorse-1.1-image-to-video', image_urls: ['http://10.0.0.7/a.png'] }, 'image_urls[0]'],
		['happyhorse ref: a loopback address', { model: 'happyhorse-1.0-reference-to-video', prompt: 'p', image_urls: [IMG, 'https://127.0.0.1/b.png'] }, 'image_urls[1]'],
		['happyhorse t2v: long prompts are truncated, not refused', { model: 'happyhorse-1.1-text-to-video', prompt: 'x'.repeat(6000) }, null],
		['sora 2: 8 s', { model: 'sora-2-preview', prompt: 'p', duration: 8, aspect_ratio: '1280x720' }, null],
		['sora 2: 5 s', { model: 'sora-2-preview', prompt: 'p', duration: 5 }, 'duration'],
		['sora 2 pro: 12 s 1080p', { model: 'sora-2-pro-preview', prompt: 'p', duration: 12, quality: '1080p' }, null],
		['sora 2 pro: 10 s', { model: 'sora-2-pro-preview', prompt: 'p', duration: 10 }, 'duration'],
		['sora 2 pro: no pixel ratios', { model: 'sora-2-pro-preview', prompt: 'p', aspect_ratio: '1280x720' }, 'aspect_ratio'],
		['omnihuman: 1 image needed', { model: 'omnihuman-1.5', audio_url: mediaUrl('a'), image_urls: [] }, 'image_urls'],
		['omnihuman: masks are an array', { model: 'omnihuman-1.5', audio_url: mediaUrl('a'), image_urls: [IMG], mask_url: mediaUrl('m') }, 'mask_url'],
		['topaz: upscale_factor as a number', { model: 'topaz-video-upscale', video_urls: [VID], model_params: { upscale_factor: 4 } }, null],
		['topaz: upscale_factor "1"', { model: 'topaz-video-upscale', video_urls: [VID], model_params: { upscale_factor: '1' } }, null],
		['topaz: upscale_factor "3"', { model: 'topaz-video-upscale', video_urls: [VID], model_params: { upscale_factor: '3' } }, 'model_params.upscale_factor'],
		['topaz: upscale_factor 3', { model: 'topaz-video-upscale', video_urls: [VID], model_params: { upscale_factor: 3 } }, 'model_params.upscale_factor'],
		['videoretalk: threshold 200', { model: 'videoretalk', video_url: VID, audio_url: mediaUrl('a'), query_face_threshold: 200 }, null],
	];
	test.each(rows)('%s', async (_name, body, param) => {
		await h.expect(body, param);
	});

	test('happyhorse: private media hosts pass when the simulator allows insecure callbacks (tests)', () => {
		expect(accept({ model: 'happyhorse-1.1-image-to-video', image_urls: ['http://127.0.0.1:9/a.png'] }, true).mediaUrls).toEqual([
			{ param: 'image_urls[0]', url: 'http://127.0.0.1:9/a.png' },
		]);
	});
});

describe('what validation returns', () => {
	test('mediaUrls: every format-uri value, nested ones, voice bindings, aliases; not data URLs', () => {
		const ce = accept({
			model: 'kling-custom-element',
			model_params: { element_name: 'c', element_description: 'd', reference_type: 'image_refer', element_image_list: { frontal_image: 'https://e.x/f.png', refer_images: [{ image_url: 'https://e.x/r1.png' }, { image_url: 'https://e.x/r2.png' }] } },
		});
		expect(ce.mediaUrls).toEqual([
			{ param: 'model_params.element_image_list.frontal_image', url: 'https://e.x/f.png' },
			{ param: 'model_params.element_image_list.refer_images[0].image_url', url: 'https://e.x/r1.png' },
			{ param: 'model_params.element_image_list.refer_images[1].image_url', url: 'https://e.x/r2.png' },
		]);
		const w = accept({ model: 'wan2.7-reference-video', prompt: 'p', image_start: 'https://e.x/s.png', image_urls: ['https://e.x/i.png'], model_params: { voice_bindings: { image1: 'https://e.x/v.mp3' } } });
		expect(w.mediaUrls.map((m) => m.param)).toEqual(['image_start', 'image_urls[0]', 'model_params.voice_bindings.image1']);
		const o = accept({ model: 'omnihuman-1.5', audio_url: 'https://e.x/a.mp3', image_urls: ['https://e.x/i.png'], mask_url: ['https://e.x/m.png'] });
		expect(o.mediaUrls.map((m) => m.param)).toEqual(['audio_url', 'image_urls[0]', 'mask_url[0]']);
		const v = accept({ model: 'videoretalk', video_url: 'https://e.x/v.mp4', audio_url: 'https://e.x/a.wav', ref_image_url: 'https://e.x/f.png' });
		expect(v.mediaUrls.map((m) => m.param)).toEqual(['video_url', 'audio_url', 'ref_image_url']);
		const g = accept({ model: 'gemini-omni-flash-image-to-video', prompt: 'p', image_urls: ['data:image/png;base64,iVBORw0KGgo='] });
		expect(g.mediaUrls).toEqual([]);
		expect(accept({ model: 'happyhorse-1.0-video-edit', prompt: 'p', video: 'https://e.x/v.mp4' }).mediaUrls).toEqual([{ param: 'video', url: 'https://e.x/v.mp4' }]);
		expect(accept({ model: 'kling-v3-text-to-video', prompt: 'p' }).mediaUrls).toEqual([]);
	});

	test('videoDuration: duration, else the default; -1 / auto / 0 fall back to the default or 5', () => {
		expect(accept({ model: 'seedance-2.5-text-to-video', prompt: 'p', duration: 12 }).videoDuration).toBe(12);
		expect(accept({ model: 'seedance-2.5-text-to-video', prompt: 'p', duration: -1 }).videoDuration).toBe(5);
		expect(accept({ model: 'seedance-2.5-video-edit', prompt: 'p', video_urls: [VID] }).videoDuration).toBe(5);
		expect(accept({ model: 'gemini-omni-flash-text-to-video', prompt: 'p', duration: 'auto' }).videoDuration).toBe(10);
		expect(accept({ model: 'MiniMax-Hailuo-2.3', prompt: 'p' }).videoDuration).toBe(6);
		expect(accept({ model: 'topaz-video-upscale', video_urls: [VID] }).videoDuration).toBe(5);
		expect(accept({ model: 'wan2.7-video-edit', video_urls: [VID], duration: 0 }).videoDuration).toBe(5);
	});

	test('prompts: prompt and every multi_prompt[].prompt; callbackUrl as sent', () => {
		const a = accept({
			model: 'kling-v3-image-to-video',
			image_start: IMG,
			prompt: 'main',
			duration: 3,
			callback_url: 'https://hooks.example.com/h',
			model_params: { multi_shot: true, shot_type: 'customize', multi_prompt: [{ index: 1, prompt: 'one', duration: '1' }, { index: 2, prompt: 'two', duration: '2' }] },
		});
		expect(a).toMatchObject({ prompts: ['main', 'one', 'two'], callbackUrl: 'https://hooks.example.com/h', videoDuration: 3, reportsVideoDuration: true, billingRule: 'per_second' });
	});

	test('estimated_time per family: seeds as documented, the others from one table', async () => {
		/** @type {Array<[Record<string, unknown>, number]>} */
		const cases = [
			[{ model: 'wan2.5-text-to-video', prompt: 'p' }, 120],
			[{ model: 'kling-v3-text-to-video', prompt: 'p' }, 300],
			[{ model: 'wan3.0-text-to-video', prompt: 'p' }, 120],
			[{ model: 'seedance-2.0-text-to-video', prompt: 'p' }, 180],
			[{ model: 'MiniMax-Hailuo-02', prompt: 'p' }, 240],
			[{ model: 'veo3.1-pro-beta', prompt: 'p' }, 240],
			[{ model: 'grok-imagine-video-1.0-t2v', prompt: 'p' }, 90],
			[{ model: 'topaz-video-upscale', video_urls: [VID] }, 600],
		];
		for (const [body, seconds] of cases) expect((await h.expect(body, null)).task_info.estimated_time).toBe(seconds);
	});
});
