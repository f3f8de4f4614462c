// A model's panel: n8n properties made from its fields. Main settings sit at the top
// level; optional settings without a documented default are in the model's "Options"
// collection (sent only when added). Media fields become a source choice plus a URL
// field and a binary-field field.
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { Choice, Condition, Field, MediaField } from './fields';

/** The Options collection of every model has this parameter name. */
export const OPTIONS_PARAM = 'options';
/** A choice that leaves the setting out of the request: the model's own default applies. */
export const MODEL_DEFAULT = '';

export const mediaParams = (field: MediaField) => ({
	source: `${field.param}Source`,
	url: field.param,
	binary: `${field.param}Binary`,
});

const KIND_NAMES = { image: 'Image', video: 'Video', audio: 'Audio' } as const;

function choices(options: Choice[]): INodePropertyOptions[] {
	return options.map((o) => ({ name: o.name, value: o.value, ...(o.description ? { description: o.description } : {}) }));
}

function mediaProperties(field: MediaField, show: Condition): INodeProperties[] {
	const p = mediaParams(field);
	const kind = KIND_NAMES[field.kind];
	const many = !field.single && field.maxItems > 1;
	const what = many ? `${kind.toLowerCase()}s` : `the ${kind.toLowerCase()}`;
	const sources: INodePropertyOptions[] = [
		{ name: 'URL', value: 'url', description: `Public URL${many ? 's' : ''} of ${what}` },
		{ name: 'Binary File', value: 'binary', description: `${kind} file${many ? 's' : ''} in the input item, uploaded to EvoLink first` },
	];
	if (!field.required) sources.unshift({ name: 'None', value: 'none', description: `No ${kind.toLowerCase()}` });
	const limits = [field.mimeTypes?.map((m) => m.split('/')[1].toUpperCase()).join('/'), field.maxMb ? `≤ ${field.maxMb} MB` : undefined]
		.filter(Boolean)
		.join(', ');
	const count = many ? (field.minItems && field.minItems > 1 ? `${field.minItems}–${field.maxItems}` : `up to ${field.maxItems}`) : '';
	const about = [field.description, limits ? `${limits}.` : undefined].filter(Boolean).join(' ');
	const source: INodeProperties = field.required
		? { displayName: `${field.displayName} Source`, name: p.source, type: 'options', options: sources, default: 'url', required: true }
		: { displayName: `${field.displayName} Source`, name: p.source, type: 'options', options: sources, default: 'none' };
	return [
		{ ...source, displayOptions: { show } },
		{
			displayName: many ? `${field.displayName.replace(/s$/, '')} URLs` : `${field.displayName} URL`,
			name: p.url,
			type: 'string',
			default: '',
			placeholder: `https://example.com/${field.kind === 'image' ? 'picture.png' : field.kind === 'video' ? 'clip.mp4' : 'voice.mp3'}`,
			description: `${many ? `${count} public URLs, one per line (or an array from an expression)` : 'A public URL'}. ${about}`.trim(),
			...(many ? { typeOptions: { rows: 2 } } : {}),
			displayOptions: { show: { ...show, [p.source]: ['url'] } },
		},
		{
			displayName: many ? `Input Binary Fields` : `Input Binary Field`,
			name: p.binary,
			type: 'string',
			default: 'data',
			hint: many ? `Names of the input item's binary fields, comma-separated (${count})` : "The name of the input item's binary field",
			description: `${kind} file${many ? 's' : ''} from the input item, uploaded to EvoLink's Files API (kept 72 hours). ${about}`.trim(),
			displayOptions: { show: { ...show, [p.source]: ['binary'] } },
		},
	];
}

