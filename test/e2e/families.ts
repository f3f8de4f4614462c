// One model of every family (each model's `family` in nodes/EvoLink/models/families/), as
// a user sets it up in the panel, and the exact body EvoLink must receive for it: the
// settings set, the documented defaults of the main settings, and nothing the docs leave
// open (/work/shared/evolink-video-models.json). Media are given as URLs of files
// uploaded to the simulator's Files API (test/e2e/families.test.ts).
import type { INodeParameters } from 'n8n-workflow';

import type { WorkflowJson } from './harness';

/** Public URLs of the sample files. */
export interface Media {
	/** a PNG (first frame) */
	png: string;
	/** another PNG (last frame, second reference) */
	png2: string;
	mp4: string;
	wav: string;
}

export interface FamilyCase {
	family: string;
	model: string;
	/** the EvoLink node's parameters besides resource, operation and model */
	parameters: INodeParameters;
	/** what the simulator must receive */
	body: Record<string, unknown>;
}

const prompt = (family: string) => `e2e family ${family}: the sun sinks behind the sea`;

export function familyCases(m: Media): FamilyCase[] {
	return [
		{
			family: 'Wan',
			model: 'wan2.6-image-to-video',
			// Image Source is required: it starts at URL
			parameters: { prompt: prompt('Wan'), imageUrls: m.png, audioUrlSource: 'url', audioUrl: m.wav, options: { duration: 5, promptExtend: false } },
			body: { prompt: prompt('Wan'), image_urls: [m.png], quality: '720p', duration: 5, audio_url: m.wav, prompt_extend: false },
		},
		{
			family: 'Kling',
			model: 'kling-v3-image-to-video',
			parameters: { imageStart: m.png, imageEndSource: 'url', imageEnd: m.png2, prompt: prompt('Kling'), sound: true, options: { negativePrompt: 'blur, text' } },
			body: { image_start: m.png, image_end: m.png2, prompt: prompt('Kling'), negative_prompt: 'blur, text', duration: 5, quality: '720p', sound: 'on' },
		},
		{
			family: 'Seedance',
			model: 'seedance-2.0-reference-to-video',
			parameters: {
				prompt: prompt('Seedance'),
				imageUrlsSource: 'url',
				imageUrls: `${m.png}\n${m.png2}`,
				videoUrlsSource: 'url',
				videoUrls: m.mp4,
				options: { contentFilter: false },
			},
			body: {
				prompt: prompt('Seedance'),
				image_urls: [m.png, m.png2],
				video_urls: [m.mp4],
				duration: 5,
				quality: '720p',
				aspect_ratio: 'adaptive',
				content_filter: false,
			},
		},
		{
			family: 'Hailuo',
			model: 'MiniMax-Hailuo-2.3',
			parameters: { prompt: prompt('Hailuo'), imageUrlsSource: 'url', imageUrls: m.png, duration: 10, options: { promptOptimizer: false } },
			body: { prompt: prompt('Hailuo'), image_urls: [m.png], quality: '768p', duration: 10, model_params: { prompt_optimizer: false } },
		},
		{
			family: 'MiniMax H3',
			model: 'minimax-h3-image-to-video',
			parameters: { prompt: prompt('MiniMax H3'), imageStartSource: 'url', imageStart: m.png },
			body: { prompt: prompt('MiniMax H3'), image_start: m.png, duration: 4, quality: '768p' },
		},
		{
			family: 'Veo',
			model: 'veo-3.1-generate-preview',
			parameters: {
				prompt: prompt('Veo'),
				generationType: 'FIRST&LAST',
				imageUrlsSource: 'url',
				imageUrls: `${m.png}\n${m.png2}`,
				duration: 8,
				options: { negativePrompt: 'rain' },
			},
			// no aspect ratio, quality, audio, n: the docs give them no default in the schema
			body: { prompt: prompt('Veo'), generation_type: 'FIRST&LAST', image_urls: [m.png, m.png2], duration: 8, negative_prompt: 'rain' },
		},
		{
			family: 'Sora',
			model: 'sora-2-preview',
			parameters: { prompt: prompt('Sora'), imageUrlsSource: 'url', imageUrls: m.png, aspectRatio: '16:9', duration: 8 },
			body: { prompt: prompt('Sora'), image_urls: [m.png], aspect_ratio: '16:9', duration: 8 },
		},
		{
			family: 'Gemini Omni',
			model: 'gemini-omni-flash-video-edit',
			parameters: { prompt: prompt('Gemini Omni'), videoUrls: m.mp4 },
			body: { prompt: prompt('Gemini Omni'), video_urls: [m.mp4] },
		},
		{
			family: 'Grok Imagine',
			model: 'grok-imagine-image-to-video-beta',
			parameters: { prompt: prompt('Grok Imagine'), imageUrls: m.png, mode: 'fun' },
			body: { prompt: prompt('Grok Imagine'), image_urls: [m.png], duration: 6, mode: 'fun', aspect_ratio: '16:9', quality: '480p' },
		},
		{
			family: 'HappyHorse',
			model: 'happyhorse-1.0-video-edit',
			parameters: { prompt: prompt('HappyHorse'), videoUrls: m.mp4, imageUrlsSource: 'url', imageUrls: m.png, keepOriginalSound: true },
			body: { prompt: prompt('HappyHorse'), video_urls: [m.mp4], image_urls: [m.png], keep_original_sound: true, quality: '720p' },
		},
		{
			family: 'OmniHuman',
			model: 'omnihuman-1.5',
			parameters: { imageUrls: m.png, audioUrl: m.wav, prompt: prompt('OmniHuman') },
			body: { image_urls: [m.png], audio_url: m.wav, prompt: prompt('OmniHuman') },
		},
		{
			family: 'Topaz',
			model: 'topaz-video-upscale',
			parameters: { videoUrls: m.mp4, upscaleFactor: '4' },
			// the API takes the factor as a string
			body: { video_urls: [m.mp4], model_params: { upscale_factor: '4' } },
		},
		{
			family: 'VideoRetalk',
			model: 'videoretalk',
			parameters: { videoUrl: m.mp4, audioUrl: m.wav, options: { queryFaceThreshold: 150 } },
			body: { video_url: m.mp4, audio_url: m.wav, query_face_threshold: 150 },
		},
	];
}

