// @ts-check
'use strict';

const { bad, isObj, charLen, typeName, callback } = require('./util');
const { KLING_USD_PER_S, CREDITS_PER_USD, WAN_CREDITS_PER_5S } = require('./families');

/**
 * The two seed models, validated by hand from their seeds (/work/shared/seeds/,
 * restated in /work/shared/evolink-api.md): the seeds are their contract, even where the
 * catalogue says more (e.g. kling-v3-text-to-video 4k, which the seed does not offer).
 */

/** @typedef {import('./util').Obj} Obj */
/** @typedef {import('../models').Accepted} Accepted */

/**
 * @param {Obj} obj @param {readonly string[]} allowed @param {string} prefix
 */
function refuseUnknown(obj, allowed, prefix) {
	for (const k of Object.keys(obj)) {
		if (!allowed.includes(k)) throw bad(`Unknown parameter '${prefix}${k}' for this model`, prefix + k);
	}
}

/**
 * A string field. `required` refuses absent and blank values.
 * @param {Obj} obj @param {string} key @param {string} param
 * @param {{required?: boolean, max?: number, oneOf?: readonly string[]}} [o]
 * @returns {string | undefined}
 */
function str(obj, key, param, o = {}) {
	const v = obj[key];
	if (v === undefined) {
		if (o.required) throw bad(`'${param}' is required`, param);
		return undefined;
	}
	if (typeof v !== 'string') throw bad(`'${param}' must be a string, got ${typeName(v)}`, param);
	if (o.required && v.trim() === '') throw bad(`'${param}' must not be empty`, param);
	if (o.max !== undefined && charLen(v) > o.max) {
		throw bad(`'${param}' must be at most ${o.max} characters (got ${charLen(v)})`, param);
	}
	if (o.oneOf && !o.oneOf.includes(v)) {
		throw bad(`'${param}' must be one of ${o.oneOf.join(', ')} (got '${v}')`, param);
	}
	return v;
}

/**
 * An integer field (JSON number with no fraction; strings are refused).
 * @param {Obj} obj @param {string} key @param {string} param
 * @param {{min?: number, max?: number, oneOf?: readonly number[]}} [o]
 * @returns {number | undefined}
 */
function int(obj, key, param, o = {}) {
	const v = obj[key];
	if (v === undefined) return undefined;
	if (typeof v !== 'number' || !Number.isInteger(v)) {
		throw bad(`'${param}' must be an integer, got ${typeName(v)}${typeof v === 'number' ? ` ${v}` : ''}`, param);
	}
	if (o.oneOf && !o.oneOf.includes(v)) throw bad(`'${param}' must be one of ${o.oneOf.join(', ')} (got ${v})`, param);
	if ((o.min !== undefined && v < o.min) || (o.max !== undefined && v > o.max)) {
		throw bad(`'${param}' must be between ${o.min} and ${o.max} (got ${v})`, param);
	}
	return v;
}

/** @param {Obj} obj @param {string} key @param {string} param @returns {boolean | undefined} */
function bool(obj, key, param) {
	const v = obj[key];
	if (v === undefined) return undefined;
	if (typeof v !== 'boolean') throw bad(`'${param}' must be a boolean, got ${typeName(v)}`, param);
	return v;
}

// ---------------------------------------------------------------- wan2.5-text-to-video

const WAN_QUALITIES = ['480p', '720p', '1080p'];

/** @param {Obj} b @param {{allowInsecureCallbacks: boolean}} ctx @returns {Accepted} */
function wanSeed(b, ctx) {
	refuseUnknown(b, ['model', 'prompt', 'aspect_ratio', 'quality', 'duration', 'prompt_extend', 'callback_url'], '');
	const prompt = /** @type {string} */ (str(b, 'prompt', 'prompt', { required: true, max: 2000 }));
	const quality = str(b, 'quality', 'quality', { oneOf: WAN_QUALITIES }) ?? '720p';
	// The seed: 480p only allows 16:9, 9:16, 1:1; 720p/1080p add 4:3 and 3:4.
	const ratios = quality === '480p' ? ['16:9', '9:16', '1:1'] : ['16:9', '9:16', '1:1', '4:3', '3:4'];
	const ar = str(b, 'aspect_ratio', 'aspect_ratio');
	if (ar !== undefined && !ratios.includes(ar)) {
		throw bad(`'aspect_ratio' must be one of ${ratios.join(', ')} with quality ${quality} (got '${ar}')`, 'aspect_ratio');
	}
	const duration = int(b, 'duration', 'duration', { oneOf: [5, 10] }) ?? 5;
	bool(b, 'prompt_extend', 'prompt_extend');
	return {
		model: 'wan2.5-text-to-video',
		videoDuration: duration,
		reportsVideoDuration: false,
		billingRule: 'per_call',
		creditsReserved: (WAN_CREDITS_PER_5S[quality] * duration) / 5,
		prompts: [prompt],
		callbackUrl: callback(b, ctx),
		mediaUrls: [],
	};
}

// ---------------------------------------------------------------- kling-v3-text-to-video

/**
 * model_params: multi_shot, shot_type, multi_prompt, watermark_info.
 * @param {Obj} b @param {number} duration
 * @returns {{customize: boolean, shotPrompts: string[]}}
 */
