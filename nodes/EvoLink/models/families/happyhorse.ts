// HappyHorse.
import type { ModelDefinition } from '../define';

export const happyhorse: ModelDefinition[] = [];
