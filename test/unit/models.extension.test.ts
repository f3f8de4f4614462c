/**
 * "Adding a model is one file + one line": a throwaway third model (wan2.5-image-to-video, from
 * the docs' neighbouring-models section) written with defineModel and the shared helpers, added
 * to MODELS (the one line) — and the panel, the validation and the body work with no other change.
 */
import type { INodeParameters, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { callbackUrlField, promptField } from '../../nodes/EvoLink/models/common';
import type { ModelDefinition } from '../../nodes/EvoLink/models/define';
import { defineModel } from '../../nodes/EvoLink/models/define';

// ---- the "one file" -------------------------------------------------------
const wan25ImageToVideo = defineModel({
	id: 'wan2.5-image-to-video',
	displayName: 'Wan 2.5 Image to Video',
	description: 'Alibaba Wan 2.5: animate one image, 5 or 10 s, 480p to 1080p',
	fields: [
		promptField({ maxLength: 2000, required: true }),
		{
			type: 'string',
			param: 'imageUrl',
			displayName: 'Image URL',
			default: '',
			required: true,
			placeholder: 'https://example.com/photo.png',
			description: 'A public jpeg, png, bmp or webp image, at most 10 MB, 360 to 2000 px a side',
			check: (value) => (/^https?:\/\//.test(value) ? undefined : 'must be a public http(s) URL'),
		},
		{
			type: 'options',
			param: 'quality',
			api: 'quality',
			displayName: 'Quality',
			default: '720p',
			options: [
				{ name: '480p', value: '480p' },
				{ name: '720p', value: '720p' },
				{ name: '1080p', value: '1080p' },
			],
		},
		{
			type: 'options',
			param: 'duration',
			api: 'duration',
			displayName: 'Duration (Seconds)',
			default: 5,
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
		},
		callbackUrlField,
	],
	body(values, body) {
		body.image_urls = [values.imageUrl];
	},
});
// ---------------------------------------------------------------------------

interface Registry {
	description: INodeTypeDescription;
	findModel: (id: string) => ModelDefinition | undefined;
	validateModel: typeof import('../../nodes/EvoLink/models').validateModel;
	buildBody: typeof import('../../nodes/EvoLink/models').buildBody;
}

/** A fresh module registry; `extra` is appended to MODELS before the node is loaded (the "one line"). */
function load(extra: ModelDefinition[]): Registry {
	let registry: Registry | undefined;
	jest.isolateModules(() => {
		// jest.requireActual loads from the isolated registry here, like require() would
		const models = jest.requireActual<typeof import('../../nodes/EvoLink/models')>('../../nodes/EvoLink/models');
		models.MODELS.push(...extra);
		const { EvoLink } = jest.requireActual<typeof import('../../nodes/EvoLink/EvoLink.node')>('../../nodes/EvoLink/EvoLink.node');
		registry = {
			description: new EvoLink().description,
			findModel: models.findModel,
			validateModel: models.validateModel,
			buildBody: models.buildBody,
		};
	});
	return registry!;
}

const before = load([]);
const after = load([wan25ImageToVideo]);
const I2V = { resource: 'video', operation: 'generate', model: 'wan2.5-image-to-video' };

function visible(description: INodeTypeDescription, values: INodeParameters): string[] {
	const resolved = NodeHelpers.getNodeParameters(description.properties, values, true, false, { typeVersion: 1 }, description) ?? {};
	return description.properties
		.filter((p) => NodeHelpers.displayParameter(resolved, p, { typeVersion: 1 }, description))
		.map((p) => p.name);
}

describe('adding wan2.5-image-to-video', () => {
	it('appears in the Model menu', () => {
		const model = after.description.properties.find((p) => p.name === 'model')!;
		expect((model.options as INodePropertyOptions[]).map((o) => o.value)).toEqual([
			'wan2.5-text-to-video',
			'kling-v3-text-to-video',
			'wan2.5-image-to-video',
		]);
		expect(after.findModel('wan2.5-image-to-video')).toBe(wan25ImageToVideo);
	});

	it('shows its own fields (image URL, no aspect ratio), via n8n display logic', () => {
		expect(visible(after.description, I2V)).toEqual([
			'resource',
			'operation',
			'model',
			'prompt',
			'imageUrl',
			'quality',
			'duration',
			'promptExtend',
			'callbackUrl',
			'waitForCompletion',
			'waitMode',
			'downloadVideo',
			'waitOptions',
		]);
	});

	it('leaves the panels of the other models exactly as they were', () => {
		for (const values of [
			{ resource: 'video', operation: 'generate', model: 'wan2.5-text-to-video' },
			{ resource: 'video', operation: 'generate', model: 'kling-v3-text-to-video', multiShot: true, shotType: 'customize' },
			{ resource: 'video', operation: 'getTask' },
		])
			expect(visible(after.description, values)).toEqual(visible(before.description, values));
		const keys = after.description.properties.map((p) => `${p.name} ${JSON.stringify(p.displayOptions ?? {})}`);
		expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
	});

	it('validates with the shared machinery', () => {
		const check = (raw: Record<string, unknown>) =>
			after.validateModel(wan25ImageToVideo, raw, { officialApi: true }).issues.map((i) => i.message);
		const ok = { prompt: 'The cat blinks', imageUrl: 'https://example.com/cat.png', quality: '720p', duration: 5, promptExtend: true };
		expect(check(ok)).toEqual([]);
		expect(check({ ...ok, imageUrl: '' })).toEqual(['Image URL is required']);
		expect(check({ ...ok, imageUrl: 'file:///etc/passwd' })).toEqual(['Image URL: must be a public http(s) URL']);
		expect(check({ ...ok, prompt: 'x'.repeat(2001) })).toEqual(['Prompt has 2001 characters; the maximum is 2000']);
		expect(check({ ...ok, duration: 7 })).toEqual(['Duration (Seconds) 7 is not allowed; use 5 or 10']);
		expect(check({ ...ok, callbackUrl: 'http://example.com/x' })).toEqual(['Callback URL: EvoLink only calls back https:// URLs']);
	});

	it('builds the documented body: image_urls with exactly one URL, no aspect_ratio', () => {
		const { values, issues } = after.validateModel(
			wan25ImageToVideo,
			{ prompt: 'The cat blinks', imageUrl: 'https://example.com/cat.png', quality: '1080p', duration: '10', promptExtend: false, callbackUrl: '' },
			{ officialApi: true },
		);
		expect(issues).toEqual([]);
		expect(after.buildBody(wan25ImageToVideo, values)).toStrictEqual({
			model: 'wan2.5-image-to-video',
			prompt: 'The cat blinks',
			image_urls: ['https://example.com/cat.png'],
			quality: '1080p',
			duration: 10,
			prompt_extend: false,
		});
	});
});
