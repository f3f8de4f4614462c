/**
 * Create bodies through n8n's engine, as the seeds define them: an untouched panel sends the
 * prompt and the documented defaults only (never a value the docs do not give); optional
 * settings come from the model's Options collection, or from the top level in workflows saved
 * by version 0.1; a prompt of only whitespace is refused before anything is sent.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { requestBody } from '../support/simulator';
import { runWorkflow } from './runWorkflow';
import { useSimulator } from './setup';

jest.setTimeout(30_000);

const s = useSimulator({ taskSeconds: 60 });

const WAN = 'wan2.5-text-to-video';
const KLING = 'kling-v3-text-to-video';
const HOOK = 'https://example.com/hooks/evolink?token=abc123';

async function run(parameters: INodeParameters, items?: IDataObject[], continueOnFail?: boolean) {
	return await runWorkflow({
		parameters: { operation: 'generate', waitForCompletion: false, ...parameters },
		items,
		continueOnFail,
		credentials: s.credentials,
	});
}

/** The body of each create, in the order of the items' prompts (creates run side by side). */
async function bodies(parameters: INodeParameters, items?: IDataObject[]): Promise<IDataObject[]> {
	const result = await run(parameters, items);
	expect(result.error).toBeUndefined();
	const creates = s.creates();
	expect(creates.map((c) => c.status)).toEqual(creates.map(() => 200));
	const prompts = result.items.map((i) => String(s.sim.task(String(i.json.id))?.internal.request.prompt));
	return prompts.map((p) => requestBody(creates.find((c) => requestBody(c).prompt === p)!));
}

describe('an untouched panel sends the prompt and the documented defaults only', () => {
	test('wan2.5: quality 720p and aspect_ratio 16:9; no duration (no documented default), no prompt_extend', async () => {
		expect(await bodies({ model: WAN, prompt: 'A cat playing the piano' })).toStrictEqual([
			{ model: WAN, prompt: 'A cat playing the piano', quality: '720p', aspect_ratio: '16:9' },
		]);
	});

	test('kling-v3: duration 5 and quality 720p; no sound "off", no model_params, no aspect_ratio, no watermark', async () => {
		expect(await bodies({ model: KLING, prompt: 'A fox in the snow' })).toStrictEqual([
			{ model: KLING, prompt: 'A fox in the snow', duration: 5, quality: '720p' },
		]);
	});

	test('kling-v3: Sound and Multi-Shot written out at their defaults (off) are not sent either', async () => {
		expect(await bodies({ model: KLING, prompt: 'A fox in the snow', sound: false, multiShot: false })).toStrictEqual([
			{ model: KLING, prompt: 'A fox in the snow', duration: 5, quality: '720p' },
		]);
	});

	test('the Model Default choice sends nothing: wan duration "" and kling aspect ratio ""', async () => {
		expect(await bodies({ model: WAN, prompt: 'p', duration: '' })).toStrictEqual([{ model: WAN, prompt: 'p', quality: '720p', aspect_ratio: '16:9' }]);
		s.sim.reset();
		expect(await bodies({ model: KLING, prompt: 'p', aspectRatio: '' })).toStrictEqual([{ model: KLING, prompt: 'p', duration: 5, quality: '720p' }]);
	});
});

describe('optional settings come from the Options collection', () => {
	test('wan2.5: Prompt Extend off and a Callback URL', async () => {
		expect(await bodies({ model: WAN, prompt: 'A lighthouse', options: { promptExtend: false, callbackUrl: HOOK } })).toStrictEqual([
			{ model: WAN, prompt: 'A lighthouse', quality: '720p', aspect_ratio: '16:9', prompt_extend: false, callback_url: HOOK },
		]);
	});

	test('wan2.5: Prompt Extend added but left on is the documented default: not sent', async () => {
		expect(await bodies({ model: WAN, prompt: 'A lighthouse', options: { promptExtend: true } })).toStrictEqual([
			{ model: WAN, prompt: 'A lighthouse', quality: '720p', aspect_ratio: '16:9' },
		]);
	});

	test('kling-v3: Negative Prompt, Watermark (added, so sent even when off) and a Callback URL', async () => {
		expect(
			await bodies({ model: KLING, prompt: 'A dancer', options: { negativePrompt: 'people, text', watermark: false, callbackUrl: HOOK } }),
		).toStrictEqual([
			{
				model: KLING,
				prompt: 'A dancer',
				negative_prompt: 'people, text',
				duration: 5,
				quality: '720p',
				model_params: { watermark_info: { enabled: false } },
				callback_url: HOOK,
			},
		]);
	});

	test('options from expressions are read per item', async () => {
		const result = await bodies(
			{ model: KLING, prompt: '={{ $json.p }}', options: { negativePrompt: '={{ $json.avoid }}', watermark: '={{ $json.mark }}' } },
			[
				{ p: 'first', avoid: 'rain', mark: true },
				{ p: 'second', avoid: 'snow', mark: 'false' },
			],
		);
		expect(result).toStrictEqual([
			{ model: KLING, prompt: 'first', negative_prompt: 'rain', duration: 5, quality: '720p', model_params: { watermark_info: { enabled: true } } },
			{ model: KLING, prompt: 'second', negative_prompt: 'snow', duration: 5, quality: '720p', model_params: { watermark_info: { enabled: false } } },
		]);
	});
});

