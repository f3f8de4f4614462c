/**
 * HappyHorse (families/happyhorse.ts): the catalogue's prose rules, and for every model a
 * body the EvoLink simulator (validating independently from the same catalogue) accepts.
 */
import { panelProperties } from '../../nodes/EvoLink/models';
import { happyhorse } from '../../nodes/EvoLink/models/families/happyhorse';
import { body, check, images, least, model, most, SIM, validateCreate, videos } from './family';

const IDS = happyhorse.map((m) => m.id);
const prompt = 'A white horse gallops along the shore';
const url = (...list: string[]) => ({ source: 'url', urls: list });
const han = (n: number) => '马'.repeat(n);

describe('HappyHorse: the simulator accepts the bodies', () => {
	it('defines the seven catalogue models of the family', () => {
		expect([...IDS].sort()).toEqual([
			'happyhorse-1.0-image-to-video',
			'happyhorse-1.0-reference-to-video',
			'happyhorse-1.0-text-to-video',
			'happyhorse-1.0-video-edit',
			'happyhorse-1.1-image-to-video',
			'happyhorse-1.1-reference-to-video',
			'happyhorse-1.1-text-to-video',
		]);
		expect(new Set(happyhorse.map((m) => m.family))).toEqual(new Set(['HappyHorse']));
	});

	it.each(IDS)('%s: the panel has unique names, secondary settings in Options', (id) => {
		const props = panelProperties(model(id), { operation: ['generate'] });
		const names = props.map((p) => p.name);
		expect(new Set(names).size).toBe(names.length);
		const options = props.find((p) => p.name === 'options');
		expect((options?.options as Array<{ name: string }>).map((o) => o.name).sort()).toEqual(['callbackUrl', 'seed']);
	});

	it.each(IDS)('%s: only the required inputs', (id) => {
		const b = body(id, least(model(id)));
		expect(() => validateCreate(b, SIM)).not.toThrow();
	});

	it.each(IDS)('%s: every field set', (id) => {
		const b = body(id, most(model(id)));
		expect(() => validateCreate(b, SIM)).not.toThrow();
	});

	it.each(['happyhorse-1.0-image-to-video', 'happyhorse-1.1-image-to-video'])('%s: the prompt is optional', (id) => {
		const b = body(id, { imageUrls: images(1) });
		expect(b).toEqual({ model: id, image_urls: ['https://example.com/image1.png'], quality: '720p', duration: 5 });
		expect(() => validateCreate(b, SIM)).not.toThrow();
	});

	it('the seed starts at 1', () => {
		expect(check('happyhorse-1.1-text-to-video', { prompt, seed: 1 })).toBe('OK');
		expect(check('happyhorse-1.1-text-to-video', { prompt, seed: 0 })).toEqual(['Seed is 0; it must be a whole number from 1 to 2147483647']);
	});
});

describe('HappyHorse: prompts longer than the model reads are refused (the API would cut them silently)', () => {
	const T2V = 'happyhorse-1.0-text-to-video';

	it.each([
		['5000 characters', 'x'.repeat(5000)],
		['2500 Chinese characters', han(2500)],
		['3000 characters without Chinese', 'y'.repeat(3000)],
	])('%s: OK', (_label, text) => {
		expect(check(T2V, { prompt: text })).toBe('OK');
	});

	it.each([
		['5001 characters', 'x'.repeat(5001), 'Prompt has 5001 characters; the maximum is 5000'],
		[
			'2501 Chinese characters',
			han(2501),
			'Prompt has 2501 characters in Chinese; HappyHorse reads at most 2500 and silently cuts the rest',
		],
		[
			'2600 characters with some Chinese',
			`${'z'.repeat(2590)}${han(10)}`,
			'Prompt has 2600 characters in Chinese; HappyHorse reads at most 2500 and silently cuts the rest',
		],
	])('%s: refused', (_label, text, message) => {
		expect(check(T2V, { prompt: text })).toEqual([message]);
	});

	it('an optional prompt is checked as well', () => {
		expect(check('happyhorse-1.1-image-to-video', { prompt: han(2501), imageUrls: images(1) })).toEqual([
			'Prompt has 2501 characters in Chinese; HappyHorse reads at most 2500 and silently cuts the rest',
		]);
	});
});

describe('HappyHorse: media URLs must be public', () => {
	const I2V = 'happyhorse-1.1-image-to-video';
	const REF = 'happyhorse-1.0-reference-to-video';
	const EDIT = 'happyhorse-1.0-video-edit';

	it.each([
		['https://cdn.example.com/horse.png'],
		['http://example.com/horse.png'],
	])('%s: OK', (address) => {
		expect(check(I2V, { imageUrls: url(address) })).toBe('OK');
	});

	it.each([
		['http://192.168.1.20/horse.png', 'points to the private address 192.168.1.20'],
		['http://10.0.0.5/horse.png', 'points to the private address 10.0.0.5'],
		['http://localhost:8080/horse.png', 'points to the private address localhost'],
		['https://127.0.0.1/horse.png', 'points to the private address 127.0.0.1'],
		['https://bob:secret@example.com/horse.png', 'has a user name or password in it'],
	])('%s: refused', (address, problem) => {
		expect(check(I2V, { imageUrls: url(address) })).toEqual([
			`Image: "${address}" ${problem}; HappyHorse only reads public URLs (or give a binary file)`,
		]);
	});

	it('every image of a reference list is checked', () => {
		expect(check(REF, { prompt, imageUrls: url('https://example.com/a.png', 'http://172.16.0.9/b.png') })).toEqual([
			'Reference Images: "http://172.16.0.9/b.png" points to the private address 172.16.0.9; HappyHorse only reads public URLs (or give a binary file)',
		]);
	});

	it('the video and the images of an edit are checked', () => {
		expect(check(EDIT, { prompt, videoUrls: url('http://192.168.0.2/in.mp4'), imageUrls: url('https://u:p@example.com/s.png') })).toEqual([
			'Video: "http://192.168.0.2/in.mp4" points to the private address 192.168.0.2; HappyHorse only reads public URLs (or give a binary file)',
			'Reference Images: "https://u:p@example.com/s.png" has a user name or password in it; HappyHorse only reads public URLs (or give a binary file)',
		]);
	});

	it('binary files (uploaded to EvoLink first) are not checked here', () => {
		expect(check(I2V, { imageUrls: { source: 'binary', fields: ['data'] } })).toBe('OK');
	});

	it('the simulator refuses private addresses too', () => {
		expect(() => validateCreate({ model: I2V, image_urls: ['http://192.168.1.20/horse.png'] }, SIM)).toThrow(/public/);
	});
});

describe('HappyHorse 1.0 Video Edit', () => {
	const EDIT = 'happyhorse-1.0-video-edit';

	it('keeps the original sound only when asked (false is the default, not sent)', () => {
		expect(body(EDIT, { prompt, videoUrls: videos(1) })).toEqual({
			model: EDIT,
			prompt,
			video_urls: ['https://example.com/video1.mp4'],
			quality: '720p',
		});
		expect(body(EDIT, { prompt, videoUrls: videos(1), keepOriginalSound: true })).toMatchObject({ keep_original_sound: true });
	});

	it('takes one video and up to 5 images', () => {
		expect(check(EDIT, { prompt })).toEqual(['Video is required']);
		expect(check(EDIT, { prompt, videoUrls: videos(1), imageUrls: images(6) })).toEqual(['Reference Images: 6 URLs given; 1 to 5 allowed']);
	});
});
