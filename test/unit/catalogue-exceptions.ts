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
	'kling-o3-image-to-video model_params.multi_shot':
		'no default in the schema; off, as the vendor prose says ("multi_shot=false (default)") and as on the other o3/v3 models: a top-level switch the shot fields depend on, never sent when off',
	'kling-custom-element model_params.element_image_list.refer_images':
		'a list of { image_url } objects: offered as an image media field (URLs or uploads), wrapped into objects by the body hook',
	'kling-custom-element model_params.element_video_list.refer_videos':
		'a list of { video_url } objects: offered as a video media field (URL or upload), wrapped into objects by the body hook',
	'gemini-omni-flash-text-to-video duration': 'integer|string without enum: a dropdown of exactly the allowed values, 3 to 10 (numbers) and "auto" (prose)',
	'gemini-omni-flash-image-to-video duration': 'integer|string without enum: a dropdown of exactly the allowed values, 3 to 10 (numbers) and "auto" (prose)',
	'gemini-omni-flash-reference-to-video duration': 'integer|string without enum: a dropdown of exactly the allowed values, 3 to 10 (numbers) and "auto" (prose)',
	'doubao-seedance-1.0-pro-fast aspect_ratio': 'no enum in the schema: 16:9, 9:16, 1:1, 4:3, 3:4, 21:9, plus keep_ratio and adaptive with an image, from the prose',
	'seedance-1.5-pro aspect_ratio': 'no enum in the schema: 16:9, 9:16, 1:1, 4:3, 3:4, 21:9, adaptive from the prose',
	'sora-2-preview duration': 'no enum in the schema: only 4, 8 or 12, from the prose',
	'sora-2-pro-preview duration': 'no enum in the schema: only 4, 8 or 12, from the prose',
	'omnihuman-1.5 mask_url': 'no maxItems in the catalogue; the panel needs a limit and takes 10 masks',
	'omnihuman-1.5 seed': 'no range in the catalogue; the panel takes 0 to 2147483647',
	// Wan 2.6 and 3.0 (families/wanNext.ts, families/wan3.ts).
	'wan2.6-text-to-video aspect_ratio': 'no enum in the schema: 16:9, 9:16, 1:1, 4:3, 3:4 and the default 16:9 from the prose',
	'wan2.6-text-to-video quality': 'no enum in the schema: 720p (default) or 1080p from the prose',
	'wan2.6-text-to-video prompt_extend': 'the default true is in the prose only',
	'wan2.6-image-to-video quality': 'no enum in the schema: 720p (default) or 1080p from the prose',
	'wan2.6-image-to-video prompt_extend': 'the default true is in the prose only',
	'wan2.6-image-to-video-flash quality': 'no enum in the schema: 720p (default) or 1080p from the prose',
	'wan2.6-image-to-video-flash prompt_extend': 'the default true is in the prose only',
	'wan2.6-reference-video aspect_ratio': 'no enum in the schema: 16:9, 9:16, 1:1, 4:3, 3:4 and the default 16:9 from the prose',
	'wan2.6-reference-video quality': 'no enum in the schema: 720p (default) or 1080p from the prose',
	'wan2.6-reference-video-flash aspect_ratio': 'no enum in the schema: 16:9, 9:16, 1:1, 4:3, 3:4 and the default 16:9 from the prose',
	'wan2.6-reference-video-flash quality': 'no enum in the schema: 720p (default) or 1080p from the prose',
	'wan3.0-reference-video model_params.file_url': 'a document (PDF, DOCX...), not image/video/audio: a URL text field, since the Files API uploads only images, audio and video',
	'wan3.0-reference-video model_params.link_url': 'a web page, not a media file: a URL text field (nothing to upload)',
	'wan3.0-prime-reference-video model_params.file_url': 'a document (PDF, DOCX...), not image/video/audio: a URL text field, since the Files API uploads only images, audio and video',
	'wan3.0-prime-reference-video model_params.link_url': 'a web page, not a media file: a URL text field (nothing to upload)',
};

/** Params the node sends that the catalogue does not list, on every model. */
export const EXTRA_PARAMS: Record<string, string> = {
	callback_url: 'optional on every model (evolink-api.md "Callbacks"); the catalogue lists no callback_url for any model',
};
