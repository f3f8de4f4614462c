// OmniHuman (ByteDance avatar from a picture and a voice), Topaz video upscale, VideoRetalk lip sync.
import { booleanField, callbackUrlField, enumField, mediaField, oneImage, oneVideo, promptField, seedField } from '../common';
import type { ModelDefinition } from '../define';
import { defineModel } from '../define';
import type { NumberField } from '../fields';

// The catalogue sets no limit on masks; the panel needs one.
const MAX_MASKS = 10;

export const omnihuman15 = defineModel({
	id: 'omnihuman-1.5',
	family: 'OmniHuman',
	mode: 'Avatar',
	displayName: 'OmniHuman 1.5 Avatar',
	description: 'ByteDance OmniHuman 1.5: a picture of a person speaks and moves to an audio track (up to 35 s)',
	typicalSeconds: 300,
	fields: [
		oneImage({
			maxMb: 10,
			description: 'The picture to animate: it must show a clear human figure.',
		}),
		mediaField('audio', {
			param: 'audioUrl',
			api: 'audio_url',
			displayName: 'Audio',
			required: true,
			single: true,
			description: 'The voice that drives lip sync and motion, at most 35 s; billed per second of audio.',
		}),
		promptField({
			required: false,
			description: 'Optional direction for the performance, in Chinese, English, Japanese, Korean, Mexican Spanish or Indonesian',
		}),
		mediaField('image', {
			param: 'maskUrl',
			api: 'mask_url',
			displayName: 'Masks',
			maxItems: MAX_MASKS,
			description: 'Optional masks of the subjects to animate, the same size as the image.',
		}),
		booleanField({
			param: 'peFastMode',
			api: 'pe_fast_mode',
			displayName: 'Fast Mode',
			default: false,
			description: 'Whether to render faster, possibly at lower quality',
		}),
		booleanField({
			param: 'autoMask',
			api: 'auto_mask',
			displayName: 'Auto Mask',
			default: false,
			optional: true,
			description: 'Whether to detect the subject mask automatically (ignored when masks are given; adds start-up time)',
		}),
		booleanField({
			param: 'subjectCheck',
			api: 'subject_check',
			displayName: 'Subject Check',
			default: false,
			optional: true,
			description: 'Whether to check first that a person is in the picture (adds start-up time)',
		}),
		seedField(),
		callbackUrlField,
	],
});

export const topazVideoUpscale = defineModel({
	id: 'topaz-video-upscale',
	family: 'Topaz',
	mode: 'Upscale',
	displayName: 'Topaz Video Upscale',
	description: 'Topaz: enhances a video and upscales it 2x or 4x (MP4 up to 50 MB), billed on its length',
	typicalSeconds: 600,
	fields: [
		oneVideo({
			maxMb: 50,
			mimeTypes: ['video/mp4'],
			description: 'The video to upscale.',
		}),
		enumField({
			param: 'upscaleFactor',
			api: 'model_params.upscale_factor',
			displayName: 'Upscale Factor',
			values: ['1', '2', '4'],
			default: '2',
			names: { '1': '1x (Enhance Only)', '2': '2x', '4': '4x' },
			description: 'How much larger the video becomes; higher costs more',
		}),
		callbackUrlField,
	],
});

const faceThresholdField: NumberField = {
	type: 'number',
	param: 'queryFaceThreshold',
	api: 'query_face_threshold',
	displayName: 'Face Match Threshold',
	default: 170,
	apiDefault: 170,
	min: 120,
	max: 200,
	optional: true,
	description: 'How closely a face must match the reference face, 120 to 200: lower matches more easily (risk of the wrong face)',
};

export const videoRetalk = defineModel({
	id: 'videoretalk',
	family: 'VideoRetalk',
	mode: 'Lip Sync',
	displayName: 'VideoRetalk Lip Sync',
	description: "VideoRetalk: makes the person in a video speak a new audio track, lips synced to it",
	typicalSeconds: 300,
	fields: [
		// "MP4, MOV or other common formats": any video or audio type, the Files API checks its own list.
		mediaField('video', {
			param: 'videoUrl',
			api: 'video_url',
			displayName: 'Video',
			required: true,
			single: true,
			mimeTypes: [],
			description: 'The video of the speaker (MP4, MOV…): a clear human face, 2 to 300 s advised.',
		}),
		mediaField('audio', {
			param: 'audioUrl',
			api: 'audio_url',
			displayName: 'Audio',
			required: true,
			single: true,
			mimeTypes: [],
			description: 'The new speech (WAV, MP3, M4A…).',
		}),
		mediaField('image', {
			param: 'refImageUrl',
			api: 'ref_image_url',
			displayName: 'Reference Face',
			single: true,
			description: 'A frontal face of the person to sync; only needed when the video shows several faces.',
		}),
		booleanField({
			param: 'videoExtension',
			api: 'video_extension',
			displayName: 'Extend Video',
			default: false,
			description: 'On: the video is extended to the length of the audio. Off: the output is as long as the shorter of the two.',
		}),
		faceThresholdField,
		callbackUrlField,
	],
});

export const others: ModelDefinition[] = [omnihuman15, topazVideoUpscale, videoRetalk];
