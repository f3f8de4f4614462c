// @ts-check
'use strict';

/**
 * Model families: which rule file, `task_info.estimated_time`, and the `usage` the create
 * response shows. Only the seeds' numbers are documented (wan2.5: per_call, 5 credits,
 * estimated 120; kling-v3: per_second, 270000 for 5 s 720p silent, estimated 300, plus
 * task_info.video_duration). Everything else here is a plausible default, not a vendor fact.
 */

/** @typedef {import('./util').Obj} Obj */
/** @typedef {import('./util').Param} Param */

/** Kling USD per second from the docs; credits = USD * 720000 (5 s 720p silent = 270000). */
/** @type {Record<string, [number, number]>} quality -> [silent, with sound] */
const KLING_USD_PER_S = { '720p': [0.075, 0.113], '1080p': [0.1, 0.15], '4k': [0.2, 0.3] /* 4k: not documented, a guess */ };
const CREDITS_PER_USD = 720000;

/** Wan credits per 5 s by quality (per_call billing; the seed's 720p example reserves 5). */
/** @type {Record<string, number>} */
const WAN_CREDITS_PER_5S = { '480p': 3, '720p': 5, '1080p': 8 };

/**
 * @typedef {object} Family
 * @property {string} name
 * @property {RegExp} match            on the model id
 * @property {number} estimatedSeconds task_info.estimated_time
 * @property {'per_call' | 'per_second' | 'per_token'} billingRule
 * @property {number} creditsPerSecond of video (families other than wan/kling)
 * @property {boolean} [reportsVideoDuration]  task_info.video_duration (kling's create response has it)
 */

/** @type {Family[]} */
const FAMILIES = [
	{ name: 'wan', match: /^wan\d/, estimatedSeconds: 120, billingRule: 'per_call', creditsPerSecond: 1 },
	{ name: 'kling', match: /^kling-/, estimatedSeconds: 300, billingRule: 'per_second', creditsPerSecond: 0, reportsVideoDuration: true },
	{ name: 'seedance', match: /(^|-)seedance-/, estimatedSeconds: 180, billingRule: 'per_second', creditsPerSecond: 2 },
	{ name: 'hailuo', match: /^MiniMax-Hailuo-/, estimatedSeconds: 240, billingRule: 'per_call', creditsPerSecond: 3 },
	{ name: 'minimax', match: /^minimax-h3-/, estimatedSeconds: 240, billingRule: 'per_second', creditsPerSecond: 3 },
	{ name: 'gemini', match: /^gemini-omni-/, estimatedSeconds: 150, billingRule: 'per_token', creditsPerSecond: 4 },
	{ name: 'grok', match: /^grok-imagine-/, estimatedSeconds: 90, billingRule: 'per_second', creditsPerSecond: 1 },
	{ name: 'happyhorse', match: /^happyhorse-/, estimatedSeconds: 180, billingRule: 'per_second', creditsPerSecond: 2 },
	{ name: 'veo', match: /^veo-?3/, estimatedSeconds: 240, billingRule: 'per_call', creditsPerSecond: 8 },
	{ name: 'sora', match: /^sora-/, estimatedSeconds: 300, billingRule: 'per_second', creditsPerSecond: 6 },
	{ name: 'omnihuman', match: /^omnihuman-/, estimatedSeconds: 300, billingRule: 'per_second', creditsPerSecond: 3 },
	{ name: 'topaz', match: /^topaz-/, estimatedSeconds: 600, billingRule: 'per_second', creditsPerSecond: 2 },
	{ name: 'videoretalk', match: /^videoretalk$/, estimatedSeconds: 300, billingRule: 'per_second', creditsPerSecond: 1 },
];

/** Models whose task is clearly shorter or longer than their family's. */
/** @type {Record<string, number>} */
const ESTIMATED_OVERRIDES = { 'kling-custom-element': 60, 'seedance-2.5-draft-to-video': 120 };

/** @param {string} model @returns {Family | undefined} */
const familyOf = (model) => FAMILIES.find((f) => f.match.test(model));

/** @param {string} model @param {Family} f */
const estimatedSeconds = (model, f) => ESTIMATED_OVERRIDES[model] ?? f.estimatedSeconds;

/** @param {Obj} b @param {Record<string, Param>} params @param {string} key @param {string} fallback */
function valueOr(b, params, key, fallback) {
	const v = b[key] ?? params[key]?.default;
	return typeof v === 'string' ? v : fallback;
}

/**
 * credits_reserved for an accepted request.
 * @param {Family} f @param {Obj} b @param {Record<string, Param>} params @param {number} seconds
 */
function creditsFor(f, b, params, seconds) {
	if (f.name === 'kling') {
		const q = valueOr(b, params, 'quality', '720p');
		const usd = (KLING_USD_PER_S[q] ?? KLING_USD_PER_S['720p'])[valueOr(b, params, 'sound', 'off') === 'on' ? 1 : 0];
		return Math.round(usd * seconds * CREDITS_PER_USD);
	}
	if (f.name === 'wan') {
		const q = valueOr(b, params, 'quality', '720p');
		return Math.round(((WAN_CREDITS_PER_5S[q] ?? 5) * seconds * 100) / 5) / 100;
	}
	return Math.round(f.creditsPerSecond * seconds * 100) / 100;
}

module.exports = { FAMILIES, familyOf, estimatedSeconds, creditsFor, KLING_USD_PER_S, CREDITS_PER_USD, WAN_CREDITS_PER_5S };