/** Manual trigger → EvoLink Generate Video (waits, downloads the result). */
export function familyWorkflow(id: string, c: FamilyCase, credentialId: string): WorkflowJson {
	return {
		id,
		name: `e2e family ${c.family}: ${c.model}`,
		active: false,
		nodes: [
			{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'generate',
				name: 'Generate Video',
				type: 'n8n-nodes-evolink.evoLink',
				typeVersion: 1,
				position: [260, 0],
				parameters: { resource: 'video', operation: 'generate', model: c.model, ...c.parameters, waitForCompletion: true, downloadVideo: true },
				credentials: { evoLinkApi: { id: credentialId, name: 'EvoLink' } },
			},
		],
		connections: { Start: { main: [[{ node: 'Generate Video', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

/** A valid WAV (RIFF/WAVE, 8 kHz mono 8-bit), `ms` long: the Files API checks the header. */
export function wav(ms = 250): Buffer {
	const samples = Math.round((8000 * ms) / 1000);
	const header = Buffer.alloc(44);
	header.write('RIFF', 0, 'ascii');
	header.writeUInt32LE(36 + samples, 4);
	header.write('WAVEfmt ', 8, 'ascii');
	header.writeUInt32LE(16, 16); // fmt chunk size
	header.writeUInt16LE(1, 20); // PCM
	header.writeUInt16LE(1, 22); // mono
	header.writeUInt32LE(8000, 24); // sample rate
	header.writeUInt32LE(8000, 28); // byte rate
	header.writeUInt16LE(1, 32); // block align
	header.writeUInt16LE(8, 34); // bits per sample
	header.write('data', 36, 'ascii');
	header.writeUInt32LE(samples, 40);
	const data = Buffer.alloc(samples);
	for (let i = 0; i < samples; i++) data[i] = 128 + Math.round(60 * Math.sin((2 * Math.PI * 440 * i) / 8000));
	return Buffer.concat([header, data]);
}
