// Seedance 2.5: five generation models that can make a cheap 480p draft, and Draft to Video,
// which renders a completed draft in full.
import { booleanField, callbackUrlField, choicesOf, durationRange, enumField, mediaCount, mediaField } from '../common';
import type { Fail, ModelDefinition, ModelMode } from '../define';
import { defineModel } from '../define';
import type { Field, NumberField, OptionsField, StringField, Values } from '../fields';
import {
	SEEDANCE_RATIOS,
	contentFilterField,
	filterAndSearch,
	frameImagesField,
	generateAudioField,
	longPromptField,
	ratioField,
	refAudiosField,
	refImagesField,
	refVideosField,
	webSearchField,
} from './seedance';

const QUALITIES = ['480p', '720p', '1080p'];

/** 4 to 30 s, or -1 (automatic); the schema has no range. */
const durationField = (extra = ''): NumberField =>
	durationRange(-1, 30, 5, `Whole seconds, 4 to 30, or -1: the model picks the length (4–30 s), billed on what it makes.${extra}`);

function durationRule(values: Values, fail: Fail) {
	const d = values.duration as number | undefined;
	if (d !== undefined && d !== -1 && d < 4) fail('duration', `Duration (Seconds) is ${d}; use 4 to 30, or -1 for an automatic length`);
}

const draftField = booleanField({
	param: 'draft',
	api: 'draft',
	displayName: 'Draft',
	default: false,
	description:
		'Make a quick 480p draft, billed at 480p (Quality must be 480p). Once it completes, render it in full with Seedance 2.5 Draft to Video and its task ID, before its draft_expires_at.',
});

/** "With draft=true only 480p is allowed": the choices follow Draft, which comes first. */
const qualityField25: OptionsField = {
	...enumField({ param: 'quality', api: 'quality', displayName: 'Quality', values: QUALITIES, default: '720p', description: 'With Draft on, only 480p' }),
	variants: [
		{ when: { draft: [false] }, label: 'without Draft', options: choicesOf(QUALITIES) },
		{ when: { draft: [true] }, label: 'with Draft on', options: choicesOf(['480p']) },
	],
};

const outputFormatField = (names: Record<string, string>) =>
	enumField({
		param: 'outputFormat',
		api: 'output_format',
		displayName: 'Output Format',
		values: ['mp4', 'mov'],
		default: 'mp4',
		optional: true,
		names,
		description: 'The container and codec of the result; same price',
	});

const H264 = { mp4: 'MP4 (H.264)', mov: 'MOV (H.264 4:4:4, PCM Audio; May Not Play in Browsers)' };

const videoField = (action: string) =>
	mediaField('video', {
		param: 'videoUrls',
		api: 'video_urls',
		displayName: 'Video',
		required: true,
		minItems: 1,
		maxItems: 10,
		description: `The first is the video ${action}; the others are references (@video2…). MP4 or MOV, 480p to 4K, 30 s in total.`,
	});

const supplementaryImages = refImagesField(30, 1, 'Optional references; name them @image1, @image2… in the prompt.');
const supplementaryAudio = refAudiosField(10, 30, 1, 'Optional references.');

interface Spec {
	slug: string;
	mode: ModelMode;
	name: string;
	about: string;
	prompt: string;
	media: Field[];
	duration: Field;
	adaptive: string;
	fixedRatios: boolean;
	search?: boolean;
	rules?: (values: Values, fail: Fail) => void;
}

function seedance25Model(spec: Spec): ModelDefinition {
	return defineModel({
		id: `seedance-2.5-${spec.slug}`,
		family: 'Seedance',
		mode: spec.mode,
		displayName: `Seedance 2.5 ${spec.name}`,
		description: `Seedance 2.5: ${spec.about}, with audio, 480p to 1080p, optional 480p draft`,
		typicalSeconds: 240,
		fields: [
			longPromptField(spec.prompt),
			...spec.media,
			spec.duration,
			draftField,
			qualityField25,
			ratioField(spec.fixedRatios ? SEEDANCE_RATIOS : ['adaptive'], spec.adaptive),
			generateAudioField(),
			contentFilterField,
			outputFormatField(H264),
			...(spec.search ? [webSearchField] : []),
			callbackUrlField,
		],
		rules(values, fail) {
			if (spec.duration.type === 'number') durationRule(values, fail);
			if (spec.search) filterAndSearch(values, fail);
			spec.rules?.(values, fail);
		},
	});
}

