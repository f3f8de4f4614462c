// @ts-check
'use strict';

/* The Kling and Wan prose rules (catalogue `rules` texts), one row per rule and side. */

const { useSimulator, urls, mediaUrl } = require('./catalogue-testkit');

const h = useSimulator();
const IMG = mediaUrl('img');
const VID = mediaUrl('vid');
/** @param {number} n @param {(i: number) => string} [d] */
const shots = (n, d = () => '1') => Array.from({ length: n }, (_, i) => ({ index: i + 1, prompt: `shot ${i + 1}`, duration: d(i) }));

/** @typedef {[string, Record<string, any>, string | null]} Row  name, body, param (null = 200) */

describe('kling', () => {
	const V3I = (/** @type {object} */ x) => ({ model: 'kling-v3-image-to-video', image_start: IMG, ...x });
	const O3T = (/** @type {object} */ x) => ({ model: 'kling-o3-text-to-video', prompt: 'p', ...x });
	const O3I = (/** @type {object} */ x) => ({ model: 'kling-o3-image-to-video', prompt: 'p', image_start: IMG, ...x });
	const TURBO = (/** @type {string} */ prompt, /** @type {object} */ x = {}) => ({ model: 'kling-v3-turbo-text-to-video', prompt, ...x });
	const custom = { multi_shot: true, shot_type: 'customize' };
	/** @type {Row[]} */
	const rows = [
		['v3 i2v: image_end alone (evolink-api.md: and/or)', { model: 'kling-v3-image-to-video', image_end: IMG }, null],
		['v3 i2v: no frame at all', { model: 'kling-v3-image-to-video', prompt: 'p' }, 'image_start'],
		['v3 i2v: 4k, no prompt', V3I({ quality: '4k' }), null],
		['v3 i2v: multi_shot without shot_type', V3I({ model_params: { multi_shot: true } }), 'model_params.shot_type'],
		['v3 i2v: customize without multi_prompt', V3I({ model_params: custom }), 'model_params.multi_prompt'],
		['v3 i2v: customize, shots add up to duration', V3I({ duration: 7, model_params: { ...custom, multi_prompt: shots(2, (i) => (i ? '4' : '3')) } }), null],
		['v3 i2v: shots do not add up', V3I({ duration: 7, model_params: { ...custom, multi_prompt: shots(3) } }), 'model_params.multi_prompt'],
		['v3 i2v: shot index 0', V3I({ model_params: { ...custom, multi_prompt: [{ index: 0, prompt: 'a', duration: '5' }] } }), 'model_params.multi_prompt[0].index'],
		['v3 i2v: shot index twice', V3I({ model_params: { ...custom, multi_prompt: [{ index: 1, prompt: 'a', duration: '2' }, { index: 1, prompt: 'b', duration: '3' }] } }), 'model_params.multi_prompt[1].index'],
		['v3 i2v: shot duration "2.5"', V3I({ model_params: { ...custom, multi_prompt: [{ index: 1, prompt: 'a', duration: '2.5' }] } }), 'model_params.multi_prompt[0].duration'],
		['v3 i2v: intelligence, no multi_prompt', V3I({ model_params: { multi_shot: true, shot_type: 'intelligence' } }), null],
		['v3 i2v: element_list of 3', V3I({ model_params: { element_list: [1, 2, 3].map((i) => ({ element_id: `e${i}` })) } }), null],
		['turbo: 镜头 shots adding up to duration', TURBO('镜头 1, 2, a cat walks; 镜头 2, 3, it jumps;'), null],
		['turbo: 镜头 shots not adding up', TURBO('镜头 1, 2, a cat walks; 镜头 2, 3, it jumps;', { duration: 6 }), 'prompt'],
		['turbo: shot number 7', TURBO('镜头 7, 5, a cat;'), 'prompt'],
		['turbo: 7 shots', TURBO(Array.from({ length: 7 }, (_, i) => `镜头 ${i + 1}, 1, s;`).join(' '), { duration: 7 }), 'prompt'],
		['turbo: shot text over 512', TURBO(`镜头 1, 5, ${'x'.repeat(513)};`), 'prompt'],
		['turbo: no model_params', TURBO('a cat', { model_params: {} }), 'model_params'],
		['o3 t2v: customize with empty prompt', O3T({ prompt: '', model_params: { ...custom, multi_prompt: shots(5) } }), null],
		['o3 t2v: no prompt without multi-shot', { model: 'kling-o3-text-to-video' }, 'prompt'],
		['o3 t2v: multi_shot without shot_type', O3T({ model_params: { multi_shot: true } }), 'model_params.shot_type'],
		['o3 t2v: no intelligence option', O3T({ model_params: { multi_shot: true, shot_type: 'intelligence' } }), 'model_params.shot_type'],
		['o3 t2v: customize without multi_prompt', O3T({ model_params: custom }), 'model_params.multi_prompt'],
		['o3 t2v: shots do not add up to duration 10', O3T({ duration: 10, model_params: { ...custom, multi_prompt: shots(5) } }), 'model_params.multi_prompt'],
		['o3 i2v: no image_start (required by the rules)', { model: 'kling-o3-image-to-video', prompt: 'p', image_urls: [IMG] }, 'image_start'],
		['o3 i2v: multi_shot, no prompt', { model: 'kling-o3-image-to-video', image_start: IMG, model_params: { ...custom, multi_prompt: shots(5) } }, null],
		['o3 i2v: no prompt without multi_shot', { model: 'kling-o3-image-to-video', image_start: IMG }, 'prompt'],
		['o3 i2v: shot item schema from the prose (unknown key)', O3I({ model_params: { ...custom, multi_prompt: [{ index: 1, prompt: 'a', duration: '5', camera: 'x' }] } }), 'model_params.multi_prompt[0].camera'],
		['o3 i2v: shot duration as a number', O3I({ model_params: { ...custom, multi_prompt: [{ index: 1, prompt: 'a', duration: 5 }] } }), 'model_params.multi_prompt[0].duration'],
		['o3 i2v: 7 shots', O3I({ duration: 7, model_params: { ...custom, multi_prompt: shots(7) } }), 'model_params.multi_prompt'],
		['o3 i2v: shot prompt over 512', O3I({ model_params: { ...custom, multi_prompt: [{ index: 1, prompt: 'x'.repeat(513), duration: '5' }] } }), 'model_params.multi_prompt[0].prompt'],
		['o3 i2v: image_end with image_start', O3I({ image_end: IMG }), null],
		['o3 i2v: image_end with 3 images in all', O3I({ image_end: IMG, image_urls: [IMG] }), 'image_end'],
		['o3 i2v: 3 elements with a first frame', O3I({ model_params: { element_list: [1, 2, 3].map((i) => ({ element_id: `e${i}` })) } }), null],
		['o3 i2v: 4 elements with a first frame', O3I({ model_params: { element_list: [1, 2, 3, 4].map((i) => ({ element_id: `e${i}` })) } }), 'model_params.element_list'],
		['o3 i2v: images + elements over 7', O3I({ image_urls: urls('r', 4), model_params: { element_list: [1, 2, 3].map((i) => ({ element_id: `e${i}` })) } }), 'model_params.element_list'],
		['o3 i2v: 6 reference images + first frame', O3I({ image_urls: urls('r', 6) }), null],
		['o3 i2v: 7 reference images + first frame', O3I({ image_urls: urls('r', 7) }), 'image_urls'],
		['o3 ref: video + 4 images', { model: 'kling-o3-reference-to-video', prompt: 'p', video_url: VID, image_urls: urls('r', 4) }, null],
		['o3 ref: video + 5 images', { model: 'kling-o3-reference-to-video', prompt: 'p', video_url: VID, image_urls: urls('r', 5) }, 'image_urls'],
		['o3 ref: video + 3 images + 2 elements', { model: 'kling-o3-reference-to-video', prompt: 'p', video_url: VID, image_urls: urls('r', 3), model_params: { element_list: [{ element_id: 'a' }, { element_id: 'b' }] } }, 'model_params.element_list'],
		['o3 ref: no video, 6 images', { model: 'kling-o3-reference-to-video', prompt: 'p', image_urls: urls('r', 6) }, null],
		['o3 ref: video_url is a string, not an array', { model: 'kling-o3-reference-to-video', prompt: 'p', video_url: [VID] }, 'video_url'],
		['o3 edit: no video_url', { model: 'kling-o3-video-edit', prompt: 'p' }, 'video_url'],
		['o3 edit: 4 images', { model: 'kling-o3-video-edit', video_url: VID, image_urls: urls('r', 4) }, null],
		['o3 edit: 5 images', { model: 'kling-o3-video-edit', video_url: VID, image_urls: urls('r', 5) }, 'image_urls'],
		['o3 edit: no first frame', { model: 'kling-o3-video-edit', video_url: VID, image_start: IMG }, 'image_start'],
		['v2.6 motion: 2 images', { model: 'kling-v2.6-motion-control', image_urls: urls('i', 2), video_urls: [VID], model_params: { character_orientation: 'image' } }, 'image_urls'],
		['v3 motion: 2 videos', { model: 'kling-v3-motion-control', image_urls: [IMG], video_urls: urls('v', 2), model_params: { character_orientation: 'video' } }, 'video_urls'],
		['v3 motion: element with orientation image', { model: 'kling-v3-motion-control', image_urls: [IMG], video_urls: [VID], model_params: { character_orientation: 'image', element_list: [{ element_id: 'e' }] } }, 'model_params.character_orientation'],
		['v3 motion: element with orientation video', { model: 'kling-v3-motion-control', image_urls: [IMG], video_urls: [VID], model_params: { character_orientation: 'video', element_list: [{ element_id: 'e' }] } }, null],
	];
	test.each(rows)('%s', async (_name, body, param) => {
		await h.expect(body, param);
	});

	const element = (/** @type {object} */ mp) => ({ model: 'kling-custom-element', model_params: { element_name: 'cat', element_description: 'a cat', ...mp } });
	test.each(/** @type {Row[]} */ ([
		['image_refer without element_image_list', element({ reference_type: 'image_refer' }), 'model_params.element_image_list'],
		['video_refer without element_video_list', element({ reference_type: 'video_refer' }), 'model_params.element_video_list'],
		['video_refer with a voice id', element({ reference_type: 'video_refer', element_voice_id: 'v1', element_video_list: { refer_videos: [{ video_url: VID }] } }), null],
		['voice id with image_refer', element({ reference_type: 'image_refer', element_voice_id: 'v1', element_image_list: { frontal_image: IMG, refer_images: [{ image_url: IMG }] } }), 'model_params.element_voice_id'],
		['element_name over 20', element({ element_name: 'x'.repeat(21), reference_type: 'video_refer', element_video_list: { refer_videos: [{ video_url: VID }] } }), 'model_params.element_name'],
	]))('custom element: %s', async (_name, body, param) => {
		await h.expect(body, param);
	});

	test('the seed stays the contract: kling-v3-text-to-video refuses 4k (the catalogue lists it)', async () => {
		await h.expect({ model: 'kling-v3-text-to-video', prompt: 'p', quality: '4k' }, 'quality');
		await h.expect({ model: 'kling-v3-image-to-video', image_start: IMG, quality: '4k' }, null);
	});

	test('catalogue Kling models report video_duration and bill per second like the seed', async () => {
		const j = await h.expect({ model: 'kling-o3-text-to-video', prompt: 'p', duration: 10 }, null);
		expect(j.task_info).toEqual({ can_cancel: true, estimated_time: 300, video_duration: 10 });
		expect(j.usage).toEqual({ billing_rule: 'per_second', credits_reserved: 540000, user_group: 'default' });
		expect((await h.expect({ model: 'kling-custom-element', model_params: { element_name: 'c', element_description: 'd', reference_type: 'video_refer', element_video_list: { refer_videos: [{ video_url: VID }] } } }, null)).task_info.estimated_time).toBe(60);
	});

	test('shot prompts are read for markers', async () => {
		const j = await h.expect(O3T({ prompt: '', model_params: { ...custom, multi_prompt: [{ index: 1, prompt: 'x [sim:fail=content_policy_violation] [sim:seconds=0]', duration: '5' }] } }), null);
		await new Promise((r) => setTimeout(r, 50));
		expect(h.sim.task(j.id)).toMatchObject({ status: 'failed', error: { code: 'content_policy_violation' } });
	});
});

