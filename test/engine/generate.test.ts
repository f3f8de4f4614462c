/**
 * Generate Video without waiting, run by n8n's engine against the simulator: the exact
 * create bodies (settings left untouched are not sent unless the docs give them a default;
 * optional ones come from the Options collection), the normalised task output, and input
 * validation before anything is paid.
 */
import type { IDataObject } from 'n8n-workflow';

import { requestBody } from '../support/simulator';
import { runWorkflow, SOURCE_NAME, EVOLINK_NAME } from './runWorkflow';
import { normalizedFromCreate, useSimulator } from './setup';

jest.setTimeout(20_000);

const s = useSimulator({ taskSeconds: 60 });

const WAN = 'wan2.5-text-to-video';
const KLING = 'kling-v3-text-to-video';

async function generate(parameters: Record<string, unknown>, items?: IDataObject[]) {
	return await runWorkflow({
		parameters: { operation: 'generate', waitForCompletion: false, ...parameters } as never,
		items,
		credentials: s.credentials,
	});
}

/** Runs one create and returns the body the simulator received (and checks the output). */
async function bodyOf(parameters: Record<string, unknown>) {
	const result = await generate(parameters);
	expect(result.error).toBeUndefined();
	expect(result.status).toBe('success');
	const creates = s.creates();
	expect(creates).toHaveLength(1);
	expect(creates[0].status).toBe(200);
	expect(creates[0].auth).toEqual({ present: true, bearer: true, valid: true });
	expect(creates[0].secretLeaks).toEqual([]);
	expect(result.items).toEqual([{ json: normalizedFromCreate(creates[0]), pairedItem: { item: 0 } }]);
	return creates[0].body;
}

