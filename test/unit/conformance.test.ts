/**
 * Conformance: every model of EvoLink's catalogue (test/fixtures/evolink-video-models.json,
 * a copy of shared/evolink-video-models.json) is offered, and its panel has exactly the
 * catalogue's params with the same types, enums, ranges, lengths, item counts and defaults.
 * Differences are listed, each with its reason, in catalogue-exceptions.ts.
 */
import { MODELS, findModel } from '../../nodes/EvoLink/models';
import type { Field } from '../../nodes/EvoLink/models/fields';
import { MODEL_DEFAULT } from '../../nodes/EvoLink/models/panel';
import { fs, path, REPO } from '../support/host';
import { EXCEPTIONS, EXTRA_PARAMS } from './catalogue-exceptions';

interface Spec {
	type?: string;
	enum?: Array<string | number>;
	default?: unknown;
	minimum?: number;
	maximum?: number;
	maxLength?: number;
	minItems?: number;
	maxItems?: number;
	format?: string;
	items?: Spec;
	properties?: Record<string, Spec>;
}

const catalogue = JSON.parse(fs.readFileSync(path.join(REPO, 'test/fixtures/evolink-video-models.json'), 'utf8')) as {
	models: Record<string, { params: Record<string, Spec> }>;
};
const IDS = Object.keys(catalogue.models);

const isUri = (s: Spec) => s.format === 'uri';
const isList = (s: Spec) => s.type === 'array' && s.items?.type === 'object';

/** Catalogue leaves by dotted path: nested objects are walked, lists of objects kept whole. */
function leaves(params: Record<string, Spec>, prefix = ''): Array<[string, Spec]> {
	return Object.entries(params).flatMap(([name, spec]): Array<[string, Spec]> => {
		const p = `${prefix}${name}`;
		if (spec.type === 'object' && spec.properties) return leaves(spec.properties, `${p}.`);
		return [[p, spec]];
	});
}

/** What a field sends, as the catalogue would type it. */
function values(field: Field): Array<string | number | boolean> | undefined {
	if (field.type === 'options') {
		const all = [...field.options, ...(field.variants ?? []).flatMap((v) => v.options)].map((o) => o.value).filter((v) => v !== MODEL_DEFAULT);
		const mapped = field.toApi ? all.map((v) => field.toApi!(v as string | number) as string) : all;
		return [...new Set(mapped)];
	}
	if (field.type === 'boolean' && field.toApi) return [field.toApi(true), field.toApi(false)] as Array<string | number | boolean>;
	return undefined;
}

const sameSet = (a: unknown[], b: unknown[]) => a.length === b.length && a.every((v) => b.includes(v));

