// @ts-check
'use strict';

const { bad, len, forbid } = require('./util');

/**
 * Veo prose rules (veo-3.1-generate-preview, veo-3.1-fast-generate-preview, veo3.1-*-beta).
 */

/** @typedef {import('./util').Obj} Obj */
/** @typedef {import('./util').ModelRule} ModelRule */

/** "REFERENCE ... allows no advanced parameter except generate_audio". */
const ADVANCED = ['negative_prompt', 'seed', 'person_generation', 'resize_mode'];

/** @type {Record<string, [number, number]>} images allowed per generation_type */
const IMAGES = { TEXT: [0, 0], 'FIRST&LAST': [1, 2], REFERENCE: [1, 3] };

/**
 * generation_type against the image count (inferred from the count when omitted:
 * 0 TEXT, 1-2 FIRST&LAST, 3 REFERENCE).
 * @param {Obj} b @returns {string}
 */
function generationType(b) {
	const n = len(b.image_urls);
	const type = /** @type {string} */ (b.generation_type ?? (n === 0 ? 'TEXT' : n <= 2 ? 'FIRST&LAST' : 'REFERENCE'));
	const [min, max] = IMAGES[type];
	if (n < min || n > max) {
		const want = max === 0 ? 'no images' : `${min} to ${max} images`;
		throw bad(`generation_type ${type} takes ${want} in 'image_urls' (got ${n})`, 'image_urls');
	}
	return type;
}

/**
 * The preview models: REFERENCE forces 8 s and 16:9 and takes no advanced parameter
 * except generate_audio; resize_mode is for image-to-video only.
 * @param {Obj} b
 */
function preview(b) {
	const type = generationType(b);
	if (type === 'TEXT') forbid(b, 'resize_mode', 'for text-to-video (image-to-video only)');
	if (type !== 'REFERENCE') return undefined;
	if (b.duration !== undefined && b.duration !== 8) throw bad(`'duration' must be 8 with generation_type REFERENCE (got ${b.duration})`, 'duration');
	if (b.aspect_ratio !== undefined && b.aspect_ratio !== '16:9') {
		throw bad(`'aspect_ratio' must be 16:9 with generation_type REFERENCE (got '${b.aspect_ratio}')`, 'aspect_ratio');
	}
	for (const k of ADVANCED) forbid(b, k, 'with generation_type REFERENCE (only generate_audio is)');
	return { videoDuration: 8 };
}

/** Defaults the prose gives and the schema does not. */
const PREVIEW_PATCH = {
	duration: { default: 4 },
	n: { default: 1 },
	quality: { default: '720p' },
	generate_audio: { default: true },
	person_generation: { default: 'allow_adult' },
};

/** @type {Record<string, ModelRule>} */
const rules = {
	'veo-3.1-generate-preview': { patch: PREVIEW_PATCH, check: preview },
	'veo-3.1-fast-generate-preview': { patch: PREVIEW_PATCH, check: preview },
	'veo3.1-fast-beta': { check: (b) => void generationType(b) },
	'veo3.1-pro-beta': { check: (b) => void generationType(b) },
};

module.exports = { rules };
