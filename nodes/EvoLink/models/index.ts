import type { INodePropertyOptions } from 'n8n-workflow';

import type { ModelDefinition } from './define';
import { gemini } from './families/gemini';
import { grok } from './families/grok';
import { happyhorse } from './families/happyhorse';
import { klingMore } from './families/klingMore';
import { klingOmni } from './families/klingOmni';
import { minimax } from './families/minimax';
import { others } from './families/others';
import { seedance } from './families/seedance';
import { seedance25 } from './families/seedance25';
import { sora } from './families/sora';
import { veo } from './families/veo';
import { wan3 } from './families/wan3';
import { wanNext } from './families/wanNext';
import { kling } from './families/kling';
import { wan } from './families/wan';

/**
 * Every model the node offers. Adding a model: a definition in its family's file (which
 * lists it); a new family is one file and one line here.
 */
export const MODELS: ModelDefinition[] = [
	...wan,
	...wanNext,
	...wan3,
	...kling,
	...klingMore,
	...klingOmni,
	...seedance,
	...seedance25,
	...minimax,
	...veo,
	...sora,
	...gemini,
	...grok,
	...happyhorse,
	...others,
];

/** The model a new node starts with. */
export const DEFAULT_MODEL = 'wan2.5-text-to-video';

const byId = new Map(MODELS.map((m) => [m.id, m]));

export function findModel(id: string): ModelDefinition | undefined {
	return byId.get(id);
}

/**
 * The Model dropdown: "Family · Mode" names so that typing a family or a mode finds the
 * models (n8n searches option names), the id in each description, families in a-z order.
 */
export function modelOptions(): INodePropertyOptions[] {
	return [...MODELS]
		.sort((a, b) => a.family.localeCompare(b.family) || a.displayName.localeCompare(b.displayName, undefined, { numeric: true }))
		.map((m) => ({ name: `${m.displayName}`, value: m.id, description: `${m.description} (${m.id})` }));
}

export type { ModelDefinition } from './define';
export { buildBody, validateModel, visibleFields } from './define';
export { panelProperties } from './panel';
