/**
 * What the per-family model tests (models.*.test.ts) share: the node's model definitions, the
 * simulator's own validation (from the same catalogue, independent of the node), the panel
 * as n8n hands it over, and inputs.
 */
import type { ModelDefinition } from '../../nodes/EvoLink/models';
import { buildBody, findModel, validateModel } from '../../nodes/EvoLink/models';
import type { Values } from '../../nodes/EvoLink/models/fields';
import { MODEL_DEFAULT } from '../../nodes/EvoLink/models/panel';
import { load, path, REPO } from '../support/host';

export const { validateCreate } = load(path.join(REPO, 'test', 'simulator', 'models.js')) as {
	validateCreate(body: unknown, ctx: { allowInsecureCallbacks: boolean }): unknown;
};
export const CTX = { allowLocalCallbacks: false };
export const SIM = { allowInsecureCallbacks: false };

/** n URLs of one kind: https://example.com/<name>1.png, … (.mp4 for videos). */
export const urls = (kind: string, n: number, name = kind) => ({
	source: 'url',
	urls: Array.from({ length: n }, (_, i) => `https://example.com/${name}${i + 1}.${kind === 'video' ? 'mp4' : 'png'}`),
});
export const images = (n: number, name = 'image') => urls('image', n, name);
export const videos = (n: number) => urls('video', n);
export const binary = (n: number) => ({ source: 'binary', fields: Array.from({ length: n }, (_, i) => `data${i}`) });
export const x = (n: number) => 'x'.repeat(n);

export function model(id: string): ModelDefinition {
	const m = findModel(id);
	if (!m) throw new Error(`${id} is not offered`);
	return m;
}

/** What the panel hands over: every main setting at its default (an empty list as n8n gives it), then `input`. */
export const panel = (m: ModelDefinition, input: Values): Values => ({
	...Object.fromEntries(m.fields.flatMap((f) => (f.optional || f.type === 'media' ? [] : [[f.param, f.type === 'list' ? {} : f.default]]))),
	...input,
});

/** The node's verdict on `input` over the panel defaults: 'OK' or the messages. */
export function check(id: string, input: Values): 'OK' | string[] {
	const { issues } = validateModel(model(id), panel(model(id), input), CTX);
	return issues.length === 0 ? 'OK' : issues.map((i) => i.message);
}

export function body(id: string, input: Values, mediaUrls?: Record<string, string[]>): Record<string, unknown> {
	const m = model(id);
	const { values, issues } = validateModel(m, panel(m, input), CTX);
	expect(issues).toEqual([]);
	return buildBody(m, values, mediaUrls);
}

/** Only what is required. */
export function least(m: ModelDefinition): Values {
	const out: Values = { prompt: 'A red kite over green hills' };
	for (const f of m.fields) if (f.type === 'media' && f.required) out[f.param] = urls(f.kind, f.minItems ?? 1);
	return out;
}

/** Every field set: the last choice, the maximum, the other yes/no, the most files. */
export function most(m: ModelDefinition): Values {
	const out: Values = {};
	for (const f of m.fields) {
		if (f.type === 'string') out[f.param] = f.param === 'callbackUrl' ? 'https://example.com/hook' : 'A red kite over green hills';
		else if (f.type === 'options') out[f.param] = f.options.filter((o) => o.value !== MODEL_DEFAULT).pop()!.value;
		else if (f.type === 'number') out[f.param] = f.max;
		else if (f.type === 'boolean') out[f.param] = !f.default;
		else if (f.type === 'media') out[f.param] = urls(f.kind, f.maxItems);
	}
	return out;
}

/** The simulator's verdict on a body: 'accepted' or its message. */
export function simulate(b: unknown): string {
	try {
		validateCreate(b, SIM);
		return 'accepted';
	} catch (error) {
		return (error as Error).message;
	}
}

/** What the panel holds before the user changes anything: the main settings' defaults. */
export function panelDefaults(m: ModelDefinition): Values {
	const values: Values = {};
	for (const f of m.fields) if (!f.optional && f.type !== 'media' && f.type !== 'list' && f.default !== MODEL_DEFAULT) values[f.param] = f.default;
	return values;
}

/**
 * A rule table row. `simulatorToo: false`: the simulator cannot see the mistake, because the body
 * does not carry it (a single URL field sends the first URL only) or the catalogue sets no limit.
 */
export type Row = [label: string, input: Values, expected: 'OK' | string[], simulatorToo?: false];

/** Each row: the node's verdict on the input as given, and the simulator's on the body (validated values, or the raw ones when refused). */
export function table(id: string, rows: Row[]) {
	describe(id, () => {
		// A rest parameter: Jest would take a 4th named one, absent from most rows, for `done`.
		it.each(rows)('%s', (...[, input, expected, simulatorToo]: Row) => {
			const m = model(id);
			const { values, issues } = validateModel(m, input, CTX);
			expect(issues.length === 0 ? 'OK' : issues.map((i) => i.message)).toEqual(expected);
			if (expected === 'OK') expect(simulate(buildBody(m, values))).toBe('accepted');
			else if (simulatorToo !== false) expect(simulate(buildBody(m, input))).not.toBe('accepted');
		});
	});
}
