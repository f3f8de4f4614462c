/**
 * Gemini Omni (families/gemini.ts): the catalogue's prose rules, and for every model a
 * body the EvoLink simulator (validating independently from the same catalogue) accepts.
 */
import { panelProperties } from '../../nodes/EvoLink/models';
import { gemini } from '../../nodes/EvoLink/models/families/gemini';
import { body, check, images, least, model, most, SIM, validateCreate, videos } from './family';

const IDS = gemini.map((m) => m.id);

describe('Gemini Omni: the simulator accepts the bodies', () => {
	it('defines the nine catalogue models of the family', () => {
		expect([...IDS].sort()).toEqual([
			'gemini-omni-1.1-flash-image-to-video',
			'gemini-omni-1.1-flash-reference-to-video',
			'gemini-omni-1.1-flash-text-to-video',
			'gemini-omni-1.1-flash-video-edit',
			'gemini-omni-1.1-flash-video-extend',
			'gemini-omni-flash-image-to-video',
			'gemini-omni-flash-reference-to-video',
			'gemini-omni-flash-text-to-video',
			'gemini-omni-flash-video-edit',
		]);
		expect(new Set(gemini.map((m) => m.family))).toEqual(new Set(['Gemini Omni']));
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
		const b = body(id, most(model(id)));
		expect(() => validateCreate(b, SIM)).not.toThrow();
	});
});

describe('Gemini Omni Flash 1.0: duration is 3 to 10 seconds or "auto"', () => {
	const T2V = 'gemini-omni-flash-text-to-video';
	const base = { prompt: 'A red kite' };

	it.each(['gemini-omni-flash-text-to-video', 'gemini-omni-flash-image-to-video', 'gemini-omni-flash-reference-to-video'])(
		'%s: the dropdown offers exactly 3 to 10 and auto, 10 by default',
		(id) => {
			const field = model(id).fields.find((f) => f.param === 'duration');
			if (field?.type !== 'options') throw new Error('duration is not a dropdown');
			expect(field.options.map((o) => o.value)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 'auto']);
			expect(field.default).toBe(10);
			expect(field.apiDefault).toBe(10);
			expect(field.optional).toBeUndefined();
		},
	);

	it('sends the default 10 as a number', () => {
		const b = body(T2V, base);
		expect(b.duration).toBe(10);
		expect(() => validateCreate(b, SIM)).not.toThrow();
	});

	it('sends auto as the string "auto"', () => {
		const b = body(T2V, { ...base, duration: 'auto' });
		expect(b.duration).toBe('auto');
		expect(() => validateCreate(b, SIM)).not.toThrow();
	});

	it('sends 3 as the number 3', () => {
		const b = body(T2V, { ...base, duration: 3 });
		expect(b.duration).toBe(3);
		expect(() => validateCreate(b, SIM)).not.toThrow();
	});

	it.each([
		[11, 'Duration (Seconds) 11 is not allowed; use 3, 4, 5, 6, 7, 8, 9, 10 or auto'],
		[2, 'Duration (Seconds) 2 is not allowed; use 3, 4, 5, 6, 7, 8, 9, 10 or auto'],
		['fast', 'Duration (Seconds) "fast" is not allowed; use 3, 4, 5, 6, 7, 8, 9, 10 or auto'],
	])('refuses %p', (duration, message) => {
		expect(check(T2V, { ...base, duration })).toEqual([message]);
	});

	it('the simulator refuses another string too', () => {
		expect(() => validateCreate({ model: T2V, prompt: 'A red kite', duration: 'fast' }, SIM)).toThrow(/duration/);
	});
});

