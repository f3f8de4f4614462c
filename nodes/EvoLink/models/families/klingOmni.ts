// Kling O1 and O3 (Omni): kling-o1-*, kling-o3-*.
import { COMMON_RATIOS, aspectRatioField, booleanField, callbackUrlField, durationChoices, durationRange, frameField, mediaCount, mediaField, oneVideo, promptField, qualityField } from '../common';
import type { Fail, ModelDefinition } from '../define';
import { defineModel } from '../define';
import type { Field, OptionsField, Values } from '../fields';
import { KLING_FRAME_TYPES, KLING_QUALITY_NAMES, dropEmptyElements, elementCount, elementListField, multiShotFields, multiShotRules, soundField, watermarkField } from './kling';

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

const RATIOS = COMMON_RATIOS.map((c) => String(c.value));
const REFERENCES = 'Refer to them in the prompt as <<<image_1>>>, <<<image_2>>>…';

/** O3 multi-shot knows Custom Shots only; the O3 text-to-video schema sets no limit on a shot's prompt. */
function omniShotFields(limitShotPrompt: boolean): Field[] {
	const shotType: OptionsField = {
		type: 'options',
		param: 'shotType',
		api: 'model_params.shot_type',
		displayName: 'Shot Type',
		default: 'customize',
		required: true,
		showWhen: { multiShot: [true] },
		options: [{ name: 'Custom Shots', value: 'customize', description: 'You write each shot and its length (the only type O3 offers)' }],
	};
	return multiShotFields().map((f) => {
		if (f.param === 'shotType') return shotType;
		if (f.type !== 'list' || limitShotPrompt) return f;
		const fields = f.item.fields.map((s) => (s.type === 'string' ? { ...s, maxLength: undefined } : s));
		return { ...f, item: { ...f.item, fields } };
	});
}

const keepOriginalSound = (def?: boolean) =>
	booleanField({
		param: 'keepOriginalSound',
		api: 'keep_original_sound',
		displayName: 'Keep Original Sound',
		default: def,
		description: 'Whether the result keeps the sound of the input video',
	});

/** The O3 video input: one clip, referred to as <<<video_1>>>. */
const o3Video = (required: boolean, description: string) =>
	mediaField('video', {
		param: 'videoUrl',
		api: 'video_url',
		displayName: required ? 'Video to Edit' : 'Reference Video',
		single: true,
		required,
		maxMb: 200,
		description: `${description} MP4 or MOV, at least 3 s, 720 to 2160 px a side, 24 to 60 fps; <<<video_1>>> in the prompt.`,
	});

/** O1 video edit: the clip, reference images, original sound. */
function o1Edit(id: string, fast: boolean): ModelDefinition {
	const [min, max] = fast ? [6, 20] : [3, 10];
	return defineModel({
		id,
		family: 'Kling',
		mode: 'Video Edit',
		displayName: `Kling O1 Video Edit${fast ? ' Fast' : ''}`,
		description: `Kling O1: edits a ${min} to ${max} s clip from a prompt, with up to 4 reference images${fast ? '; faster' : ''}`,
		typicalSeconds: fast ? 180 : 300,
		fields: [
			promptField({ maxLength: 5000, required: true, description: 'How to edit the video. At most 5000 characters.' }),
			oneVideo({
				displayName: 'Video to Edit',
				maxMb: 100,
				description: `One clip, ${min} to ${max} s (shorter is billed as ${min} s, longer as ${max} s).`,
			}),
			mediaField('image', {
				param: 'imageUrls',
				api: 'image_urls',
				displayName: 'Reference Images',
				minItems: 1,
				maxItems: 4,
				maxMb: 10,
				description: 'Images that show the edit wanted (a look, an object, a person).',
			}),
			keepOriginalSound(),
			callbackUrlField,
		],
	});
}