function klingModelParams(b, duration) {
	const mp = b.model_params;
	if (mp === undefined) return { customize: false, shotPrompts: [] };
	if (!isObj(mp)) throw bad(`'model_params' must be an object, got ${typeName(mp)}`, 'model_params');
	refuseUnknown(mp, ['multi_shot', 'shot_type', 'multi_prompt', 'watermark_info'], 'model_params.');
	const multiShot = bool(mp, 'multi_shot', 'model_params.multi_shot') ?? false;
	const shotType = str(mp, 'shot_type', 'model_params.shot_type', { oneOf: ['customize', 'intelligence'] });
	if (multiShot && shotType === undefined) {
		throw bad(`'model_params.shot_type' is required when multi_shot is true`, 'model_params.shot_type');
	}
	const customize = multiShot && shotType === 'customize';

	if (mp.watermark_info !== undefined) {
		const wi = mp.watermark_info;
		if (!isObj(wi)) throw bad(`'model_params.watermark_info' must be an object, got ${typeName(wi)}`, 'model_params.watermark_info');
		refuseUnknown(wi, ['enabled'], 'model_params.watermark_info.');
		if (wi.enabled === undefined) throw bad(`'model_params.watermark_info.enabled' is required`, 'model_params.watermark_info.enabled');
		bool(wi, 'enabled', 'model_params.watermark_info.enabled');
	}

	const P = 'model_params.multi_prompt';
	const list = mp.multi_prompt;
	if (list === undefined) {
		if (customize) throw bad(`'${P}' is required when multi_shot is true and shot_type is customize`, P);
		return { customize, shotPrompts: [] };
	}
	// Shape is checked whenever it is sent; the count/sum rules only bind in customize mode,
	// where the shots ARE the video (elsewhere the docs say nothing, so we do not refuse).
	if (!Array.isArray(list)) throw bad(`'${P}' must be an array, got ${typeName(list)}`, P);
	if (list.length < 1 || list.length > 6) throw bad(`'${P}' must have 1 to 6 items (got ${list.length})`, P);
	const seen = new Set();
	let sum = 0;
	/** @type {string[]} */
	const shotPrompts = [];
	list.forEach((item, i) => {
		const ip = `${P}[${i}]`;
		if (!isObj(item)) throw bad(`'${ip}' must be an object, got ${typeName(item)}`, ip);
		refuseUnknown(item, ['index', 'prompt', 'duration'], `${ip}.`);
		if (item.index === undefined) throw bad(`'${ip}.index' is required`, `${ip}.index`);
		const index = /** @type {number} */ (int(item, 'index', `${ip}.index`, { min: 1, max: list.length }));
		if (seen.has(index)) throw bad(`'${ip}.index' ${index} is used twice`, `${ip}.index`);
		seen.add(index);
		shotPrompts.push(/** @type {string} */ (str(item, 'prompt', `${ip}.prompt`, { required: true, max: 512 })));
		const d = item.duration;
		if (d === undefined) throw bad(`'${ip}.duration' is required`, `${ip}.duration`);
		// The vendor documents this one as a STRING holding an integer, e.g. "5".
		if (typeof d !== 'string') throw bad(`'${ip}.duration' must be a string such as "5", got ${typeName(d)}`, `${ip}.duration`);
		if (!/^[1-9]\d*$/.test(d)) throw bad(`'${ip}.duration' must be a positive integer in a string (got '${d}')`, `${ip}.duration`);
		sum += Number(d);
	});
	if (customize && sum !== duration) {
		throw bad(`The shot durations in '${P}' add up to ${sum}, but duration is ${duration}`, P);
	}
	return { customize, shotPrompts };
}

/** @param {Obj} b @param {{allowInsecureCallbacks: boolean}} ctx @returns {Accepted} */
function klingSeed(b, ctx) {
	refuseUnknown(b, ['model', 'prompt', 'negative_prompt', 'duration', 'quality', 'sound', 'model_params', 'callback_url', 'aspect_ratio'], '');
	const duration = int(b, 'duration', 'duration', { min: 3, max: 15 }) ?? 5;
	const { customize, shotPrompts } = klingModelParams(b, duration);
	// The seed: prompt may be empty only for multi_shot + customize.
	const prompt = str(b, 'prompt', 'prompt', { required: !customize, max: 2500 });
	str(b, 'negative_prompt', 'negative_prompt');
	str(b, 'aspect_ratio', 'aspect_ratio', { oneOf: ['16:9', '9:16', '1:1'] });
	const quality = str(b, 'quality', 'quality', { oneOf: ['720p', '1080p'] }) ?? '720p';
	const sound = str(b, 'sound', 'sound', { oneOf: ['on', 'off'] }) ?? 'off';
	const usd = KLING_USD_PER_S[quality][sound === 'on' ? 1 : 0];
	return {
		model: 'kling-v3-text-to-video',
		videoDuration: duration,
		reportsVideoDuration: true,
		billingRule: 'per_second',
		creditsReserved: Math.round(usd * duration * CREDITS_PER_USD),
		prompts: [prompt ?? '', ...shotPrompts],
		callbackUrl: callback(b, ctx),
		mediaUrls: [],
	};
}

/** @type {Record<string, (b: Obj, ctx: {allowInsecureCallbacks: boolean}) => Accepted>} */
const SEEDS = { 'wan2.5-text-to-video': wanSeed, 'kling-v3-text-to-video': klingSeed };

module.exports = { SEEDS };
