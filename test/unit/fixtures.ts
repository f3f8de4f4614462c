import type { Values } from '../../nodes/EvoLink/models/fields';

/** The values n8n hands over for a freshly added node (panel defaults), plus a prompt. */
export const WAN: Values = {
	prompt: 'A cat playing the piano',
	quality: '720p',
	aspectRatio: '16:9',
	duration: 5,
	promptExtend: true,
	callbackUrl: '',
};
export const KLING: Values = {
	prompt: 'A fox in the snow',
	negativePrompt: '',
	duration: 5,
	aspectRatio: '16:9',
	quality: '720p',
	sound: false,
	multiShot: false,
	watermark: false,
	callbackUrl: '',
};
