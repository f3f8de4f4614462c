import type { Field, Issue, ListField, Values } from './fields';
import { matches } from './fields';
import type { CheckContext, MediaValue } from './schema';
import { validateFields } from './schema';

/** What kind of job a model does; the model picker groups by family and names the mode. */
export type ModelMode =
	| 'Text to Video'
	| 'Image to Video'
	| 'Reference to Video'
	| 'Video Edit'
	| 'Video Extend'
	| 'Draft to Video'
	| 'Motion Control'
	| 'Lip Sync'
	| 'Avatar'
	| 'Upscale'
	| 'Element';

/** Reports one broken cross-field rule: the field it concerns and what to change. */
export type Fail = (param: string, message: string) => void;

/**
 * Everything the node knows about one EvoLink model. The panel, the validation and the
 * request body all come from this one description.
 */
export interface ModelDefinition {
	/** The API's `model` value. */
	id: string;
	/** e.g. "Kling", "Seedance": the picker groups by it. */
	family: string;
	mode: ModelMode;
	/** e.g. "Kling v3 Text to Video" */
	displayName: string;
	/** One line: what it is good at, lengths and resolutions. */
	description: string;
	/** Rough render time in seconds, for agents (EvoLink's own estimate comes with each task). */
	typicalSeconds?: number;
	/** In panel order. A field's `showWhen` may only refer to fields before it. */
	fields: Field[];
	/** Rules across fields; report each broken one with `fail`. */
	rules?: (values: Values, fail: Fail, ctx: CheckContext) => void;
	/** Body parts that are not one field to one path (e.g. lists). */
	body?: (values: Values, body: Record<string, unknown>) => void;
}

export function defineModel(model: ModelDefinition): ModelDefinition {
	return model;
}

/** The fields shown for these (partly read) values, in panel order. */
export function visibleFields(model: ModelDefinition, values: Values): Field[] {
	return model.fields.filter((f) => matches(f.showWhen, values));
}

export function validateModel(model: ModelDefinition, raw: Values, ctx: CheckContext): { values: Values; issues: Issue[] } {
	const { values, issues } = validateFields(model.fields, raw, ctx);
	// Cross-field rules only make sense once every field is valid on its own.
	if (issues.length === 0) model.rules?.(values, (param, message) => issues.push({ param, message }), ctx);
	return { values, issues };
}

function setPath(target: Record<string, unknown>, path: string, value: unknown) {
	const keys = path.split('.');
	let node = target;
	for (const key of keys.slice(0, -1)) {
		node[key] = (node[key] as Record<string, unknown> | undefined) ?? {};
		node = node[key] as Record<string, unknown>;
	}
	node[keys[keys.length - 1]] = value;
}

function listEntry(field: ListField, entry: Values, index: number): Record<string, unknown> {
	const out: Record<string, unknown> = field.indexKey ? { [field.indexKey]: index + 1 } : {};
	for (const f of field.item.fields) {
		const v = entry[f.param];
		if (!f.api || v === undefined) continue;
		out[f.api] = f.type === 'number' && f.toApi ? f.toApi(v as number) : f.type === 'options' && f.toApi ? f.toApi(v as string) : v;
	}
	return out;
}

/**
 * The request body for validated values: every shown field that has a value, nothing
 * else. Media fields take `mediaUrls[param]` (the URLs given, or those of the uploads).
 */
export function buildBody(model: ModelDefinition, values: Values, mediaUrls: Record<string, string[]> = {}): Record<string, unknown> {
	const body: Record<string, unknown> = { model: model.id };
	for (const field of visibleFields(model, values)) {
		const value = values[field.param];
		if (!field.api || value === undefined) continue;
		// A yes/no left at the documented default is not sent: the API applies it anyway.
		if (field.type === 'boolean' && field.apiDefault !== undefined && value === field.apiDefault) continue;
		if (field.type === 'media') {
			const urls = mediaUrls[field.param] ?? ((value as MediaValue).source === 'url' ? (value as { urls: string[] }).urls : []);
			setPath(body, field.api, field.single ? urls[0] : urls);
		} else if (field.type === 'boolean' && field.toApi) setPath(body, field.api, field.toApi(value as boolean));
		else if (field.type === 'options' && field.toApi) setPath(body, field.api, field.toApi(value as string | number));
		else if (field.type === 'number' && field.toApi) setPath(body, field.api, field.toApi(value as number));
		else if (field.type === 'list') {
			// n8n hands over {} for a list left empty: nothing to send.
			if ((value as Values[]).length > 0) setPath(body, field.api, (value as Values[]).map((entry, i) => listEntry(field, entry, i)));
		}
		else setPath(body, field.api, value);
	}
	model.body?.(values, body);
	return body;
}
