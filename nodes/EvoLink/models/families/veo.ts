// Google Veo 3.1: the preview models (veo-3.1-*-generate-preview) and the beta ones (veo3.1-*-beta).
import {
	booleanField,
	callbackUrlField,
	durationChoices,
	enumField,
	mediaCount,
	mediaField,
	negativePromptField,
	promptField,
	qualityField,
	seedField,
} from '../common';
import type { Fail, ModelDefinition } from '../define';
import { defineModel } from '../define';
import type { Field, NumberField, Values } from '../fields';

const TYPE_NAMES: Record<string, string> = {
	TEXT: 'Text to Video',
	'FIRST&LAST': 'First & Last Frame',
	REFERENCE: 'Reference Images',
};

const generationTypeField = (values: string[], description: string) =>
	enumField({ param: 'generationType', api: 'generation_type', displayName: 'Generation Type', values, names: TYPE_NAMES, description });

const imagesField = (maxItems: number, description: string, mimeTypes?: string[]) =>
	mediaField('image', {
		param: 'imageUrls',
		api: 'image_urls',
		displayName: 'Images',
		maxItems,
		maxMb: 10,
		...(mimeTypes ? { mimeTypes } : {}),
		description,
	});

const ratioField = (def?: string) =>
	enumField({
		param: 'aspectRatio',
		api: 'aspect_ratio',
		displayName: 'Aspect Ratio',
		values: ['auto', '16:9', '9:16'],
		default: def,
		names: { auto: 'Auto (From the Image or Prompt)' },
	});

const prompt = promptField({ maxLength: 2000, required: true });

const typeName = (type: unknown) => TYPE_NAMES[type as string] ?? String(type);

/** Image counts per generation type; without a type the API infers it from the images. */
function imageRules(values: Values, fail: Fail) {
	const images = mediaCount(values.imageUrls);
	const type = values.generationType;
	if (type === 'TEXT' && images > 0)
		fail('imageUrls', `Images: ${images} given, but Generation Type ${typeName(type)} takes none; remove them or choose First & Last Frame`);
	if (type === 'FIRST&LAST' && (images < 1 || images > 2))
		fail('imageUrls', `Images: ${images} given; Generation Type ${typeName(type)} takes 1 or 2 (first frame, then last frame)`);
	if (type === 'REFERENCE' && images === 0) fail('imageUrls', `Images: none given; Generation Type ${typeName(type)} takes 1 to 3`);
}

// ---- Preview models ---------------------------------------------------------------------

const generateAudioField = {
	...booleanField({
		param: 'generateAudio',
		api: 'generate_audio',
		displayName: 'Generate Audio',
		description: 'Whether to generate sound with the video (costs extra); EvoLink generates it unless this is off',
	}),
	// The docs say audio is on by default (prose only): adding the option starts from there.
	default: true,
};

const countField: NumberField = {
	type: 'number',
	param: 'n',
	api: 'n',
	displayName: 'Number of Videos',
	default: 1,
	min: 1,
	max: 4,
	optional: true,
	description: 'How many videos to make from the request, 1 to 4 (EvoLink makes 1 unless set)',
};

/**
 * REFERENCE allows only Generate Audio of the advanced settings. Number of Videos and
 * Quality are not counted among them: the docs do not say which settings are "advanced".
 */
const ADVANCED: Array<[param: string, name: string]> = [
	['seed', 'Seed'],
	['negativePrompt', 'Negative Prompt'],
	['personGeneration', 'Person Generation'],
	['resizeMode', 'Resize Mode'],
];

function previewRules(values: Values, fail: Fail) {
	imageRules(values, fail);
	const images = mediaCount(values.imageUrls);
	// Without a type, 3 images can only mean Reference Images.
	const reference = values.generationType === 'REFERENCE' || (values.generationType === undefined && images === 3);
	if (reference) {
		const mode = values.generationType ? 'with Reference Images' : 'with 3 images (Reference Images)';
		if (values.duration !== undefined && values.duration !== 8)
			fail('duration', `Duration (Seconds) is ${String(values.duration)} ${mode}; use 8 (or Model Default)`);
		if (values.aspectRatio !== undefined && values.aspectRatio !== '16:9')
			fail('aspectRatio', `Aspect Ratio is ${String(values.aspectRatio)} ${mode}; use 16:9 (or Model Default)`);
		for (const [param, name] of ADVANCED)
			if (values[param] !== undefined) fail(param, `${name} is not available ${mode} (only Generate Audio is); remove it`);
	} else if (values.resizeMode !== undefined && images === 0)
		fail('resizeMode', 'Resize Mode only applies to image to video; remove it or add an image');
}

