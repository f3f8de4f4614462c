/**
 * Exact request bodies (validateModel → buildBody), compared with the docs' field tables:
 * nothing is sent that the model does not accept, hidden fields are never sent.
 */
import type { INodeParameters } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { EvoLink } from '../../nodes/EvoLink/EvoLink.node';
import type { ModelDefinition } from '../../nodes/EvoLink/models';
import { buildBody, validateModel } from '../../nodes/EvoLink/models';
import type { Values } from '../../nodes/EvoLink/models/fields';
import { matches } from '../../nodes/EvoLink/models/fields';
import { klingV3TextToVideo as kling } from '../../nodes/EvoLink/models/klingV3TextToVideo';
import { wan25TextToVideo as wan } from '../../nodes/EvoLink/models/wan25TextToVideo';
import { KLING, WAN } from './fixtures';

// The docs' field tables (shared/evolink-api.md, seeds/).
const WAN_KEYS = ['model', 'prompt', 'aspect_ratio', 'quality', 'duration', 'prompt_extend', 'callback_url'];
const KLING_KEYS = [
	'model',
	'prompt',
	'negative_prompt',
	'duration',
	'aspect_ratio',
	'quality',
	'sound',
	'model_params',
	'callback_url',
];
const MODEL_PARAMS_KEYS = ['multi_shot', 'shot_type', 'multi_prompt', 'watermark_info'];
const SHOT_KEYS = ['index', 'prompt', 'duration'];

function body(model: ModelDefinition, input: Values, officialApi = true): Record<string, unknown> {
	const { values, issues } = validateModel(model, input, { officialApi });
	expect(issues).toEqual([]);
	return buildBody(model, values);
}

/** Every key of a body is one the docs list for this model, nested ones included. */
function expectOnlyDocumentedKeys(model: ModelDefinition, b: Record<string, unknown>) {
	if (model === wan) {
		expect(WAN_KEYS).toEqual(expect.arrayContaining(Object.keys(b)));
		return;
	}
	expect(KLING_KEYS).toEqual(expect.arrayContaining(Object.keys(b)));
	const params = b.model_params as Record<string, unknown> | undefined;
	if (!params) return;
	expect(MODEL_PARAMS_KEYS).toEqual(expect.arrayContaining(Object.keys(params)));
	if (params.watermark_info) expect(Object.keys(params.watermark_info as object)).toEqual(['enabled']);
	if (params.multi_prompt) {
		expect(params.multi_shot).toBe(true);
		expect(params.shot_type).toBe('customize');
		for (const s of params.multi_prompt as Array<Record<string, unknown>>) {
			expect(Object.keys(s).sort()).toEqual([...SHOT_KEYS].sort());
			expect(typeof s.index).toBe('number');
			expect(typeof s.prompt).toBe('string');
			expect(typeof s.duration).toBe('string'); // a STRING per the docs
		}
	}
	if (params.shot_type !== undefined) expect(params.multi_shot).toBe(true);
}


describe('wan2.5-text-to-video body', () => {
	it('defaults', () => {
		const b = body(wan, WAN);
		expect(b).toStrictEqual({
			model: 'wan2.5-text-to-video',
			prompt: 'A cat playing the piano',
			quality: '720p',
			aspect_ratio: '16:9',
			duration: 5,
			prompt_extend: true,
		});
		expectOnlyDocumentedKeys(wan, b);
	});

	it('full settings', () => {
		const b = body(wan, {
			prompt: 'A lighthouse at dusk',
			quality: '1080p',
			aspectRatio: '3:4',
			duration: '10',
			promptExtend: false,
			callbackUrl: 'https://example.com/webhooks/evolink?token=abc',
		});
		expect(b).toStrictEqual({
			model: 'wan2.5-text-to-video',
			prompt: 'A lighthouse at dusk',
			quality: '1080p',
			aspect_ratio: '3:4',
			duration: 10,
			prompt_extend: false,
			callback_url: 'https://example.com/webhooks/evolink?token=abc',
		});
		expectOnlyDocumentedKeys(wan, b);
	});

	it('480p with a base ratio', () => {
		expect(body(wan, { ...WAN, quality: '480p', aspectRatio: '9:16' })).toMatchObject({
			quality: '480p',
			aspect_ratio: '9:16',
		});
	});

	it('sends nothing of Kling even if such values are around', () => {
		const b = body(wan, {
			...WAN,
			negativePrompt: 'text',
			sound: true,
			multiShot: true,
			shotType: 'customize',
			shots: { shot: [{ prompt: 'a', duration: 5 }] },
			watermark: true,
		});
		expect(b).toStrictEqual(body(wan, WAN));
	});

	it('an http loopback callback goes through to a simulator unchanged', () => {
		expect(body(wan, { ...WAN, callbackUrl: 'http://127.0.0.1:5678/webhook' }, false).callback_url).toBe(
			'http://127.0.0.1:5678/webhook',
		);
	});
});