/** O3 reference and edit: images plus elements at most 4 with a video. */
function withVideoRules(values: Values, fail: Fail) {
	if (mediaCount(values.videoUrl) === 0) return;
	const images = mediaCount(values.imageUrls);
	const elements = elementCount(values);
	if (images + elements > 4)
		fail(
			elements ? 'elementList' : 'imageUrls',
			`Reference Images and Elements: ${count(images, 'image')} and ${count(elements, 'element')} given with a video; at most 4 in all`,
		);
}

export const klingO1ImageToVideo = defineModel({
	id: 'kling-o1-image-to-video',
	family: 'Kling',
	mode: 'Image to Video',
	displayName: 'Kling O1 Image to Video',
	description: 'Kling O1: animates a first frame (or first and last frames), 5 or 10 s',
	typicalSeconds: 300,
	fields: [
		promptField({ maxLength: 5000, required: true, description: 'How the image should move. At most 5000 characters.' }),
		mediaField('image', {
			param: 'imageUrls',
			api: 'image_urls',
			displayName: 'Images',
			required: true,
			minItems: 1,
			maxItems: 2,
			maxMb: 10,
			description: 'One image: the first frame. Two: the first and the last frame.',
		}),
		aspectRatioField(RATIOS),
		durationChoices([5, 10], 5, 'Length of the video in seconds. Billed on this value.'),
		callbackUrlField,
	],
});

export const klingO1VideoEdit = o1Edit('kling-o1-video-edit', false);
export const klingO1VideoEditFast = o1Edit('kling-o1-video-edit-fast', true);

export const klingO3TextToVideo = defineModel({
	id: 'kling-o3-text-to-video',
	family: 'Kling',
	mode: 'Text to Video',
	displayName: 'Kling O3 Text to Video',
	description: 'Kling O3: 3 to 15 s, 720p to 4K, sound effects, custom multi-shot, up to 7 elements',
	typicalSeconds: 300,
	fields: [
		promptField({
			maxLength: 2500,
			required: false,
			description:
				'What the video should show; <<<element_1>>> refers to an element. At most 2500 characters. Required, except with Multi-Shot, where each shot has its own prompt.',
		}),
		durationRange(3, 15, 5, 'Whole seconds, 3 to 15. Billed on this value.'),
		aspectRatioField(RATIOS, '16:9'),
		qualityField(['720p', '1080p', '4k'], '720p', KLING_QUALITY_NAMES),
		soundField,
		...omniShotFields(false),
		elementListField(7, 'Up to 7 elements to show in the video.'),
		watermarkField,
		callbackUrlField,
	],
	rules: multiShotRules,
	body: dropEmptyElements,
});

export const klingO3ImageToVideo = defineModel({
	id: 'kling-o3-image-to-video',
	family: 'Kling',
	mode: 'Image to Video',
	displayName: 'Kling O3 Image to Video',
	description: 'Kling O3: animates a first frame (optional last frame, reference images, elements), 3 to 15 s, up to 4K',
	typicalSeconds: 300,
	fields: [
		promptField({
			maxLength: 2500,
			required: false,
			description:
				'How the video should go on from the first frame; <<<image_1>>> and <<<element_1>>> refer to the reference images and elements. At most 2500 characters. Required, except with Multi-Shot, where each shot has its own prompt.',
		}),
		frameField('start', {
			required: true,
			mimeTypes: KLING_FRAME_TYPES,
			maxMb: 10,
			description: 'The first frame: at least 300 px a side, aspect ratio 1:2.5 to 2.5:1.',
		}),
		frameField('end', {
			description: 'The last frame. Not with reference images: at most 2 images in all.',
		}),
		mediaField('image', {
			param: 'imageUrls',
			api: 'image_urls',
			displayName: 'Reference Images',
			maxItems: 6,
			description: `Style, scene or subject references (not frames). ${REFERENCES} Frames, images and elements: at most 7 in all.`,
		}),
		durationRange(3, 15, 5),
		aspectRatioField(RATIOS),
		qualityField(['720p', '1080p', '4k'], undefined, KLING_QUALITY_NAMES),
		soundField,
		...omniShotFields(true),
		elementListField(3, 'Up to 3 elements to show in the video (frames, images and elements: at most 7 in all).'),
		watermarkField,
		callbackUrlField,
	],
	rules: (values, fail) => {
		multiShotRules(values, fail);
		const frames = 1 + mediaCount(values.imageEnd);
		const images = mediaCount(values.imageUrls);
		if (mediaCount(values.imageEnd) > 0 && images > 0)
			fail('imageEnd', `Last Frame: not allowed with Reference Images (${frames + images} images in all); a last frame allows at most 2 images in all`);
		const elements = elementCount(values);
		if (frames + images + elements > 7)
			fail(
				elements ? 'elementList' : 'imageUrls',
				`Reference Images and Elements: ${count(frames, 'frame')}, ${count(images, 'image')} and ${count(elements, 'element')} given; at most 7 in all`,
			);
	},
	body: dropEmptyElements,
});

