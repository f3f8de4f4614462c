import { COMMON_RATIOS, callbackUrlField, promptField } from './common';
import { defineModel } from './define';
import type { Values } from './fields';

const MAX_SHOTS = 6;

export const klingV3TextToVideo = defineModel({
	id: 'kling-v3-text-to-video',
	displayName: 'Kling v3 Text to Video',
	description: 'Kling v3: 3 to 15 s, 720p or 1080p, sound effects, multi-shot',
	fields: [
		promptField({
			maxLength: 2500,
			required: false,
			description:
				'What the video should show. At most 2500 characters. Required, except with Multi-Shot → Custom Shots, where each shot has its own prompt.',
		}),
		{
			type: 'string',
			param: 'negativePrompt',
			api: 'negative_prompt',
			displayName: 'Negative Prompt',
			default: '',
			placeholder: 'e.g. people, text, watermark',
			description: 'What must not appear in the video',
		},
		{
			type: 'number',
			param: 'duration',
			api: 'duration',
			displayName: 'Duration (Seconds)',
			default: 5,
			min: 3,
			max: 15,
			description: 'Whole seconds, 3 to 15. Billed on this value.',
		},
		{
			type: 'options',
			param: 'aspectRatio',
			api: 'aspect_ratio',
			displayName: 'Aspect Ratio',
			default: '16:9',
			options: COMMON_RATIOS,
		},
		{
			type: 'options',
			param: 'quality',
			api: 'quality',
			displayName: 'Quality',
			default: '720p',
			options: [
				{ name: '720p (Standard)', value: '720p' },
				{ name: '1080p (Pro)', value: '1080p' },
			],
		},
		{
			type: 'boolean',
			param: 'sound',
			api: 'sound',
			displayName: 'Sound',
			default: false,
			description: 'Whether to generate sound effects (costs more)',
			toApi: (on) => (on ? 'on' : 'off'),
		},
		{
			type: 'boolean',
			param: 'multiShot',
			api: 'model_params.multi_shot',
			displayName: 'Multi-Shot',
			default: false,
			description: 'Whether the video is made of several shots',
		},
		{
			type: 'options',
			param: 'shotType',
			api: 'model_params.shot_type',
			displayName: 'Shot Type',
			default: 'intelligence',
			required: true,
			showWhen: { multiShot: [true] },
			options: [
				{ name: 'Automatic', value: 'intelligence', description: 'The model splits the prompt into shots' },
				{ name: 'Custom Shots', value: 'customize', description: 'You write each shot and its length' },
			],
		},
		{
			type: 'list',
			param: 'shots',
			displayName: 'Shots',
			default: [],
			maxItems: MAX_SHOTS,
			showWhen: { multiShot: [true], shotType: ['customize'] },
			description: `Up to ${MAX_SHOTS} shots, in order; their durations must add up to the video's duration`,
			item: {
				name: 'shot',
				displayName: 'Shot',
				fields: [
					{
						type: 'string',
						param: 'prompt',
						displayName: 'Prompt',
						default: '',
						maxLength: 512,
						required: true,
					},
					{ type: 'number', param: 'duration', displayName: 'Duration (Seconds)', default: 5, min: 1, max: 15 },
				],
			},
		},
		{
			type: 'boolean',
			param: 'watermark',
			api: 'model_params.watermark_info.enabled',
			displayName: 'Watermark',
			default: false,
			description: 'Whether to add the provider watermark',
		},
		callbackUrlField,
	],
	rules(values, fail) {
		const custom = values.multiShot === true && values.shotType === 'customize';
		if (!custom && !values.prompt) fail('prompt', 'Prompt is required unless Multi-Shot uses Custom Shots');
		if (!custom) return;
		const shots = (values.shots as Values[] | undefined) ?? [];
		if (shots.length === 0) fail('shots', `Shots: add 1 to ${MAX_SHOTS} shots for Custom Shots`);
		const sum = shots.reduce((total, shot) => total + Number(shot.duration), 0);
		if (shots.length > 0 && sum !== values.duration)
			fail('shots', `Shots: the shot durations add up to ${sum} s but Duration is ${String(values.duration)} s; they must be equal`);
	},
	body(values, body) {
		if (!(values.multiShot === true && values.shotType === 'customize')) return;
		const params = body.model_params as Record<string, unknown>;
		// The API wants each shot's duration as a string.
		params.multi_prompt = (values.shots as Values[]).map((shot, i) => ({
			index: i + 1,
			prompt: shot.prompt,
			duration: String(shot.duration),
		}));
	},
});
