// Kling (Kuaishou). kling-v3-text-to-video follows its seed page (shared/seeds/001_…), the contract.
import { COMMON_RATIOS, aspectRatioField, booleanField, callbackUrlField, negativePromptField, promptField, qualityField } from '../common';
import { defineModel } from '../define';
import type { ListField, Values } from '../fields';

const MAX_SHOTS = 6;

/** Multi-shot (model_params): Automatic splits the prompt, Custom Shots are written one by one. */
export const multiShotFields = (maxShotPrompt = 512): [ReturnType<typeof booleanField>, ...Array<import('../fields').Field>] => [
	booleanField({
		param: 'multiShot',
		api: 'model_params.multi_shot',
		displayName: 'Multi-Shot',
		default: false,
		optional: false,
		description: 'Whether the video is made of several shots',
	}),
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
		api: 'model_params.multi_prompt',
		indexKey: 'index',
		displayName: 'Shots',
		default: [],
		minItems: 1,
		maxItems: MAX_SHOTS,
		showWhen: { multiShot: [true], shotType: ['customize'] },
		description: `Up to ${MAX_SHOTS} shots, in order; their durations must add up to the video's duration`,
		item: {
			name: 'shot',
			displayName: 'Shot',
			fields: [
				{ type: 'string', param: 'prompt', api: 'prompt', displayName: 'Prompt', default: '', maxLength: maxShotPrompt, required: true },
				// The API wants each shot's seconds as a string.
				{ type: 'number', param: 'duration', api: 'duration', displayName: 'Duration (Seconds)', default: 5, min: 1, max: 15, toApi: String },
			],
		},
	} satisfies ListField,
];

/** Prompt required unless Custom Shots; shot durations add up to the duration. */
export function multiShotRules(values: Values, fail: (param: string, message: string) => void) {
	const custom = values.multiShot === true && values.shotType === 'customize';
	if (!custom && !values.prompt) fail('prompt', 'Prompt is required unless Multi-Shot uses Custom Shots');
	if (!custom) return;
	const shots = (values.shots as Values[] | undefined) ?? [];
	if (shots.length === 0) fail('shots', `Shots: add 1 to ${MAX_SHOTS} shots for Custom Shots`);
	const total = values.duration ?? 5;
	const sum = shots.reduce((n, shot) => n + Number(shot.duration), 0);
	if (shots.length > 0 && sum !== total)
		fail('shots', `Shots: the shot durations add up to ${sum} s but Duration is ${String(total)} s; they must be equal`);
}

export const watermarkField = booleanField({
	param: 'watermark',
	api: 'model_params.watermark_info.enabled',
	displayName: 'Watermark',
	description: 'Whether to add the provider watermark (not sent unless added: the model decides)',
});

export const soundField = booleanField({
	param: 'sound',
	api: 'sound',
	displayName: 'Sound',
	default: false,
	optional: false,
	description: 'Whether to generate sound effects (costs more)',
	toApi: (on) => (on ? 'on' : 'off'),
});

export const klingV3TextToVideo = defineModel({
	id: 'kling-v3-text-to-video',
	family: 'Kling',
	mode: 'Text to Video',
	displayName: 'Kling v3 Text to Video',
	description: 'Kling v3: 3 to 15 s, 720p or 1080p, sound effects, multi-shot',
	typicalSeconds: 300,
	fields: [
		promptField({
			maxLength: 2500,
			required: false,
			description:
				'What the video should show. At most 2500 characters. Required, except with Multi-Shot → Custom Shots, where each shot has its own prompt.',
		}),
		{
			type: 'number',
			param: 'duration',
			api: 'duration',
			displayName: 'Duration (Seconds)',
			default: 5,
			apiDefault: 5,
			min: 3,
			max: 15,
			description: 'Whole seconds, 3 to 15. Billed on this value.',
		},
		aspectRatioField(COMMON_RATIOS.map((c) => String(c.value))),
		qualityField(['720p', '1080p'], '720p', { '720p': '720p (Standard)', '1080p': '1080p (Pro)' }),
		soundField,
		...multiShotFields(),
		negativePromptField(),
		watermarkField,
		callbackUrlField,
	],
	rules: multiShotRules,
});

export const kling = [klingV3TextToVideo];
