// Alibaba Wan 2.7 (split from wanNext.ts, which lists these models too).
import {
	aspectRatioField,
	booleanField,
	callbackUrlField,
	durationRange,
	enumField,
	mediaCount,
	mediaField,
	negativePromptField,
	oneVideo,
	promptField,
	qualityField,
	seedField,
} from '../common';
import type { Fail, ModelDefinition } from '../define';
import { defineModel } from '../define';
import type { Choice, Field, ListField, Values } from '../fields';

export const WAN_QUALITY_NAMES = { '480p': '480p (Lowest Price)', '720p': '720p (Standard)', '1080p': '1080p (Highest Quality)' };
export const WAN_RATIOS = ['16:9', '9:16', '1:1', '4:3', '3:4'];

/** A public http(s) URL typed as text (where the Files API cannot take the file). */
export function checkHttpUrl(value: string): string | undefined {
	return /^https?:\/\/[^\s/]+\S*$/i.test(value) ? undefined : `"${value.slice(0, 80)}" is not a public http(s) URL`;
}

const IMAGE_27 = '240 to 8000 px a side, aspect 1:8 to 8:1, no transparency.';
const VIDEO_27 = '2 to 10 s, 240 to 4096 px a side, aspect 1:8 to 8:1.';

const prompt27 = (required: boolean, description: string) =>
	promptField({ maxLength: 5000, required, description: `${description} At most 5000 characters.` });
const quality27 = qualityField(['720p', '1080p'], '720p', WAN_QUALITY_NAMES);
const ratio27 = (description?: string) => aspectRatioField(WAN_RATIOS, '16:9', description);
const duration27 = (description = 'Whole seconds, 2 to 15. Billed on the seconds generated.') => durationRange(2, 15, 5, description);
const seed27 = seedField(2147483647, 'seed', 1);
const promptExtend27 = booleanField({
	param: 'promptExtend',
	api: 'prompt_extend',
	displayName: 'Prompt Extend',
	default: false,
	optional: true,
	description: 'Whether a language model rewrites and enriches the prompt first; helps short prompts',
});
const drivingAudio27 = mediaField('audio', {
	param: 'audioUrls',
	api: 'audio_urls',
	displayName: 'Driving Audio',
	minItems: 1,
	maxItems: 1,
	maxMb: 15,
	description: 'Sound the video follows (lip-sync, motion), 2 to 30 s: cut to the duration if longer, silence after it if shorter.',
});
const image27 = (param: string, api: string, displayName: string, description: string, maxItems?: number) =>
	mediaField('image', { param, api, displayName, maxMb: 20, description: `${description} ${IMAGE_27}`, ...(maxItems ? { maxItems } : { single: true }) });

const wan27TextToVideo = defineModel({
	id: 'wan2.7-text-to-video',
	family: 'Wan',
	mode: 'Text to Video',
	displayName: 'Wan 2.7 Text to Video',
	description: 'Alibaba Wan 2.7: 2 to 15 s, 720p or 1080p, five aspect ratios, optional driving audio',
	typicalSeconds: 180,
	fields: [
		prompt27(true, 'What the video should show; ask for single, multi-shot or timed shots in words.'),
		negativePromptField(500),
		drivingAudio27,
		quality27,
		ratio27(),
		duration27(),
		seed27,
		promptExtend27,
		callbackUrlField,
	],
});

const I2V_MODES: Record<string, { name: string; needs: string[]; refuses: string[] }> = {
	first_frame: { name: 'First Frame', needs: ['imageStart'], refuses: ['imageEnd', 'videoUrls'] },
	first_last_frame: { name: 'First and Last Frame', needs: ['imageStart', 'imageEnd'], refuses: ['videoUrls'] },
	video_continuation: { name: 'Video Continuation', needs: ['videoUrls'], refuses: ['imageStart', 'audioUrls'] },
};
const I2V_INPUTS: Record<string, string> = { imageStart: 'First Frame', imageEnd: 'Last Frame', videoUrls: 'Video to Continue', audioUrls: 'Driving Audio' };