export const klingO3ReferenceToVideo = defineModel({
	id: 'kling-o3-reference-to-video',
	family: 'Kling',
	mode: 'Reference to Video',
	displayName: 'Kling O3 Reference to Video',
	description: 'Kling O3: a new video from a reference clip, images and elements, 3 to 10 s, 720p or 1080p',
	typicalSeconds: 300,
	fields: [
		promptField({
			maxLength: 2500,
			required: true,
			description:
				'What the video should show; <<<video_1>>>, <<<image_1>>> and <<<element_1>>> refer to the references. At most 2500 characters.',
		}),
		o3Video(false, 'A clip whose motion, style or scene the video follows.'),
		keepOriginalSound(true),
		mediaField('image', {
			param: 'imageUrls',
			api: 'image_urls',
			displayName: 'Reference Images',
			maxItems: 7,
			description: `Style or scene references. ${REFERENCES} With a video, images and elements: at most 4 in all.`,
		}),
		durationRange(3, 10, 5),
		aspectRatioField(RATIOS),
		qualityField(['720p', '1080p'], '720p', KLING_QUALITY_NAMES),
		elementListField(7, 'Elements made from images (not video characters); with a video, images and elements: at most 4 in all.'),
		watermarkField,
		callbackUrlField,
	],
	rules: withVideoRules,
	body: dropEmptyElements,
});

export const klingO3VideoEdit = defineModel({
	id: 'kling-o3-video-edit',
	family: 'Kling',
	mode: 'Video Edit',
	displayName: 'Kling O3 Video Edit',
	description: 'Kling O3: edits a clip from a prompt, reference images and elements, 720p or 1080p; billed per input second',
	typicalSeconds: 300,
	fields: [
		promptField({
			maxLength: 2500,
			required: false,
			description: 'The edit, e.g. "Replace the person in the video with <<<element_1>>>". At most 2500 characters.',
		}),
		o3Video(true, 'The clip to edit; billed per second of it.'),
		keepOriginalSound(true),
		mediaField('image', {
			param: 'imageUrls',
			api: 'image_urls',
			displayName: 'Reference Images',
			maxItems: 4,
			description: `Style references. ${REFERENCES} Images and elements: at most 4 in all.`,
		}),
		qualityField(['720p', '1080p'], '720p', KLING_QUALITY_NAMES, '1080p costs 1.334 times as much'),
		elementListField(4, 'Elements made from images (not video characters); images and elements: at most 4 in all.'),
		watermarkField,
		callbackUrlField,
	],
	rules: withVideoRules,
	body: dropEmptyElements,
});

export const klingOmni: ModelDefinition[] = [
	klingO1ImageToVideo,
	klingO1VideoEdit,
	klingO1VideoEditFast,
	klingO3TextToVideo,
	klingO3ImageToVideo,
	klingO3ReferenceToVideo,
	klingO3VideoEdit,
];
