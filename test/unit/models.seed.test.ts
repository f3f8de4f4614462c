/**
 * The two seed models (shared/seeds/, evolink-api.md): their panel through n8n's own display
 * logic, every validation message, and the exact request bodies. The seeds are the contract.
 */
import type { INode, INodeParameters, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { EvoLink } from '../../nodes/EvoLink/EvoLink.node';
import { buildBody, findModel, validateModel } from '../../nodes/EvoLink/models';
import type { Values } from '../../nodes/EvoLink/models/fields';
import { readModelValues } from '../../nodes/EvoLink/models/read';

const description = new EvoLink().description;
const NODE = { typeVersion: 1 };
const wan = findModel('wan2.5-text-to-video')!;
const kling = findModel('kling-v3-text-to-video')!;
const CTX = { allowLocalCallbacks: false };

function shown(values: INodeParameters, tool = false): INodeProperties[] {
	const type = tool ? { ...description, name: `${description.name}Tool` } : description;
	const resolved = NodeHelpers.getNodeParameters(description.properties, values, true, false, NODE, type) ?? {};
	// Properties of type "hidden" are never drawn (0.1's top-level settings are kept that way).
	return description.properties.filter((p) => p.type !== 'hidden' && NodeHelpers.displayParameter(resolved, p, NODE, type));
}
const names = (values: INodeParameters, tool = false) => shown(values, tool).map((p) => p.name);
const prop = (values: INodeParameters, name: string) => {
	const found = shown(values).filter((p) => p.name === name);
	expect(found).toHaveLength(1);
	return found[0];
};
const optionValues = (p: INodeProperties) => (p.options as INodePropertyOptions[]).map((o) => o.value);
const optionNames = (p: INodeProperties) => (p.options as INodeProperties[]).map((o) => o.name).sort();

const GEN = { resource: 'video', operation: 'generate' };
const WAN = { ...GEN, model: 'wan2.5-text-to-video' };
const KLING = { ...GEN, model: 'kling-v3-text-to-video' };
const WAIT = ['waitForCompletion', 'waitMode', 'downloadVideo', 'waitOptions'];

function body(model = wan, input: Values): Record<string, unknown> {
	const { values, issues } = validateModel(model, input, CTX);
	expect(issues).toEqual([]);
	return buildBody(model, values);
}
const issues = (model = wan, input: Values) => validateModel(model, input, CTX).issues.map((i) => i.message);

describe('panel (n8n display logic)', () => {
	it('Wan 2.5 shows its main settings, then Options; nothing of other models', () => {
		expect(names(WAN)).toEqual(['resource', 'operation', 'model', 'prompt', 'quality', 'aspectRatio', 'duration', 'options', ...WAIT]);
		expect(optionNames(prop(WAN, 'options'))).toEqual(['callbackUrl', 'promptExtend']);
	});

	it('Kling v3 shows its main settings (multi-shot fields only when on), then Options', () => {
		expect(names(KLING)).toEqual(['resource', 'operation', 'model', 'prompt', 'duration', 'aspectRatio', 'quality', 'sound', 'multiShot', 'options', ...WAIT]);
		expect(names({ ...KLING, multiShot: true })).toContain('shotType');
		expect(names({ ...KLING, multiShot: true, shotType: 'customize' })).toContain('shots');
		expect(optionNames(prop(KLING, 'options'))).toEqual(['callbackUrl', 'negativePrompt', 'watermark']);
	});

	it('Wan aspect ratios follow the quality: 4:3 and 3:4 only at 720p/1080p', () => {
		expect(optionValues(prop({ ...WAN, quality: '480p' }, 'aspectRatio'))).toEqual(['16:9', '9:16', '1:1']);
		expect(optionValues(prop({ ...WAN, quality: '1080p' }, 'aspectRatio'))).toEqual(['16:9', '9:16', '1:1', '4:3', '3:4']);
	});

	it('settings the docs give no default start at "Model Default" (nothing sent)', () => {
		expect(prop(WAN, 'duration').default).toBe('');
		expect(optionValues(prop(WAN, 'duration'))).toEqual(['', 5, 10]);
		expect(prop(KLING, 'aspectRatio').default).toBe('');
		expect(optionValues(prop(KLING, 'quality'))).toEqual(['720p', '1080p']); // the seed: no 4k
	});

	it('Callback URL is hidden in On Callback mode; Download Video and Wait Mode as a tool', () => {
		const callbackUrl = (prop(WAN, 'options').options as INodeProperties[]).find((o) => o.name === 'callbackUrl')!;
		expect(callbackUrl.displayOptions).toEqual({ hide: { '/waitMode': ['callback'], '@tool': [true] } });
		expect(names(WAN, true)).not.toContain('downloadVideo');
		expect(names(WAN, true)).not.toContain('waitMode');
		expect(names(WAN, true)).toContain('waitOptions');
	});

	it('never two visible properties of one name, for every model and wait setting', () => {
		for (const model of description.properties.find((p) => p.name === 'model')!.options as INodePropertyOptions[])
			for (const waitForCompletion of [true, false]) {
				const visible = names({ ...GEN, model: model.value as string, waitForCompletion, multiShot: true, shotType: 'customize' });
				expect(visible.filter((n, i) => visible.indexOf(n) !== i)).toEqual([]);
			}
	});
});

describe('wan2.5-text-to-video: validation', () => {
	it.each<[Values, string]>([
		[{ prompt: '' }, 'Prompt is required'],
		[{ prompt: '   \n ' }, 'Prompt is required'],
		[{ prompt: 'x'.repeat(2001) }, 'Prompt has 2001 characters; the maximum is 2000'],
		[{ prompt: 'p', quality: '480p', aspectRatio: '4:3' }, 'Aspect Ratio "4:3" is not available at 480p; use 16:9, 9:16 or 1:1'],
		[{ prompt: 'p', quality: '4k' }, 'Quality "4k" is not allowed; use 480p, 720p or 1080p'],
		[{ prompt: 'p', duration: 7 }, 'Duration (Seconds) 7 is not allowed; use 5 or 10'],
		[{ prompt: 'p', duration: null }, 'Duration (Seconds) is null; give a value or leave it out'],
		[{ prompt: 'p', promptExtend: 'maybe' }, 'Prompt Extend must be true or false, not "maybe"'],
	])('%# → %s', (input, message) => {
		expect(issues(wan, input)).toEqual([message]);
	});

	it('accepts what expressions and AI tools hand over: "10", "false", surrounding spaces', () => {
		expect(body(wan, { prompt: '  A cat  ', duration: '10', promptExtend: 'false' })).toStrictEqual({
			model: 'wan2.5-text-to-video',
			prompt: 'A cat',
			duration: 10,
			prompt_extend: false,
		});
	});
});

describe('wan2.5-text-to-video: bodies', () => {
	it('an untouched panel sends the prompt and the documented defaults only', () => {
		expect(body(wan, { prompt: 'A cat playing the piano', quality: '720p', aspectRatio: '16:9', duration: '' })).toStrictEqual({
			model: 'wan2.5-text-to-video',
			prompt: 'A cat playing the piano',
			quality: '720p',
			aspect_ratio: '16:9',
		});
	});

	it('everything set', () => {
		expect(
			body(wan, { prompt: 'A lighthouse', quality: '1080p', aspectRatio: '3:4', duration: 10, promptExtend: false, callbackUrl: 'https://example.com/hook' }),
		).toStrictEqual({
			model: 'wan2.5-text-to-video',
			prompt: 'A lighthouse',
			quality: '1080p',
			aspect_ratio: '3:4',
			duration: 10,
			prompt_extend: false,
			callback_url: 'https://example.com/hook',
		});
	});
});

describe('kling-v3-text-to-video: validation', () => {
	it.each<[Values, string]>([
		[{ prompt: '' }, 'Prompt is required unless Multi-Shot uses Custom Shots'],
		[{ prompt: '  \n ' }, 'Prompt is required unless Multi-Shot uses Custom Shots'],
		[{ prompt: 'p', duration: 20 }, 'Duration (Seconds) is 20; it must be a whole number from 3 to 15'],
		[{ prompt: 'p', duration: 4.5 }, 'Duration (Seconds) is 4.5; it must be a whole number from 3 to 15'],
		[{ prompt: 'p', quality: '4k' }, 'Quality "4k" is not allowed; use 720p or 1080p'],
		[{ prompt: 'p', aspectRatio: '4:3' }, 'Aspect Ratio "4:3" is not allowed; use 16:9, 9:16 or 1:1'],
		[{ prompt: 'x'.repeat(2501) }, 'Prompt has 2501 characters; the maximum is 2500'],
		[{ multiShot: true, shotType: 'customize', duration: 5, shots: { shot: [] } }, 'Shots: 0 given, at least 1 needed'],
		[
			{ multiShot: true, shotType: 'customize', duration: 10, shots: { shot: [{ prompt: 'a', duration: 3 }, { prompt: 'b', duration: 3 }] } },
			'Shots: the shot durations add up to 6 s but Duration is 10 s; they must be equal',
		],
		[{ multiShot: true, shotType: 'customize', duration: 5, shots: { shot: [{ prompt: '', duration: 5 }] } }, 'Shot 1: Prompt is required'],
		[{ prompt: 'p', callbackUrl: 'http://example.com/hook' }, 'Callback URL: EvoLink only calls back https:// URLs'],
		[{ prompt: 'p', callbackUrl: 'https://127.0.0.1/hook' }, 'Callback URL: EvoLink does not call internal addresses such as 127.0.0.1'],
		[{ prompt: 'p', callbackUrl: `https://example.com/${'a'.repeat(2100)}` }, 'Callback URL: EvoLink allows at most 2048 characters (this one has 2120)'],
	])('%# → %s', (input, message) => {
		expect(issues(kling, input)).toEqual([message]);
	});

	it('the callback URL rules apply whatever the API host; only "Allow Local Callback URLs" lifts them', () => {
		const { issues: allowed } = validateModel(kling, { prompt: 'p', callbackUrl: 'http://127.0.0.1:9/hook' }, { allowLocalCallbacks: true });
		expect(allowed).toEqual([]);
	});
});

describe('kling-v3-text-to-video: bodies', () => {
	it('an untouched panel sends no setting the user did not choose (no sound:off, no model_params, no aspect ratio)', () => {
		expect(body(kling, { prompt: 'A fox', duration: 5, aspectRatio: '', quality: '720p', sound: false, multiShot: false })).toStrictEqual({
			model: 'kling-v3-text-to-video',
			prompt: 'A fox',
			duration: 5,
			quality: '720p',
		});
	});

	it('sound on, watermark, negative prompt, aspect ratio', () => {
		expect(body(kling, { prompt: 'A fox', sound: true, watermark: true, negativePrompt: 'text', aspectRatio: '9:16', quality: '1080p' })).toStrictEqual({
			model: 'kling-v3-text-to-video',
			prompt: 'A fox',
			aspect_ratio: '9:16',
			quality: '1080p',
			sound: 'on',
			negative_prompt: 'text',
			model_params: { watermark_info: { enabled: true } },
		});
	});

	it('Custom Shots: multi_prompt with 1-based indexes and durations as strings; no prompt needed', () => {
		const b = body(kling, { multiShot: true, shotType: 'customize', duration: 8, shots: { shot: [{ prompt: 'a', duration: 3 }, { prompt: 'b', duration: 5 }] } });
		expect(b).toStrictEqual({
			model: 'kling-v3-text-to-video',
			duration: 8,
			model_params: {
				multi_shot: true,
				shot_type: 'customize',
				multi_prompt: [
					{ index: 1, prompt: 'a', duration: '3' },
					{ index: 2, prompt: 'b', duration: '5' },
				],
			},
		});
	});

	it('Automatic multi-shot sends shot_type intelligence and keeps the prompt', () => {
		expect(body(kling, { prompt: 'A story', multiShot: 'true', shotType: 'intelligence' })).toStrictEqual({
			model: 'kling-v3-text-to-video',
			prompt: 'A story',
			model_params: { multi_shot: true, shot_type: 'intelligence' },
		});
	});
});

describe('reading parameters', () => {
	const node = (parameters: INodeParameters): INode => ({ id: 'n', name: 'EvoLink', type: 'n8n-nodes-evolink.evoLink', typeVersion: 1, position: [0, 0], parameters });
	const reader = (parameters: INodeParameters) => (name: string, _i: number, fallback: unknown) => (name in parameters ? parameters[name] : fallback);

	it('optional settings come from the Options collection', () => {
		const parameters = { prompt: 'p', options: { negativePrompt: 'text', watermark: true } };
		const values = readModelValues(reader(parameters), node(parameters), kling.fields, 0);
		expect(values).toMatchObject({ prompt: 'p', negativePrompt: 'text', watermark: true });
	});

	it('workflows saved by 0.1 kept Negative Prompt, Watermark and Callback URL at the top level: still read', () => {
		const parameters = { prompt: 'p', negativePrompt: 'people', watermark: true, callbackUrl: 'https://example.com/h' };
		const values = readModelValues(reader(parameters), node(parameters), kling.fields, 0);
		expect(body(kling, values)).toMatchObject({ negative_prompt: 'people', callback_url: 'https://example.com/h', model_params: { watermark_info: { enabled: true } } });
	});
});
