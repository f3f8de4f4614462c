// @ts-check
'use strict';

const { SimError, bad, isObj, typeName, callback } = require('./catalogue/util');
const { loadCatalogue, patched, checkBody } = require('./catalogue/schema');
const { familyOf, estimatedSeconds, creditsFor } = require('./catalogue/families');
const { SEEDS } = require('./catalogue/seeds');

/**
 * Request validation for POST /v1/videos/generations, for every model of the catalogue
 * (test/fixtures/evolink-video-models.json, a byte copy of /work/shared/evolink-video-models.json):
 * the generic schema checks (catalogue/schema.js), then the prose rules of the model's
 * family (catalogue/<family>.js). The two seed models are validated by hand from their
 * seeds (catalogue/seeds.js). Independent of the node's own model definitions on purpose:
 * a wrong node definition must fail against this simulator.
 * Strict: fields a model does not document are refused with 400 + param.
 */

/** @typedef {import('./catalogue/util').Obj} Obj */
/** @typedef {import('./catalogue/util').Param} Param */
/** @typedef {import('./catalogue/util').ModelRule} ModelRule */
/** @typedef {import('./catalogue/util').MediaUrl} MediaUrl */
/** @typedef {import('./catalogue/util').SourceTask} SourceTask */

/**
 * @typedef {object} ValidateContext
 * @property {boolean} allowInsecureCallbacks
 * @property {(id: string) => SourceTask | undefined} [findTask]  the caller's own task by id
 */

/**
 * @typedef {object} Accepted
 * @property {string} model
 * @property {number} videoDuration      seconds of video asked for (default applied)
 * @property {boolean} reportsVideoDuration  kling's task_info carries video_duration
 * @property {'per_call' | 'per_second' | 'per_token'} billingRule
 * @property {number} creditsReserved
 * @property {string[]} prompts          every prompt text (for simulator markers)
 * @property {string | undefined} callbackUrl
 * @property {MediaUrl[]} mediaUrls      every media URL of the request, with its param path
 */

/** @type {Record<string, ModelRule>} */
const RULES = {
	...require('./catalogue/kling').rules,
	...require('./catalogue/wan').rules,
	...require('./catalogue/seedance').rules,
	...require('./catalogue/minimax').rules,
	...require('./catalogue/veo').rules,
	...require('./catalogue/gemini').rules,
	...require('./catalogue/grok').rules,
	...require('./catalogue/happyhorse').rules,
	...require('./catalogue/others').rules,
};

/** Every prompt text: `prompt` and the shots' `model_params.multi_prompt[].prompt`. @param {Obj} b */
function promptsOf(b) {
	/** @type {string[]} */
	const out = typeof b.prompt === 'string' ? [b.prompt] : [];
	const shots = isObj(b.model_params) ? b.model_params.multi_prompt : undefined;
	if (Array.isArray(shots)) for (const s of shots) if (isObj(s) && typeof s.prompt === 'string') out.push(s.prompt);
	return out;
}

/**
 * @typedef {object} ModelSpec
 * @property {string} family
 * @property {number} estimatedSeconds    task_info.estimated_time
 * @property {Record<string, Param>} params  the catalogue schema with the family's prose patches
 * @property {boolean} seed               validated by hand from its seed
 * @property {(b: Obj, ctx: ValidateContext) => Accepted} validate
 */

/** @returns {Record<string, ModelSpec>} */
function buildModels() {
	const catalogue = loadCatalogue();
	/** @type {Record<string, ModelSpec>} */
	const models = {};
	for (const [id, entry] of Object.entries(catalogue.models)) {
		const family = familyOf(id);
		if (!family) throw new Error(`catalogue model ${id} belongs to no family (catalogue/families.js)`);
		const rule = RULES[id] ?? {};
		const params = patched(entry.params, rule.patch);
		const seed = SEEDS[id];
		/** @param {Obj} b @param {ValidateContext} ctx @returns {Accepted} */
		const validate = (b, ctx) => {
			const media = checkBody(b, params);
			const over =
				rule.check?.(b, {
					model: id,
					params,
					mp: isObj(b.model_params) ? b.model_params : {},
					media,
					allowInsecure: ctx.allowInsecureCallbacks,
					findTask: ctx.findTask,
				}) || {};
			const callbackUrl = callback(b, ctx);
			// -1 / 'auto' / 0 mean "as long as the model or the input decides": use the default.
			const seconds = [over.videoDuration, b.duration, params.duration?.default].find((v) => typeof v === 'number' && v > 0);
			const videoDuration = /** @type {number | undefined} */ (seconds) ?? 5;
			return {
				model: id,
				videoDuration,
				reportsVideoDuration: !!family.reportsVideoDuration,
				billingRule: family.billingRule,
				creditsReserved: creditsFor(family, b, params, videoDuration),
				prompts: promptsOf(b),
				callbackUrl,
				mediaUrls: media,
			};
		};
		models[id] = { family: family.name, estimatedSeconds: estimatedSeconds(id, family), params, seed: !!seed, validate: seed ?? validate };
	}
	for (const id of [...Object.keys(RULES), ...Object.keys(SEEDS)]) {
		if (!models[id]) throw new Error(`rules for ${id}, which is not in the catalogue`);
	}
	return models;
}

const MODELS = buildModels();

/**
 * Validates a create body. Throws SimError (400, or 404 model_not_found).
 * @param {unknown} body @param {ValidateContext} ctx
 * @returns {Accepted}
 */
function validateCreate(body, ctx) {
	if (!isObj(body)) throw bad(`The request body must be a JSON object, got ${typeName(body)}`);
	if (body.model === undefined) throw bad(`'model' is required`, 'model');
	if (typeof body.model !== 'string') throw bad(`'model' must be a string, got ${typeName(body.model)}`, 'model');
	const spec = Object.prototype.hasOwnProperty.call(MODELS, body.model) ? MODELS[body.model] : undefined;
	if (!spec) throw new SimError(404, 'model_not_found', `Model '${body.model}' does not exist`, 'model');
	return spec.validate(body, ctx);
}

module.exports = { validateCreate, MODELS, SimError };
