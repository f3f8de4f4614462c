import { z } from 'zod';

import type { Field, Values } from './fields';
import { listAllowed, matches } from './fields';

/** What a check may need to know beyond the values, e.g. whether EvoLink's own rules apply. */
export interface CheckContext {
	/** The credential points at EvoLink's API (not a simulator or proxy). */
	officialApi: boolean;
}

export interface Issue {
	param: string;
	message: string;
}

// Expressions and AI tools often hand over "10", "true" or the API's own "on": accept the obvious spellings.
function coerceNumber(v: unknown) {
	return typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v;
}
function coerceBoolean(v: unknown) {
	if (v === 'true' || v === 'on') return true;
	return v === 'false' || v === 'off' ? false : v;
}
const shown = (v: unknown) => JSON.stringify(v) ?? String(v);

/** Allowed choices of an options field where they depend on earlier fields. */
interface Allowed {
	values: Array<string | number>;
	/** e.g. "at 480p" */
	label?: string;
}

/** The zod schema of one field's value, with messages that name the field, the value and what is allowed. */
export function fieldSchema(field: Field, ctx: CheckContext, allowed?: Allowed): z.ZodTypeAny {
	const name = field.displayName;
	switch (field.type) {
		case 'string': {
			const max = field.maxLength;
			return z
				.string({ errorMap: (_i, c) => ({ message: `${name} must be text, not ${shown(c.data)}` }) })
				.superRefine((value, c) => {
					if (max !== undefined && value.length > max)
						c.addIssue({ code: 'custom', message: `${name} has ${value.length} characters; the maximum is ${max}` });
					const problem = value !== '' ? field.check?.(value, ctx) : undefined;
					if (problem) c.addIssue({ code: 'custom', message: `${name}: ${problem}` });
				});
		}
		case 'number': {
			const range = `a whole number from ${field.min} to ${field.max}`;
			return z.preprocess(
				coerceNumber,
				z
					.number({ errorMap: (_i, c) => ({ message: `${name} must be ${range}, not ${shown(c.data)}` }) })
					.superRefine((value, c) => {
						if (!Number.isInteger(value) || value < field.min || value > field.max)
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
			const values = allowed?.values ?? field.options.map((o) => o.value);
			const problem = allowed?.label ? `is not available ${allowed.label}` : 'is not allowed';
			const errorMap: z.ZodErrorMap = (_i, c) => ({
				message: `${name} ${shown(c.data)} ${problem}; use ${listAllowed(values)}`,
			});
			const literals = values.map((v) => z.literal(v, { errorMap }));
			const schema =
				literals.length === 1
					? literals[0]
					: z.union(literals as unknown as [z.ZodLiteral<string>, z.ZodLiteral<string>], { errorMap });
			return values.every((v) => typeof v === 'number') ? z.preprocess(coerceNumber, schema) : schema;
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
function validateList(field: Field & { type: 'list' }, list: Values[], ctx: CheckContext) {
	const issues: Issue[] = [];
	if (list.length > field.maxItems)
		issues.push({ param: field.param, message: `${field.displayName}: ${list.length} given, at most ${field.maxItems} allowed` });
	const items = list.map((item, i) => {
		const result = validateFields(field.item.fields, item, ctx);
		const label = `${field.item.displayName} ${i + 1}`;
		issues.push(...result.issues.map((issue) => ({ param: field.param, message: `${label}: ${issue.message}` })));
		return result.values;
	});
	return { items, issues };
}

/**
 * Validates the values of the fields shown for these values. Returns the parsed
 * (coerced) values, or the issues, each naming the field and what is allowed.
 */
export function validateFields(
	fields: Field[],
	raw: Values,
	ctx: CheckContext,
): { values: Values; issues: Issue[] } {
	const values: Values = {};
	const issues: Issue[] = [];
	for (const field of fields) {
		if (!matches(field.showWhen, values)) continue;
		const input = raw[field.param];
		if (input === undefined || input === null || input === '') {
			if (field.required) issues.push({ param: field.param, message: `${field.displayName} is required` });
			continue;
		}
		const result = fieldSchema(field, ctx, allowedFor(field, values)).safeParse(input);
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