describe('Gemini Omni Flash 1.0: inputs the schema does not mark required', () => {
	it('image to video needs its image', () => {
		expect(check('gemini-omni-flash-image-to-video', { prompt: 'A red kite' })).toEqual(['Image is required']);
		expect(check('gemini-omni-flash-image-to-video', { prompt: 'A red kite', imageUrls: images(1) })).toBe('OK');
		expect(check('gemini-omni-flash-image-to-video', { prompt: 'A red kite', imageUrls: images(2) })).toEqual([
			'Image: 2 URLs given; one allowed',
		]);
	});

	it('video edit needs its video', () => {
		expect(check('gemini-omni-flash-video-edit', { prompt: 'Make it snow' })).toEqual(['Video is required']);
		expect(check('gemini-omni-flash-video-edit', { prompt: 'Make it snow', videoUrls: videos(1) })).toBe('OK');
	});

	it('the simulator agrees: both are refused without them', () => {
		expect(() => validateCreate({ model: 'gemini-omni-flash-image-to-video', prompt: 'A red kite' }, SIM)).toThrow(/image_urls/);
		expect(() => validateCreate({ model: 'gemini-omni-flash-video-edit', prompt: 'Make it snow' }, SIM)).toThrow(/video_urls/);
	});

	it('reference to video may go without references, up to 6', () => {
		expect(check('gemini-omni-flash-reference-to-video', { prompt: 'A red kite' })).toBe('OK');
		expect(check('gemini-omni-flash-reference-to-video', { prompt: 'A red kite', imageUrls: images(7) })).toEqual([
			'Reference Images: 7 URLs given; 1 to 6 allowed',
		]);
	});
});

describe('Gemini Omni 1.1 Flash', () => {
	it('image to video: one image is the first frame, two the first and last, no more', () => {
		const id = 'gemini-omni-1.1-flash-image-to-video';
		expect(check(id, { prompt: 'A red kite', imageUrls: images(2) })).toBe('OK');
		expect(check(id, { prompt: 'A red kite', imageUrls: images(3) })).toEqual(['Images: 3 URLs given; 1 to 2 allowed']);
		expect(check(id, { prompt: 'A red kite' })).toEqual(['Images is required']);
	});

	it('reference to video: 1 to 10 images and up to 3 videos', () => {
		const id = 'gemini-omni-1.1-flash-reference-to-video';
		expect(check(id, { prompt: 'A red kite', imageUrls: images(10), videoUrls: videos(3) })).toBe('OK');
		expect(check(id, { prompt: 'A red kite', imageUrls: images(11) })).toEqual(['Reference Images: 11 URLs given; 1 to 10 allowed']);
		expect(check(id, { prompt: 'A red kite', imageUrls: images(1), videoUrls: videos(4) })).toEqual([
			'Reference Videos: 4 URLs given; 1 to 3 allowed',
		]);
	});

	it('video edit: duration and aspect ratio are only auto (sent as such)', () => {
		const id = 'gemini-omni-1.1-flash-video-edit';
		const b = body(id, { prompt: 'Make it snow', videoUrls: videos(1) });
		expect(b).toMatchObject({ duration: 'auto', aspect_ratio: 'auto', quality: 'auto' });
		expect(check(id, { prompt: 'Make it snow', videoUrls: videos(1), duration: 5 })).toEqual(['Duration 5 is not allowed; use auto']);
		expect(check(id, { prompt: 'Make it snow', videoUrls: videos(1), aspectRatio: '16:9' })).toEqual([
			'Aspect Ratio "16:9" is not allowed; use auto',
		]);
	});

	it('video extend: 3 to 10 seconds added, exactly one video', () => {
		const id = 'gemini-omni-1.1-flash-video-extend';
		expect(body(id, { prompt: 'They fly away', videoUrls: videos(1) })).toMatchObject({ duration: 3, quality: 'auto' });
		expect(check(id, { prompt: 'They fly away', videoUrls: videos(1), duration: 11 })).toEqual([
			'Duration (Seconds) is 11; it must be a whole number from 3 to 10',
		]);
		expect(check(id, { prompt: 'They fly away', videoUrls: videos(2) })).toEqual(['Video: 2 URLs given; one allowed']);
	});

	it('text to video: 720p, 3 s and auto aspect ratio by default; quality has no auto', () => {
		const id = 'gemini-omni-1.1-flash-text-to-video';
		expect(body(id, { prompt: 'A red kite' })).toEqual({ model: id, prompt: 'A red kite', quality: '720p', duration: 3, aspect_ratio: 'auto' });
		expect(check(id, { prompt: 'A red kite', quality: 'auto' })).toEqual(['Quality "auto" is not allowed; use 360p, 720p, 1080p or 4k']);
	});
});
