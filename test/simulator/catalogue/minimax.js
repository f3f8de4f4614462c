// @ts-check
'use strict';

const { bad, given, len, need } = require('./util');

/**
 * MiniMax prose rules: Hailuo (MiniMax-Hailuo-02, -2.3, -2.3-Fast) and H3 (minimax-h3-*).
 */

/** @typedef {import('./util').Obj} Obj */
/** @typedef {import('./util').RuleCtx} RuleCtx */
/** @typedef {import('./util').ModelRule} ModelRule */

/**
 * Hailuo: the image count selects the mode (0 text-to-video, 1 image-to-video,
 * 2 first+last frame, as far as maxItems allows); text-to-video needs a prompt;
 * 512p only in image-to-video (exactly 1 image); 1080p only 6 s.
 * @param {Obj} b @param {RuleCtx} ctx
 */
function hailuo(b, ctx) {
	const images = len(b.image_urls);
	if (images === 0) need(b, 'prompt', 'for text-to-video (no image_urls)');
	const quality = b.quality ?? ctx.params.quality?.default;
	const duration = b.duration ?? ctx.params.duration?.default;
	if (quality === '512p' && images !== 1) {
		throw bad(`'quality' 512p is only available in image-to-video mode, with exactly 1 image in image_urls (got ${images})`, 'quality');
	}
	if (quality === '1080p' && duration !== 6) throw bad(`'duration' must be 6 with quality 1080p (got ${duration})`, 'duration');
}

/** @type {Record<string, ModelRule>} */
const rules = {
	'MiniMax-Hailuo-02': { check: hailuo },
	// The schema marks prompt required; the prose: optional when an image is given.
	'MiniMax-Hailuo-2.3': { patch: { prompt: { required: false } }, check: hailuo },
	'MiniMax-Hailuo-2.3-Fast': { check: hailuo },
	'minimax-h3-image-to-video': {
		check(b) {
			if (!given(b.image_start) && !given(b.image_end)) {
				throw bad(`'image_start' or 'image_end' is required (at least one frame)`, 'image_start');
			}
		},
	},
	'minimax-h3-reference-to-video': {
		check(b) {
			if (!given(b.image_urls) && !given(b.video_urls) && !given(b.audio_urls)) {
				throw bad(`At least one reference is required ('image_urls', 'video_urls' or 'audio_urls')`, 'image_urls');
			}
		},
	},
};

module.exports = { rules };
