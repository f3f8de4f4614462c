/**
 * Every documented rule of the two seed models, as a table: input values → exact
 * message (or OK). The rules come from shared/evolink-api.md and seeds/, not from the code.
 */
import { buildBody, validateModel } from '../../nodes/EvoLink/models';
import type { Values } from '../../nodes/EvoLink/models/fields';
import { klingV3TextToVideo as kling } from '../../nodes/EvoLink/models/klingV3TextToVideo';
import { wan25TextToVideo as wan } from '../../nodes/EvoLink/models/wan25TextToVideo';
import { KLING, WAN } from './fixtures';

const OFFICIAL = { officialApi: true };
const SIMULATOR = { officialApi: false };

const CUSTOM: Values = { ...KLING, prompt: '', multiShot: true, shotType: 'customize' };
const shot = (prompt: string, duration: unknown) => ({ prompt, duration });
const shots = (...list: Array<ReturnType<typeof shot>>) => ({ shot: list });
const x = (n: number) => 'x'.repeat(n);
const longUrl = (length: number) => {
	const head = 'https://example.com/hook?t=';
	return head + 'a'.repeat(length - head.length);
};

type Row = [label: string, input: Values, expected: 'OK' | string[]];

function run(model: typeof wan, input: Values, ctx = OFFICIAL): 'OK' | string[] {
	const { issues } = validateModel(model, input, ctx);
	return issues.length === 0 ? 'OK' : issues.map((i) => i.message);
}

describe('wan2.5-text-to-video validation (official API)', () => {
	const rows: Row[] = [
		['defaults', WAN, 'OK'],
		['prompt empty', { ...WAN, prompt: '' }, ['Prompt is required']],
		['prompt missing', { ...WAN, prompt: undefined }, ['Prompt is required']],
		['prompt 2000 characters', { ...WAN, prompt: x(2000) }, 'OK'],
		['prompt 2001 characters', { ...WAN, prompt: x(2001) }, ['Prompt has 2001 characters; the maximum is 2000']],
		['prompt not text', { ...WAN, prompt: 42 }, ['Prompt must be text, not 42']],
		['quality 480p', { ...WAN, quality: '480p' }, 'OK'],
		['quality 1080p', { ...WAN, quality: '1080p' }, 'OK'],
		['quality 4k', { ...WAN, quality: '4k' }, ['Quality "4k" is not allowed; use 480p, 720p or 1080p']],
		['480p + 16:9', { ...WAN, quality: '480p', aspectRatio: '16:9' }, 'OK'],
		['480p + 9:16', { ...WAN, quality: '480p', aspectRatio: '9:16' }, 'OK'],
		['480p + 1:1', { ...WAN, quality: '480p', aspectRatio: '1:1' }, 'OK'],
		[
			'480p + 4:3',
			{ ...WAN, quality: '480p', aspectRatio: '4:3' },
			['Aspect Ratio "4:3" is not available at 480p; use 16:9, 9:16 or 1:1'],
		],
		[
			'480p + 3:4',
			{ ...WAN, quality: '480p', aspectRatio: '3:4' },
			['Aspect Ratio "3:4" is not available at 480p; use 16:9, 9:16 or 1:1'],
		],
		['720p + 4:3', { ...WAN, quality: '720p', aspectRatio: '4:3' }, 'OK'],
		['720p + 3:4', { ...WAN, quality: '720p', aspectRatio: '3:4' }, 'OK'],
		['1080p + 4:3', { ...WAN, quality: '1080p', aspectRatio: '4:3' }, 'OK'],
		['1080p + 3:4', { ...WAN, quality: '1080p', aspectRatio: '3:4' }, 'OK'],
		[
			'aspect 21:9',
			{ ...WAN, aspectRatio: '21:9' },
			['Aspect Ratio "21:9" is not available at 720p or 1080p; use 16:9, 9:16, 1:1, 4:3 or 3:4'],
		],
		['duration 5', { ...WAN, duration: 5 }, 'OK'],
		['duration 10', { ...WAN, duration: 10 }, 'OK'],
		['duration "10" (expression text)', { ...WAN, duration: '10' }, 'OK'],
		['duration 7', { ...WAN, duration: 7 }, ['Duration (Seconds) 7 is not allowed; use 5 or 10']],
		['duration "7"', { ...WAN, duration: '7' }, ['Duration (Seconds) 7 is not allowed; use 5 or 10']],
		['prompt extend false', { ...WAN, promptExtend: false }, 'OK'],
		['prompt extend "false"', { ...WAN, promptExtend: 'false' }, 'OK'],
		['prompt extend "yes"', { ...WAN, promptExtend: 'yes' }, ['Prompt Extend must be true or false, not "yes"']],
		['callback https public', { ...WAN, callbackUrl: 'https://example.com/hook' }, 'OK'],
		['callback http', { ...WAN, callbackUrl: 'http://example.com/hook' }, ['Callback URL: EvoLink only calls back https:// URLs']],
		['callback 127.0.0.1', { ...WAN, callbackUrl: 'https://127.0.0.1/hook' }, ['Callback URL: EvoLink does not call internal addresses such as 127.0.0.1']],
		['several errors at once', { ...WAN, prompt: '', quality: '4k', duration: 7 }, [
			'Prompt is required',
			'Quality "4k" is not allowed; use 480p, 720p or 1080p',
			'Duration (Seconds) 7 is not allowed; use 5 or 10',
		]],
	];
	it.each(rows)('%s', (_label, input, expected) => {
		expect(run(wan, input)).toEqual(expected);
	});

	it('coerces "10" to the number 10', () => {
		expect(validateModel(wan, { ...WAN, duration: '10' }, OFFICIAL).values.duration).toBe(10);
	});

	it('names the field of each issue', () => {
		expect(validateModel(wan, { ...WAN, quality: '480p', aspectRatio: '4:3' }, OFFICIAL).issues).toEqual([
			{ param: 'aspectRatio', message: 'Aspect Ratio "4:3" is not available at 480p; use 16:9, 9:16 or 1:1' },
		]);
	});
});

