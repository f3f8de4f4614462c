import type { ModelDefinition } from './define';
import { klingV3TextToVideo } from './klingV3TextToVideo';
import { wan25TextToVideo } from './wan25TextToVideo';

/** Every model the node offers, in menu order. Adding a model: one file and one line here. */
export const MODELS: ModelDefinition[] = [wan25TextToVideo, klingV3TextToVideo];

export function findModel(id: string): ModelDefinition | undefined {
	return MODELS.find((m) => m.id === id);
}

export type { ModelDefinition } from './define';
export { buildBody, modelProperties, validateModel } from './define';
