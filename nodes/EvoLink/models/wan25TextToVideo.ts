import { COMMON_RATIOS, callbackUrlField, promptField } from './common';
import { defineModel } from './define';

export const wan25TextToVideo = defineModel({
	id: 'wan2.5-text-to-video',
	displayName: 'Wan 2.5 Text to Video',
	description: 'Alibaba Wan 2.5: 5 or 10 s clips, 480p to 1080p, optional prompt rewriting',
	fields: [
		promptField({ maxLength: 2000, required: true }),
		{
			type: 'options',
			param: 'quality',
			api: 'quality',
			displayName: 'Quality',
			default: '720p',
			options: [
				{ name: '480p', value: '480p', description: 'Lowest quality, lowest price' },
				{ name: '720p', value: '720p', description: 'Standard quality and price' },
				{ name: '1080p', value: '1080p', description: 'Highest quality, highest price' },
			],
		},
		{
			type: 'options',
			param: 'aspectRatio',
			api: 'aspect_ratio',
			displayName: 'Aspect Ratio',
			default: '16:9',
			options: COMMON_RATIOS,
			variants: [
				{ when: { quality: ['480p'] }, label: 'at 480p', options: COMMON_RATIOS },
				{
					when: { quality: ['720p', '1080p'] },
					label: 'at 720p or 1080p',
					options: [...COMMON_RATIOS, { name: '4:3', value: '4:3' }, { name: '3:4', value: '3:4' }],
				},
			],
		},
		{
			type: 'options',
			param: 'duration',
			api: 'duration',
			displayName: 'Duration (Seconds)',
			default: 5,
			description: 'Credits are reserved for this length; the final charge follows the seconds generated',
			options: [
				{ name: '5', value: 5 },
				{ name: '10', value: 10 },
			],
		},
		{
			type: 'boolean',
			param: 'promptExtend',
			api: 'prompt_extend',
			displayName: 'Prompt Extend',
			default: true,
			description: 'Whether a language model rewrites and enriches the prompt first; helps short prompts',
		},
		callbackUrlField,
	],
});
