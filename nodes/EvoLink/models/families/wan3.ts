// Alibaba Wan 3.0 and 3.0 Prime: the same inputs; Prime prices 720p and 1080p a little higher.
import { callbackUrlField, durationRange, enumField, frameField, mediaField, promptField, qualityField, seedField } from '../common';
import type { Fail, ModelDefinition, ModelMode } from '../define';
import { defineModel } from '../define';
import type { Field, StringField, Values } from '../fields';
import { WAN_QUALITY_NAMES, checkHttpUrl } from './wan27';
import { generateAudioField } from './wanNext';

// The docs: "up to 20000 characters; longer text is silently truncated". Refused here instead.
const prompt3 = (required: boolean, description: string) =>
	promptField({ maxLength: 20000, required, description: `${description} At most 20000 characters.` });

const duration3 = durationRange(
	-1,
	30,
	5,
	'Whole seconds, 2 to 30, or -1: the model chooses (credits for 30 s are held until the task ends, then the unused part is released)',
);

/** "Integer 2-30, or -1 = model chooses". */
function durationRule(values: Values, fail: Fail) {
	const d = values.duration;
	if (d === 0 || d === 1) fail('duration', `Duration (Seconds) is ${d}; use 2 to 30, or -1 to let the model choose`);
}

const IMAGE_3 = '240 to 8000 px a side, aspect 1:8 to 8:1, no transparency.';

const urlField = (param: string, api: string, displayName: string, description: string): StringField => ({
	type: 'string',
	param,
	api,
	displayName,
	default: '',
	placeholder: param === 'fileUrl' ? 'https://example.com/brief.pdf' : 'https://example.com/product',
	description,
	check: checkHttpUrl,
});

interface Shape {
	kind: 'text-to-video' | 'image-to-video' | 'reference-video';
	mode: ModelMode;
	name: string;
	about: string;
	fields: Field[];
	rules?: (values: Values, fail: Fail) => void;
}

const SHAPES: Shape[] = [
	{
		kind: 'text-to-video',
		mode: 'Text to Video',
		name: 'Text to Video',
		about: 'from a prompt',
		fields: [prompt3(true, 'What the video should show.')],
	},
	{
		kind: 'image-to-video',
		mode: 'Image to Video',
		name: 'Image to Video',
		about: 'from a first frame (and optional last frame)',
		fields: [
			prompt3(false, 'How the video should move.'),
			frameField('start', {
				required: true,
				maxMb: 20,
				description: `Used exactly as the first frame. ${IMAGE_3}`,
			}),
			frameField('end', {
				maxMb: 20,
				description: `Optional last frame. ${IMAGE_3}`,
			}),
		],
	},
	{
		kind: 'reference-video',
		mode: 'Reference to Video',
		name: 'Reference Video',
		about: 'from up to 10 images, 5 videos, 5 sounds, a document or a web page',
		fields: [
			prompt3(true, 'What the video should show; name the references "Image 1", "Video 1", "Audio 1"... (each numbered in order).'),
			mediaField('image', {
				param: 'imageUrls',
				api: 'image_urls',
				displayName: 'Reference Images',
				maxItems: 10,
				maxMb: 20,
				description: `Image 1, Image 2... in order; one character per image that shows one. ${IMAGE_3}`,
			}),
			mediaField('video', {
				param: 'videoUrls',
				api: 'video_urls',
				displayName: 'Reference Videos',
				maxItems: 5,
				maxMb: 100,
				description:
					'Video 1, Video 2... in order: 1 to 15 s each, at most 15 s together, and with the duration at most 30 s. Billed: input seconds plus output seconds. 240 to 4096 px a side.',
			}),
			mediaField('audio', {
				param: 'audioUrls',
				api: 'audio_urls',
				displayName: 'Reference Audio',
				maxItems: 5,
				description: 'Audio 1, Audio 2... in order: material the video uses (not bound to a character), 1 to 15 s each, at most 15 s together. Not billed.',
			}),
			urlField(
				'fileUrl',
				'model_params.file_url',
				'Document URL',
				'Public URL of one document the model turns into a video (PDF, Word, Excel, PowerPoint, Keynote, Pages, Numbers, TXT, Markdown; at most 100 MB and 50 pages). Not with Web Page URL.',
			),
			urlField('linkUrl', 'model_params.link_url', 'Web Page URL', 'One public web page (no login) the model turns into a video. Not with Document URL.'),
		],
		rules(values, fail) {
			if (values.fileUrl !== undefined && values.linkUrl !== undefined)
				fail('linkUrl', 'Document URL and Web Page URL are both given; use one or the other');
		},
	},
];

function wan3Model(prime: boolean, shape: Shape): ModelDefinition {
	const ratio = prime ? '2.06' : '2';
	const ratio1080 = prime ? '4.12' : '4';
	return defineModel({
		id: `wan3.0-${prime ? 'prime-' : ''}${shape.kind}`,
		family: 'Wan',
		mode: shape.mode,
		displayName: `Wan 3.0${prime ? ' Prime' : ''} ${shape.name}`,
		description: `Alibaba Wan 3.0${prime ? ' Prime' : ''}: ${shape.about}; 2 to 30 s or the model's choice, 480p to 1080p, with sound`,
		typicalSeconds: prime ? 300 : 240,
		fields: [
			...shape.fields,
			duration3,
			qualityField(['480p', '720p', '1080p'], '720p', WAN_QUALITY_NAMES, `Price against 480p: 720p ${ratio}×, 1080p ${ratio1080}×`),
			enumField({
				param: 'aspectRatio',
				api: 'aspect_ratio',
				displayName: 'Aspect Ratio',
				values: ['adaptive', '16:9', '9:16', '1:1', '4:3', '3:4'],
				default: 'adaptive',
				names: { adaptive: 'Adaptive (Model Chooses)' },
				description: 'Adaptive: the model picks it from the inputs and the prompt',
			}),
			generateAudioField('Whether the video has sound (same price either way)'),
			seedField(),
			callbackUrlField,
		],
		rules(values, fail) {
			durationRule(values, fail);
			shape.rules?.(values, fail);
		},
	});
}

export const wan3: ModelDefinition[] = [false, true].flatMap((prime) => SHAPES.map((shape) => wan3Model(prime, shape)));
