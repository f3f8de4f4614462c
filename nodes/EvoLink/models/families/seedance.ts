// Seedance 1.0, 1.5 and 2.0 (ByteDance). The pieces shared with 2.5 (seedance25.ts) live here.
import { booleanField, callbackUrlField, durationRange, enumField, mediaCount, mediaField, promptField, qualityField } from '../common';
import type { Fail, ModelDefinition, ModelMode } from '../define';
import { defineModel } from '../define';
import type { Choice, Field, MediaField, NumberField, OptionsField, Values } from '../fields';
import { listAllowed } from '../fields';

export const SEEDANCE_RATIOS = ['16:9', '9:16', '1:1', '4:3', '3:4', '21:9', 'adaptive'];
const RATIO_NAMES = { '4:3': '4:3 (Classic)', '3:4': '3:4 (Classic Portrait)' };
const QUALITY_NAMES = { '4k': '4K' };
const SEEDANCE_IMAGE = ['image/jpeg', 'image/png', 'image/webp'];
// WAV comes labelled audio/wav (by extension), audio/vnd.wave (sniffed) or the older audio/x-wav.
const SEEDANCE_AUDIO = ['audio/mpeg', 'audio/wav', 'audio/vnd.wave', 'audio/x-wav'];

/** 2.0 and 2.5: no character limit in the schema, only a token one. */
export const longPromptField = (what: string) =>
	promptField({
		required: true,
		description: `${what} Chinese or English; best under 1000 English words (500 Chinese characters), at most 10,000 tokens.`,
	});

export const generateAudioField = (description = 'Synchronized voice, effects and music at no extra charge; put dialogue in double quotes') =>
	booleanField({ param: 'generateAudio', api: 'generate_audio', displayName: 'Generate Audio', default: true, description });

export const contentFilterField = booleanField({
	param: 'contentFilter',
	api: 'content_filter',
	displayName: 'Content Filter',
	default: true,
	optional: true,
	description: 'Off relaxes moderation and costs 1.1×; cannot be off while Web Search is on',
});

export const webSearchField = booleanField({
	param: 'webSearch',
	api: 'model_params.web_search',
	displayName: 'Web Search',
	default: false,
	optional: true,
	description: 'Let the model search the web when the prompt needs it; billed only when it searches, may take longer',
});

/** "content_filter=false together with model_params.web_search=true is a 400 error." */
export function filterAndSearch(values: Values, fail: Fail) {
	if (values.contentFilter === false && values.webSearch === true)
		fail('webSearch', 'Web Search is on while Content Filter is off; EvoLink refuses the two together: turn Content Filter on or Web Search off');
}

export const frameImagesField = (maxMb: number) =>
	mediaField('image', {
		param: 'imageUrls',
		api: 'image_urls',
		displayName: 'Image',
		required: true,
		minItems: 1,
		maxItems: 2,
		mimeTypes: SEEDANCE_IMAGE,
		maxMb,
		description: 'The first frame; a second image is the last frame (with different ratios the first decides). 300–6000 px a side, width/height 0.4–2.5.',
	});

export const refImagesField = (maxItems: number, minItems?: number, about = 'Style, product, character or a first/last frame; name them @image1, @image2… in the prompt.') =>
	mediaField('image', {
		param: 'imageUrls',
		api: 'image_urls',
		displayName: 'Reference Image',
		...(minItems ? { minItems } : {}),
		maxItems,
		mimeTypes: SEEDANCE_IMAGE,
		maxMb: 30,
		description: `${about} 300–6000 px a side, width/height 0.4–2.5.`,
	});

export const refVideosField = (maxItems: number, about: string, maxMb?: number, minItems?: number): MediaField =>
	mediaField('video', {
		param: 'videoUrls',
		api: 'video_urls',
		displayName: 'Reference Video',
		...(minItems ? { minItems } : {}),
		maxItems,
		...(maxMb ? { maxMb } : {}),
		description: about,
	});