describe('kling-v3-text-to-video body', () => {
	it('defaults', () => {
		const b = body(kling, KLING);
		expect(b).toStrictEqual({
			model: 'kling-v3-text-to-video',
			prompt: 'A fox in the snow',
			duration: 5,
			aspect_ratio: '16:9',
			quality: '720p',
			sound: 'off',
			model_params: { multi_shot: false, watermark_info: { enabled: false } },
		});
		expectOnlyDocumentedKeys(kling, b);
	});

	it('full settings (single shot)', () => {
		const b = body(kling, {
			prompt: 'A fox in the snow',
			negativePrompt: 'people, text, watermark',
			duration: '12',
			aspectRatio: '9:16',
			quality: '1080p',
			sound: true,
			multiShot: false,
			watermark: true,
			callbackUrl: 'https://example.com/hook',
		});
		expect(b).toStrictEqual({
			model: 'kling-v3-text-to-video',
			prompt: 'A fox in the snow',
			negative_prompt: 'people, text, watermark',
			duration: 12,
			aspect_ratio: '9:16',
			quality: '1080p',
			sound: 'on',
			model_params: { multi_shot: false, watermark_info: { enabled: true } },
			callback_url: 'https://example.com/hook',
		});
		expectOnlyDocumentedKeys(kling, b);
	});

	it('multi-shot automatic: shot_type intelligence, no multi_prompt even if shots are filled in', () => {
		const b = body(kling, {
			...KLING,
			multiShot: true,
			shotType: 'intelligence',
			shots: { shot: [{ prompt: 'hidden', duration: 5 }] },
		});
		expect(b).toStrictEqual({
			model: 'kling-v3-text-to-video',
			prompt: 'A fox in the snow',
			duration: 5,
			aspect_ratio: '16:9',
			quality: '720p',
			sound: 'off',
			model_params: { multi_shot: true, shot_type: 'intelligence', watermark_info: { enabled: false } },
		});
		expectOnlyDocumentedKeys(kling, b);
	});

	it('multi-shot custom: multi_prompt with 1-based index and string durations; empty prompt not sent', () => {
		const b = body(kling, {
			...KLING,
			prompt: '',
			duration: 10,
			multiShot: true,
			shotType: 'customize',
			watermark: true,
			shots: {
				shot: [
					{ prompt: 'Wide shot of a snowy forest', duration: 5 },
					{ prompt: 'A fox looks up', duration: '3' },
					{ prompt: 'The fox runs away', duration: 2 },
				],
			},
		});
		expect(b).toStrictEqual({
			model: 'kling-v3-text-to-video',
			duration: 10,
			aspect_ratio: '16:9',
			quality: '720p',
			sound: 'off',
			model_params: {
				multi_shot: true,
				shot_type: 'customize',
				multi_prompt: [
					{ index: 1, prompt: 'Wide shot of a snowy forest', duration: '5' },
					{ index: 2, prompt: 'A fox looks up', duration: '3' },
					{ index: 3, prompt: 'The fox runs away', duration: '2' },
				],
				watermark_info: { enabled: true },
			},
		});
		expectOnlyDocumentedKeys(kling, b);
	});

	it('multi-shot custom with an overall prompt sends it too', () => {
		const b = body(kling, {
			...KLING,
			multiShot: true,
			shotType: 'customize',
			shots: { shot: [{ prompt: 'one', duration: 5 }] },
		});
		expect(b.prompt).toBe('A fox in the snow');
		expect((b.model_params as Values).multi_prompt).toEqual([{ index: 1, prompt: 'one', duration: '5' }]);
	});

	it('multi-shot off: shot type and shots are not sent even if set', () => {
		const b = body(kling, {
			...KLING,
			multiShot: false,
			shotType: 'customize',
			shots: { shot: [{ prompt: 'hidden', duration: 5 }] },
		});
		expect(b.model_params).toStrictEqual({ multi_shot: false, watermark_info: { enabled: false } });
	});

	it('empty negative prompt and callback URL are not sent', () => {
		const b = body(kling, { ...KLING, negativePrompt: '', callbackUrl: '' });
		expect(b).not.toHaveProperty('negative_prompt');
		expect(b).not.toHaveProperty('callback_url');
	});

	it('sends nothing of wan even if such values are around', () => {
		expect(body(kling, { ...KLING, promptExtend: false })).toStrictEqual(body(kling, KLING));
	});
});

/** From the panel to the body: what n8n keeps for the shown parameters, read like the node reads them. */
describe('panel → body', () => {
	const description = new EvoLink().description;
	function fromPanel(model: ModelDefinition, values: INodeParameters) {
		const resolved = NodeHelpers.getNodeParameters(
			description.properties,
			{ resource: 'video', operation: 'generate', model: model.id, ...values },
			true,
			false,
			{ typeVersion: 1 },
			description,
		) as Values;
		const read: Values = {};
		for (const field of model.fields) {
			if (!matches(field.showWhen, read)) continue;
			read[field.param] = resolved[field.param] ?? field.default;
		}
		return body(model, read);
	}

	it('wan with panel defaults and a prompt', () => {
		expect(fromPanel(wan, { prompt: 'Hello' })).toStrictEqual({
			model: 'wan2.5-text-to-video',
			prompt: 'Hello',
			quality: '720p',
			aspect_ratio: '16:9',
			duration: 5,
			prompt_extend: true,
		});
	});

	it('kling with panel defaults and a prompt', () => {
		expect(fromPanel(kling, { prompt: 'Hello' })).toStrictEqual({
			model: 'kling-v3-text-to-video',
			prompt: 'Hello',
			duration: 5,
			aspect_ratio: '16:9',
			quality: '720p',
			sound: 'off',
			model_params: { multi_shot: false, watermark_info: { enabled: false } },
		});
	});

	it('kling custom shots from a fixedCollection value', () => {
		const b = fromPanel(kling, {
			multiShot: true,
			shotType: 'customize',
			duration: 6,
			shots: { shot: [{ prompt: 'a', duration: 4 }, { prompt: 'b', duration: 2 }] },
		});
		expect((b.model_params as Values).multi_prompt).toEqual([
			{ index: 1, prompt: 'a', duration: '4' },
			{ index: 2, prompt: 'b', duration: '2' },
		]);
		expect(b).not.toHaveProperty('prompt');
	});

	it('leftover Kling values after switching to wan are not sent', () => {
		expect(
			fromPanel(wan, { prompt: 'Hello', negativePrompt: 'x', sound: true, multiShot: true, watermark: true }),
		).toStrictEqual(fromPanel(wan, { prompt: 'Hello' }));
	});
});
