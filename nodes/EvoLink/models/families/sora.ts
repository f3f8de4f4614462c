// OpenAI Sora 2.
import type { ModelDefinition } from '../define';

export const sora: ModelDefinition[] = [];
