// Kling (Kuaishou). kling-v3-text-to-video follows its seed page (shared/seeds/001_…), the contract.
import { COMMON_RATIOS, aspectRatioField, booleanField, callbackUrlField, durationRange, negativePromptField, promptField, qualityField } from '../common';
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
	customShotRules(values, fail);
}

/** Custom Shots: 1 to 6 shots whose durations add up to the duration. */
export function customShotRules(values: Values, fail: (param: string, message: string) => void) {
	const custom = values.multiShot === true && values.shotType === 'customize';
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

/** The picture types Kling takes as first or last frame (no WebP). */
export const KLING_FRAME_TYPES = ['image/jpeg', 'image/png'];

/** How Kling names its resolution tiers (std, pro, ultra HD). */
export const KLING_QUALITY_NAMES = { '720p': '720p (Standard)', '1080p': '1080p (Pro)', '4k': '4K (Ultra HD)' };

/** Elements (model_params.element_list): subjects made with Kling Custom Element, by id. */
export function elementListField(maxItems: number, description: string): ListField {
	return {
		type: 'list',
		param: 'elementList',
		api: 'model_params.element_list',
		displayName: 'Elements',
		default: [],
		maxItems,
		description: `${description} Refer to them in the prompt as <<<element_1>>>, <<<element_2>>>…`,
		item: {
			name: 'element',
			displayName: 'Element',
			fields: [
				{
					type: 'string',
					param: 'elementId',
					api: 'element_id',
					displayName: 'Element ID',
					default: '',
					required: true,
					description: 'The ID of an element made with the Kling Custom Element model',
				},
			],
		},
	};
}

/** How many elements the values hold. */
export const elementCount = (values: Values) => ((values.elementList as Values[] | undefined) ?? []).length;

/** An Elements list left empty in the panel (n8n hands over an empty list) is not sent. */
export function dropEmptyElements(_values: Values, body: Record<string, unknown>) {
	const params = body.model_params as Record<string, unknown> | undefined;
	if (!params || !Array.isArray(params.element_list) || params.element_list.length > 0) return;
	delete params.element_list;
	if (Object.keys(params).length === 0) delete body.model_params;
}

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
		durationRange(3, 15, 5, 'Whole seconds, 3 to 15. Billed on this value.'),
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