describe('kling-v3-text-to-video validation (official API)', () => {
	const rows: Row[] = [
		['defaults', KLING, 'OK'],
		['prompt 2500 characters', { ...KLING, prompt: x(2500) }, 'OK'],
		['prompt 2501 characters', { ...KLING, prompt: x(2501) }, ['Prompt has 2501 characters; the maximum is 2500']],
		['prompt empty, single shot', { ...KLING, prompt: '' }, ['Prompt is required unless Multi-Shot uses Custom Shots']],
		['prompt missing, single shot', { ...KLING, prompt: undefined }, ['Prompt is required unless Multi-Shot uses Custom Shots']],
		[
			'prompt empty, multi-shot automatic',
			{ ...KLING, prompt: '', multiShot: true, shotType: 'intelligence' },
			['Prompt is required unless Multi-Shot uses Custom Shots'],
		],
		['prompt empty, custom shots', { ...CUSTOM, shots: shots(shot('a', 5)) }, 'OK'],
		['prompt given, custom shots', { ...CUSTOM, prompt: 'overall', shots: shots(shot('a', 5)) }, 'OK'],
		['duration 3', { ...KLING, duration: 3 }, 'OK'],
		['duration 15', { ...KLING, duration: 15 }, 'OK'],
		['duration 2', { ...KLING, duration: 2 }, ['Duration (Seconds) is 2; it must be a whole number from 3 to 15']],
		['duration 16', { ...KLING, duration: 16 }, ['Duration (Seconds) is 16; it must be a whole number from 3 to 15']],
		['duration 5.5', { ...KLING, duration: 5.5 }, ['Duration (Seconds) is 5.5; it must be a whole number from 3 to 15']],
		['duration "10"', { ...KLING, duration: '10' }, 'OK'],
		['duration "ten"', { ...KLING, duration: 'ten' }, ['Duration (Seconds) must be a whole number from 3 to 15, not "ten"']],
		['quality 1080p', { ...KLING, quality: '1080p' }, 'OK'],
		['quality 4k', { ...KLING, quality: '4k' }, ['Quality "4k" is not allowed; use 720p or 1080p']],
		['quality 480p', { ...KLING, quality: '480p' }, ['Quality "480p" is not allowed; use 720p or 1080p']],
		['aspect 9:16', { ...KLING, aspectRatio: '9:16' }, 'OK'],
		['aspect 1:1', { ...KLING, aspectRatio: '1:1' }, 'OK'],
		['aspect 4:3', { ...KLING, aspectRatio: '4:3' }, ['Aspect Ratio "4:3" is not allowed; use 16:9, 9:16 or 1:1']],
		['sound true', { ...KLING, sound: true }, 'OK'],
		['sound "true"', { ...KLING, sound: 'true' }, 'OK'],
		['negative prompt', { ...KLING, negativePrompt: 'people, text, watermark' }, 'OK'],
		['watermark true', { ...KLING, watermark: true }, 'OK'],
		['multi-shot automatic', { ...KLING, multiShot: true, shotType: 'intelligence' }, 'OK'],
		['shot type unknown', { ...KLING, multiShot: true, shotType: 'random' }, ['Shot Type "random" is not allowed; use intelligence or customize']],
		// custom shots
		['custom, 0 shots (empty collection)', { ...CUSTOM, shots: {} }, ['Shots: add 1 to 6 shots for Custom Shots']],
		['custom, 0 shots (empty list)', { ...CUSTOM, shots: { shot: [] } }, ['Shots: add 1 to 6 shots for Custom Shots']],
		['custom, shots missing', { ...CUSTOM, shots: undefined }, ['Shots: add 1 to 6 shots for Custom Shots']],
		// [] is the Shots field's own declared default (ListField.default, and readValues' fallback):
		// today it is refused as "Shots must be a list" — see report.
		['custom, 0 shots (the field default [])', { ...CUSTOM, shots: [] }, ['Shots: add 1 to 6 shots for Custom Shots']],
		[
			'custom, 6 shots adding up',
			{ ...CUSTOM, duration: 12, shots: shots(...Array.from({ length: 6 }, (_, i) => shot(`s${i}`, 2))) },
			'OK',
		],
		[
			'custom, 7 shots',
			{ ...CUSTOM, duration: 14, shots: shots(...Array.from({ length: 7 }, (_, i) => shot(`s${i}`, 2))) },
			['Shots: 7 given, at most 6 allowed'],
		],
		['custom, shot prompt 512', { ...CUSTOM, shots: shots(shot(x(512), 5)) }, 'OK'],
		[
			'custom, shot prompt 513',
			{ ...CUSTOM, shots: shots(shot('a', 2), shot(x(513), 3)) },
			['Shot 2: Prompt has 513 characters; the maximum is 512'],
		],
		['custom, shot prompt empty', { ...CUSTOM, shots: shots(shot('a', 2), shot('', 3)) }, ['Shot 2: Prompt is required']],
		[
			'custom, durations 3+3 ≠ 5',
			{ ...CUSTOM, shots: shots(shot('a', 3), shot('b', 3)) },
			['Shots: the shot durations add up to 6 s but Duration is 5 s; they must be equal'],
		],
		[
			'custom, durations 2+2 ≠ 5',
			{ ...CUSTOM, shots: shots(shot('a', 2), shot('b', 2)) },
			['Shots: the shot durations add up to 4 s but Duration is 5 s; they must be equal'],
		],
		['custom, durations 2+3 = 5', { ...CUSTOM, shots: shots(shot('a', 2), shot('b', 3)) }, 'OK'],
		['custom, shot duration "2" + "3"', { ...CUSTOM, shots: shots(shot('a', '2'), shot('b', '3')) }, 'OK'],
		['custom, top duration "5" and shots 2+3', { ...CUSTOM, duration: '5', shots: shots(shot('a', 2), shot('b', 3)) }, 'OK'],
		['custom, shot duration 0', { ...CUSTOM, shots: shots(shot('a', 0), shot('b', 5)) }, ['Shot 1: Duration (Seconds) is 0; it must be a whole number from 1 to 15']],
		// One message per bad shot, but the message does not say WHICH shot (see report).
		[
			'custom, shot durations 2.5 + 2.5',
			{ ...CUSTOM, shots: shots(shot('a', 2.5), shot('b', 2.5)) },
			['Shot 1: Duration (Seconds) is 2.5; it must be a whole number from 1 to 15', 'Shot 2: Duration (Seconds) is 2.5; it must be a whole number from 1 to 15'],
		],
		// shots hidden: their content is not checked
		['automatic, broken shots ignored', { ...KLING, multiShot: true, shotType: 'intelligence', shots: shots(shot('', 99)) }, 'OK'],
		['single shot, broken shots ignored', { ...KLING, shotType: 'customize', shots: shots(shot('', 99)) }, 'OK'],
	];
	it.each(rows)('%s', (_label, input, expected) => {
		expect(run(kling, input)).toEqual(expected);
	});

	it('coerces "10" to the number 10', () => {
		expect(validateModel(kling, { ...KLING, duration: '10' }, OFFICIAL).values.duration).toBe(10);
	});

	it('issues about shots name the shots field', () => {
		const { issues } = validateModel(kling, { ...CUSTOM, shots: {} }, OFFICIAL);
		expect(issues.map((i) => i.param)).toEqual(['shots']);
	});

	// Docs: model_params.shot_type is REQUIRED when multi_shot is true. A multi-shot request must
	// either carry a shot type or be refused before it is sent (and paid for).
	it('multi-shot without a shot type is refused or gets one (never sent without shot_type)', () => {
		const { values, issues } = validateModel(kling, { ...KLING, multiShot: true }, OFFICIAL);
		if (issues.length > 0) return;
		const body = buildBody(kling, values);
		expect((body.model_params as Values).shot_type).toBeDefined();
	});
});

