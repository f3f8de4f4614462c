// Gemini Omni: gemini-omni-1.1-flash-* and the older gemini-omni-flash-* (1.0).
import { aspectRatioField, callbackUrlField, choicesOf, durationRange, mediaField, oneImage, oneVideo, promptField, qualityField } from '../common';
import type { ModelDefinition } from '../define';
import { defineModel } from '../define';
import type { OptionsField } from '../fields';

const FAMILY = 'Gemini Omni';
const MP4 = ['video/mp4'];

const QUALITY_NAMES = {
	'360p': '360p (About 1/3 the Price)',
	'720p': '720p',
	'1080p': '1080p (About 1.5× the Price)',
	'4k': '4K (About 3× the Price)',
	auto: 'Auto (Follows the Input Video)',
};

const prompt = (description = 'What the video should show. There is no negative prompt: say what to avoid here.') =>
	promptField({ required: true, description });

/** 1.1 Flash: billed by output tokens, so the resolution sets the price. */
const quality11 = qualityField(
	['360p', '720p', '1080p', '4k'],
	'720p',
	QUALITY_NAMES,
	'Output resolution (short side 360, 720, 1080 or 2160 px); Aspect Ratio decides the orientation. Higher costs more.',
);

const qualityFromInput = qualityField(
	['360p', '720p', '1080p', '4k', 'auto'],
	'auto',
	QUALITY_NAMES,
	'Output resolution (short side 360, 720, 1080 or 2160 px); Auto follows the input video. Input and output are priced at this resolution.',
);

const duration11 = durationRange(3, 10, 3, 'Whole seconds, 3 to 10; the price follows it');

const ratio = (def: string) => aspectRatioField(['16:9', '9:16', 'auto'], def, 'Orientation of the video');

/** The only value the edit and extend models take: the input video decides. */
const onlyAuto = (param: string, api: string, displayName: string, description: string): OptionsField => ({
	type: 'options',
	param,
	api,
	displayName,
	default: 'auto',
	apiDefault: 'auto',
	options: [{ name: 'Auto (Follows the Input Video)', value: 'auto' }],
	description,
});

const referenceImages = (maxItems: number, required: boolean, description: string) =>
	mediaField('image', { param: 'imageUrls', api: 'image_urls', displayName: 'Reference Images', required, minItems: 1, maxItems, description });

const inputVideo = (maxSeconds: number, description: string) =>
	oneVideo({
		mimeTypes: MP4,
		description: `${description} One MP4 of at most ${maxSeconds} s, directly reachable.`,
	});

type Spec = Pick<ModelDefinition, 'id' | 'mode' | 'displayName' | 'description' | 'fields'>;

const model = (spec: Spec) =>
	defineModel({ family: FAMILY, typicalSeconds: 150, ...spec, fields: [...spec.fields, callbackUrlField] });

export const geminiOmni11TextToVideo = model({
	id: 'gemini-omni-1.1-flash-text-to-video',
	mode: 'Text to Video',
	displayName: 'Gemini Omni 1.1 Flash Text to Video',
	description: 'Gemini Omni 1.1 Flash: 3 to 10 s from a prompt, 360p to 4K, landscape or portrait',
	fields: [prompt(), quality11, duration11, ratio('auto')],
});

export const geminiOmni11ImageToVideo = model({
	id: 'gemini-omni-1.1-flash-image-to-video',
	mode: 'Image to Video',
	displayName: 'Gemini Omni 1.1 Flash Image to Video',
	description: 'Gemini Omni 1.1 Flash: animates a first frame (optionally to a last frame), 3 to 10 s, 360p to 4K',
	fields: [
		prompt('How the image should move. There is no negative prompt: say what to avoid here.'),
		mediaField('image', {
			param: 'imageUrls',
			api: 'image_urls',
			displayName: 'Images',
			required: true,
			minItems: 1,
			maxItems: 2,
			description: 'One image: the first frame. Two: the first and the last frame.',
		}),
		quality11,
		duration11,
		ratio('auto'),
	],
});

export const geminiOmni11ReferenceToVideo = model({
	id: 'gemini-omni-1.1-flash-reference-to-video',
	mode: 'Reference to Video',
	displayName: 'Gemini Omni 1.1 Flash Reference to Video',
	description: 'Gemini Omni 1.1 Flash: a video from 1 to 10 reference images and up to 3 reference clips, 3 to 10 s, 360p to 4K',
	fields: [
		prompt(),
		referenceImages(10, true, 'Subjects, style or elements the video should use.'),
		mediaField('video', {
			param: 'videoUrls',
			api: 'video_urls',
			displayName: 'Reference Videos',
			minItems: 1,
			maxItems: 3,
			mimeTypes: MP4,
			description: 'Optional motion, camera or style references: MP4, at most 10 s each; each adds input tokens to the bill.',
		}),
		quality11,
		duration11,
		ratio('auto'),
	],
});