function compare(field: Field, spec: Spec): string[] {
	const problems: string[] = [];
	const want = (what: string, got: unknown, expected: unknown) => {
		if (JSON.stringify(got) !== JSON.stringify(expected)) problems.push(`${what}: panel ${JSON.stringify(got)}, catalogue ${JSON.stringify(expected)}`);
	};
	if (isUri(spec) || (spec.type === 'array' && spec.items && isUri(spec.items))) {
		if (field.type !== 'media') return [`type: panel ${field.type}, catalogue ${spec.type} of URLs (media)`];
		want('single URL', !!field.single, spec.type !== 'array');
		if (spec.type === 'array') {
			want('maxItems', field.maxItems, spec.maxItems ?? field.maxItems);
			if (spec.minItems !== undefined) want('minItems', field.minItems ?? 1, spec.minItems);
		}
		return problems;
	}
	if (isList(spec)) {
		if (field.type !== 'list') return [`type: panel ${field.type}, catalogue list of objects`];
		if (spec.maxItems !== undefined) want('maxItems', field.maxItems, spec.maxItems);
		if (spec.minItems !== undefined) want('minItems', field.minItems ?? 0, spec.minItems);
		const props = spec.items?.properties ?? {};
		const sent = [...field.item.fields.map((f) => f.api), field.indexKey].filter(Boolean).sort();
		want('list entry keys', sent, Object.keys(props).sort());
		for (const f of field.item.fields) if (f.api && props[f.api]) problems.push(...compare(f, props[f.api]).map((p) => `${f.api}: ${p}`));
		return problems;
	}
	const enumValues = values(field);
	if (spec.enum) {
		if (!enumValues) return [`type: panel ${field.type}, catalogue enum ${JSON.stringify(spec.enum)}`];
		if (!sameSet(enumValues, spec.enum)) want('enum', enumValues, spec.enum);
	} else if (enumValues && field.type === 'options') problems.push(`enum: panel offers ${JSON.stringify(enumValues)}, catalogue has no enum`);
	if (!spec.enum) {
		const kinds: Record<string, string[]> = { string: ['string'], integer: ['number'], number: ['number'], boolean: ['boolean'], 'integer|string': ['options', 'number', 'string'] };
		// A number the API wants as text (e.g. Kling's shot seconds) is a number field with toApi.
		const spelled = field.type === 'number' && field.toApi && spec.type === 'string';
		if (spec.type && kinds[spec.type] && !kinds[spec.type].includes(field.type) && !spelled) problems.push(`type: panel ${field.type}, catalogue ${spec.type}`);
	}
	if (field.type === 'number') {
		if (spec.type === 'integer' && field.decimals) problems.push('type: panel allows decimals, catalogue integer');
		if (spec.minimum !== undefined) want('minimum', field.min, spec.minimum);
		if (spec.maximum !== undefined) want('maximum', field.max, spec.maximum);
	}
	if (field.type === 'string' && spec.maxLength !== undefined) want('maxLength', field.maxLength, spec.maxLength);
	// Defaults: the documented one is the panel's too; without one nothing is sent unasked.
	const apiDefault = field.type === 'boolean' && field.toApi && field.apiDefault !== undefined ? field.toApi(field.apiDefault as boolean) : field.apiDefault;
	want('documented default', apiDefault, spec.default);
	if (spec.default !== undefined && !field.optional) {
		const panelDefault = field.type === 'boolean' && field.toApi ? field.toApi(field.default) : field.default;
		want('panel default', panelDefault, spec.default);
	}
	if (spec.default === undefined && field.type === 'options' && !field.optional && !field.required && field.default !== MODEL_DEFAULT)
		problems.push(`panel default ${JSON.stringify(field.default)} is sent unasked, but the catalogue documents no default`);
	return problems;
}

function conformance(id: string): string[] {
	const model = findModel(id);
	if (!model) return ['not offered'];
	const exceptions = (p: string) => EXCEPTIONS[`${id} ${p}`];
	const byApi = new Map(model.fields.filter((f) => f.api).map((f) => [f.api!, f]));
	const problems: string[] = [];
	for (const [p, spec] of leaves(catalogue.models[id].params)) {
		const field = byApi.get(p);
		if (exceptions(p)) continue;
		if (!field) problems.push(`${p}: not in the panel`);
		else problems.push(...compare(field, spec).map((x) => `${p}: ${x}`));
	}
	const known = new Set(leaves(catalogue.models[id].params).map(([p]) => p));
	for (const api of byApi.keys()) if (!known.has(api) && !EXTRA_PARAMS[api] && !exceptions(api)) problems.push(`${api}: sent, but not in the catalogue`);
	return problems;
}

describe('conformance with the catalogue', () => {
	it('offers every catalogue model, and no other', () => {
		expect(MODELS.map((m) => m.id).sort()).toEqual([...IDS].sort());
	});

	it.each(IDS)('%s: the panel has exactly the catalogue params', (id) => {
		expect(conformance(id)).toEqual([]);
	});

	it('lists no exception for a param the catalogue does not have', () => {
		const stale = Object.keys(EXCEPTIONS).filter((key) => {
			const [id, p] = key.split(' ');
			return !catalogue.models[id] || !leaves(catalogue.models[id].params).some(([q]) => q === p);
		});
		expect(stale).toEqual([]);
	});

	it('the fixture is the shared catalogue (when shared/ is there)', () => {
		const shared = path.join(REPO, '..', 'shared', 'evolink-video-models.json');
		if (!fs.existsSync(shared)) return;
		expect(fs.readFileSync(path.join(REPO, 'test/fixtures/evolink-video-models.json'), 'utf8')).toBe(fs.readFileSync(shared, 'utf8'));
	});
});
