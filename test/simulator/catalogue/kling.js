// @ts-check
'use strict';

const { bad, given, len, need, forbid, durationOf, charLen } = require('./util');

/**
 * Kling prose rules (kling-v3-text-to-video itself is a seed: catalogue/seeds.js).
 */

/** @typedef {import('./util').Obj} Obj */
/** @typedef {import('./util').RuleCtx} RuleCtx */
/** @typedef {import('./util').ModelRule} ModelRule */

const P = 'model_params.multi_prompt';

/**
 * Multi-shot: shot_type is needed with multi_shot=true; multi_prompt with customize;
 * shot indexes are 1..n, each once; shot durations are positive integers in strings and,
 * in customize mode, add up to `duration` (default 5). Item shapes are schema-checked.
 * @param {Obj} b @param {RuleCtx} ctx @returns {boolean} customize mode
 */
function multiShot(b, ctx) {
	const mp = ctx.mp;
	const multi = mp.multi_shot === true;
	if (multi && mp.shot_type === undefined) {
		throw bad(`'model_params.shot_type' is required when multi_shot is true`, 'model_params.shot_type');
	}
	const customize = multi && mp.shot_type === 'customize';
	if (customize) need(mp, 'multi_prompt', 'when multi_shot is true and shot_type is customize', P);
	const list = mp.multi_prompt;
	if (!Array.isArray(list)) return customize;
	const total = durationOf(b, ctx.params) ?? 5;
	const seen = new Set();
	let sum = 0;
	list.forEach((item, i) => {
		const s = /** @type {Obj} */ (item);
		const ip = `${P}[${i}]`;
		const index = /** @type {number} */ (s.index);
		if (index < 1 || index > list.length) throw bad(`'${ip}.index' must be between 1 and ${list.length} (got ${index})`, `${ip}.index`);
		if (seen.has(index)) throw bad(`'${ip}.index' ${index} is used twice`, `${ip}.index`);
		seen.add(index);
		const d = /** @type {string} */ (s.duration);
		if (!/^[1-9]\d*$/.test(d)) throw bad(`'${ip}.duration' must be a positive integer in a string (got '${d}')`, `${ip}.duration`);
		sum += Number(d);
	});
	if (customize && sum !== total) throw bad(`The shot durations in '${P}' add up to ${sum}, but duration is ${total}`, P);
	return customize;
}

/** The shot item schema the prose gives for kling-o3-image-to-video (the catalogue has none). */
const SHOT_ITEMS = {
	type: 'object',
	properties: {
		index: { type: 'integer', required: true },
		prompt: { type: 'string', maxLength: 512, required: true },
		duration: { type: 'string', required: true },
	},
};

/** Shots written into a kling-v3-turbo prompt: '镜头 n, m, text;' (n shot number, m seconds). */
const TURBO_SHOT = /镜头\s*(\d+)\s*[,，]\s*(\d+)\s*[,，]\s*([^;；]*)/g;

/** @param {Obj} b @param {RuleCtx} ctx */
function turboShots(b, ctx) {
	const shots = [...String(b.prompt).matchAll(TURBO_SHOT)];
	if (!shots.length) return;
	if (shots.length > 6) throw bad(`'prompt' has ${shots.length} shots (镜头 entries); at most 6`, 'prompt');
	let sum = 0;
	for (const [, n, m, text] of shots) {
		if (Number(n) < 1 || Number(n) > 6) throw bad(`'prompt': shot number ${n} must be between 1 and 6`, 'prompt');
		if (charLen(text.trim()) > 512) throw bad(`'prompt': the text of shot ${n} is over 512 characters`, 'prompt');
		sum += Number(m);
	}
	const total = durationOf(b, ctx.params) ?? 5;
	if (sum !== total) throw bad(`'prompt': the shot seconds add up to ${sum}, but duration is ${total}`, 'prompt');
}

