// Shared pieces of model definitions: one place for the fields many models have.
import type { BooleanField, Choice, MediaField, MediaKind, NumberField, OptionsField, StringField } from './fields';
import type { CheckContext } from './schema';
import { MODEL_DEFAULT } from './panel';

/** The choice that sends nothing: the model's own default applies. */
export const modelDefault: Choice = { name: 'Model Default', value: MODEL_DEFAULT, description: 'Not sent: EvoLink applies the model default' };

/** The prompt; models differ in its length and whether it may be empty. */
export function promptField(options: { maxLength?: number; required: boolean; description?: string }): StringField {
	const limit = options.maxLength ? ` At most ${options.maxLength} characters.` : '';
	return {
		type: 'string',
		param: 'prompt',
		api: 'prompt',
		displayName: 'Prompt',
		default: '',
		required: options.required,
		rows: 4,
		placeholder: 'e.g. A cat playing the piano in a jazz club, cinematic lighting',
		maxLength: options.maxLength,
		description: options.description ?? `What the video should show.${limit}`,
	};
}

export function negativePromptField(maxLength?: number): StringField {
	return {
		type: 'string',
		param: 'negativePrompt',
		api: 'negative_prompt',
		displayName: 'Negative Prompt',
		default: '',
		optional: true,
		maxLength,
		placeholder: 'e.g. people, text, watermark',
		description: `What must not appear in the video${maxLength ? ` (at most ${maxLength} characters)` : ''}`,
	};
}

export function seedField(max = 2147483647, api = 'seed', min = 0): NumberField {
	return {
		type: 'number',
		param: 'seed',
		api,
		displayName: 'Seed',
		default: min,
		min,
		max,
		optional: true,
		description: 'The same seed and settings give a similar video again',
	};
}

const RATIO_NAMES: Record<string, string> = {
	'16:9': '16:9 (Landscape)',
	'9:16': '9:16 (Portrait)',
	'1:1': '1:1 (Square)',
	'21:9': '21:9 (Ultrawide)',
	adaptive: 'Adaptive (From the Inputs)',
	auto: 'Auto',
};

/** Choices for these API values, named plainly ("16:9 (Landscape)", "1080p"). */
export function choicesOf(values: Array<string | number>, names: Record<string, string> = {}): Choice[] {
	return values.map((v) => ({ name: names[String(v)] ?? RATIO_NAMES[String(v)] ?? String(v), value: v }));
}

/** The three ratios most text-to-video models offer. */
export const COMMON_RATIOS: Choice[] = choicesOf(['16:9', '9:16', '1:1']);

/**
 * An enum setting. With a documented default it is a plain dropdown; without one its first
 * choice is "Model Default", which sends nothing (never a value the docs don't define).
 */
export function enumField(spec: {
	param: string;
	api: string;
	displayName: string;
	values: Array<string | number>;
	default?: string | number;
	names?: Record<string, string>;
	description?: string;
	optional?: boolean;
	required?: boolean;
}): OptionsField {
	const options = choicesOf(spec.values, spec.names);
	const documented = spec.default !== undefined;
	return {
		type: 'options',
		param: spec.param,
		api: spec.api,
		displayName: spec.displayName,
		description: spec.description,
		default: documented ? spec.default! : spec.required ? spec.values[0] : MODEL_DEFAULT,
		options: documented || spec.required ? options : [modelDefault, ...options],
		...(documented ? { apiDefault: spec.default } : {}),
		...(spec.optional ? { optional: true } : {}),
		...(spec.required ? { required: true } : {}),
	};
}

export const aspectRatioField = (values: string[], def?: string, description?: string) =>
	enumField({ param: 'aspectRatio', api: 'aspect_ratio', displayName: 'Aspect Ratio', values, default: def, description });

export const qualityField = (values: string[], def?: string, names?: Record<string, string>, description?: string) =>
	enumField({ param: 'quality', api: 'quality', displayName: 'Quality', values, default: def, names, description });

/** Duration as a fixed set of seconds. */
export const durationChoices = (values: number[], def?: number, description = 'Length of the video in seconds') =>
	enumField({ param: 'duration', api: 'duration', displayName: 'Duration (Seconds)', values, default: def, description });

/** Duration as a range of whole seconds. Without a documented default it is an option. */
export function durationRange(min: number, max: number, def?: number, description?: string): NumberField {
	return {
		type: 'number',
		param: 'duration',
		api: 'duration',
		displayName: 'Duration (Seconds)',
		default: def ?? min,
		min,
		max,
		description: description ?? `Whole seconds, ${min} to ${max}`,
		...(def !== undefined ? { apiDefault: def } : { optional: true }),
	};
}

