// The node as an AI agent's tool: what the model is told (the tool description) and what it
// may fill in (each main setting of the chosen model as a $fromAI() parameter with its type,
// allowed values and default). Made from the same model definitions as the panel.
import type { ModelDefinition } from './define';
import type { Field } from './fields';
import { listAllowed } from './fields';
import { MODEL_DEFAULT } from './panel';

/** $fromAI keys: letters, digits, _ and - (n8n's own limit). */
const key = (param: string) => param.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64);

function allowedValues(field: Field): Array<string | number | boolean> | undefined {
	if (field.type !== 'options') return undefined;
	const all = [...field.options, ...(field.variants ?? []).flatMap((v) => v.options)].map((o) => o.value).filter((v) => v !== MODEL_DEFAULT);
	return [...new Set(all)];
}

/** "multiShot true and shotType "customize"": when a field applies at all. */
function condition(field: Field): string {
	if (!field.showWhen) return '';
	return Object.entries(field.showWhen)
		.map(([k, v]) => `${k} ${listAllowed(v.map((x) => JSON.stringify(x)))}`)
		.join(' and ');
}

/** What happens when the agent leaves the field out, and when it applies at all. */
function leftOut(field: Field): string {
	const when = condition(field);
	if (field.apiDefault !== undefined) return `default ${JSON.stringify(field.apiDefault)}${when ? `; only used with ${when}` : ''}`;
	if (field.required) return when ? `required with ${when}, else leave it out` : 'required';
	// a setting the model decides when left out; an input is simply not given; a list, [] (see fromAi)
	const unset =
		field.type === 'options' || field.type === 'number' ? 'leave it out for the model default' : field.type === 'list' ? 'optional, [] for none' : 'optional';
	return `${unset}${when ? `; only used with ${when}` : ''}`;
}

/** One line an agent can act on: what the setting is, what it takes, what happens if left out. */
export function fieldHint(field: Field): string {
	const name = field.displayName.replace(/ \(Seconds\)$/, ' in seconds');
	const about = field.description ? ` ${/[.!?…)]$/.test(field.description) ? field.description : `${field.description}.`}` : '';
	switch (field.type) {
		case 'options': {
			const values = allowedValues(field)!;
			const depends = field.variants ? ` (${field.variants.map((v) => `${v.label}: ${listAllowed(v.options.map((o) => String(o.value)))}`).join('; ')})` : '';
			return `${name}: one of ${listAllowed(values.map((v) => JSON.stringify(v)))}${depends}; ${leftOut(field)}`;
		}
		case 'number':
			return `${name}: ${field.decimals ? 'a number' : 'a whole number'} from ${field.min} to ${field.max}; ${leftOut(field)}`;
		case 'boolean':
			return `${name}: true or false; ${leftOut(field)}.${about}`;
		case 'string': {
			const limit = field.maxLength && !/characters/.test(field.description ?? '') ? ` (at most ${field.maxLength} characters)` : '';
			return `${name}${limit}:${about}${textRule(field)}`;
		}
		case 'list':
			return `${name}: a JSON array of {${field.item.fields.map((f) => f.param).join(', ')}}, ${field.minItems ?? 0} to ${field.maxItems} entries; ${leftOut(field)}.${about}`;
		case 'media': {
			const what = field.single || field.maxItems === 1 ? 'a public URL' : `public URLs (up to ${field.maxItems}), one per line`;
			return `${name}: ${what} of the ${field.kind}; ${leftOut(field)}.${about}`;
		}
	}
}

/** Free text: " Required.", " Optional.", or nothing when its description says when it is required. */
function textRule(field: Field): string {
	const when = condition(field);
	const only = when ? ` Only used with ${when}.` : '';
	if (field.required) return when ? ` Required with ${when}, else leave it out.` : ' Required.';
	if (field.apiDefault !== undefined) return ` Default ${JSON.stringify(field.apiDefault)}.${only}`;
	return `${/\brequired\b/i.test(field.description ?? '') ? '' : ' Optional.'}${only}`;
}

