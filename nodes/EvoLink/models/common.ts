import type { Choice, StringField } from './fields';
import type { CheckContext } from './schema';

/** The prompt every model has; models differ in its length and whether it may be empty. */
export function promptField(options: { maxLength: number; required: boolean; description?: string }): StringField {
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
		description: options.description ?? `What the video should show. At most ${options.maxLength} characters.`,
	};
}

/** The three ratios every text-to-video model here offers. */
export const COMMON_RATIOS: Choice[] = [
	{ name: '16:9 (Landscape)', value: '16:9' },
	{ name: '9:16 (Portrait)', value: '9:16' },
	{ name: '1:1 (Square)', value: '1:1' },
];

const INTERNAL_HOST =
	/^(localhost\.?|.*\.localhost\.?|127\.\d+\.\d+\.\d+|0\.0\.0\.0|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|169\.254\.\d+\.\d+|\[?::1\]?|\[?::ffff:.*|\[?f[cd][0-9a-f]{2}:.*)$/i;

/**
 * EvoLink refuses callbacks that are not https, longer than 2048 characters, or internal.
 * Those are EvoLink's rules: against another server (a simulator, a proxy) that server decides.
 */
export function checkCallbackUrl(value: string, ctx: CheckContext): string | undefined {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return `"${value}" is not a valid URL`;
	}
	if (!['http:', 'https:'].includes(url.protocol)) return `must be an http(s) URL, not ${url.protocol}`;
	if (!ctx.officialApi) return undefined;
	if (url.protocol !== 'https:') return 'EvoLink only calls back https:// URLs';
	if (value.length > 2048) return `EvoLink allows at most 2048 characters (this one has ${value.length})`;
	if (INTERNAL_HOST.test(url.hostname)) return `EvoLink does not call internal addresses such as ${url.hostname}`;
	return undefined;
}

export const callbackUrlField: StringField = {
	type: 'string',
	param: 'callbackUrl',
	api: 'callback_url',
	displayName: 'Callback URL',
	default: '',
	placeholder: 'https://example.com/webhooks/evolink',
	description:
		'Optional. EvoLink POSTs the finished task here (https, public address, at most 2048 characters). Not needed when waiting for completion.',
	check: checkCallbackUrl,
};