describe('callback URL rules', () => {
	const officialRows: Array<[string, 'OK' | string]> = [
		['https://example.com/webhooks/evolink?token=abc', 'OK'],
		['https://hooks.example.org:8443/cb', 'OK'],
		['http://example.com/hook', 'Callback URL: EvoLink only calls back https:// URLs'],
		['ftp://example.com/hook', 'Callback URL: must be an http(s) URL, not ftp:'],
		['not a url', 'Callback URL: "not a url" is not a valid URL'],
		[longUrl(2048), 'OK'],
		[longUrl(2049), 'Callback URL: EvoLink allows at most 2048 characters (this one has 2049)'],
		['https://127.0.0.1/hook', 'Callback URL: EvoLink does not call internal addresses such as 127.0.0.1'],
		['https://127.5.6.7/hook', 'Callback URL: EvoLink does not call internal addresses such as 127.5.6.7'],
		['https://10.0.0.1/hook', 'Callback URL: EvoLink does not call internal addresses such as 10.0.0.1'],
		['https://10.255.255.254/hook', 'Callback URL: EvoLink does not call internal addresses such as 10.255.255.254'],
		['https://172.16.0.1/hook', 'Callback URL: EvoLink does not call internal addresses such as 172.16.0.1'],
		['https://172.20.1.1/hook', 'Callback URL: EvoLink does not call internal addresses such as 172.20.1.1'],
		['https://172.31.255.255/hook', 'Callback URL: EvoLink does not call internal addresses such as 172.31.255.255'],
		['https://172.15.0.1/hook', 'OK'],
		['https://172.32.0.1/hook', 'OK'],
		['https://192.168.1.10/hook', 'Callback URL: EvoLink does not call internal addresses such as 192.168.1.10'],
		['https://localhost/hook', 'Callback URL: EvoLink does not call internal addresses such as localhost'],
		['https://LOCALHOST:8443/hook', 'Callback URL: EvoLink does not call internal addresses such as localhost'],
		['https://n8n.localhost/hook', 'Callback URL: EvoLink does not call internal addresses such as n8n.localhost'],
		['https://[::1]/hook', 'Callback URL: EvoLink does not call internal addresses such as [::1]'],
		['https://11.0.0.1/hook', 'OK'],
		['https://192.169.0.1/hook', 'OK'],
	];
	it.each(officialRows)('official API, wan: %s → %s', (url, expected) => {
		expect(run(wan, { ...WAN, callbackUrl: url }, OFFICIAL)).toEqual(expected === 'OK' ? 'OK' : [expected]);
	});
	it.each(officialRows)('official API, kling: %s → %s', (url, expected) => {
		expect(run(kling, { ...KLING, callbackUrl: url }, OFFICIAL)).toEqual(expected === 'OK' ? 'OK' : [expected]);
	});

	// Against a simulator or proxy, that server decides: only "is it an http(s) URL" is checked.
	const simulatorRows: Array<[string, 'OK' | string]> = [
		['http://127.0.0.1:5678/webhook/evolink', 'OK'],
		['http://localhost:5678/webhook', 'OK'],
		['https://10.0.0.1/hook', 'OK'],
		['https://192.168.1.10/hook', 'OK'],
		[longUrl(3000), 'OK'],
		['not a url', 'Callback URL: "not a url" is not a valid URL'],
		['ftp://example.com/hook', 'Callback URL: must be an http(s) URL, not ftp:'],
	];
	it.each(simulatorRows)('not the official API: %s → %s', (url, expected) => {
		expect(run(wan, { ...WAN, callbackUrl: url }, SIMULATOR)).toEqual(expected === 'OK' ? 'OK' : [expected]);
		expect(run(kling, { ...KLING, callbackUrl: url }, SIMULATOR)).toEqual(expected === 'OK' ? 'OK' : [expected]);
	});

	it('an empty callback URL is fine everywhere', () => {
		expect(run(wan, { ...WAN, callbackUrl: '' }, OFFICIAL)).toBe('OK');
		expect(run(kling, { ...KLING, callbackUrl: '' }, OFFICIAL)).toBe('OK');
	});
});