export const geminiOmni11VideoEdit = model({
	id: 'gemini-omni-1.1-flash-video-edit',
	mode: 'Video Edit',
	displayName: 'Gemini Omni 1.1 Flash Video Edit',
	description: 'Gemini Omni 1.1 Flash: edits a clip of up to 10 s by instruction, optional reference images, 360p to 4K',
	fields: [
		prompt('What to change in the video (and what to keep).'),
		inputVideo(10, 'The video to edit.'),
		referenceImages(10, false, 'Optional images to draw on; each adds input tokens to the bill.'),
		qualityFromInput,
		onlyAuto('duration', 'duration', 'Duration', 'Only Auto: the edited video is as long as the input'),
		onlyAuto('aspectRatio', 'aspect_ratio', 'Aspect Ratio', 'Only Auto: the input video decides'),
	],
});

export const geminiOmni11VideoExtend = model({
	id: 'gemini-omni-1.1-flash-video-extend',
	mode: 'Video Extend',
	displayName: 'Gemini Omni 1.1 Flash Video Extend',
	description: 'Gemini Omni 1.1 Flash: continues a clip of up to 30 s by 3 to 10 s, 360p to 4K',
	fields: [
		prompt('What happens after the input video ends.'),
		inputVideo(30, 'The video to continue.'),
		referenceImages(10, false, 'Optional images to draw on; each adds input tokens to the bill.'),
		durationRange(3, 10, 3, 'Seconds ADDED to the input (3 to 10); the result is the input plus these. Billed on the added seconds.'),
		qualityFromInput,
		onlyAuto('aspectRatio', 'aspect_ratio', 'Aspect Ratio', 'Only Auto: the input video decides'),
	],
});

/** Flash 1.0 takes whole seconds or the string "auto" (the model decides): one dropdown of exactly those values. */
export const flashDuration: OptionsField = {
	type: 'options',
	param: 'duration',
	api: 'duration',
	displayName: 'Duration (Seconds)',
	default: 10,
	apiDefault: 10,
	options: [...choicesOf([3, 4, 5, 6, 7, 8, 9, 10]), { name: 'Auto', value: 'auto', description: 'The model decides the length' }],
	description: 'Whole seconds, 3 to 10, or Auto (the model decides). Billed on what is actually generated.',
};

export const geminiOmniFlashTextToVideo = model({
	id: 'gemini-omni-flash-text-to-video',
	mode: 'Text to Video',
	displayName: 'Gemini Omni Flash Text to Video',
	description: 'Gemini Omni Flash 1.0: 3 to 10 s (or the model decides) from a prompt, landscape or portrait',
	fields: [prompt(), flashDuration, ratio('16:9')],
});

export const geminiOmniFlashImageToVideo = model({
	id: 'gemini-omni-flash-image-to-video',
	mode: 'Image to Video',
	displayName: 'Gemini Omni Flash Image to Video',
	description: 'Gemini Omni Flash 1.0: animates one image, 3 to 10 s (or the model decides)',
	fields: [
		prompt('How the image should move, in English or Chinese. There is no negative prompt: say what to avoid here.'),
		// Not required in the schema, but the model animates this image (catalogue rules).
		oneImage({
			description: 'The image to animate.',
		}),
		flashDuration,
		ratio('16:9'),
	],
});

export const geminiOmniFlashReferenceToVideo = model({
	id: 'gemini-omni-flash-reference-to-video',
	mode: 'Reference to Video',
	displayName: 'Gemini Omni Flash Reference to Video',
	description: 'Gemini Omni Flash 1.0: a video from up to 6 reference images, 3 to 10 s (or the model decides)',
	fields: [prompt(), referenceImages(6, false, 'Subjects, style or elements the video should use.'), flashDuration, ratio('16:9')],
});

export const geminiOmniFlashVideoEdit = model({
	id: 'gemini-omni-flash-video-edit',
	mode: 'Video Edit',
	displayName: 'Gemini Omni Flash Video Edit',
	description: 'Gemini Omni Flash 1.0: edits a 3 to 10 s clip by instruction',
	fields: [
		prompt('What to change in the video and what to keep.'),
		// Not required in the schema, but there is nothing to edit without it (catalogue rules).
		inputVideo(10, 'The video to edit, 3 s or longer.'),
	],
});

export const gemini: ModelDefinition[] = [
	geminiOmni11TextToVideo,
	geminiOmni11ImageToVideo,
	geminiOmni11ReferenceToVideo,
	geminiOmni11VideoEdit,
	geminiOmni11VideoExtend,
	geminiOmniFlashTextToVideo,
	geminiOmniFlashImageToVideo,
	geminiOmniFlashReferenceToVideo,
	geminiOmniFlashVideoEdit,
];
