// @ts-check
'use strict';

const { bad, isObj, isHttpUrl, given, len, need, forbid } = require('./util');

/**
 * Wan prose rules (wan2.5-text-to-video itself is a seed: catalogue/seeds.js).
 */

/** @typedef {import('./util').Obj} Obj */
/** @typedef {import('./util').RuleCtx} RuleCtx */
/** @typedef {import('./util').ModelRule} ModelRule */

/** "No enum in schema" values from the prose. */
const Q_480_1080 = { enum: ['480p', '720p', '1080p'], default: '720p' };
const Q_720_1080 = { enum: ['720p', '1080p'], default: '720p' };
const RATIOS = { enum: ['16:9', '9:16', '1:1', '4:3', '3:4'], default: '16:9' };
/** "Integer seconds despite type number". */
const INT_DURATION = { type: 'integer' };
/** "1 first-frame image". */
const ONE_IMAGE = { minItems: 1 };

/** wan2.7-image-to-video: what each generation_mode needs and refuses. */
/** @type {Record<string, {needs: string[], refuses: string[]}>} */
const MODES = {
	first_frame: { needs: ['image_start'], refuses: ['image_end', 'video_urls'] },
	first_last_frame: { needs: ['image_start', 'image_end'], refuses: ['video_urls'] },
	video_continuation: { needs: ['video_urls'], refuses: ['image_start', 'audio_urls'] },
};

/** @param {Obj} b */
function generationMode(b) {
	let mode = /** @type {string | undefined} */ (b.generation_mode);
	// "If omitted a mode is inferred": from the inputs that are there.
	if (mode === undefined) {
		if (given(b.video_urls)) mode = 'video_continuation';
		else if (given(b.image_start)) mode = given(b.image_end) ? 'first_last_frame' : 'first_frame';
		else throw bad(`'image_start' (or video_urls for video_continuation) is required: there is no input to make a video from`, 'image_start');
	}
	const m = MODES[mode];
	for (const k of m.needs) need(b, k, `with generation_mode ${mode}`);
	for (const k of m.refuses) forbid(b, k, `with generation_mode ${mode}`);
}

/**
 * wan2.7-reference-video: 1-5 images + videos; duration at most 10 with videos;
 * voice_bindings keys image{N}/video{N} naming a sent item, at most 5, values audio URLs.
 * @param {Obj} b @param {RuleCtx} ctx
 */
function wan27Reference(b, ctx) {
	const images = len(b.image_urls);
	const videos = len(b.video_urls);
	if (images + videos === 0) throw bad(`'image_urls' or 'video_urls' is required (image_start alone is not enough)`, 'image_urls');
	if (images + videos > 5) throw bad(`image_urls plus video_urls must be at most 5 items (got ${images + videos})`, videos ? 'video_urls' : 'image_urls');
	const d = /** @type {number} */ (b.duration ?? ctx.params.duration?.default ?? 5);
	if (videos && d > 10) throw bad(`'duration' must be at most 10 with video_urls (got ${d})`, 'duration');
	const vb = ctx.mp.voice_bindings;
	if (!isObj(vb)) return;
	const P = 'model_params.voice_bindings';
	const keys = Object.keys(vb);
	if (keys.length > 5) throw bad(`'${P}' must have at most 5 bindings (got ${keys.length})`, P);
	for (const k of keys) {
		const m = /^(image|video)([1-9]\d*)$/.exec(k);
		if (!m) throw bad(`'${P}' keys are image{N} or video{N} (1-based, no leading zeros), got '${k}'`, `${P}.${k}`);
		const have = m[1] === 'image' ? images : videos;
		if (Number(m[2]) > have) throw bad(`'${P}.${k}' names ${m[1]} ${m[2]}, but ${m[1]}_urls has ${have}`, `${P}.${k}`);
		if (!isHttpUrl(vb[k])) throw bad(`'${P}.${k}' must be an absolute http(s) URL (a voice audio file)`, `${P}.${k}`);
		ctx.media.push({ param: `${P}.${k}`, url: /** @type {string} */ (vb[k]) });
	}
}

/** wan3.0: "Integer 2-30, or -1 = model chooses" (no min/max in the schema). @param {Obj} b */
function wan30Duration(b) {
	const d = b.duration;
	if (typeof d === 'number' && d !== -1 && (d < 2 || d > 30)) {
		throw bad(`'duration' must be -1 (the model chooses) or between 2 and 30 (got ${d})`, 'duration');
	}
}

/** wan3.0 reference: file_url and link_url are mutually exclusive. @param {Obj} b @param {RuleCtx} ctx */
function wan30Reference(b, ctx) {
	wan30Duration(b);
	if (given(ctx.mp.file_url)) forbid(ctx.mp, 'link_url', 'together with model_params.file_url', 'model_params.link_url');
}

/** @type {Record<string, ModelRule>} */
const rules = {
	'wan2.5-image-to-video': { patch: { quality: Q_480_1080, duration: { enum: [5, 10] }, image_urls: ONE_IMAGE } },
	'wan2.6-image-to-video': { patch: { quality: Q_720_1080, image_urls: ONE_IMAGE, prompt_extend: { default: true } } },
	'wan2.6-image-to-video-flash': { patch: { quality: Q_720_1080, image_urls: ONE_IMAGE, prompt_extend: { default: true } } },
	'wan2.6-text-to-video': { patch: { quality: Q_720_1080, aspect_ratio: RATIOS, prompt_extend: { default: true } } },
	'wan2.6-reference-video': { patch: { quality: Q_720_1080, aspect_ratio: RATIOS } },
	'wan2.6-reference-video-flash': { patch: { quality: Q_720_1080, aspect_ratio: RATIOS } },
	'wan2.7-image-to-video': { patch: { duration: INT_DURATION, video_urls: { maxItems: 1 } }, check: generationMode },
	'wan2.7-reference-video': { patch: { duration: INT_DURATION }, check: wan27Reference },
	'wan2.7-text-to-video': { patch: { duration: INT_DURATION } },
	'wan2.7-video-edit': {
		check(b) {
			const d = b.duration;
			if (typeof d === 'number' && d > 0 && d < 2) {
				throw bad(`'duration' must be 0 (keep the input length) or between 2 and 10 (got ${d})`, 'duration');
			}
		},
	},
	'wan3.0-text-to-video': { check: wan30Duration },
	'wan3.0-prime-text-to-video': { check: wan30Duration },
	'wan3.0-image-to-video': { check: wan30Duration },
	'wan3.0-prime-image-to-video': { check: wan30Duration },
	// prompt: "Not in the schema's required list" (a reference video is described by it).
	'wan3.0-reference-video': { patch: { prompt: { required: true } }, check: wan30Reference },
	'wan3.0-prime-reference-video': { patch: { prompt: { required: true } }, check: wan30Reference },
};

module.exports = { rules };