describe('workflows saved by version 0.1 (those settings at the top level) still work', () => {
	test('wan2.5: promptExtend and callbackUrl at the top level', async () => {
		expect(await bodies({ model: WAN, prompt: 'A lighthouse', promptExtend: false, callbackUrl: HOOK })).toStrictEqual([
			{ model: WAN, prompt: 'A lighthouse', quality: '720p', aspect_ratio: '16:9', prompt_extend: false, callback_url: HOOK },
		]);
	});

	test('kling-v3: negativePrompt, watermark and callbackUrl at the top level', async () => {
		expect(await bodies({ model: KLING, prompt: 'A dancer', negativePrompt: 'text', watermark: true, callbackUrl: HOOK })).toStrictEqual([
			{
				model: KLING,
				prompt: 'A dancer',
				negative_prompt: 'text',
				duration: 5,
				quality: '720p',
				model_params: { watermark_info: { enabled: true } },
				callback_url: HOOK,
			},
		]);
	});

	test('a value in the Options collection wins over an old top-level one', async () => {
		expect(await bodies({ model: KLING, prompt: 'A dancer', negativePrompt: 'old', options: { negativePrompt: 'new' } })).toStrictEqual([
			{ model: KLING, prompt: 'A dancer', negative_prompt: 'new', duration: 5, quality: '720p' },
		]);
	});
});

describe('a prompt of only whitespace is refused before any request', () => {
	test.each([
		[WAN, 'Prompt is required', 'Wan 2.5 Text to Video: Prompt is required. Nothing was sent to EvoLink.'],
		[
			KLING,
			'Prompt is required unless Multi-Shot uses Custom Shots',
			'Kling v3 Text to Video: Prompt is required unless Multi-Shot uses Custom Shots. Nothing was sent to EvoLink.',
		],
	])('%s, from an expression', async (model, message, description) => {
		const result = await run({ model, prompt: '={{ $json.p }}' }, [{ p: ' \n\t  ' }]);
		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({ message, description, itemIndex: 0, name: 'NodeOperationError' });
		expect(s.sim.requests).toEqual([]);
	});

	test('typed into the panel (n8n lets it through: it is not empty)', async () => {
		const result = await run({ model: WAN, prompt: '   \n  ' });
		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({
			message: 'Prompt is required',
			description: 'Wan 2.5 Text to Video: Prompt is required. Nothing was sent to EvoLink.',
			itemIndex: 0,
		});
		expect(s.sim.requests).toEqual([]);
	});

	test('one whitespace prompt among others: the run stops before any create', async () => {
		const result = await run({ model: WAN, prompt: '={{ $json.p }}' }, [{ p: 'fine' }, { p: '   ' }, { p: 'also fine' }]);
		expect(result.error).toMatchObject({ message: 'Prompt is required', itemIndex: 1 });
		expect(s.sim.requests).toEqual([]);
	});

	test('under Continue On Fail it is an error item; the other items are created', async () => {
		const result = await run({ model: WAN, prompt: '={{ $json.p }}' }, [{ p: '  ' }, { p: 'fine' }], true);
		expect(result.status).toBe('success');
		expect(s.creates().map((c) => requestBody(c).prompt)).toEqual(['fine']);
		expect(result.items.map((i) => [i.pairedItem, i.json.error ?? i.json.status])).toEqual([
			[{ item: 0 }, 'Prompt is required'],
			[{ item: 1 }, 'pending'],
		]);
		expect(result.items[0].json.description).toBe('Wan 2.5 Text to Video: Prompt is required. Nothing was sent to EvoLink.');
	});
});
