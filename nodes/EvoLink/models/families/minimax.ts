// MiniMax Hailuo (02, 2.3, 2.3 Fast) and MiniMax H3 (H3, H3 Max, H3 Max Turbo).
import {
	AUDIO_TYPES,
	VIDEO_TYPES,
	booleanField,
	callbackUrlField,
	choicesOf,
	durationChoices,
	durationRange,
	enumField,
	frameField,
	mediaCount,
	mediaField,
	promptField,
	qualityField,
} from '../common';
import type { Fail, ModelDefinition, ModelMode } from '../define';
import { defineModel } from '../define';
import type { Field, OptionsField, Values } from '../fields';

// ---- Hailuo -----------------------------------------------------------------------------

const CAMERA_HINT = 'Camera moves can be written inline in brackets, e.g. [Pan left] or [Push in].';

const hailuoImages = (maxItems: number, required: boolean, description: string) =>
	mediaField('image', {
		param: 'imageUrls',
		api: 'image_urls',
		displayName: maxItems > 1 ? 'Images' : 'Image',
		required,
		...(required ? { minItems: 1 } : {}),
		maxItems,
		maxMb: 20,
		description: `${description} Aspect ratio 2:5 to 5:2, short side over 300 px.`,
	});

/** 1080p makes 6 s clips only; the lower qualities 6 or 10 s. */
function hailuoDuration(lower: string[]): OptionsField {
	return {
		...durationChoices([6, 10], 6),
		variants: [
			{ when: { quality: ['1080p'] }, label: 'at 1080p', options: choicesOf([6]) },
			{ when: { quality: lower }, label: `at ${lower.join(' or ')}`, options: choicesOf([6, 10]) },
		],
	};
}

const promptOptimizerField = booleanField({
	param: 'promptOptimizer',
	api: 'model_params.prompt_optimizer',
	displayName: 'Prompt Optimizer',
	default: true,
	optional: true,
	description: 'Whether the prompt is rewritten automatically first; turn off for exact control',
});

const fastPretreatmentField = booleanField({
	param: 'fastPretreatment',
	api: 'model_params.fast_pretreatment',
	displayName: 'Fast Pretreatment',
	default: false,
	optional: true,
	description: 'Whether to shorten the prompt preprocessing time',
});

const optionalPrompt = (detail: string) =>
	promptField({ maxLength: 2000, required: false, description: `${detail} At most 2000 characters. ${CAMERA_HINT}` });

/** Text to video needs a prompt; with an image it is optional. */
function promptUnlessImage(values: Values, fail: Fail) {
	if (!values.prompt && mediaCount(values.imageUrls) === 0) fail('prompt', 'Prompt is required when no image is given (text to video)');
}

export const hailuo02 = defineModel({
	id: 'MiniMax-Hailuo-02',
	family: 'Hailuo',
	mode: 'Text to Video',
	displayName: 'Hailuo 02 Text/Image to Video',
	description: 'MiniMax Hailuo 02: text, image or first + last frame to video, 6 or 10 s, 512p to 1080p',
	typicalSeconds: 240,
	fields: [
		optionalPrompt('What the video should show; optional when an image is given.'),
		hailuoImages(2, false, 'None: text to video. 1: image to video (first frame). 2: first and last frame (the output follows the first).'),
		qualityField(['512p', '768p', '1080p'], '768p', { '512p': '512p (Image to Video Only)' }),
		hailuoDuration(['512p', '768p']),
		promptOptimizerField,
		fastPretreatmentField,
		callbackUrlField,
	],
	rules: (values, fail) => {
		promptUnlessImage(values, fail);
		const images = mediaCount(values.imageUrls);
		if (values.quality === '512p' && images !== 1)
			fail('quality', `Quality is 512p with ${images} images; 512p needs exactly 1 image (image to video), else use 768p or 1080p`);
	},
});