/** What each generation mode needs and refuses; without a mode, the API picks one from the inputs. */
function generationModeRules(values: Values, fail: Fail) {
	const given = (param: string) => mediaCount(values[param]) > 0;
	let mode = values.generationMode as string | undefined;
	const inferred = mode === undefined;
	if (mode === undefined) {
		if (given('videoUrls')) mode = 'video_continuation';
		else if (given('imageStart')) return;
		else return fail('imageStart', 'First Frame or Video to Continue is required: the video is made from one of them');
	}
	const { name, needs, refuses } = I2V_MODES[mode];
	const how = `with Generation Mode "${name}"${inferred ? ' (picked because a Video to Continue is given)' : ''}`;
	for (const p of needs) if (!given(p)) fail(p, `${I2V_INPUTS[p]} is required ${how}`);
	for (const p of refuses) if (given(p)) fail(p, `${I2V_INPUTS[p]} is not allowed ${how}; remove it`);
}

const wan27ImageToVideo = defineModel({
	id: 'wan2.7-image-to-video',
	family: 'Wan',
	mode: 'Image to Video',
	displayName: 'Wan 2.7 Image to Video',
	description: 'Alibaba Wan 2.7: from a first frame, first and last frames, or continuing a video; 2 to 15 s, 720p or 1080p',
	typicalSeconds: 180,
	fields: [
		enumField({
			param: 'generationMode',
			api: 'generation_mode',
			displayName: 'Generation Mode',
			values: ['first_frame', 'first_last_frame', 'video_continuation'],
			names: { first_frame: 'First Frame', first_last_frame: 'First and Last Frame', video_continuation: 'Video Continuation' },
			description:
				'First Frame: needs First Frame. First and Last Frame: needs both frames. Video Continuation: needs Video to Continue (Last Frame optional, no First Frame or Driving Audio). Model Default picks from the inputs.',
		}),
		prompt27(false, 'How the video should move.'),
		negativePromptField(500),
		image27('imageStart', 'image_start', 'First Frame', 'The first frame (First Frame and First and Last Frame modes).'),
		image27('imageEnd', 'image_end', 'Last Frame', 'The last frame (First and Last Frame; optional for Video Continuation).'),
		mediaField('video', {
			param: 'videoUrls',
			api: 'video_urls',
			displayName: 'Video to Continue',
			maxItems: 1,
			maxMb: 100,
			description: `The clip the video continues (Video Continuation only), ${VIDEO_27}`,
		}),
		drivingAudio27,
		quality27,
		duration27("Whole seconds, 2 to 15. For Video Continuation the total length, input included: at least the input clip's length (equal returns it unchanged)."),
		seed27,
		promptExtend27,
		callbackUrlField,
	],
	rules: generationModeRules,
});

const MAX_REFERENCES = 5;
const VOICE_TARGETS: Choice[] = ['image', 'video'].flatMap((kind) =>
	[1, 2, 3, 4, 5].map((n) => ({ name: `${kind === 'image' ? 'Image' : 'Video'} ${n}`, value: `${kind}${n}` })),
);

const voiceBindings: ListField = {
	type: 'list',
	param: 'voiceBindings',
	api: 'model_params.voice_bindings',
	displayName: 'Voice Bindings',
	default: [],
	maxItems: 5,
	description: "The voice of each character: Image N or Video N of the references (overrides a video's own sound)",
	item: {
		name: 'binding',
		displayName: 'Voice Binding',
		fields: [
			{ type: 'options', param: 'input', displayName: 'Character', default: 'image1', required: true, options: VOICE_TARGETS },
			{
				type: 'string',
				param: 'audioUrl',
				displayName: 'Voice Audio URL',
				default: '',
				required: true,
				placeholder: 'https://example.com/voice.mp3',
				description: 'Public URL of a WAV or MP3 voice sample',
				check: checkHttpUrl,
			},
		],
	},
};

/** 1 to 5 images and videos together, at most 10 s with videos, each voice bound to a given reference once. */
function wan27ReferenceRules(values: Values, fail: Fail) {
	const images = mediaCount(values.imageUrls);
	const videos = mediaCount(values.videoUrls);
	if (images + videos === 0) fail('imageUrls', 'Reference Images or Reference Videos: add at least one (a First Frame alone is not enough)');
	if (images + videos > MAX_REFERENCES)
		fail(videos ? 'videoUrls' : 'imageUrls', `Reference Images and Reference Videos: ${images} + ${videos} given; at most ${MAX_REFERENCES} together`);
	const duration = (values.duration as number | undefined) ?? 5;
	if (videos > 0 && duration > 10) fail('duration', `Duration (Seconds) is ${duration} with Reference Videos; use 2 to 10`);
	const seen = new Set<string>();
	for (const binding of (values.voiceBindings as Values[] | undefined) ?? []) {
		const key = String(binding.input);
		const [, kind, n] = /^(image|video)(\d+)$/.exec(key) ?? [];
		const label = `${kind === 'image' ? 'Image' : 'Video'} ${n}`;
		const have = kind === 'image' ? images : videos;
		if (Number(n) > have)
			fail('voiceBindings', `Voice Bindings: ${label} has a voice, but ${have} Reference ${kind === 'image' ? 'Images are' : 'Videos are'} given`);
		if (seen.has(key)) fail('voiceBindings', `Voice Bindings: ${label} is bound twice; give each character one voice`);
		seen.add(key);
	}
}