/**
 * Images plus elements (model_params.element_list) at most `max`.
 * @param {Obj} b @param {RuleCtx} ctx @param {number} images @param {number} max @param {string} when
 */
function imagesPlusElements(b, ctx, images, max, when) {
	const elements = len(ctx.mp.element_list);
	if (images + elements > max) {
		const param = elements ? 'model_params.element_list' : 'image_urls';
		throw bad(`Images plus elements must be at most ${max} ${when} (got ${images} + ${elements})`, param);
	}
}

/** One appearance image and one motion video. */
const MOTION_PATCH = { image_urls: { minItems: 1, maxItems: 1 }, video_urls: { minItems: 1, maxItems: 1 } };

/** @type {Record<string, ModelRule>} */
const rules = {
	'kling-v3-image-to-video': {
		// evolink-api.md (and the simulator's earlier tests): image_start and/or image_end.
		// The catalogue marks image_start required and says image_end needs it: see README.
		patch: { image_start: { required: false } },
		check(b, ctx) {
			if (!given(b.image_start) && !given(b.image_end)) throw bad(`'image_start' or 'image_end' is required`, 'image_start');
			multiShot(b, ctx); // prompt stays optional (the image drives the video)
		},
	},
	'kling-v3-turbo-text-to-video': { check: turboShots },
	'kling-o3-text-to-video': {
		patch: { prompt: { required: false } },
		check(b, ctx) {
			if (!multiShot(b, ctx)) need(b, 'prompt', 'unless multi_shot is true and shot_type is customize');
		},
	},
	'kling-o3-image-to-video': {
		patch: {
			prompt: { required: false },
			image_start: { required: true }, // "Not in the schema's required list": the first frame of an image-to-video model
			'model_params.multi_prompt': { maxItems: 6, items: SHOT_ITEMS },
		},
		check(b, ctx) {
			multiShot(b, ctx);
			if (ctx.mp.multi_shot !== true) need(b, 'prompt', 'when multi_shot is not true');
			const images = 1 + (given(b.image_end) ? 1 : 0) + len(b.image_urls);
			if (given(b.image_end) && images > 2) {
				throw bad(`'image_end' is not allowed when there are more than 2 images in all (image_urls has ${len(b.image_urls)})`, 'image_end');
			}
			if (len(ctx.mp.element_list) > 3) {
				throw bad(`'model_params.element_list' must have at most 3 elements when a first frame is given`, 'model_params.element_list');
			}
			imagesPlusElements(b, ctx, images, 7, 'without a video');
		},
	},
	'kling-o3-reference-to-video': {
		check(b, ctx) {
			if (given(b.video_url)) imagesPlusElements(b, ctx, len(b.image_urls), 4, 'with a video');
		},
	},
	'kling-o3-video-edit': {
		patch: { video_url: { required: true } }, // "Not in the schema's required list": the video to edit
		check(b, ctx) {
			imagesPlusElements(b, ctx, len(b.image_urls), 4, 'with a video');
		},
	},
	'kling-v2.6-motion-control': { patch: MOTION_PATCH },
	'kling-v3-motion-control': {
		patch: MOTION_PATCH,
		check(b, ctx) {
			if (given(ctx.mp.element_list) && ctx.mp.character_orientation !== 'video') {
				throw bad(`'model_params.character_orientation' must be 'video' when element_list is given`, 'model_params.character_orientation');
			}
		},
	},
	'kling-custom-element': {
		check(b, ctx) {
			const mp = ctx.mp;
			if (mp.reference_type === 'image_refer') {
				need(mp, 'element_image_list', 'when reference_type is image_refer', 'model_params.element_image_list');
				forbid(mp, 'element_voice_id', 'with reference_type image_refer (video_refer only)', 'model_params.element_voice_id');
			} else {
				need(mp, 'element_video_list', 'when reference_type is video_refer', 'model_params.element_video_list');
			}
		},
	},
};

module.exports = { rules, multiShot };