export const hailuo23 = defineModel({
	id: 'MiniMax-Hailuo-2.3',
	family: 'Hailuo',
	mode: 'Text to Video',
	displayName: 'Hailuo 2.3 Text/Image to Video',
	description: 'MiniMax Hailuo 2.3: text or image to video, 6 or 10 s, 768p or 1080p',
	typicalSeconds: 240,
	fields: [
		optionalPrompt('What the video should show; optional when an image is given.'),
		hailuoImages(1, false, 'Optional first frame: with it the model animates the image (image to video).'),
		qualityField(['768p', '1080p'], '768p'),
		hailuoDuration(['768p']),
		promptOptimizerField,
		fastPretreatmentField,
		callbackUrlField,
	],
	rules: promptUnlessImage,
});

export const hailuo23Fast = defineModel({
	id: 'MiniMax-Hailuo-2.3-Fast',
	family: 'Hailuo',
	mode: 'Image to Video',
	displayName: 'Hailuo 2.3 Fast Image to Video',
	description: 'MiniMax Hailuo 2.3 Fast: animates one image quickly, 6 or 10 s, 768p or 1080p',
	typicalSeconds: 180,
	fields: [
		optionalPrompt('How the image should move (motion and camera); optional.'),
		hailuoImages(1, true, 'The first frame to animate.'),
		qualityField(['768p', '1080p'], '768p'),
		hailuoDuration(['768p']),
		promptOptimizerField,
		callbackUrlField,
	],
});

// ---- MiniMax H3 -------------------------------------------------------------------------

type Tier = 'h3' | 'max' | 'turbo';

const TIERS: Record<Tier, { id: string; name: string; minSeconds: number; qualities: string[]; typicalSeconds: number }> = {
	h3: { id: 'minimax-h3', name: 'MiniMax H3', minSeconds: 4, qualities: ['768p', '2k'], typicalSeconds: 300 },
	max: { id: 'minimax-h3-max', name: 'MiniMax H3 Max', minSeconds: 5, qualities: ['480p', '768p'], typicalSeconds: 300 },
	turbo: { id: 'minimax-h3-max-turbo', name: 'MiniMax H3 Max Turbo', minSeconds: 5, qualities: ['480p', '768p'], typicalSeconds: 180 },
};

const RATIOS = ['16:9', '21:9', '4:3', '1:1', '3:4', '9:16'];
const H3_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif'];
const IMAGE_LIMITS = 'Each side 256 to 5760 px, width/height 0.4 to 2.5.';

const h3Ratio = (values: string[], def: string) =>
	enumField({
		param: 'aspectRatio',
		api: 'aspect_ratio',
		displayName: 'Aspect Ratio',
		values,
		default: def,
		names: { adaptive: 'Adaptive (From the References)', '4:3': '4:3 (Standard)', '3:4': '3:4 (Portrait Standard)' },
	});

const h3Frame = (which: 'start' | 'end', required: boolean, description: string) =>
	frameField(which, { required, maxMb: 30, mimeTypes: H3_IMAGE_TYPES, description: `${description} ${IMAGE_LIMITS}` });

const referenceFields: Field[] = [
	mediaField('image', {
		param: 'imageUrls',
		api: 'image_urls',
		displayName: 'Reference Images',
		maxItems: 9,
		maxMb: 30,
		mimeTypes: H3_IMAGE_TYPES,
		description: `Up to 9 images, called Image 1, Image 2, … in the prompt, in this order (the first 2 are free). ${IMAGE_LIMITS}`,
	}),
	mediaField('video', {
		param: 'videoUrls',
		api: 'video_urls',
		displayName: 'Reference Videos',
		maxItems: 3,
		maxMb: 50,
		mimeTypes: VIDEO_TYPES,
		description: 'Up to 3 clips (Video 1, …): H.264/H.265, 2 to 15 s each and 15 s in total, 23.976 to 60 fps.',
	}),
	mediaField('audio', {
		param: 'audioUrls',
		api: 'audio_urls',
		displayName: 'Reference Audio',
		maxItems: 3,
		maxMb: 15,
		mimeTypes: AUDIO_TYPES,
		description: 'Up to 3 clips (Audio 1, …): 2 to 15 s each and 15 s in total; not billed.',
	}),
];

