// OpenAI Sora 2 (preview) and Sora 2 Pro (preview).
import { callbackUrlField, durationChoices, enumField, mediaField, promptField, qualityField } from '../common';
import type { ModelDefinition } from '../define';
import { defineModel } from '../define';

const prompt = promptField({ maxLength: 5000, required: true });

// Only 4, 8 or 12 per the prose (the schema has no enum).
const duration = (billed: string) => durationChoices([4, 8, 12], undefined, `Length of the video in seconds${billed}`);

const image = (sizeNote: string) =>
	mediaField('image', {
		param: 'imageUrls',
		api: 'image_urls',
		displayName: 'Image',
		maxItems: 1,
		maxMb: 10,
		description: `Optional first frame to animate; no real people.${sizeNote}`,
	});

const ratio = (values: string[]) =>
	enumField({
		param: 'aspectRatio',
		api: 'aspect_ratio',
		displayName: 'Aspect Ratio',
		values,
		names: { '1280x720': '1280x720 (Landscape)', '720x1280': '720x1280 (Portrait)' },
	});

export const sora: ModelDefinition[] = [
	defineModel({
		id: 'sora-2-preview',
		family: 'Sora',
		mode: 'Text to Video',
		displayName: 'Sora 2 Text/Image to Video',
		description: 'OpenAI Sora 2: text or one image to video, 4, 8 or 12 s, landscape or portrait',
		typicalSeconds: 300,
		fields: [
			prompt,
			image(' Its size in pixels must match the aspect ratio exactly (e.g. 1280x720).'),
			ratio(['1280x720', '720x1280', '16:9', '9:16']),
			duration(' (EvoLink makes 4 s unless set); longer costs more'),
			callbackUrlField,
		],
	}),
	defineModel({
		id: 'sora-2-pro-preview',
		family: 'Sora',
		mode: 'Text to Video',
		displayName: 'Sora 2 Pro Text/Image to Video',
		description: 'OpenAI Sora 2 Pro: text or one image to video, 4, 8 or 12 s, 720p or 1080p',
		typicalSeconds: 400,
		fields: [
			prompt,
			image(''),
			ratio(['16:9', '9:16']),
			duration('; billed on this value'),
			qualityField(['720p', '1080p'], undefined, { '1080p': '1080p (Costs 1.667x)' }),
			callbackUrlField,
		],
	}),
];
