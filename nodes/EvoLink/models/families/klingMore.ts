// Kling v3 image/turbo/motion control, v2.6 motion control, custom element.
import { COMMON_RATIOS, aspectRatioField, booleanField, callbackUrlField, durationRange, enumField, frameField, mediaField, negativePromptField, oneImage, oneVideo, promptField, qualityField } from '../common';
import type { ModelDefinition } from '../define';
import { defineModel } from '../define';
import type { Field, Values } from '../fields';
import { KLING_FRAME_TYPES, KLING_QUALITY_NAMES, customShotRules, dropEmptyElements, elementCount, elementListField, multiShotFields, soundField, watermarkField } from './kling';

const FRAME_LIMITS = 'At least 300 px a side, aspect ratio 1:2.5 to 2.5:1.';
const TURBO_QUALITY = qualityField(['720p', '1080p'], '720p', KLING_QUALITY_NAMES, 'No 4K on Turbo');
const TURBO_DURATION = durationRange(3, 15, 5, 'Whole seconds, 3 to 15. Billed on this value.');

export const klingV3ImageToVideo = defineModel({
	id: 'kling-v3-image-to-video',
	family: 'Kling',
	mode: 'Image to Video',
	displayName: 'Kling v3 Image to Video',
	description: 'Kling v3: animates a first frame (optional last frame), 3 to 15 s, up to 4K, sound effects, multi-shot',
	typicalSeconds: 300,
	fields: [
		frameField('start', {
			required: true,
			mimeTypes: KLING_FRAME_TYPES,
			maxMb: 10,
			description: `The first frame. ${FRAME_LIMITS}`,
		}),
		frameField('end', {
			mimeTypes: KLING_FRAME_TYPES,
			maxMb: 10,
			description: 'The last frame: the video goes from the first frame to this one.',
		}),
		promptField({
			maxLength: 2500,
			required: false,
			description: 'How the image should move; <<<element_1>>> refers to an element. At most 2500 characters.',
		}),
		negativePromptField(),
		durationRange(3, 15, 5, 'Whole seconds, 3 to 15. Billed on this value.'),
		qualityField(['720p', '1080p', '4k'], '720p', KLING_QUALITY_NAMES),
		soundField,
		...multiShotFields(),
		elementListField(3, 'Up to 3 elements to show in the video.'),
		watermarkField,
		callbackUrlField,
	],
	// The prompt is optional here (the image drives the video).
	rules: customShotRules,
	body: dropEmptyElements,
});

export const klingV3TurboImageToVideo = defineModel({
	id: 'kling-v3-turbo-image-to-video',
	family: 'Kling',
	mode: 'Image to Video',
	displayName: 'Kling v3 Turbo Image to Video',
	description: 'Kling v3 Turbo: animates a first frame quickly, 3 to 15 s, 720p or 1080p, aspect ratio of the image',
	typicalSeconds: 150,
	fields: [
		frameField('start', {
			required: true,
			mimeTypes: KLING_FRAME_TYPES,
			maxMb: 50,
			description: `The first frame; the video takes its aspect ratio. ${FRAME_LIMITS}`,
		}),
		promptField({ maxLength: 2500, required: false, description: 'The motion or changes wanted (optional). At most 2500 characters.' }),
		TURBO_QUALITY,
		TURBO_DURATION,
		callbackUrlField,
	],
});

const MAX_TURBO_SHOTS = 6;
/** A shot written in a Turbo prompt: "镜头 n, m, text;" (shot n, m seconds). */
const TURBO_SHOT = /镜头\s*(\d+)\s*[,，]\s*(\d+)\s*[,，]\s*([^;；]*)/g;

