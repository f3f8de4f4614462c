// HappyHorse 1.0 and 1.1.
import { aspectRatioField, booleanField, callbackUrlField, durationRange, IMAGE_TYPES, INTERNAL_HOST, mediaField, oneImage, oneVideo, promptField, qualityField, seedField } from '../common';
import type { ModelDefinition } from '../define';
import { defineModel } from '../define';
import type { CheckContext, Field, MediaField, Values } from '../fields';

const FAMILY = 'HappyHorse';
const RATIOS = ['16:9', '9:16', '1:1', '4:3', '3:4', '4:5', '5:4', '9:21', '21:9'];

// Longer prompts are not refused but silently cut: refuse them here instead of paying for half a prompt.
const MAX_PROMPT = 5000;
const MAX_CHINESE_PROMPT = 2500;
const HAN = /\p{Script=Han}/u;

const prompt = (required: boolean, description: string) =>
	promptField({
		required,
		maxLength: MAX_PROMPT,
		description: `${description} At most ${MAX_PROMPT} characters (${MAX_CHINESE_PROMPT} in Chinese).`,
	});

const quality = qualityField(['720p', '1080p'], '720p', { '1080p': '1080p (Costs More)' });
const duration = durationRange(3, 15, 5, 'Whole seconds, 3 to 15; the price follows it');
const ratio = aspectRatioField(RATIOS, '16:9', 'Shape of the video');
const seed = seedField(2147483647, 'seed', 1);

const PUBLIC = 'A public http(s) address: no private, intranet or password-protected links.';

const firstFrame = oneImage({
	maxMb: 10,
	mimeTypes: IMAGE_TYPES,
	description: `The first frame: at least 300 px a side, aspect between 1:2.5 and 2.5:1. ${PUBLIC}`,
});

const characters = mediaField('image', {
	param: 'imageUrls',
	api: 'image_urls',
	displayName: 'Reference Images',
	required: true,
	minItems: 1,
	maxItems: 9,
	maxMb: 10,
	mimeTypes: IMAGE_TYPES,
	description: `1 to 9 characters, named character1, character2, … in the prompt in this order; short side at least 400 px. ${PUBLIC}`,
});

/** Why HappyHorse would refuse this media URL, if it would. */
function privateUrlProblem(value: string): string | undefined {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return undefined;
	}
	if (url.username || url.password) return 'has a user name or password in it';
	if (INTERNAL_HOST.test(url.hostname)) return `points to the private address ${url.hostname}`;
	return undefined;
}

/** Prose rules of every HappyHorse model: the prompt limit in Chinese, public media URLs. */
function happyhorseRules(fields: Field[]) {
	const media = fields.filter((f): f is MediaField => f.type === 'media');
	return (values: Values, fail: (param: string, message: string) => void, ctx: CheckContext) => {
		const text = typeof values.prompt === 'string' ? values.prompt : '';
		const length = [...text].length;
		if (length > MAX_CHINESE_PROMPT && HAN.test(text))
			fail('prompt', `Prompt has ${length} characters in Chinese; HappyHorse reads at most ${MAX_CHINESE_PROMPT} and silently cuts the rest`);
		for (const field of media) {
			const value = values[field.param] as { source?: string; urls?: string[] } | undefined;
			// A local simulator serves media on loopback: the credential's testing switch allows it.
			if (value?.source !== 'url' || ctx.allowLocalCallbacks) continue;
			for (const url of value.urls ?? []) {
				const problem = privateUrlProblem(url);
				if (problem) fail(field.param, `${field.displayName}: "${url}" ${problem}; HappyHorse only reads public URLs (or give a binary file)`);
			}
		}
	};
}

const model = (spec: Pick<ModelDefinition, 'id' | 'mode' | 'displayName' | 'description' | 'fields'>) => {
	const fields = [...spec.fields, callbackUrlField];
	return defineModel({ family: FAMILY, typicalSeconds: 180, ...spec, fields, rules: happyhorseRules(fields) });
};

const versions = ['1.0', '1.1'] as const;

const textToVideo = versions.map((v) =>
	model({
		id: `happyhorse-${v}-text-to-video`,
		mode: 'Text to Video',
		displayName: `HappyHorse ${v} Text to Video`,
		description: `HappyHorse ${v}: 3 to 15 s from a prompt, 720p or 1080p, nine aspect ratios`,
		fields: [prompt(true, 'What the video should show.'), quality, ratio, duration, seed],
	}),
);

const imageToVideo = versions.map((v) =>
	model({
		id: `happyhorse-${v}-image-to-video`,
		mode: 'Image to Video',
		displayName: `HappyHorse ${v} Image to Video`,
		description: `HappyHorse ${v}: animates a first frame, 3 to 15 s, 720p or 1080p`,
		fields: [prompt(false, 'How the image should move (optional).'), firstFrame, quality, duration, seed],
	}),
);

const referenceToVideo = versions.map((v) =>
	model({
		id: `happyhorse-${v}-reference-to-video`,
		mode: 'Reference to Video',
		displayName: `HappyHorse ${v} Reference to Video`,
		description: `HappyHorse ${v}: a video with up to 9 reference characters, 3 to 15 s, 720p or 1080p`,
		fields: [
			prompt(true, 'What the video should show; call the reference images character1, character2, … in their order.'),
			characters,
			quality,
			ratio,
			duration,
			seed,
		],
	}),
);

export const happyhorseVideoEdit = model({
	id: 'happyhorse-1.0-video-edit',
	mode: 'Video Edit',
	displayName: 'HappyHorse 1.0 Video Edit',
	description: 'HappyHorse 1.0: edits a clip (first 15 s used) by instruction, up to 5 style images, 720p or 1080p',
	fields: [
		prompt(true, 'The edit, as an instruction (e.g. "make it snow").'),
		oneVideo({
			maxMb: 100,
			description: `The video to edit: MP4 or MOV (H.264), 3 to 60 s (only the first 15 s are used), above 8 fps, 320 to 2160 px. ${PUBLIC}`,
		}),
		mediaField('image', {
			param: 'imageUrls',
			api: 'image_urls',
			displayName: 'Reference Images',
			maxItems: 5,
			maxMb: 10,
			mimeTypes: IMAGE_TYPES,
			description: `Optional style or subject images (up to 5), at least 300 px a side. ${PUBLIC}`,
		}),
		booleanField({
			param: 'keepOriginalSound',
			api: 'keep_original_sound',
			displayName: 'Keep Original Sound',
			default: false,
			optional: false,
			description: 'Whether to keep the input video’s sound; off, new audio is generated',
		}),
		quality,
		seed,
	],
});

export const happyhorse: ModelDefinition[] = [
	textToVideo[0],
	imageToVideo[0],
	referenceToVideo[0],
	happyhorseVideoEdit,
	textToVideo[1],
	imageToVideo[1],
	referenceToVideo[1],
];
