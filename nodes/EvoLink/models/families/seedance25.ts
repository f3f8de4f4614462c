// Seedance 2.5.
import type { ModelDefinition } from '../define';

export const seedance25: ModelDefinition[] = [];