/** The $fromAI() type of a field's value. */
function fromAiType(field: Field): 'string' | 'number' | 'boolean' | 'json' {
	if (field.type === 'number') return 'number';
	if (field.type === 'boolean') return 'boolean';
	if (field.type === 'list') return 'json';
	if (field.type === 'options') return allowedValues(field)!.every((v) => typeof v === 'number') ? 'number' : 'string';
	return 'string';
}

/**
 * Not needed on every call: a field that may be left out (no documented default, not
 * required) or applies only with another setting (e.g. Shot Type only with Multi-Shot).
 * n8n marks every $fromAI() key without a default as required in the tool's schema, and the
 * model would make up an aspect ratio, an audio URL or a shot type just to fill it; so such
 * a key gets "" as its default, which is "not set" to the node (models/schema.ts): a field
 * that is required where it applies is still reported missing there. Not possible for two
 * types, whose keys stay required (the hint says how to leave them out): a number ("" reads
 * as 0 to n8n's parser) and a json list (n8n's schema only takes a non-empty object or
 * array as its default; [] is what the model sends for none, as the panel's empty list).
 */
function mayBeLeftOut(field: Field): boolean {
	return field.apiDefault === undefined && (!field.required || field.showWhen !== undefined);
}

/** `={{ $fromAI("duration", "Duration in seconds: …", "number", 5) }}`: a default only where the docs give one ("" where it may be left out). */
export function fromAi(field: Field): string {
	const type = fromAiType(field);
	const args = [JSON.stringify(key(field.param)), JSON.stringify(fieldHint(field)), JSON.stringify(type)];
	const def = field.apiDefault;
	if (def !== undefined && (typeof def === 'string' || typeof def === 'number' || typeof def === 'boolean')) args.push(JSON.stringify(def));
	else if (mayBeLeftOut(field) && type === 'string') args.push('""');
	return `={{ $fromAI(${args.join(', ')}) }}`;
}

/** The main settings an agent fills in (the optional ones stay what the workflow's author set). */
export const agentFields = (model: ModelDefinition) => model.fields.filter((f) => !f.optional);

/** What the agent is told about Generate Video with this model. */
export function generateToolDescription(model: ModelDefinition, waitMinutes: number, catalogue?: { count: number; families: string[] }): string {
	const minutes = Math.max(1, Math.round((model.typicalSeconds ?? 180) / 60));
	return [
		`Generates one video (${model.mode.toLowerCase()}) with EvoLink's ${model.displayName} model (${model.id}): ${model.description}.`,
		'Each call starts one paid render (higher quality and longer videos cost more). Check the values before calling; a wrong value is refused with a message saying what to use.',
		'Parameters:',
		...agentFields(model).map((f) => `- ${key(f.param)}: ${fieldHint(f)}`),
		`Renders take about ${minutes} min. The tool waits up to ${waitMinutes} min and returns the task: id, status, videoUrl (valid 24 h), creditsReserved/creditsUsed.`,
		`If the render takes longer it returns the id with status "processing" and timedOut: true: check it later with the Get Task tool and that id.`,
		...(catalogue
			? [`This tool always uses ${model.id}. EvoLink has ${catalogue.count} video models in all (${catalogue.families.join(', ')}); each is its own EvoLink tool.`]
			: []),
	].join('\n');
}

export const GET_TASK_TOOL_DESCRIPTION = [
	'Gets EvoLink video tasks by ID (taskId: one ID like task-unified-…, or several separated by commas).',
	'Returns for each: id, status (pending, processing, completed, failed, cancelled), progress (0-100), videoUrl when completed (valid 24 h), error {code, message} when failed, and the credits charged.',
	'Use it to check a video that was still rendering when Generate Video returned.',
].join('\n');

export const GET_MANY_TASKS_TOOL_DESCRIPTION =
	'Lists the EvoLink account’s recent tasks, newest first (id, model, status, progress, created, creditsUsed), e.g. to find a task whose ID was lost.';

export const GET_CREDITS_TOOL_DESCRIPTION = 'Gets the EvoLink account’s credit balance (remainingCredits, usedCredits, remainingUsd) and that of the API key.';