/** Shots written in the prompt: at most 6, numbered 1 to 6, texts of 512 characters, seconds adding up to the duration. */
function turboShotRules(values: Values, fail: (param: string, message: string) => void) {
	const shots = [...String(values.prompt ?? '').matchAll(TURBO_SHOT)];
	if (shots.length === 0) return;
	if (shots.length > MAX_TURBO_SHOTS) fail('prompt', `Prompt has ${shots.length} shots (镜头 entries); at most ${MAX_TURBO_SHOTS}`);
	let sum = 0;
	for (const [, n, seconds, text] of shots) {
		if (Number(n) < 1 || Number(n) > MAX_TURBO_SHOTS) fail('prompt', `Prompt: shot number 镜头 ${n} is not allowed; use 1 to ${MAX_TURBO_SHOTS}`);
		const length = [...text.trim()].length;
		if (length > 512) fail('prompt', `Prompt: the text of shot ${n} has ${length} characters; the maximum is 512`);
		sum += Number(seconds);
	}
	const total = (values.duration as number | undefined) ?? 5;
	if (sum !== total) fail('prompt', `Prompt: the shot seconds add up to ${sum} s but Duration is ${total} s; they must be equal`);
}

export const klingV3TurboTextToVideo = defineModel({
	id: 'kling-v3-turbo-text-to-video',
	family: 'Kling',
	mode: 'Text to Video',
	displayName: 'Kling v3 Turbo Text to Video',
	description: 'Kling v3 Turbo: fast text to video, 3 to 15 s, 720p or 1080p, shots written in the prompt',
	typicalSeconds: 150,
	fields: [
		promptField({
			maxLength: 2500,
			required: true,
			description:
				'What the video should show. At most 2500 characters. Several shots: write "镜头 n, m, text;" for each (n = shot 1 to 6, m = its seconds, adding up to the duration; text at most 512 characters).',
		}),
		TURBO_QUALITY,
		aspectRatioField(COMMON_RATIOS.map((c) => String(c.value)), '16:9'),
		TURBO_DURATION,
		callbackUrlField,
	],
	rules: turboShotRules,
});

/** Motion control: a character image moved like a reference video. */
function motionFields(v3: boolean): Field[] {
	return [
		oneImage({
			displayName: 'Character Image',
			mimeTypes: KLING_FRAME_TYPES,
			maxMb: 10,
			description: `The character or object whose appearance the video shows. ${FRAME_LIMITS}`,
		}),
		oneVideo({
			displayName: 'Motion Video',
			maxMb: 100,
			description: 'The motion to copy: 3 to 30 s, 340 to 3850 px a side; avoid cuts and fast motion.',
		}),
		promptField({ maxLength: 2500, required: false, description: 'Guides the content (optional). At most 2500 characters.' }),
		qualityField(['720p', '1080p'], '720p', KLING_QUALITY_NAMES, v3 ? undefined : '1080p costs 1.6 times as much per second'),
		enumField({
			param: 'characterOrientation',
			api: 'model_params.character_orientation',
			displayName: 'Character Orientation',
			values: ['image', 'video'],
			required: true,
			names: { image: 'As in the Image (Up to 10 s)', video: 'As in the Video (Up to 30 s)' },
			description: `Which way the character faces; it also caps the video length${v3 ? '. With an element, only As in the Video.' : ''}`,
		}),
		...(v3 ? [elementListField(1, 'One element made from a video (reference type Video).')] : []),
		booleanField({
			param: 'keepSound',
			api: 'model_params.keep_sound',
			displayName: 'Keep Sound',
			default: true,
			description: 'Whether the video keeps the sound of the motion video',
		}),
		watermarkField,
		callbackUrlField,
	];
}

export const klingV26MotionControl = defineModel({
	id: 'kling-v2.6-motion-control',
	family: 'Kling',
	mode: 'Motion Control',
	displayName: 'Kling v2.6 Motion Control',
	description: 'Kling v2.6: a character from an image moves like a reference video, up to 30 s, 720p or 1080p',
	typicalSeconds: 300,
	fields: motionFields(false),
});

