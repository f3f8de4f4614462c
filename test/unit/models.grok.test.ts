/**
 * Grok Imagine (families/grok.ts): the catalogue's prose rules, and for every model a
 * body the EvoLink simulator (validating independently from the same catalogue) accepts.
 */
import { panelProperties } from '../../nodes/EvoLink/models';
import { grok } from '../../nodes/EvoLink/models/families/grok';
import { binary, body, check, images, least, model, most, SIM, validateCreate } from './family';

const IDS = grok.map((m) => m.id);
const P15 = 'grok-imagine-video-1.5-preview';
const prompt = 'A fox runs through snow';

describe('Grok Imagine: the simulator accepts the bodies', () => {
	it('defines the five catalogue models of the family', () => {
		expect([...IDS].sort()).toEqual([
			'grok-imagine-image-to-video-beta',
			'grok-imagine-text-to-video-beta',
			'grok-imagine-video-1.0-i2v',
			'grok-imagine-video-1.0-t2v',
			'grok-imagine-video-1.5-preview',
		]);
		expect(new Set(grok.map((m) => m.family))).toEqual(new Set(['Grok Imagine']));
	});

	it.each(IDS)('%s: the panel has unique names, secondary settings in Options', (id) => {
		const props = panelProperties(model(id), { operation: ['generate'] });
		const names = props.map((p) => p.name);
		expect(new Set(names).size).toBe(names.length);
		const options = props.find((p) => p.name === 'options');
		expect((options?.options as Array<{ name: string }>).map((o) => o.name).sort()).toEqual(['callbackUrl']);
	});

	it.each(IDS)('%s: only the required inputs', (id) => {
		const b = body(id, least(model(id)));
		expect(() => validateCreate(b, SIM)).not.toThrow();
	});

	it.each(IDS)('%s: every field set', (id) => {
		// 1.5 Preview: 1080p (the last choice) is not allowed with several images.
		const b = body(id, { ...most(model(id)), ...(id === P15 ? { quality: '720p' } : {}) });
		expect(() => validateCreate(b, SIM)).not.toThrow();
	});

	it('the beta models send the style preset as mode', () => {
		expect(body('grok-imagine-text-to-video-beta', { prompt, mode: 'spicy' })).toEqual({
			model: 'grok-imagine-text-to-video-beta',
			prompt,
			duration: 6,
			mode: 'spicy',
			aspect_ratio: '16:9',
			quality: '480p',
		});
	});
});

describe('Grok Imagine Video 1.5 Preview: 1080p only with at most one image', () => {
	it.each([
		['no image, 1080p', {}, '1080p'],
		['one image (first frame), 1080p', { imageUrls: images(1) }, '1080p'],
		['two images (references), 720p', { imageUrls: images(2) }, '720p'],
		['seven images, 480p', { imageUrls: images(7) }, '480p'],
	])('%s: OK, and the simulator accepts it', (_label, input, quality) => {
		expect(check(P15, { prompt, ...input, quality })).toBe('OK');
		expect(() => validateCreate(body(P15, { prompt, ...input, quality }), SIM)).not.toThrow();
	});

	it.each([
		['two image URLs', images(2), 'Quality is 1080p with 2 images (reference mode); use 480p or 720p, or at most 1 image'],
		['seven image URLs', images(7), 'Quality is 1080p with 7 images (reference mode); use 480p or 720p, or at most 1 image'],
		['three binary files', binary(3), 'Quality is 1080p with 3 images (reference mode); use 480p or 720p, or at most 1 image'],
	])('%s at 1080p: refused', (_label, imageUrls, message) => {
		expect(check(P15, { prompt, imageUrls, quality: '1080p' })).toEqual([message]);
	});

	it('the simulator refuses 1080p with two images too', () => {
		expect(() => validateCreate({ model: P15, prompt, image_urls: images(2).urls, quality: '1080p' }, SIM)).toThrow(/1080p/);
	});

	it('eight images are refused', () => {
		expect(check(P15, { prompt, imageUrls: images(8) })).toEqual(['Images: 8 URLs given; 0 to 7 allowed']);
	});

	it('the prompt is required and at most 4096 characters', () => {
		expect(check(P15, { prompt: 'x'.repeat(4096) })).toBe('OK');
		expect(check(P15, { prompt: 'x'.repeat(4097) })).toEqual(['Prompt has 4097 characters; the maximum is 4096']);
		expect(check(P15, { prompt: '   ' })).toEqual(['Prompt is required']);
	});
});

describe('Grok Imagine Video 1.0 and beta: ranges', () => {
	it.each([
		['grok-imagine-video-1.0-t2v', 0, 'Duration (Seconds) is 0; it must be a whole number from 1 to 15'],
		['grok-imagine-video-1.0-t2v', 16, 'Duration (Seconds) is 16; it must be a whole number from 1 to 15'],
		['grok-imagine-text-to-video-beta', 5, 'Duration (Seconds) is 5; it must be a whole number from 6 to 30'],
		['grok-imagine-text-to-video-beta', 31, 'Duration (Seconds) is 31; it must be a whole number from 6 to 30'],
	])('%s: duration %p refused', (id, duration, message) => {
		expect(check(id, { prompt, duration })).toEqual([message]);
	});

	it('image to video needs 1 to 7 images', () => {
		expect(check('grok-imagine-video-1.0-i2v', { prompt })).toEqual(['Images is required']);
		expect(check('grok-imagine-video-1.0-i2v', { prompt, imageUrls: images(8) })).toEqual(['Images: 8 URLs given; 1 to 7 allowed']);
		expect(check('grok-imagine-image-to-video-beta', { prompt, imageUrls: images(7) })).toBe('OK');
	});

	it('1.0 has 4:3 and 3:4, the beta has not', () => {
		expect(check('grok-imagine-video-1.0-t2v', { prompt, aspectRatio: '4:3' })).toBe('OK');
		expect(check('grok-imagine-text-to-video-beta', { prompt, aspectRatio: '4:3' })).toEqual([
			'Aspect Ratio "4:3" is not allowed; use 16:9, 9:16, 1:1, 3:2 or 2:3',
		]);
	});
});