describe('wan', () => {
	const W27I = 'wan2.7-image-to-video';
	const W27R = (/** @type {object} */ x) => ({ model: 'wan2.7-reference-video', prompt: 'p', ...x });
	/** @type {Row[]} */
	const rows = [
		['2.5 i2v: quality from the prose enum', { model: 'wan2.5-image-to-video', prompt: 'p', image_urls: [IMG], quality: '2k' }, 'quality'],
		['2.5 i2v: duration only 5 or 10', { model: 'wan2.5-image-to-video', prompt: 'p', image_urls: [IMG], duration: 7 }, 'duration'],
		['2.5 t2v (seed): duration only 5 or 10', { model: 'wan2.5-text-to-video', prompt: 'p', duration: 7 }, 'duration'],
		['2.5 t2v (seed): 480p has no 4:3', { model: 'wan2.5-text-to-video', prompt: 'p', quality: '480p', aspect_ratio: '4:3' }, 'aspect_ratio'],
		['2.6 t2v: aspect ratio from the prose', { model: 'wan2.6-text-to-video', prompt: 'p', aspect_ratio: '21:9' }, 'aspect_ratio'],
		['2.6 t2v: 480p is not offered', { model: 'wan2.6-text-to-video', prompt: 'p', quality: '480p' }, 'quality'],
		['2.6 t2v: 1080p 3:4 15 s with audio', { model: 'wan2.6-text-to-video', prompt: 'p', quality: '1080p', aspect_ratio: '3:4', duration: 15, audio_url: mediaUrl('a') }, null],
		['2.6 i2v: exactly 1 image (0)', { model: 'wan2.6-image-to-video', prompt: 'p', image_urls: [] }, 'image_urls'],
		['2.6 i2v flash: 480p is not offered', { model: 'wan2.6-image-to-video-flash', prompt: 'p', image_urls: [IMG], quality: '480p' }, 'quality'],
		['2.6 ref: aspect 4:5', { model: 'wan2.6-reference-video', prompt: 'p', video_urls: [VID], aspect_ratio: '4:5' }, 'aspect_ratio'],
		['2.6 ref flash: quality 4k', { model: 'wan2.6-reference-video-flash', prompt: 'p', video_urls: [VID], quality: '4k' }, 'quality'],
		['2.7 i2v first_frame', { model: W27I, generation_mode: 'first_frame', image_start: IMG, audio_urls: [mediaUrl('a')] }, null],
		['2.7 i2v first_frame refuses image_end', { model: W27I, generation_mode: 'first_frame', image_start: IMG, image_end: IMG }, 'image_end'],
		['2.7 i2v first_frame refuses video_urls', { model: W27I, generation_mode: 'first_frame', image_start: IMG, video_urls: [VID] }, 'video_urls'],
		['2.7 i2v first_frame needs image_start', { model: W27I, generation_mode: 'first_frame' }, 'image_start'],
		['2.7 i2v first_last_frame needs image_end', { model: W27I, generation_mode: 'first_last_frame', image_start: IMG }, 'image_end'],
		['2.7 i2v first_last_frame', { model: W27I, generation_mode: 'first_last_frame', image_start: IMG, image_end: IMG }, null],
		['2.7 i2v video_continuation needs video_urls', { model: W27I, generation_mode: 'video_continuation', image_end: IMG }, 'video_urls'],
		['2.7 i2v video_continuation with an ending frame', { model: W27I, generation_mode: 'video_continuation', video_urls: [VID], image_end: IMG }, null],
		['2.7 i2v video_continuation refuses image_start', { model: W27I, generation_mode: 'video_continuation', video_urls: [VID], image_start: IMG }, 'image_start'],
		['2.7 i2v video_continuation refuses audio_urls', { model: W27I, generation_mode: 'video_continuation', video_urls: [VID], audio_urls: [mediaUrl('a')] }, 'audio_urls'],
		['2.7 i2v inferred continuation refuses image_start', { model: W27I, video_urls: [VID], image_start: IMG }, 'image_start'],
		['2.7 i2v inferred first_last_frame', { model: W27I, image_start: IMG, image_end: IMG }, null],
		['2.7 i2v only image_end: nothing to infer', { model: W27I, image_end: IMG }, 'image_start'],
		['2.7 i2v only 1 video', { model: W27I, video_urls: urls('v', 2) }, 'video_urls'],
		['2.7 i2v integer seconds', { model: W27I, image_start: IMG, duration: 5.5 }, 'duration'],
		['2.7 t2v integer seconds', { model: 'wan2.7-text-to-video', prompt: 'p', duration: 2.5 }, 'duration'],
		['2.7 ref: image_start alone is not enough', W27R({ image_start: IMG }), 'image_urls'],
		['2.7 ref: images + videos over 5', W27R({ image_urls: urls('i', 3), video_urls: urls('v', 3) }), 'video_urls'],
		['2.7 ref: 5 items, 10 s', W27R({ image_urls: urls('i', 3), video_urls: urls('v', 2), duration: 10 }), null],
		['2.7 ref: 11 s with a video', W27R({ video_urls: [VID], duration: 11 }), 'duration'],
		['2.7 ref: 15 s with images only', W27R({ image_urls: [IMG], duration: 15 }), null],
		['2.7 ref: voice for image 1 and video 1', W27R({ image_urls: [IMG], video_urls: [VID], model_params: { voice_bindings: { image1: mediaUrl('v1'), video1: mediaUrl('v2') } } }), null],
		['2.7 ref: voice for a missing image 2', W27R({ image_urls: [IMG], model_params: { voice_bindings: { image2: mediaUrl('v') } } }), 'model_params.voice_bindings.image2'],
		['2.7 ref: voice key with a leading zero', W27R({ image_urls: [IMG], model_params: { voice_bindings: { image01: mediaUrl('v') } } }), 'model_params.voice_bindings.image01'],
		['2.7 ref: voice key image_start', W27R({ image_urls: [IMG], image_start: IMG, model_params: { voice_bindings: { image_start: mediaUrl('v') } } }), 'model_params.voice_bindings.image_start'],
		['2.7 ref: voice value not a URL', W27R({ image_urls: [IMG], model_params: { voice_bindings: { image1: 'voice.mp3' } } }), 'model_params.voice_bindings.image1'],
		['2.7 ref: more than 5 voices', W27R({ image_urls: urls('i', 5), model_params: { voice_bindings: Object.fromEntries([1, 2, 3, 4, 5, 6].map((i) => [`image${i}`, mediaUrl('v', i)])) } }), 'model_params.voice_bindings'],
		['2.7 edit: duration 0 keeps the input', { model: 'wan2.7-video-edit', video_urls: [VID], duration: 0 }, null],
		['2.7 edit: duration 1', { model: 'wan2.7-video-edit', video_urls: [VID], duration: 1 }, 'duration'],
		['2.7 edit: duration 2', { model: 'wan2.7-video-edit', video_urls: [VID], duration: 2 }, null],
		['3.0 t2v: -1 (model chooses)', { model: 'wan3.0-text-to-video', prompt: 'p', duration: -1 }, null],
		['3.0 t2v: 30', { model: 'wan3.0-text-to-video', prompt: 'p', duration: 30 }, null],
		['3.0 t2v: 31', { model: 'wan3.0-text-to-video', prompt: 'p', duration: 31 }, 'duration'],
		['3.0 prime i2v: 1', { model: 'wan3.0-prime-image-to-video', image_start: IMG, duration: 1 }, 'duration'],
		['3.0 i2v: 0', { model: 'wan3.0-image-to-video', image_start: IMG, duration: 0 }, 'duration'],
		['3.0 i2v: image_end needs image_start', { model: 'wan3.0-image-to-video', image_end: IMG }, 'image_start'],
		['3.0 prime t2v: -2', { model: 'wan3.0-prime-text-to-video', prompt: 'p', duration: -2 }, 'duration'],
		['3.0 ref: prompt (rules: not in the schema list)', { model: 'wan3.0-reference-video', image_urls: [IMG] }, 'prompt'],
		['3.0 ref: file_url and link_url', { model: 'wan3.0-reference-video', prompt: 'p', model_params: { file_url: mediaUrl('f'), link_url: 'https://example.com/page' } }, 'model_params.link_url'],
		['3.0 prime ref: file_url alone, -1', { model: 'wan3.0-prime-reference-video', prompt: 'p', duration: -1, model_params: { file_url: mediaUrl('f') } }, null],
		['3.0 ref: 5 videos', { model: 'wan3.0-reference-video', prompt: 'p', video_urls: urls('v', 5), audio_urls: urls('a', 5) }, null],
	];
	test.each(rows)('%s', async (_name, body, param) => {
		await h.expect(body, param);
	});

	test('catalogue Wan models bill per call like the seed, estimated 120 s', async () => {
		const j = await h.expect({ model: 'wan2.6-text-to-video', prompt: 'p', duration: 10, quality: '1080p' }, null);
		expect(j.task_info).toEqual({ can_cancel: true, estimated_time: 120 });
		expect(j.usage).toEqual({ billing_rule: 'per_call', credits_reserved: 16, user_group: 'default' });
	});
});
