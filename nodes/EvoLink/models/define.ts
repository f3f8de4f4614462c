import type { INodeProperties } from 'n8n-workflow';

import type { Field, Values } from './fields';
import { fieldProperties, matches } from './fields';
import type { CheckContext, Issue } from './schema';
import { validateFields } from './schema';

/**
 * Everything the node knows about one EvoLink model. The panel, the validation
 * and the request body all come from this one description.
 */
export interface ModelDefinition {
	/** The API's `model` value. */
	id: string;
	displayName: string;
	description: string;
	/** In panel order. A field's `showWhen` may only refer to fields before it. */
	fields: Field[];
	/** Rules across fields; report each broken one with `fail`. */
	rules?: (values: Values, fail: (param: string, message: string) => void) => void;
	/** Body parts that are not one field to one path (e.g. lists). */
	body?: (values: Values, body: Record<string, unknown>) => void;
}

export function defineModel(model: ModelDefinition): ModelDefinition {
	return model;
}

/** The panel properties of a model, shown when it is selected in the given operation. */
export function modelProperties(model: ModelDefinition, operation: string): INodeProperties[] {
	const show = { operation: [operation], model: [model.id] };
	return model.fields.flatMap((field) => fieldProperties(field, show));
}

/** The fields shown for these (partly read) values, in panel order. */
export function visibleFields(model: ModelDefinition, values: Values): Field[] {
	return model.fields.filter((f) => matches(f.showWhen, values));
}

export function validateModel(
	model: ModelDefinition,
	raw: Values,
	ctx: CheckContext,
): { values: Values; issues: Issue[] } {
	const { values, issues } = validateFields(model.fields, raw, ctx);
	// Cross-field rules only make sense once every field is valid on its own.
	if (issues.length === 0) model.rules?.(values, (param, message) => issues.push({ param, message }));
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

/** The request body for validated values: every shown field with a value, nothing else. */
export function buildBody(model: ModelDefinition, values: Values): Record<string, unknown> {
	const body: Record<string, unknown> = { model: model.id };
	for (const field of visibleFields(model, values)) {
		const value = values[field.param];
		if (!field.api || value === undefined) continue;
		setPath(body, field.api, field.type === 'boolean' && field.toApi ? field.toApi(value as boolean) : value);
	}
	model.body?.(values, body);
	return body;
}
