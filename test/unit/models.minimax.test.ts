/**
 * MiniMax Hailuo and MiniMax H3: every prose rule of the catalogue
 * (test/fixtures/evolink-video-models.json) as a table, input values → exact messages (or
 * OK). Each row is also sent to the EvoLink simulator, which validates on its own from the
 * same catalogue: what the node accepts the simulator accepts, what it refuses the
 * simulator refuses.
 */
import { buildBody, validateModel } from '../../nodes/EvoLink/models';
import type { Values } from '../../nodes/EvoLink/models/fields';
import { CTX, model, panelDefaults, simulate, table, x } from './family';

const urls = (...names: string[]) => ({ source: 'url', urls: names.map((n) => `https://cdn.example.com/${n}`) });
const images = (n: number) => urls(...Array.from({ length: n }, (_, i) => `image${i + 1}.png`));

const P = { prompt: 'A lighthouse in a storm [Push in]' };

describe('Hailuo', () => {
	table('MiniMax-Hailuo-02', [
		['prompt only (text to video)', P, 'OK'],
		['one image, no prompt (image to video)', { imageUrls: images(1) }, 'OK'],
		['two images, no prompt (first + last frame)', { imageUrls: images(2) }, 'OK'],
		['no prompt and no image', { quality: '768p' }, ['Prompt is required when no image is given (text to video)']],
		['three images', { ...P, imageUrls: images(3) }, ['Images: 3 URLs given; 1 to 2 allowed']],
		['prompt of 2001 characters', { prompt: x(2001) }, ['Prompt has 2001 characters; the maximum is 2000']],
		['512p with one image', { imageUrls: images(1), quality: '512p' }, 'OK'],
		[
			'512p as text to video',
			{ ...P, quality: '512p' },
			['Quality is 512p with 0 images; 512p needs exactly 1 image (image to video), else use 768p or 1080p'],
		],
		[
			'512p with two images',
			{ imageUrls: images(2), quality: '512p' },
			['Quality is 512p with 2 images; 512p needs exactly 1 image (image to video), else use 768p or 1080p'],
		],
		['512p, 10 s', { imageUrls: images(1), quality: '512p', duration: 10 }, 'OK'],
		['768p, 10 s', { ...P, quality: '768p', duration: 10 }, 'OK'],
		['1080p, 6 s', { ...P, quality: '1080p', duration: 6 }, 'OK'],
		['1080p, 10 s', { ...P, quality: '1080p', duration: 10 }, ['Duration (Seconds) 10 is not available at 1080p; use 6']],
		['duration 8', { ...P, quality: '768p', duration: 8 }, ['Duration (Seconds) 8 is not available at 512p or 768p; use 6 or 10']],
		['quality 720p', { ...P, quality: '720p' }, ['Quality "720p" is not allowed; use 512p, 768p or 1080p']],
		['prompt optimizer off, fast pretreatment on', { ...P, promptOptimizer: false, fastPretreatment: true }, 'OK'],
	]);

	table('MiniMax-Hailuo-2.3', [
		['prompt only (text to video)', P, 'OK'],
		['one image, no prompt (image to video)', { imageUrls: images(1) }, 'OK'],
		['no prompt and no image', {}, ['Prompt is required when no image is given (text to video)']],
		['two images', { ...P, imageUrls: images(2) }, ['Image: 2 URLs given; one allowed']],
		['512p', { imageUrls: images(1), quality: '512p' }, ['Quality "512p" is not allowed; use 768p or 1080p']],
		['768p, 10 s', { ...P, quality: '768p', duration: 10 }, 'OK'],
		['1080p, 10 s', { imageUrls: images(1), quality: '1080p', duration: 10 }, ['Duration (Seconds) 10 is not available at 1080p; use 6']],
		['prompt optimizer off, fast pretreatment on', { ...P, promptOptimizer: false, fastPretreatment: true }, 'OK'],
	]);

	table('MiniMax-Hailuo-2.3-Fast', [
		['one image, no prompt', { imageUrls: images(1) }, 'OK'],
		['image and prompt', { ...P, imageUrls: images(1) }, 'OK'],
		['no image', P, ['Image is required']],
		['1080p, 10 s', { imageUrls: images(1), quality: '1080p', duration: 10 }, ['Duration (Seconds) 10 is not available at 1080p; use 6']],
		['1080p, 6 s, prompt optimizer off', { imageUrls: images(1), quality: '1080p', duration: 6, promptOptimizer: false }, 'OK'],
	]);
});