describe('Generate Video (no wait): request bodies', () => {
	test('wan2.5 defaults: the prompt and the documented defaults only (no duration, no prompt_extend)', async () => {
		expect(await bodyOf({ model: WAN, prompt: 'A cat playing the piano' })).toStrictEqual({
			model: WAN,
			prompt: 'A cat playing the piano',
			quality: '720p',
			aspect_ratio: '16:9',
		});
	});

	test('wan2.5 fully set: 1080p 4:3 10 s, prompt extend off, callback URL', async () => {
		expect(
			await bodyOf({
				model: WAN,
				prompt: 'A lighthouse in a storm',
				quality: '1080p',
				aspectRatio: '4:3',
				duration: 10,
				options: { promptExtend: false, callbackUrl: 'https://example.com/hooks/evolink?token=abc123' },
			}),
		).toStrictEqual({
			model: WAN,
			prompt: 'A lighthouse in a storm',
			quality: '1080p',
			aspect_ratio: '4:3',
			duration: 10,
			prompt_extend: false,
			callback_url: 'https://example.com/hooks/evolink?token=abc123',
		});
	});

	test('kling-v3 defaults: no sound "off", no model_params, no aspect_ratio, no watermark', async () => {
		expect(await bodyOf({ model: KLING, prompt: 'A fox in the snow' })).toStrictEqual({
			model: KLING,
			prompt: 'A fox in the snow',
			duration: 5,
			quality: '720p',
		});
	});

	test('kling-v3 with sound, negative prompt, 1080p, 9:16, 15 s, watermark', async () => {
		expect(
			await bodyOf({
				model: KLING,
				prompt: 'A dancer on a rooftop',
				sound: true,
				quality: '1080p',
				aspectRatio: '9:16',
				duration: 15,
				options: { negativePrompt: 'people, text, watermark', watermark: true },
			}),
		).toStrictEqual({
			model: KLING,
			prompt: 'A dancer on a rooftop',
			negative_prompt: 'people, text, watermark',
			duration: 15,
			aspect_ratio: '9:16',
			quality: '1080p',
			sound: 'on',
			model_params: { watermark_info: { enabled: true } },
		});
	});

	test('kling-v3 multi-shot automatic', async () => {
		expect(
			await bodyOf({ model: KLING, prompt: 'A day in the life of a baker', multiShot: true, shotType: 'intelligence' }),
		).toStrictEqual({
			model: KLING,
			prompt: 'A day in the life of a baker',
			duration: 5,
			quality: '720p',
			model_params: { multi_shot: true, shot_type: 'intelligence' },
		});
	});

	test('kling-v3 multi-shot custom shots: multi_prompt with index, prompt, duration as a string; empty prompt allowed', async () => {
		expect(
			await bodyOf({
				model: KLING,
				prompt: '',
				duration: 10,
				multiShot: true,
				shotType: 'customize',
				shots: {
					shot: [
						{ prompt: 'Close-up of dough being kneaded', duration: 3 },
						{ prompt: 'Bread rising in the oven', duration: 3 },
						{ prompt: 'The baker smiles at the camera', duration: 4 },
					],
				},
			}),
		).toStrictEqual({
			model: KLING,
			duration: 10,
			quality: '720p',
			model_params: {
				multi_shot: true,
				shot_type: 'customize',
				multi_prompt: [
					{ index: 1, prompt: 'Close-up of dough being kneaded', duration: '3' },
					{ index: 2, prompt: 'Bread rising in the oven', duration: '3' },
					{ index: 3, prompt: 'The baker smiles at the camera', duration: '4' },
				],
			},
		});
	});

	test('parameters from expressions, one task per item, outputs in order with pairedItem', async () => {
		const result = await generate({ model: KLING, prompt: '={{ $json.idea }}', duration: '={{ $json.seconds }}' }, [
			{ idea: 'first', seconds: 3 },
			{ idea: 'second', seconds: '7' },
		]);
		expect(result.error).toBeUndefined();
		expect(result.nodeExecutionOrder).toEqual([SOURCE_NAME, EVOLINK_NAME]);
		const creates = s.creates();
		expect(creates.map((c) => [requestBody(c).prompt, requestBody(c).duration]).sort()).toEqual([
			['first', 3],
			['second', 7],
		]);
		const byPrompt = new Map(creates.map((c) => [requestBody(c).prompt, c]));
		expect(result.items).toEqual([
			{ json: normalizedFromCreate(byPrompt.get('first')), pairedItem: { item: 0 } },
			{ json: normalizedFromCreate(byPrompt.get('second')), pairedItem: { item: 1 } },
		]);
	});
});

