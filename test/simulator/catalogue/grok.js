// @ts-check
'use strict';

const { bad, len } = require('./util');

/**
 * Grok Imagine prose rules. ("Must not be empty" prompts: every required text is refused
 * blank by the generic validator. aspect_ratio "ignored with exactly 1 image" is no refusal.)
 */

/** @typedef {import('./util').ModelRule} ModelRule */

/** @type {Record<string, ModelRule>} */
const rules = {
	'grok-imagine-video-1.5-preview': {
		// "up to 4096 characters (prose only, no maxLength in schema)"
		patch: { prompt: { maxLength: 4096 } },
		check(b) {
			// "1080p is rejected with 2 or more images (reference mode max 720p)"
			const images = len(b.image_urls);
			if (b.quality === '1080p' && images >= 2) {
				throw bad(`'quality' 1080p is not available with 2 or more images (reference mode allows at most 720p; got ${images} images)`, 'quality');
			}
		},
	},
};

module.exports = { rules };
