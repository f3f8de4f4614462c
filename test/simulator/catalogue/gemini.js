// @ts-check
'use strict';

const { bad, isHttpUrl } = require('./util');

/**
 * Gemini Omni prose rules (gemini-omni-flash-* and gemini-omni-1.1-flash-*).
 */

/** @typedef {import('./util').Obj} Obj */
/** @typedef {import('./util').RuleCtx} RuleCtx */
/** @typedef {import('./util').ModelRule} ModelRule */

const DATA_URL = /^data:image\/(png|jpeg|jpg|webp);base64,[A-Za-z0-9+/]+={0,2}$/;
const BARE_BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * gemini-omni-flash image_urls items (no format in the schema): "an HTTP/HTTPS URL, a
 * data:image/...;base64 URL or bare base64; png, jpeg, webp". URLs count as media.
 * @param {Obj} b @param {RuleCtx} ctx
 */
function flashImages(b, ctx) {
	const list = Array.isArray(b.image_urls) ? b.image_urls : [];
	list.forEach((v, i) => {
		const p = `image_urls[${i}]`;
		if (isHttpUrl(v)) ctx.media.push({ param: p, url: v });
		else if (!DATA_URL.test(v) && !BARE_BASE64.test(v)) {
			throw bad(`'${p}' must be an http(s) URL, a data:image/png|jpeg|webp;base64 URL or bare base64`, p);
		}
	});
}

/** 'integer|string' duration: "Integer 3-10, or the string auto". @param {Obj} b */
function autoDuration(b) {
	if (typeof b.duration === 'string' && b.duration !== 'auto') {
		throw bad(`'duration' must be an integer between 3 and 10 or 'auto' (got '${b.duration}')`, 'duration');
	}
}

/** @type {Record<string, ModelRule>} */
const rules = {
	'gemini-omni-flash-text-to-video': { check: autoDuration },
	'gemini-omni-flash-image-to-video': {
		// "Not in the schema's required list although the model is image-to-video."
		patch: { image_urls: { required: true } },
		check(b, ctx) {
			autoDuration(b);
			flashImages(b, ctx);
		},
	},
	'gemini-omni-flash-reference-to-video': {
		check(b, ctx) {
			autoDuration(b);
			flashImages(b, ctx);
		},
	},
	// "Not in the schema's required list although editing needs it."
	'gemini-omni-flash-video-edit': { patch: { video_urls: { required: true } } },
};

module.exports = { rules };
