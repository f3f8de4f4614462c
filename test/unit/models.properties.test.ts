/**
 * The node panel, evaluated with n8n's own display logic (NodeHelpers from n8n-workflow),
 * held to the documented fields of each model (shared/evolink-api.md, seeds/).
 */
import type { INodeParameters, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { EvoLink } from '../../nodes/EvoLink/EvoLink.node';
import { MODELS } from '../../nodes/EvoLink/models';

const description = new EvoLink().description;
const properties = description.properties;
const NODE = { typeVersion: 1 };

/** What n8n keeps for these values: the displayed parameters, with defaults filled in. */
function resolve(values: INodeParameters): INodeParameters {
	return NodeHelpers.getNodeParameters(properties, values, true, false, NODE, description) ?? {};
}

/** The properties n8n displays for these values (each one decided by NodeHelpers.displayParameter). */
function shown(values: INodeParameters): INodeProperties[] {
	const resolved = resolve(values);
	return properties.filter((p) => NodeHelpers.displayParameter(resolved, p, NODE, description));
}

function names(values: INodeParameters): string[] {
	return shown(values).map((p) => p.name);
}

function prop(values: INodeParameters, name: string): INodeProperties {
	const found = shown(values).filter((p) => p.name === name);
	expect(found).toHaveLength(1);
	return found[0];
}

function optionValues(p: INodeProperties): Array<string | number | boolean> {
	return (p.options as INodePropertyOptions[]).map((o) => o.value);
}

const GEN = { resource: 'video', operation: 'generate' };
const WAN = { ...GEN, model: 'wan2.5-text-to-video' };
const KLING = { ...GEN, model: 'kling-v3-text-to-video' };
const WAIT_FIELDS = ['waitForCompletion', 'waitMode', 'downloadVideo', 'waitOptions'];

describe('node description', () => {
	it('offers both seed models in the Model menu, wan first (the default)', () => {
		const model = prop(GEN, 'model');
		expect(optionValues(model)).toEqual(['wan2.5-text-to-video', 'kling-v3-text-to-video']);
		expect(model.default).toBe('wan2.5-text-to-video');
		expect(MODELS.map((m) => m.id)).toEqual(optionValues(model));
	});

	it('offers Generate Video and Get Task', () => {
		expect(optionValues(prop({ resource: 'video' }, 'operation'))).toEqual(['generate', 'getTask']);
	});

	it('has no duplicate (name, displayOptions) pairs', () => {
		const keys = properties.map((p) => `${p.name} ${JSON.stringify(p.displayOptions ?? {})}`);
		const duplicates = keys.filter((k, i) => keys.indexOf(k) !== i);
		expect(duplicates).toEqual([]);
	});

	// Every combination of the values the panel depends on: never two visible properties with one name.
	const combos: INodeParameters[] = [];
	for (const model of ['wan2.5-text-to-video', 'kling-v3-text-to-video'])
		for (const quality of ['480p', '720p', '1080p'])
			for (const multiShot of [false, true])
				for (const shotType of ['intelligence', 'customize'])
					for (const waitForCompletion of [false, true])
						for (const downloadVideo of [false, true])
							combos.push({ ...GEN, model, quality, multiShot, shotType, waitForCompletion, downloadVideo });
	it.each(combos.map((c) => [JSON.stringify(c), c]))('never shows one name twice: %s', (_label, values) => {
		const visible = names(values as INodeParameters);
		expect(visible.filter((n, i) => visible.indexOf(n) !== i)).toEqual([]);
	});

	// n8n shows every property whose condition depends on an expression (displayParameter returns
	// true for "=…" values): with Quality set by an expression (or $fromAI), both wan Aspect Ratio
	// variants are shown at once — two "Aspect Ratio" dropdowns for one parameter. See report.
	// n8n shows every variant when the condition is an expression (displayParameter cannot
	// resolve it); both dropdowns edit the same value and the run-time check decides. Known, cosmetic.
	it('wan with Quality as an expression shows both Aspect Ratio variants', () => {
		const visible = names({ ...WAN, quality: '={{ $json.quality }}' });
		expect(visible.filter((n) => n === 'aspectRatio')).toHaveLength(2);
	});

	it.each([
		['wan defaults', WAN],
		['wan 480p', { ...WAN, quality: '480p' }],
		['kling defaults', KLING],
		['kling custom shots', { ...KLING, multiShot: true, shotType: 'customize' }],
		['get task', { resource: 'video', operation: 'getTask', waitForCompletion: true, downloadVideo: true }],
	])('getNodeParameters with defaults keeps exactly the shown fields (%s)', (_label, values) => {
		const resolved = resolve(values as INodeParameters);
		expect(Object.keys(resolved).sort()).toEqual([...new Set(names(values as INodeParameters))].sort());
	});
});

describe('wan2.5-text-to-video panel', () => {
	it('shows exactly the documented fields, in order', () => {
		expect(names(WAN)).toEqual([
			'resource',
			'operation',
			'model',
			'prompt',
			'quality',
			'aspectRatio',
			'duration',
			'promptExtend',
			'callbackUrl',
			...WAIT_FIELDS,
		]);
	});

	it('never shows Kling-only fields (sound, negative prompt, multi-shot, watermark)', () => {
		for (const quality of ['480p', '720p', '1080p']) {
			const visible = names({ ...WAN, quality, multiShot: true, shotType: 'customize' });
			for (const kling of ['sound', 'negativePrompt', 'multiShot', 'shotType', 'shots', 'watermark'])
				expect(visible).not.toContain(kling);
		}
	});

	it('prompt is a required string, empty by default', () => {
		const p = prop(WAN, 'prompt');
		expect(p).toMatchObject({ type: 'string', default: '', required: true, displayName: 'Prompt' });
	});

	it('quality: 480p, 720p, 1080p, default 720p', () => {
		const p = prop(WAN, 'quality');
		expect(optionValues(p)).toEqual(['480p', '720p', '1080p']);
		expect(p.default).toBe('720p');
		expect(resolve(WAN).quality).toBe('720p');
	});

	it('aspect ratio: 16:9, 9:16, 1:1 at 480p (no 4:3 / 3:4), default 16:9', () => {
		const p = prop({ ...WAN, quality: '480p' }, 'aspectRatio');
		expect(optionValues(p)).toEqual(['16:9', '9:16', '1:1']);
		expect(optionValues(p)).not.toContain('4:3');
		expect(p.default).toBe('16:9');
	});

	it.each(['720p', '1080p'])('aspect ratio: additionally 4:3 and 3:4 at %s, default 16:9', (quality) => {
		const p = prop({ ...WAN, quality }, 'aspectRatio');
		expect(optionValues(p)).toEqual(['16:9', '9:16', '1:1', '4:3', '3:4']);
		expect(p.default).toBe('16:9');
	});

	it('aspect ratio with default quality (720p) offers 4:3 and 3:4', () => {
		expect(optionValues(prop(WAN, 'aspectRatio'))).toEqual(['16:9', '9:16', '1:1', '4:3', '3:4']);
	});

	it('duration: options 5 and 10 (numbers), default 5', () => {
		const p = prop(WAN, 'duration');
		expect(p.type).toBe('options');
		expect(optionValues(p)).toEqual([5, 10]);
		expect(p.default).toBe(5);
	});

	it('prompt extend: boolean, default true', () => {
		expect(prop(WAN, 'promptExtend')).toMatchObject({ type: 'boolean', default: true });
		expect(resolve(WAN).promptExtend).toBe(true);
	});

	it('callback URL: optional string, empty by default', () => {
		const p = prop(WAN, 'callbackUrl');
		expect(p).toMatchObject({ type: 'string', default: '' });
		expect(p.required).toBeFalsy();
	});

	it('defaults as n8n resolves them', () => {
		expect(resolve(WAN)).toEqual({
			...WAN,
			prompt: '',
			quality: '720p',
			aspectRatio: '16:9',
			duration: 5,
			promptExtend: true,
			callbackUrl: '',
			waitForCompletion: true,
			waitMode: 'poll',
			downloadVideo: false,
			waitOptions: {},
		});
	});

	it('drops Kling values left over after switching model to wan', () => {
		const resolved = resolve({ ...WAN, negativePrompt: 'text', sound: true, multiShot: true, watermark: true });
		for (const kling of ['negativePrompt', 'sound', 'multiShot', 'watermark']) expect(resolved).not.toHaveProperty(kling);
	});
});

describe('kling-v3-text-to-video panel', () => {
	it('shows exactly the documented fields, in order (multi-shot off)', () => {
		expect(names(KLING)).toEqual([
			'resource',
			'operation',
			'model',
			'prompt',
			'negativePrompt',
			'duration',
			'aspectRatio',
			'quality',
			'sound',
			'multiShot',
			'watermark',
			'callbackUrl',
			...WAIT_FIELDS,
		]);
	});

	it('multi-shot → shot type (automatic): no shots list', () => {
		const visible = names({ ...KLING, multiShot: true });
		expect(visible).toContain('shotType');
		expect(visible).not.toContain('shots');
		const p = prop({ ...KLING, multiShot: true }, 'shotType');
		expect(optionValues(p)).toEqual(['intelligence', 'customize']);
		expect(p.default).toBe('intelligence');
	});

	it('multi-shot → shot type custom → shots', () => {
		const visible = names({ ...KLING, multiShot: true, shotType: 'customize' });
		expect(visible.slice(visible.indexOf('multiShot'), visible.indexOf('watermark') + 1)).toEqual([
			'multiShot',
			'shotType',
			'shots',
			'watermark',
		]);
		const shots = prop({ ...KLING, multiShot: true, shotType: 'customize' }, 'shots');
		expect(shots.type).toBe('fixedCollection');
		expect(shots.typeOptions).toMatchObject({ multipleValues: true });
		const item = (shots.options as Array<{ name: string; values: INodeProperties[] }>)[0];
		expect(item.name).toBe('shot');
		expect(item.values.map((v) => [v.name, v.type, v.default])).toEqual([
			['prompt', 'string', ''],
			['duration', 'number', 5],
		]);
	});

	it('shot type and shots are hidden while multi-shot is off, even if set', () => {
		const visible = names({ ...KLING, multiShot: false, shotType: 'customize' });
		expect(visible).not.toContain('shotType');
		expect(visible).not.toContain('shots');
	});

	it('duration: whole number 3 to 15, default 5', () => {
		const p = prop(KLING, 'duration');
		expect(p.type).toBe('number');
		expect(p.default).toBe(5);
		expect(p.typeOptions).toMatchObject({ minValue: 3, maxValue: 15, numberPrecision: 0 });
	});

	it('aspect ratio: 16:9, 9:16, 1:1 (no 4:3/3:4), default 16:9', () => {
		const p = prop(KLING, 'aspectRatio');
		expect(optionValues(p)).toEqual(['16:9', '9:16', '1:1']);
		expect(p.default).toBe('16:9');
	});

	it('aspect ratio does not change with quality', () => {
		for (const quality of ['720p', '1080p'])
			expect(optionValues(prop({ ...KLING, quality }, 'aspectRatio'))).toEqual(['16:9', '9:16', '1:1']);
	});

	it('quality: 720p and 1080p (no 480p, no 4k), default 720p', () => {
		const p = prop(KLING, 'quality');
		expect(optionValues(p)).toEqual(['720p', '1080p']);
		expect(p.default).toBe('720p');
	});

	it('sound: boolean, off by default', () => {
		expect(prop(KLING, 'sound')).toMatchObject({ type: 'boolean', default: false });
	});

	it('negative prompt, watermark (off), callback URL', () => {
		expect(prop(KLING, 'negativePrompt')).toMatchObject({ type: 'string', default: '' });
		expect(prop(KLING, 'watermark')).toMatchObject({ type: 'boolean', default: false });
		expect(prop(KLING, 'callbackUrl')).toMatchObject({ type: 'string', default: '' });
	});

	it('prompt is not marked required (it may be empty with custom shots)', () => {
		expect(prop(KLING, 'prompt').required).toBeFalsy();
	});

	it('defaults as n8n resolves them', () => {
		expect(resolve(KLING)).toEqual({
			...KLING,
			prompt: '',
			negativePrompt: '',
			duration: 5,
			aspectRatio: '16:9',
			quality: '720p',
			sound: false,
			multiShot: false,
			watermark: false,
			callbackUrl: '',
			waitForCompletion: true,
			waitMode: 'poll',
			downloadVideo: false,
			waitOptions: {},
		});
	});

	it('drops wan values left over after switching model to kling', () => {
		expect(resolve({ ...KLING, promptExtend: false })).not.toHaveProperty('promptExtend');
	});
});

describe('Get Task panel', () => {
	const GET = { resource: 'video', operation: 'getTask' };

	it('shows the task ID and the wait settings, no model fields', () => {
		expect(names(GET)).toEqual(['resource', 'operation', 'taskId', 'waitForCompletion']);
		expect(names({ ...GET, waitForCompletion: true })).toEqual([
			'resource',
			'operation',
			'taskId',
			// Get Task has no callback mode: nothing is submitted.
			...WAIT_FIELDS.filter((f) => f !== 'waitMode'),
		]);
	});

	it('ignores a model (and its fields) left in the parameters', () => {
		const visible = names({ ...GET, model: 'kling-v3-text-to-video', multiShot: true, shotType: 'customize' });
		for (const name of ['model', 'prompt', 'quality', 'aspectRatio', 'duration', 'sound', 'shots', 'callbackUrl'])
			expect(visible).not.toContain(name);
	});

	it('task ID is required; waiting is off by default', () => {
		expect(prop(GET, 'taskId')).toMatchObject({ type: 'string', required: true, default: '' });
		expect(prop(GET, 'waitForCompletion').default).toBe(false);
	});

	it('download adds the binary field name', () => {
		expect(names({ ...GET, waitForCompletion: true, downloadVideo: true })).toContain('binaryPropertyName');
	});
});