export const seedance25TextToVideo = seedance25Model({
	slug: 'text-to-video',
	mode: 'Text to Video',
	name: 'Text to Video',
	about: 'text to video, 4 to 30 s or automatic length, optional web search',
	prompt: 'What the video should show.',
	media: [],
	duration: durationField(),
	adaptive: 'Adaptive (From the Prompt)',
	fixedRatios: true,
	search: true,
});

export const seedance25ImageToVideo = seedance25Model({
	slug: 'image-to-video',
	mode: 'Image to Video',
	name: 'Image to Video',
	about: 'first frame (and last frame) to video, 4 to 30 s or automatic length',
	prompt: 'How the image should move.',
	media: [frameImagesField(30)],
	duration: durationField(),
	adaptive: 'Adaptive (Closest to the First Frame)',
	fixedRatios: false,
});

export const seedance25ReferenceToVideo = seedance25Model({
	slug: 'reference-to-video',
	mode: 'Reference to Video',
	name: 'Reference to Video',
	about: 'up to 30 images, 10 videos and 10 audio clips as references, 4 to 30 s or automatic length',
	prompt: 'What the video should show; refer to the inputs as @image1, @video1, @audio1.',
	media: [
		refImagesField(30, 1),
		refVideosField(10, 'MP4 or MOV, 480p to 4K, 2 to 30 s each and 30 s in total; name them @video1… in the prompt.', undefined, 1),
		refAudiosField(10, 30, 1, 'Give at least one image, video or audio clip.'),
	],
	duration: durationField(' A prompt that asks to edit a video only works with -1.'),
	adaptive: 'Adaptive (Video, Else Image, Else Prompt)',
	fixedRatios: true,
	rules(values, fail) {
		if (mediaCount(values.imageUrls) + mediaCount(values.videoUrls) + mediaCount(values.audioUrls) === 0)
			fail('imageUrls', 'Reference Image, Reference Video or Reference Audio: add at least one');
	},
});

export const seedance25VideoEdit = seedance25Model({
	slug: 'video-edit',
	mode: 'Video Edit',
	name: 'Video Edit',
	about: 'edits a video (4 to 30 s) by prompt, with image and audio references',
	prompt: 'The edit to make, naming the inputs, e.g. "Replace the sky in @video1 with the one in @image1".',
	media: [videoField('edited (4 to 30 s)'), supplementaryImages, supplementaryAudio],
	duration: enumField({
		param: 'duration',
		api: 'duration',
		displayName: 'Duration (Seconds)',
		values: [-1],
		default: -1,
		names: { '-1': 'Automatic (Follows the Video)' },
		description: 'The result is as long as the edited video (up to 0.4 s shorter)',
	}),
	adaptive: 'Adaptive (Follows the First Video)',
	fixedRatios: false,
});

export const seedance25VideoExtend = seedance25Model({
	slug: 'video-extend',
	mode: 'Video Extend',
	name: 'Video Extend',
	about: 'extends a video forward or backward by 4 to 30 s or an automatic length',
	prompt: 'How to extend the video, e.g. "Extend @video1 forward: the car drives into the sunset".',
	media: [videoField('extended (2 to 30 s)'), supplementaryImages, supplementaryAudio],
	duration: durationField(),
	adaptive: 'Adaptive (Follows the First Video)',
	fixedRatios: false,
});

const sourceTaskIdField: StringField = {
	type: 'string',
	param: 'sourceTaskId',
	api: 'source_task_id',
	displayName: 'Draft Task ID',
	default: '',
	required: true,
	placeholder: 'e.g. task-unified-1757169743-7cvnl5zw',
	description:
		'The task ID of a completed draft (Draft on) of a Seedance 2.5 model on this account, used before its draft_expires_at',
	check: (value) => (value.startsWith('task-unified-') ? undefined : `"${value.slice(0, 80)}" is not a task ID; EvoLink task IDs start with task-unified-`),
};

export const seedance25DraftToVideo = defineModel({
	id: 'seedance-2.5-draft-to-video',
	family: 'Seedance',
	mode: 'Draft to Video',
	displayName: 'Seedance 2.5 Draft to Video',
	description: 'Seedance 2.5: renders a completed 480p draft task in full at 1080p',
	typicalSeconds: 120,
	fields: [
		sourceTaskIdField,
		outputFormatField({ mp4: 'MP4 (10-Bit H.265/HEVC; Some Players Need H.264)', mov: 'MOV (H.264 4:4:4, PCM Audio)' }),
		callbackUrlField,
	],
});

export const seedance25: ModelDefinition[] = [
	seedance25TextToVideo,
	seedance25ImageToVideo,
	seedance25ReferenceToVideo,
	seedance25VideoEdit,
	seedance25VideoExtend,
	seedance25DraftToVideo,
];