describe('Generate Video: bad input is refused before anything is sent', () => {
	const cases: Array<[string, Record<string, unknown>, IDataObject[] | undefined, string, string]> = [
		[
			'wan 480p with 4:3',
			{ model: WAN, prompt: 'x', quality: '480p', aspectRatio: '4:3' },
			undefined,
			'Aspect Ratio "4:3" is not available at 480p; use 16:9, 9:16 or 1:1',
			'Wan 2.5 Text to Video: Aspect Ratio "4:3" is not available at 480p; use 16:9, 9:16 or 1:1. Nothing was sent to EvoLink.',
		],
		[
			'kling duration 20',
			{ model: KLING, prompt: 'x', duration: 20 },
			undefined,
			'Duration (Seconds) is 20; it must be a whole number from 3 to 15',
			'Kling v3 Text to Video: Duration (Seconds) is 20; it must be a whole number from 3 to 15. Nothing was sent to EvoLink.',
		],
		[
			'custom shots that do not add up to the duration',
			{
				model: KLING,
				duration: 10,
				multiShot: true,
				shotType: 'customize',
				shots: { shot: [{ prompt: 'a', duration: 3 }, { prompt: 'b', duration: 4 }] },
			},
			undefined,
			'Shots: the shot durations add up to 7 s but Duration is 10 s; they must be equal',
			'Kling v3 Text to Video: Shots: the shot durations add up to 7 s but Duration is 10 s; they must be equal. Nothing was sent to EvoLink.',
		],
		[
			'wan prompt over 2000 characters',
			{ model: WAN, prompt: 'p'.repeat(2001) },
			undefined,
			'Prompt has 2001 characters; the maximum is 2000',
			'Wan 2.5 Text to Video: Prompt has 2001 characters; the maximum is 2000. Nothing was sent to EvoLink.',
		],
		[
			'unknown quality from an expression',
			{ model: WAN, prompt: 'x', quality: '={{ $json.quality }}' },
			[{ quality: '4k' }],
			'Quality "4k" is not allowed; use 480p, 720p or 1080p',
			'Wan 2.5 Text to Video: Quality "4k" is not allowed; use 480p, 720p or 1080p. Nothing was sent to EvoLink.',
		],
		[
			'kling without a prompt',
			{ model: KLING, prompt: '' },
			undefined,
			'Prompt is required unless Multi-Shot uses Custom Shots',
			'Kling v3 Text to Video: Prompt is required unless Multi-Shot uses Custom Shots. Nothing was sent to EvoLink.',
		],
	];

	test.each(cases)('%s', async (_name, parameters, items, message, description) => {
		const result = await generate(parameters, items);
		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({ message, description, itemIndex: 0, name: 'NodeOperationError', node: EVOLINK_NAME });
		expect(result.items).toEqual([]);
		expect(s.sim.requests).toEqual([]);
	});

	test('one bad item stops the whole run before any task is created (no partial paid batch)', async () => {
		const result = await generate({ model: WAN, prompt: '={{ $json.prompt }}' }, [
			{ prompt: 'fine' },
			{ prompt: 'p'.repeat(2001) },
			{ prompt: 'also fine' },
		]);
		expect(result.error).toMatchObject({ message: 'Prompt has 2001 characters; the maximum is 2000', itemIndex: 1 });
		expect(s.creates()).toEqual([]);
	});

	test('Continue On Fail: 3 items, the middle one bad → 2 tasks, 3 items in order, the bad one an error item', async () => {
		const result = await runWorkflow({
			parameters: { operation: 'generate', waitForCompletion: false, model: WAN, prompt: '={{ $json.prompt }}' },
			items: [{ prompt: 'first' }, { prompt: 'p'.repeat(2001) }, { prompt: 'third' }],
			continueOnFail: true,
			credentials: s.credentials,
		});
		expect(result.status).toBe('success');
		expect(result.error).toBeUndefined();
		const creates = s.creates();
		expect(creates.map((c) => requestBody(c).prompt).sort()).toEqual(['first', 'third']);
		const byPrompt = new Map(creates.map((c) => [requestBody(c).prompt, c]));
		expect(result.items).toEqual([
			{ json: normalizedFromCreate(byPrompt.get('first')), pairedItem: { item: 0 } },
			{
				json: {
					error: 'Prompt has 2001 characters; the maximum is 2000',
					description: 'Wan 2.5 Text to Video: Prompt has 2001 characters; the maximum is 2000. Nothing was sent to EvoLink.',
				},
				pairedItem: { item: 1 },
			},
			{ json: normalizedFromCreate(byPrompt.get('third')), pairedItem: { item: 2 } },
		]);
	});

	test('the same with the newer onError setting (continueRegularOutput)', async () => {
		const result = await runWorkflow({
			parameters: { operation: 'generate', waitForCompletion: false, model: WAN, prompt: '={{ $json.prompt }}' },
			items: [{ prompt: 'first' }, { prompt: '' }, { prompt: 'third' }],
			onError: 'continueRegularOutput',
			credentials: s.credentials,
		});
		expect(result.status).toBe('success');
		expect(s.creates()).toHaveLength(2);
		expect(result.items.map((i) => [i.json.error ?? i.json.status, i.pairedItem])).toEqual([
			['pending', { item: 0 }],
			['Prompt is required', { item: 1 }],
			['pending', { item: 2 }],
		]);
	});
});
