// The vocabulary a model is described in. One Field yields its panel property, its
// validation and its place in the request body (panel.ts, schema.ts, body.ts).

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
	/** n8n parameter name (unique within the model). */
	param: string;
	/** Dotted path in the request body, e.g. `model_params.watermark_info.enabled`. None: the model's `body` hook sends it. */
	api?: string;
	displayName: string;
	description?: string;
	hint?: string;
	showWhen?: Condition;
	/** Hide the field when other parameters (of the node, e.g. waitMode) have one of these values. */
	hideWhen?: Condition;
	/** Shown with the required mark in the panel and rejected when empty. */
	required?: boolean;
	/**
	 * Optional settings without a documented default live in the model's "Options"
	 * collection: sent only when the user adds them, never a value the docs don't define.
	 */
	optional?: boolean;
	/** The API's default when the field is left out (documented), for tool descriptions and the conformance test. */
	apiDefault?: unknown;
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
	/** How the API spells a choice (e.g. a number sent as the string "2"); default: as is. */
	toApi?: (value: string | number) => unknown;
}

export interface NumberField extends FieldBase {
	type: 'number';
	default: number;
	min: number;
	max: number;
	/** Default: whole numbers. */
	decimals?: boolean;
	/** How the API spells it (e.g. seconds as a string); default: the number itself. */
	toApi?: (value: number) => unknown;
}

export interface BooleanField extends FieldBase {
	type: 'boolean';
	default: boolean;
	/** How the API spells it, e.g. `on`/`off`. Default: the boolean itself. */
	toApi?: (value: boolean) => unknown;
}

/**
 * A repeatable group (n8n fixedCollection `{ [item]: [...] }`), read as an array of objects
 * and sent as an array at `api`: each entry has its fields at their own `api` keys, plus
 * `indexKey` (1, 2, …) when the API numbers the entries.
 */
export interface ListField extends FieldBase {
	type: 'list';
	item: { name: string; displayName: string; fields: Array<StringField | NumberField | OptionsField> };
	indexKey?: string;
	minItems?: number;
	maxItems: number;
	default: [];
}

export type MediaKind = 'image' | 'video' | 'audio';

/**
 * A picture, clip or sound the model reads: public URLs, or binary fields of the input item
 * that the node uploads to EvoLink's Files API first. `single` sends one URL, else a list.
 */
export interface MediaField extends FieldBase {
	type: 'media';
	kind: MediaKind;
	single?: boolean;
	minItems?: number;
	maxItems: number;
	/** Accepted file types (MIME), checked on binary data before uploading. */
	mimeTypes?: string[];
	/** Largest file, in MB, checked on binary data before uploading. */
	maxMb?: number;
	/** What the model does with it, for the panel and agents. */
	purpose?: string;
}

export type Field = StringField | OptionsField | NumberField | BooleanField | ListField | MediaField;

/** What a check may need to know beyond the values. */
export interface CheckContext {
	/** The credential allows http and internal callback URLs (a local simulator). */
	allowLocalCallbacks: boolean;
}

export interface Issue {
	param: string;
	message: string;
}

/** "a, b or c" */
export function listAllowed(values: Array<string | number>): string {
	const quoted = values.map(String);
	return quoted.length < 2 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

export function matches(condition: Condition | undefined, values: Values): boolean {
	if (!condition) return true;
	return Object.entries(condition).every(([param, allowed]) => allowed.includes(values[param] as string | number | boolean));
}
