// @ts-check
'use strict';

/* The Seedance and MiniMax (Hailuo, H3) prose rules, one row per rule and side. */

const { useSimulator, urls, mediaUrl } = require('./catalogue-testkit');
const { validateCreate } = require('./models');

const h = useSimulator();
const IMG = mediaUrl('img');
const VID = mediaUrl('vid');
const AUD = mediaUrl('aud');

/** @typedef {[string, Record<string, any>, string | null]} Row  name, body, param (null = 200) */

describe('seedance', () => {
	const S = (/** @type {string} */ model, /** @type {object} */ x = {}) => ({ model, prompt: 'p', ...x });
	/** @type {Row[]} */
	const rows = [];
	for (const m of ['seedance-2.0-text-to-video', 'seedance-2.0-fast-text-to-video', 'seedance-2.5-text-to-video']) {
		rows.push(
			[`${m}: content_filter false + web_search true`, S(m, { content_filter: false, model_params: { web_search: true } }), 'model_params.web_search'],
			[`${m}: content_filter false alone`, S(m, { content_filter: false, model_params: { web_search: false } }), null],
			[`${m}: web_search alone`, S(m, { model_params: { web_search: true } }), null],
		);
	}
	for (const m of ['seedance-2.0-reference-to-video', 'seedance-2.0-fast-reference-to-video', 'seedance-2.0-mini-reference-to-video']) {
		rows.push(
			[`${m}: audio alone is refused`, S(m, { audio_urls: [AUD] }), 'image_urls'],
			[`${m}: no reference at all`, S(m), 'image_urls'],
			[`${m}: a video and audio`, S(m, { video_urls: [VID], audio_urls: [AUD] }), null],
			[`${m}: 9 images, 3 videos, 3 clips`, S(m, { image_urls: urls('i', 9), video_urls: urls('v', 3), audio_urls: urls('a', 3) }), null],
		);
	}
	rows.push(
		['2.0 t2v: 21:9 at 1080p (not in the size table)', S('seedance-2.0-text-to-video', { quality: '1080p', aspect_ratio: '21:9' }), 'aspect_ratio'],
		['2.0 t2v: 21:9 at 720p', S('seedance-2.0-text-to-video', { aspect_ratio: '21:9' }), null],
		['2.0 ref: 21:9 at 4k', S('seedance-2.0-reference-to-video', { image_urls: [IMG], quality: '4k', aspect_ratio: '21:9' }), 'aspect_ratio'],
		['2.0 ref: 16:9 at 4k', S('seedance-2.0-reference-to-video', { image_urls: [IMG], quality: '4k', aspect_ratio: '16:9' }), null],
		['2.0 fast t2v: 1080p is "coming soon"', S('seedance-2.0-fast-text-to-video', { quality: '1080p' }), 'quality'],
		['2.0 mini t2v: text only', S('seedance-2.0-mini-text-to-video', { image_urls: [IMG] }), 'image_urls'],
		['2.0 mini t2v: no model_params', S('seedance-2.0-mini-text-to-video', { model_params: { web_search: true } }), 'model_params'],
		['2.0 i2v: first + last frame', S('seedance-2.0-image-to-video', { image_urls: urls('i', 2) }), null],
		['2.0 i2v: no video_urls', S('seedance-2.0-image-to-video', { image_urls: [IMG], video_urls: [VID] }), 'video_urls'],
		['2.5 t2v: duration -1', S('seedance-2.5-text-to-video', { duration: -1 }), null],
		['2.5 t2v: duration 30', S('seedance-2.5-text-to-video', { duration: 30 }), null],
		['2.5 t2v: duration 31', S('seedance-2.5-text-to-video', { duration: 31 }), 'duration'],
		['2.5 t2v: duration 3', S('seedance-2.5-text-to-video', { duration: 3 }), 'duration'],
		['2.5 t2v: duration 0', S('seedance-2.5-text-to-video', { duration: 0 }), 'duration'],
		['2.5 t2v: draft with 720p', S('seedance-2.5-text-to-video', { draft: true, quality: '720p' }), 'quality'],
		['2.5 t2v: draft with 480p', S('seedance-2.5-text-to-video', { draft: true, quality: '480p' }), null],
		['2.5 t2v: 1080p without draft', S('seedance-2.5-text-to-video', { draft: false, quality: '1080p' }), null],
		['2.5 t2v: draft inside model_params', S('seedance-2.5-text-to-video', { model_params: { draft: true } }), 'model_params.draft'],
		['2.5 i2v: draft with 1080p', S('seedance-2.5-image-to-video', { image_urls: [IMG], draft: true, quality: '1080p' }), 'quality'],
		['2.5 i2v: only adaptive', S('seedance-2.5-image-to-video', { image_urls: [IMG], aspect_ratio: '16:9' }), 'aspect_ratio'],
		['2.5 i2v: duration 2', S('seedance-2.5-image-to-video', { image_urls: [IMG], duration: 2 }), 'duration'],
		['2.5 ref: no reference', S('seedance-2.5-reference-to-video'), 'image_urls'],
		['2.5 ref: audio alone is enough here', S('seedance-2.5-reference-to-video', { audio_urls: [AUD] }), null],
		['2.5 ref: 30 images, -1', S('seedance-2.5-reference-to-video', { image_urls: urls('i', 30), duration: -1 }), null],
		['2.5 ref: draft with 720p', S('seedance-2.5-reference-to-video', { video_urls: [VID], draft: true, quality: '720p' }), 'quality'],
		['2.5 edit: only -1', S('seedance-2.5-video-edit', { video_urls: [VID], duration: 5 }), 'duration'],
		['2.5 edit: draft 480p', S('seedance-2.5-video-edit', { video_urls: [VID], draft: true, quality: '480p' }), null],
		['2.5 edit: draft 1080p', S('seedance-2.5-video-edit', { video_urls: [VID], draft: true, quality: '1080p' }), 'quality'],
		['2.5 extend: duration 40', S('seedance-2.5-video-extend', { video_urls: [VID], duration: 40 }), 'duration'],
		['2.5 extend: -1, 10 videos', S('seedance-2.5-video-extend', { video_urls: urls('v', 10), duration: -1 }), null],
		['1.0 pro fast: keep_ratio needs an image', S('doubao-seedance-1.0-pro-fast', { aspect_ratio: 'keep_ratio' }), 'aspect_ratio'],
		['1.0 pro fast: keep_ratio with an image', S('doubao-seedance-1.0-pro-fast', { aspect_ratio: 'keep_ratio', image_urls: [IMG] }), null],
		['1.0 pro fast: 21:9 text-to-video', S('doubao-seedance-1.0-pro-fast', { aspect_ratio: '21:9' }), null],
		['1.0 pro fast: 2:1 is not a ratio of the prose', S('doubao-seedance-1.0-pro-fast', { aspect_ratio: '2:1' }), 'aspect_ratio'],
		['1.5 pro: aspect from the prose', S('seedance-1.5-pro', { aspect_ratio: '5:4' }), 'aspect_ratio'],
		['1.5 pro: adaptive, 2 images', S('seedance-1.5-pro', { aspect_ratio: 'adaptive', image_urls: urls('i', 2) }), null],
	);
	test.each(rows)('%s', async (_name, body, param) => {
		await h.expect(body, param);
	});

	describe('seedance-2.5-draft-to-video', () => {
		const D = (/** @type {string} */ id) => ({ model: 'seedance-2.5-draft-to-video', source_task_id: id, output_format: 'mov' });
		test('a completed draft of this key is accepted; others are refused', async () => {
			const draft = (await h.expect({ model: 'seedance-2.5-image-to-video', prompt: 'p', image_urls: [IMG], draft: true }, null)).id;
			const running = (await h.expect({ model: 'seedance-2.5-text-to-video', prompt: 'p', draft: true }, null)).id;
			const notDraft = (await h.expect({ model: 'seedance-2.5-text-to-video', prompt: 'p' }, null)).id;
			const otherModel = (await h.expect({ model: 'seedance-2.0-text-to-video', prompt: 'p', draft: undefined }, null)).id;
			const otherKey = (await h.expect({ model: 'seedance-2.5-text-to-video', prompt: 'p', draft: true }, null, 'sk-evo-sim-second-key-11111111')).id;
			for (const id of [draft, notDraft, otherModel, otherKey]) h.sim.completeTask(id);
			await h.expect(D('not-a-task-id'), 'source_task_id');
			await h.expect(D('task-unified-1757169743-zzzzzzzz'), 'source_task_id');
			await h.expect(D(running), 'source_task_id'); // not completed yet
			await h.expect(D(notDraft), 'source_task_id');
			await h.expect(D(otherModel), 'source_task_id');
			await h.expect(D(otherKey), 'source_task_id');
			const j = await h.expect(D(draft), null);
			expect(j.model).toBe('seedance-2.5-draft-to-video');
			await h.expect({ ...D(draft), output_format: 'mkv' }, 'output_format');
		});
		test('without a task store (validateCreate alone) only the id form is checked', () => {
			expect(validateCreate(D('task-unified-1-abcdefgh'), { allowInsecureCallbacks: false }).model).toBe('seedance-2.5-draft-to-video');
		});
	});
});