describe('MiniMax H3', () => {
	table('minimax-h3-text-to-video', [
		['prompt only', P, 'OK'],
		['no prompt', {}, ['Prompt is required']],
		['prompt of 7000 characters', { prompt: x(7000) }, 'OK'],
		['prompt of 7001 characters', { prompt: x(7001) }, ['Prompt has 7001 characters; the maximum is 7000']],
		['4 s, 2k, 21:9', { ...P, duration: 4, quality: '2k', aspectRatio: '21:9' }, 'OK'],
		['15 s', { ...P, duration: 15 }, 'OK'],
		['3 s', { ...P, duration: 3 }, ['Duration (Seconds) is 3; it must be a whole number from 4 to 15']],
		['4.5 s', { ...P, duration: 4.5 }, ['Duration (Seconds) is 4.5; it must be a whole number from 4 to 15']],
		['480p', { ...P, quality: '480p' }, ['Quality "480p" is not allowed; use 768p or 2k']],
		['adaptive ratio', { ...P, aspectRatio: 'adaptive' }, ['Aspect Ratio "adaptive" is not allowed; use 16:9, 21:9, 4:3, 1:1, 3:4 or 9:16']],
	]);

	table('minimax-h3-image-to-video', [
		['first frame only', { ...P, imageStart: urls('first.png') }, 'OK'],
		['last frame only', { ...P, imageEnd: urls('last.png') }, 'OK'],
		['first and last frame, 2k', { ...P, imageStart: urls('first.png'), imageEnd: urls('last.png'), quality: '2k' }, 'OK'],
		['no frame', P, ['First Frame or Last Frame is required: give one of them, or both']],
		['two URLs as first frame', { ...P, imageStart: urls('a.png', 'b.png') }, ['First Frame: 2 URLs given; one allowed'], false],
	]);

	table('minimax-h3-reference-to-video', [
		['one image', { ...P, imageUrls: images(1) }, 'OK'],
		['one video', { ...P, videoUrls: urls('clip.mp4') }, 'OK'],
		['one audio clip', { ...P, audioUrls: urls('voice.mp3') }, 'OK'],
		[
			'9 images, 3 videos, 3 audio clips, adaptive, 2k, 15 s',
			{
				...P,
				imageUrls: images(9),
				videoUrls: urls('a.mp4', 'b.mp4', 'c.mp4'),
				audioUrls: urls('a.mp3', 'b.mp3', 'c.mp3'),
				aspectRatio: 'adaptive',
				quality: '2k',
				duration: 15,
			},
			'OK',
		],
		['no reference', P, ['Reference Images, Reference Videos or Reference Audio: give at least one reference']],
		['10 images', { ...P, imageUrls: images(10) }, ['Reference Images: 10 URLs given; 1 to 9 allowed']],
		['4 videos', { ...P, videoUrls: urls('a.mp4', 'b.mp4', 'c.mp4', 'd.mp4') }, ['Reference Videos: 4 URLs given; 1 to 3 allowed']],
		['4 audio clips', { ...P, audioUrls: urls('a.mp3', 'b.mp3', 'c.mp3', 'd.mp3') }, ['Reference Audio: 4 URLs given; 1 to 3 allowed']],
	]);

	table('minimax-h3-max-text-to-video', [
		['prompt only', P, 'OK'],
		['5 s, 480p, 9:16', { ...P, duration: 5, quality: '480p', aspectRatio: '9:16' }, 'OK'],
		['4 s', { ...P, duration: 4 }, ['Duration (Seconds) is 4; it must be a whole number from 5 to 15']],
		['2k', { ...P, quality: '2k' }, ['Quality "2k" is not allowed; use 480p or 768p']],
	]);

	table('minimax-h3-max-image-to-video', [
		['first frame', { ...P, imageStart: urls('first.png') }, 'OK'],
		['first and last frame', { ...P, imageStart: urls('first.png'), imageEnd: urls('last.png'), quality: '480p' }, 'OK'],
		['last frame only', { ...P, imageEnd: urls('last.png') }, ['First Frame is required']],
		['no prompt', { imageStart: urls('first.png') }, ['Prompt is required']],
	]);

	table('minimax-h3-max-reference-to-video', [
		['images and a video', { ...P, imageUrls: images(2), videoUrls: urls('clip.mp4'), aspectRatio: '1:1' }, 'OK'],
		// The catalogue asks for a reference on H3 only; neither refuses this for H3 Max.
		['no reference', P, 'OK'],
		['10 images', { ...P, imageUrls: images(10) }, ['Reference Images: 10 URLs given; 1 to 9 allowed']],
		['2k', { ...P, imageUrls: images(1), quality: '2k' }, ['Quality "2k" is not allowed; use 480p or 768p']],
	]);

	table('minimax-h3-max-turbo-text-to-video', [
		['prompt only', P, 'OK'],
		['15 s, 4:3', { ...P, duration: 15, aspectRatio: '4:3' }, 'OK'],
		['16 s', { ...P, duration: 16 }, ['Duration (Seconds) is 16; it must be a whole number from 5 to 15']],
	]);

	table('minimax-h3-max-turbo-image-to-video', [
		['first frame', { ...P, imageStart: urls('first.png') }, 'OK'],
		['first and last frame, 10 s', { ...P, imageStart: urls('first.png'), imageEnd: urls('last.png'), duration: 10 }, 'OK'],
		['last frame only', { ...P, imageEnd: urls('last.png') }, ['First Frame is required']],
	]);
});

