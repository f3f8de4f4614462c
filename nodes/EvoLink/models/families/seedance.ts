// Seedance 1.0, 1.5 and 2.0 (ByteDance).
import type { ModelDefinition } from '../define';

export const seedance: ModelDefinition[] = [];