describe('minimax', () => {
	const H02 = (/** @type {object} */ x) => ({ model: 'MiniMax-Hailuo-02', ...x });
	/** @type {Row[]} */
	const rows = [
		['Hailuo-02: text-to-video needs a prompt', H02({}), 'prompt'],
		['Hailuo-02: image-to-video without prompt', H02({ image_urls: [IMG] }), null],
		['Hailuo-02: first+last frame without prompt', H02({ image_urls: urls('i', 2) }), null],
		['Hailuo-02: 512p with 1 image', H02({ image_urls: [IMG], quality: '512p', duration: 10 }), null],
		['Hailuo-02: 512p text-to-video', H02({ prompt: 'p', quality: '512p' }), 'quality'],
		['Hailuo-02: 512p first+last frame', H02({ image_urls: urls('i', 2), quality: '512p' }), 'quality'],
		['Hailuo-02: 1080p 10 s', H02({ prompt: 'p', quality: '1080p', duration: 10 }), 'duration'],
		['Hailuo-02: 1080p (default 6 s)', H02({ prompt: 'p', quality: '1080p' }), null],
		['Hailuo-02: 768p 10 s', H02({ prompt: 'p', duration: 10 }), null],
		['Hailuo-2.3: image, no prompt (schema says required)', { model: 'MiniMax-Hailuo-2.3', image_urls: [IMG] }, null],
		['Hailuo-2.3: no image, no prompt', { model: 'MiniMax-Hailuo-2.3' }, 'prompt'],
		['Hailuo-2.3: blank prompt, no image', { model: 'MiniMax-Hailuo-2.3', prompt: '  ' }, 'prompt'],
		['Hailuo-2.3: 1080p 10 s', { model: 'MiniMax-Hailuo-2.3', prompt: 'p', quality: '1080p', duration: 10 }, 'duration'],
		['Hailuo-2.3: no 512p', { model: 'MiniMax-Hailuo-2.3', image_urls: [IMG], quality: '512p' }, 'quality'],
		['Hailuo-2.3-Fast: no prompt', { model: 'MiniMax-Hailuo-2.3-Fast', image_urls: [IMG] }, null],
		['Hailuo-2.3-Fast: 1080p 10 s', { model: 'MiniMax-Hailuo-2.3-Fast', image_urls: [IMG], quality: '1080p', duration: 10 }, 'duration'],
		['h3 i2v: image_end alone', { model: 'minimax-h3-image-to-video', prompt: 'p', image_end: IMG }, null],
		['h3 i2v: no frame', { model: 'minimax-h3-image-to-video', prompt: 'p' }, 'image_start'],
		['h3 i2v: image_urls is rejected', { model: 'minimax-h3-image-to-video', prompt: 'p', image_start: IMG, image_urls: [IMG] }, 'image_urls'],
		['h3 i2v: 2k', { model: 'minimax-h3-image-to-video', prompt: 'p', image_start: IMG, quality: '2k', duration: 4 }, null],
		['h3 max i2v: image_end alone', { model: 'minimax-h3-max-image-to-video', prompt: 'p', image_end: IMG }, 'image_start'],
		['h3 max turbo i2v: both frames', { model: 'minimax-h3-max-turbo-image-to-video', prompt: 'p', image_start: IMG, image_end: IMG }, null],
		['h3 max i2v: audio_urls is rejected', { model: 'minimax-h3-max-image-to-video', prompt: 'p', image_start: IMG, audio_urls: [AUD] }, 'audio_urls'],
		['h3 ref: no reference', { model: 'minimax-h3-reference-to-video', prompt: 'p' }, 'image_urls'],
		['h3 ref: empty lists only', { model: 'minimax-h3-reference-to-video', prompt: 'p', image_urls: [], video_urls: [] }, 'image_urls'],
		['h3 ref: audio only', { model: 'minimax-h3-reference-to-video', prompt: 'p', audio_urls: [AUD] }, null],
		['h3 max ref: no reference rule stated', { model: 'minimax-h3-max-reference-to-video', prompt: 'p' }, null],
		['h3 t2v: text only', { model: 'minimax-h3-text-to-video', prompt: 'p', image_start: IMG }, 'image_start'],
		['h3 t2v: empty prompt', { model: 'minimax-h3-text-to-video', prompt: '' }, 'prompt'],
		['h3 t2v: numeric string duration', { model: 'minimax-h3-text-to-video', prompt: 'p', duration: '6' }, 'duration'],
		['h3 t2v: duration -1', { model: 'minimax-h3-text-to-video', prompt: 'p', duration: -1 }, 'duration'],
		['h3 max t2v: 7000 characters (counted per character)', { model: 'minimax-h3-max-text-to-video', prompt: '猫'.repeat(7000) }, null],
		['h3 max t2v: 7001 characters', { model: 'minimax-h3-max-text-to-video', prompt: '猫'.repeat(7001) }, 'prompt'],
	];
	test.each(rows)('%s', async (_name, body, param) => {
		await h.expect(body, param);
	});
});