const MODES: Record<'text' | 'image' | 'reference', { suffix: string; mode: ModelMode; name: string }> = {
	text: { suffix: 'text-to-video', mode: 'Text to Video', name: 'Text to Video' },
	image: { suffix: 'image-to-video', mode: 'Image to Video', name: 'Image to Video' },
	reference: { suffix: 'reference-to-video', mode: 'Reference to Video', name: 'Reference to Video' },
};

const PROMPTS = {
	text: 'What the video should show, in Chinese or English. At most 7000 characters.',
	image: 'How the frames should move, in Chinese or English. At most 7000 characters.',
	reference: 'What the video should show, in Chinese or English, naming the references Image 1, Video 1, Audio 1 (not @image1). At most 7000 characters.',
};

function h3Fields(tier: Tier, kind: keyof typeof MODES): Field[] {
	const t = TIERS[tier];
	const media: Field[] =
		kind === 'text'
			? []
			: kind === 'reference'
				? referenceFields
				: tier === 'h3'
					? [
							h3Frame('start', false, 'The first frame. Give a first frame, a last frame, or both.'),
							h3Frame('end', false, 'The last frame: alone, the motion ends on it; with a first frame, the video goes from one to the other.'),
						]
					: [h3Frame('start', true, 'The first frame.'), h3Frame('end', false, 'Optional last frame: the video goes from the first to it.')];
	return [
		promptField({ maxLength: 7000, required: true, description: PROMPTS[kind] }),
		...media,
		durationRange(t.minSeconds, 15, t.minSeconds, `Whole seconds, ${t.minSeconds} to 15. Billed on this value.`),
		qualityField(t.qualities, '768p', { '2k': '2K' }),
		...(kind === 'text' ? [h3Ratio(RATIOS, '16:9')] : kind === 'reference' ? [h3Ratio(['adaptive', ...RATIOS], 'adaptive')] : []),
		callbackUrlField,
	];
}

function h3Rules(tier: Tier, kind: keyof typeof MODES) {
	if (kind === 'image' && tier === 'h3')
		return (values: Values, fail: Fail) => {
			if (mediaCount(values.imageStart) + mediaCount(values.imageEnd) === 0)
				fail('imageStart', 'First Frame or Last Frame is required: give one of them, or both');
		};
	// Stated for H3 only; the H3 Max page says nothing of it.
	if (kind === 'reference' && tier === 'h3')
		return (values: Values, fail: Fail) => {
			if (mediaCount(values.imageUrls) + mediaCount(values.videoUrls) + mediaCount(values.audioUrls) === 0)
				fail('imageUrls', 'Reference Images, Reference Videos or Reference Audio: give at least one reference');
		};
	return undefined;
}

function h3Model(tier: Tier, kind: keyof typeof MODES): ModelDefinition {
	const t = TIERS[tier];
	const m = MODES[kind];
	const inputs = { text: 'from text', image: tier === 'h3' ? 'first and/or last frame' : 'first frame, optional last frame', reference: 'up to 9 images, 3 videos and 3 audio clips as references' }[kind];
	return defineModel({
		id: `${t.id}-${m.suffix}`,
		family: 'MiniMax H3',
		mode: m.mode,
		displayName: `${t.name} ${m.name}`,
		description: `${t.name}: ${inputs}, ${t.minSeconds} to 15 s, ${t.qualities.map((q) => (q === '2k' ? '2K' : q)).join(' or ')}`,
		typicalSeconds: t.typicalSeconds,
		fields: h3Fields(tier, kind),
		rules: h3Rules(tier, kind),
	});
}

export const minimax: ModelDefinition[] = [
	hailuo02,
	hailuo23,
	hailuo23Fast,
	h3Model('h3', 'text'),
	h3Model('h3', 'image'),
	h3Model('h3', 'reference'),
	h3Model('max', 'text'),
	h3Model('max', 'image'),
	h3Model('max', 'reference'),
	h3Model('turbo', 'text'),
	h3Model('turbo', 'image'),
];
