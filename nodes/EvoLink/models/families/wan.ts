// Alibaba Wan. wan2.5-text-to-video follows its seed page (shared/seeds/000_…), the contract.
import { booleanField, callbackUrlField, choicesOf, COMMON_RATIOS, durationChoices, oneImage, promptField, qualityField } from '../common';
import { defineModel } from '../define';

const WAN_QUALITIES = { '480p': '480p (Lowest Price)', '720p': '720p (Standard)', '1080p': '1080p (Highest Quality)' };

export const promptExtendField = booleanField({
	param: 'promptExtend',
	api: 'prompt_extend',
	displayName: 'Prompt Extend',
	default: true,
	optional: true,
	description: 'Whether a language model rewrites and enriches the prompt first; helps short prompts',
});

export const wan25TextToVideo = defineModel({
	id: 'wan2.5-text-to-video',
	family: 'Wan',
	mode: 'Text to Video',
	displayName: 'Wan 2.5 Text to Video',
	description: 'Alibaba Wan 2.5: 5 or 10 s clips, 480p to 1080p, optional prompt rewriting',
	typicalSeconds: 120,
	fields: [
		promptField({ maxLength: 2000, required: true }),
		qualityField(['480p', '720p', '1080p'], '720p', WAN_QUALITIES),
		{
			type: 'options',
			param: 'aspectRatio',
			api: 'aspect_ratio',
			displayName: 'Aspect Ratio',
			default: '16:9',
			apiDefault: '16:9',
			options: choicesOf(['16:9', '9:16', '1:1', '4:3', '3:4']),
			variants: [
				{ when: { quality: ['480p'] }, label: 'at 480p', options: COMMON_RATIOS },
				{ when: { quality: ['720p', '1080p'] }, label: 'at 720p or 1080p', options: choicesOf(['16:9', '9:16', '1:1', '4:3', '3:4']) },
			],
		},
		durationChoices([5, 10], undefined, 'Credits are reserved for this length; the final charge follows the seconds generated'),
		promptExtendField,
		callbackUrlField,
	],
});

export const wan25ImageToVideo = defineModel({
	id: 'wan2.5-image-to-video',
	family: 'Wan',
	mode: 'Image to Video',
	displayName: 'Wan 2.5 Image to Video',
	description: 'Alibaba Wan 2.5: animates one image, 5 or 10 s, 480p to 1080p',
	typicalSeconds: 120,
	fields: [
		promptField({ maxLength: 2000, required: true, description: 'How the image should move. At most 2000 characters.' }),
		oneImage({
			maxMb: 10,
			// BMP is fine by URL, but the Files API does not take it for uploads.
			mimeTypes: ['image/jpeg', 'image/png', 'image/webp'],
			description: 'The first frame: 360 to 2000 px a side (JPEG, PNG, BMP or WebP by URL).',
		}),
		durationChoices([5, 10], undefined, 'Credits are reserved for this length; the final charge follows the seconds generated'),
		qualityField(['480p', '720p', '1080p'], '720p', WAN_QUALITIES),
		promptExtendField,
		callbackUrlField,
	],
});

export const wan = [wan25TextToVideo, wan25ImageToVideo];
