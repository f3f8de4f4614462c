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

// Expressions and AI tools often hand over "10" or "true": accept the obvious spellings.
function coerceNumber(v: unknown) {
	return typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v;
}
function coerceBoolean(v: unknown) {
	return v === 'true' ? true : v === 'false' ? false : v;
}
const shown = (v: unknown) => JSON.stringify(v) ?? String(v);

/** The zod schema of one field's value, with messages that name the field and what is allowed. */
export function fieldSchema(field: Field, ctx: CheckContext): z.ZodTypeAny {
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
		case 'number':
			return z.preprocess(
				coerceNumber,
				z
					.number({ errorMap: (_i, c) => ({ message: `${name} must be a number, not ${shown(c.data)}` }) })
					.int({ message: `${name} must be a whole number of ${field.min} to ${field.max}` })
					.min(field.min, { message: `${name} must be ${field.min} to ${field.max}` })
					.max(field.max, { message: `${name} must be ${field.min} to ${field.max}` }),
			);
		case 'boolean':
			return z.preprocess(
				coerceBoolean,
				z.boolean({ errorMap: (_i, c) => ({ message: `${name} must be true or false, not ${shown(c.data)}` }) }),
			);
		case 'options': {
			const all = [
				...new Set([field.options, ...(field.variants ?? []).map((v) => v.options)].flat().map((o) => o.value)),
			];
			const errorMap: z.ZodErrorMap = (_i, c) => ({
				message: `${name} ${shown(c.data)} is not allowed; use ${listAllowed(all)}`,
			});
			const literals = all.map((v) => z.literal(v, { errorMap }));
			const schema =
				literals.length === 1
					? literals[0]
					: z.union(literals as unknown as [z.ZodLiteral<string>, z.ZodLiteral<string>], { errorMap });
			return all.every((v) => typeof v === 'number') ? z.preprocess(coerceNumber, schema) : schema;
		}
		case 'list': {
			const item = z.object(
				Object.fromEntries(field.item.fields.map((f) => [f.param, fieldSchema(f, ctx)])),
			);
			return z
				.object({ [field.item.name]: z.array(item).optional() }, { errorMap: () => ({ message: `${name} must be a list` }) })
				.transform((v) => (v[field.item.name] ?? []) as Values[])
				.refine((list) => list.length <= field.maxItems, {
					message: `${name}: at most ${field.maxItems} allowed`,
				});
		}
	}
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
		const result = fieldSchema(field, ctx).safeParse(input);
		if (!result.success) {
			issues.push(...result.error.issues.map((i) => ({ param: field.param, message: i.message })));
			continue;
		}
		values[field.param] = result.data;
		if (field.type === 'options' && field.variants) {
			const variant = field.variants.find((v) => matches(v.when, values));
			const allowed = variant?.options.map((o) => o.value);
			if (variant && allowed && !allowed.includes(result.data as string)) {
				issues.push({
					param: field.param,
					message: `${field.displayName} ${shown(result.data)} is not available ${variant.label}; use ${listAllowed(allowed)}`,
				});
			}
		}
	}
	return { values, issues };
}