function previewFields(): Field[] {
	return [
		prompt,
		generationTypeField(
			['TEXT', 'FIRST&LAST', 'REFERENCE'],
			'Text to Video: no image. First & Last Frame: 1 or 2 images. Reference Images: up to 3, 8 s at 16:9 only.',
		),
		imagesField(3, 'First & Last Frame: 1 or 2 (first, then last frame). Reference Images: up to 3; 3 images always mean Reference Images.'),
		ratioField(),
		durationChoices([4, 6, 8], undefined, 'Length of the video in seconds (EvoLink makes 4 s unless set)'),
		qualityField(['720p', '1080p', '4k'], undefined, { '4k': '4K' }, 'Resolution (EvoLink makes 720p unless set)'),
		generateAudioField,
		countField,
		seedField(4294967295, 'seed', 1),
		negativePromptField(),
		enumField({
			param: 'personGeneration',
			api: 'person_generation',
			displayName: 'Person Generation',
			values: ['allow_adult', 'dont_allow'],
			names: { allow_adult: 'Adults Only', dont_allow: 'No People or Faces' },
			optional: true,
			description: 'Whether people may appear (EvoLink allows adults unless set)',
		}),
		enumField({
			param: 'resizeMode',
			api: 'resize_mode',
			displayName: 'Resize Mode',
			values: ['pad', 'crop'],
			names: { pad: 'Pad', crop: 'Crop' },
			optional: true,
			description: 'How an input image is fitted to the video (image to video only; EvoLink pads unless set)',
		}),
		callbackUrlField,
	];
}

const previewModel = (id: string, name: string, typicalSeconds: number) =>
	defineModel({
		id,
		family: 'Veo',
		mode: 'Text to Video',
		displayName: `${name} Text/Image to Video`,
		description: `Google ${name}: text, first + last frame or up to 3 reference images, 4 to 8 s, 720p to 4K, audio, up to 4 videos`,
		typicalSeconds,
		fields: previewFields(),
		rules: previewRules,
	});

// ---- Beta models ------------------------------------------------------------------------

const enhancePromptField = booleanField({
	param: 'enhancePrompt',
	api: 'enhance_prompt',
	displayName: 'Enhance Prompt',
	default: true,
	optional: true,
	description: 'Whether a prompt in another language is translated to English first',
});

const BETA_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

function betaFields(reference: boolean): Field[] {
	return [
		prompt,
		ratioField('auto'),
		imagesField(
			reference ? 3 : 2,
			`1: first frame. 2: first and last frame.${reference ? ' Up to 3 for Reference Images.' : ''}`,
			BETA_IMAGE_TYPES,
		),
		qualityField(['720p'], undefined, undefined, 'Only 720p'),
		generationTypeField(
			reference ? ['TEXT', 'FIRST&LAST', 'REFERENCE'] : ['TEXT', 'FIRST&LAST'],
			'Inferred from the number of images when left at Model Default (setting it is advised)',
		),
		enhancePromptField,
		callbackUrlField,
	];
}

export const veo: ModelDefinition[] = [
	previewModel('veo-3.1-generate-preview', 'Veo 3.1', 240),
	previewModel('veo-3.1-fast-generate-preview', 'Veo 3.1 Fast', 150),
	defineModel({
		id: 'veo3.1-fast-beta',
		family: 'Veo',
		mode: 'Text to Video',
		displayName: 'Veo 3.1 Fast Beta Text/Image to Video',
		description: 'Google Veo 3.1 Fast (beta): text, first + last frame or up to 3 reference images, 720p',
		typicalSeconds: 150,
		fields: betaFields(true),
		rules: imageRules,
	}),
	defineModel({
		id: 'veo3.1-pro-beta',
		family: 'Veo',
		mode: 'Text to Video',
		displayName: 'Veo 3.1 Pro Beta Text/Image to Video',
		description: 'Google Veo 3.1 Pro (beta): text, first frame or first + last frame, 720p',
		typicalSeconds: 240,
		fields: betaFields(false),
		rules: imageRules,
	}),
];
