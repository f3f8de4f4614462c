import type { INodeProperties } from 'n8n-workflow';
import type { CheckContext } from './schema';

/** Values of one model's parameters, keyed by n8n parameter name. */
export type Values = Record<string, unknown>;

/** Show a field only when other parameters of the same model have one of these values. */
export type Condition = Record<string, Array<string | number | boolean>>;

export interface Choice<T extends string | number = string | number> {
	name: string;
	value: T;
	description?: string;
}

interface FieldBase {
	/** n8n parameter name. */
	param: string;
	/** Dotted path in the request body, e.g. `model_params.watermark_info.enabled`. None: the model's `body` hook sends it. */
	api?: string;
	displayName: string;
	description?: string;
	hint?: string;
	showWhen?: Condition;
	/** Shown with the required mark in the panel and rejected when empty. */
	required?: boolean;
}

export interface StringField extends FieldBase {
	type: 'string';
	default: string;
	maxLength?: number;
	rows?: number;
	placeholder?: string;
	/** Extra check on a non-empty value; returns an error message. */
	check?: (value: string, ctx: CheckContext) => string | undefined;
}

export interface OptionsField extends FieldBase {
	type: 'options';
	default: string | number;
	options: Choice[];
	/** The choices allowed depend on other fields: one panel property per variant. */
	variants?: Array<{ when: Condition; label: string; options: Choice[] }>;
}

export interface NumberField extends FieldBase {
	type: 'number';
	default: number;
	min: number;
	max: number;
}

export interface BooleanField extends FieldBase {
	type: 'boolean';
	default: boolean;
	/** How the API spells it, e.g. `on`/`off`. Default: the boolean itself. */
	toApi?: (value: boolean) => unknown;
}

/** A repeatable group (n8n fixedCollection `{ [item]: [...] }`), read as an array of objects. */
export interface ListField extends FieldBase {
	type: 'list';
	item: { name: string; displayName: string; fields: Array<StringField | NumberField> };
	maxItems: number;
	default: [];
}

export type Field = StringField | OptionsField | NumberField | BooleanField | ListField;

/** "a, b or c" */
export function listAllowed(values: Array<string | number>): string {
	const quoted = values.map(String);
	return quoted.length < 2 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

export function matches(condition: Condition | undefined, values: Values): boolean {
	if (!condition) return true;
	return Object.entries(condition).every(([param, allowed]) =>
		allowed.includes(values[param] as string | number | boolean),
	);
}

function choices(options: Choice[]) {
	return options.map((o) => ({ name: o.name, value: o.value, description: o.description }));
}

/** The panel properties of one field, shown for one model of one operation. */
export function fieldProperties(field: Field, show?: Condition): INodeProperties[] {
	const displayOptions = { show: { ...show, ...field.showWhen } };
	const base = {
		displayName: field.displayName,
		name: field.param,
		description: field.description,
		hint: field.hint,
		required: field.required,
		...(show ? { displayOptions } : {}),
	};
	switch (field.type) {
		case 'string':
			return [
				{
					...base,
					type: 'string',
					default: field.default,
					placeholder: field.placeholder,
					typeOptions: field.rows ? { rows: field.rows } : undefined,
				},
			];
		case 'number':
			return [
				{
					...base,
					type: 'number',
					default: field.default,
					typeOptions: { minValue: field.min, maxValue: field.max, numberPrecision: 0 },
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
				displayOptions: { show: { ...displayOptions.show, ...variant.when } },
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
							// Inside a collection item: no display conditions.
							values: field.item.fields.flatMap((f) => fieldProperties(f)),
						},
					],
				},
			];
	}
}