/** Per model: the inputs it cannot do without; everything else as the panel starts. */
const MINIMAL: Record<string, Values> = {
	'MiniMax-Hailuo-02': P,
	'MiniMax-Hailuo-2.3': P,
	'MiniMax-Hailuo-2.3-Fast': { imageUrls: images(1) },
	'minimax-h3-text-to-video': P,
	'minimax-h3-image-to-video': { ...P, imageStart: urls('first.png') },
	'minimax-h3-reference-to-video': { ...P, imageUrls: images(1) },
	'minimax-h3-max-text-to-video': P,
	'minimax-h3-max-image-to-video': { ...P, imageStart: urls('first.png') },
	'minimax-h3-max-reference-to-video': { ...P, imageUrls: images(1) },
	'minimax-h3-max-turbo-text-to-video': P,
	'minimax-h3-max-turbo-image-to-video': { ...P, imageStart: urls('first.png') },
};

describe('request bodies', () => {
	it.each(Object.keys(MINIMAL))('%s: the panel defaults give a body the simulator accepts', (id) => {
		const m = model(id);
		const { values, issues } = validateModel(m, { ...panelDefaults(m), ...MINIMAL[id] }, CTX);
		expect(issues).toEqual([]);
		expect(simulate(buildBody(m, values))).toBe('accepted');
	});

	it('Hailuo: the model_params settings go nested, defaults as documented', () => {
		const m = model('MiniMax-Hailuo-02');
		const { values } = validateModel(m, { ...panelDefaults(m), ...P, promptOptimizer: false, fastPretreatment: true }, CTX);
		expect(buildBody(m, values)).toEqual({
			model: 'MiniMax-Hailuo-02',
			prompt: P.prompt,
			quality: '768p',
			duration: 6,
			model_params: { prompt_optimizer: false, fast_pretreatment: true },
		});
	});

	it('H3 image to video: the frames are single URLs', () => {
		const m = model('minimax-h3-image-to-video');
		const { values } = validateModel(m, { ...panelDefaults(m), ...P, imageEnd: urls('last.png') }, CTX);
		expect(buildBody(m, values)).toEqual({
			model: 'minimax-h3-image-to-video',
			prompt: P.prompt,
			image_end: 'https://cdn.example.com/last.png',
			duration: 4,
			quality: '768p',
		});
	});

	it('H3 reference: the panel starts at adaptive, 4 s, 768p', () => {
		const m = model('minimax-h3-reference-to-video');
		expect(panelDefaults(m)).toEqual({ duration: 4, quality: '768p', aspectRatio: 'adaptive' });
	});
});
