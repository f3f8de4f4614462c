// Alibaba Wan 2.6; the 2.7 models are in wan27.ts and listed here too.
import { aspectRatioField, booleanField, callbackUrlField, durationRange, enumField, mediaField, oneImage, promptField, qualityField } from '../common';
import type { Fail, ModelDefinition } from '../define';
import { defineModel } from '../define';
import type { Values } from '../fields';
import { promptExtendField } from './wan';
import { WAN_QUALITY_NAMES, WAN_RATIOS, wan27 } from './wan27';

const RESERVED = 'Credits are reserved for this length; the final charge follows the seconds generated';

export const generateAudioField = (description: string) =>
	booleanField({ param: 'generateAudio', api: 'generate_audio', displayName: 'Generate Audio', default: true, optional: false, description });

const quality26 = qualityField(['720p', '1080p'], '720p', WAN_QUALITY_NAMES);
const ratio26 = aspectRatioField(WAN_RATIOS, '16:9');
const duration26 = (max: number, description: string) => durationRange(2, max, undefined, `Whole seconds, 2 to ${max}. ${description}`);

const shotType26 = (withExtend: boolean) =>
	enumField({
		param: 'shotType',
		api: 'model_params.shot_type',
		displayName: 'Shot Type',
		values: ['single', 'multi'],
		names: { single: 'Single Shot', multi: 'Multi-Shot' },
		description: `One continuous shot or several (the model's default: single); overrides what the prompt asks for${withExtend ? '. Only works with Prompt Extend on.' : ''}`,
	});

const drivingAudio26 = mediaField('audio', {
	param: 'audioUrl',
	api: 'audio_url',
	displayName: 'Driving Audio',
	single: true,
	mimeTypes: ['audio/mpeg'],
	maxMb: 15,
	description: 'Sound the video follows, 3 to 30 s: cut to the video length if longer, silence after it if shorter.',
});

/** "Only takes effect when prompt_extend is true": a Shot Type with Prompt Extend off would be ignored. */
function shotTypeNeedsExtend(values: Values, fail: Fail) {
	if (values.shotType !== undefined && values.promptExtend === false)
		fail('shotType', `Shot Type is ${String(values.shotType)}, which only works with Prompt Extend on; turn Prompt Extend on or set Shot Type to Model Default`);
}

const wan26TextToVideo = defineModel({
	id: 'wan2.6-text-to-video',
	family: 'Wan',
	mode: 'Text to Video',
	displayName: 'Wan 2.6 Text to Video',
	description: 'Alibaba Wan 2.6: 2 to 15 s, 720p or 1080p, single or multi-shot, optional driving audio',
	typicalSeconds: 180,
	fields: [
		promptField({ maxLength: 1500, required: true }),
		ratio26,
		quality26,
		duration26(15, RESERVED),
		shotType26(true),
		drivingAudio26,
		promptExtendField,
		callbackUrlField,
	],
	rules: shotTypeNeedsExtend,
});

const wan26ImageToVideo = (flash: boolean) =>
	defineModel({
		id: `wan2.6-image-to-video${flash ? '-flash' : ''}`,
		family: 'Wan',
		mode: 'Image to Video',
		displayName: `Wan 2.6 Image to Video${flash ? ' Flash' : ''}`,
		description: `Alibaba Wan 2.6${flash ? ' Flash' : ''}: animates one image, 2 to 15 s, 720p or 1080p${flash ? ', sound on or off' : ''}, optional driving audio`,
		typicalSeconds: flash ? 90 : 180,
		fields: [
			promptField({ maxLength: 1500, required: true, description: 'How the image should move. At most 1500 characters.' }),
			oneImage({
				maxMb: 10,
				description: 'The first frame: 360 to 2000 px a side, no transparency.',
			}),
			quality26,
			duration26(15, RESERVED),
			shotType26(true),
			...(flash ? [generateAudioField('Whether the video has sound (costs more than without)')] : []),
			drivingAudio26,
			promptExtendField,
			callbackUrlField,
		],
		rules: shotTypeNeedsExtend,
	});

const wan26Reference = (flash: boolean) =>
	defineModel({
		id: `wan2.6-reference-video${flash ? '-flash' : ''}`,
		family: 'Wan',
		mode: 'Reference to Video',
		displayName: `Wan 2.6 Reference Video${flash ? ' Flash' : ''}`,
		description: `Alibaba Wan 2.6${flash ? ' Flash' : ''}: new scenes with the characters (look and voice) of up to 3 videos, 2 to 10 s, 720p or 1080p${flash ? ', sound on or off' : ''}`,
		typicalSeconds: flash ? 120 : 240,
		fields: [
			promptField({ maxLength: 1500, required: true }),
			mediaField('video', {
				param: 'videoUrls',
				api: 'video_urls',
				displayName: 'Reference Videos',
				required: true,
				maxItems: 3,
				maxMb: 100,
				description: 'Up to 3 clips, 2 to 30 s each, whose characters (look and voice) the video shows. Input is billed as at most 5 s in total.',
			}),
			ratio26,
			quality26,
			duration26(10, 'Billed on the seconds generated.'),
			shotType26(false),
			...(flash ? [generateAudioField('Whether the video has sound (costs more than without)')] : []),
			callbackUrlField,
		],
	});

export const wanNext: ModelDefinition[] = [
	wan26TextToVideo,
	wan26ImageToVideo(false),
	wan26ImageToVideo(true),
	wan26Reference(false),
	wan26Reference(true),
	...wan27,
];