const wan27Reference = defineModel({
	id: 'wan2.7-reference-video',
	family: 'Wan',
	mode: 'Reference to Video',
	displayName: 'Wan 2.7 Reference Video',
	description: 'Alibaba Wan 2.7: up to 5 reference images and videos as characters, with their voices; 2 to 15 s, 720p or 1080p',
	typicalSeconds: 240,
	fields: [
		prompt27(true, 'What the video should show; name the references "Image 1", "Video 1"... (numbered separately, in order).'),
		negativePromptField(500),
		image27('imageStart', 'image_start', 'First Frame', 'Optional first frame (not a reference, cannot have a voice).'),
		image27('imageUrls', 'image_urls', 'Reference Images', 'One character per image; with Reference Videos at most 5 in total.', MAX_REFERENCES),
		mediaField('video', {
			param: 'videoUrls',
			api: 'video_urls',
			displayName: 'Reference Videos',
			maxItems: MAX_REFERENCES,
			maxMb: 100,
			description: "One character per video (its sound can be the voice); with Reference Images at most 5 in total. 1 to 30 s, 240 to 4096 px a side, aspect 1:8 to 8:1.",
		}),
		voiceBindings,
		mediaField('audio', {
			param: 'audioUrls',
			api: 'audio_urls',
			displayName: 'Voices in Order',
			maxItems: 5,
			description: 'Legacy: voices bound in order to the reference videos, then the images. Voice Bindings is clearer and wins when both are given.',
		}),
		quality27,
		ratio27('Ignored with a First Frame (the video follows that image)'),
		duration27('Whole seconds, 2 to 15; at most 10 with Reference Videos. Billed on the seconds generated.'),
		seed27,
		promptExtend27,
		callbackUrlField,
	],
	rules: wan27ReferenceRules,
	// The API wants { image1: url, video2: url }; the list is easier to fill in.
	body(values, body) {
		const mp = body.model_params as Record<string, unknown> | undefined;
		if (!mp) return;
		const bindings = (values.voiceBindings as Values[] | undefined) ?? [];
		if (bindings.length > 0) mp.voice_bindings = Object.fromEntries(bindings.map((b) => [b.input, b.audioUrl]));
		else delete mp.voice_bindings;
		if (Object.keys(mp).length === 0) delete body.model_params;
	},
});

const editDuration = durationRange(0, 10, 0, "0 keeps the input video's length; 2 to 10 cuts it to that many seconds from the start");

const wan27VideoEdit = defineModel({
	id: 'wan2.7-video-edit',
	family: 'Wan',
	mode: 'Video Edit',
	displayName: 'Wan 2.7 Video Edit',
	description: 'Alibaba Wan 2.7: edits a 2 to 10 s video from a prompt and up to 4 reference images, 720p or 1080p',
	typicalSeconds: 180,
	fields: [
		prompt27(false, 'What to change in the video.'),
		negativePromptField(500),
		oneVideo({
			displayName: 'Video to Edit',
			maxMb: 100,
			description: `The clip to edit, ${VIDEO_27}`,
		}),
		image27('imageUrls', 'image_urls', 'Reference Images', 'Up to 4 images of what to bring in (clothing, props...).', 4),
		booleanField({
			param: 'keepOriginalSound',
			api: 'keep_original_sound',
			displayName: 'Keep Original Sound',
			default: false,
			optional: false,
			description: "Whether to always keep the input's sound; off, the model decides (it may make new sound when the prompt asks for it)",
		}),
		quality27,
		aspectRatioField(WAN_RATIOS, undefined, "Model Default: close to the input video's"),
		editDuration,
		seed27,
		promptExtend27,
		callbackUrlField,
	] satisfies Field[],
	rules(values, fail) {
		if (values.duration === 1) fail('duration', 'Duration (Seconds) is 1; use 0 (keep the input length) or 2 to 10');
	},
});

export const wan27: ModelDefinition[] = [wan27TextToVideo, wan27ImageToVideo, wan27Reference, wan27VideoEdit];