/** A yes/no setting; without a documented default it is an option (sent only when added). */
export function booleanField(spec: {
	param: string;
	api: string;
	displayName: string;
	description: string;
	default?: boolean;
	optional?: boolean;
	toApi?: (value: boolean) => unknown;
}): BooleanField {
	const documented = spec.default !== undefined;
	return {
		type: 'boolean',
		param: spec.param,
		api: spec.api,
		displayName: spec.displayName,
		description: spec.description,
		default: spec.default ?? false,
		...(documented ? { apiDefault: spec.default } : {}),
		...(spec.optional || !documented ? { optional: true } : {}),
		...(spec.toApi ? { toApi: spec.toApi } : {}),
	};
}

export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
export const VIDEO_TYPES = ['video/mp4', 'video/quicktime'];
export const AUDIO_TYPES = ['audio/mpeg', 'audio/wav', 'audio/x-wav', 'audio/vnd.wave', 'audio/wave'];

/** A media input. `param` is the n8n name, `api` the body path; `single` sends one URL. */
export function mediaField(
	kind: MediaKind,
	spec: Omit<MediaField, 'type' | 'kind' | 'param' | 'displayName' | 'maxItems'> & {
		param: string;
		displayName: string;
		maxItems?: number;
	},
): MediaField {
	const types = kind === 'image' ? IMAGE_TYPES : kind === 'video' ? VIDEO_TYPES : AUDIO_TYPES;
	return { type: 'media', kind, mimeTypes: types, ...spec, maxItems: spec.single ? 1 : (spec.maxItems ?? 1) };
}

/** Loopback, private and link-local hosts, written literally. */
export const INTERNAL_HOST =
	/^(localhost\.?|.*\.localhost\.?|127\.\d+\.\d+\.\d+|0\.0\.0\.0|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|169\.254\.\d+\.\d+|\[?::1\]?|\[?::ffff:.*|\[?f[cd][0-9a-f]{2}:.*)$/i;

/**
 * EvoLink refuses callbacks that are not https, longer than 2048 characters, or internal,
 * whatever host the API is reached through. A credential for a local simulator may allow
 * http and loopback ("Allow Local Callback URLs").
 */
export function checkCallbackUrl(value: string, ctx: CheckContext): string | undefined {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return `"${value.slice(0, 80)}" is not a valid URL`;
	}
	if (!['http:', 'https:'].includes(url.protocol)) return `must be an https:// URL, not ${url.protocol}`;
	if (value.length > 2048) return `EvoLink allows at most 2048 characters (this one has ${value.length})`;
	if (ctx.allowLocalCallbacks) return undefined;
	if (url.protocol !== 'https:') return 'EvoLink only calls back https:// URLs';
	if (INTERNAL_HOST.test(url.hostname)) return `EvoLink does not call internal addresses such as ${url.hostname}`;
	return undefined;
}

export const callbackUrlField: StringField = {
	type: 'string',
	param: 'callbackUrl',
	api: 'callback_url',
	displayName: 'Callback URL',
	default: '',
	optional: true,
	// On Callback mode sets it to this execution's own resume URL; an agent cannot take callbacks.
	hideWhen: { waitMode: ['callback'], '@tool': [true] },
	placeholder: 'https://example.com/webhooks/evolink',
	description:
		'EvoLink POSTs the ended task here (https, public address, at most 2048 characters), e.g. the Production URL of an EvoLink Trigger',
	check: checkCallbackUrl,
};

/** How many files a media value holds (URLs or binary fields); 0 when not set. For cross-field rules. */
export function mediaCount(value: unknown): number {
	const v = value as { source?: string; urls?: string[]; fields?: string[] } | undefined;
	if (!v || typeof v !== 'object') return 0;
	return (v.source === 'url' ? v.urls : v.fields)?.length ?? 0;
}

/** A first or last frame (`image_start` / `image_end`, one URL). */
export const frameField = (which: 'start' | 'end', spec: Partial<Omit<MediaField, 'type' | 'kind'>>): MediaField =>
	mediaField('image', {
		param: which === 'start' ? 'imageStart' : 'imageEnd',
		api: `image_${which}`,
		displayName: which === 'start' ? 'First Frame' : 'Last Frame',
		single: true,
		...spec,
	});

/** The one picture a model starts from (`image_urls` with exactly one URL). */
export const oneImage = (spec: Partial<Omit<MediaField, 'type' | 'kind'>>): MediaField =>
	mediaField('image', { param: 'imageUrls', api: 'image_urls', displayName: 'Image', required: true, minItems: 1, maxItems: 1, ...spec });

/** The one video a model works on (`video_urls` with exactly one URL). */
export const oneVideo = (spec: Partial<Omit<MediaField, 'type' | 'kind'>>): MediaField =>
	mediaField('video', { param: 'videoUrls', api: 'video_urls', displayName: 'Video', required: true, minItems: 1, maxItems: 1, ...spec });
