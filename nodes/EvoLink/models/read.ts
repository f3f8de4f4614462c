// Reads one item's values of a model from the node's parameters, as validation wants them.
import type { INode } from 'n8n-workflow';

import type { Field, MediaField, Values } from './fields';
import { OPTIONS_PARAM, mediaParams } from './panel';
import type { MediaValue } from './schema';

export type ParamReader = (name: string, itemIndex: number, fallback: unknown) => unknown;

/** "a\nb", "a, https://b", '["a","b"]' or an array from an expression: a list of texts. */
export function splitList(value: unknown, by: RegExp): string[] {
	if (Array.isArray(value)) return value.map((v) => String(v ?? '').trim()).filter(Boolean);
	if (typeof value !== 'string') return value === undefined || value === null ? [] : [String(value)];
	const text = value.trim();
	if (text.startsWith('[')) {
		try {
			const parsed: unknown = JSON.parse(text);
			if (Array.isArray(parsed)) return splitList(parsed, by);
		} catch {
			// not JSON: split as text
		}
	}
	return text
		.split(by)
		.map((s) => s.trim())
		.filter(Boolean);
}

const URL_SEPARATOR = /\n|,\s*(?=https?:\/\/)/i;
const NAME_SEPARATOR = /[\n,]/;

function readMedia(field: MediaField, get: (name: string, fallback: unknown) => unknown): MediaValue | null | undefined {
	const p = mediaParams(field);
	const source = get(p.source, field.required ? 'url' : 'none');
	if (source === null) return null;
	if (source === 'url') {
		const urls = splitList(get(p.url, ''), URL_SEPARATOR);
		return urls.length ? { source: 'url', urls } : undefined;
	}
	if (source === 'binary') {
		const fields = splitList(get(p.binary, 'data'), NAME_SEPARATOR);
		return fields.length ? { source: 'binary', fields } : undefined;
	}
	return undefined;
}

/**
 * Every field of the model for one item. Main settings are top-level parameters, optional
 * ones come from the Options collection; workflows saved by version 0.1 kept some of those
 * (Callback URL, Negative Prompt, Watermark, Prompt Extend) at the top level, and still work.
 */
export function readModelValues(getParam: ParamReader, node: INode, fields: Field[], itemIndex: number): Values {
	const get = (name: string, fallback: unknown) => getParam(name, itemIndex, fallback);
	const options = (get(OPTIONS_PARAM, {}) ?? {}) as Values;
	const values: Values = {};
	for (const field of fields) {
		if (field.type === 'media') values[field.param] = readMedia(field, get);
		else if (!field.optional) values[field.param] = get(field.param, field.default);
		else if (field.param in options) values[field.param] = options[field.param];
		else if (Object.prototype.hasOwnProperty.call(node.parameters, field.param)) values[field.param] = get(field.param, undefined);
	}
	return values;
}
