// @ts-check
'use strict';

/**
 * Single-model families: Sora, OmniHuman, Topaz upscale, VideoRetalk. Their prose limits
 * are all schema patches (enums, counts, defaults the schema does not carry).
 */

/** @typedef {import('./util').ModelRule} ModelRule */

/** @type {Record<string, ModelRule>} */
const rules = {
	// "Only 4, 8 or 12 (no enum in schema); default 4"
	'sora-2-preview': { patch: { duration: { enum: [4, 8, 12], default: 4 } } },
	// "Only 4, 8 or 12 (no enum in schema)" (no default given)
	'sora-2-pro-preview': { patch: { duration: { enum: [4, 8, 12] } } },
	// "1 image with a clear human figure" (the schema: maxItems 1, required)
	'omnihuman-1.5': { patch: { image_urls: { minItems: 1 } } },
	// "A number is accepted too": 1, 2, 4 as numbers. ("an invalid value silently becomes 2":
	// the simulator refuses it instead, so a wrong value is caught; see README.)
	'topaz-video-upscale': { patch: { 'model_params.upscale_factor': { type: 'string|integer', enum: ['1', '2', '4', 1, 2, 4] } } },
};

module.exports = { rules };