/** The properties of one field (without display conditions when `show` is undefined: inside a collection). */
export function fieldProperties(field: Field, show?: Condition): INodeProperties[] {
	if (field.type === 'media') return mediaProperties(field, { ...show, ...field.showWhen });
	const hide = show && field.hideWhen ? { hide: field.hideWhen } : {};
	const display = show ? { displayOptions: { show: { ...show, ...field.showWhen }, ...hide } } : {};
	const base = {
		displayName: field.displayName,
		name: field.param,
		...(field.description ? { description: field.description } : {}),
		...(field.hint ? { hint: field.hint } : {}),
		...(field.required ? { required: true } : {}),
		...display,
	};
	switch (field.type) {
		case 'string':
			return [
				{
					...base,
					type: 'string',
					default: field.default,
					...(field.placeholder ? { placeholder: field.placeholder } : {}),
					...(field.rows ? { typeOptions: { rows: field.rows } } : {}),
				},
			];
		case 'number':
			return [
				{
					...base,
					type: 'number',
					default: field.default,
					typeOptions: { minValue: field.min, maxValue: field.max, ...(field.decimals ? {} : { numberPrecision: 0 }) },
				},
			];
		case 'boolean':
			return [{ ...base, type: 'boolean', default: field.default }];
		case 'options':
			if (!field.variants) return [{ ...base, type: 'options', default: field.default, options: choices(field.options) }];
			return field.variants.map((variant) => ({
				...base,
				type: 'options' as const,
				default: field.default,
				options: choices(variant.options),
				displayOptions: { show: { ...show, ...field.showWhen, ...variant.when } },
			}));
		case 'list':
			return [
				{
					...base,
					type: 'fixedCollection',
					default: {},
					placeholder: `Add ${field.item.displayName}`,
					typeOptions: { multipleValues: true, sortable: true },
					options: [
						{
							name: field.item.name,
							displayName: field.item.displayName,
							values: field.item.fields.flatMap((f) => fieldProperties(f)),
						},
					],
				},
			];
	}
}

/** Inside the Options collection, conditions on main settings are written with a leading "/". */
function inCollection(field: Field): INodeProperties[] {
	const props = fieldProperties(field);
	if (!field.showWhen && !field.hideWhen) return props;
	// "@tool" is n8n's own condition, not a parameter path.
	const root = (c: Condition = {}) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k.startsWith('@') ? k : `/${k}`, v]));
	const displayOptions = {
		...(field.showWhen ? { show: root(field.showWhen) } : {}),
		...(field.hideWhen ? { hide: root(field.hideWhen) } : {}),
	};
	return props.map((p) => ({ ...p, displayOptions }));
}

const AS_TOOL = { '@tool': [true] };

/** Hides a property when the node runs as an AI tool (its twin, filled by the agent, shows instead). */
function notAsTool(p: INodeProperties): INodeProperties {
	const hide = { ...p.displayOptions?.hide, ...AS_TOOL };
	return { ...p, displayOptions: { ...p.displayOptions, hide } };
}

/**
 * The agent's version of a main setting: same name, shown only as a tool, its default a
 * $fromAI() call that tells the agent the type, the allowed values and the default.
 */
function toolTwins(field: Field, show: Condition, fromAi: (field: Field) => string): INodeProperties[] {
	const when = { show: { ...show, ...field.showWhen, ...AS_TOOL } };
	if (field.type === 'media') {
		const p = mediaParams(field);
		return [
			{ displayName: `${field.displayName} Source`, name: p.source, type: 'hidden', default: 'url', displayOptions: when },
			{ displayName: `${field.displayName} URL`, name: p.url, type: 'string', default: fromAi(field), displayOptions: when },
		];
	}
	const [first] = fieldProperties(field, show);
	const { options: _variants, ...base } = first;
	void _variants;
	const type = field.type === 'list' ? 'json' : first.type;
	return [{ ...base, type, ...(field.type === 'options' ? { options: fieldProperties({ ...field, variants: undefined }, show)[0].options } : {}), default: fromAi(field), displayOptions: when }];
}

/**
 * The panel of a model, shown when it is selected. `fromAi` gives the agent's version of
 * each main setting (models/tool.ts); without it there is no tool version.
 */
export function panelProperties(model: { id: string; fields: Field[] }, show: Condition, fromAi?: (field: Field) => string): INodeProperties[] {
	const when = { ...show, model: [model.id] };
	const mainFields = model.fields.filter((f) => !f.optional);
	const main = mainFields.flatMap((f) => fieldProperties(f, when)).map((p) => (fromAi ? notAsTool(p) : p));
	const twins = fromAi ? mainFields.flatMap((f) => toolTwins(f, when, fromAi)) : [];
	const optional = model.fields.filter((f) => f.optional);
	if (optional.length === 0) return [...main, ...twins];
	const options = optional.flatMap(inCollection).sort((a, b) => a.displayName.localeCompare(b.displayName));
	return [
		...main,
		...twins,
		{
			displayName: 'Options',
			name: OPTIONS_PARAM,
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options,
			displayOptions: { show: when },
		},
	];
}
