// xAI Grok Imagine.
import type { ModelDefinition } from '../define';

export const grok: ModelDefinition[] = [];
