// xAI Grok Imagine: the two beta models, Video 1.0 (t2v, i2v) and Video 1.5 Preview.
import { callbackUrlField, durationRange, enumField, mediaCount, mediaField, promptField, qualityField } from '../common';
import type { ModelDefinition } from '../define';
import { defineModel } from '../define';
import type { Values } from '../fields';

const FAMILY = 'Grok Imagine';
const RATIOS_BETA = ['16:9', '9:16', '1:1', '3:2', '2:3'];
const RATIOS_10 = [...RATIOS_BETA, '4:3', '3:4'];
const RATIO_NAMES = { '3:2': '3:2 (Landscape)', '2:3': '2:3 (Portrait)', '4:3': '4:3 (Landscape)', '3:4': '3:4 (Portrait)' };
const QUALITY_NAMES = { '480p': '480p (Cheaper)', '720p': '720p', '1080p': '1080p' };

const prompt = (description?: string) => promptField({ required: true, description });

const ratio = (values: string[], def: string, description: string) =>
	enumField({ param: 'aspectRatio', api: 'aspect_ratio', displayName: 'Aspect Ratio', values, default: def, names: RATIO_NAMES, description });

const SEVERAL_ONLY = 'Used only with two or more images; with one image the video keeps that image’s shape';

const images = (minItems: number, required: boolean, description: string) =>
	mediaField('image', {
		param: 'imageUrls',
		api: 'image_urls',
		displayName: 'Images',
		required,
		minItems,
		maxItems: 7,
		maxMb: 10,
		description,
	});

const quality = (values: string[]) => qualityField(values, '480p', QUALITY_NAMES);

const styleMode = enumField({
	param: 'mode',
	api: 'mode',
	displayName: 'Style',
	values: ['fun', 'normal', 'spicy'],
	default: 'normal',
	names: { fun: 'Fun', normal: 'Normal', spicy: 'Spicy' },
	description: 'Style preset of the video',
});

type Spec = Pick<ModelDefinition, 'id' | 'mode' | 'displayName' | 'description' | 'fields' | 'rules'>;

const model = (spec: Spec) =>
	defineModel({ family: FAMILY, typicalSeconds: 90, ...spec, fields: [...spec.fields, callbackUrlField] });

export const grokTextToVideoBeta = model({
	id: 'grok-imagine-text-to-video-beta',
	mode: 'Text to Video',
	displayName: 'Grok Imagine Text to Video (Beta)',
	description: 'xAI Grok Imagine (beta): 6 to 30 s from a prompt, 480p or 720p, fun/normal/spicy styles',
	fields: [
		prompt(),
		durationRange(6, 30, 6),
		styleMode,
		ratio(RATIOS_BETA, '16:9', 'Shape of the video'),
		quality(['480p', '720p']),
	],
});

export const grokImageToVideoBeta = model({
	id: 'grok-imagine-image-to-video-beta',
	mode: 'Image to Video',
	displayName: 'Grok Imagine Image to Video (Beta)',
	description: 'xAI Grok Imagine (beta): animates 1 to 7 images, 6 to 30 s, 480p or 720p, fun/normal/spicy styles',
	fields: [
		prompt('How the images should move'),
		images(1, true, 'One to seven images to animate.'),
		durationRange(6, 30, 6),
		styleMode,
		ratio(RATIOS_BETA, '16:9', SEVERAL_ONLY),
		quality(['480p', '720p']),
	],
});

export const grokVideo10TextToVideo = model({
	id: 'grok-imagine-video-1.0-t2v',
	mode: 'Text to Video',
	displayName: 'Grok Imagine Video 1.0 Text to Video',
	description: 'xAI Grok Imagine Video 1.0: 1 to 15 s from a prompt, 480p or 720p, seven aspect ratios',
	fields: [prompt(), durationRange(1, 15, 6), ratio(RATIOS_10, '16:9', 'Shape of the video'), quality(['480p', '720p'])],
});

export const grokVideo10ImageToVideo = model({
	id: 'grok-imagine-video-1.0-i2v',
	mode: 'Image to Video',
	displayName: 'Grok Imagine Video 1.0 Image to Video',
	description: 'xAI Grok Imagine Video 1.0: animates 1 to 7 images, 1 to 15 s, 480p or 720p',
	fields: [
		prompt('How the images should move'),
		images(1, true, 'One to seven images to animate.'),
		durationRange(1, 15, 6),
		ratio(RATIOS_10, '16:9', SEVERAL_ONLY),
		quality(['480p', '720p']),
	],
});

/** The number of images picks the job: 0 text, 1 first frame, 2-7 references (at most 720p). */
function grok15Rules(values: Values, fail: (param: string, message: string) => void) {
	const count = mediaCount(values.imageUrls);
	if (values.quality === '1080p' && count >= 2)
		fail('quality', `Quality is 1080p with ${count} images (reference mode); use 480p or 720p, or at most 1 image`);
}

export const grokVideo15Preview = model({
	id: 'grok-imagine-video-1.5-preview',
	mode: 'Text to Video',
	displayName: 'Grok Imagine Video 1.5 Preview',
	description: 'xAI Grok Imagine Video 1.5 (preview): from a prompt, a first frame or 2 to 7 reference images, 1 to 15 s, up to 1080p',
	fields: [
		promptField({ required: true, maxLength: 4096 }),
		images(0, false, 'None: text to video. One: the first frame. Two to seven: reference images (then at most 720p).'),
		durationRange(1, 15, 6),
		qualityField(['480p', '720p', '1080p'], '480p', QUALITY_NAMES, '1080p only without images or with one image'),
		ratio(['auto', ...RATIOS_BETA], 'auto', 'Used without images or with two or more; with one image the video keeps that image’s shape'),
	],
	rules: grok15Rules,
});

export const grok: ModelDefinition[] = [
	grokTextToVideoBeta,
	grokImageToVideoBeta,
	grokVideo10TextToVideo,
	grokVideo10ImageToVideo,
	grokVideo15Preview,
];
