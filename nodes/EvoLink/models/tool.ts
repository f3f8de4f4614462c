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

/** One line an agent can act on: what the setting is, what it takes, what happens if left out. */
export function fieldHint(field: Field): string {
	const name = field.displayName.replace(/ \(Seconds\)$/, ' in seconds');
	const only = field.showWhen
		? ` Only with ${Object.entries(field.showWhen).map(([k, v]) => `${k} ${listAllowed(v.map((x) => JSON.stringify(x)))}`).join(' and ')}.`
		: '';
	const left = (field.apiDefault !== undefined ? `default ${JSON.stringify(field.apiDefault)}` : field.required ? 'required' : 'leave it out for the model default') + only;
	switch (field.type) {
		case 'options': {
			const values = allowedValues(field)!;
			const depends = field.variants ? ` (${field.variants.map((v) => `${v.label}: ${listAllowed(v.options.map((o) => String(o.value)))}`).join('; ')})` : '';
			return `${name}: one of ${listAllowed(values.map((v) => JSON.stringify(v)))}${depends}; ${left}`;
		}
		case 'number':
			return `${name}: ${field.decimals ? 'a number' : 'a whole number'} from ${field.min} to ${field.max}; ${left}`;
		case 'boolean':
			return `${name}: true or false; ${left}. ${field.description ?? ''}`.trim();
		case 'string': {
			const limit = field.maxLength && !/characters/.test(field.description ?? '') ? ` (at most ${field.maxLength} characters)` : '';
			return `${name}${limit}: ${field.description ?? ''}${field.required ? ' Required.' : ''}${only}`.trim();
		}
		case 'list':
			return `${name}: a JSON array of {${field.item.fields.map((f) => f.param).join(', ')}}, ${field.minItems ?? 0} to ${field.maxItems} entries. ${field.description ?? ''}`.trim();
		case 'media':
			return `${name}: ${field.single || field.maxItems === 1 ? 'a public URL' : `public URLs (up to ${field.maxItems}), one per line`} of the ${field.kind}${field.required ? ' (required)' : ''}. ${field.description ?? ''}`.trim();
	}
}

/** The $fromAI() type of a field's value. */
function fromAiType(field: Field): 'string' | 'number' | 'boolean' | 'json' {
	if (field.type === 'number') return 'number';
	if (field.type === 'boolean') return 'boolean';
	if (field.type === 'list') return 'json';
	if (field.type === 'options') return allowedValues(field)!.every((v) => typeof v === 'number') ? 'number' : 'string';
	return 'string';
}

/** `={{ $fromAI("duration", "Duration in seconds: …", "number", 5) }}`: a default only where the docs give one. */
export function fromAi(field: Field): string {
	const args = [JSON.stringify(key(field.param)), JSON.stringify(fieldHint(field)), JSON.stringify(fromAiType(field))];
	const def = field.apiDefault;
	if (def !== undefined && (typeof def === 'string' || typeof def === 'number' || typeof def === 'boolean')) args.push(JSON.stringify(def));
	return `={{ $fromAI(${args.join(', ')}) }}`;
}

/** The main settings an agent fills in (the optional ones stay what the workflow's author set). */
export const agentFields = (model: ModelDefinition) => model.fields.filter((f) => !f.optional);

/** What the agent is told about Generate Video with this model. */
export function generateToolDescription(model: ModelDefinition, waitMinutes: number): string {
	const minutes = Math.max(1, Math.round((model.typicalSeconds ?? 180) / 60));
	return [
		`Generates one video (${model.mode.toLowerCase()}) with EvoLink's ${model.displayName} model (${model.id}): ${model.description}.`,
		'Each call starts one paid render (higher quality and longer videos cost more). Check the values before calling; a wrong value is refused with a message saying what to use.',
		'Parameters:',
		...agentFields(model).map((f) => `- ${key(f.param)}: ${fieldHint(f)}`),
		`Renders take about ${minutes} min. The tool waits up to ${waitMinutes} min and returns the task: id, status, videoUrl (valid 24 h), creditsReserved/creditsUsed.`,
		`If the render takes longer it returns the id with status "processing" and timedOut: true: check it later with the Get Task tool and that id.`,
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