export const klingV3MotionControl = defineModel({
	id: 'kling-v3-motion-control',
	family: 'Kling',
	mode: 'Motion Control',
	displayName: 'Kling v3 Motion Control',
	description: 'Kling v3: a character from an image (or an element) moves like a reference video, up to 30 s, 720p or 1080p',
	typicalSeconds: 300,
	fields: motionFields(true),
	rules: (values, fail) => {
		if (elementCount(values) > 0 && values.characterOrientation !== 'video')
			fail('characterOrientation', `Character Orientation is "${String(values.characterOrientation)}" with an element; use "video" (As in the Video)`);
	},
	body: dropEmptyElements,
});

const IMAGE_REFER = { referenceType: ['image_refer'] };
const VIDEO_REFER = { referenceType: ['video_refer'] };

/** The API wants the reference lists as objects: [{ image_url }], [{ video_url }]. */
function elementBody(_values: Values, body: Record<string, unknown>) {
	const params = body.model_params as Record<string, Record<string, unknown> | undefined>;
	const wrap = (holder: Record<string, unknown> | undefined, list: string, key: string) => {
		if (holder && Array.isArray(holder[list])) holder[list] = (holder[list] as string[]).map((url) => ({ [key]: url }));
	};
	wrap(params.element_image_list, 'refer_images', 'image_url');
	wrap(params.element_video_list, 'refer_videos', 'video_url');
}

export const klingCustomElement = defineModel({
	id: 'kling-custom-element',
	family: 'Kling',
	mode: 'Element',
	displayName: 'Kling Custom Element',
	description: 'Kling: makes a reusable subject (element) from images or a video, for the Elements of other Kling models',
	typicalSeconds: 60,
	fields: [
		{
			type: 'string',
			param: 'elementName',
			api: 'model_params.element_name',
			displayName: 'Element Name',
			default: '',
			required: true,
			maxLength: 20,
			description: 'At most 20 characters',
		},
		{
			type: 'string',
			param: 'elementDescription',
			api: 'model_params.element_description',
			displayName: 'Element Description',
			default: '',
			required: true,
			maxLength: 100,
			rows: 2,
			description: "The subject's looks, to help the model (at most 100 characters)",
		},
		enumField({
			param: 'referenceType',
			api: 'model_params.reference_type',
			displayName: 'Reference Type',
			values: ['image_refer', 'video_refer'],
			required: true,
			names: { image_refer: 'Images', video_refer: 'Video' },
			description: 'Make the element from images (front and other angles) or from a video of a face',
		}),
		mediaField('image', {
			param: 'frontalImage',
			api: 'model_params.element_image_list.frontal_image',
			displayName: 'Front Image',
			single: true,
			required: true,
			showWhen: IMAGE_REFER,
			description: `The subject seen from the front: clear, well lit. ${FRAME_LIMITS}`,
		}),
		mediaField('image', {
			param: 'referImages',
			api: 'model_params.element_image_list.refer_images',
			displayName: 'Other Angle Images',
			required: true,
			minItems: 1,
			maxItems: 3,
			showWhen: IMAGE_REFER,
			description: `The subject from other angles. ${FRAME_LIMITS}`,
		}),
		mediaField('video', {
			param: 'referVideos',
			api: 'model_params.element_video_list.refer_videos',
			displayName: 'Reference Video',
			required: true,
			minItems: 1,
			maxItems: 1,
			showWhen: VIDEO_REFER,
			description: 'A clear human face throughout, no change of character; at most 8 s, 720 to 2160 px wide.',
		}),
		{
			type: 'string',
			param: 'elementVoiceId',
			api: 'model_params.element_voice_id',
			displayName: 'Element Voice ID',
			default: '',
			optional: true,
			showWhen: VIDEO_REFER,
			description: 'The voice the element speaks with in generated videos (Video reference type only)',
		},
		callbackUrlField,
	],
	body: elementBody,
});

export const klingMore: ModelDefinition[] = [
	klingV3ImageToVideo,
	klingV3TurboImageToVideo,
	klingV3TurboTextToVideo,
	klingV26MotionControl,
	klingV3MotionControl,
	klingCustomElement,
];
