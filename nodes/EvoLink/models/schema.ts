// Validation of a model's values with zod: every message names the field, the value
// given and what is allowed, so bad input fails before anything is paid for.
import { z } from 'zod';

import type { CheckContext, Field, Issue, ListField, MediaField, Values } from './fields';
import { listAllowed, matches } from './fields';
import { MODEL_DEFAULT } from './panel';

export type { CheckContext, Issue } from './fields';

/** A media field's value once read from the panel: public URLs, or binary fields of the item. */
export type MediaValue = { source: 'url'; urls: string[] } | { source: 'binary'; fields: string[] };

// Expressions and AI tools often hand over "10", "true" or the API's own "on": accept the obvious spellings.
function coerceNumber(v: unknown) {
	return typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v;
}
function coerceBoolean(v: unknown) {
	if (v === 'true' || v === 'on' || v === 'yes') return true;
	return v === 'false' || v === 'off' || v === 'no' ? false : v;
}
const shown = (v: unknown) => {
	const text = JSON.stringify(v) ?? String(v);
	return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

/** Allowed choices of an options field where they depend on earlier fields. */
interface Allowed {
	values: Array<string | number | boolean>;
	/** e.g. "at 480p" */
	label?: string;
}

const HTTP_URL = /^https?:\/\/[^\s/]+\S*$/i;

function mediaCount(field: MediaField): string {
	if (field.single || field.maxItems === 1) return 'one';
	const min = field.minItems ?? 1;
	return min === field.maxItems ? `exactly ${min}` : `${min} to ${field.maxItems}`;
}

/** Media: counts and URL shapes (binary fields are checked against the item when uploading). */
function checkMedia(field: MediaField, value: MediaValue): string[] {
	const name = field.displayName;
	const given = value.source === 'url' ? value.urls : value.fields;
	const problems: string[] = [];
	const min = field.minItems ?? 1;
	const max = field.single ? 1 : field.maxItems;
	if (given.length < min || given.length > max)
		problems.push(`${name}: ${given.length} ${value.source === 'url' ? 'URLs' : 'binary fields'} given; ${mediaCount(field)} allowed`);
	if (value.source === 'url')
		for (const url of value.urls)
			if (!HTTP_URL.test(url)) problems.push(`${name}: "${shown(url).slice(1, -1)}" is not a public http(s) URL`);
	return problems;
}

/** The zod schema of one field's value, with messages that name the field, the value and what is allowed. */
export function fieldSchema(field: Exclude<Field, MediaField>, ctx: CheckContext, allowed?: Allowed): z.ZodTypeAny {
	const name = field.displayName;
	switch (field.type) {
		case 'string': {
			const max = field.maxLength;
			return z
				.string({ errorMap: (_i, c) => ({ message: `${name} must be text, not ${shown(c.data)}` }) })
				.superRefine((value, c) => {
					const length = [...value].length;
					if (max !== undefined && length > max)
						c.addIssue({ code: 'custom', message: `${name} has ${length} characters; the maximum is ${max}` });
					const problem = field.check?.(value, ctx);
					if (problem) c.addIssue({ code: 'custom', message: `${name}: ${problem}` });
				});
		}
		case 'number': {
			const range = `${field.decimals ? 'a number' : 'a whole number'} from ${field.min} to ${field.max}`;
			return z.preprocess(
				coerceNumber,
				z
					.number({ errorMap: (_i, c) => ({ message: `${name} must be ${range}, not ${shown(c.data)}` }) })
					.superRefine((value, c) => {
						if ((!field.decimals && !Number.isInteger(value)) || value < field.min || value > field.max)
							c.addIssue({ code: 'custom', message: `${name} is ${value}; it must be ${range}` });
					}),
			);
		}
		case 'boolean':
			return z.preprocess(
				coerceBoolean,
				z.boolean({ errorMap: (_i, c) => ({ message: `${name} must be true or false, not ${shown(c.data)}` }) }),
			);
		case 'options': {
			const values = (allowed?.values ?? field.options.map((o) => o.value)).filter((v) => v !== MODEL_DEFAULT);
			const problem = allowed?.label ? `is not available ${allowed.label}` : 'is not allowed';
			const errorMap: z.ZodErrorMap = (_i, c) => ({ message: `${name} ${shown(c.data)} ${problem}; use ${listAllowed(values.map(String))}` });
			const literals = values.map((v) => z.literal(v, { errorMap }));
			const schema =
				literals.length === 1 ? literals[0] : z.union(literals as unknown as [z.ZodLiteral<string>, z.ZodLiteral<string>], { errorMap });
			if (values.every((v) => typeof v === 'number')) return z.preprocess(coerceNumber, schema);
			if (values.every((v) => typeof v === 'boolean')) return z.preprocess(coerceBoolean, schema);
			// A choice spelled as a number ("5" vs 5) by an expression: compare as text.
			return z.preprocess((v) => (typeof v === 'number' && values.includes(String(v)) ? String(v) : v), schema);
		}
		case 'list':
			// n8n hands over { shot: [...] }; expressions and AI tools may give the array itself.
			return z.preprocess(
				(v) => (Array.isArray(v) ? v : v && typeof v === 'object' ? ((v as Values)[field.item.name] ?? []) : v),
				z.array(z.record(z.unknown()), { errorMap: () => ({ message: `${name} must be a list` }) }),
			);
	}
}

function allowedFor(field: Field, values: Values): Allowed | undefined {
	if (field.type !== 'options' || !field.variants) return undefined;
	const variant = field.variants.find((v) => matches(v.when, values));
	return variant ? { values: variant.options.map((o) => o.value), label: variant.label } : undefined;
}

/** Each list item is validated like a small model of its own; messages say which item. */
function validateList(field: ListField, list: Values[], ctx: CheckContext) {
	const issues: Issue[] = [];
	if (list.length > field.maxItems)
		issues.push({ param: field.param, message: `${field.displayName}: ${list.length} given, at most ${field.maxItems} allowed` });
	if (field.minItems && list.length < field.minItems)
		issues.push({ param: field.param, message: `${field.displayName}: ${list.length} given, at least ${field.minItems} needed` });
	const items = list.map((item, i) => {
		const result = validateFields(field.item.fields, item, ctx);
		const label = `${field.item.displayName} ${i + 1}`;
		issues.push(...result.issues.map((issue) => ({ param: field.param, message: `${label}: ${issue.message}` })));
		return result.values;
	});
	return { items, issues };
}

/** Not set: left out of the request (a required field reports it). Whitespace-only text counts as empty. */
const isUnset = (v: unknown) => v === undefined || v === MODEL_DEFAULT || (typeof v === 'string' && v.trim() === '');

/**
 * Validates the values of the fields shown for these values. Returns the parsed
 * (coerced, trimmed) values, or the issues, each naming the field and what is allowed.
 * A null is an error, never a silent default: it is what an AI model sends for "I don't know".
 */
export function validateFields(fields: Field[], raw: Values, ctx: CheckContext): { values: Values; issues: Issue[] } {
	const values: Values = {};
	const issues: Issue[] = [];
	for (const field of fields) {
		if (!matches(field.showWhen, values)) continue;
		const input = raw[field.param];
		if (input === null) {
			issues.push({ param: field.param, message: `${field.displayName} is null; give a value${field.required ? '' : ' or leave it out'}` });
			continue;
		}
		if (isUnset(input)) {
			if (field.required) issues.push({ param: field.param, message: `${field.displayName} is required` });
			continue;
		}
		if (field.type === 'media') {
			const problems = checkMedia(field, input as MediaValue);
			issues.push(...problems.map((message) => ({ param: field.param, message })));
			if (problems.length === 0) values[field.param] = input;
			continue;
		}
		const result = fieldSchema(field, ctx, allowedFor(field, values)).safeParse(typeof input === 'string' ? input.trim() : input);
		if (!result.success) {
			issues.push(...result.error.issues.map((i) => ({ param: field.param, message: i.message })));
			continue;
		}
		if (field.type === 'list') {
			const list = validateList(field, result.data as Values[], ctx);
			issues.push(...list.issues);
			values[field.param] = list.items;
		} else values[field.param] = result.data;
	}
	return { values, issues };
}