export const refAudiosField = (maxItems: number, seconds: number, minItems?: number, note = 'Needs an image or video too.') =>
	mediaField('audio', {
		param: 'audioUrls',
		api: 'audio_urls',
		displayName: 'Reference Audio',
		...(minItems ? { minItems } : {}),
		maxItems,
		mimeTypes: SEEDANCE_AUDIO,
		maxMb: 15,
		description: `WAV or MP3 clips, 2 to ${seconds} s each and ${seconds} s in total; name them @audio1… in the prompt. ${note}`,
	});

export const ratioField = (values: string[], adaptive: string, def = 'adaptive'): OptionsField =>
	enumField({ param: 'aspectRatio', api: 'aspect_ratio', displayName: 'Aspect Ratio', values, default: def, names: { ...RATIO_NAMES, adaptive } });

/** 1.0 and 1.5 document their default length only in the prose: an option, filled with it when added. */
const proseDuration = (min: number, max: number): NumberField => ({
	...durationRange(min, max),
	default: 5,
	description: `Whole seconds, ${min} to ${max} (the model's default is 5). Billed on this value.`,
});

const doubaoRatios = ['16:9', '9:16', '1:1', '4:3', '3:4', '21:9'];

export const doubaoSeedance10ProFast = defineModel({
	id: 'doubao-seedance-1.0-pro-fast',
	family: 'Seedance',
	mode: 'Text to Video',
	displayName: 'Seedance 1.0 Pro Fast',
	description: 'Seedance 1.0 Pro Fast: text or one first-frame image to video, 2 to 12 s, 480p to 1080p',
	typicalSeconds: 60,
	fields: [
		promptField({ maxLength: 2000, required: true }),
		mediaField('image', {
			param: 'imageUrls',
			api: 'image_urls',
			displayName: 'Image',
			maxItems: 1,
			maxMb: 10,
			description: 'Optional first frame: the video starts from it.',
		}),
		proseDuration(2, 12),
		qualityField(['480p', '720p', '1080p'], undefined, undefined, 'The model default is 1080p; the price rises with resolution'),
		enumField({
			param: 'aspectRatio',
			api: 'aspect_ratio',
			displayName: 'Aspect Ratio',
			values: [...doubaoRatios, 'keep_ratio', 'adaptive'],
			names: { ...RATIO_NAMES, keep_ratio: 'Keep Ratio (of the Image)', adaptive: 'Adaptive (From the Image)' },
			description: 'Model default: 16:9, or Adaptive with an image. Keep Ratio and Adaptive need an image.',
		}),
		callbackUrlField,
	],
	rules(values, fail) {
		const ratio = values.aspectRatio as string | undefined;
		if (ratio !== undefined && !doubaoRatios.includes(ratio) && mediaCount(values.imageUrls) === 0)
			fail('aspectRatio', `Aspect Ratio is ${ratio} without an image; add an Image or use ${listAllowed(doubaoRatios)}`);
	},
});

export const seedance15Pro = defineModel({
	id: 'seedance-1.5-pro',
	family: 'Seedance',
	mode: 'Text to Video',
	displayName: 'Seedance 1.5 Pro',
	description: 'Seedance 1.5 Pro: text, first frame or first + last frame to video with audio, 4 to 12 s, 480p to 1080p',
	typicalSeconds: 120,
	fields: [
		promptField({ maxLength: 2000, required: true }),
		mediaField('image', {
			param: 'imageUrls',
			api: 'image_urls',
			displayName: 'Image',
			maxItems: 2,
			maxMb: 10,
			description: 'None: text to video; one: the first frame; two: first and last frame. 300–6000 px a side, width/height 0.4–2.5.',
		}),
		proseDuration(4, 12),
		qualityField(['480p', '720p', '1080p'], undefined, undefined, 'The model default is 720p'),
		enumField({
			param: 'aspectRatio',
			api: 'aspect_ratio',
			displayName: 'Aspect Ratio',
			values: SEEDANCE_RATIOS,
			names: RATIO_NAMES,
			description: 'The model default is 16:9',
		}),
		generateAudioField('Generate synchronized audio (costs more); put dialogue in double quotes'),
		callbackUrlField,
	],
});

// ---- Seedance 2.0: three tiers × three modes ----

