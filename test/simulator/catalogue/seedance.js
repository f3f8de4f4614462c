// @ts-check
'use strict';

const { bad, given } = require('./util');

/**
 * Seedance prose rules (doubao-seedance-1.0, seedance-1.5, 2.0 (+fast, mini), 2.5).
 */

/** @typedef {import('./util').Obj} Obj */
/** @typedef {import('./util').RuleCtx} RuleCtx */
/** @typedef {import('./util').ModelRule} ModelRule */

/** The five Seedance 2.5 generation models that can make a draft. */
const DRAFT_MODELS = [
	'seedance-2.5-text-to-video',
	'seedance-2.5-image-to-video',
	'seedance-2.5-reference-to-video',
	'seedance-2.5-video-edit',
	'seedance-2.5-video-extend',
];

/** "content_filter=false together with model_params.web_search=true is a 400 error." @param {Obj} b @param {RuleCtx} ctx */
function filterAndSearch(b, ctx) {
	if (b.content_filter === false && ctx.mp.web_search === true) {
		throw bad(`'model_params.web_search' true is not allowed with content_filter false`, 'model_params.web_search');
	}
}

/** 2.0 reference: "at least one image or video; audio alone is refused". @param {Obj} b */
function imageOrVideo(b) {
	if (!given(b.image_urls) && !given(b.video_urls)) {
		throw bad(`'image_urls' or 'video_urls' is required: at least one image or video (audio alone is refused)`, 'image_urls');
	}
}

/** 2.0 (not fast/mini): the size table lists 21:9 only for 480p and 720p. @param {Obj} b @param {RuleCtx} ctx */
function ratioForQuality(b, ctx) {
	const q = b.quality ?? ctx.params.quality?.default;
	if (b.aspect_ratio === '21:9' && (q === '1080p' || q === '4k')) {
		throw bad(`'aspect_ratio' 21:9 is only available at 480p and 720p (quality is ${q})`, 'aspect_ratio');
	}
}

/** 2.5: "4-30 s, or -1 = automatic" (no min/max in the schema). @param {Obj} b */
function duration25(b) {
	const d = b.duration;
	if (typeof d === 'number' && d !== -1 && (d < 4 || d > 30)) {
		throw bad(`'duration' must be -1 (automatic) or between 4 and 30 (got ${d})`, 'duration');
	}
}

/** 2.5: "With draft=true only 480p is allowed"; "any quality other than 480p/omitted is a 400". @param {Obj} b */
function draftQuality(b) {
	if (b.draft === true && b.quality !== undefined && b.quality !== '480p') {
		throw bad(`'quality' must be 480p (or omitted) with draft true (got '${b.quality}')`, 'quality');
	}
}

/** @param {Obj} b @param {RuleCtx} ctx */
function gen25(b, ctx) {
	duration25(b);
	draftQuality(b);
	filterAndSearch(b, ctx);
}

/** doubao-seedance-1.0-pro-fast: the aspect ratios of the prose (no enum in the schema). @param {Obj} b */
function doubaoRatio(b) {
	const ratios = ['16:9', '9:16', '1:1', '4:3', '3:4', '21:9', ...(given(b.image_urls) ? ['keep_ratio', 'adaptive'] : [])];
	if (b.aspect_ratio !== undefined && !ratios.includes(/** @type {string} */ (b.aspect_ratio))) {
		const mode = given(b.image_urls) ? 'with image_urls' : 'for text-to-video';
		throw bad(`'aspect_ratio' must be one of ${ratios.join(', ')} ${mode} (got '${b.aspect_ratio}')`, 'aspect_ratio');
	}
}

/**
 * seedance-2.5-draft-to-video: source_task_id names a completed draft task (draft: true)
 * of one of the five 2.5 generation models, owned by the caller.
 * @param {Obj} b @param {RuleCtx} ctx
 */
function sourceTask(b, ctx) {
	const id = /** @type {string} */ (b.source_task_id);
	if (!id.startsWith('task-unified-')) throw bad(`'source_task_id' must be a task id (task-unified-...), got '${id}'`, 'source_task_id');
	if (!ctx.findTask) return; // validated without a task store: the form is all we can check
	const t = ctx.findTask(id);
	if (!t) throw bad(`'source_task_id': there is no task ${id} on this account`, 'source_task_id');
	if (!DRAFT_MODELS.includes(t.model) || !t.draft) {
		throw bad(`'source_task_id' must be a draft (draft: true) of a Seedance 2.5 generation model; ${id} is a ${t.model}${t.draft ? ' draft' : ' task without draft'}`, 'source_task_id');
	}
	if (t.status !== 'completed') throw bad(`'source_task_id': the draft task is ${t.status}, not completed`, 'source_task_id');
}

/** @type {ModelRule} */
const T2V_20 = { check: filterAndSearch };

/** @type {Record<string, ModelRule>} */
const rules = {
	'doubao-seedance-1.0-pro-fast': { patch: { duration: { default: 5 }, quality: { default: '1080p' } }, check: doubaoRatio },
	'seedance-1.5-pro': {
		patch: {
			aspect_ratio: { enum: ['16:9', '9:16', '1:1', '4:3', '3:4', '21:9', 'adaptive'], default: '16:9' },
			duration: { default: 5 },
			quality: { default: '720p' },
		},
	},
	'seedance-2.0-text-to-video': {
		check(b, ctx) {
			filterAndSearch(b, ctx);
			ratioForQuality(b, ctx);
		},
	},
	'seedance-2.0-fast-text-to-video': T2V_20,
	'seedance-2.0-mini-text-to-video': T2V_20,
	'seedance-2.0-image-to-video': T2V_20,
	'seedance-2.0-fast-image-to-video': T2V_20,
	'seedance-2.0-mini-image-to-video': T2V_20,
	'seedance-2.0-reference-to-video': {
		check(b, ctx) {
			imageOrVideo(b);
			filterAndSearch(b, ctx);
			ratioForQuality(b, ctx);
		},
	},
	'seedance-2.0-fast-reference-to-video': {
		check(b, ctx) {
			imageOrVideo(b);
			filterAndSearch(b, ctx);
		},
	},
	'seedance-2.0-mini-reference-to-video': {
		check(b, ctx) {
			imageOrVideo(b);
			filterAndSearch(b, ctx);
		},
	},
	'seedance-2.5-text-to-video': { check: gen25 },
	'seedance-2.5-image-to-video': { check: gen25 },
	'seedance-2.5-video-extend': { check: gen25 },
	'seedance-2.5-video-edit': { check: gen25 }, // duration: the schema's enum [-1] already
	'seedance-2.5-reference-to-video': {
		check(b, ctx) {
			if (!given(b.image_urls) && !given(b.video_urls) && !given(b.audio_urls)) {
				throw bad(`At least one of 'image_urls', 'video_urls', 'audio_urls' is required`, 'image_urls');
			}
			gen25(b, ctx);
		},
	},
	'seedance-2.5-draft-to-video': { check: sourceTask },
};

module.exports = { rules, DRAFT_MODELS };
