// Wan 3.0 (and 3.0 Prime).
import type { ModelDefinition } from '../define';

export const wan3: ModelDefinition[] = [];
