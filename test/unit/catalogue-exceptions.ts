/**
 * Where a model's panel differs from EvoLink's catalogue (test/fixtures/evolink-video-models.json),
 * and why. The conformance test holds every other param to the catalogue exactly; README's
 * model table repeats these. Keys are "<model id> <param path>".
 */
export const EXCEPTIONS: Record<string, string> = {
	// The seeds (shared/seeds/) are the contract for the two seed models.
	'kling-v3-text-to-video quality': 'the seed page offers 720p and 1080p only; the catalogue adds 4k',
	'wan2.5-text-to-video aspect_ratio': 'no enum in the schema: the values (and which quality allows which) come from the prose',
	'wan2.5-text-to-video quality': 'no enum in the schema: 480p, 720p, 1080p from the prose',
	'wan2.5-text-to-video duration': 'no enum in the schema: only 5 or 10, from the prose',
	'wan2.5-image-to-video quality': 'no enum in the schema: 480p, 720p, 1080p from the prose',
	'wan2.5-image-to-video duration': 'no enum in the schema: only 5 or 10, from the prose',
};

/** Params the node sends that the catalogue does not list, on every model. */
export const EXTRA_PARAMS: Record<string, string> = {
	callback_url: 'optional on every model (evolink-api.md "Callbacks"); the catalogue lists no callback_url for any model',
};
