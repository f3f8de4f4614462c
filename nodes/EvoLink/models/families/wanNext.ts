// Wan 2.6 and 2.7.
import type { ModelDefinition } from '../define';

export const wanNext: ModelDefinition[] = [];