type Tier = 'standard' | 'fast' | 'mini';
type Kind = 'text' | 'image' | 'reference';

const TIER_NAMES: Record<Tier, string> = { standard: '', fast: ' Fast', mini: ' Mini' };
const KINDS: Record<Kind, { slug: string; mode: ModelMode; adaptive: string }> = {
	text: { slug: 'text-to-video', mode: 'Text to Video', adaptive: 'Adaptive (From the Prompt)' },
	image: { slug: 'image-to-video', mode: 'Image to Video', adaptive: 'Adaptive (Closest to the First Frame)' },
	reference: { slug: 'reference-to-video', mode: 'Reference to Video', adaptive: 'Adaptive (Video, Else Image, Else Prompt)' },
};

/** The standard tier's size table has no 21:9 at 1080p and 4K. */
function ratio20(kind: Kind, tier: Tier): OptionsField {
	const field = ratioField(SEEDANCE_RATIOS, KINDS[kind].adaptive);
	if (tier !== 'standard' || kind === 'image') return field;
	const without21: Choice[] = field.options.filter((o) => o.value !== '21:9');
	return {
		...field,
		variants: [
			{ when: { quality: ['480p', '720p'] }, label: 'at 480p or 720p', options: field.options },
			{ when: { quality: ['1080p', '4k'] }, label: 'at 1080p or 4K', options: without21 },
		],
	};
}

/** "At least one image or video; audio alone is refused." */
function imageOrVideo(values: Values, fail: Fail) {
	if (mediaCount(values.imageUrls) === 0 && mediaCount(values.videoUrls) === 0)
		fail('imageUrls', 'Reference Image or Reference Video: add at least one (audio alone is refused)');
}

function seedance20(tier: Tier, kind: Kind): ModelDefinition {
	const qualities = tier === 'standard' ? ['480p', '720p', '1080p', '4k'] : ['480p', '720p'];
	const media: Field[] =
		kind === 'image'
			? [frameImagesField(30)]
			: kind === 'reference'
				? [
						refImagesField(9),
						refVideosField(3, 'MP4 or MOV, 480p to 1080p, 2 to 15 s each and 15 s in total; name them @video1… in the prompt.', 50),
						refAudiosField(3, 15),
					]
				: [];
	const search = kind === 'text' && tier !== 'mini';
	const what = { text: 'What the video should show.', image: 'How the image should move.', reference: 'What the video should show; refer to the inputs as @image1, @video1, @audio1.' }[kind];
	const resolution = tier === 'standard' ? '480p to 4K' : '480p or 720p';
	return defineModel({
		id: `seedance-2.0${tier === 'standard' ? '' : `-${tier}`}-${KINDS[kind].slug}`,
		family: 'Seedance',
		mode: KINDS[kind].mode,
		displayName: `Seedance 2.0${TIER_NAMES[tier]} ${KINDS[kind].mode}`,
		description: `Seedance 2.0${TIER_NAMES[tier]}: ${
			{ text: 'text', image: 'first frame (and last frame)', reference: 'up to 9 images, 3 videos and 3 audio clips as references' }[kind]
		} to video with audio, 4 to 15 s, ${resolution}`,
		typicalSeconds: tier === 'standard' ? 180 : 120,
		fields: [
			longPromptField(what),
			...media,
			durationRange(4, 15, 5, 'Whole seconds, 4 to 15. Billed on this value.'),
			qualityField(qualities, '720p', QUALITY_NAMES),
			ratio20(kind, tier),
			generateAudioField(),
			contentFilterField,
			...(search ? [webSearchField] : []),
			callbackUrlField,
		],
		rules(values, fail) {
			if (kind === 'reference') imageOrVideo(values, fail);
			if (search) filterAndSearch(values, fail);
		},
	});
}

const TIERS: Tier[] = ['standard', 'fast', 'mini'];
const KIND_ORDER: Kind[] = ['text', 'image', 'reference'];

export const seedance20Models = TIERS.flatMap((tier) => KIND_ORDER.map((kind) => seedance20(tier, kind)));

export const seedance: ModelDefinition[] = [doubaoSeedance10ProFast, seedance15Pro, ...seedance20Models];
